"""Tables that stay readable in a terminal of any width, 80 columns included.

Each record is one line of short fields side by side (a date, a stance, a name, an id), each
wrapping in its own column and never cut with "…"; its long text (the evidence, the quote, the
flagged sentence) follows on indented lines across the whole width. Rich's tables squeeze every
column into the width instead, cutting names ("samizda…") and leaving the evidence a narrow strip.

Cells are Rich markup: callers pass stored text through ``render.safe`` first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, JustifyMethod, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

GAP = 2  # spaces between two fields
INDENT = 4  # the long text's indent below its record
LONG_CHARS = 1200  # a record's long text shown in the terminal; the rest is counted (--json has it whole)


@dataclass(frozen=True)
class Field:
    header: str
    style: str = ""
    justify: JustifyMethod = "left"
    max_width: int | None = None  # wrap past this width even when there is room (a rare long cell)


def clipped(text: str, limit: int = LONG_CHARS) -> str:
    """Whitespace folded; past ``limit`` characters, the rest is counted rather than cut silently."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    cut = cut if cut > limit // 2 else limit
    return f"{text[:cut]} [+{len(text) - cut:,} characters: --json has them all]"


class Records:
    """A titled list of records: aligned short fields, each record's long text below it."""

    def __init__(self, fields: Sequence[Field], title: str | None = None, caption: str | None = None) -> None:
        self.fields = list(fields)
        self.title = title
        self.caption = caption
        self.rows: list[tuple[list[Text], list[Text]]] = []

    def add(self, *cells: str, below: Sequence[str] = ()) -> None:
        """One record: a markup string a field, then its long texts (markup), one paragraph each."""
        if len(cells) != len(self.fields):
            raise ValueError(f"{len(cells)} cells for {len(self.fields)} fields")
        texts = [
            Text.from_markup(cell, style=field.style, justify=field.justify)
            for cell, field in zip(cells, self.fields, strict=True)
        ]
        self.rows.append((texts, [Text.from_markup(line, overflow="fold") for line in below if line]))

    def __len__(self) -> int:
        return len(self.rows)

    def widths(self, console: Console, options: ConsoleOptions) -> list[int]:
        """Each field's width: as wide as its longest cell when everything fits; otherwise every
        field keeps its longest word and the room left goes to those that would wrap most."""
        count = len(self.fields)
        room = max(count, options.max_width - GAP * (count - 1))
        least: list[int] = []
        most: list[int] = []
        for index, field in enumerate(self.fields):
            cells = [Text(field.header), *(cells[index] for cells, _ in self.rows)]
            measured = [Measurement.get(console, options, cell) for cell in cells]
            least.append(max(m.minimum for m in measured))
            most.append(max(least[-1], min(max(m.maximum for m in measured), field.max_width or room)))
        if sum(most) <= room:
            return most
        if sum(least) >= room:  # even the longest words do not fit: the widest fields fold theirs
            level = max(least)
            while level > 1 and sum(min(width, level) for width in least) > room:
                level -= 1
            return [min(width, level) for width in least]
        widths = list(least)
        spare = room - sum(least)
        wanting = sorted(range(count), key=lambda i: most[i] - least[i])  # the least wanting served first
        for served, index in enumerate(wanting):
            given = min(most[index] - least[index], spare // (count - served))  # an equal share at most
            widths[index] += given
            spare -= given
        return widths

    def _line(self, cells: Sequence[Text], widths: Sequence[int]) -> Table:
        grid = Table.grid(padding=(0, GAP // 2), pad_edge=False, collapse_padding=False)
        for field, width in zip(self.fields, widths, strict=True):
            grid.add_column(width=width, justify=field.justify, overflow="fold")
        grid.add_row(*cells)
        return grid

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.title:
            yield Text.from_markup(self.title, style="bold", overflow="fold")
        widths = self.widths(console, options)
        header = [Text(field.header, style="bold", justify=field.justify) for field in self.fields]
        yield self._line(header, widths)
        yield Text("─" * min(options.max_width, sum(widths) + GAP * (len(widths) - 1)), style="dim")
        for cells, below in self.rows:
            yield self._line(cells, widths)
            for text in below:
                yield Padding(text, (0, 0, 0, INDENT), expand=False)
        if not self.rows:
            yield Text("(none)", style="dim")
        if self.caption:
            yield Text.from_markup(self.caption, style="dim", overflow="fold")
