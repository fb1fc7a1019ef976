"""Acronyms in an article: those it defines ("l'Organisation météorologique mondiale (OMM)") and
those it uses after spelling the name out ("the International Monetary Fund" … "the IMF")."""

from __future__ import annotations

import re

from claimscope.entities.discourse import LINKING
from claimscope.text import fold

ACRONYM = re.compile(r"(?P<full>[A-ZÀ-Ý][\w'’-]*(?: [\w'’-]+){0,7}) \((?P<short>[A-Z]{2,8})\)")


def acronyms(text: str) -> dict[str, str]:
    """Acronyms the text defines ("l'Organisation météorologique mondiale (OMM)"): the short
    form's letters are the initials of the words before the parenthesis."""
    found: dict[str, str] = {}
    for match in ACRONYM.finditer(text):
        short = match.group("short")
        words = [w for w in match.group("full").replace("’", "'").split() if fold(w) not in LINKING]
        words = [w.split("'")[-1] for w in words]
        initials = "".join(w[:1] for w in words).upper()
        if initials.endswith(short):
            full = words[len(words) - len(short) :]
            start = match.group("full").find(full[0])
            found[short] = match.group("full")[start:]
    return found


WORD = re.compile(r"[\w'’.-]+")


def spelled_out(short: str, text: str) -> str | None:
    """The first name in the text whose capitalised words' initials spell an acronym that the text
    uses without defining it ("the International Monetary Fund" … "The IMF said")."""
    if not (2 <= len(short) <= 8 and short.isalpha() and short.isupper()):
        return None
    words = list(WORD.finditer(text))
    for n, first in enumerate(words):
        if first.group()[:1] != short[0] or first.group().isupper():
            continue
        letters, end = 1, first.end()
        for word in words[n + 1 : n + 2 * len(short)]:
            if letters == len(short) or word.start() - end > 1:
                break  # words of one name follow each other, a space apart
            end = word.end()
            if fold(word.group()) in LINKING:
                continue
            if word.group()[:1] != short[letters]:
                break
            letters, last = letters + 1, word
        if letters == len(short) and fold(text[last.start() : last.end()]) not in LINKING:
            return text[first.start() : last.end()]
    return None
