"""What the flags of new articles need of a much-told relation's stored statements: each object's
sources and statements counted, and only the statements a flag may cite read whole.

A new article giving someone an office ("Steve Witkoff, envoy of …") is flagged when independent
sources outvote its object (`claims.flags`), with the majority's statements as evidence; the store
keeps the first EVIDENCE_KEPT of them, the first of each site before the others
(`query.tables`). So of the tens of thousands of statements of a much-told relation, a refresh
needs their objects' sources and statements counted, and, of each object, the first
2 × EVIDENCE_KEPT in storing order and the first of each site: whatever else an evidence list
holds comes after the kept ones (a site already listed, once EVIDENCE_KEPT repeats are). Those
are found by one narrow read (ids, arguments, sites, sources) in storing order; only they are
read whole. The relations a new statement contradicts the knowledge base on are read whole, as
before: their flags cite every statement that agrees with it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Text, and_, cast, func, or_, select
from sqlalchemy.orm import Session

from claimscope.query import tables
from claimscope.records import Stance
from claimscope.store.models import ClaimRow, DocumentGroupRow, DocumentRow

if TYPE_CHECKING:
    from claimscope.claims.flags import Counted

Prefix = tuple[str, ...]  # (type, person, relation): the statements of one relation of one person


def head() -> int:
    """How many of an object's first statements a flag may cite (the kept evidence and as many
    repeats of a site before it)."""
    return 2 * tables.EVIDENCE_KEPT


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
    site = func.coalesce(func.nullif(DocumentRow.site, ""), DocumentRow.source)  # as evidence names it
    source = func.coalesce(DocumentGroupRow.source_group, ClaimRow.document_id)  # as `Independence` counts it
    query = (
        select(ClaimRow.id, cast(ClaimRow.args, Text), site, source)
        .join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
        .outerjoin(DocumentGroupRow, DocumentGroupRow.document_id == ClaimRow.document_id)
        .where(or_(*prefixed(prefixes)), ClaimRow.stance == Stance.ASSERTS.value, taken)
        .order_by(DocumentRow.ingested_at, DocumentRow.id, ClaimRow.start, ClaimRow.id)  # as a full refresh reads
    )
    decoded: dict[str, Any] = {}
    sources: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    statements: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    sites: set[tuple[str, str, str, str]] = set()
    cited: set[int] = set()
    first = head()
    for claim_id, args_text, where, source in session.execute(query):
        args = decoded.get(args_text)
        if args is None:
            args = decoded[args_text] = json.loads(args_text)
        group, obj = (args["person"], args["relation"]), args["object"]
        sources[group][obj].add(source)
        statements[group][obj] += 1
        if statements[group][obj] <= first or (*group, obj, where) not in sites:
            cited.add(claim_id)
        sites.add((*group, obj, where))
    for group, by_object in statements.items():
        found[group] = {obj: (len(sources[group][obj]), n) for obj, n in by_object.items()}
    return found, cited
