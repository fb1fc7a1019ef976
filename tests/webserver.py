"""Real HTTP servers on loopback for the intake tests: pages, feeds and hostile answers.

Each route is a function of the request handler that writes the whole answer (status, headers,
body), so a route can stream a lazily generated gigabyte, trickle bytes or redirect anywhere.
Pages are read from the shared corpus at request time, never copied into the repository.
"""

from __future__ import annotations

import re
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

Route = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Site:
    """A server's routes and what it was asked (path and headers of each request)."""

    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    port: int = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]


@contextmanager
def serving(site: Site, tls: ssl.SSLContext | None = None) -> Iterator[Site]:
    """``site`` served on 127.0.0.1 (a free port) in a thread, for the length of the block; over
    TLS with ``tls``."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"  # one request a connection; a body without length ends at close

        def do_GET(self) -> None:
            site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = site.routes.get(self.path.split("?", 1)[0])
            if route is None:
                self.send_error(404)
                return
            with suppress(BrokenPipeError, ConnectionResetError):  # the client stopped reading: as tests want
                route(self)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    site.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.stop.set()
        server.shutdown()
        server.server_close()


def answer(status: int, body: bytes, content_type: str, **headers: str) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            handler.send_header(name.replace("_", "-"), value)
        handler.end_headers()
        handler.wfile.write(body)

    return route


def page_file(path: Path) -> Route:
    """A page of the shared corpus, read when asked for."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        answer(200, path.read_bytes(), "text/html; charset=utf-8")(handler)

    return route


YEAR = re.compile(r"\b(19|20)\d\d\b")


def bare_page(path: Path) -> bytes:
    """A text of the shared data as a bare HTML page: paragraphs, no title, no date (the paragraphs
    that name a year are left out, or the extractor would take the year for the page's date)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in lines if p.strip() and not YEAR.search(p))
    return f"<html><body><article>{paragraphs}</article></body></html>".encode()


def text_as_page(path: Path) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        answer(200, bare_page(path), "text/html; charset=utf-8")(handler)

    return route


def conditional(route_body: bytes, content_type: str, etag: str) -> Route:
    """A feed that answers 304 to a request carrying its ETag."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        if handler.headers.get("If-None-Match") == etag:
            handler.send_response(304)
            handler.send_header("ETag", etag)
            handler.end_headers()
            return
        answer(200, route_body, content_type, ETag=etag)(handler)

    return route


def redirect(location: str, status: int = 302) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return route


def endless(size: int, declared: bool, site: Site) -> Route:
    """``size`` bytes of HTML generated as they are sent (never held), with or without a length."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        if declared:
            handler.send_header("Content-Length", str(size))
        handler.end_headers()
        chunk = b"<p>" + b"a" * (64 * 1024 - 7) + b"</p>\n"
        sent = 0
        while sent < size and not site.stop.is_set():
            handler.wfile.write(chunk)
            sent += len(chunk)

    return route


def trickle(site: Site, in_headers: bool = False, every: float = 0.2) -> Route:
    """A slow-loris server: one byte every ``every`` seconds, in the body or in the headers."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.wfile.write(b"HTTP/1.0 200 OK\r\n")
        if in_headers:
            while not site.stop.is_set():
                handler.wfile.write(b"X")
                handler.wfile.flush()
                time.sleep(every)
            return
        handler.wfile.write(b"Content-Type: text/html\r\n\r\n<html><body><p>")
        while not site.stop.is_set():
            handler.wfile.write(b"a")
            handler.wfile.flush()
            time.sleep(every)

    return route


def rss(items: list[tuple[str, str, datetime]], title: str = "Le fil") -> bytes:
    """An RSS 2.0 feed of (link, title, publication time) items."""
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link>"
        f"<pubDate>{format_datetime(when.astimezone(UTC), usegmt=True)}</pubDate></item>"
        for link, t, when in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
        f"<link>http://example.org/</link><description>fil</description>{entries}</channel></rss>"
    ).encode()
