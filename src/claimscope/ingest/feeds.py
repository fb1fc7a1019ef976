"""RSS/Atom feeds and OPML lists of feeds, parsed from bytes already in hand.

feedparser is only ever given bytes (a stream), so it never fetches anything itself, and its SAX
parser is told not to load external entities. It means to drop a feed's nested ENTITY
declarations too, but only finds those that begin a line: a one-line billion laughs costs it
seconds (expat expands until its amplification limit). So a feed's DOCTYPEs are removed before
feedparser sees them (an entity declared there is then left as written), and a feed still
declaring an entity or a DOCTYPE after that is refused (not one quoting them in a comment or a
CDATA section, as an article about XML attacks does: the parser reads no declaration there).
OPML is parsed by lxml with entity resolution, DTD loading and network access off, and refused
outright when it has a DOCTYPE.
"""

from __future__ import annotations

import calendar
import codecs
import io
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from time import struct_time
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
from lxml import etree

from claimscope.ingest.dates import plausible
from claimscope.ingest.decode import BOMS
from claimscope.ingest.errors import IngestError

FEED_START = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
SNIFF_BYTES = 2048
DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
DOCTYPE_DECLARATION = re.compile(rb"<!DOCTYPE(?:[^\[>]*\[.*?\]\s*>|[^>]*>)", re.IGNORECASE | re.DOTALL)
# what begins a declaration, or a comment, a CDATA section or a processing instruction, in which
# the XML parser reads none (an article about XXE quotes "<!ENTITY" there): skipped to their end,
# as the parser skips them (a "<!--" inside "<?pi ?>" opens no comment: a DOCTYPE may follow)
OPENING = re.compile(rb"<(\?|!--|!\[CDATA\[|!(?i:ENTITY|DOCTYPE))")
CLOSING = {b"?": b"?>", b"!--": b"-->", b"![CDATA[": b"]]>"}
# how a feed in a wide encoding begins: its byte-order mark, or "<" (of "<?xml") without one
WIDE = (
    *BOMS,
    (b"<\0\0\0", "utf-32-le"),
    (b"\0\0\0<", "utf-32-be"),
    (b"<\0", "utf-16-le"),
    (b"\0<", "utf-16-be"),
)
XML_ENCODING = re.compile(r"""^(<\?xml[^>]*?)\s+encoding\s*=\s*["']([^"']*)["']""")  # the label: group 2


@dataclass(frozen=True)
class FeedItem:
    link: str
    title: str | None
    published: date | None


@dataclass(frozen=True)
class Feed:
    items: list[FeedItem]
    unlinked: int = 0  # items with no link, nor an id that is a web address: nothing to fetch


def looks_like_feed(data: bytes) -> bool:
    """An RSS, Atom or RDF root element near the start (for a URL whose media type is generic XML)."""
    return FEED_START.search(data[:SNIFF_BYTES]) is not None


def parse_feed(data: bytes, base_url: str | None) -> Feed:
    """The items of an RSS/Atom feed that link to a page, links made absolute against ``base_url``
    (a feed read from a file: against the URL it gives itself), and how many do not; IngestError
    when the bytes are not a feed at all (a slightly broken feed with items is read)."""
    stripped = DOCTYPE_DECLARATION.sub(b"", _transcoded(data))  # every one: a decoy in a comment may come first
    if _declares(stripped):  # one the stripping missed ("]>" in an entity's value) or made ("<!DOC<!DOCTYPE>TYPE")
        raise IngestError("a feed that declares entities (<!ENTITY, <!DOCTYPE) is refused")
    try:
        parsed = feedparser.parse(io.BytesIO(stripped), resolve_relative_uris=False, sanitize_html=False)
    except Exception as exc:  # feedparser's own bugs on hostile input: this input is not read, others are
        raise IngestError(f"feed could not be parsed ({type(exc).__name__}: {exc})") from exc
    entries = parsed.get("entries") or []
    if not parsed.get("version") and not entries:
        cause = parsed.get("bozo_exception")
        raise IngestError("not an RSS or Atom feed" + (f" ({cause})" if cause else ""))
    base_url = base_url or _own_url(parsed.get("feed") or {})
    items: list[FeedItem] = []
    for entry in entries:
        link = entry.get("link")
        if not isinstance(link, str) or not link.strip() or (entry.get("guidislink") and not _web(link)):
            continue  # no link, or an id taken for one ("urn:uuid:…", "12345": RSS guids, Atom ids)
        title = entry.get("title")
        items.append(
            FeedItem(
                link=urljoin(base_url, link.strip()) if base_url else link.strip(),
                title=title.strip()[:300] or None if isinstance(title, str) else None,
                published=_date(entry.get("published_parsed") or entry.get("updated_parsed")),
            )
        )
    return Feed(items, len(entries) - len(items))


