"""The end-of-batch refresh that recomputes only what new documents touch.

Each new (or replaced) document joins its dispatch group and source (`query.grouping`). Then the
propositions its claims feed, those whose stances it had before a replacement, and those whose
stances changed source are recomputed from their claims alone (no text is read), or, when told by
many, summed from their stored stances with the new ones (`query.summaries`); meetings, which a
report joins across keys, are recomputed together whenever a new report tells one. Its flags are
computed against the claims of the propositions it feeds and of the people it gives a relation or
role (only the statements a flag may cite, its objects' sources and the statements the knowledge
base allows counted in the store: `query.object_counts`); its quotes are looked up in the store's
index of quotes (`query.flagging`). What a refresh does not revisit: rewrites and translations of
a dispatch (they need the whole collection's word frequencies), the flags of documents stored
before, and a group a replaced document bridged (what is left of it stays one group, named and
counted anew); a full refresh (`refresh(store, full=True)`, or any batch of FULL_SHARE of the
store) does all three.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection
from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from claimscope.claims.datelines import dateline
from claimscope.claims.garbled import Meant
from claimscope.claims.independence import Independence
from claimscope.claims.knowledge import CHECKED, kb_conflict
from claimscope.entities.kb import KnowledgeBase
from claimscope.query.evidence import Prefix, Relation, prefixed
from claimscope.query.flagging import part_flags
from claimscope.query.grouping import group, groups, pids, taken_replaced, unindexed
from claimscope.query.map_days import keep_map_days
from claimscope.query.meetings import Regrouped, meeting_claims
from claimscope.query.object_counts import Kept, allowed_picked, count_objects, counted_objects
from claimscope.query.speaker_counts import count_speakers
from claimscope.query.summaries import New, appendable, worded, write_summed
from claimscope.query.tables import (
    GROUPED_TYPES,
    ClaimIds,
    Pending,
    chunks,
    identity,
    listed,
    one_of,
    pid,
    replace_propositions,
    taken_in,
    write_flags,
    write_indexes,
)
from claimscope.records import (
    AnalysedDocument,
    Claim,
    ClaimType,
    Document,
    StanceRow,
)
from claimscope.store.convert import ClaimReader, analysed_documents
from claimscope.store.models import (
    ClaimRow,
    DocumentRow,
    PropositionRow,
    PropositionStanceRow,
)
from claimscope.store.replaced import EVERY

WHOLE = 5000  # new documents read whole at a time (text, attributions, entities, claims)


def refresh_touched(session: Session, kb: KnowledgeBase, taking: Pending) -> None:
    """Recompute what the ``taking`` documents touch (as listed: `tables.listed`), in the caller's
    transaction. The new documents are read whole WHOLE at a time, to index and group them, then
    again to flag them (but for the last part, kept): a refresh holds their claims and ids, not
    their texts, whatever their number (a quote given to two speakers is looked up in the index of
    quotes, which holds every part's)."""
    from claimscope.claims.verdicts import verdicts

    # what documents analysed again said before; ``retold``: the meeting keys whose reports changed
    # (those replaced documents' reports had, and the new reports' below)
    pending = list(taking)
    replaced, quoted, retold, asserted = taken_replaced(session, pending)
    stale = unindexed(session, pending) | replaced  # propositions to recompute for other reasons than new claims
    renamed: set[str] = set()  # propositions with stances of documents counted as another source now
    ids = _with_claims(session, pending)
    keys: set[str] = set()  # non-meeting propositions the new claims feed
    reported: set[int] = set()  # meeting claims to regroup
    told_of: set[Relation] = set()  # (person, relation) the new claims give
    supported: set[tuple[str, ...]] = set()  # (type, person, relation) the knowledge base says otherwise of
    told: dict[str, list[New]] = defaultdict(list)  # the new statements of each of those propositions
    datelined: set[str] = set()  # new documents opening with a dateline (`claims.datelines`)
    parts = list(chunks(ids, WHOLE))
    last: list[AnalysedDocument] = []  # the part read last, kept for its flags (the only one, mostly)
    for part in parts:
        new, by_document = new_documents(session, part)
        last = new
        renamed |= group(session, new, write_indexes(session, new, by_document))
        datelined |= {a.document.id for a in new if dateline(a.document.text)}
        for analysed in new:
            for claim, row_id in zip(analysed.claims, by_document[analysed.document.id], strict=True):
                if _meeting(claim.key):
                    reported.add(row_id)
                    retold.add(claim.key)
                elif claim.type.value in GROUPED_TYPES:
                    keys.add(claim.key)
                    told[claim.key].append((_stance(analysed.document, claim), row_id))
                if claim.type in CHECKED:
                    told_of.add((claim.args["person"], claim.args["relation"]))
                    supported |= _said_otherwise(claim, kb)
    for batch in chunks(stale | renamed):
        keys |= {k for k in session.scalars(select(PropositionRow.key).where(PropositionRow.pid.in_(batch)))}
        reported |= set(
            session.scalars(
                select(PropositionStanceRow.claim_id)
                .join(PropositionRow, PropositionRow.pid == PropositionStanceRow.pid)
                .where(PropositionStanceRow.pid.in_(batch), PropositionRow.type == ClaimType.MEETING.value)
            )
        )
    keys = {k for k in keys if not _meeting(k)}
    # much-told propositions, summed with the new statements appended (their stances' sources are
    # relabelled in place: `query.grouping`)
    summed = appendable(session, {key: told.get(key, []) for key in keys}, stale)
    keys -= summed.keys()
    # the store counts the objects' sources of the relations new statements give, and the statements
    # the knowledge base allows of those it says otherwise of; only those a flag may cite are read
    # whole (`query.object_counts`), unless one of a new document may be (then the relation is read whole)
    again = None if EVERY in asserted else {(person, relation) for person, relation in map(json.loads, asserted)}
    count_objects(session, kb, taking, again)
    allowing = {(person, relation) for _, person, relation in supported}
    whole = allowed_picked(session, allowing, listed(session, taking))
    checked = {prefix for prefix in supported if prefix[1:] in whole}
    counted = (told_of - whole, allowing - whole)
    light, claim_ids, met, undated, kept = _claims(session, kb, keys, (reported, retold), checked, counted, taking)
    keys |= undated  # an undated article's other propositions: a new report may move its estimated day
    dated = worded(session, summed, datelined)
    known = groups(session, [*light, *ids, *(row.document for rows in dated.values() for row in rows)])
    independence = Independence(known[0], known[1])
    found = verdicts(list(light.values()), kb, independence, lambda key: key in keys or _meeting(key), met.nearby)
    gone = {pid(k) for k in keys} | {pid(v.key) for v in found} | stale | (renamed - {pid(k) for k in summed})
    gone |= pids(session, PropositionStanceRow.claim_id, met.claims)  # the meetings they were in
    replace_propositions(session, gone, found, claim_ids, independence.source)
    sizes = {v.key: len(v.rows) for v in found}
    for verdict, stances in write_summed(session, summed, dated, independence.source, kb):
        found.append(verdict)
        sizes[verdict.key] = stances
    keep_map_days(session, gone | {pid(k) for k in summed})
    found.sort(key=lambda v: (-sizes[v.key], v.key))  # as `verdicts` lists them: a flag two could raise is the first's
    searched: Meant = {}
    for part in reversed(parts):  # the part still held first, then each read again
        new, last = last or new_documents(session, part)[0], []
        flags = part_flags(session, kb, independence, found, light, new, searched, kept.counted, kept.allowed)
        write_flags(session, flags)
    count_speakers(session, taking, quoted)


def _stance(doc: Document, claim: Claim) -> StanceRow:
    """A new statement as stored (its dispatch is not needed to sum a proposition)."""
    return StanceRow(doc.id, doc.site, doc.published, claim, "")


def _said_otherwise(claim: Claim, kb: KnowledgeBase) -> set[tuple[str, ...]]:
    """The (type, person, relation) under which the knowledge base says what ``claim`` contradicts
    ("envoy of" for an "ambassador of"): the articles saying so are its flag's evidence."""
    conflict = kb_conflict(claim, kb)
    if conflict is None:
        return set()
    return {(kind.value, fact.subject, fact.relation) for fact in conflict.facts for kind in CHECKED}


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
    return conditions + prefixed(checked)


def _claims(
    session: Session,
    kb: KnowledgeBase,
    keys: set[str],
    meetings: tuple[set[int], set[str]],
    checked: set[Prefix],
    counted: tuple[set[Relation], set[Relation]],
    pending: Pending,
) -> tuple[dict[str, AnalysedDocument], ClaimIds, Regrouped, set[str], Kept]:
    """The claims of these propositions, of the meetings these reports and keys may change
    (`query.meetings`) and of the people given the relations or roles ``checked``, and those a
    flag may cite of the ``counted`` ones (their objects', then the statements the knowledge base
    allows), grouped in their documents (no text, no attributions); the meeting claims read (and
    the tallies of the keys around them); the other propositions of undated documents; and what the
    store keeps of the counted relations (`query.object_counts.Kept`). An undated document's claims
    elsewhere are dated by the latest event it reports, as the other sources of each of its
    propositions date it: those propositions' claims (and meetings) are read too, until they bring
    no other undated document, and recomputed (a new report may move the document's estimated
    day; the statements a flag may cite are not judged).
    Only documents taken in before or by this refresh (``pending``) are read: on PostgreSQL an
    ingest beside it commits documents that the next refresh groups and takes in."""
    taken = taken_in(session, pending)
    reported, retold = set(meetings[0]), meetings[1]
    met = meeting_claims(session, reported, retold, taken) if reported or retold else Regrouped(set(), {})
    told: set[str] = set()
    conditions = _conditions(session, keys, met.claims, checked)
    seen: set[str] = set()  # undated documents whose other claims are read
    while conditions:  # until no proposition or meeting read brings another undated document
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
                elif claim_id not in met.claims:
                    reported.add(claim_id)
        if not reported <= met.claims:
            met = meeting_claims(session, reported | met.claims, retold, taken)
        conditions = _conditions(session, keys | told, met.claims, checked)
    kept = counted_objects(session, kb, *counted)
    conditions += [one_of(session, ClaimRow.id, kept.cited)] if kept.cited else []
    if not conditions:
        return {}, defaultdict(list), met, told, kept
    documents, claim_ids = light_documents(session, and_(or_(*conditions), taken))
    return documents, claim_ids, met, told, kept


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
