"""The full refresh: every verdict, flag and dispatch group recomputed from every stored claim.

It does not hold the documents' whole records (their attributions and entity mentions were most
of 14.6 GB at 100,000 documents): dispatch groups are computed from the texts alone, verdicts from
the claims alone (`incremental.light_documents`), and indexes and flags a part of whole documents
at a time (`incremental.WHOLE`), each part flagged against the claims of all the others as a full
computation over every document flags it (`query.flagging`). The texts (for dispatch groups) and
the claims (for verdicts) are still held whole. Everything is computed before the first write, so
that SQLite's one writer is held only while the tables are written and the parts flagged; it runs
in one transaction: readers read the last tables until it commits.
"""

from __future__ import annotations

from sqlalchemy import delete, select, true
from sqlalchemy.orm import Session

from claimscope.claims.garbled import Meant
from claimscope.entities.kb import KnowledgeBase
from claimscope.query import incremental
from claimscope.query.flagging import part_flags
from claimscope.query.incremental import light_documents, new_documents
from claimscope.query.map_days import keep_map_days
from claimscope.query.object_counts import write_objects
from claimscope.query.speaker_counts import write_speakers
from claimscope.query.tables import (
    Pending,
    chunks,
    insert_rows,
    taken_in,
    write_flags,
    write_indexes,
    write_propositions,
)
from claimscope.records import AnalysedDocument, Document
from claimscope.store.models import (
    ClaimNameRow,
    ClaimQuoteRow,
    DocumentBandRow,
    DocumentGroupRow,
    DocumentRow,
    DocumentShinglesRow,
    FlagRow,
    MapDayRow,
    PropositionRow,
    PropositionStanceRow,
    ReplacedRow,
)

DERIVED = (
    MapDayRow,  # before the propositions: PostgreSQL would delete them row by row in their cascade
    PropositionStanceRow,
    PropositionRow,
    ReplacedRow,
    FlagRow,
    DocumentGroupRow,
    ClaimNameRow,
    ClaimQuoteRow,
    DocumentBandRow,
    DocumentShinglesRow,
)


def rebuild(session: Session, kb: KnowledgeBase, pending: Pending) -> None:
    """Every table derived from the documents written afresh, in the caller's transaction, from
    the documents with claims stored when it starts (one stored meanwhile waits for the next
    refresh); the speakers and relations' objects counted from those taken in before and the
    ``pending`` ones."""
    from claimscope.claims.independence import independence
    from claimscope.claims.verdicts import verdicts

    ids = with_claims(session)
    known = independence(texts(session, ids))
    light, claim_ids = light_documents(session, true(), set(ids))
    found = verdicts(list(light.values()), kb, known)
    for table in DERIVED:  # the first write: SQLite's writer is held from here to the commit
        session.execute(delete(table))
    write_speakers(session, taken_in(session, pending))
    for part in chunks(ids, incremental.WHOLE):
        write_indexes(session, *new_documents(session, part))
    groups = [
        {"document_id": doc, "dispatch": dispatch, "source_group": known.source.get(doc, doc)}
        for doc, dispatch in known.dispatch.items()
    ]
    insert_rows(session, DocumentGroupRow, groups, 5000)
    write_objects(session, kb, taken_in(session, pending))
    write_propositions(session, found, claim_ids, known.source)
    keep_map_days(session, None)
    searched: Meant = {}
    for part in chunks(ids, incremental.WHOLE):
        write_flags(session, part_flags(session, kb, known, found, light, new_documents(session, part)[0], searched))


def with_claims(session: Session) -> list[str]:
    """The documents with claims, in storing order (the others feed no verdict nor flag, and
    are in no dispatch group)."""
    query = select(DocumentRow.id).where(DocumentRow.claims.any())
    return list(session.scalars(query.order_by(DocumentRow.ingested_at, DocumentRow.id)))


def texts(session: Session, ids: list[str]) -> list[AnalysedDocument]:
    """These documents with their texts, site and language only (what dispatch groups are made of)."""
    found: dict[str, AnalysedDocument] = {}
    for part in chunks(ids):
        for doc_id, source, text, site, language in session.execute(
            select(DocumentRow.id, DocumentRow.source, DocumentRow.text, DocumentRow.site, DocumentRow.language).where(
                DocumentRow.id.in_(part)
            )
        ):
            found[doc_id] = AnalysedDocument(Document(doc_id, source, text, site=site, language=language))
    return [found[doc_id] for doc_id in ids if doc_id in found]
