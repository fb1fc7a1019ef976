"""Comparable forms of strings, shared by every stage (not a stage itself).

``fold`` runs hundreds of thousands of times on a long page (every rule folds the words it
looks at), mostly on the same short strings: accented ones are folded once and remembered, and
accents are stripped in one C-level pass rather than character by character in Python.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

FOLD_CACHE_SIZE = 16_384  # distinct accented strings remembered (a long page has a few thousand)
FOLD_CACHE_MAX_CHARS = 200  # longer strings (whole sentences) are rarely folded twice: not kept
# how stored pages open ("date 2025-12-01 …" before their first line): page furniture, no words of the article
DATE_MARKER = re.compile(r"^\s*date\s+\d{4}-\d{2}-\d{2}\s*")


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
    return " ".join(decomposed.translate(_COMBINING_MARKS).split())


class _Table(dict[int, str | int | None]):
    """A table for ``str.translate`` whose entries are worked out on first sight of each code
    point, so that it costs what the texts hold (building one for all 1.1 million code points took
    0.07–0.26 s of every command's start-up; a Python call a character instead, 2.5 times as long)."""

    def __init__(self, entry: Callable[[int], str | int | None]) -> None:
        super().__init__()
        self.entry = entry

    def __missing__(self, code: int) -> str | int | None:
        value = self[code] = self.entry(code)
        return value


# accents stripped: a combining mark maps to nothing, any other code point to itself
_COMBINING_MARKS = _Table(lambda code: None if unicodedata.combining(chr(code)) else code)


def fold_chars(text: str) -> str:
    """Like ``fold`` but one character for one: offsets in the result index the original."""
    return text.translate(_FOLDED_CHARS)


def _folded_char(ch: str) -> str:
    if ch in "’‘":
        return "'"
    low = ch.casefold()
    low = low if len(low) == 1 else ch  # "İ" lowercases to two characters: kept as it is
    plain = "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))
    return plain if len(plain) == 1 else low


_FOLDED_CHARS = _Table(lambda code: _folded_char(chr(code)))  # one character for one
