"""Ingest: files, folders, JSONL, feeds, archives and lists of URLs into normalised Documents; bad
inputs become Problems. What is on the web is fetched by `claimscope.ingest.remote` (guarded)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from claimscope.ingest.decode import decode
from claimscope.ingest.errors import IngestError
from claimscope.ingest.urls import url_list
from claimscope.records import Document, Problem

if TYPE_CHECKING:
    from claimscope.ingest.remote import Intake

SUFFIXES = {
    ".html": "html",
    ".htm": "html",
    ".txt": "text",  # a page saved as text, or a list of URLs
    ".jsonl": "jsonl",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".opml": "opml",
    ".warc": "archive",
    ".arc": "archive",
}
ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
SHOWN_SUFFIXES = ", ".join([*SUFFIXES, ".warc.gz", ".arc.gz"])
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

__all__ = ["DEFAULT_MAX_BYTES", "SUFFIXES", "IngestError", "iter_files", "kind_of", "read_inputs"]


def kind_of(path: Path) -> str | None:
    """How a file is read ("html", "text", "jsonl", "feed", "opml", "archive"), None if it is not."""
    return "archive" if path.name.lower().endswith(ARCHIVE_SUFFIXES) else SUFFIXES.get(path.suffix.lower())


def iter_files(paths: Iterable[Path]) -> Iterator[Path | Problem]:
    """Expand folders (sorted, recursive) into the files claimscope can read."""
    for path in paths:
        if path.is_dir():
            found = [
                child
                for child in sorted(path.rglob("*"))
                if child.is_file()
                and kind_of(child) is not None
                and not any(part.startswith(".") for part in child.relative_to(path).parts)
            ]
            if not found:
                yield Problem(str(path), f"no {SHOWN_SUFFIXES} files in this folder")
            yield from found
        elif path.is_file():
            if kind_of(path) is not None:
                yield path
            else:
                yield Problem(str(path), f"unsupported file type '{path.suffix}' (use {SHOWN_SUFFIXES})")
        elif path.exists():  # a pipe, a socket, a device: nothing with an end to read
            yield Problem(str(path), "not a regular file or folder")
        else:
            yield Problem(str(path), "no such file or folder")


def read_inputs(
    paths: Iterable[Path], max_bytes: int = DEFAULT_MAX_BYTES, intake: Intake | None = None
) -> Iterator[Document | Problem]:
    """Yield a Document for each readable input and a Problem for each one that is not; ``intake``
    fetches what is on the web (default: a guarded fetcher, nothing known to the store)."""
    if intake is None:  # one fetcher for every input: politeness is per host across them
        from claimscope.ingest.remote import Intake

        intake = Intake()
    for item in iter_files(paths):
        if isinstance(item, Problem):
            yield item
            continue
        yield from read_file(item, max_bytes, intake)


def read_file(
    path: Path, max_bytes: int = DEFAULT_MAX_BYTES, intake: Intake | None = None
) -> Iterator[Document | Problem]:
    # the readers load trafilatura, warcio and feedparser: only commands that read inputs import them
    from claimscope.ingest.readers import read_html, read_jsonl
    from claimscope.ingest.remote import Intake
    from claimscope.ingest.warc import read_archive

    source = str(path)
    kind = kind_of(path) or "text"
    intake = intake or Intake()
    try:
        size = path.stat().st_size
        if size == 0:
            raise IngestError("empty file")
        if kind == "jsonl":  # a feed may be huge: streamed, the limit applies to each record
            with path.open("rb") as lines:
                yield from read_jsonl(lines, source, max_bytes)
            return
        if kind == "archive":  # streamed too, the limit applies to each record
            yield from read_archive(path, max_bytes, intake.known)
            return
        if size > max_bytes:
            raise IngestError(f"file is {size:,} bytes, over the {max_bytes:,}-byte limit (raise --max-bytes)")
        data = path.read_bytes()
        if kind == "html":
            yield read_html(data, source)
        elif kind == "feed":
            yield from intake.read_feed(data, None, source, max_bytes)
        elif kind == "opml":
            yield from intake.read_opml(data, source, max_bytes)
        else:
            yield from _text_or_urls(data, source, max_bytes, intake)
    except IngestError as exc:
        yield Problem(source, str(exc))
    except OSError as exc:
        yield Problem(source, f"cannot read file: {exc.strerror or exc}")
    except Exception as exc:  # a reader's fault on hostile input: this input is reported, the others read
        yield intake.fault(source, exc)


def _text_or_urls(data: bytes, source: str, max_bytes: int, intake: Intake) -> Iterator[Document | Problem]:
    """A .txt whose lines are mostly http(s) URLs is a list of pages or feeds (its other lines
    reported); otherwise a saved page."""
    from claimscope.ingest.readers import read_text_dump

    decoded = decode(data)
    listed = url_list(decoded[0])
    if listed is None and intake.lists_only:
        why = "not a list of URLs: each line should be one http(s) URL (a page saved as text is for `ingest`)"
        yield Problem(source, why)
        return
    if listed is None:
        yield read_text_dump(decoded, source)
        return
    for number, line in listed.bad:
        yield Problem(f"{source} line {number}", f"not an http(s) URL: {line[:200]!r}")
    yield from intake.read_urls(listed.urls, max_bytes)
