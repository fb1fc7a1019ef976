"""One reader per input format; each turns bytes into Documents or raises IngestError."""

from __future__ import annotations

import html as markup
import json
import re
from collections.abc import Iterable, Iterator

import trafilatura
from trafilatura.settings import Document as TrafilaturaDocument
from trafilatura.utils import load_html

from claimscope.ingest.boilerplate import strip_boilerplate
from claimscope.ingest.dates import parse_date
from claimscope.ingest.decode import decode
from claimscope.ingest.documents import Metadata, build_document
from claimscope.ingest.errors import IngestError
from claimscope.ingest.markup import flatten_deep_markup, without_heading_code
from claimscope.records import Document, Problem, Span


def read_text_dump(decoded: tuple[str, list[str]], source: str) -> Document:
    """A page saved as text (``decode``'s text and warnings): boilerplate lines go, a byline
    becomes the author."""
    raw, warnings = decoded
    cleaned = strip_boilerplate(raw)
    meta = Metadata(author=cleaned.author, published=parse_date(cleaned.published), warnings=warnings)
    return build_document(raw, cleaned.blocks, source, meta)


def read_html(data: bytes, source: str, defaults: Metadata | None = None) -> Document:
    """An HTML page: main text by trafilatura (comments off), metadata from the page; ``defaults``
    (a feed item's title and date, an archive record's date) fill in what the page lacks."""
    defaults = defaults or Metadata()
    # the transport's charset first, then the page's <meta>, as browsers read them; a transport's
    # charset under which no markup reads ("utf-16" said of CP1252 bytes) is wrong, and left
    html, warnings = decode(data, defaults.charset or declared_charset(data))
    if "<" not in html and defaults.charset:
        html, warnings = decode(data, declared_charset(data))
    if "<" not in html:  # a file of plain text is read as text when it says so; a server sent no page
        raise IngestError(
            "no HTML markup in the answer"
            if defaults.url
            else "no HTML markup found; save plain text with a .txt suffix"
        )
    try:  # the URL it was fetched from names its site when the page does not (else each page of
        # one outlet would count as an independent source)
        tree = load_html(flatten_deep_markup(html))
        extracted = tree is not None and trafilatura.bare_extraction(
            without_heading_code(tree), url=defaults.url, include_comments=False, with_metadata=True
        )
    except Exception as exc:  # trafilatura raises many types on broken markup
        raise IngestError(f"HTML could not be parsed ({type(exc).__name__}: {exc})") from exc
    if not isinstance(extracted, TrafilaturaDocument) or not (extracted.text or "").strip():
        raise IngestError("no main text found in the HTML (empty, truncated or not an article)")
    text: str = extracted.text or ""
    blocks = _line_blocks(text)
    meta = Metadata(
        title=page_title(extracted.title, html) or defaults.title,
        author=extracted.author,
        site=extracted.sitename or extracted.hostname,
        url=defaults.url or extracted.url,
        published=parse_date(extracted.date) or defaults.published,
        warnings=warnings,
    )
    return build_document(text, blocks, source, meta)


SOCIAL_TITLE = re.compile(
    r"""<meta\s[^<>]*(?:property|name)\s*=\s*["'](?:og|twitter):title["'][^<>]*>""", re.IGNORECASE
)
CONTENT = re.compile(r"""\bcontent\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)
HEAD_CHARS = 300_000  # where a page's <meta> tags are


def page_title(title: str | None, html: str) -> str | None:
    """A one-word title is a placeholder (a CMS's name left in a page's JSON-LD: "escenic"), not
    a headline: the title the page gives social networks is taken then, if it has more words."""
    if title is None or " " in title.strip():
        return title
    for tag in SOCIAL_TITLE.finditer(html, 0, HEAD_CHARS):
        found = CONTENT.search(tag.group())
        if found and " " in (social := " ".join(markup.unescape(found[2]).split())):
            return social
    return title


CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The encoding a page declares in its <meta> (honoured before any guessing)."""
    found = CHARSET.search(data[:4096])
    return found.group(1).decode("ascii") if found else None


def read_jsonl(lines: Iterable[bytes], source: str, max_bytes: int) -> Iterator[Document | Problem]:
    """One JSON object a line (url, site, title, published, language, text), streamed from
    byte lines (only b"\n" ends a record: U+2028 is legal inside JSON strings); bad lines reported."""
    for number, data in enumerate(lines, start=1):
        if not data.strip():
            continue
        where = f"{source}#line{number}"
        if len(data) > max_bytes:
            yield Problem(where, f"record of {len(data):,} bytes, over the {max_bytes:,}-byte limit; line skipped")
            continue
        try:
            line, _ = decode(data)
            record = json.loads(line)
        except IngestError as exc:
            yield Problem(where, f"{exc}; line skipped")
            continue
        except json.JSONDecodeError as exc:
            yield Problem(where, f"invalid JSON ({exc.msg}, column {exc.colno}); line skipped")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield Problem(where, "record has no string field 'text'; line skipped")
            continue
        if _field(record, "id"):
            where = f"{source}#{_field(record, 'id')}"
        text: str = record["text"]
        written = _field(record, "published")
        published = parse_date(written)
        meta = Metadata(
            title=_field(record, "title"),
            author=_field(record, "author"),
            site=_field(record, "site"),
            url=_field(record, "url"),
            published=published,
            language=_field(record, "language", 8),
            warnings=[f"'published' is not a past day with its year ({written!r}): stored undated"]
            if written and not published
            else [],
        )
        try:
            yield build_document(text, _line_blocks(text), where, meta)
        except IngestError as exc:
            yield Problem(where, str(exc))


def _field(record: dict[str, object], name: str, limit: int = 255) -> str | None:
    """A metadata field as a short string, or None: records are hostile, fields may be anything."""
    value = record.get(name)
    if isinstance(value, int | float) and not isinstance(value, bool) and name == "id":
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip()[:limit]


def _line_blocks(text: str) -> list[Span]:
    blocks: list[Span] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            blocks.append(Span(offset, offset + len(line)))
        offset += len(line)
    return blocks
