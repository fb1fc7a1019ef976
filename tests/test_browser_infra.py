"""The browser-test infrastructure itself: chromium launches, an app is served, the vendored assets load.

A tiny app of its own serves the package's static folder under a strict Content-Security-Policy, the way
the desk does; in Chromium the vendored Leaflet must define ``window.L`` and the world-atlas borders must
decode with topojson-client, all without a single request off the loopback. The watcher must see what a
hostile-content test relies on: an inline script refused by the CSP, and an ``alert()`` that did run.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from playwright.sync_api import Browser

import claimscope
from tests.browser import WatchedPage, new_page, screenshot, serve

STATIC = Path(claimscope.__file__).resolve().parent / "web" / "static"
VENDOR = STATIC / "vendor"
CSP = "default-src 'self'"

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>infra</title>
<link rel="stylesheet" href="/static/vendor/leaflet.css">
<script src="/static/vendor/leaflet.js"></script>
<script src="/static/vendor/topojson-client.min.js"></script>
<link rel="stylesheet" href="/probe.css">
<script src="/probe.js" defer></script></head>
<body><div id="map"></div></body></html>"""

# Draws the 1:50m countries and Ukraine's oblasts with Leaflet, then reports counts on <body>.
PROBE = """
const map = L.map('map', {zoomControl: false, attributionControl: false}).setView([48.5, 31.5], 5);
Promise.all(['countries-50m', 'ukraine-admin1'].map(
  (name) => fetch('/static/vendor/' + name + '.json').then((r) => r.json())
)).then(([world, ukraine]) => {
  const countries = topojson.feature(world, world.objects.countries);
  const oblasts = topojson.feature(ukraine, ukraine.objects.ukr);
  L.geoJSON(countries, {style: {color: '#555', weight: 1, fillColor: '#ddd', fillOpacity: 1}}).addTo(map);
  L.geoJSON(oblasts, {style: {color: '#06c', weight: 1, fill: false}}).addTo(map);
  document.body.dataset.countries = countries.features.length;
  document.body.dataset.oblasts = oblasts.features.length;
});
"""

HOSTILE = """<!doctype html><html><head><script src="/alert.js"></script></head>
<body><script>document.title = 'inline ran'</script></body></html>"""
# no CSP of its own (the middleware only sets one where the route did not): the watcher must stop it
LEAKY = """<!doctype html><html><body><img src="https://example.invalid/x.png"></body></html>"""


def make_app() -> FastAPI:
    app = FastAPI()

    @app.middleware("http")
    async def csp(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        return response

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.get("/")(lambda: HTMLResponse(PAGE))
    app.get("/probe.js")(lambda: Response(PROBE, media_type="text/javascript"))
    app.get("/probe.css")(lambda: Response("#map { height: 600px }", media_type="text/css"))
    app.get("/hostile")(lambda: HTMLResponse(HOSTILE))
    app.get("/leaky")(lambda: HTMLResponse(LEAKY, headers={"Content-Security-Policy": "default-src *"}))
    app.get("/alert.js")(lambda: Response("alert('from a file')", media_type="text/javascript"))
    return app


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    if not (VENDOR / "leaflet.js").is_file():
        pytest.fail(f"{VENDOR} is empty: run `make install` (scripts/web_assets.py)")
    with serve(make_app()) as url:
        yield url


def test_vendored_leaflet_and_borders_load_offline(desk_page: WatchedPage, base_url: str, tmp_path: Path) -> None:
    page = desk_page.page
    page.goto(base_url + "/")
    page.locator("body[data-countries]").wait_for(state="attached", timeout=10_000)
    assert page.evaluate("typeof window.L") == "object"
    assert page.evaluate("L.version") == "1.9.4"
    assert int(page.evaluate("document.body.dataset.countries")) > 100
    assert int(page.evaluate("document.body.dataset.oblasts")) == 27
    assert page.locator("#map path.leaflet-interactive").count() > 100
    shot = screenshot(page, "browser-infra", directory=tmp_path)
    assert shot.read_bytes().startswith(b"\x89PNG")
    desk_page.assert_quiet()


def test_watcher_sees_dialogs_refused_scripts_and_off_loopback_requests(desk_page: WatchedPage, base_url: str) -> None:
    desk_page.page.goto(base_url + "/hostile")
    desk_page.page.wait_for_load_state("load")
    assert desk_page.page.title() != "inline ran"
    assert desk_page.dialogs == ["alert: from a file"]
    assert any("Content Security Policy" in text for text in desk_page.console_errors), desk_page.console_errors
    assert desk_page.external_requests == []
    desk_page.page.goto(base_url + "/leaky")
    assert desk_page.external_requests == ["https://example.invalid/x.png"]
    with pytest.raises(AssertionError):
        desk_page.assert_quiet()


def test_pages_open_with_javascript_off(chromium: Browser, base_url: str) -> None:
    with new_page(chromium, javascript=False) as watched:
        watched.page.goto(base_url + "/hostile")
        assert watched.dialogs == []
        assert watched.page.title() == ""
        watched.assert_quiet()
