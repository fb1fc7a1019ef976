"""An ingest's progress counts documents (a JSONL feed's records, a folder's files, bad inputs),
and its last line says what was stored and skipped, also when it is interrupted."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner

from claimscope import batch, query
from claimscope.budget import Budget, analyse_group, analyse_within
from claimscope.cli.app import app
from claimscope.cli.progress import IngestProgress, count_documents
from claimscope.cli.render import refreshed
from claimscope.records import AnalysedDocument, Document, Problem
from claimscope.store import Store

runner = CliRunner()


def _feed(path: Path, count: int, broken_after: int | None = None) -> Path:
    said = "« Nous tenons la ville {} », a déclaré le porte-parole."
    lines = [json.dumps({"id": f"r{n}", "text": said.format(n), "language": "fr"}) for n in range(count)]
    if broken_after is not None:
        lines.insert(broken_after, "{not json")
    path.write_text("\n".join(lines[:2]) + "\n\n" + "\n".join(lines[2:]) + "\n", encoding="utf-8")  # a blank line
    return path


@pytest.fixture
def inputs(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("« Nous tenons la ville », a déclaré le porte-parole.", encoding="utf-8")
    (folder / "sub" / "b.html").write_text("<p>« Nous tenons le pont », a déclaré le porte-parole.</p>", "utf-8")
    (folder / "notes.md").write_text("ignored in a folder", encoding="utf-8")
    _feed(folder / "feed.jsonl", 3, broken_after=1)
    unsupported = tmp_path / "notes.doc"
    unsupported.write_text("x", encoding="utf-8")
    return [folder, unsupported, tmp_path / "missing.txt"]


def test_documents_are_counted_before_the_batch(inputs: list[Path]) -> None:
    # a.txt, b.html, 4 non-blank lines of the feed (one of them broken), the .doc and the missing file
    assert count_documents(inputs) == 8


def test_inputs_that_hold_a_number_known_once_read_leave_the_total_open(inputs: list[Path], tmp_path: Path) -> None:
    """A feed, a list of URLs or an archive: the bar counts up and Ctrl-C says where, of no total
    (it said "at document 1 of 1" of a list of ten pages)."""
    listed = tmp_path / "urls.txt"
    listed.write_text("https://example.org/a\nhttps://example.org/b\n", encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text("Un article enregistré en texte, https://example.org/a cité dedans.\n", encoding="utf-8")
    feed = tmp_path / "feed.xml"
    feed.write_text("<rss/>", encoding="utf-8")
    assert count_documents([page]) == 1
    for uncounted in (listed, feed, tmp_path / "crawl.warc.gz"):
        (tmp_path / "crawl.warc.gz").write_bytes(b"")
        assert count_documents([*inputs, uncounted]) is None
    progress = IngestProgress(Console(file=io.StringIO()), [listed])
    progress.stored = 3
    assert "at document 4: 3 documents stored before Ctrl-C are kept" in progress.interrupted("Ctrl-C")


def test_the_bar_advances_a_document_at_a_time(tmp_path: Path, inputs: list[Path], db_url: str) -> None:
    terminal = Console(file=io.StringIO(), force_terminal=True, width=100)
    store = Store(db_url)
    with IngestProgress(terminal, inputs) as progress:
        seen: list[str] = []
        steps: list[float] = []

        def item(source: str) -> None:
            progress.item(source)
            seen.append(progress.bar.tasks[0].description)

        def result(found: AnalysedDocument | Problem) -> None:
            progress.result(found)
            steps.append(progress.bar.tasks[0].completed)

        summary = batch.ingest(inputs, store, on_item=item, on_result=result)
    assert steps == list(range(1, 9))  # one step per document finished (saved or skipped), not per file
    assert progress.bar.tasks[0].completed == 8
    assert any("feed.jsonl record r2" in description for description in seen)
    assert progress.total == progress.done == 8
    assert (progress.stored, progress.skipped) == (summary.stored, len(summary.problems))
    assert summary.stored >= 4 and summary.stored + len(summary.problems) == 8


def test_an_interrupted_feed_says_where_it_stopped_and_what_it_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_url: str
) -> None:
    """Ctrl-C comes while the third document is analysed: the two analysed before it, not saved
    yet (they wait for their batch), are saved before the command ends."""
    feed = _feed(tmp_path / "feed.jsonl", 4, broken_after=1)  # r0, a broken line, r1, r2, r3
    analysed: list[str] = []

    def interrupted_at_the_third(
        documents: list[Document], budget: Budget | None = None
    ) -> Iterator[AnalysedDocument | Problem]:
        for document in documents:  # one group: results come one by one
            analysed.append(document.id)
            if len(analysed) == 3:
                raise KeyboardInterrupt
            yield analyse_within(document, budget)

    monkeypatch.setattr(batch, "analyse_group", interrupted_at_the_third)
    url = db_url
    result = runner.invoke(app, ["ingest", str(feed), "--db", url])
    assert result.exit_code == 130
    assert (
        "interrupted at document 4 of 5: 2 documents stored before Ctrl-C are kept, 0 already stored, 1 skipped"
        in result.output
    )
    assert query.documents(Store(url)).total == 2
    monkeypatch.setattr(batch, "analyse_group", analyse_group)
    again = runner.invoke(app, ["ingest", str(feed), "--db", url])
    assert again.exit_code == 1  # the broken line, reported again
    assert "stored 2 new documents" in again.output and "2 already stored; 1 skipped" in again.output
    assert "\nverdicts and flags refreshed in " in again.output


def test_a_batch_says_how_long_it_spent_refreshing() -> None:
    assert refreshed([2.31]) == "refreshed in 2.3 s"
    assert refreshed([40.2, 95.4, 12.0]) == "refreshed 3 times (148 s in all, the longest 95 s)"
    assert refreshed([0.31, 0.42]) == "refreshed 2 times (0.7 s in all, the longest 0.4 s)"


def test_a_document_that_fails_last_is_counted_as_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_url: str
) -> None:
    """A failure is reported to the progress like any other result, the last document's too: its
    batch fails, and is saved again one document at a time."""
    feed = _feed(tmp_path / "feed.jsonl", 3)
    real_insert = Store._insert

    def failing_last(self: Store, analysed: AnalysedDocument, replace: bool = False, session: Any = None) -> bool:
        if "ville 2" in analysed.document.text:
            raise RuntimeError("disk on fire")
        return real_insert(self, analysed, replace, session)

    monkeypatch.setattr(Store, "_insert", failing_last)
    terminal = Console(file=io.StringIO(), force_terminal=True, width=100)
    with IngestProgress(terminal, [feed]) as progress:
        summary = batch.ingest([feed], Store(db_url), on_item=progress.item, on_result=progress.result)
    assert (progress.stored, progress.skipped) == (2, 1) == (summary.stored, len(summary.problems))


def test_off_a_terminal_stderr_holds_the_skipped_inputs_alone(tmp_path: Path, db_url: str) -> None:
    """No bar, and no blank line the bar's display left where it was not shown (a log read the
    first line as an empty message)."""
    bad = tmp_path / "bad.html"
    bad.write_bytes(b"\xff\xfe\x00garbage")
    result = runner.invoke(app, ["ingest", str(bad), "--db", db_url])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"skipped {bad}: no HTML markup found; save plain text with a .txt suffix"]
