"""Rich rendering of analyses and store contents for the terminal."""

from __future__ import annotations

import re

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from claimscope.records import AnalysedDocument

MAX_CONTENT = 160


def _clip(text: str, limit: int = MAX_CONTENT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


Row = tuple[str, str, str, str, str]


def _table(title: str, rows: list[Row]) -> Table:
    table = Table(title=title, expand=True)
    table.add_column("speaker", style="bold cyan", ratio=2)
    table.add_column("as written", style="dim", ratio=2)
    table.add_column("cue", style="magenta", ratio=1, min_width=12)
    table.add_column("kind", ratio=1, min_width=12, no_wrap=True)
    table.add_column("content", ratio=6)
    for row in rows:
        table.add_row(*(safe(cell) for cell in row))
    return table


def attribution_table(analysed: AnalysedDocument) -> Table:
    doc = analysed.document
    rows: list[Row] = [
        (
            a.speaker.name or "?" if a.speaker else "?",
            a.speaker.text if a.speaker else "",
            f"{a.cue.lemma} ({a.cue.cls})" if a.cue else "—",
            a.kind.value,
            _clip(doc.text[a.content.start : a.content.end]),
        )
        for a in analysed.attributions
    ]
    return _table(f"{safe(doc.title or doc.source)}  [dim]{doc.id}[/]", rows)


# C0 and C1 control characters but newline and tab: an ESC in a title or a file name would
# otherwise reach the terminal and recolour it, clear it or plant a hyperlink
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(text: object) -> str:
    """Article text, file names and record ids are hostile: never let them be read as markup or
    as terminal control sequences (each control character is shown as its escape, e.g. \\x1b)."""
    return escape(CONTROLS.sub(lambda m: ascii(m.group())[1:-1], str(text)))


def print_warnings(console: Console, source: str, warnings: list[str]) -> None:
    for warning in warnings:
        console.print(f"[cyan]note[/] {safe(source)}: {safe(warning)}")


def print_problems(console: Console, problems: list[tuple[str, str]]) -> None:
    for source, reason in problems:
        console.print(f"[yellow]skipped[/] {safe(source)}: {safe(reason)}")
