"""Comparable forms of strings, shared by every stage (not a stage itself)."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lowercase, without accents, with plain apostrophes and single spaces."""
    text = text.replace("’", "'").replace("\u2011", "-")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.split())
