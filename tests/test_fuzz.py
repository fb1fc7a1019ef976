"""Fuzzing ingest and analysis: generated and mutated pages (HTML, text, JSONL, raw bytes) go
through `batch.ingest` as `claimscope ingest` runs it, under a per-document budget. Nothing may
escape as an exception, crash the analysis ("analysis failed"), or hang: reading each input has
READ_S seconds (an alarm), and analysis is stopped by the budget, which is an allowed outcome.

Deterministic: derandomized, no example database; a bounded number of examples.
"""

from __future__ import annotations

import json
import re
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimscope import batch
from claimscope.budget import Budget, analyse_within
from claimscope.records import AnalysedDocument, Document, Problem
from claimscope.store import Store
from tests.conftest import FIXTURES

EXCERPT = (FIXTURES / "excerpt-fr.txt").read_text(encoding="utf-8")
LINES = [line for line in EXCERPT.splitlines() if line.strip()]
SENTENCES = [s for s in re.split(r"(?<=[.!?»])\s+", EXCERPT.replace("\n", " ")) if s.strip()]
HOSTILE = [
    "«", "»", "« ", " »", "“", "”", '"', "'", "’", "\u00a0", "\x00", "\x07", "\x1b[2J", "\x1b]8;;file:x\x07",
    "\u202e", "\ufeff", "\u2028", "\r", "\r\n", "\t", "\n\n", "<", ">", "&", "&amp;", "&#0;", "&#x110000;",
    "&nbsp;", "…", ":", " — ", "-", "a-t-il dit", "selon", "Selon Kiev,", "M.", "\ud7ff", "\U0001f600",
]  # fmt: skip
HUGE = [  # a token over the 10,000 characters a block is parsed in, quotes never closed, names without end
    "x" * 12_000, "« " * 300, "Pokrovsk " * 400, "." * 500, ", a déclaré le porte-parole" * 50, "A" * 3_000,
    "» " * 300, "é" * 2_000, " ".join(["« Nous tenons la ville », a déclaré Jean Dupont."] * 60),
]  # fmt: skip
BUDGET = Budget(seconds=15, memory_mib=2048)  # generous: a stop is allowed, a crash or a hang is not
READ_S = 30
FUZZ = settings(
    max_examples=30,
    deadline=None,  # our own bounds: READ_S for reading, the budget for analysis
    derandomize=True,
    database=None,
    print_blob=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)


@st.composite
def mutated_text(draw: st.DrawFn) -> str:
    """A few sentences or lines of a real article and hostile pieces (quotes, control characters,
    entities), then cut, repeated, spliced with more, and most often with a huge piece or two."""
    pieces = draw(st.lists(st.sampled_from(SENTENCES + LINES + HOSTILE), min_size=1, max_size=8))
    for _ in range(draw(st.integers(0, 2))):
        pieces.insert(draw(st.integers(0, len(pieces))), draw(st.sampled_from(HUGE)))
    text = draw(st.sampled_from([" ", "\n", "\n\n"])).join(pieces)
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(text)))
        operation = draw(st.sampled_from(["hostile", "cut", "repeat", "any"]))
        if operation == "hostile":
            text = text[:at] + draw(st.sampled_from(HOSTILE)) + text[at:]
        elif operation == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 300)) :]
        elif operation == "repeat":
            text = text[:at] + text[at : at + draw(st.integers(1, 120))] * draw(st.integers(2, 60)) + text[at:]
        else:
            text = text[:at] + draw(st.text(max_size=30)) + text[at:]
    return text


