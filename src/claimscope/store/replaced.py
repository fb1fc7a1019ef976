"""What a document analysed again said before, noted at its replacement for the next refresh.

A replaced document's claims, stances and attributions are deleted with it (on PostgreSQL its
stances by the foreign key's cascade), so by the time the refresh runs nothing says which
propositions it had stances in, nor which speakers it quoted: an incremental refresh left a
proposition the new version no longer states as it was, and a speaker's counts too high.
"""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from claimscope.store.models import AttributionRow, EntityRow, MentionRow, PropositionStanceRow, ReplacedRow

PROPOSITION, SPEAKER = "pid", "speaker"


def note_replaced(session: Session, document_id: str) -> None:
    """Before ``document_id``'s rows are deleted: its propositions and speakers, for the next
    refresh (`query.grouping.taken_replaced`)."""
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
