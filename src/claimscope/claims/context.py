"""What claim readers see: a unit of text with its source, inside the document's context, and
the document's country and the English names of what its titles are "of"."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlparse

from spacy.tokens import Token

from claimscope.claims.rules import ClaimRules, longest_key, opening, rules
from claimscope.data import load
from claimscope.entities.gazetteer import Gazetteer
from claimscope.entities.kb import KnowledgeBase
from claimscope.records import Claim, Document, EntityMention, Place, Source, Span
from claimscope.text import fold, fold_chars

SLOTS = {"adj": r"[\w'-]+", "city": r"[\w'-]+", "portfolio": r".+", "place": r".+", "x": r".+"}


def token_key(token: Token) -> tuple[int, int]:
    return (id(token.doc), token.i)


def is_name(token: Token) -> bool:
    """A name: a proper noun, or a capitalised word the tagger missed (not the sentence's first)."""
    return token.pos_ == "PROPN" or (token.text[:1].isupper() and token.i != token.sent.start)


@dataclass(frozen=True)
class Word:
    """A spaCy token with its offsets in the stored text."""

    start: int
    token: Token

    @property
    def end(self) -> int:
        return self.start + len(self.token.text)


@dataclass
class Unit:
    """A stretch of text read for claims: reported words with their speaker, or narration."""

    words: list[Word]
    span: Span  # the evidence: reported content, or the sentence for narration
    sentence: Span
    source: Source
    cue_class: str | None = None
    attribution: int | None = None
    _keys: set[tuple[int, int]] | None = field(default=None, repr=False)
    _starts: list[int] | None = field(default=None, repr=False)

    def text(self, document: Document) -> str:
        return document.text[self.span.start : self.span.end]

    def word_at(self, offset: int) -> Word | None:
        """The first word starting at or after ``offset``."""
        if self._starts is None:
            self._starts = [w.start for w in self.words]
        at = bisect_left(self._starts, offset)
        return self.words[at] if at < len(self.words) else None

    def has(self, token: Token) -> bool:
        """spaCy makes a new Token object on each access: tokens compare by (doc, index)."""
        if self._keys is None:
            self._keys = {token_key(w.token) for w in self.words}
        return token_key(token) in self._keys


@dataclass
class DocumentContext:
    document: Document
    words: list[Word]
    entities: list[EntityMention]
    countries: tuple[str, ...]
    rules: ClaimRules
    kb: KnowledgeBase
    gazetteer: Gazetteer
    claims: list[Claim] = field(default_factory=list)
    last_place: Place | None = None
    found: dict[str, Place | None] = field(default_factory=dict)  # document-wide answers, computed once
    home: str | None = None  # the country the document is about (English name), for "le Premier ministre"
    _country: str | None = field(default=None, init=False, repr=False)  # country(), computed once
    starts: list[int] = field(init=False)
    by_label: dict[str, tuple[list[int], list[EntityMention]]] = field(init=False)

    def __post_init__(self) -> None:
        self.starts = [w.start for w in self.words]
        self.by_label = {}
        for entity in sorted(self.entities, key=lambda e: e.span.start):
            starts, found = self.by_label.setdefault(entity.label, ([], []))
            starts.append(entity.span.start)
            found.append(entity)

    def is_person(self, entity: EntityMention) -> bool:
        """A person the knowledge base knows, or a full name ("Agnès Buzyn"): claims are read
        about people of every kind of news, not only the known ones."""
        return bool(self.kb.person(entity.name)) or (len(entity.name.split()) >= 2 and entity.name[:1].isupper())

    def words_in(self, span: Span) -> list[Word]:
        """The words inside a span (found by bisection: spans of run-on text are long)."""
        i = bisect_left(self.starts, span.start)
        j = bisect_left(self.starts, span.end, lo=i)
        while j > i and self.words[j - 1].end > span.end:
            j -= 1
        return self.words[i:j]

    def entities_in(self, words: list[Word], label: str) -> list[EntityMention]:
        """Entities of a label that start on one of ``words`` (sorted, possibly with gaps)."""
        if not words or label not in self.by_label:
            return []
        starts, entities = self.by_label[label]
        word_starts = [w.start for w in words]
        found = []
        for i in range(bisect_left(starts, words[0].start), bisect_left(starts, words[-1].end)):
            entity = entities[i]
            at = bisect_right(word_starts, entity.span.start) - 1
            if at >= 0 and words[at].start <= entity.span.start < words[at].end:
                found.append(entity)
        return found

    def country(self) -> str | None:
        """The country the document is about: the one most of its places belong to (towns, and
        regions such as the French départements, by the gazetteer; "Europe" is no country), the
        gazetteer's choice on a tie, else its site's domain (a French site's article that names no
        place has France's ministers)."""
        if self._country is None:
            votes: Counter[str] = Counter()
            for entity in self.entities:
                if entity.label == "LOC":
                    code = self._country_code(entity.text)
                    name = self.gazetteer.country_name(code) if code else None
                    votes.update([name] if name else [])
            ranked = sorted(votes.items(), key=lambda item: (-item[1], item[0] != self.home))
            self._country = ranked[0][0] if ranked else self.home or self._site_country() or ""
        return self._country or None

    def _site_country(self) -> str | None:
        url = self.document.url or self.document.site or ""
        host = urlparse(url).hostname or url
        return self.rules.titles.site_countries.get(host.rsplit(".", 1)[-1].lower()) if host else None

    def _country_code(self, name: str) -> str | None:
        place = self.gazetteer.lookup(name)
        return self.gazetteer.country(name) or (place.country if place else None)

    def english_of(self, written: str) -> str | None:
        """The English name of an organisation or office written as a title's complement ("du
        gouvernement congolais": the Congolese government), or None when the vocabulary of
        lang/fr/titles.yaml does not name it. Claims are compared with English gold and across
        outlets: an institution must be written as the English press writes it."""
        text = written.strip(" ,.")
        folded = fold_chars(text)
        article = leading_article(self.rules.language).match(folded)
        if article:
            text, folded = text[article.end() :], folded[article.end() :]
        named = organisation(folded, self.rules)
        if named:
            return named
        country = _country_names(self.rules.language).get(fold(folded))
        if country:  # "du Sénégal"
            return self.gazetteer.country_name(country)
        for pattern, english in _templates(self.rules.language):
            match = pattern.fullmatch(folded)
            filled = self._filled(match, english, text) if match else None
            if filled:
                return filled
        return _after_descriptor(text, folded, self.rules)

    def affiliation_of(self, written: str) -> str | None:
        """An institution named inside a longer complement ("au département des sciences de
        l'université de Milan"): the last one the vocabulary names."""
        folded = fold_chars(written)
        of = opening(self.rules.titles.genitives)
        for start in reversed([0, *(m.end() for m in re.finditer(rf"\b{of}", folded))]):
            named = self.english_of(written[start:])
            if named:
                return named
        return None

    def _filled(self, match: re.Match[str], english: str, text: str) -> str | None:
        """A template's English form with its slots filled, or None when a slot does not hold
        what it must (an adjective of a country, a portfolio, a capitalised name)."""
        titles = self.rules.titles
        values: dict[str, str] = {}
        for slot, value in match.groupdict().items():
            written = text[match.start(slot) : match.end(slot)].strip()
            if slot == "adj":
                values[slot] = titles.adjectives.get(value, "")
            elif slot == "city":
                values[slot] = titles.city_adjectives.get(value, "")
            elif slot == "portfolio":
                values[slot] = _ministry(value, self.rules)
            elif slot == "place":
                place = self.gazetteer.lookup(written)
                values[slot] = place.name if place else written.replace(" à ", " at ") if written[:1].isupper() else ""
            else:
                values[slot] = written if written[:1].isupper() else ""
            if not values[slot]:
                return None
        if "{home}" in english:
            country = self.country()
            adjective = next((a for a, c in titles.countries.items() if c == country), None)
            if adjective is None:
                return None
            values["home"] = adjective
        return english.format(**values)


def organisation(folded: str, data: ClaimRules) -> str | None:
    """An organisation a complement starts with, by its French name or acronym, in English
    (whole words: "ps" does not start "psg")."""
    key = longest_key(data.organisations, folded.strip())
    return data.organisations[key] if key is not None else None


@cache
def leading_article(language: str) -> re.Pattern[str]:
    """An article opening a folded phrase ("la Somme", "le gouvernement")."""
    return re.compile(rf"^{opening(rules(language).titles.articles)}")


@cache
def _country_names(language: str) -> dict[str, str]:
    """Folded country names -> ISO code, from the gazetteer's own list (its capitalised entries
    are names, its lowercase ones adjectives; an English adjective is no name either)."""
    adjectives = set(rules(language).titles.countries)
    return {
        fold(name): code
        for code, names in load("exonyms")["countries"].items()
        for name in names
        if name[:1].isupper() and name not in adjectives
    }


@cache
def _templates(language: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """lang/<language>/titles.yaml's templates as patterns on folded text ("de" stands for du, de la, d')."""
    compiled, of = [], opening(rules(language).titles.genitives)
    for french, english in rules(language).titles.templates:
        pattern = re.escape(french).replace(r"\ de\ ", rf" {of}")
        for slot, form in SLOTS.items():
            pattern = pattern.replace(rf"\{{{slot}\}}", f"(?P<{slot}>{form})")
        compiled.append((re.compile(pattern), english))
    return tuple(compiled)


def _ministry(folded: str, data: ClaimRules) -> str:
    """A ministry from its portfolio ("des Affaires étrangères" -> "Foreign Affairs")."""
    key = longest_key(data.portfolios, folded)
    if key is None:
        return ""
    portfolio = data.portfolios[key]
    return data.titles.ministries.get(portfolio, portfolio.title())


def _after_descriptor(text: str, folded: str, data: ClaimRules) -> str | None:
    """ "start-up Mistral AI", "coalition Benno Bokk Yakaar": the proper name after the noun."""
    head, _, rest = folded.partition(" ")
    name = text[len(head) + 1 :].strip()
    if head in data.titles.descriptors and rest and name[:1].isupper():
        return organisation(fold(name), data) or name
    return None
