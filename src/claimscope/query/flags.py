"""Flagged statements, read from the materialised flags table."""

from __future__ import annotations

from sqlalchemy import func, select

from claimscope.query.materialise import ensure_fresh
from claimscope.query.records import DocumentRef, Page, StoredFlag
from claimscope.records import Evidence, Flag, Span
from claimscope.store import Store
from claimscope.store.models import DocumentRow, FlagRow

MAX_LIMIT = 500


def flag_record(row: FlagRow, evidence_limit: int | None = None) -> Flag:
    kept = row.evidence if evidence_limit is None else row.evidence[:evidence_limit]
    evidence = [Evidence(str(e["document"]), str(e["source"]), str(e["text"])) for e in kept]
    return Flag(row.kind, row.document_id, Span(row.start, row.end), row.sentence, row.message, evidence)


def flags(
    store: Store, kind: str | None = None, offset: int = 0, limit: int = 50, evidence_limit: int | None = None
) -> Page[StoredFlag]:
    """Flags in a stable order (kind, then document and position), one page; each with the
    first ``evidence_limit`` pieces of its evidence (all those kept without it)."""
    ensure_fresh(store)
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    with store.sessions() as session:
        query = select(FlagRow, DocumentRow.title, DocumentRow.site, DocumentRow.published).outerjoin(
            DocumentRow, DocumentRow.id == FlagRow.document_id
        )
        counting = select(func.count(FlagRow.id))
        if kind:
            query = query.where(FlagRow.kind == kind)
            counting = counting.where(FlagRow.kind == kind)
        total = session.scalar(counting) or 0  # an index count: the join adds no row
        order = (FlagRow.kind, FlagRow.document_id, FlagRow.start, FlagRow.id)
        rows = session.execute(query.order_by(*order).offset(offset).limit(limit))
        items = [
            StoredFlag(
                row.id,
                flag_record(row, evidence_limit),
                DocumentRef(row.document_id, title, site, published),
                row.evidence_total,
            )
            for row, title, site, published in rows.all()
        ]
        return Page(items, total, offset, limit)


def all_flags(store: Store, kind: str | None = None) -> list[Flag]:
    """Every flag (for the terminal and exports), in the same order as the pages."""
    found = flags(store, kind, 0, MAX_LIMIT)
    items = [f.flag for f in found.items]
    while found.has_next:
        found = flags(store, kind, found.offset + found.limit, MAX_LIMIT)
        items += [f.flag for f in found.items]
    return items


def flag_kinds(store: Store) -> list[tuple[str, int]]:
    """Each kind of stored flag with how many there are, for the flags page's menu."""
    ensure_fresh(store)
    with store.sessions() as session:
        rows = session.execute(select(FlagRow.kind, func.count()).group_by(FlagRow.kind).order_by(FlagRow.kind))
        return [(kind, int(count)) for kind, count in rows.all()]
