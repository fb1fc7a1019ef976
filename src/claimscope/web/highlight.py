"""Stored text with marked spans, as properly nested and escaped HTML.

An article's spans overlap freely: a flag covers a sentence, an attribution's content lies in it,
a claim may cover the same words or cross the content's end, the speaker's mention and the cue
sit beside or inside. HTML elements must nest, so a span that crosses the end of an enclosing one
is closed there and reopened after it as a continuation piece. Only the first piece carries the
attributes that must be unique in a page (``id``, ``tabindex``); every piece carries the classes
and the other attributes, so styling and hover work on each piece.

The text is hostile: every text piece and every attribute value goes through markupsafe's
``escape``; attribute names come from code and are checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

FIRST_PIECE_ONLY = frozenset({"id", "tabindex"})
ATTRIBUTE_NAME = re.compile(r"[a-z][a-z0-9-]*\Z")


@dataclass(frozen=True)
class Mark:
    """A span of the text to wrap in a ``<span>``; among equal spans, a lower rank wraps a higher one."""

    start: int
    end: int
    classes: tuple[str, ...] = ()
    attrs: tuple[tuple[str, str], ...] = ()
    rank: int = 0

    def __post_init__(self) -> None:
        for name, _ in self.attrs:
            if not ATTRIBUTE_NAME.match(name):
                raise ValueError(f"attribute name {name!r}: lower-case letters, digits and - only")


def _open(mark: Mark, first: bool) -> str:
    attrs = [("class", " ".join(mark.classes))] if mark.classes else []
    attrs += [(k, v) for k, v in mark.attrs if first or k not in FIRST_PIECE_ONLY]
    return "<span" + "".join(f' {k}="{escape(v)}"' for k, v in attrs) + ">"


def highlight(text: str, marks: Iterable[Mark]) -> Markup:
    """``text`` escaped, with each mark's span wrapped; marks outside the text are clipped to it.

    Marks that start together open outermost-first (longest, then lowest rank); at each boundary
    the marks that end there are closed, and any mark opened inside them but running on is closed
    with them and reopened as a continuation piece. Empty marks become empty elements, so their
    anchors still exist.
    """
    size = len(text)
    clipped = [(min(max(m.start, 0), size), min(max(m.end, m.start, 0), size), m) for m in marks]
    ordered = sorted(clipped, key=lambda item: (item[0], -item[1], item[2].rank))
    starts: dict[int, list[tuple[int, Mark]]] = {}
    for start, end, m in ordered:
        starts.setdefault(start, []).append((end, m))
    stops = sorted({0, size, *(s for s, _, _ in ordered), *(e for _, e, _ in ordered)})
    out: list[str] = []
    stack: list[tuple[int, Mark]] = []  # (end, mark), outermost first
    for at, following in zip(stops, [*stops[1:], size], strict=True):
        ending = [i for i, (end, _) in enumerate(stack) if end <= at]
        if ending:
            lowest = ending[0]
            out.extend("</span>" for _ in stack[lowest:])
            running_on = [(end, m) for end, m in stack[lowest + 1 :] if end > at]
            stack = stack[:lowest]
            for end, m in running_on:
                out.append(_open(m, first=False))
                stack.append((end, m))
        for end, m in starts.get(at, []):
            out.append(_open(m, first=True))
            if end == at:
                out.append("</span>")
            else:
                stack.append((end, m))
        out.append(str(escape(text[at:following])))
    return Markup("".join(out))
