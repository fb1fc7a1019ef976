"""The article page's highlighter: nested, escaped markup for overlapping spans of hostile text."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimscope.web.highlight import Mark, highlight


class Covered(HTMLParser):
    """Reads the markup back: the text, which marks (data-m) cover each character, and the ids seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[dict[str, str | None]] = []
        self.text = ""
        self.cover: list[set[str]] = []
        self.ids: list[str] = []
        self.tags: list[str] = []
        self.titles: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        self.titles.append(found.get("title"))
        if found.get("id"):
            self.ids.append(str(found["id"]))
        self.stack.append(found)

    def handle_endtag(self, tag: str) -> None:
        assert tag == "span" and self.stack, f"unbalanced </{tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text += data
        marks = {str(a["data-m"]) for a in self.stack if a.get("data-m")}
        self.cover.extend(set(marks) for _ in data)


def read(markup: str) -> Covered:
    parser = Covered()
    parser.feed(str(markup))  # plain str: Markup would escape what the parser hands back
    parser.close()
    assert parser.stack == [], "elements left open"
    return parser


def mark(start: int, end: int, name: str, rank: int = 0) -> Mark:
    return Mark(start, end, ("m", f"m-{name}"), (("id", f"id-{name}"), ("data-m", name)), rank)


def test_plain_text_is_escaped() -> None:
    assert highlight("a < b & c", []) == "a &lt; b &amp; c"


def test_a_mark_inside_another_nests() -> None:
    html = highlight("Trump dit que oui", [mark(0, 17, "content"), mark(0, 5, "speaker", rank=1)])
    assert html == (
        '<span class="m m-content" id="id-content" data-m="content">'
        '<span class="m m-speaker" id="id-speaker" data-m="speaker">Trump</span> dit que oui</span>'
    )


def test_crossing_marks_split_into_pieces_with_the_id_on_the_first_only() -> None:
    html = highlight("abcdefghi", [mark(0, 6, "a"), mark(3, 9, "b")])
    assert html == (
        '<span class="m m-a" id="id-a" data-m="a">abc'
        '<span class="m m-b" id="id-b" data-m="b">def</span></span>'
        '<span class="m m-b" data-m="b">ghi</span>'
    )
    parsed = read(html)
    assert parsed.ids == ["id-a", "id-b"]


def test_equal_spans_nest_by_rank_and_tabindex_stays_on_the_first_piece() -> None:
    outer = Mark(0, 4, ("flag",), (("id", "f-1"),), rank=0)
    inner = Mark(0, 4, ("attr",), (("id", "a-1"), ("tabindex", "0"), ("title", "t")), rank=1)
    crossing = Mark(2, 6, ("claim",), (("id", "c-1"), ("tabindex", "0")), rank=2)
    html = highlight("abcdef", [crossing, inner, outer])
    assert html.startswith('<span class="flag" id="f-1"><span class="attr" id="a-1" tabindex="0" title="t">ab')
    assert html.count('tabindex="0"') == 2  # a-1 and c-1's first piece; not c-1's continuation
    assert html.endswith('<span class="claim">ef</span>')


def test_empty_and_out_of_range_marks() -> None:
    html = highlight("abc", [mark(1, 1, "empty"), mark(2, 99, "tail"), mark(-5, 1, "head"), mark(7, 9, "past")])
    parsed = read(html)
    assert parsed.text == "abc"
    assert parsed.ids == ["id-head", "id-empty", "id-tail", "id-past"]
    assert parsed.cover[0] == {"head"} and parsed.cover[2] == {"tail"}


@pytest.mark.parametrize(
    "hostile",
    ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{7*7}} {% raw %}", "&amp; &lt; '\"`"],
)
def test_hostile_text_and_attribute_values_stay_text(hostile: str) -> None:
    text = f"Il a dit {hostile} hier."
    at = text.index(hostile)
    html = highlight(text, [Mark(at, at + len(hostile), ("q",), (("title", hostile), ("data-m", "h")))])
    assert "<script" not in html and "<img" not in html
    parsed = read(html)
    assert parsed.tags == ["span"]
    assert parsed.text == text
    assert parsed.titles == [hostile]
    assert html.count('"') == 6  # three attribute values' quotes: every quote of the text is escaped


def test_attribute_names_are_checked() -> None:
    with pytest.raises(ValueError, match="attribute name"):
        Mark(0, 1, (), (("onclick=alert(1) x", "y"),))


spans = st.tuples(st.integers(-2, 40), st.integers(-2, 40), st.integers(0, 3))


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="ab<>&\"' \n{}", max_size=36), found=st.lists(spans, max_size=8))
def test_any_marks_give_balanced_markup_covering_exactly_their_spans(
    text: str, found: list[tuple[int, int, int]]
) -> None:
    marks = [mark(start, end, str(i), rank) for i, (start, end, rank) in enumerate(found)]
    parsed = read(highlight(text, marks))
    assert parsed.text == text
    assert sorted(parsed.ids) == sorted(f"id-{i}" for i in range(len(marks)))
    size = len(text)
    for i, (start, end, _) in enumerate(found):
        lo, hi = min(max(start, 0), size), min(max(end, start, 0), size)
        assert [pos for pos, names in enumerate(parsed.cover) if str(i) in names] == list(range(lo, hi))
