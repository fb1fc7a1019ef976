"""The inputs a batch could not read, fetch or analyse, as recorded once each (`db problems`)."""

from __future__ import annotations

from sqlalchemy import func, select

from claimscope.query.records import Page, RecordedProblem
from claimscope.store import Store
from claimscope.store.models import ProblemRow

MAX_LIMIT = 500


def problems(store: Store, offset: int = 0, limit: int = 100) -> Page[RecordedProblem]:
    """One page of the recorded problems, the newest first."""
    limit, offset = max(1, min(limit, MAX_LIMIT)), max(0, offset)
    with store.sessions() as session:
        total = session.scalar(select(func.count()).select_from(ProblemRow)) or 0
        rows = session.execute(
            select(ProblemRow.source, ProblemRow.reason, ProblemRow.seen_at)
            .order_by(ProblemRow.seen_at.desc(), ProblemRow.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return Page([RecordedProblem(*row) for row in rows], total, offset, limit)
