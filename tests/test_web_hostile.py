"""Hostile content: articles whose text, titles, sites, URLs and speaker names are attacker-controlled.

The corpus (tests/hostile.py) goes through the real pipeline into a store; every kind of page is
then opened in Chromium twice: as served (the Content-Security-Policy on) and with the policy
bypassed, so that escaping alone is shown to keep the payloads inert. Nothing may run (no dialog,
no ``window.__pwned``), nothing may fail in the console, nothing may leave the machine, no element
may carry an ``on…`` attribute or a ``javascript:`` link, and each payload must still be on the page
as text: escaped, not dropped. Over HTTP: the policy's header on every page, no inline script and
no handler attribute in any HTML, JSON (never HTML) from the API whatever the path holds, write
endpoints that refuse missing and wrong tokens and oversized uploads, and a loopback default host.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from claimscope import query
from claimscope.store import Store
from claimscope.web.app import create_app
from tests import hostile

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from tests.browser import WatchedPage

TOKEN = "hostile-test-token-0123456789"
ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "src" / "claimscope" / "web"


@dataclass(frozen=True)
class Visit:
    """A page to open, and the payloads that must be on it as text (escaped, not dropped)."""

    url: str
    texts: tuple[str, ...] = ()
    search_value: str | None = None  # the search box must hold the query as typed


def q(**params: str) -> str:
    return "?" + urlencode(params)


def seg(value: str) -> str:
    return quote(value, safe="")


def page_visits(store: Store) -> dict[str, list[Visit]]:
    """Every kind of page of the plan, over the hostile store, with what each must show. A ``%2F``
    reaches the router as ``/``: only routes declared ``{name:path}`` take ids holding one."""
    docs = query.documents(store, limit=200).items
    first = next(d for d in docs if d.title and d.title.startswith("Titre"))
    speakers = [s.name for s in query.speakers(store, 0, 200).items]
    assert hostile.SPEAKER in speakers and hostile.GROUP in speakers, speakers
    pids = [p.pid for p in query.propositions(store, limit=200).items]
    control = next(p for p in query.propositions(store, limit=200).items if p.type == "control")
    return {
        "articles": [
            Visit("/articles", (f"Titre {hostile.SCRIPT}", hostile.IMG)),
            Visit("/articles" + q(q=hostile.QUERY), (), hostile.QUERY),
            Visit("/articles" + q(q="Négociations"), (hostile.SCRIPT,)),
            Visit("/articles" + q(site=hostile.IMG, speaker=hostile.SPEAKER, since=hostile.SCRIPT)),
        ],
        "article": [Visit(f"/articles/{seg(d.id)}") for d in docs]
        + [
            Visit(
                f"/articles/{seg(first.id)}",
                (hostile.SCRIPT, hostile.IMG, hostile.AUTHOR, hostile.ANCHOR, hostile.TEMPLATE, hostile.JS_URL),
            ),
            Visit("/articles/" + seg(hostile.IMG), (hostile.IMG,)),
            Visit("/articles/" + seg(hostile.SCRIPT), (hostile.SCRIPT,)),
        ],
        "speakers": [Visit("/speakers", (hostile.SPEAKER, hostile.GROUP))],
        "speaker": [Visit("/speakers/" + seg(name)) for name in speakers]
        + [
            Visit("/speakers/" + seg(hostile.SPEAKER), (hostile.SPEAKER,)),
            Visit("/speakers/" + seg(hostile.GROUP), (hostile.GROUP,)),
            Visit("/speakers/" + seg(hostile.SCRIPT), (hostile.SCRIPT,)),
        ],
        "claims": [
            Visit("/claims"),
            Visit("/claims" + q(place=hostile.PLACE_IMG, since=hostile.SCRIPT, type=hostile.IMG)),
        ],
        "proposition": [Visit(f"/claims/{seg(pid)}") for pid in pids]
        + [
            Visit(f"/claims/{seg(control.pid)}", (hostile.PLACE_IMG, hostile.SITE_SCRIPT)),
            Visit("/claims/" + seg(hostile.IMG)),
        ],
        "timeline": [Visit("/timeline" + q(proposition=pid)) for pid in pids]
        + [Visit("/timeline" + q(person=name), (name,)) for name in (hostile.SPEAKER, hostile.GROUP)]
        + [Visit("/timeline" + q(person=hostile.SCRIPT)), Visit("/timeline" + q(proposition=hostile.IMG))],
        "map": [
            Visit("/map"),
            Visit("/map" + q(date="2025-12-02")),
            Visit("/map" + q(date=hostile.SCRIPT)),
            Visit("/map" + q(place=hostile.IMG)),
        ],
        "flags": [Visit("/flags", (hostile.SCRIPT,)), Visit("/flags" + q(kind=hostile.IMG))],
        "docs": [Visit("/docs"), Visit("/docs" + q(url="https://evil.example/x.json", configUrl="//evil.example/c"))],
    }


PAGE_KINDS = ("articles", "article", "speakers", "speaker", "claims", "proposition", "timeline", "map", "flags", "docs")


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return hostile.hostile_store(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def hostile_app(hostile_db: Store) -> FastAPI:
    return create_app(hostile_db, token=TOKEN)


@pytest.fixture(scope="module")
def client(hostile_app: FastAPI) -> TestClient:
    return TestClient(hostile_app)


@pytest.fixture(scope="module")
def visits(hostile_db: Store) -> dict[str, list[Visit]]:
    return page_visits(hostile_db)


@pytest.fixture(scope="module")
def base_url(hostile_app: FastAPI) -> Iterator[str]:
    from tests.browser import serve

    with serve(hostile_app) as url:
        yield url


# --- HTML as served -------------------------------------------------------------------------

URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"})
DANGEROUS_SCHEME = re.compile(r"(javascript|vbscript|data):", re.IGNORECASE)
INERT_SCRIPT_TYPES = frozenset({"application/json", "application/ld+json", "application/geo+json"})
FORBIDDEN_TAGS = frozenset({"iframe", "frame", "object", "embed", "base"})


def dangerous_url(value: str) -> bool:
    """A URL a browser would run or render as a page: browsers drop ASCII whitespace and control
    characters before reading the scheme, so ``java\\tscript:`` counts."""
    return bool(DANGEROUS_SCHEME.match(re.sub(r"[\x00-\x20]", "", value)))


class Inspector(HTMLParser):
    """Whatever in a page would run, or would load a page in it: inline scripts (other than inert
    data blocks), ``on…`` attributes, ``javascript:``/``data:`` URLs, frames, objects, ``<base>``, refresh."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.inline_script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            image = tag == "img" and value.startswith("data:image/")
            if name in URL_ATTRIBUTES and dangerous_url(value) and not image:
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "srcdoc":
                self.problems.append(f"<{tag} srcdoc>")
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")
        if tag == "script" and not values.get("src") and values.get("type", "").lower() not in INERT_SCRIPT_TYPES:
            self.inline_script = ""

    def handle_data(self, data: str) -> None:
        if self.inline_script is not None:
            self.inline_script += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.inline_script is not None:
            self.problems.append(f"inline <script>{self.inline_script[:80]!r}")
            self.inline_script = None


