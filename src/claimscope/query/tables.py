"""Writing the materialised tables: verdicts with their stances, flags, and what
each document adds to the indexes of the refresh (band keys, claim names).

A full refresh and an incremental one write the same rows for what they recompute.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    and_,
    any_,
    bindparam,
    delete,
    false,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from claimscope.query.records import STATUS_ORDER
from claimscope.records import AnalysedDocument, Claim, DateOrigin, Flag, StanceRow, Verdict
from claimscope.store.models import (
    Base,
    ClaimNameRow,
    ClaimQuoteRow,
    DocumentBandRow,
    DocumentRow,
    DocumentShinglesRow,
    FlagRow,
    PropositionRow,
    PropositionStanceRow,
)
from claimscope.store.rows import KEY_CHARS, NAME_CHARS
from claimscope.text import fold

GROUPED_TYPES = ("control", "meeting", "relation", "role")  # the claim types grouped into propositions

# a flag's evidence grows with the store (every article saying otherwise): keep the count and the
# first pieces, one per source first, so that a flag stays one small row whatever the store's size
EVIDENCE_KEPT = 20
CHUNK = 500  # ids per IN (...): well under every database's limit on bound parameters
UNNAMED = ("date", "extent")  # arguments that never name a person or place

T = TypeVar("T")
Identity = tuple[str, str, int, int, str, str]
ClaimIds = dict[Identity, list[int]]
Signature = tuple[list[int], bytes]  # a document's LSH band keys and its packed shingles
Pending = Mapping[str, datetime]  # the documents a refresh takes in, each with when its version was stored


def insert_rows(session: Session, model: type[Base], rows: Sequence[Mapping[str, object]], size: int = CHUNK) -> None:
    """Rows inserted ``size`` at a time (one statement each, under every database's parameter limit)."""
    for start in range(0, len(rows), size):
        session.execute(insert(model), rows[start : start + size])


def taken_in(session: Session, pending: Pending) -> ColumnElement[bool]:
    """The documents a refresh reads: those taken in before, and its ``pending`` ones (on
    PostgreSQL an ingest beside it commits documents that the next refresh takes in)."""
    return or_(DocumentRow.materialised.is_(True), listed(session, pending))


def listed(session: Session, pending: Pending) -> ColumnElement[bool]:
    """The ``pending`` documents as a refresh listed them: a version stored again since (beside it
    on PostgreSQL, or while a full refresh reads on SQLite) is the next refresh's to take in."""
    newest = max(pending.values(), default=None)
    if newest is None:
        return false()
    return and_(one_of(session, DocumentRow.id, pending), DocumentRow.ingested_at <= newest)


def chunks(items: Iterable[T], size: int = CHUNK) -> Iterable[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def one_of(session: Session, column: Any, values: Collection[str] | Collection[int]) -> ColumnElement[bool]:
    """``column`` is one of ``values``, bound as one parameter whatever their number (an array on
    PostgreSQL, a JSON array read by json_each on SQLite): a statement holds at most 65,535
    parameters on PostgreSQL, and a refresh at 100,000 documents reads the claims of more meeting
    reports than that. Integers for an integer column, texts otherwise."""
    ordered = sorted(values)
    if session.get_bind().dialect.name == "postgresql":  # its dialect is loaded then
        from sqlalchemy.dialects.postgresql import ARRAY

        kind = Integer() if isinstance(column.type, Integer) else String()
        return column == any_(bindparam(None, ordered, type_=ARRAY(kind)))
    return column.in_(select(func.json_each(json.dumps(ordered)).table_valued("value").c.value))


def pid(key: str) -> str:
    """A proposition's stable id: the same key gives the same id in every store."""
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def identity(document: str, claim: Claim) -> Identity:
    """What survives the verdicts' re-dating and regrouping of a claim, to find its stored row
    again (one sentence can hold claims about two places by one source)."""
    return document, claim.key, claim.span.start, claim.span.end, claim.source.name, claim.stance.value


def _names(verdict: Verdict) -> str:
    """Folded names the proposition is about, "|"-delimited, then "#" and its folded key."""
    names = {fold(v) for k, v in verdict.args.items() if k not in UNNAMED}
    names |= {fold(p) for p in verdict.args.get("participants", "").split("; ")}
    names |= {fold(r.claim.place.name) for r in verdict.rows if r.claim.place}
    return _joined(names, fold(verdict.key))


def named_with(names: str, places: Collection[str]) -> str:
    """A proposition's stored names (`_names`) with these places added."""
    listed, _, key = names.partition("|#")
    return _joined({n for n in listed.split("|")} | {fold(p) for p in places}, key)


def _joined(names: set[str], key: str) -> str:
    return "|" + "|".join(sorted(names - {""})) + "|#" + key


def write_propositions(
    session: Session, found: Sequence[Verdict], claim_ids: ClaimIds, sources: dict[str, str]
) -> None:
    propositions, stances = _proposition_rows(found, claim_ids, sources)
    insert_rows(session, PropositionRow, propositions)
    insert_rows(session, PropositionStanceRow, [dict(zip(STANCE_COLUMNS, s, strict=True)) for s in stances], CHUNK * 10)


def replace_propositions(
    session: Session, pids: Collection[str], found: Sequence[Verdict], claim_ids: ClaimIds, sources: dict[str, str]
) -> None:
    """The propositions ``pids`` replaced by those ``found``, writing only the stance rows that
    differ: a much-told proposition keeps its thousands of stances when a new report adds one (a
    stance it adds before them moves them GAP positions on: an UPDATE of that column alone; one
    summed before, whose stances were written in gaps, has them all spaced out again once)."""
    propositions, stances = _proposition_rows(found, claim_ids, sources)
    stored: dict[tuple[str, int], list[tuple[int, int, tuple[object, ...]]]] = defaultdict(list)
    for batch in chunks(sorted(set(pids) | {p["pid"] for p in propositions})):
        query = select(PropositionStanceRow.id, *(getattr(PropositionStanceRow, c) for c in STANCE_COLUMNS))
        for row in session.connection().execute(  # plain rows: a refresh compares half a million
            query.where(PropositionStanceRow.pid.in_(batch)).order_by(PropositionStanceRow.position)
        ):
            stored[(row[1], row[3])].append((row[0], row[2], tuple(row[4:])))
    moved: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    added: list[dict[str, Any]] = []
    for stance in stances:
        same = stored.get((stance[0], stance[2]))
        if not same:
            added.append(dict(zip(STANCE_COLUMNS, stance, strict=True)))
            continue
        row_id, position, values = same.pop(0)
        if values != stance[3:]:
            changed.append({"id": row_id, **dict(zip(STANCE_COLUMNS, stance, strict=True))})
        elif position != stance[1]:
            moved.append({"id": row_id, "position": stance[1]})
    for ids in chunks(row_id for rows in stored.values() for row_id, _, _ in rows):  # stances no longer there
        session.execute(delete(PropositionStanceRow).where(PropositionStanceRow.id.in_(ids)))
    kept = {p["pid"] for p in propositions}
    existing: set[str] = set()
    for batch in chunks(sorted(set(pids) | kept)):
        existing |= set(session.scalars(select(PropositionRow.pid).where(PropositionRow.pid.in_(batch))))
    for batch in chunks(sorted(existing - kept)):
        session.execute(delete(PropositionRow).where(PropositionRow.pid.in_(batch)))
    updated = [p for p in propositions if p["pid"] in existing]
    for model, rows in ((PropositionRow, updated), (PropositionStanceRow, changed), (PropositionStanceRow, moved)):
        if rows:  # by primary key, in place (a deleted proposition would take its stances with it)
            session.execute(update(model), rows)
    insert_rows(session, PropositionRow, [p for p in propositions if p["pid"] not in existing])
    insert_rows(session, PropositionStanceRow, added, CHUNK * 10)


# a stance row's columns, in the order a refresh computes them: those after the claim are compared
STANCE_COLUMNS = ("pid", "position", "claim_id", "document_id", "stance", "event_date", "date_text", "source_group")
StanceValues = tuple[str, int, int, str, str, date | None, str | None, str]
# stances are written GAP positions apart, in their verdict's order: a much-told proposition's new
# statements, which sort among its stored ones, are written in the gaps without moving the stances
# after them (tens of thousands a refresh: `query.summaries`)
GAP = 1024


def _proposition_rows(
    found: Sequence[Verdict], claim_ids: ClaimIds, sources: dict[str, str]
) -> tuple[list[dict[str, Any]], list[StanceValues]]:
    """The proposition rows and stance rows of these verdicts (stances as tuples: half a million
    are compared with the stored ones, few written)."""
    taken: dict[Identity, int] = defaultdict(int)
    seen: set[str] = set()
    propositions: list[dict[str, Any]] = []
    stances: list[StanceValues] = []
    for verdict in sorted(found, key=lambda v: v.key):
        key_id = pid(verdict.key)
        if key_id in seen:  # two keys hashing alike would need 2^64 propositions: keep the first
            continue
        seen.add(key_id)
        dates = [r.claim.date for r in verdict.rows if r.claim.date]
        place = next((r.claim.place for r in verdict.rows if r.claim.place), None)
        propositions.append(
            {
                "pid": key_id,
                "key": verdict.key[:KEY_CHARS],
                "type": verdict.type.value,
                "status": verdict.status,
                "independent_sources": verdict.independent_sources,
                "reason": verdict.reason,
                "args": verdict.args,
                "stances": len(verdict.rows),
                "rank": STATUS_ORDER.index(verdict.status),
                "first_date": min(dates, default=None),
                "last_date": max(dates, default=None),
                "names": _names(verdict),
                "place": place.name[:200] if place else None,
                "latitude": place.latitude if place else None,
                "longitude": place.longitude if place else None,
            }
        )
        for position, row in enumerate(verdict.rows):
            found_as = identity(row.document, row.claim)
            candidates = claim_ids.get(found_as, [])
            if not candidates:
                continue
            claim_id = candidates[min(taken[found_as], len(candidates) - 1)]
            taken[found_as] += 1
            stances.append(stance_values(key_id, position * GAP, claim_id, row, sources))
    return propositions, stances


def stance_values(
    key_id: str, position: int, claim_id: int, row: StanceRow, sources: Mapping[str, str]
) -> StanceValues:
    """A stance row's values, in STANCE_COLUMNS order."""
    return (
        key_id,
        position,
        claim_id,
        row.document,
        row.claim.stance.value,
        # an undated article's estimated publication is only a lower bound (it orders the
        # verdict's rows): its undated stances stay undated "as of a day"
        None if row.claim.date_origin is DateOrigin.ESTIMATE else row.claim.date,
        row.claim.date_text,
        sources.get(row.document, row.document),
    )


def flag_id(flag: Flag) -> str:
    """A flag's stable id (its anchor and its ClaimReview's address): the same statement flagged
    for the same reason keeps it through every refresh."""
    what = f"{flag.kind}|{flag.document}|{flag.span.start}|{flag.span.end}|{flag.message}"
    return hashlib.sha1(what.encode("utf-8")).hexdigest()[:16]


def _kept(flag: Flag) -> list[dict[str, str]]:
    """The first piece of each source, then the others, up to EVIDENCE_KEPT (read until as many
    sources are found: a much-told relation's flags share evidence of thousands of pieces)."""
    seen: set[str] = set()
    first: list[dict[str, str]] = []
    rest: list[dict[str, str]] = []
    for e in flag.evidence:
        if len(first) == EVIDENCE_KEPT:
            break
        if e.source in seen:
            if len(rest) < EVIDENCE_KEPT:
                rest.append({"document": e.document, "source": e.source, "text": e.text})
        else:
            first.append({"document": e.document, "source": e.source, "text": e.text})
            seen.add(e.source)
    return (first + rest)[:EVIDENCE_KEPT]


def write_flags(session: Session, flags: Sequence[Flag]) -> None:
    unique = {flag_id(flag): flag for flag in reversed(flags)}  # the same flag twice is one flag (the first)
    rows = [
        {
            "id": key,
            "kind": flag.kind,
            "document_id": flag.document,
            "start": flag.span.start,
            "end": flag.span.end,
            "sentence": flag.sentence,
            "message": flag.message,
            "evidence": _kept(flag),
            "evidence_total": len(flag.evidence) + flag.omitted,
        }
        for key, flag in unique.items()
    ]
    insert_rows(session, FlagRow, rows)


def count_flags(session: Session, documents: Collection[str] | None) -> None:
    """Each of ``documents``' flag count (every document's with None, after a full refresh) kept
    beside it as the flags now stand, so that the flagged articles are found from their own index
    (at 100,000 documents testing each article for a flag took 70 ms a statement, and a search
    within the flagged reads them twice). Only counts that changed are written: a documents row
    holds the whole text (PostgreSQL writes a new version of it, and of its words' vector)."""
    counted = select(func.count()).select_from(FlagRow).where(FlagRow.document_id == DocumentRow.id).scalar_subquery()
    changed = update(DocumentRow).where(DocumentRow.flag_count != counted).values(flag_count=counted)
    changed = changed.execution_options(synchronize_session=False)
    if documents is None:  # those counted or flagged, found through their indexes (not every row read)
        session.execute(changed.where(or_(DocumentRow.flag_count > 0, DocumentRow.id.in_(select(FlagRow.document_id)))))
        return
    for batch in chunks(sorted(documents)):
        session.execute(changed.where(DocumentRow.id.in_(batch)))


def claim_names(claim: Claim) -> set[str]:
    """The names a claim is about: its arguments and its participants (as `entity` matches them)."""
    named = {v for k, v in claim.args.items() if k not in UNNAMED}
    named |= set(claim.args.get("participants", "").split("; "))
    return {n[:NAME_CHARS] for n in named if n}


def write_indexes(
    session: Session, documents: Sequence[AnalysedDocument], claim_ids: dict[str, list[int]]
) -> dict[str, Signature]:
    """Each document's claim names (``claim_ids``: its claims' row ids, in order), quotes and band
    keys; returns the signatures written (documents too short for one have none)."""
    from claimscope.claims.duplicates import MIN_SHINGLES, band_buckets, minhash, packed, shingles
    from claimscope.claims.quotes import quote_key

    names, quotes, bands, packs = [], [], [], []
    signatures: dict[str, Signature] = {}
    for analysed in documents:
        doc_id = analysed.document.id
        for claim, claim_id in zip(analysed.claims, claim_ids.get(doc_id, []), strict=False):
            source = claim.source.name[:NAME_CHARS]  # as the claims table stores it
            names += [
                {
                    "claim_id": claim_id,
                    "name": n,
                    "document_id": doc_id,
                    "own": n == source,
                    "event_date": claim.date,
                    "published": analysed.document.published,
                }
                for n in claim_names(claim)
            ]
            quote = quote_key(claim)
            if quote is not None:
                quotes.append({"claim_id": claim_id, "quote": quote, "document_id": doc_id})
        hashed = shingles(analysed.document.text)
        if len(hashed) >= MIN_SHINGLES:
            signatures[doc_id] = (list(band_buckets(minhash(hashed))), packed(hashed))
            bands += [{"document_id": doc_id, "bucket": b} for b in signatures[doc_id][0]]
            packs.append({"document_id": doc_id, "hashes": signatures[doc_id][1]})
    insert_rows(session, ClaimNameRow, names, CHUNK * 10)
    insert_rows(session, ClaimQuoteRow, quotes, CHUNK * 10)
    insert_rows(session, DocumentBandRow, bands, CHUNK * 10)
    insert_rows(session, DocumentShinglesRow, packs)
    return signatures
