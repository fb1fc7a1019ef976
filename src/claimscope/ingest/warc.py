"""WARC and ARC archives (Common Crawl news, say), streamed a record at a time.

Only ``response`` records of an HTTP 200 with an HTML media type become documents; requests,
metadata, redirects and images are passed over. The record's URL (canonical form) is the
document's, and its capture date stands in when the page carries no date of its own. A truncated
or corrupt record is one Problem that says where; the records before it are kept, and a gzipped
archive is read on from the next whole record. A file
that is no archive at all (a page or a text saved as .warc) is one Problem, and warcio's own
warnings, which quote the archive's bytes, are not printed.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable, Generator, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader
from warcio.recordloader import ArcWarcRecord, ArcWarcRecordLoader

from claimscope.ingest.documents import Metadata
from claimscope.ingest.errors import IngestError
from claimscope.ingest.fetch import PAGE_TYPES, media_type
from claimscope.ingest.members import (
    GZIP,
    HEAD,
    STARTS,
    after_damage,
    inflated_head,
    member_fault,
    starts_record,
)
from claimscope.ingest.readers import read_html
from claimscope.ingest.urls import canonical_url
from claimscope.records import Document, Problem

TAIL = 64  # what may follow the last record: its blank lines


class HeadersTooLong(Exception):
    """A record's headers longer than any real one (warcio takes an EOFError for a record's end)."""


BROKEN = (ArchiveLoadFailed, HeadersTooLong, zlib.error, EOFError, ValueError, OSError)  # what a damaged archive raises
HEADER_BYTES = 1 << 20  # a record's WARC or HTTP headers, and any line between records (real ones: some KiB)
BLANK_LINES_MOST = 64  # between two records (a WARC writes 2)
DAMAGED_MOST = 100  # damaged records after which an archive is given up

logging.getLogger("warcio").setLevel(logging.ERROR)  # "Replacing spaces in invalid WARC-Target-URI: <its bytes>"


class _Records(ArchiveIterator):
    """warcio's iterator, without the warning it writes to stderr, with a line of the archive, when
    a record's length is wrong (the next record is still read: the length was only approximate),
    and with its headers read within HEADER_BYTES (`_Loader`)."""

    INC_RECORD = ""

    def __init__(self, stream: BinaryIO, arc: bool) -> None:
        super().__init__(stream, arc2warc=True)  # an ARC record's headers read as a WARC record's
        self.loader = _Loader(verify_http=False, arc2warc=True)
        # every record read as the archive's kind alone, wherever reading goes on: warcio guesses the
        # first one's, and in a WARC archive damaged bytes with spaces in them read as an ARC record
        self.known_format = "arc" if arc else "warc"
        self.reader = _Lines(self.reader)  # type: ignore[has-type]  # warcio reads blank lines with no limit


class _Lines:
    """warcio's decompressing reader, the lines it asks for with no limit (the blank lines between
    records, nothing else: a record's own lines are asked for within its length) read within
    HEADER_BYTES, BLANK_LINES_MOST of them in a row (warcio reads them one call each: 16 MiB of
    newlines in a 17 KB archive took 16 s)."""

    def __init__(self, reader: Any) -> None:
        self.reader = reader
        self.unbounded = 0  # lines asked for with no limit since the last bounded read

    def readline(self, length: int | None = None) -> bytes:
        if length is not None and length >= 0:
            self.unbounded = 0
            return bytes(self.reader.readline(length))
        self.unbounded += 1
        line = bytes(self.reader.readline(HEADER_BYTES))
        if len(line) == HEADER_BYTES and not line.endswith(b"\n"):
            raise HeadersTooLong(f"a line between records runs over {HEADER_BYTES:,} bytes")
        if self.unbounded > BLANK_LINES_MOST:
            raise HeadersTooLong(f"more than {BLANK_LINES_MOST} lines between two records")
        return line

    def read(self, *args: Any) -> bytes:
        self.unbounded = 0
        return bytes(self.reader.read(*args))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.reader, name)


class _Loader(ArcWarcRecordLoader):
    """warcio's loader, a record's WARC and HTTP headers read within HEADER_BYTES: it reads a
    header line whole, and a line of 500 MB (half a megabyte gzipped) was held in memory."""

    def _detect_type_load_headers(self, stream: Any, *args: Any, **kwargs: Any) -> Any:
        return _bounded(stream, lambda within: super(_Loader, self)._detect_type_load_headers(within, *args, **kwargs))

    def load_http_headers(self, rec_type: str, uri: str, stream: Any, length: int | None) -> Any:
        return _bounded(stream, lambda within: super(_Loader, self).load_http_headers(rec_type, uri, within, length))


def _bounded(stream: Any, parse: Callable[[LimitReader], Any]) -> Any:
    """What ``parse`` reads of ``stream`` within HEADER_BYTES; HeadersTooLong when it needs more."""
    within = LimitReader(stream, HEADER_BYTES)
    parsed = parse(within)
    if within.limit <= 0:
        raise HeadersTooLong(f"a record's headers run over {HEADER_BYTES:,} bytes")
    return parsed


def _kind(path: Path) -> tuple[bool | None, bool]:
    """Whether an archive is ARC (False: WARC; None: neither), by what its first record begins
    with, once inflated when it is gzipped, and whether it is. A gzipped archive whose first member
    is damaged is of the kind its name says (``.arc.gz``: ARC) when a record of that kind follows,
    found as after any damaged member: one damaged byte does not lose the crawl, and a record of
    the other kind inside a page is never taken for the archive's own."""
    with path.open("rb") as stream:
        head = stream.read(HEAD)
        if not head.startswith(GZIP):
            return _begun(head.lstrip(b"\r\n")), False
        arc = _begun(inflated_head(head))
        if arc is None:
            named = path.name.lower().endswith((".arc", ".arc.gz"))
            resume = after_damage(stream, 0, arc=named)
            if resume is not None:
                stream.seek(resume)
                arc = named if starts_record(stream.read(HEAD), named) else None
    return arc, True


