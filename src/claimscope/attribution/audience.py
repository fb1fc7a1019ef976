"""Whom someone spoke to, which is no part of who spoke: "a déclaré le ministre à la presse", "a
indiqué une source proche du dossier à l'AFP", "a confié un diplomate au quotidien Le Parisien" —
an audience, a news medium of data/media.yaml, an outlet noun before a name, or a person ("a
déclaré Keir Starmer à Emmanuel Macron"), after "à".

Not where someone works ("un journaliste à l'AFP", "Jean Dupont, journaliste au Monde"), not a
title's complement ("la ministre déléguée aux Médias", "le représentant russe à l'ONU"), not words
of a clause inside the description ("le député monté à la tribune"), and not before the verb
("Un porte-parole à l'AFP a indiqué …" cannot have spoken to AFP before saying it).
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from claimscope.attribution.names import NAME_HYPHENS
from claimscope.attribution.tokens import GRAMMAR, person_start
from claimscope.data import load as load_data
from claimscope.lang import load
from claimscope.text import fold

PREPOSITIONS = frozenset(GRAMMAR["audience_prepositions"])
AUDIENCES = frozenset(GRAMMAR["audiences"])
MEDIA_TRADES = frozenset(GRAMMAR["media_trades"])
OUTLET_NOUNS = frozenset(load("fr", "groups")["outlets"])  # "au quotidien Le Parisien", "à l'agence Tass"
CLAUSE_POS = {"VERB", "AUX"}


def spoken_to(head: Token, hi: int) -> int:
    """Where the words for the speaker ``head`` end before whom they spoke to (``hi``, their last
    token, when they name no one)."""
    if head.dep_.startswith("nsubj") and head.i < head.head.i and not any(c.dep_ == "case" for c in head.children):
        return hi  # before its verb (not "D'après une source … à l'AFP", whatever the parser hung it on)
    for token in head.doc[head.i + 1 : hi + 1]:
        if _audience(token) and not _in_clause(token, head) and token.head.lemma_.lower() not in MEDIA_TRADES:
            return token.left_edge.i - 1
    return hi


def _audience(phrase: Token) -> bool:
    if not any(c.dep_ == "case" and c.lower_ in PREPOSITIONS for c in phrase.children):
        return False
    lemma = phrase.lemma_.lower()
    if person_start(phrase):
        return True  # "a déclaré Keir Starmer à Emmanuel Macron": whom he told
    if phrase.text[:1].islower() and lemma in AUDIENCES:
        return True  # "à la presse"; a capitalised "aux Médias" is a minister's portfolio
    if lemma in OUTLET_NOUNS:
        return any(c.text[:1].isupper() for c in phrase.children)  # "à la chaîne CNN", not "à la chaîne"
    return _medium(phrase)


def _in_clause(token: Token, head: Token) -> bool:
    """Inside a participle or relative clause of the description ("le député monté à la tribune")."""
    node = token.head
    while node.i != head.i and node.head.i != node.i:
        if node.pos_ in CLAUSE_POS:
            return True
        node = node.head
    return False


def _medium(phrase: Token) -> bool:
    """A news medium's name, its article left out ("l'AFP", "au Monde"; not "la Croix" of "la
    Croix-Rouge")."""
    words = [t for t in phrase.subtree if t.dep_ not in {"case", "det"}]
    if not words:
        return False
    doc, last = phrase.doc, words[-1]
    if last.i + 1 < len(doc) and not last.whitespace_ and doc[last.i + 1].text in NAME_HYPHENS:
        return False  # a longer name goes on
    return news_medium(doc[words[0].i : last.i + 1].text) is not None


def news_medium(name: str) -> str | None:
    """The news medium of this name as data/media.yaml writes it, a leading article aside ("le
    Monde" is "Le Monde", "le Washington Post"; not "au monde")."""
    words = _unarticled(name)
    listed = _media().get(fold(" ".join(words)))
    if listed is None or not words:
        return None
    return listed if words[0][:1].isupper() or not listed[:1].isupper() else None


@cache
def _media() -> dict[str, str]:
    """Each medium by its comparison key, named by its first spelling in data/media.yaml."""
    found: dict[str, str] = {}
    for name in load_data("media")["media"]:
        found.setdefault(fold(" ".join(_unarticled(name))), name)
    return found


def _unarticled(name: str) -> list[str]:
    """The name's words, a leading article left out ("l'AFP", "Le Monde", "The Guardian")."""
    words = name.replace("\u2019", "'").replace("'", "' ").split()
    return words[1:] if words[:1] and fold(words[0]) in load_data("media")["articles"] else words
