"""Site furniture in plain-text page dumps (breadcrumbs, bylines, share lines), from data rules."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from claimscope.lang import merged
from claimscope.records import Span

BREADCRUMB_LINES = 4  # a breadcrumb sits at the top of a page, never in its body


@dataclass(frozen=True)
class Rules:
    breadcrumb: tuple[re.Pattern[str], ...]
    byline: tuple[re.Pattern[str], ...]
    byline_continuation: tuple[re.Pattern[str], ...]
    furniture: tuple[re.Pattern[str], ...]
    dateline: tuple[re.Pattern[str], ...]


@cache
def rules() -> Rules:
    raw = merged("boilerplate")

    def compile_all(key: str) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, re.IGNORECASE) for p in raw[key])

    return Rules(
        breadcrumb=compile_all("breadcrumb"),
        byline=tuple(re.compile(p) for p in raw["byline"]),
        byline_continuation=tuple(re.compile(p) for p in raw["byline_continuation"]),
        furniture=compile_all("furniture"),
        dateline=compile_all("dateline"),
    )


@dataclass
class Cleaned:
    """Raw line spans kept as paragraphs, and what the dropped lines told us."""

    blocks: list[Span]
    author: str | None
    dropped: int
    published: str | None = None  # the date as the page wrote it


def _match(patterns: tuple[re.Pattern[str], ...], line: str) -> re.Match[str] | None:
    for pattern in patterns:
        m = pattern.match(line)
        if m:
            return m
    return None


def is_furniture(line: str) -> bool:
    """A stripped line that a text dump would drop: byline, dateline, breadcrumb or furniture."""
    r = rules()
    return any(_match(kind, line) for kind in (r.byline, r.dateline, r.breadcrumb, r.furniture))


def strip_boilerplate(raw: str) -> Cleaned:
    """Split a text dump into lines and keep the ones that are not site furniture."""
    r = rules()
    blocks: list[Span] = []
    author_parts: list[str] = []
    dropped = 0
    published: str | None = None
    after_byline = False
    offset = 0
    for line in raw.splitlines(keepends=True):
        span = Span(offset, offset + len(line))
        offset += len(line)
        stripped = line.strip()
        if not stripped:
            continue
        if after_byline:
            cont = _match(r.byline_continuation, stripped)
            after_byline = False
            if cont:
                author_parts.append(cont.group("author"))
                dropped += 1
                continue
        byline = _match(r.byline, stripped)
        if byline and not author_parts:
            author_parts.append(byline.group("author").strip())
            after_byline = True
            dropped += 1
            continue
        dateline = _match(r.dateline, stripped)
        if dateline and published is None:
            published = dateline.group("date")
            dropped += 1
            continue
        at_top = len(blocks) + dropped < BREADCRUMB_LINES
        if (at_top and _match(r.breadcrumb, stripped)) or _match(r.furniture, stripped):
            dropped += 1
            continue
        blocks.append(span)
    return Cleaned(blocks, " ".join(author_parts) or None, dropped, published)