def _begun(beginning: bytes) -> bool | None:
    """ARC (True) or WARC (False) by a first record's beginning; None for neither."""
    return False if beginning.startswith(STARTS[0]) else True if beginning.startswith(STARTS[1]) else None


def read_archive(
    path: Path, max_bytes: int, known_url: Callable[[str], bool] = lambda _url: False
) -> Iterator[Document | Problem]:
    """The HTML pages of an archive; pages whose canonical URL is ``known_url`` are passed over. A
    gzipped archive is read again from the next whole gzip member after a corrupt one (each member
    is a record, readable on its own: a damaged byte loses that record, not the rest of the crawl)."""
    arc, resumable = _kind(path)
    if arc is None:
        yield Problem(str(path), "not a WARC or ARC archive: it begins with neither 'WARC/' nor 'filedesc://'")
        return
    count = pages = start = damaged = 0  # records read whole, pages among them, where to go on, damaged records
    size = path.stat().st_size
    with path.open("rb") as stream:
        while True:
            part = yield from _part(stream, start, arc, str(path), max_bytes, known_url)
            count, pages, damaged = count + part.records, pages + part.pages, damaged + (part.damage is not None)
            if part.damage is None:
                break
            resume = after_damage(stream, part.end, arc) if resumable and damaged < DAMAGED_MOST else None
            fault = member_fault(stream, part.end) if resumable else None
            why = _damaged(part.damage, fault, count + damaged, count, resume, size - part.end, resumable)
            yield Problem(f"{path}#record{count + damaged}", why)
            if resume is None:
                if damaged == DAMAGED_MOST:
                    yield Problem(str(path), f"given up after {DAMAGED_MOST} damaged records; {count:,} read whole")
                return
            start = resume
    if count and not pages:  # a crawl of images, or of requests only: said rather than nothing
        yield Problem(str(path), f"no HTML page among its {count:,} records (only HTTP 200 HTML responses are read)")


class _Part(NamedTuple):
    """What reading an archive from one offset gave: records read whole, the HTML pages among
    them, where the last one ended, and the damage that stopped it (None at the archive's end)."""

    records: int
    pages: int
    end: int
    damage: Exception | None


