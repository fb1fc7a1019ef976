"""Places as speakers: the government a country is known by, the article's home country, and
someone of a country ("un Libanais")."""

from __future__ import annotations

from collections.abc import Sequence

from claimscope.entities.gazetteer import gazetteer
from claimscope.entities.kb import KnowledgeBase
from claimscope.entities.roles import indefinite
from claimscope.entities.text import description
from claimscope.lang import merged
from claimscope.records import EntityMention, Mention
from claimscope.text import fold

DEMONSTRATIVES = frozenset(merged("groups")["demonstratives"])  # "ce Russe"


def home_government(entities: Sequence[EntityMention], kb: KnowledgeBase) -> str | None:
    """The government of the country most of the article's places belong to, if the knowledge
    base names one (a country known by a metonym: "la France" -> French government)."""
    country = gazetteer().home_country(e.text for e in entities if e.label == "LOC")
    return _governments(kb).get(country) if country else None


def is_place(name: str) -> bool:
    """A country, region or town of the gazetteer (metonyms such as "Moscou" were tried first)."""
    places = gazetteer()
    return bool(places.country(name) or places.lookup(name))


def someone_of(mention: Mention) -> bool:
    """ "a expliqué un Libanais", "un jeune Ukrainien de 45 ans", "raconte ce Russe": a nationality
    noun, capitalised, heading a phrase after an indefinite article or a demonstrative is someone
    of that country, not the place (whose name, "un Liban exsangue", stays no voice; "un soldat
    ukrainien" is a soldier; "ce Russe" is not the Bulgarian town of Russe)."""
    determined = indefinite(mention) or fold(mention.text).split()[:1] in ([w] for w in DEMONSTRATIVES)
    if mention.number != "sing" or not determined or not gazetteer().is_nationality(mention.head_lemma):
        return False
    return any(w[:1].isupper() and gazetteer().is_nationality(w) for w in description(mention.text).split())


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
