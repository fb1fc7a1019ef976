"""Where reading a gzipped archive goes on after a damaged record: the next gzip member.

A gzipped WARC writes each record as a gzip member of its own, readable alone, so damage loses
one record, not the rest of the crawl. Reading goes on at the end of the damaged member, found by
inflating it: its bytes are the crawler's, a page's content among them, so a WARC record hidden
in a page (a gzip member inside an incompressible body, stored verbatim) is passed over with the
page, never taken for one of the archive's own. Only a member that does not inflate (a damaged
byte of the archive itself) is passed by looking for the next gzip header that inflates to a
record of the archive's kind, a bounded number of candidates at most.
"""

from __future__ import annotations

import re
import zlib
from typing import BinaryIO

STARTS = (b"WARC/", b"filedesc://")  # what a WARC and an ARC archive begin with (once gunzipped)
GZIP = b"\x1f\x8b"
MEMBER = GZIP + b"\x08"  # the magic and the deflate method: where a gzip member may begin
BLOCK = 1 << 20  # read at a time
INFLATED = 1 << 16  # inflated at a time while passing a member (thrown away)
HEAD = 4096  # of a candidate member, inflated to see whether a record begins there
CANDIDATES = 10_000  # gzip headers tried after a member that does not inflate (each costs ~10 µs)
# an ARC record's first line: URL IP date type length, the fields after the URL told apart from
# the right (a URL may hold spaces: warcio reads it whole)
ARC_URL = re.compile(rb"[a-z][a-z0-9+.-]*:\S", re.IGNORECASE)
ARC_FIELDS = re.compile(rb"\S+ \d{14} \S+ \d+")
CHECKS = {  # zlib's words for a member whose trailer does not match what it inflates to
    "incorrect data check": "its CRC-32 does not match its content (damaged bytes)",
    "incorrect length check": "its length trailer does not match its content (damaged bytes)",
}


def after_damage(stream: BinaryIO, start: int, arc: bool) -> int | None:
    """Where the member after the damaged one beginning at ``start`` begins (the archive's end
    when it was the last); None when nothing whole follows (it is cut short, or no record of an ARC
    archive if ``arc``, of a WARC one if not, is found),
    and when ``start`` is no member's beginning: an archive gzipped whole, one member, whose
    records' ends fall inside it, is not read on (a record hidden in a page would be found there)."""
    if not _begins_member(stream, start):
        return None
    try:
        return _member_end(stream, start)
    except zlib.error:
        return _next_member(stream, start + 1, arc)


def member_fault(stream: BinaryIO, start: int) -> str | None:
    """Why the gzip member at ``start`` does not inflate whole (its trailer's checks, or zlib's
    words); None when it does, or is no member."""
    if not _begins_member(stream, start):
        return None
    try:
        _member_end(stream, start)
    except zlib.error as exc:
        reason = str(exc).rpartition(": ")[2]
        return CHECKS.get(reason, f"zlib: {reason}")
    return None


def _begins_member(stream: BinaryIO, start: int) -> bool:
    stream.seek(max(start, 0))
    return start >= 0 and stream.read(len(MEMBER)) == MEMBER


def _member_end(stream: BinaryIO, start: int) -> int | None:
    """The end of the gzip member at ``start``, inflated in bounded pieces (at the speed warcio reads
    a whole record); None when the archive ends first. zlib.error when it does not inflate."""
    stream.seek(start)
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    fed = start
    while block := stream.read(BLOCK):
        fed += len(block)
        pending = block
        while pending and not inflater.eof:
            inflater.decompress(pending, INFLATED)
            pending = inflater.unconsumed_tail
        if inflater.eof:
            return fed - len(inflater.unused_data)
    return None


def _next_member(stream: BinaryIO, after: int, arc: bool) -> int | None:
    """Where the first gzip member from ``after`` on that inflates to a record begins (the magic's
    bytes also occur by chance inside compressed data); None past CANDIDATES tries."""
    stream.seek(after)
    offset, carried, tried = after, b"", 0
    while block := stream.read(BLOCK):
        data, base = carried + block, offset - len(carried)
        found = data.find(MEMBER)
        while found >= 0 and tried < CANDIDATES:
            tried += 1
            head = data[found : found + HEAD]
            if len(head) < HEAD:  # near the block's end: read on in the file
                stream.seek(base + found)
                head = stream.read(HEAD)
            if starts_record(head, arc):
                return base + found
            found = data.find(MEMBER, found + 1)
        if tried >= CANDIDATES:
            return None
        carried = data[-(len(MEMBER) - 1) :]
        offset += len(block)
        stream.seek(offset)
    return None


def starts_record(head: bytes, arc: bool) -> bool:
    """Whether a member's ``head`` inflates to the beginning of a record of the archive's kind (an
    ARC record begins with a line of its own, no fixed word)."""
    inflated = inflated_head(head)
    return _arc_line(inflated) if arc else inflated.startswith(STARTS[0])


def _arc_line(inflated: bytes) -> bool:
    line, ended, _ = inflated.partition(b"\n")
    url, *fields = line.removesuffix(b"\r").rsplit(b" ", 4)
    return (
        bool(ended)
        and len(fields) == 4
        and ARC_URL.match(url) is not None
        and ARC_FIELDS.fullmatch(b" ".join(fields)) is not None
    )


def inflated_head(head: bytes) -> bytes:
    """The first bytes a gzip member's ``head`` inflates to, blank lines dropped (empty when it
    does not inflate): what tells a record's beginning (an ARC record's whole first line)."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, HEAD).lstrip(b"\r\n")
    except zlib.error:
        return b""