def _part(
    stream: BinaryIO, start: int, arc: bool, archive: str, max_bytes: int, known_url: Callable[[str], bool]
) -> Generator[Document | Problem, None, _Part]:
    """The pages of the archive from ``start`` on, until its end or the first damage."""
    count = pages = 0
    end = start
    stream.seek(start)
    records = _Records(stream, arc)
    try:
        for record in _parsed(records):
            if record.rec_type is None or not isinstance(record.raw_stream, LimitReader):
                raise EOFError("the record's header is incomplete (no type or no length)")
            found = _html_response(record)
            pages += found is not None
            page = _page(record, *found, archive, max_bytes, known_url) if found else None
            records.read_to_end(record)
            if record.raw_stream.limit > 0:  # warcio reads a cut record quietly: its length tells
                raise EOFError(f"{record.raw_stream.limit:,} bytes of the record are missing")
            count += 1
            end = records.get_record_offset() + records.get_record_length()
            if page is not None:
                yield page
        stream.seek(end)
        if stream.read(TAIL).strip(b"\r\n"):  # warcio ends quietly on a cut gzip member
            raise EOFError(f"{Path(archive).stat().st_size - end:,} bytes at the end are not a whole record")
    except BROKEN as exc:
        return _Part(count, pages, end, exc)
    return _Part(count, pages, end, None)


def _damaged(
    damage: Exception, fault: str | None, number: int, whole: int, resume: int | None, left: int, resumable: bool
) -> str:
    """Which record is damaged and how (``fault``: why its gzip member does not inflate), how many
    were read whole before it, where reading goes on or how much of the archive is not read
    (``left`` bytes from the damaged record on)."""
    # warcio's "unknown archive format" quotes the damaged bytes: their kind is enough
    detail = "not a WARC or ARC record" if isinstance(damage, ArchiveLoadFailed) else str(damage)
    if fault is not None:  # warcio reads on past a member that fails, and finds no record there
        detail = f"its gzip member is damaged: {fault}"
    why = f"archive truncated or corrupt at record {number} ({type(damage).__name__}: {detail}); "
    why += f"{whole} record{'' if whole == 1 else 's'} before it read whole"
    if resume is not None:
        return why + f"; read on from the next record, at byte {resume:,}"
    why += f"; its last {left:,} bytes are not read"
    return why + (
        "" if resumable else " (an archive read on past damage is gzipped record by record, as crawlers write)"
    )


def _parsed(records: _Records) -> Iterator[ArcWarcRecord]:
    """warcio's records, what its parser raises on a mangled header (an AttributeError where a
    header is cut short, or a response names no URL) taken for the damage it is."""
    iterator = iter(records)
    while True:
        try:
            record = next(iterator)
        except StopIteration:
            return
        except BROKEN:
            raise
        except Exception as exc:  # warcio's own faults on a mangled header
            raise EOFError(f"a record's header cannot be read: {type(exc).__name__}: {exc}") from exc
        yield record


def _html_response(record: ArcWarcRecord) -> tuple[str, str | None] | None:
    """The URL and charset of a record that is an HTML page (an HTTP 200 response); None for others."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    if record.http_headers.get_statuscode() != "200":
        return None
    media, charset = media_type(record.http_headers.get_header("Content-Type"))
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    return (uri, charset) if media in PAGE_TYPES and uri else None


def _page(
    record: ArcWarcRecord, uri: str, charset: str | None, archive: str, max_bytes: int, known_url: Callable[[str], bool]
) -> Document | Problem | None:
    url = canonical_url(uri)
    source = f"{archive}#{uri}"
    if known_url(url):
        return None
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return Problem(source, f"record over the {max_bytes:,}-byte limit (raise --max-bytes); skipped")
    try:
        return read_html(body, source, Metadata(url=url, published=_capture_date(record), charset=charset))
    except IngestError as exc:
        return Problem(source, str(exc))


def _capture_date(record: ArcWarcRecord) -> date | None:
    stamp = record.rec_headers.get_header("WARC-Date") or ""
    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00")).date()
    except ValueError:
        return None
