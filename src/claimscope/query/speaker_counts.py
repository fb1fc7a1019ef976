"""Each resolved speaker's statements, articles and side (the speakers page), kept as documents come.

A full refresh counts them from every document it takes in. An incremental one adds the new
documents' attributions and claims to the kept counts (with `SpeakerSideRow`, the claims each name
gives each side: a speaker's side is the one most given), and counts again only the speakers of
documents analysed again, whose old rows are gone. Counting again every speaker the new documents
quote read every attribution and claim of the much-quoted ones, who are quoted in every batch:
some 3.5 s a refresh at 100,000 documents. Only documents taken in are counted (``taken``): one an
ingest stores beside a refresh is the next refresh's new document, counted once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.orm import Session

from claimscope.query.tables import Pending, chunks, insert_rows, listed, taken_in
from claimscope.store.models import (
    AttributionRow,
    ClaimRow,
    DocumentRow,
    EntityRow,
    MentionRow,
    SpeakerSideRow,
    SpeakerStatsRow,
)
from claimscope.store.state import set_state, state

KEPT = "speaker sides kept"  # the sides' counts are kept: a store refreshed before (0016) counts them once

Counts = Counter[tuple[str, str]]  # (name, type) or (name, side) -> how many


def write_speakers(session: Session, taken: ColumnElement[bool] | None = None) -> None:
    """Every speaker counted afresh, from the documents ``taken`` (every one when None)."""
    session.execute(delete(SpeakerStatsRow))
    session.execute(delete(SpeakerSideRow))
    documents = [] if taken is None else [select(DocumentRow.id).where(taken)]
    statements, articles = _counted(session, *[AttributionRow.document_id.in_(d) for d in documents])
    _add(session, statements, articles, _sided(session, *[ClaimRow.document_id.in_(d) for d in documents]))
    set_state(session, KEPT, 1)


def count_speakers(session: Session, pending: Pending, again: Collection[str]) -> None:
    """The ``pending`` documents' speakers added to the kept counts; the names ``again`` (those
    documents analysed again quoted or gave a side to) counted afresh."""
    taken = taken_in(session, pending)
    if state(session, KEPT) != 1:
        write_speakers(session, taken)
        return
    statements, articles, sides = Counts(), Counts(), Counts()
    documents = select(DocumentRow.id).where(taken)
    for batch in chunks(sorted(again)):
        session.execute(delete(SpeakerStatsRow).where(SpeakerStatsRow.name.in_(batch)))
        session.execute(delete(SpeakerSideRow).where(SpeakerSideRow.name.in_(batch)))
        told, quoted = _counted(session, EntityRow.name.in_(batch), AttributionRow.document_id.in_(documents))
        statements, articles = statements + told, articles + quoted
        sides += _sided(session, ClaimRow.source_name.in_(batch), ClaimRow.document_id.in_(documents))
    if pending:  # the versions listed (one stored again since is the next refresh's)
        new = select(DocumentRow.id).where(listed(session, pending))
        told, quoted = _counted(session, AttributionRow.document_id.in_(new))
        statements += _but(told, again)
        articles += _but(quoted, again)
        sides += _but(_sided(session, ClaimRow.document_id.in_(new)), again)
    _add(session, statements, articles, sides)


def _but(counts: Counts, names: Collection[str]) -> Counts:
    return Counts({key: n for key, n in counts.items() if key[0] not in names})


def _counted(session: Session, *where: Any) -> tuple[Counts, Counts]:
    """The statements and articles of each resolved speaker, among the attributions ``where`` says."""
    told, quoted = func.count(AttributionRow.id), func.count(AttributionRow.document_id.distinct())
    query = (
        select(EntityRow.name, EntityRow.type, told, quoted)
        .join(MentionRow, MentionRow.entity_id == EntityRow.id)
        .join(AttributionRow, AttributionRow.speaker_mention_id == MentionRow.id)
        .where(*where)
        .group_by(EntityRow.id, EntityRow.name, EntityRow.type)
    )
    statements, articles = Counts(), Counts()
    for name, kind, n, m in session.execute(query):
        statements[(name, kind)] += int(n)
        articles[(name, kind)] += int(m)
    return statements, articles


def _sided(session: Session, *where: Any) -> Counts:
    """The claims each name gives each side, among the claims ``where`` says."""
    query = (
        select(ClaimRow.source_name, ClaimRow.party, func.count())
        .where(ClaimRow.party != "unknown", *where)
        .group_by(ClaimRow.source_name, ClaimRow.party)
    )
    return Counts({(name, party): int(n) for name, party, n in session.execute(query)})


def _add(session: Session, statements: Counts, articles: Counts, sides: Counts) -> None:
    """These counts added to the kept ones, and the side of each speaker they name set anew."""
    names = sorted({name for name, _ in statements} | {name for name, _ in sides})
    kept_sides = Counts()
    kept: dict[tuple[str, str], tuple[int, int, int]] = {}  # (name, type) -> row id, statements, articles
    stats = SpeakerStatsRow
    for batch in chunks(names):
        on_side = select(SpeakerSideRow.name, SpeakerSideRow.party, SpeakerSideRow.claims)
        for name, party, n in session.execute(on_side.where(SpeakerSideRow.name.in_(batch))):
            kept_sides[(name, party)] = n
        counted = select(stats.name, stats.type, stats.id, stats.statements, stats.documents)
        for name, kind, row_id, n, m in session.execute(counted.where(stats.name.in_(batch))):
            kept[(name, kind)] = (row_id, n, m)
    summed = [
        {"name": name, "party": party, "claims": kept_sides[(name, party)] + n} for (name, party), n in sides.items()
    ]
    if changed := [row for row in summed if (row["name"], row["party"]) in kept_sides]:
        session.execute(update(SpeakerSideRow), changed)
    insert_rows(session, SpeakerSideRow, [row for row in summed if (row["name"], row["party"]) not in kept_sides])
    side: dict[str, tuple[int, str]] = {}  # the most given; of as many, the party that sorts last
    for (name, party), n in (kept_sides + sides).items():
        side[name] = max(side.get(name, (0, "")), (n, party))
    updated, added = [], []
    for name, kind in sorted(kept.keys() | statements.keys()):
        values = {"side": side[name][1] if name in side else None}
        told, quoted = statements[(name, kind)], articles[(name, kind)]
        if (name, kind) in kept:
            row_id, before, among = kept[(name, kind)]
            updated.append({"id": row_id, "statements": before + told, "documents": among + quoted, **values})
        else:
            added.append({"name": name, "type": kind, "statements": told, "documents": quoted, **values})
    if updated:
        session.execute(update(stats), updated)
    insert_rows(session, stats, added)
