"""What the flags of new articles need of a much-told relation's stored statements: each object's
sources and statements counted, and only the statements a flag may cite read whole.

A new article giving someone an office ("Steve Witkoff, envoy of …") is flagged when independent
sources outvote its object (`claims.flags`), with the majority's statements as evidence; the store
keeps EVIDENCE_KEPT of them (`query.tables`): each site's first, up to EVIDENCE_KEPT sites, then
the first repeats. So of the tens of thousands of statements of a much-told relation, a refresh
needs their objects' sources and statements counted and, of each object, the statements `Pick`
keeps: both are kept in the store as documents come (`query.object_counts`), and only those
statements are read whole. The relations a new statement contradicts the knowledge base on are
read whole, as before: their flags cite every statement that agrees with it, which depends on
each statement's day.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Hashable
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from claimscope.query import tables
from claimscope.query.tables import chunks
from claimscope.store.models import ClaimRow, ObjectEvidenceRow, ObjectSourceRow

if TYPE_CHECKING:
    from claimscope.claims.flags import Counted

Prefix = tuple[str, ...]  # (type, person, relation): the statements of one relation of one person
Relation = tuple[str, str]  # (person, relation): the statements of one relation of both types, as flags group them


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


def relation_id(said: Relation) -> str:
    """A (person, relation)'s id in the kept tables: bounded, whatever the names' length."""
    return tables.pid("|".join(said))


def counted_objects(session: Session, relations: Collection[Relation]) -> tuple[Counted, set[int]]:
    """The sources and statements of each object of these relations, and the ids of the
    statements a flag may cite, as the store keeps them (`query.object_counts`)."""
    by_id = {relation_id(said): said for said in relations}
    sources: dict[Relation, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    told: dict[Relation, Counter[str]] = defaultdict(Counter)
    cited: set[int] = set()
    for batch in chunks(sorted(by_id)):
        rows = ObjectSourceRow
        kept = select(rows.relation, rows.object, rows.source, rows.statements).where(rows.relation.in_(batch))
        for rid, obj, source, n in session.execute(kept):
            sources[by_id[rid]][obj].add(source)
            told[by_id[rid]][obj] += n
        cited |= set(session.scalars(select(ObjectEvidenceRow.claim_id).where(ObjectEvidenceRow.relation.in_(batch))))
    found = {
        said: {obj: (len(voters), told[said][obj]) for obj, voters in by_object.items()}
        for said, by_object in sources.items()
    }
    return found, cited