def _web(link: str) -> bool:
    return urlsplit(link.strip()).scheme in ("http", "https")


def _declares(data: bytes) -> bool:
    """A DOCTYPE or ENTITY declaration left where the parser would read it as one."""
    at = 0
    while (found := OPENING.search(data, at)) is not None:
        closing = CLOSING.get(found.group(1))
        if closing is None:
            return True
        end = data.find(closing, found.end())
        if end < 0:  # open to the end: nothing after it is read as markup
            return False
        at = end + len(closing)
    return False


def _transcoded(data: bytes) -> bytes:
    """A feed written in UTF-16, UTF-32 or UTF-7 as UTF-8 (its declaration's encoding dropped), so
    that what looks for its declarations reads them as the parser will: their bytes are ASCII's
    only in UTF-8 and its kin, and UTF-7 may also write "<" as "+ADw-". A feed in none of these
    (EBCDIC's "<" is another byte) is refused: expat would read it."""
    encoding = next((name for start, name in WIDE if data.startswith(start)), None)
    if encoding is None:
        start = data.removeprefix(codecs.BOM_UTF8).lstrip(b" \t\r\n")
        if not start.startswith(b"<"):
            raise IngestError("not an RSS or Atom feed (it does not begin with '<' in ASCII, UTF-8, UTF-16 or UTF-32)")
        declared = XML_ENCODING.match(start[:SNIFF_BYTES].decode("latin-1"))
        if declared is None or _codec(declared.group(2)) != "utf-7":
            return data
        encoding = "utf-7"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise IngestError(f"not a feed: it begins as {encoding.upper()} but is not ({exc.reason})") from None
    return XML_ENCODING.sub(r"\1", text.lstrip("\ufeff"), count=1).encode("utf-8")


def _codec(name: str) -> str | None:
    """Python's name for an encoding's label ("UTF7", "utf 7": "utf-7"), if it knows it."""
    try:
        return codecs.lookup(name).name
    except (LookupError, ValueError):  # unknown, or a NUL in it
        return None


def _own_url(feed: dict[str, Any]) -> str | None:
    """Where a feed read from a file says it lives (``<link rel="self">``, Atom's or RSS's
    atom:link), to resolve its items' relative links against: http(s) only."""
    for link in feed.get("links") or ():
        url = link.get("href")
        if link.get("rel") == "self" and isinstance(url, str) and _web(url):
            return url.strip()
    return None


def _date(parsed: object) -> date | None:
    if not isinstance(parsed, struct_time):
        return None
    try:
        return plausible(datetime.fromtimestamp(calendar.timegm(parsed), UTC).date())
    except (OverflowError, ValueError, OSError):
        return None


SAFE_XML = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


def parse_opml(data: bytes) -> list[str]:
    """The feed URLs (``xmlUrl``) an OPML file lists, in order, each once. OPML has no use for a
    DOCTYPE: one is refused whole (entity bombs, external entities)."""
    if DOCTYPE.search(data):
        raise IngestError("OPML with a DOCTYPE (entity declarations) is refused; remove it")
    try:
        root = etree.fromstring(data, SAFE_XML)
    except etree.XMLSyntaxError as exc:
        raise IngestError(f"OPML is not well-formed XML ({exc})") from exc
    if root is None or not isinstance(root.tag, str) or root.tag.lower() != "opml":
        raise IngestError("not an OPML file (its root element is not <opml>)")
    urls = [
        value.strip()
        for outline in root.iter("outline")
        if isinstance(value := outline.get("xmlUrl") or outline.get("xmlurl"), str) and value.strip()
    ]
    return list(dict.fromkeys(urls))
