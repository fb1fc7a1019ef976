"""An ingest's progress a document at a time, and what became of each document.

The bar counts documents, not files: each record of a JSONL feed is one (its lines are counted
before the batch starts, a quick pass that reads no JSON), each file of a folder is one, and so
is each input that cannot be read; a feed, a list of URLs or an archive holds a number known only
once read: then the bar counts up, with no total. The tally (stored, already stored, skipped) is kept as the
batch goes, so that an interrupted ingest can say where it stopped and what it kept. The bar
counts documents finished (saved, found stored or skipped), not read: on a cluster, and with
saving in batches, reading runs ahead of what is done.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from claimscope.cli.render import safe
from claimscope.ingest import iter_files, kind_of
from claimscope.ingest.urls import url_list
from claimscope.records import AnalysedDocument, Document, Problem


def count_documents(paths: Iterable[Path]) -> int | None:
    """How many documents (or unreadable inputs) the batch will meet: a JSONL feed's non-blank
    lines; None when an input holds a number known only once read (a feed, a list of URLs, an
    archive: the bar then counts up)."""
    total = 0
    for item in iter_files(paths):
        kind = kind_of(item) if isinstance(item, Path) else None
        if kind in UNCOUNTED or (kind == "text" and isinstance(item, Path) and _lists_urls(item)):
            return None
        if kind == "jsonl" and isinstance(item, Path):
            try:
                with item.open("rb") as lines:
                    total += max(1, sum(1 for line in lines if line.strip()))
            except OSError:
                total += 1  # reported as skipped when the batch reaches it
        else:
            total += 1
    return total


UNCOUNTED = ("feed", "opml", "archive")
HEAD_BYTES = 64 * 1024  # what is read of a .txt to tell a list of URLs from a page


def _lists_urls(path: Path) -> bool:
    try:
        with path.open("rb") as head:
            text = head.read(HEAD_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return False
    return url_list(text.rsplit("\n", 1)[0] if len(text) == HEAD_BYTES else text) is not None


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


class IngestProgress:
    """A progress bar on ``console`` (shown only on a terminal, gone when done) and the tally."""

    def __init__(self, console: Console, paths: Iterable[Path]) -> None:
        self.total = count_documents(paths)
        self.done = 0
        self.stored = 0
        self.known = 0
        self.skipped = 0
        self.bar = Progress(
            TextColumn("[bold]ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("documents"),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=console,
            transient=True,
            disable=not console.is_terminal,  # elsewhere its live display still wrote a blank line
        )
        self.task: TaskID = self.bar.add_task("", total=self.total)

    def __enter__(self) -> IngestProgress:
        self.bar.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.bar.stop()

    @property
    def finished(self) -> int:
        return self.stored + self.known + self.skipped

    @property
    def at(self) -> str:
        """The document the batch was at: the one after those finished (inputs are read a few
        documents ahead of their analysis, parsed together), of how many when known."""
        if self.total is None:
            return str(self.finished + 1)
        return f"{min(self.finished + 1, self.total)} of {self.total}"

    def item(self, source: str) -> None:
        """The batch reached one more input (``on_item``): a record of a feed, a file, a bad input."""
        self.done += 1
        path, _, record = source.partition("#")
        shown = Path(path).name[:40] + (f" record {record.removeprefix('line')}" if record else "")
        self.bar.update(self.task, description=safe(shown))

    def result(self, result: AnalysedDocument | Problem) -> None:
        """``on_result``: stored (or analysed again), or skipped with its reason."""
        if isinstance(result, Problem):
            self.skipped += 1
        else:
            self.stored += 1
        self.bar.update(self.task, completed=self.finished)

    def already_stored(self, _document: Document) -> None:
        """``on_known``: found in the store, skipped without analysis."""
        self.known += 1
        self.bar.update(self.task, completed=self.finished)

    def interrupted(self, cause: str) -> str:
        """The final line after Ctrl-C (or SIGTERM, the ``cause``): where the batch stopped and what it kept."""
        kept = f"{_plural(self.stored, 'document')} stored before {cause} {'is' if self.stored == 1 else 'are'} kept"
        return (
            f"[yellow]interrupted[/] at document {self.at}: {kept}, "
            f"{self.known} already stored, {self.skipped} skipped; "
            "run the same command again to resume (what is stored is skipped)"
        )

    def stopped(self) -> str:
        """The final line when the database failed half-way."""
        return (
            f"stopped at document {self.at}: {_plural(self.stored, 'document')} stored "
            f"before {'is' if self.stored == 1 else 'are'} kept, {self.known} already stored, {self.skipped} skipped; "
            "run the same command again to resume"
        )
