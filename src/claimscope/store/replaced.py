"""What a document analysed again said before, noted at its replacement for the next refresh.

A replaced document's claims, stances and attributions are deleted with it (on PostgreSQL its
stances by the foreign key's cascade), so by the time the refresh runs nothing says which
propositions it had stances in, nor which speakers it quoted: an incremental refresh left a
proposition the new version no longer states as it was, and a speaker's counts too high. Nor
which meeting days it reported, whose core people and size its reports counted in (a day merged
into another is part of a meeting of another key).
"""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from claimscope.records import ClaimType
from claimscope.store.models import (
    AttributionRow,
    ClaimRow,
    EntityRow,
    MentionRow,
    PropositionStanceRow,
    ReplacedRow,
)

PROPOSITION, SPEAKER, MEETING_DAY = "pid", "speaker", "meeting"
KEPT_CHARS = 400  # a value as stored


def note_replaced(session: Session, document_id: str) -> None:
    """Before ``document_id``'s rows are deleted: its propositions, speakers and meeting keys, for
    the next refresh (`query.grouping.taken_replaced`)."""
    pids = select(PropositionStanceRow.pid).where(PropositionStanceRow.document_id == document_id).distinct()
    speakers = (
        select(EntityRow.name)
        .join(MentionRow, MentionRow.entity_id == EntityRow.id)
        .join(AttributionRow, AttributionRow.speaker_mention_id == MentionRow.id)
        .where(AttributionRow.document_id == document_id)
        .distinct()
    )
    sided = (  # the names its claims give a side to, which count to their side (`query.speaker_counts`)
        select(ClaimRow.source_name).where(ClaimRow.document_id == document_id, ClaimRow.party != "unknown").distinct()
    )
    days = (
        select(ClaimRow.key)
        .where(ClaimRow.document_id == document_id, ClaimRow.type == ClaimType.MEETING.value)
        .distinct()
    )
    rows = [
        {"document_id": document_id, "kind": kind, "value": value}
        for kind, query in ((PROPOSITION, pids), (SPEAKER, speakers.union(sided)))
        for value in session.scalars(query)
    ]
    rows += [  # a meeting key is a gazetteer's place and a day: far shorter than the column
        {"document_id": document_id, "kind": MEETING_DAY, "value": key}
        for key in session.scalars(days)
        if len(key) <= KEPT_CHARS
    ]
    if rows:
        session.execute(insert(ReplacedRow), rows)
