"""Helpers for the desk's real-browser tests: Debian's chromium driven by Playwright, an app served by uvicorn.

The browser is the system's (``/usr/bin/chromium``, or ``$CLAIMSCOPE_CHROMIUM``), never one Playwright
downloads; ``scripts/system-deps.sh chromium`` installs it. Every page opened through ``new_page`` is
watched: console errors, uncaught page errors and dialogs (``alert``, ``confirm``, ``prompt``) are
recorded, so a hostile-content test can assert that nothing ran, and any request that leaves the loopback
is refused and recorded, so a test can assert that the desk works offline (no CDN, no tile server).

The ``chromium`` (session) and ``desk_page`` fixtures in ``tests/conftest.py`` wrap these.
"""

from __future__ import annotations

import os
import re
import socket
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
import uvicorn

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, Route
    from starlette.types import ASGIApp

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("CLAIMSCOPE_CHROMIUM", "/usr/bin/chromium"))
# headless in a container as root: no sandbox, no GPU; and nothing that reaches out on its own
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# the README's pictures: rewritten only when asked (`make screenshots`), so that a test run leaves
# the checkout as it was; otherwise the pictures are still taken, into a temporary folder
SCREENSHOTS = (
    ROOT / "docs" / "screenshots"
    if os.environ.get("CLAIMSCOPE_SCREENSHOTS")
    else Path(tempfile.gettempdir()) / "claimscope-screenshots"
)
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


@contextmanager
def launch_chromium() -> Iterator[Browser]:
    """The system's chromium under Playwright; skips the calling test when it is not installed."""
    if not CHROMIUM.is_file():
        pytest.skip(f"no chromium at {CHROMIUM}: run `make test` as root, or `apt-get install chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def serve(app: ASGIApp, host: str = "127.0.0.1", timeout: float = 15.0) -> Iterator[str]:
    """Run ``app`` with uvicorn in a background thread on a free port; yields its base URL (no slash).

    The socket is bound here, before the thread starts, so no other process can take the port in
    between; the URL is yielded only once the server answers HTTP. On exit the server is asked to stop
    (``should_exit``) and joined.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    base_url = f"http://{host}:{port}"
    try:
        wait_until_answering(base_url, server, thread, timeout)
        yield base_url
    finally:
        server.should_exit = True
        thread.join(timeout)
        if thread.is_alive():
            server.force_exit = True
            thread.join(timeout)
        sock.close()


def wait_until_answering(base_url: str, server: uvicorn.Server, thread: threading.Thread, timeout: float) -> None:
    """Any HTTP answer (a 404 too) means the app is up; a dead thread means it failed to start."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not thread.is_alive():
            raise RuntimeError(f"the server at {base_url} stopped while starting (see its log above)")
        if server.started:
            try:
                with urllib.request.urlopen(base_url + "/", timeout=1):
                    return
            except urllib.error.HTTPError:
                return
            except OSError:
                pass
        time.sleep(0.02)
    raise TimeoutError(f"the server at {base_url} did not answer within {timeout} s")


@dataclass
class WatchedPage:
    """A page and what happened on it that a test must be told about."""

    page: Page
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"console error: {text}" for text in self.console_errors]
            + [f"page error: {text}" for text in self.page_errors]
            + [f"dialog: {text}" for text in self.dialogs]
            + [f"request off the loopback: {url}" for url in self.external_requests]
        )

    def assert_quiet(self) -> None:
        """Nothing executed that should not have, nothing failed in the console, nothing left the machine."""
        assert not self.problems(), "\n".join(self.problems())


@contextmanager
def new_page(
    browser: Browser, *, javascript: bool = True, width: int = 1280, height: int = 800, bypass_csp: bool = False
) -> Iterator[WatchedPage]:
    """A fresh context and page, watched; ``javascript=False`` checks that a page works without scripts,
    ``bypass_csp=True`` that escaping alone keeps hostile content inert."""
    context = browser.new_context(
        java_script_enabled=javascript, bypass_csp=bypass_csp, viewport={"width": width, "height": height}
    )
    try:
        page = context.new_page()
        watched = WatchedPage(page)

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                watched.console_errors.append(message.text)

        def on_dialog(dialog: Dialog) -> None:
            watched.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        def on_request(route: Route) -> None:
            url = route.request.url
            parts = urlsplit(url)
            if parts.scheme in ("http", "https") and parts.hostname not in LOOPBACK:
                watched.external_requests.append(url)
                route.abort("blockedbyclient")
            else:
                route.continue_()

        page.on("console", on_console)
        page.on("pageerror", lambda error: watched.page_errors.append(str(error)))
        page.on("dialog", on_dialog)
        context.route("**/*", on_request)
        yield watched
    finally:
        context.close()


def screenshot(page: Page, name: str, directory: Path = SCREENSHOTS, full_page: bool = False) -> Path:
    """Save the page as ``NAME.png`` in SCREENSHOTS (the README's pictures come from the tests)."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", name):
        raise ValueError(f"screenshot name {name!r}: lower-case letters, digits, - and _ only")
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
