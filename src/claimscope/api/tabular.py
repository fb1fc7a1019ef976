"""Rows streamed as JSON Lines or as CSV a spreadsheet opens safely.

CSV: UTF-8 with a byte-order mark (Excel reads UTF-8 without guessing only with it), a header
row, and every text cell that a spreadsheet would run as a formula (starting with = + - @, a tab
or a carriage return) prefixed with an apostrophe: article text and speaker names are written by
strangers, and a cell such as ``=HYPERLINK(...)`` must stay text.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import date

Row = Mapping[str, object]

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FLUSH_CHARS = 64 * 1024


def neutralised(value: str) -> str:
    """Text a spreadsheet shows as written instead of evaluating it."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _cell(value: object) -> object:
    """A CSV cell: lists and mappings spelled out, text neutralised, numbers left as numbers."""
    if value is None:
        return ""
    if isinstance(value, str):  # the common kinds first, before the slower checks of abstract
        return neutralised(value)  # types (an export writes millions of cells)
    if type(value) in (int, float):
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        value = "; ".join(f"{k}: {v}" for k, v in value.items())
    elif isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    return neutralised(value) if isinstance(value, str) else value


def csv_lines(columns: list[str], rows: Iterable[Row]) -> Iterator[bytes]:
    """A header row, then each row's values in the header's order, in chunks of about 64 KB."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
        if buffer.tell() > FLUSH_CHARS:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _json(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def chunked(pieces: Iterable[str]) -> Iterator[bytes]:
    """Pieces of text joined into chunks of about 64 KB: a streaming response reads its iterator
    in a worker thread, one hop per chunk, not per row."""
    buffer: list[str] = []
    size = 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size > FLUSH_CHARS:
            yield "".join(buffer).encode("utf-8")
            buffer, size = [], 0
    yield "".join(buffer).encode("utf-8")


def json_lines(rows: Iterable[Row]) -> Iterator[bytes]:
    """One JSON object a line (UTF-8, not ASCII-escaped)."""
    return chunked(json.dumps(row, ensure_ascii=False, default=_json) + "\n" for row in rows)


def json_array(items: Iterable[object]) -> Iterator[bytes]:
    """A JSON array written one element at a time."""

    def pieces() -> Iterator[str]:
        yield "["
        for i, item in enumerate(items):
            yield ("," if i else "") + "\n" + json.dumps(item, ensure_ascii=False, default=_json)
        yield "\n]\n"

    return chunked(pieces())
