"""What the flags of new articles need of a much-told relation's stored statements: each object's
sources and statements counted, and only the statements a flag may cite read whole.

A new article giving someone an office ("Steve Witkoff, envoy of …") is flagged when independent
sources outvote its object (`claims.flags`), with the majority's statements as evidence; the store
keeps EVIDENCE_KEPT of them (`query.tables`): each site's first, up to EVIDENCE_KEPT sites, then
the first repeats. So of the tens of thousands of statements of a much-told relation, a refresh
needs their objects' sources and statements counted and, of each object, the statements `Pick`
keeps; those are found by one narrow read (ids, arguments, sites, sources) in storing order, and
only they are read whole. The relations a new statement contradicts the knowledge base on are
read whole, as before: their flags cite every statement that agrees with it, which depends on
each statement's day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Hashable
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, Text, and_, cast, func, or_, select
from sqlalchemy.orm import Session

from claimscope.query import tables
from claimscope.records import Stance
from claimscope.store.convert import Decoded
from claimscope.store.models import ClaimRow, DocumentGroupRow, DocumentRow

if TYPE_CHECKING:
    from claimscope.claims.flags import Counted

Prefix = tuple[str, ...]  # (type, person, relation): the statements of one relation of one person


class Pick:
    """Which statements a flag may cite, as they come in storing order: of each object, the first
    EVIDENCE_KEPT, and the first of each of its first EVIDENCE_KEPT sites. The evidence kept is each
    site's first piece until EVIDENCE_KEPT sites are listed, then (fewer sites) the first repeats:
    as many repeats as sites are missing are among the first EVIDENCE_KEPT statements."""

    def __init__(self) -> None:
        self.sites_kept = tables.EVIDENCE_KEPT  # sites whose first statement is cited
        self.first = tables.EVIDENCE_KEPT  # first statements cited
        self.told: dict[Hashable, int] = defaultdict(int)
        self.sites: dict[Hashable, set[str]] = defaultdict(set)

    def cites(self, obj: Hashable, site: str) -> bool:
        """Whether the next statement of ``obj``, of ``site``, may be cited."""
        self.told[obj] += 1
        seen = self.sites[obj]
        if site not in seen and len(seen) < self.sites_kept:
            seen.add(site)
            return True
        return self.told[obj] <= self.first


def prefixed(prefixes: Collection[Prefix]) -> list[ColumnElement[bool]]:
    """The claims of these (type, person, relation), through the key's index."""
    conditions: list[ColumnElement[bool]] = []
    for prefix in sorted(prefixes):  # "role|Steve Witkoff|envoy of|…": every object
        start = "|".join(prefix) + "|"
        conditions.append(and_(ClaimRow.key >= start, ClaimRow.key < start + "\U0010ffff"))
    return conditions


def counted_objects(
    session: Session, prefixes: Collection[Prefix], taken: ColumnElement[bool]
) -> tuple[Counted, set[int]]:
    """The sources and statements of each object of these relations, among the asserting
    statements of the documents ``taken``; and the ids of those a flag may cite."""
    found: dict[tuple[str, str], dict[str, tuple[int, int]]] = {}
    if not prefixes:
        return found, set()
    named = func.coalesce(func.nullif(DocumentRow.site, ""), DocumentRow.source)  # as evidence names it
    counted = func.coalesce(DocumentGroupRow.source_group, ClaimRow.document_id)  # as `Independence` counts it
    query = (
        select(ClaimRow.id, cast(ClaimRow.args, Text), named, counted)
        .join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
        .outerjoin(DocumentGroupRow, DocumentGroupRow.document_id == ClaimRow.document_id)
        .where(or_(*prefixed(prefixes)), ClaimRow.stance == Stance.ASSERTS.value, taken)
        .order_by(DocumentRow.ingested_at, DocumentRow.id, ClaimRow.start, ClaimRow.id)  # as a full refresh reads
    )
    decoded = Decoded()
    sources: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    pick = Pick()
    cited: set[int] = set()
    for claim_id, args_text, site, source in session.execute(query):
        args = decoded(args_text)
        group, obj = (args["person"], args["relation"]), args["object"]
        sources[group][obj].add(source)
        if pick.cites((group, obj), site):
            cited.add(claim_id)
    for group, by_object in sources.items():
        found[group] = {obj: (len(voters), pick.told[(group, obj)]) for obj, voters in by_object.items()}
    return found, cited
