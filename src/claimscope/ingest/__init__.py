"""Ingest: files, folders and JSONL into normalised Documents; bad inputs become Problems."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from claimscope.ingest.errors import IngestError
from claimscope.records import Document, Problem

SUFFIXES = {".html": "html", ".htm": "html", ".txt": "text", ".jsonl": "jsonl"}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

__all__ = ["DEFAULT_MAX_BYTES", "SUFFIXES", "IngestError", "iter_files", "read_inputs"]


def iter_files(paths: Iterable[Path]) -> Iterator[Path | Problem]:
    """Expand folders (sorted, recursive) into the files claimscope can read."""
    for path in paths:
        if path.is_dir():
            found = [
                child
                for child in sorted(path.rglob("*"))
                if child.is_file()
                and child.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in child.relative_to(path).parts)
            ]
            if not found:
                yield Problem(str(path), f"no {', '.join(SUFFIXES)} files in this folder")
            yield from found
        elif path.is_file():
            if path.suffix.lower() in SUFFIXES:
                yield path
            else:
                yield Problem(str(path), f"unsupported file type '{path.suffix}' (use {', '.join(SUFFIXES)})")
        else:
            yield Problem(str(path), "no such file or folder")


def read_inputs(paths: Iterable[Path], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Document | Problem]:
    """Yield a Document for each readable input and a Problem for each one that is not."""
    for item in iter_files(paths):
        if isinstance(item, Problem):
            yield item
            continue
        yield from read_file(item, max_bytes)


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Document | Problem]:
    from claimscope.ingest.readers import read_html, read_jsonl, read_text_dump  # trafilatura: only readers load it

    source = str(path)
    kind = SUFFIXES.get(path.suffix.lower(), "text")
    try:
        size = path.stat().st_size
        if size == 0:
            raise IngestError("empty file")
        if kind == "jsonl":  # a feed may be huge: streamed, the limit applies to each record
            with path.open("rb") as lines:
                yield from read_jsonl(lines, source, max_bytes)
            return
        if size > max_bytes:
            raise IngestError(f"file is {size:,} bytes, over the {max_bytes:,}-byte limit (raise --max-bytes)")
        data = path.read_bytes()
        if kind == "html":
            yield read_html(data, source)
        else:
            yield read_text_dump(data, source)
    except IngestError as exc:
        yield Problem(source, str(exc))
    except OSError as exc:
        yield Problem(source, f"cannot read file: {exc.strerror or exc}")
