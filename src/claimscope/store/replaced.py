"""What a document analysed again said before, noted at its replacement for the next refresh.

A replaced document's claims, stances and attributions are deleted with it (on PostgreSQL its
stances by the foreign key's cascade), so by the time the refresh runs nothing says which
propositions it had stances in, nor which speakers it quoted: an incremental refresh left a
proposition the new version no longer states as it was, and a speaker's counts too high. Nor
which meeting days it reported, whose core people and size its reports counted in (a day merged
into another is part of a meeting of another key), nor which relations and roles it asserted,
whose objects' counts it is in (`query.object_counts`: read from its own claims, which an ingest
beside a refresh sees, where its stances may not be written yet).
"""

from __future__ import annotations

import json

from sqlalchemy import Text, cast, insert, select
from sqlalchemy.orm import Session

from claimscope.records import ClaimType, Stance
from claimscope.store.models import (
    AttributionRow,
    ClaimRow,
    EntityRow,
    MentionRow,
    PropositionStanceRow,
    ReplacedRow,
)

PROPOSITION, SPEAKER, MEETING_DAY, RELATION = "pid", "speaker", "meeting", "relation"
EVERY = "*"  # a relation noted whose names do not fit the column: every relation is counted afresh
CHECKED = (ClaimType.RELATION.value, ClaimType.ROLE.value)  # as `claims.knowledge.CHECKED`
KEPT_CHARS = 400  # a value as stored


def note_replaced(session: Session, document_id: str) -> None:
    """Before ``document_id``'s rows are deleted: its propositions, speakers, meeting keys and
    asserted relations (person and relation, as JSON), for the next refresh
    (`query.grouping.taken_replaced`)."""
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
    asserted = select(cast(ClaimRow.args, Text)).where(
        ClaimRow.document_id == document_id, ClaimRow.type.in_(CHECKED), ClaimRow.stance == Stance.ASSERTS.value
    )
    relations = {
        json.dumps([args["person"], args["relation"]], ensure_ascii=False)
        for args in map(json.loads, session.scalars(asserted))
    }
    relations = {value if len(value) <= KEPT_CHARS else EVERY for value in relations}
    rows += [  # a meeting key is a gazetteer's place and a day: far shorter than the column
        {"document_id": document_id, "kind": kind, "value": value}
        for kind, values in ((MEETING_DAY, session.scalars(days)), (RELATION, sorted(relations)))
        for value in values
        if len(value) <= KEPT_CHARS
    ]
    if rows:
        session.execute(insert(ReplacedRow), rows)
