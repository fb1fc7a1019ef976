"""WARC and ARC archives (Common Crawl news, say), streamed a record at a time.

Only ``response`` records of an HTTP 200 with an HTML media type become documents; requests,
metadata, redirects and images are passed over. The record's URL (canonical form) is the
document's, and its capture date stands in when the page carries no date of its own. A truncated
or corrupt archive ends with one Problem that says where; the records before it are kept. A file
that is no archive at all (a page or a text saved as .warc) is one Problem, and warcio's own
warnings, which quote the archive's bytes, are not printed.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader
from warcio.recordloader import ArcWarcRecord

from claimscope.ingest.documents import Metadata
from claimscope.ingest.errors import IngestError
from claimscope.ingest.fetch import PAGE_TYPES
from claimscope.ingest.readers import read_html
from claimscope.ingest.urls import canonical_url
from claimscope.records import Document, Problem

TAIL = 64  # what may follow the last record: its blank lines
BROKEN = (ArchiveLoadFailed, zlib.error, EOFError, ValueError, OSError)  # what a damaged archive raises
STARTS = (b"WARC/", b"filedesc://")  # what a WARC and an ARC archive begin with (once gunzipped)
GZIP = b"\x1f\x8b"

logging.getLogger("warcio").setLevel(logging.ERROR)  # "Replacing spaces in invalid WARC-Target-URI: <its bytes>"


class _Records(ArchiveIterator):
    """warcio's iterator, without the warning it writes to stderr, with a line of the archive, when
    a record's length is wrong (the next record is still read: the length was only approximate)."""

    INC_RECORD = ""


def _not_an_archive(path: Path) -> str | None:
    """Why ``path`` is no archive at all, if it is not (its first bytes say)."""
    with path.open("rb") as stream:
        head = stream.read(4096)
    if head.startswith(GZIP):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            head = b""
    if not head.lstrip(b"\r\n").startswith(STARTS):
        return "not a WARC or ARC archive: it begins with neither 'WARC/' nor 'filedesc://'"
    return None


def read_archive(
    path: Path, max_bytes: int, known_url: Callable[[str], bool] = lambda _url: False
) -> Iterator[Document | Problem]:
    """The HTML pages of an archive; pages whose canonical URL is ``known_url`` are passed over."""
    why = _not_an_archive(path)
    if why is not None:
        yield Problem(str(path), why)
        return
    count = end = 0  # records read whole, and where the last one ended
    with path.open("rb") as stream:
        records = _Records(stream, arc2warc=True)
        try:
            for record in records:
                if record.rec_type is None or not isinstance(record.raw_stream, LimitReader):
                    raise EOFError("the record's header is incomplete (no type or no length)")
                page = _page(record, str(path), max_bytes, known_url)
                records.read_to_end(record)
                if record.raw_stream.limit > 0:  # warcio reads a cut record quietly: its length tells
                    raise EOFError(f"{record.raw_stream.limit:,} bytes of the record are missing")
                count += 1
                end = records.get_record_offset() + records.get_record_length()
                if page is not None:
                    yield page
            stream.seek(end)
            if stream.read(TAIL).strip(b"\r\n"):  # warcio ends quietly on a cut gzip member
                raise EOFError(f"{path.stat().st_size - end:,} bytes at the end are not a whole record")
        except BROKEN as exc:
            yield Problem(
                f"{path}#record{count + 1}",
                f"archive truncated or corrupt at record {count + 1} ({type(exc).__name__}: {exc}); "
                f"the {count} record{'' if count == 1 else 's'} before it {'was' if count == 1 else 'were'} read",
            )


def _page(
    record: ArcWarcRecord, archive: str, max_bytes: int, known_url: Callable[[str], bool]
) -> Document | Problem | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    if record.http_headers.get_statuscode() != "200":
        return None
    media = (record.http_headers.get_header("Content-Type") or "").split(";", 1)[0].strip().lower()
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    if media not in PAGE_TYPES or not uri:
        return None
    url = canonical_url(uri)
    source = f"{archive}#{uri}"
    if known_url(url):
        return None
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return Problem(source, f"record over the {max_bytes:,}-byte limit (raise --max-bytes); skipped")
    try:
        return read_html(body, source, Metadata(url=url, published=_capture_date(record)))
    except IngestError as exc:
        return Problem(source, str(exc))


def _capture_date(record: ArcWarcRecord) -> date | None:
    stamp = record.rec_headers.get_header("WARC-Date") or ""
    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00")).date()
    except ValueError:
        return None
