"""Inputs that live on the web: lists of URLs, feeds (local or fetched), OPML lists of feeds.

A URL of a list may answer with a page or with a feed; a feed's items are fetched as pages. Every
fetch goes through one `Fetcher` (the guard, the limits, per-host politeness). A page whose
canonical URL the store already holds (``known_url``) is not fetched again. With a ``memory`` (the
watch command's), feeds are fetched conditionally (ETag, Last-Modified): a feed that has not
changed costs one short answer. Its validators are kept only once the poll has stored every new
item (`Intake.settle`): an item whose fetch or analysis failed, or a poll stopped before its items
were stored, has the next poll read the feed whole and fetch them again. An item its server says
is not there (404, 410) is the exception: the memory notes it, it is reported once and asked for
again less and less often, and once it went a day ago it keeps no feed from being cached (a page
taken down would otherwise have every poll read its feed whole, ask for it again and fail, and a
scheduled `watch --once` exit 1 for ever).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Generator, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol, TypeVar
from urllib.parse import urlsplit

from claimscope.ingest.documents import Metadata
from claimscope.ingest.errors import IngestError, unexpected
from claimscope.ingest.feeds import FeedItem, looks_like_feed, parse_feed, parse_opml
from claimscope.ingest.fetch import FEED_TYPES, PAGE_TYPES, Fetcher, Gone, Response
from claimscope.ingest.readers import read_html
from claimscope.ingest.urls import canonical_url
from claimscope.records import Absence, Document, Problem


class FeedMemory(Protocol):
    """What the watch command keeps between polls of a feed: its validators, and the pages its
    items link to that were not there (`claimscope.store.polls` says for how long)."""

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """(ETag, Last-Modified) of the last complete read of ``url``."""
        ...

    def remember(self, url: str, etag: str | None, last_modified: str | None) -> None:
        """Note a poll of ``url``; validators None when the next poll must read it whole."""
        ...

    def absence(self, url: str) -> Absence | None:
        """The page at ``url`` as remembered gone (404, 410), or None."""
        ...

    def went(self, urls: Collection[str], back: Collection[str] = ()) -> None:
        """Note that the pages at ``urls`` answered 404 or 410 in this poll, and that those at
        ``back``, remembered gone, answered."""
        ...


T = TypeVar("T")


def _unknown(_url: str) -> bool:
    return False


class _Read(NamedTuple):
    """A feed read in this poll: its validators, its items' links, and whether it could be read at all."""

    etag: str | None
    last_modified: str | None
    items: frozenset[str]
    complete: bool