def html_problems(body: str) -> list[str]:
    inspector = Inspector()
    inspector.feed(body)
    inspector.close()
    live = [f"unescaped {fragment!r}" for fragment in hostile.LIVE if fragment in body]
    return inspector.problems + live


def csp_problems(header: str | None) -> list[str]:
    """A policy that allows no inline or injected script: script-src (or default-src) with 'self'
    and no 'unsafe-inline', 'unsafe-eval', wildcard, scheme or other host; no plugins; no <base>."""
    if not header:
        return ["no Content-Security-Policy header"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    scripts = directives.get("script-src", directives.get("default-src"))
    problems = []
    if scripts is None or "'self'" not in scripts:
        problems.append(f"script-src is not 'self': {scripts}")
    for source in scripts or []:
        if source != "'self'" and not source.startswith(("'nonce-", "'sha256-", "'sha384-", "'sha512-")):
            problems.append(f"script-src allows {source}")
    if directives.get("object-src", directives.get("default-src")) != ["'none'"]:
        problems.append("object-src is not 'none'")
    if "base-uri" not in directives:
        problems.append("no base-uri")
    return problems


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_pages_escape_everything_and_carry_the_policy(
    client: TestClient, visits: dict[str, list[Visit]], kind: str
) -> None:
    for visit in visits[kind]:
        response = client.get(visit.url)
        where = f"{visit.url} ({response.status_code})"
        assert response.status_code < 500, where
        assert response.headers["content-type"].startswith("text/html"), where
        assert csp_problems(response.headers.get("content-security-policy")) == [], where
        assert response.headers.get("x-content-type-options") == "nosniff", where
        assert html_problems(response.text) == [], where
        if hostile.TEMPLATE in visit.texts:
            assert "{{7*7}}" in response.text, f"{where}: template syntax was evaluated"


def test_search_snippets_mark_only_the_searched_words(client: TestClient) -> None:
    """Snippets mark hits with U+E000/U+E001, turned into <mark> after escaping: stored text holding
    those characters must not mark words of its own choosing (the corpus puts them around "marque")."""
    response = client.get("/articles" + q(q="termine"))
    marked = re.findall(r"<mark>(.*?)</mark>", response.text)
    assert marked and {word.lower() for word in marked} == {"termine"}, marked


# --- in the browser ------------------------------------------------------------------------

# run in the page: what the DOM holds after its own scripts ran (the map builds its panel in JS)
DOM_PROBLEMS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('*')) {
    for (const name of el.getAttributeNames()) {
      const value = el.getAttribute(name) || '';
      if (name.startsWith('on')) out.push(`<${el.localName} ${name}>`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(name)
          && /^(javascript|vbscript|data):/i.test(value.replace(/[\\x00-\\x20]/g, ''))
          && !(el.localName === 'img' && value.startsWith('data:image/'))) {
        out.push(`<${el.localName} ${name}=${value}>`);
      }
    }
    if (el.localName === 'script' && !el.src && el.textContent.trim()
        && !['application/json', 'application/ld+json'].includes(el.type)) out.push('inline script in the DOM');
  }
  return out;
}"""
# what may be hovered, focused or clicked without leaving the page: highlighted voices, popovers
INTERACTIVE = "main [tabindex], main [data-speaker], main summary, main details, main [popovertarget]"


def inspect_page(watched: WatchedPage, base_url: str, visit: Visit) -> None:
    page = watched.page
    response = page.goto(base_url + visit.url, wait_until="networkidle")
    assert response is not None and response.status < 500, visit.url
    if response.status >= 400:  # a refused filter (422) or a missing item (404): the page's own status
        forgive(watched, f"{response.status} ", 1)
    for element in page.locator(INTERACTIVE).all()[:40]:
        if element.is_visible():
            element.hover(timeout=2000)
            element.focus(timeout=2000)
    if visit.url.startswith("/map"):
        click_markers(watched, visit.url == "/map")
    pwned = page.evaluate("() => window.__pwned")
    assert pwned is None, f"{visit.url}: payload {pwned} ran"
    assert page.evaluate(DOM_PROBLEMS) == [], visit.url
    body = page.inner_text("body")
    for text in visit.texts:
        assert text in body, f"{visit.url}: {text!r} is not on the page as text"
    if visit.search_value is not None:
        values = page.locator("input[name=q]").evaluate_all("inputs => inputs.map(i => i.value)")
        assert visit.search_value in values, values
    watched.assert_quiet()


def forgive(watched: WatchedPage, status: str, count: int) -> None:
    """Drop ``count`` of chromium's "Failed to load resource" errors for a status starting with
    ``status``: the HTTP answers a test asked for, not failures of the page."""
    prefix = "Failed to load resource: the server responded with a status of " + status
    for _ in range(count):
        found = next((m for m in watched.console_errors if m.startswith(prefix)), None)
        if found is not None:
            watched.console_errors.remove(found)


def click_markers(watched: WatchedPage, every_date: bool) -> None:
    """Open each place's panel on the map (stances, sources and evidence built by map.js); over
    every date, Pokrovsk must be there with its hostile evidence."""
    page = watched.page
    page.wait_for_selector("#desk-map[data-state=ready], #desk-map[data-state=error]", timeout=10_000)
    markers = page.locator("path.place-marker")
    if not every_date and not markers.count():
        return
    assert markers.count() >= 1, "the map shows no place"
    for index in range(markers.count()):
        markers.nth(index).dispatch_event("click")
        page.wait_for_selector("#place-panel[data-pid]", timeout=5_000)
        page.wait_for_load_state("networkidle")
    panel = page.inner_text("#place-panel")
    assert hostile.PLACE_IMG in panel, panel


@pytest.mark.parametrize("kind", PAGE_KINDS)
@pytest.mark.parametrize("policy", ["csp", "no-csp"])
def test_nothing_runs_in_the_browser(
    chromium: Browser,
    visits: dict[str, list[Visit]],
    base_url: str,
    kind: str,
    policy: str,
) -> None:
    """With the policy as served, and bypassed: escaping must hold on its own."""
    from tests.browser import new_page

    with new_page(chromium, bypass_csp=policy == "no-csp") as watched:
        for visit in visits[kind]:
            inspect_page(watched, base_url, visit)


# --- the API -------------------------------------------------------------------------------

JSON_TYPES = ("application/json", "application/problem+json", "application/geo+json", "application/ld+json")
HOSTILE_IDS = (hostile.SCRIPT, hostile.IMG, hostile.JS_URL, "{{7*7}}", "..%2F..%2Fetc%2Fpasswd")


def api_paths(store: Store) -> list[str]:
    docs = [d.id for d in query.documents(store, limit=200).items]
    pids = [p.pid for p in query.propositions(store, limit=200).items]
    reads = ["/api/documents", "/api/speakers", "/api/claims", "/api/flags", "/api/map"]
    reads += [f"/api/documents/{d}" for d in docs] + [f"/api/claims/{p}" for p in pids]
    reads += [f"/api/map/places/{p}" for p in pids] + ["/api/entities/" + seg(hostile.SPEAKER)]
    reads += ["/api/documents" + q(q=hostile.QUERY, site=hostile.IMG), "/api/claims" + q(about=hostile.SCRIPT)]
    for hostile_id in HOSTILE_IDS:
        for prefix in ("/api/documents/", "/api/claims/", "/api/entities/", "/api/map/places/"):
            reads.append(prefix + seg(hostile_id))
    return [*reads, "/api/map" + q(date=hostile.SCRIPT), "/api/flags" + q(kind=hostile.IMG)]


def test_the_api_answers_json_whatever_the_path_holds(client: TestClient, hostile_db: Store) -> None:
    for path in api_paths(hostile_db):
        response = client.get(path)
        kind = response.headers["content-type"].split(";")[0]
        assert response.status_code < 500, path
        assert kind in JSON_TYPES, f"{path}: {response.status_code} {kind}"
        assert response.headers.get("x-content-type-options") == "nosniff", path
        assert response.headers.get("access-control-allow-origin") is None, f"{path}: readable by any site"
        json.loads(response.text)


def test_exports_are_never_html_nor_formulas(client: TestClient) -> None:
    for name in ("attributions.jsonl", "attributions.csv", "claims.jsonl", "claims.csv", "map.geojson", "flags.jsonld"):
        response = client.get(f"/api/export/{name}")
        assert response.status_code == 200, name
        assert not response.headers["content-type"].startswith("text/html"), name
        assert response.headers.get("x-content-type-options") == "nosniff", name
        if name.endswith(".csv"):
            assert formula_cells(response.text) == [], name
    assert hostile.FORMULA in client.get("/api/export/attributions.jsonl").text.replace('\\"', '"')


def formula_cells(text: str) -> list[str]:
    """Text cells a spreadsheet would evaluate (numbers such as -1.5 are numbers)."""
    found = []
    for row in csv.reader(io.StringIO(text.removeprefix("\ufeff"))):
        for cell in row:
            if cell.startswith(("=", "+", "-", "@", "\t", "\r")) and not re.fullmatch(r"[-+]?\d+(\.\d+)?", cell):
                found.append(cell)
    return found


def upload(client: TestClient, path: str, token: str | None, data: bytes, name: str = "a.txt") -> dict[str, object]:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    response = client.post(path, files={"files": (name, data, "text/plain")}, headers=headers)
    assert response.headers["content-type"].startswith("application/json"), response.text
    return {"status": response.status_code, "body": response.json()}


ARTICLE = hostile.THIRD_TEXT.encode()


@pytest.mark.parametrize("path", ["/api/documents", "/api/analyze"])
def test_writes_refuse_missing_and_wrong_tokens(tmp_path: Path, path: str) -> None:
    store = Store(f"sqlite:///{tmp_path / 'w.db'}")
    guarded = TestClient(create_app(store, token=TOKEN))
    assert upload(guarded, path, None, ARTICLE)["status"] in (401, 403)
    assert upload(guarded, path, "wrong-token-0123456789", ARTICLE)["status"] == 401
    assert upload(guarded, path, TOKEN[:-1], ARTICLE)["status"] == 401
    closed = TestClient(create_app(store, token=None))
    assert upload(closed, path, TOKEN, ARTICLE)["status"] == 403
    assert upload(closed, path, None, ARTICLE)["status"] == 403
    assert query.documents(store).total == 0


@pytest.mark.parametrize("path", ["/api/documents", "/api/analyze"])
def test_uploads_over_the_limit_are_refused_clearly(tmp_path: Path, path: str) -> None:
    store = Store(f"sqlite:///{tmp_path / 'w.db'}")
    small = TestClient(create_app(store, token=TOKEN, max_upload_bytes=1000))
    answer = upload(small, path, TOKEN, ARTICLE * 10, name=hostile.FILE_NAME)
    assert answer["status"] == 413, answer
    message = json.dumps(answer["body"])
    assert "1,000" in message or "1000" in message, message
    assert "limit" in message, message
    assert query.documents(store).total == 0


def test_an_uploaded_hostile_article_is_shown_escaped(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'w.db'}")
    writer = TestClient(create_app(store, token=TOKEN))
    answer = upload(writer, "/api/documents", TOKEN, ARTICLE, name=hostile.FILE_NAME)
    assert answer["status"] in (200, 201), answer
    [doc] = query.documents(store).items
    page = writer.get(f"/articles/{doc.id}")
    assert page.status_code == 200
    assert html_problems(page.text) == []
    assert "&lt;script&gt;window.__pwned=1" in page.text


# --- the server and the templates -------------------------------------------------------------


def test_the_server_binds_to_loopback_by_default() -> None:
    from typer.testing import CliRunner

    from claimscope.cli.app import app

    result = CliRunner().invoke(app, ["serve", "--help"], env={"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"})
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert re.search(r"--host .*\[default: 127\.0\.0\.1\]", flat), flat
    assert re.search(r"^HOST \?= 127\.0\.0\.1$", (ROOT / "Makefile").read_text(), re.MULTILINE), "make run's host"


def source_lines(folder: Path, pattern: str, suffixes: tuple[str, ...]) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*")):
        if path.suffix in suffixes and "vendor" not in path.parts:
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if re.search(pattern, line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_templates_never_mark_data_safe() -> None:
    assert source_lines(WEB / "templates", r"\|\s*safe\b|autoescape\s+false|\|\s*tojson\b.*\|\s*safe", (".html",)) == []
    from claimscope.web.templating import environment

    assert environment.autoescape is True


# the only code allowed to build Markup: both escape every piece of stored text first
MARKUP_BUILDERS = {"src/claimscope/web/templating.py", "src/claimscope/web/highlight.py"}


def test_only_reviewed_code_builds_markup() -> None:
    uses = source_lines(ROOT / "src" / "claimscope", r"\bMarkup\(|markupsafe", (".py",))
    assert {use.split(":")[0] for use in uses} <= MARKUP_BUILDERS, uses


def test_desk_scripts_never_parse_data_as_html() -> None:
    pattern = r"\.(inner|outer)HTML\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function|\.html\("
    assert source_lines(WEB / "static", pattern, (".js",)) == []