@st.composite
def html_page(draw: st.DrawFn) -> bytes:
    """The text in a page: nested wrappers (deep ones too), unclosed constructs, odd charsets,
    escaped or raw text, re-encoded, then bytes flipped."""
    paragraphs = draw(mutated_text()).split("\n")
    raw = draw(st.booleans())
    body = "".join(f"<p>{p if raw else _escape(p)}</p>" for p in paragraphs)
    wrapper = draw(st.sampled_from(["div", "span", "section", "font", "table", "b", "article"]))
    depth = draw(st.sampled_from([0, 2, 30, 300, 2_500]))
    head = draw(st.sampled_from(["", "<meta charset='utf-8'>", "<meta charset='x-bogus'>", "<meta charset=utf-16>"]))
    tail = draw(st.sampled_from(["", "<!--", "<script>", "<style>", "<p", "<div class='", "<![CDATA[", "<?xml ?>"]))
    page = (
        f"<!DOCTYPE html><html><head>{head}<title>{_escape(paragraphs[0][:80])}</title></head><body>"
        f"{f'<{wrapper}>' * depth}{body}{tail}{f'</{wrapper}>' * depth}</body></html>"
    )
    data = page.encode(draw(st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"])), errors="replace")
    return _flipped(draw, data)


@st.composite
def text_file(draw: st.DrawFn) -> bytes:
    data = draw(mutated_text()).encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"])), "replace")
    return _flipped(draw, data)


@st.composite
def jsonl_feed(draw: st.DrawFn) -> bytes:
    records = [
        {"id": draw(st.text(max_size=8)), "text": draw(mutated_text()), "title": draw(st.text(max_size=20))}
        for _ in range(draw(st.integers(1, 3)))
    ]
    lines = [json.dumps(r, ensure_ascii=draw(st.booleans())).encode() for r in records]
    lines.insert(draw(st.integers(0, len(lines))), draw(st.binary(max_size=60)))  # a broken line among them
    return b"\n".join(lines) + b"\n"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _flipped(draw: st.DrawFn, data: bytes) -> bytes:
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at + draw(st.integers(0, 4)) :]
    return data


INPUTS = st.one_of(
    st.tuples(html_page(), st.just(".html")),
    st.tuples(text_file(), st.just(".txt")),
    st.tuples(jsonl_feed(), st.just(".jsonl")),
    st.tuples(st.binary(max_size=3_000), st.sampled_from([".html", ".txt", ".jsonl"])),
    st.tuples(st.sampled_from([b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\x00\x00\xfe\xff"]), st.just(".txt")).map(
        lambda pair: (pair[0] + EXCERPT.encode("utf-16-le"), pair[1])
    ),
)


@contextmanager
def alarm(seconds: int) -> Iterator[None]:
    """A TimeoutError in this (the main) thread if the block takes longer: a hang fails the test."""

    def ring(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"reading an input took over {seconds} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    with tempfile.TemporaryDirectory(prefix="claimscope-fuzz-") as folder:
        yield Store(f"sqlite:///{folder}/fuzz.db")


@settings(FUZZ, max_examples=20)  # a second each, in the analysis
@given(text=mutated_text())
def test_no_text_crashes_or_hangs_the_analysis(text: str) -> None:
    """Whatever the language identifier makes of it, the text analysed as French."""
    found = analyse_within(Document("fuzz", "fuzz", text, site="fuzz.example", language="fr"), BUDGET)
    if isinstance(found, Problem):
        assert found.reason.startswith("analysis stopped: over the "), found.reason  # a stop, not a crash
        return
    _check_spans(found)


@FUZZ
@given(page=INPUTS)
def test_no_input_escapes_crashes_or_hangs_ingest_and_analysis(store: Store, page: tuple[bytes, str]) -> None:
    data, suffix = page
    analysed: list[AnalysedDocument] = []

    def keep(result: AnalysedDocument | Problem) -> None:
        if isinstance(result, AnalysedDocument):
            analysed.append(result)

    with tempfile.TemporaryDirectory(prefix="claimscope-fuzz-") as folder:
        path = Path(folder) / f"page{suffix}"
        path.write_bytes(data)
        with alarm(READ_S):  # reading runs here; analysis runs in the worker, under the budget
            summary = batch.ingest([path], store, budget=BUDGET, on_result=keep, reanalyse=True)  # as if new
    for problem in summary.problems:  # unreadable inputs and budget stops are fine; crashes are not
        assert problem.reason and not problem.reason.startswith(("analysis failed", "analysis or storage")), problem
    for found in analysed:
        _check_spans(found)


def _check_spans(found: AnalysedDocument) -> None:
    text = found.document.text
    for attribution in found.attributions:
        spans = [attribution.content] + ([attribution.cue.span] if attribution.cue else [])
        spans += [attribution.speaker.span] if attribution.speaker else []
        assert all(0 <= span.start <= span.end <= len(text) for span in spans), attribution
