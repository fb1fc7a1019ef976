"""The people of an article as discourse entities: what they are called and where they were
mentioned, weighted by the place of each mention (shared by `discourse.py` and `unnamed.py`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from claimscope.text import fold

SUBJECT, SPEAKER, OTHER, REPORTED = 1.0, 1.0, 0.5, 0.25  # weight of a mention by its place


@dataclass
class Entity:
    """A person of the article: canonical name, what it is called, where it was mentioned."""

    name: str
    gender: str | None = None
    roles: set[str] = field(default_factory=set)  # folded role nouns ("ministre", "avocat")
    marks: set[str] = field(default_factory=set)  # folded proper words of its descriptions ("fnsea")
    described: list[frozenset[str]] = field(default_factory=list)  # words of each description
    mentions: list[tuple[int, float, int]] = field(default_factory=list)  # (sentence number, weight, offset)
    unnamed: bool = False  # known by a description only ("le maire"): its name is that description


def role_key(word: str) -> str:
    """A role noun as compared: folded, without "ex-" ("l'ex-chef de l'Etat" is a chef)."""
    word = fold(word)
    return word[3:] if word.startswith("ex-") else word
