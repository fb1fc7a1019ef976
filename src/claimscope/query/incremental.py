"""The end-of-batch refresh that recomputes only what new documents touch.

Each new (or replaced) document joins its dispatch group and source (`query.grouping`). Then the
propositions its claims feed, those whose stances it had before a replacement, and those whose
stances changed source are recomputed from their claims alone (no text is read); meetings, which a
report joins across keys, are recomputed together whenever a new report tells one. Its flags are
computed against the claims of the propositions it feeds and of the people it gives a relation or
role; its quotes are looked up in the store's index of quotes (`_quoted`). What a refresh does
not revisit: rewrites and translations of a dispatch (they need the
whole collection's word frequencies), the flags of documents stored before, and a group a
replaced document bridged (what is left of it stays one group, named and counted anew); a full
refresh (`refresh(store, full=True)`, or any batch of FULL_SHARE of the store) does all three.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from datetime import datetime
from itertools import chain
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, tuple_
from sqlalchemy.orm import Session

from claimscope.claims.independence import Independence
from claimscope.claims.verdicts import Verdict
from claimscope.entities.kb import KnowledgeBase
from claimscope.query.grouping import group, groups, pids, taken_replaced, unindexed
from claimscope.query.meetings import meeting_claims
from claimscope.query.tables import (
    EVIDENCE_KEPT,
    GROUPED_TYPES,
    ClaimIds,
    chunks,
    identity,
    one_of,
    pid,
    replace_propositions,
    write_flags,
    write_indexes,
    write_speakers,
)
from claimscope.records import (
    AnalysedDocument,
    Claim,
    ClaimType,
    Document,
    EntityMention,
    Evidence,
    Flag,
    Span,
)
from claimscope.store.convert import ClaimReader, analysed_documents
from claimscope.store.models import (
    AttributionRow,
    ClaimQuoteRow,
    ClaimRow,
    DocumentGroupRow,
    DocumentRow,
    EntityRow,
    MentionRow,
    PropositionRow,
    PropositionStanceRow,
)

CHECKED = ("relation", "role")  # what flags compare across articles by person and relation
NEIGHBOURS = 200  # articles read at a time for a garbled date's evidence
FEW_NAMED = 2000  # articles naming someone, under which they are read by name rather than in storing order
WHOLE = 5000  # new documents read whole at a time (text, attributions, entities, claims)


def refresh_touched(session: Session, kb: KnowledgeBase, pending: list[str]) -> None:
    """Recompute what the ``pending`` documents touch, in the caller's transaction. The new
    documents are read whole WHOLE at a time, to index and group them, then again to flag them
    (but for the last part, kept): a refresh holds their claims and ids, not their texts,
    whatever their number (a quote given to two speakers is looked up in the index of quotes,
    which holds every part's)."""
    from claimscope.claims.verdicts import verdicts

    replaced, quoted = taken_replaced(session, pending)  # what documents analysed again said before
    stale = unindexed(session, pending) | replaced  # propositions to recompute for other reasons than new claims
    ids = _with_claims(session, pending)
    keys: set[str] = set()  # non-meeting propositions the new claims feed
    reported: set[int] = set()  # meeting claims to regroup
    checked: set[tuple[str, ...]] = set()  # (type, person, relation) the new claims give
    parts = list(chunks(ids, WHOLE))
    last: list[AnalysedDocument] = []  # the part read last, kept for its flags (the only one, mostly)
    for part in parts:
        new, by_document = new_documents(session, part)
        last = new
        stale |= group(session, new, write_indexes(session, new, by_document))
        for analysed in new:
            for claim, row_id in zip(analysed.claims, by_document[analysed.document.id], strict=True):
                if _meeting(claim.key):
                    reported.add(row_id)
                elif claim.type.value in GROUPED_TYPES:
                    keys.add(claim.key)
                if claim.type.value in CHECKED:
                    checked.add(tuple(claim.key.split("|")[:3]))
                    checked |= _said_otherwise(claim, kb)
    for batch in chunks(stale):
        keys |= {k for k in session.scalars(select(PropositionRow.key).where(PropositionRow.pid.in_(batch)))}
        reported |= set(
            session.scalars(
                select(PropositionStanceRow.claim_id)
                .join(PropositionRow, PropositionRow.pid == PropositionStanceRow.pid)
                .where(PropositionStanceRow.pid.in_(batch), PropositionRow.type == ClaimType.MEETING.value)
            )
        )
    keys = {k for k in keys if not _meeting(k)}
    light, claim_ids, met, told = _claims(session, keys, reported, checked, pending)
    keys |= told  # an undated article's other propositions: a new report may move its estimated day
    known = groups(session, [*light, *ids])
    independence = Independence(known[0], known[1])
    found = [v for v in verdicts(list(light.values()), kb, independence) if v.key in keys or _meeting(v.key)]
    gone = {pid(k) for k in keys} | {pid(v.key) for v in found} | stale
    gone |= pids(session, PropositionStanceRow.claim_id, met)  # the meetings they were in
    replace_propositions(session, gone, found, claim_ids, independence.source)
    for part in reversed(parts):  # the part still held first, then each read again
        new, last = last or new_documents(session, part)[0], []
        write_flags(session, part_flags(session, kb, independence, found, light, new))
    write_speakers(session, _speakers(session, ids) | quoted)


def part_flags(
    session: Session,
    kb: KnowledgeBase,
    independence: Independence,
    found: list[Verdict],
    light: dict[str, AnalysedDocument],
    new: list[AnalysedDocument],
) -> list[Flag]:
    """The flags of the ``new`` documents (read whole), with the claims of the ``light`` ones
    (their documents in storing order) as evidence, the quotes and garbled dates looked up in the
    store's indexes: what a full computation over every document gives them."""
    from claimscope.claims.flags import corpus_flags

    whole = {analysed.document.id: analysed for analysed in new}
    # in storing order, as a full refresh lists them: a tie, and which statements a flag keeps as
    # evidence, then come out the same
    listed = [whole.get(doc_id, analysed) for doc_id, analysed in light.items()]
    listed += [analysed for doc_id, analysed in whole.items() if doc_id not in light]
    flags = [f for f in corpus_flags(listed, kb, independence, found, whole, indexed=True) if f.document in whole]
    return flags + _garbled(session, new) + _quoted(session, new)


def _said_otherwise(claim: Claim, kb: KnowledgeBase) -> set[tuple[str, ...]]:
    """The (type, person, relation) under which the knowledge base says what ``claim`` contradicts
    ("envoy of" for an "ambassador of"): the articles saying so are its flag's evidence."""
    from claimscope.claims.knowledge import kb_conflict

    conflict = kb_conflict(claim, kb)
    if conflict is None:
        return set()
    return {(kind, fact.subject, fact.relation) for fact in conflict.facts for kind in CHECKED}


def _quoted(session: Session, new: list[AnalysedDocument]) -> list[Flag]:
    """Quotes of new documents that other sources give to another speaker, among every indexed
    article (those stored before and the other new ones): each quote's speakers and their sources
    are counted in the index, and the majority's first statements read as evidence, in storing
    order as a full refresh lists them (a much-quoted remark is told by thousands of articles)."""
    from claimscope.claims.quotes import quote_flag, quote_key, quote_majority, quotes_in

    said = quotes_in(new, quote_key)
    speakers: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for batch in chunks(sorted(said)):
        for quote, speaker, source in session.execute(
            select(ClaimQuoteRow.quote, ClaimRow.source_name, DocumentGroupRow.source_group)
            .join(ClaimRow, ClaimRow.id == ClaimQuoteRow.claim_id)
            .join(DocumentGroupRow, DocumentGroupRow.document_id == ClaimQuoteRow.document_id)
            .where(ClaimQuoteRow.quote.in_(batch))
            .distinct()
        ):
            speakers[quote][speaker].add(source)
    flags = []
    for quote, claims in said.items():
        majority = quote_majority(speakers[quote])
        minority = [(analysed, claim) for analysed, claim in claims if claim.source.name != majority]
        if majority is None or not minority:
            continue
        by_majority = (ClaimQuoteRow.quote == quote, ClaimRow.source_name == majority)
        total = session.scalar(
            select(func.count())
            .select_from(ClaimQuoteRow)
            .join(ClaimRow, ClaimRow.id == ClaimQuoteRow.claim_id)
            .where(*by_majority)
        )
        evidence = [
            Evidence(document, majority, text)
            for document, text in session.execute(
                select(ClaimRow.document_id, ClaimRow.evidence)
                .join(ClaimQuoteRow, ClaimQuoteRow.claim_id == ClaimRow.id)
                .join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
                .where(*by_majority)
                .order_by(DocumentRow.ingested_at, DocumentRow.id, ClaimRow.start, ClaimRow.id)
                .limit(EVIDENCE_KEPT)
            )
        ]
        flags += [quote_flag(a, c, majority, evidence, (total or 0) - len(evidence)) for a, c in minority]
    return flags


def _garbled(session: Session, new: list[AnalysedDocument]) -> list[Flag]:
    """Garbled-date flags of new documents, with the real dates of the stored articles naming the
    same people and writing the same day number: read in the order a full refresh reads them,
    only until enough are found, and only what the search reads (text, names, source group)."""
    from claimscope.claims.garbled import document_garbled_flags, garbled_dates

    flags = []
    for analysed in new:
        doc = analysed.document
        garbled = garbled_dates(doc.text, doc.published)
        if not garbled:
            continue
        names = {e.name for e in analysed.entities}
        sources = groups(session, [doc.id])[1]
        numbers = sorted({str(g.day) for g in garbled})
        candidates = _candidates(session, names, numbers)
        others = _Lazy(_named_articles(session, candidates, sources))
        flags += document_garbled_flags(analysed, others, sources)
    return flags


def _candidates(session: Session, names: set[str], numbers: list[str]) -> Iterator[Any]:
    """Stored articles naming one of ``names`` and writing one of ``numbers``, in the order a full
    refresh reads them: NEIGHBOURS at a time, each page a range of the documents' storing order
    (the search stops early; one query sorting every match of a much-named person took seconds a
    garbled date at 100,000 documents)."""
    naming = select(MentionRow.document_id).join(EntityRow, EntityRow.id == MentionRow.entity_id)
    naming = naming.where(EntityRow.name.in_(names))
    named: ColumnElement[bool] = DocumentRow.id.in_(naming)  # the few articles naming them, sorted
    if (session.scalar(select(func.count()).select_from(naming.limit(FEW_NAMED).subquery())) or 0) >= FEW_NAMED:
        named = naming.where(MentionRow.document_id == DocumentRow.id).exists()  # the store in storing order
    query = (
        select(DocumentRow.id, DocumentRow.source, DocumentRow.text, DocumentRow.site, DocumentRow.published)
        .add_columns(DocumentGroupRow.source_group, DocumentRow.ingested_at)
        .join(DocumentGroupRow, DocumentGroupRow.document_id == DocumentRow.id)
        .where(named, or_(*(DocumentRow.text.contains(n) for n in numbers)))
        .order_by(DocumentRow.ingested_at, DocumentRow.id)
        .limit(NEIGHBOURS)
    )
    page = session.execute(query).all()
    while page:
        yield from (row[:-1] for row in page)
        if len(page) < NEIGHBOURS:
            return
        last = page[-1]
        after = tuple_(DocumentRow.ingested_at, DocumentRow.id) > tuple_(last.ingested_at, last.id)
        page = session.execute(query.where(after)).all()


def _named_articles(session: Session, rows: Iterable[Any], sources: dict[str, str]) -> Iterator[AnalysedDocument]:
    """Articles with their entities' names only, a batch at a time; their source groups noted."""
    batch: list[Any] = []
    for row in chain(rows, [None]):
        if row is not None:
            batch.append(row)
        if batch and (row is None or len(batch) == NEIGHBOURS):
            named: dict[str, list[EntityMention]] = defaultdict(list)
            for doc_id, name in session.execute(
                select(MentionRow.document_id, EntityRow.name)
                .join(EntityRow, EntityRow.id == MentionRow.entity_id)
                .where(MentionRow.document_id.in_([r[0] for r in batch]), MentionRow.label != "SPEAKER")
            ):
                named[doc_id].append(EntityMention(Span(0, 0), name, "", name))
            for doc_id, source, text, site, published, group in batch:
                sources[doc_id] = group
                yield AnalysedDocument(
                    Document(doc_id, source, text, site=site, published=published), entities=named[doc_id]
                )
            batch = []


class _Lazy(Iterable[AnalysedDocument]):
    """Articles read from the database as they are asked for, and kept for the next reader."""

    def __init__(self, source: Iterator[AnalysedDocument]) -> None:
        self.source = source
        self.read: list[AnalysedDocument] = []

    def __iter__(self) -> Iterator[AnalysedDocument]:
        yield from self.read
        for item in self.source:
            self.read.append(item)
            yield item


def _meeting(key: str) -> bool:
    return key.startswith("meeting|")


def _with_claims(session: Session, pending: list[str]) -> list[str]:
    """The pending documents with claims (the others feed no verdict nor flag, and are in no
    dispatch group: a full refresh groups documents with claims only)."""
    found: list[tuple[datetime, str]] = []
    for batch in chunks(pending):
        query = select(DocumentRow.ingested_at, DocumentRow.id).where(DocumentRow.id.in_(batch))
        found += [(ingested, doc_id) for ingested, doc_id in session.execute(query.where(DocumentRow.claims.any()))]
    return [doc_id for _, doc_id in sorted(found)]  # in storing order, as a full refresh reads them


def new_documents(session: Session, ids: list[str]) -> tuple[list[AnalysedDocument], dict[str, list[int]]]:
    """These documents whole (their flags read their text and attributions), with their claims' row ids."""
    new, by_document = [], {}
    for analysed, row_ids in analysed_documents(session, ids):
        new.append(analysed)
        by_document[analysed.document.id] = row_ids
    return new, by_document


def _conditions(
    session: Session, keys: set[str], meetings: set[int], checked: set[tuple[str, ...]]
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [one_of(session, ClaimRow.key, keys)] if keys else []
    conditions += [one_of(session, ClaimRow.id, meetings)] if meetings else []
    for prefix in checked:  # "role|Steve Witkoff|envoy of|…": every object, through the key's index
        start = "|".join(prefix) + "|"
        conditions.append(and_(ClaimRow.key >= start, ClaimRow.key < start + "\U0010ffff"))
    return conditions


def _claims(
    session: Session, keys: set[str], reported: set[int], checked: set[tuple[str, ...]], pending: list[str]
) -> tuple[dict[str, AnalysedDocument], ClaimIds, set[int], set[str]]:
    """The claims of these propositions, of the meetings these reports may change
    (`query.meetings`) and of the people given these relations or roles, grouped in their
    documents (no text, no attributions); the ids of the meeting claims read; and the other
    propositions of undated documents. An undated document's claims elsewhere are dated by the
    latest event it reports, as the other sources of each of its propositions date it: those
    propositions' claims (and meetings) are read too, until they bring no other undated document,
    and recomputed (a new report may move the document's estimated day).
    Only documents taken in before or by this refresh (``pending``) are read: on PostgreSQL an
    ingest beside it commits documents that the next refresh groups and takes in."""
    taken = or_(DocumentRow.materialised.is_(True), one_of(session, DocumentRow.id, pending))
    reported = set(reported)
    met = meeting_claims(session, reported) if reported else set()
    told: set[str] = set()
    conditions = _conditions(session, keys, met, checked)
    if not conditions:
        return {}, defaultdict(list), met, told
    seen: set[str] = set()  # undated documents whose other claims are read
    while True:  # until no proposition or meeting read brings another undated document
        matching = select(ClaimRow.document_id).join(DocumentRow).where(or_(*conditions), taken).distinct()
        undated = set(session.scalars(matching.where(DocumentRow.published.is_(None)))) - seen
        if not undated:
            break
        seen |= undated
        for batch in chunks(sorted(undated)):
            for claim_id, key in session.execute(
                select(ClaimRow.id, ClaimRow.key).where(
                    ClaimRow.document_id.in_(batch), ClaimRow.type.in_(GROUPED_TYPES)
                )
            ):
                if not _meeting(key):
                    told.add(key)
                elif claim_id not in met:
                    reported.add(claim_id)
        if not reported <= met:
            met = meeting_claims(session, reported | met)
        conditions = _conditions(session, keys | told, met, checked)
    documents, claim_ids = light_documents(session, and_(or_(*conditions), taken))
    return documents, claim_ids, met, told


def light_documents(
    session: Session, where: ColumnElement[bool], kept: Collection[str] | None = None
) -> tuple[dict[str, AnalysedDocument], ClaimIds]:
    """The claims ``where`` says (of the documents ``kept``, if given) in their documents, in
    storing order, without text or attributions (what verdicts read), and their row ids."""
    documents: dict[str, AnalysedDocument] = {}
    claim_ids: ClaimIds = defaultdict(list)
    reader = ClaimReader()
    query = (
        select(*reader.columns())
        .add_columns(DocumentRow.source, DocumentRow.site, DocumentRow.published)
        .join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
        .where(where)
        .order_by(DocumentRow.ingested_at, DocumentRow.id, ClaimRow.start, ClaimRow.id)  # as a full refresh reads
    )
    for row in session.execute(query):  # columns, not ORM objects: thousands of claims for a much-told key
        if kept is not None and row.document_id not in kept:
            continue
        doc = documents.get(row.document_id)
        if doc is None:
            doc = documents[row.document_id] = AnalysedDocument(
                Document(row.document_id, row.source, "", site=row.site, published=row.published)
            )
        claim = reader(row)
        doc.claims.append(claim)
        claim_ids[identity(row.document_id, claim)].append(row.id)
    return documents, claim_ids


def _speakers(session: Session, ids: list[str]) -> set[str]:
    """The resolved speakers the new documents quote."""
    found: set[str] = set()
    for batch in chunks(ids):
        found |= set(
            session.scalars(
                select(EntityRow.name)
                .join(MentionRow, MentionRow.entity_id == EntityRow.id)
                .join(AttributionRow, AttributionRow.speaker_mention_id == MentionRow.id)
                .where(AttributionRow.document_id.in_(batch))
                .distinct()
            )
        )
    return found
