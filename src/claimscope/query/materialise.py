"""Verdicts and flags across sources, kept in tables so that reads never recompute them.

Every stored document bumps the store's change counter; `refresh` recomputes verdicts, flags and
dispatch groups from the stored claims and records which change it reflects. Ingest refreshes
at the end of a batch; a reader finding the tables stale (a writer that did not refresh, a store
from before this table existed) refreshes once before reading.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from claimscope.claims.flags import corpus_flags
from claimscope.claims.verdicts import independence, verdicts
from claimscope.query.knowledge import store_knowledge
from claimscope.query.records import STATUS_ORDER
from claimscope.records import AnalysedDocument, Claim, DateOrigin, Flag, Verdict
from claimscope.store import Store
from claimscope.store.convert import analysed_loading, analysed_record
from claimscope.store.db import CHANGED_AT, CHANGES, REFRESH_LOCK, exclusive, state
from claimscope.store.failures import is_locked, is_read_only
from claimscope.store.models import (
    AttributionRow,
    ClaimRow,
    DocumentGroupRow,
    DocumentRow,
    EntityRow,
    FlagRow,
    MentionRow,
    PropositionRow,
    PropositionStanceRow,
    SpeakerStatsRow,
    StateRow,
)
from claimscope.text import fold

log = logging.getLogger(__name__)
MATERIALISED = "materialised"  # the change count the tables reflect
QUIET_SECONDS = 30  # how long after the last write readers may refresh stale tables themselves
# a flag's evidence grows with the store (every article saying otherwise): keep the first pieces
# and the count, so that a flag stays one small row whatever the store's size
EVIDENCE_KEPT = 200

Identity = tuple[str, str, int, int, str, str]
ClaimIds = dict[Identity, list[int]]


def pid(key: str) -> str:
    """A proposition's stable id: the same key gives the same id in every store."""
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def is_stale(store: Store) -> bool:
    with store.sessions() as session:
        return state(session, MATERIALISED) != state(session, CHANGES)


def _due(store: Store) -> bool:
    """Stale, and no writer has stored anything for QUIET_SECONDS: a writer at work (an ingest
    refreshes when it ends) is not raced by readers, which meanwhile read the last tables."""
    with store.sessions() as session:
        if state(session, MATERIALISED) == state(session, CHANGES):
            return False
        return time.time() - state(session, CHANGED_AT) >= QUIET_SECONDS


_refreshing = threading.Lock()  # one refresh at a time in a process; the others then find it fresh


def ensure_fresh(store: Store) -> None:
    """Refresh before reading when the tables are stale and no writer is at work; over a database
    that cannot be written, read the tables as they were last refreshed (and say so)."""
    if _due(store):
        with _refreshing:
            if _due(store):
                try:
                    _rebuild(store)
                except OperationalError as exc:
                    why = "read-only" if is_read_only(exc) else "locked by another writer" if is_locked(exc) else ""
                    if not why:
                        raise
                    log.warning(
                        "note: the database is %s: verdicts, flags and speaker counts are read as they were "
                        "last refreshed, before its latest documents",
                        why,
                    )


def refresh(store: Store) -> None:
    """Recompute verdicts, flags and dispatch groups from every stored claim, in one transaction
    (what a writer does when it is done)."""
    with _refreshing:
        _rebuild(store)


def _rebuild(store: Store) -> None:
    with store.sessions() as session:
        changes = state(session, CHANGES)
        documents, claim_ids = _load(session)
    kb = store_knowledge(store)
    known = independence(documents)
    found = verdicts(documents, kb, known)
    flags = corpus_flags(documents, kb, known, found)
    with store.session() as session:
        exclusive(session, REFRESH_LOCK)  # two writers ending at once: one rebuild after the other
        for table in (PropositionStanceRow, PropositionRow, FlagRow, DocumentGroupRow, SpeakerStatsRow):
            session.execute(delete(table))
        _write_speakers(session)
        _write_propositions(session, found, claim_ids, known.source)
        _write_flags(session, flags)
        groups = [
            {"document_id": doc, "dispatch": dispatch, "source_group": known.source.get(doc, doc)}
            for doc, dispatch in known.dispatch.items()
        ]
        if groups:
            session.execute(insert(DocumentGroupRow), groups)
        row = session.get(StateRow, MATERIALISED)
        if row is None:
            session.add(StateRow(name=MATERIALISED, value=changes))
        else:
            row.value = changes


def _load(session: Session) -> tuple[list[AnalysedDocument], ClaimIds]:
    """Every document with claims, with its attributions and entity mentions too: flags read them
    (a garbled date's evidence is in articles naming the same people, a former title is checked for
    the people an article names, a remark given twice is between attributions)."""
    query = (
        select(DocumentRow)
        .where(DocumentRow.claims.any())
        .options(*analysed_loading())
        .order_by(DocumentRow.ingested_at, DocumentRow.id)
    )
    documents, ids = [], defaultdict(list)
    for row in session.scalars(query):
        analysed = analysed_record(row)
        for claim_row, claim in zip(row.claims, analysed.claims, strict=True):
            ids[_identity(row.id, claim)].append(claim_row.id)
        documents.append(analysed)
    return documents, ids