@dataclass
class Intake:
    fetcher: Fetcher = field(default_factory=Fetcher)
    known_url: Callable[[str], bool] = _unknown  # the store holds a page with this canonical URL
    memory: FeedMemory | None = None
    # pages fetched in this poll: one listed by two feeds is fetched once, before either is stored
    fetched: set[str] = field(default_factory=set)
    # pages whose fetch or reading failed in this poll: a link listed again (by another feed, with
    # tracking parameters) is not fetched again, nor reported twice (a slow page costs a minute each)
    failed: set[str] = field(default_factory=set)
    gone: dict[str, str] = field(default_factory=dict)  # items of this poll answered 404 or 410: canonical URLs
    recent: set[str] = field(default_factory=set)  # items whose page went lately: their feeds are not cached
    back: set[str] = field(default_factory=set)  # pages remembered gone that answered in this poll: canonical URLs
    notes: list[Problem] = field(default_factory=list)  # said of an input, not a skip: items that link to no page
    stored: int = 0  # pages not fetched because the store holds their URL: counted as already stored
    read: dict[str, _Read] = field(default_factory=dict)  # feeds read in this poll, by canonical URL
    lists_only: bool = False  # a .txt is a list of URLs, never a page saved as text (what watch polls)
    failure: Exception | None = None  # the store's last error met while reading: never an input's problem

    def begin(self) -> None:
        """A new poll (a watch's intake lives across polls): a page fetched by an earlier one and
        not stored (its analysis failed) may be fetched again."""
        self.fetched.clear()
        self.failed.clear()
        self.gone.clear()
        self.recent.clear()
        self.back.clear()
        self.notes.clear()
        self.read.clear()

    def settle(self, failed: Collection[str]) -> None:
        """The poll's documents are stored (``failed``: the sources of its problems): each feed
        read remembers its validators, or none when one of its new items failed (the next poll
        then reads it whole, and fetches again what is not stored), unless its page is gone and
        went long ago (one that went lately is asked for again at the next polls, after a wait)."""
        if self.memory:
            self.memory.went(set(self.gone.values()), self.back)
        for url, read in self.read.items():
            kept = read.complete and not any(
                item in self.recent or (item in failed and item not in self.gone) for item in read.items
            )
            if self.memory:
                self.memory.remember(url, read.etag if kept else None, read.last_modified if kept else None)
        self.read.clear()

    def known(self, canonical: str) -> bool:
        """A page not to fetch: stored (counted as already stored), or fetched in this poll."""
        if canonical in self.fetched or self._store(lambda: self.known_url(canonical)):
            self.stored += 1
            return True
        return False

    def _passed(self, canonical: str) -> bool:
        """A page not to fetch in this poll: it failed already (not reported twice), or is known."""
        return canonical in self.failed or self.known(canonical)

    def _store(self, ask: Callable[[], T]) -> T:
        """What the store (or the watch's memory) answers; its error noted as the store's."""
        try:
            return ask()
        except Exception as exc:
            self.failure = exc
            raise

    def fault(self, source: str, exc: Exception) -> Problem:
        """An unforeseen fault met reading ``source``, as its problem (and the link as failed); the
        store's errors go on to the batch, which stops or waits for the database."""
        if exc is self.failure:
            raise exc
        self.failed.add(canonical_url(source))
        return unexpected(source, exc)

    def read_urls(self, urls: list[str], max_bytes: int) -> Iterator[Document | Problem]:
        """Each URL of a list (or of an OPML file): a page, or a feed whose items are read."""
        for url in urls:
            try:
                yield from self.read_url(url, max_bytes)
            except Exception as exc:  # a fault on one hostile URL: the list's others are read
                yield self.fault(url, exc)

    def read_url(self, url: str, max_bytes: int) -> Iterator[Document | Problem]:
        canonical = canonical_url(url)
        if canonical in self.read or self._passed(canonical):  # a feed listed twice: read once
            return
        memory = self.memory
        etag, modified = self._store(lambda: memory.validators(canonical)) if memory else (None, None)
        try:
            response = self.fetcher.fetch(url, PAGE_TYPES + FEED_TYPES, max_bytes, etag, modified)
        except IngestError as exc:
            self.failed.add(canonical)
            yield Problem(url, str(exc))
            return
        if response.not_modified:
            self.read[canonical] = _Read(response.etag or etag, response.last_modified or modified, frozenset(), True)
            return
        if response.content_type in PAGE_TYPES and not looks_like_feed(response.body):
            yield self._page(response, url, canonical, Metadata())
            return
        items = yield from self.read_feed(response.body, response.url, url, max_bytes)
        self.read[canonical] = _Read(response.etag, response.last_modified, frozenset(items or ()), items is not None)

    def read_feed(
        self, data: bytes, base_url: str | None, source: str, max_bytes: int
    ) -> Generator[Document | Problem, None, list[str] | None]:
        """The pages a feed's items link to (those not stored yet); returns the links, each the
        source of its page or problem (None when the feed could not be read)."""
        try:
            feed = parse_feed(data, base_url)
        except IngestError as exc:
            yield Problem(source, str(exc))
            return None
        if feed.unlinked:
            self.notes.append(Problem(source, _unlinked(feed.unlinked, len(feed.items))))
        for item in feed.items:
            try:
                page = self._item(item, max_bytes) if urlsplit(item.link).scheme else _relative(item, source)
            except Exception as exc:  # a fault on one hostile item: the feed's others are read
                page = self.fault(item.link, exc)
            if page is not None:
                yield page
        return [item.link for item in feed.items]

    def read_opml(self, data: bytes, source: str, max_bytes: int) -> Iterator[Document | Problem]:
        try:
            urls = parse_opml(data)
        except IngestError as exc:
            yield Problem(source, str(exc))
            return
        if not urls:
            yield Problem(source, "no feeds listed (no <outline xmlUrl=...>)")
        yield from self.read_urls(urls, max_bytes)

    def _item(self, item: FeedItem, max_bytes: int) -> Document | Problem | None:
        canonical = canonical_url(item.link)
        if self._passed(canonical):
            return None
        memory = self.memory
        absence = self._store(lambda: memory.absence(canonical)) if memory else None
        if absence and absence.recent:
            self.recent.add(item.link)
        if absence and not absence.due:
            return None
        try:
            response = self.fetcher.fetch(item.link, PAGE_TYPES, max_bytes)
        except Gone as exc:
            self.failed.add(canonical)
            if memory is None:
                return Problem(item.link, str(exc))
            self.gone[item.link] = canonical
            if absence:
                return None  # said when it first went
            self.recent.add(item.link)
            return Problem(item.link, f"{exc}; the watch asks for it again after an hour, then less and less often")
        except IngestError as exc:
            self.failed.add(canonical)
            return Problem(item.link, str(exc))
        if absence:
            self.back.add(canonical)
        return self._page(response, item.link, canonical, Metadata(title=item.title, published=item.published))

    def _page(self, response: Response, source: str, listed: str, defaults: Metadata) -> Document | Problem:
        """The page fetched for ``source`` (canonical URL ``listed``), known by where redirects
        took the fetch (a shortener's or a feed proxy's link names neither the article nor its
        site), the listed URL kept beside it, so that the next poll of its feed does not fetch it."""
        found = canonical_url(response.url)
        defaults.url, defaults.charset = found, response.charset
        try:
            document = read_html(response.body, source, defaults)
        except IngestError as exc:
            self.failed |= {listed, found}  # not "already stored" when listed again
            return Problem(source, str(exc))
        self.fetched |= {listed, found}
        document.listed_url = listed if listed != found else None
        return document


def _unlinked(count: int, linked: int) -> str:
    items = f"{count:,} of its {count + linked:,} items" if linked else f"its {count:,} item{'s' * (count > 1)}"
    return f"{items} link{'s' * (count == 1)} to no page (no <link>, nor an id that is a web address): nothing to fetch"


def _relative(item: FeedItem, feed: str) -> Problem:
    """An item's link that nothing resolves (a feed read from a file has no URL of its own)."""
    why = f"a relative link in {feed}, which has no URL to resolve it against (give the feed an xml:base "
    why += 'or a <link rel="self" href="https://…">)'
    return Problem(item.link, why)
