"""The one place claimscope touches the network: a guarded, bounded, polite HTTP(S) GET.

Every hop (the first URL and each redirect) is checked by `claimscope.ingest.guard` after its host
is resolved, and the connection goes to the address that was checked (no second lookup that a
hostile DNS server could answer differently). A fetch is bounded: connect and read timeouts, a
deadline for the whole fetch that a watchdog enforces by shutting the socket (a server trickling
a byte a second is cut off, in its headers too), a size limit checked while streaming, a media
type check. Requests to one host go one at a time with a delay between them. Bodies are asked for
uncompressed (no decompression bomb). Plain standard library: http.client over a socket we open.
"""

from __future__ import annotations

import http.client
import re
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import SplitResult, urljoin, urlsplit

from claimscope.ingest.errors import IngestError
from claimscope.ingest.guard import Refused, resolve
from claimscope.ingest.urls import DEFAULT_PORTS, ascii_url, netloc

PAGE_TYPES = ("text/html", "application/xhtml+xml")
# the registered types, and the older x- spellings some servers still send (Python's http.server for .rss)
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/x-rss+xml",
    "application/x-atom+xml",
)
REDIRECTS = {301, 302, 303, 307, 308}
BUSY = {429, 503}  # answers that may say when to come back
GONE = {404, 410}  # answers that say the page is not there
RETRY_MOST = 6 * 3600.0  # a Retry-After longer than this is taken for this
CHARSET_PARAMETER = re.compile(r"""\bcharset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
MAX_URL_CHARS = 2048
CHUNK = 64 * 1024
USER_AGENT = "claimscope/0.1 (news analysis; one request at a time per host)"


@dataclass(frozen=True)
class Limits:
    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # longest silence while waiting for bytes
    deadline: float = 60.0  # the whole fetch, redirects included, politeness waits excluded
    max_redirects: int = 5
    host_delay: float = 1.0  # seconds between two requests to one host


@dataclass
class Response:
    url: str  # where the body came from, after redirects
    status: int  # 200, or 304 when a conditional request found nothing new
    content_type: str = ""
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    charset: str | None = None  # the Content-Type's

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class _Host:
    lock: threading.Lock = field(default_factory=threading.Lock)
    last: float = float("-inf")
    resume: float = float("-inf")  # before this, the host asked not to be asked (Retry-After)


class Busy(IngestError):
    """A host that answered 429 or 503 with a Retry-After: its other pages wait that long."""

    def __init__(self, message: str, seconds: float) -> None:
        super().__init__(message)
        self.seconds = seconds


class Gone(IngestError):
    """A page its server says is not there (404, 410): a watch remembers it rather than asking at
    every poll (`claimscope.store.polls`)."""


class Fetcher:
    """Fetches URLs within ``limits``; one instance per batch keeps its per-host politeness."""

    def __init__(self, limits: Limits | None = None, tls: ssl.SSLContext | None = None) -> None:
        self.limits = limits or Limits()
        self._tls = tls
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()

    @property
    def tls(self) -> ssl.SSLContext:
        """Certificates and host names verified; made on the first https fetch (it costs ~30 ms,
        and most readers never fetch)."""
        if self._tls is None:
            self._tls = ssl.create_default_context()
        return self._tls

    def fetch(
        self,
        url: str,
        accept: tuple[str, ...],
        max_bytes: int,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> Response:
        """GET ``url`` (following redirects) for a body of one of the ``accept`` media types; raises
        IngestError (Refused for a forbidden address) with a message fit to show the user."""
        started = time.monotonic()
        waited = 0.0  # politeness waits do not count against the deadline
        for hop in range(self.limits.max_redirects + 1):
            remaining = started + waited + self.limits.deadline - time.monotonic()
            if remaining <= 0:
                raise IngestError(f"timed out after {self.limits.deadline:g} s (the whole fetch)")
            try:
                parts = _checked_url(url)
                host, port = parts.hostname or "", parts.port or DEFAULT_PORTS[parts.scheme]
                addresses = resolve(host, port, remaining)
            except IngestError as exc:  # a redirect's target: say where the page sent the fetch
                if not hop:
                    raise
                raise type(exc)(f"{exc} (redirected to {url!r})") from None
            with self._polite(host) as wait:
                waited += wait
                deadline = started + waited + self.limits.deadline
                response = self._get(parts, host, port, addresses, accept, max_bytes, deadline, etag, last_modified)
            if response.status in REDIRECTS:
                try:
                    url = urljoin(url, response.url)
                except ValueError as exc:  # "http://[::1"
                    raise IngestError(f"redirected to no URL ({response.url[:200]!r}: {exc})") from None
                continue
            return response
        raise IngestError(f"more than {self.limits.max_redirects} redirects, stopped at {url}")

    @contextmanager
    def _polite(self, host: str) -> Iterator[float]:
        """One request at a time to ``host``, ``host_delay`` seconds after the previous one ended;
        yields how long it waited."""
        with self._hosts_lock:
            state = self._hosts.setdefault(host, _Host())
        with state.lock:
            rest = state.resume - time.monotonic()
            if rest > 0:  # not slept: a batch (or a poll) goes on with other hosts, the next one asks again
                raise IngestError(f"not fetched: {host} asked to be left alone {rest:,.0f} s more (Retry-After)")
            wait = max(0.0, state.last + self.limits.host_delay - time.monotonic())
            time.sleep(wait)
            try:
                yield wait
            except Busy as busy:
                state.resume = time.monotonic() + busy.seconds
                raise
            finally:
                state.last = time.monotonic()

    def _get(
        self,
        parts: SplitResult,
        host: str,
        port: int,
        addresses: list[str],
        accept: tuple[str, ...],
        max_bytes: int,
        deadline: float,
        etag: str | None,
        last_modified: str | None,
    ) -> Response:
        sock = self._connect(host, port, addresses, deadline)
        expired = threading.Event()

        def cut() -> None:  # the deadline passed: unblock whatever read is waiting
            expired.set()
            with suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)

        watchdog = threading.Timer(max(deadline - time.monotonic(), 0.0), cut)
        watchdog.daemon = True
        watchdog.start()
        try:
            if parts.scheme == "https":
                sock = self.tls.wrap_socket(sock, server_hostname=host)
            headers = {
                "Host": netloc(host, port, parts.scheme),
                "User-Agent": USER_AGENT,
                "Accept": ", ".join(accept) + ", */*;q=0.1",
                "Accept-Encoding": "identity",
            }
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            connection = http.client.HTTPConnection(host, port)
            connection.sock = sock
            connection.request("GET", _target(parts), headers=headers)
            answer = connection.getresponse()
            if expired.is_set():  # headers cut short by the watchdog
                raise OSError("deadline")
            return _response(parts.geturl(), answer, accept, max_bytes, expired, bool(etag or last_modified))
        except (OSError, http.client.HTTPException, ssl.SSLError) as exc:
            if expired.is_set():
                raise IngestError(f"timed out after {self.limits.deadline:g} s (the whole fetch)") from None
            if isinstance(exc, TimeoutError):
                raise IngestError(f"timed out after {self.limits.read_timeout:g} s waiting for data") from None
            raise IngestError(f"fetch failed ({type(exc).__name__}: {exc})") from exc
        finally:
            watchdog.cancel()
            sock.close()

    def _connect(self, host: str, port: int, addresses: list[str], deadline: float) -> socket.socket:
        """A socket connected to one of the checked ``addresses`` (tried in order)."""
        failure: OSError | None = None
        for address in addresses:
            timeout = min(self.limits.connect_timeout, deadline - time.monotonic())
            if timeout <= 0:
                break
            try:
                sock = socket.create_connection((address, port), timeout=timeout)
            except OSError as exc:
                failure = exc
                continue
            sock.settimeout(self.limits.read_timeout)
            return sock
        if isinstance(failure, TimeoutError) or failure is None:
            raise IngestError(f"cannot connect to {host}: timed out after {self.limits.connect_timeout:g} s")
        raise IngestError(f"cannot connect to {host} ({failure.strerror or failure})")


def _response(
    url: str,
    answer: http.client.HTTPResponse,
    accept: tuple[str, ...],
    max_bytes: int,
    expired: threading.Event,
    conditional: bool,
) -> Response:
    status = answer.status
    if status in REDIRECTS:
        location = answer.getheader("Location")
        if not location:
            raise IngestError(f"HTTP {status} redirect without a Location")
        return Response(url=_as_utf8(location), status=status)
    etag, modified = answer.getheader("ETag"), answer.getheader("Last-Modified")
    if status == 304 and conditional:
        return Response(url=url, status=304, etag=etag, last_modified=modified)
    if status in BUSY and (seconds := _retry_after(answer.getheader("Retry-After"))) is not None:
        raise Busy(f"HTTP {status} {answer.reason} (asked to wait {seconds:,.0f} s)", seconds)
    if status in GONE:
        raise Gone(f"HTTP {status} {answer.reason}".strip())
    if status != 200:
        raise IngestError(f"HTTP {status} {answer.reason}".strip())
    media, charset = media_type(answer.getheader("Content-Type"))
    if media not in accept:
        raise IngestError(f"content type {media or 'missing'!r} is not one of {', '.join(accept)}")
    declared = _decimal(answer.getheader("Content-Length"))
    if declared is not None and declared > max_bytes:
        raise IngestError(f"body of {declared:,} bytes is over the {max_bytes:,}-byte limit, not fetched")
    body = bytearray()
    while chunk := answer.read1(CHUNK):
        body += chunk
        if len(body) > max_bytes:
            raise IngestError(f"body over {max_bytes:,} bytes, stopped")
    if expired.is_set():  # the watchdog shut the socket: what came is cut short
        raise OSError("deadline")
    if declared is not None and len(body) < declared:
        raise IngestError(f"body cut short: {len(body):,} of {declared:,} bytes came")
    return Response(url, 200, media, bytes(body), etag, modified, charset)


def media_type(header: str | None) -> tuple[str, str | None]:
    """A Content-Type's media type (lower-cased) and its charset parameter, if any."""
    media, _, parameters = (header or "").partition(";")
    found = CHARSET_PARAMETER.search(parameters)
    return media.strip().lower(), found.group(1) if found else None


def _retry_after(header: str | None) -> float | None:
    """A Retry-After's seconds (a number, or an HTTP date), at most RETRY_MOST; None without one."""
    if not header:
        return None
    seconds = _decimal(header.strip())
    if seconds is not None:
        return min(float(seconds), RETRY_MOST)
    try:
        when = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return min(max((when - datetime.now(UTC)).total_seconds(), 0.0), RETRY_MOST)


def _decimal(header: str | None) -> int | None:
    """A header's number (Content-Length, Retry-After), None when there is none or it is no plain
    decimal ("²" is a digit to Python)."""
    return int(header) if header and header.isascii() and header.isdigit() else None


def _as_utf8(header: str) -> str:
    """A header's value as its server meant it: http.client reads bytes as Latin-1, and a Location
    of raw UTF-8 bytes ("/café") is UTF-8, as browsers read it."""
    try:
        return header.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return header


def _checked_url(url: str) -> SplitResult:
    if len(url) > MAX_URL_CHARS:
        raise IngestError(f"URL longer than {MAX_URL_CHARS} characters")
    try:
        parts = urlsplit(ascii_url(url.strip()))  # "/café", "пример.рф": as a browser sends them
        port = parts.port
    except ValueError as exc:
        raise IngestError(f"not a valid URL ({exc})") from exc
    if len(parts.geturl()) > MAX_URL_CHARS:
        raise IngestError(f"URL longer than {MAX_URL_CHARS} characters once percent-encoded")
    if parts.scheme not in DEFAULT_PORTS:
        raise Refused(f"refused: only http and https URLs are fetched, not {parts.scheme or 'a relative URL'}")
    if not parts.hostname:
        raise IngestError("URL has no host")
    if parts.username is not None or parts.password is not None:
        raise Refused("refused: URLs with a user name or password are not fetched")
    if port == 0:
        raise IngestError("URL has port 0")
    return parts


def _target(parts: SplitResult) -> str:
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
