"""What the flags of new articles need of a much-told relation's stored statements: each object's
sources and statements counted, and only the statements a flag may cite read whole.

A new article giving someone an office ("Steve Witkoff, envoy of …") is flagged when independent
sources outvote its object (`claims.flags`), with the majority's statements as evidence; the store
keeps EVIDENCE_KEPT of them (`query.tables`): each site's first, up to EVIDENCE_KEPT sites, then
the first repeats. So of the tens of thousands of statements of a much-told relation, a refresh
needs their objects' sources and statements counted and, of each object, the statements `Pick`
keeps: both are kept in the store as documents come (`query.object_counts`), and only those
statements are read whole. Likewise a flag against the knowledge base cites the statements of the
relation it allows (which depends on each statement's day): they are counted, and those `Pick`
keeps of them read whole, unless a new article's are among them (`object_counts.allowed_picked`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Hashable

from sqlalchemy import ColumnElement, and_

from claimscope.query import tables
from claimscope.store.models import ClaimRow
from claimscope.store.rows import KEY_CHARS

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
    """The claims of these (type, person, relation), through the key's index. A key longer than
    the store keeps is cut (and so is a value compared with it): the range's bounds are cut to fit
    below that length, and may take in other relations of the same first characters, which a
    caller reading a relation tells apart by the claims' arguments."""
    conditions: list[ColumnElement[bool]] = []
    for prefix in sorted(prefixes):  # "role|Steve Witkoff|envoy of|…": every object
        start = ("|".join(prefix) + "|")[: KEY_CHARS - 1]
        conditions.append(and_(ClaimRow.key >= start, ClaimRow.key < start + "\U0010ffff"))
    return conditions


def relation_id(said: Relation) -> str:
    """A (person, relation)'s id in the kept tables: bounded, whatever the names' length."""
    return tables.pid("|".join(said))
