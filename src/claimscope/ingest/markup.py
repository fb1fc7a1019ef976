"""Markup made fit for extraction: nesting deeper than the HTML parser follows flattened, and
code inside headings dropped.

libxml2 (lxml, under trafilatura) stops at 255 levels of nesting (2,048 with its "huge" option)
and drops everything below: an article wrapped in 500 ``<div>`` is lost whole, and so is the rest
of the page. Here the tags are scanned once (linear: comments, scripts and styles are skipped
whole, an end tag finds its start in an index of the open elements, and only among the innermost
MAX_SEARCH of them); a page nested deeper than MAX_DEPTH loses the start and end tags of the
elements below that depth, while their text stays, and so do the tags that cannot nest in
themselves and carry the text's lines (paragraphs, list items, cells, line breaks): the parser
then sees the article. A page no deeper than MAX_DEPTH is passed on unchanged, byte for byte.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

MAX_DEPTH = 100  # real pages stay far below (a few dozen levels); libxml2 gives up at 255
MAX_SEARCH = 256  # how far down the open elements an end tag looks for its start
TAG = re.compile(
    r"<!--.*?(?:-->|\Z)"  # a comment, or an unclosed one to the end
    r"|<(script|style)\b.*?(?:</\1\s*>|\Z)"  # their content is not markup
    r"|<(/?)([A-Za-z][A-Za-z0-9:-]*)(?:\s[^<>]*)?>",  # [^<>]: an unclosed tag costs no rescan
    re.DOTALL | re.IGNORECASE,
)
# code a heading may hold, which the extractor would read into the title as words
HEADING_CODE = "|".join(f"//h{n}//{tag}" for n in range(1, 7) for tag in ("script", "style", "noscript", "template"))
# elements that hold no content, or that the parser closes when the next of their kind starts:
# they add no depth, and they are kept (paragraph and line structure for the extractor)
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "wbr"})
CLOSED_BY_NEXT = frozenset({"p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rp"})
FLAT = VOID | CLOSED_BY_NEXT | {"source", "track"}


def flatten_deep_markup(html: str) -> str:
    """``html`` with the tags below MAX_DEPTH removed, or ``html`` itself when it is not that deep."""
    if html.count("<") <= MAX_DEPTH:  # not enough tags to be too deep
        return html
    open_tags: list[tuple[str, bool]] = []  # (name, dropped) of each open element, innermost last
    depths: dict[str, list[int]] = {}  # where each name is open, innermost last: an end tag's start at once
    dropped: list[tuple[int, int]] = []
    for match in TAG.finditer(html):
        name = match.group(3)
        if name is None:  # a comment, a script or a style
            continue
        name = name.lower()
        if name in FLAT:
            continue
        if match.group(2):  # an end tag closes its start and whatever was left open inside it
            opened = depths.get(name)
            if opened and opened[-1] >= len(open_tags) - MAX_SEARCH:
                depth = opened[-1]
                if open_tags[depth][1]:
                    dropped.append(match.span())
                for inner, _ in open_tags[depth:]:  # each element is closed once: linear in all
                    depths[inner].pop()
                del open_tags[depth:]
            continue
        if match.group(0).endswith("/>"):
            continue
        deep = len(open_tags) >= MAX_DEPTH
        depths.setdefault(name, []).append(len(open_tags))
        open_tags.append((name, deep))
        if deep:
            dropped.append(match.span())
    if not dropped:
        return html
    pieces: list[str] = []
    start = 0
    for begin, end in dropped:
        pieces.append(html[start:begin])
        start = end
    pieces.append(html[start:])
    return "".join(pieces)


def without_heading_code(tree: HtmlElement) -> HtmlElement:
    """``tree`` without the scripts and styles inside its headings: `<h1>Pokrovsk <script>…`
    gave a title ending in JavaScript (a page's other scripts stay: their JSON-LD dates it)."""
    for element in tree.xpath(HEADING_CODE):
        element.drop_tree()  # its tail, the heading's words after it, stays
    return tree
