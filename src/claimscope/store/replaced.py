"""What a document analysed again said before, noted at its replacement for the next refresh.

A replaced document's claims, stances and attributions are deleted with it (on PostgreSQL its
stances by the foreign key's cascade), so by the time the refresh runs nothing says which
propositions it had stances in, nor which speakers it quoted: an incremental refresh left a
proposition the new version no longer states as it was, and a speaker's counts too high.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from claimscope.store.models import AttributionRow, EntityRow, MentionRow, PropositionStanceRow, ReplacedRow

PROPOSITION, SPEAKER = "pid", "speaker"
BATCH = 500  # documents per IN (...)


def note_replaced(session: Session, document_id: str) -> None:
    """Before ``document_id``'s rows are deleted: its propositions and speakers, for `taken_replaced`."""
    pids = select(PropositionStanceRow.pid).where(PropositionStanceRow.document_id == document_id).distinct()
    speakers = (
        select(EntityRow.name)
        .join(MentionRow, MentionRow.entity_id == EntityRow.id)
        .join(AttributionRow, AttributionRow.speaker_mention_id == MentionRow.id)
        .where(AttributionRow.document_id == document_id)
        .distinct()
    )
    rows = [
        {"document_id": document_id, "kind": kind, "value": value}
        for kind, query in ((PROPOSITION, pids), (SPEAKER, speakers))
        for value in session.scalars(query)
    ]
    if rows:
        session.execute(insert(ReplacedRow), rows)


def taken_replaced(session: Session, documents: Collection[str]) -> tuple[set[str], set[str]]:
    """The propositions and speakers these documents had before they were replaced (the notes
    are then dropped: the refresh taking the documents in recomputes them)."""
    pids: set[str] = set()
    speakers: set[str] = set()
    listed = sorted(documents)
    for start in range(0, len(listed), BATCH):
        batch = listed[start : start + BATCH]
        for kind, value in session.execute(
            select(ReplacedRow.kind, ReplacedRow.value).where(ReplacedRow.document_id.in_(batch))
        ):
            (pids if kind == PROPOSITION else speakers).add(value)
        session.execute(delete(ReplacedRow).where(ReplacedRow.document_id.in_(batch)))
    return pids, speakers
