"""Rich rendering of analyses and store contents for the terminal."""

from __future__ import annotations

import re

from rich.console import Console
from rich.markup import escape

from claimscope.cli.layout import Field, Records, clipped
from claimscope.records import AnalysedDocument


def attribution_table(analysed: AnalysedDocument) -> Records:
    """Who said what: the speaker as resolved and as written, the cue and the kind; the words below."""
    doc = analysed.document
    table = Records(
        [
            Field("speaker", style="bold cyan"),
            Field("as written", style="dim"),
            Field("cue", style="magenta"),
            Field("kind"),
        ],
        title=f"{safe(doc.title or doc.source)}  [dim]{doc.id}[/]",
    )
    for a in analysed.attributions:
        table.add(
            safe(a.speaker.name or "?" if a.speaker else "?"),
            safe(a.speaker.text if a.speaker else ""),
            safe(f"{a.cue.lemma} ({a.cue.cls})" if a.cue else "—"),
            safe(a.kind.value),
            below=[safe(clipped(doc.text[a.content.start : a.content.end]))],
        )
    return table


# C0 and C1 control characters but newline and tab: an ESC in a title or a file name would
# otherwise reach the terminal and recolour it, clear it or plant a hyperlink; and the bidi
# controls and line separators, which reorder what follows them on the line ("evil\u202etxt.exe"
# shown as "evilexe.txt") or break a table's row
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def safe(text: object) -> str:
    """Article text, file names and record ids are hostile: never let them be read as markup or
    as terminal control sequences (each control character is shown as its escape, e.g. \\x1b)."""
    return escape(CONTROLS.sub(lambda m: ascii(m.group())[1:-1], str(text)))


def marked(snippet: str) -> str:
    """A search hit with its matched words in bold (the query layer's marks around them), escaped."""
    from claimscope.query.search import MARK_END, MARK_START

    return safe(snippet).replace(MARK_START, "[bold]").replace(MARK_END, "[/bold]")


def print_warnings(console: Console, source: str, warnings: list[str]) -> None:
    for warning in warnings:
        console.print(f"[cyan]note[/] {safe(source)}: {safe(warning)}")


def refreshed(seconds: list[float]) -> str:
    """How long the batch spent bringing verdicts and flags up to date (minutes at 100,000
    documents, beside a long stream or in line): what a slow ingest or poll waited for."""
    if len(seconds) == 1:
        return f"refreshed in {_seconds(seconds[0])}"
    return f"refreshed {len(seconds)} times ({_seconds(sum(seconds))} in all, the longest {_seconds(max(seconds))})"


def _seconds(value: float) -> str:
    return f"{value:.1f} s" if value < 10 else f"{value:.0f} s"


def print_problems(console: Console, problems: list[tuple[str, str]], noted: bool = False) -> bool:
    """Each skipped input with its reason; after addresses the guard refused, what to do instead,
    unless ``noted`` already (a watch says it once). Returns whether that was said, now or before."""
    from claimscope.ingest.guard import ONLY_PUBLIC, refused_address  # here: reading commands load no ingest

    for source, reason in problems:
        console.print(f"[yellow]skipped[/] {safe(source)}: {safe(reason)}")
    if noted or not any(refused_address(reason) for _, reason in problems):
        return noted
    console.print(f"[cyan]note[/] {ONLY_PUBLIC}")
    return True
