"""Text normalisation that keeps an offset map to the raw input.

Typographic variants that break tokenisation or matching (non-breaking hyphens and spaces,
curly apostrophes, zero-width characters) are mapped to plain forms; runs of spaces collapse.
Every stored character remembers where it came from, so spans can be traced to the source.
"""

from __future__ import annotations

from collections.abc import Iterable

from claimscope.records import OffsetMap, Span

# one character in, one character out
CHAR_MAP = {
    "\u2011": "-",  # non-breaking hyphen
    "\u2010": "-",
    "\u2012": "-",
    "\u00a0": " ",  # no-break space
    "\u202f": " ",  # narrow no-break space (French typography before : ; ! ? »)
    "\u2007": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\t": " ",
    "\u2019": "'",  # right single quote used as apostrophe
    "\u02bc": "'",
    "\u2032": "'",
    "\u201b": "'",
    "\u2033": '"',
    "\uff02": '"',
}
# characters dropped altogether (U+E000 and U+E001 mark search hits in snippets: never stored)
DROPPED = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\r", "\ue000", "\ue001"}
PARAGRAPH_SEPARATOR = "\n\n"


def normalise_char(ch: str) -> str:
    return CHAR_MAP.get(ch, ch)


def normalise_text(text: str) -> str:
    """Normalise a free string (a gold span, a query) the same way as stored text."""
    stored, _ = normalise_blocks(text, [Span(0, len(text))])
    return stored


def normalise_blocks(raw: str, blocks: Iterable[Span]) -> tuple[str, OffsetMap]:
    """Join the given raw blocks as paragraphs of normalised text, with the offset map."""
    out: list[str] = []
    origin: list[int] = []
    for block in blocks:
        chars, where = _normalise_block(raw, block)
        if not chars:
            continue
        if out:
            out.append(PARAGRAPH_SEPARATOR)
            origin.extend([where[0]] * len(PARAGRAPH_SEPARATOR))
        out.append("".join(chars))
        origin.extend(where)
    text = "".join(out)
    return text, OffsetMap(_runs(origin, text))


def _normalise_block(raw: str, block: Span) -> tuple[list[str], list[int]]:
    chars: list[str] = []
    where: list[int] = []
    for i in range(block.start, block.end):
        ch = raw[i]
        if ch in DROPPED:
            continue
        ch = normalise_char(ch)
        if ch.isspace():
            ch = "\n" if ch == "\n" else " "
            if chars and chars[-1] in " \n":
                if ch == "\n" and chars[-1] == " ":
                    chars[-1], where[-1] = "\n", i
                continue
            if not chars:
                continue
        chars.append(ch)
        where.append(i)
    while chars and chars[-1] in " \n":
        chars.pop()
        where.pop()
    return chars, where


def _runs(origin: list[int], text: str) -> tuple[tuple[int, int, int], ...]:
    runs: list[tuple[int, int, int]] = []
    start = 0
    for i in range(1, len(origin) + 1):
        if i == len(origin) or origin[i] != origin[i - 1] + 1:
            runs.append((start, origin[start], i - start))
            start = i
    return tuple(runs) if text else ()
