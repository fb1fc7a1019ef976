"""The knowledge a store reads with: the packaged base plus what `kb import` added to it."""

from __future__ import annotations

import copy

from claimscope.entities.gazetteer import curated_name, gazetteer
from claimscope.entities.kb import KnowledgeBase, knowledge
from claimscope.records import Place
from claimscope.store import Store
from claimscope.text import fold


def store_knowledge(store: Store) -> KnowledgeBase:
    """A copy, so that one store's imports never leak into another's checks in the same process."""
    kb = copy.deepcopy(knowledge())
    for item in store.knowledge():
        kb.add(item)
    return kb


def canonical(needle: str, kb: KnowledgeBase) -> tuple[str, str | None, Place | None]:
    """A person, body or place in any spelling (Poutine, ISW, Kiev) -> (canonical name, type, place)."""
    person = kb.person(needle)
    if person is not None:
        return person.name, "person", None
    body = kb.organisation(needle)
    if body is not None:
        return body, "organisation", None
    place = gazetteer().lookup(needle)
    if place is not None:
        return place.name, "place", place
    return needle.strip(), None, None


def spellings(needle: str, kb: KnowledgeBase) -> set[str]:
    """Folded names to look for: the text as given and its canonical form (a person or a curated
    place is resolved without the GeoNames index)."""
    person = kb.person(needle)
    name = person.name if person else curated_name(needle) or canonical(needle, kb)[0]
    return {fold(needle), fold(name)} - {""}