def _identity(document: str, claim: Claim) -> Identity:
    """What survives the verdicts' re-dating and regrouping of a claim, to find its stored row
    again (one sentence can hold claims about two places by one source)."""
    return document, claim.key, claim.span.start, claim.span.end, claim.source.name, claim.stance.value


def _names(verdict: Verdict) -> str:
    """Folded names the proposition is about, "|"-delimited, then "#" and its folded key."""
    names = {fold(v) for k, v in verdict.args.items() if k not in ("date", "extent")}
    names |= {fold(p) for p in verdict.args.get("participants", "").split("; ")}
    names |= {fold(r.claim.place.name) for r in verdict.rows if r.claim.place}
    return "|" + "|".join(sorted(names - {""})) + "|#" + fold(verdict.key)


def _write_propositions(
    session: Session, found: Sequence[Verdict], claim_ids: ClaimIds, sources: dict[str, str]
) -> None:
    ordered = sorted(found, key=lambda v: (STATUS_ORDER.index(v.status), -len(v.rows), v.key))
    taken: dict[Identity, int] = defaultdict(int)
    seen: set[str] = set()
    propositions, stances = [], []
    for rank, verdict in enumerate(ordered):
        key_id = pid(verdict.key)
        if key_id in seen:  # two keys hashing alike would need 2^64 propositions: keep the first
            continue
        seen.add(key_id)
        dates = [r.claim.date for r in verdict.rows if r.claim.date]
        place = next((r.claim.place for r in verdict.rows if r.claim.place), None)
        propositions.append(
            {
                "pid": key_id,
                "key": verdict.key[:600],
                "type": verdict.type.value,
                "status": verdict.status,
                "independent_sources": verdict.independent_sources,
                "reason": verdict.reason,
                "args": verdict.args,
                "stances": len(verdict.rows),
                "rank": rank,
                "first_date": min(dates, default=None),
                "last_date": max(dates, default=None),
                "names": _names(verdict),
                "place": place.name[:200] if place else None,
                "latitude": place.latitude if place else None,
                "longitude": place.longitude if place else None,
            }
        )
        for position, row in enumerate(verdict.rows):
            identity = _identity(row.document, row.claim)
            candidates = claim_ids.get(identity, [])
            if not candidates:
                continue
            claim_id = candidates[min(taken[identity], len(candidates) - 1)]
            taken[identity] += 1
            stances.append(
                {
                    "pid": key_id,
                    "position": position,
                    "claim_id": claim_id,
                    "document_id": row.document,
                    "stance": row.claim.stance.value,
                    # an undated article's estimated publication is only a lower bound (it orders
                    # the verdict's rows): its undated stances stay undated "as of a day"
                    "event_date": None if row.claim.date_origin is DateOrigin.ESTIMATE else row.claim.date,
                    "date_text": row.claim.date_text,
                    "source_group": sources.get(row.document, row.document),
                }
            )
    if propositions:
        session.execute(insert(PropositionRow), propositions)
    if stances:
        session.execute(insert(PropositionStanceRow), stances)


def flag_id(flag: Flag) -> str:
    """A flag's stable id (its anchor and its ClaimReview's address): the same statement flagged
    for the same reason keeps it through every refresh."""
    what = f"{flag.kind}|{flag.document}|{flag.span.start}|{flag.span.end}|{flag.message}"
    return hashlib.sha1(what.encode("utf-8")).hexdigest()[:16]


def _write_flags(session: Session, flags: Sequence[Flag]) -> None:
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
            "evidence": [
                {"document": e.document, "source": e.source, "text": e.text} for e in flag.evidence[:EVIDENCE_KEPT]
            ],
            "evidence_total": len(flag.evidence),
        }
        for key, flag in unique.items()
    ]
    if rows:
        session.execute(insert(FlagRow), rows)


def _write_speakers(session: Session) -> None:
    """Each resolved speaker's statements and articles, and their side (the one their claims are
    most often given), in the speakers page's order: most quoted first, then by name."""
    counted = session.execute(
        select(
            EntityRow.name,
            EntityRow.type,
            func.count(AttributionRow.id),
            func.count(func.distinct(AttributionRow.document_id)),
        )
        .join(MentionRow, MentionRow.entity_id == EntityRow.id)
        .join(AttributionRow, AttributionRow.speaker_mention_id == MentionRow.id)
        .group_by(EntityRow.id, EntityRow.name, EntityRow.type)
    ).all()
    parties: dict[str, tuple[int, str]] = {}
    for name, party, count in session.execute(
        select(ClaimRow.source_name, ClaimRow.party, func.count())
        .where(ClaimRow.party != "unknown")
        .group_by(ClaimRow.source_name, ClaimRow.party)
    ):
        if (int(count), party) > parties.get(name, (0, "")):
            parties[name] = (int(count), party)
    ordered = sorted(counted, key=lambda r: (-r[2], r[0], r[1]))
    rows = [
        {
            "name": name,
            "type": type_,
            "side": parties[name][1] if name in parties else None,
            "statements": int(statements),
            "documents": int(documents),
            "rank": rank,
        }
        for rank, (name, type_, statements, documents) in enumerate(ordered)
    ]
    if rows:
        session.execute(insert(SpeakerStatsRow), rows)
