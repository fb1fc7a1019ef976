"""Places as speakers: the government a country is known by, and the article's home country."""

from __future__ import annotations

from collections.abc import Sequence

from claimscope.entities.gazetteer import gazetteer
from claimscope.entities.kb import KnowledgeBase
from claimscope.records import EntityMention


def home_government(entities: Sequence[EntityMention], kb: KnowledgeBase) -> str | None:
    """The government of the country most of the article's places belong to, if the knowledge
    base names one (a country known by a metonym: "la France" -> French government)."""
    country = gazetteer().home_country(e.text for e in entities if e.label == "LOC")
    return _governments(kb).get(country) if country else None


def is_place(name: str) -> bool:
    """A country, region or town of the gazetteer (metonyms such as "Moscou" were tried first)."""
    places = gazetteer()
    return bool(places.country(name) or places.lookup(name))


_GOVERNMENTS: dict[int, dict[str, str]] = {}  # id(knowledge base) -> country code -> government


def _governments(kb: KnowledgeBase) -> dict[str, str]:
    if id(kb) not in _GOVERNMENTS:
        places = gazetteer()
        found: dict[str, str] = {}
        for alias, government in kb.metonyms.items():
            country = places.country(alias)
            if country:
                found.setdefault(country, government)
        _GOVERNMENTS[id(kb)] = found
    return _GOVERNMENTS[id(kb)]
