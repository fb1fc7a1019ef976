"""Comparable forms of strings, shared by every stage (not a stage itself)."""

from __future__ import annotations

import unicodedata
from functools import cache


def fold(text: str) -> str:
    """Lowercase, without accents, with plain apostrophes and single spaces."""
    if text.isascii():  # most words: no accent to strip, nothing to decompose
        return " ".join(text.lower().split())
    text = text.replace("’", "'").replace("\u2011", "-")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.split())


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
