"""Comparable forms of strings, shared by every stage (not a stage itself).

``fold`` runs hundreds of thousands of times on a long page (every rule folds the words it
looks at), mostly on the same short strings: accented ones are folded once and remembered, and
accents are stripped in one C-level pass rather than character by character in Python.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache

from claimscope.data import load

FOLD_CACHE_SIZE = 16_384  # distinct accented strings remembered (a long page has a few thousand)
FOLD_CACHE_MAX_CHARS = 200  # longer strings (whole sentences) are rarely folded twice: not kept


def fold(text: str) -> str:
    """Lowercase, without accents, with plain apostrophes and single spaces."""
    if text.isascii():  # most words: no accent to strip, nothing to decompose
        return " ".join(text.lower().split())
    if len(text) <= FOLD_CACHE_MAX_CHARS:
        return _fold_remembered(text)
    return _fold(text)


@lru_cache(maxsize=FOLD_CACHE_SIZE)
def _fold_remembered(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    text = text.replace("’", "'").replace("\u2011", "-")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join(decomposed.translate(_combining_marks()).split())


@cache
def _combining_marks() -> dict[int, None]:
    """Every code point with a non-zero combining class, mapped to nothing: the table
    ``str.translate`` strips accents with (built once, in some 0.07 s)."""
    return dict.fromkeys(c for c in range(sys.maxunicode + 1) if unicodedata.combining(chr(c)))


def fold_chars(text: str) -> str:
    """Like ``fold`` but one character for one: offsets in the result index the original."""
    return "".join(_folded_char(ch) for ch in text)


@cache
def _folded_char(ch: str) -> str:
    if ch in "’‘":
        return "'"
    low = ch.casefold()
    low = low if len(low) == 1 else ch  # "İ" lowercases to two characters: kept as it is
    plain = "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))
    return plain if len(plain) == 1 else low


def er_forms(infinitives: Iterable[str]) -> dict[str, str]:
    """Inflected forms of French first-group verbs (-er) -> infinitive, from the endings in
    grammar.yaml: "indique" or "contrôlent", which the tagger sometimes leaves as their own lemma."""
    forms: dict[str, str] = {}
    endings = load("grammar")["er_endings"]
    for verb in infinitives:
        if verb.endswith("er"):
            for ending in endings:
                forms.setdefault(verb[:-2] + ending, verb)
    return forms
