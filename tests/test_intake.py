"""Intake of a news stream end to end: feeds, lists of URLs, OPML and WARC/ARC archives through
`batch.ingest` into a SQLite store, against real HTTP servers on loopback serving pages of the
shared corpus; and its faults (garbage, hostile XML, broken items, truncated archives): each one a
clear problem, nothing lost, nothing stored twice, in bounded time."""

from __future__ import annotations

import gzip
import io
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimscope import batch
from claimscope.budget import Budget
from claimscope.ingest import IngestError, guard, read_inputs
from claimscope.ingest.feeds import parse_feed, parse_opml
from claimscope.ingest.fetch import Fetcher, Limits
from claimscope.ingest.remote import Intake
from claimscope.ingest.urls import canonical_url, url_list
from claimscope.records import Document, Problem
from claimscope.store import Store
from claimscope.store.models import DocumentRow, ProblemRow
from tests.conftest import SEED, SHARED, needs_shared
from tests.webserver import (
    Site,
    answer,
    bare_page,
    conditional,
    endless,
    page_file,
    redirect,
    rss,
    serving,
    text_as_page,
    trickle,
)

pytestmark = [needs_shared(), pytest.mark.usefixtures("seed_analysis")]  # the pipeline loaded once, before

FR_WEB = SHARED / "corpus" / "fr-web"
IN_PROCESS = Budget(0, 0)
QUICK = Limits(connect_timeout=2, read_timeout=1, deadline=1.5, host_delay=0)
SEED_TITLE = "Ukraine : ce que Trump dit de Poutine"
SEED_DAY = datetime(2025, 12, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    """A newsroom on loopback: three pages and a feed of them (ETag-aware), reachable by the guard."""
    with serving(Site()) as served:
        monkeypatch.setattr(guard, "ALLOWED_FOR_TESTS", {("127.0.0.1", served.port)})
        base = served.base
        served.routes["/pages/gala.html"] = page_file(FR_WEB / "gala.fr.surnom.html")
        served.routes["/pages/lapresse.html"] = page_file(FR_WEB / "lapresse.tn.parite.html")
        served.routes["/pages/seed.html"] = text_as_page(SEED)
        feed = rss(
            [
                (f"{base}/pages/gala.html?utm_source=rss&utm_medium=feed#top", "Delevoye", SEED_DAY),
                ("/pages/lapresse.html", "Parité", SEED_DAY),  # relative: resolved against the feed's URL
                (f"{base}/pages/seed.html?fbclid=abc", SEED_TITLE, SEED_DAY),
            ]
        )
        served.routes["/feed.xml"] = conditional(feed, "application/rss+xml; charset=utf-8", '"v1"')
        yield served


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'store.db'}")


def ingest(paths: list[Path], store: Store, limits: Limits = QUICK) -> batch.BatchSummary:
    return batch.ingest(paths, store, budget=IN_PROCESS, intake=Intake(Fetcher(limits), store.knows_url))


def stored(store: Store) -> dict[str, DocumentRow]:
    with store.sessions() as session:
        return {row.url or row.source: row for row in session.scalars(select(DocumentRow))}


def listing(tmp_path: Path, name: str, *lines: str) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_feed_list_stores_each_item_with_its_url_and_date_once(site: Site, store: Store, tmp_path: Path) -> None:
    feeds = listing(tmp_path, "feeds.txt", "# nos fils", "", f"{site.base}/feed.xml")
    summary = ingest([feeds], store)
    assert summary.problems == [] and summary.stored == 3
    docs = stored(store)
    base = site.base
    assert sorted(docs) == [f"{base}/pages/gala.html", f"{base}/pages/lapresse.html", f"{base}/pages/seed.html"]
    assert docs[f"{base}/pages/gala.html"].published == date(2019, 12, 9)  # the page's own date first
    seed = docs[f"{base}/pages/seed.html"]
    assert seed.published == date(2025, 12, 1) and seed.title == SEED_TITLE  # the page has neither: the item's
    assert seed.site == f"127.0.0.1:{site.port}"  # nor a site name: the host it came from, not each page its own outlet
    assert "Poutine" in seed.text
    before = len(site.requests)
    again = ingest([feeds], store)
    assert (again.stored, again.already_stored, again.problems) == (0, 3, [])  # not fetched: counted as stored
    assert site.paths()[before:] == ["/feed.xml"]  # stored pages are not fetched again
    assert len(stored(store)) == 3


def test_a_url_list_takes_pages_and_feeds_and_fetches_a_page_once(site: Site, store: Store, tmp_path: Path) -> None:
    urls = listing(
        tmp_path,
        "urls.txt",
        f"{site.base}/pages/gala.html",
        f"HTTP://127.0.0.1:{site.port}/pages/gala.html?utm_campaign=x&gclid=1#comments",  # the same page
        f"{site.base}/feed.xml",  # a feed among the pages: its items are read
    )
    summary = ingest([urls], store)
    assert summary.problems == [] and summary.stored == 3
    assert summary.already_stored == 2  # the same page under tracking parameters, twice: counted, not fetched
    assert site.paths().count("/pages/gala.html") == 1
    assert len(stored(store)) == 3


def test_a_page_whose_text_is_stored_under_another_url_is_fetched_once(
    site: Site, store: Store, tmp_path: Path
) -> None:
    site.routes["/copies/gala.html"] = page_file(FR_WEB / "gala.fr.surnom.html")  # a syndicated copy
    urls = listing(tmp_path, "urls.txt", f"{site.base}/pages/gala.html")
    assert ingest([urls], store).stored == 1
    copy = listing(tmp_path, "copy.txt", f"{site.base}/copies/gala.html")
    first = ingest([copy], store)
    assert (first.stored, first.already_stored) == (0, 1)
    before = len(site.requests)
    again = ingest([copy], store)
    assert (again.stored, again.already_stored, again.problems) == (0, 1, [])
    assert site.paths()[before:] == []  # its URL is known now: not fetched at each poll
    assert len(stored(store)) == 1


def test_a_page_reached_through_a_redirect_is_known_by_both_urls(site: Site, store: Store, tmp_path: Path) -> None:
    """Feed proxies and shorteners link to a redirect: the article is known by where it was
    found, and the link that led there is not fetched again at the next poll."""
    site.routes["/r/gala"] = redirect(f"{site.base}/pages/gala.html?utm_source=proxy")
    site.routes["/proxy.xml"] = answer(200, rss([(f"{site.base}/r/gala", "Delevoye", SEED_DAY)]), "application/rss+xml")
    feeds = listing(tmp_path, "feeds.txt", f"{site.base}/proxy.xml")
    assert ingest([feeds], store).stored == 1
    [(url, row)] = stored(store).items()
    assert url == f"{site.base}/pages/gala.html" and row.source == f"{site.base}/r/gala"
    before = len(site.requests)
    again = ingest([feeds, listing(tmp_path, "urls.txt", f"{site.base}/pages/gala.html")], store)
    assert (again.stored, again.already_stored, again.problems) == (0, 2, [])
    assert site.paths()[before:] == ["/proxy.xml"]  # neither the redirect nor the page it led to
    assert store.knows_url(f"{site.base}/r/gala") and not store.knows_url(f"{site.base}/r/other")


def test_a_local_feed_and_an_opml_list(site: Site, store: Store, tmp_path: Path) -> None:
    local = tmp_path / "fil.rss"
    local.write_bytes(
        rss([(f"{site.base}/pages/lapresse.html", "Parité", SEED_DAY), ("/pages/seed.html", "relatif", SEED_DAY)])
    )
    opml = tmp_path / "abonnements.opml"
    opml.write_text(
        f'<?xml version="1.0"?><opml version="2.0"><head><title>fils</title></head><body>'
        f'<outline text="presse"><outline type="rss" text="fil" xmlUrl="{site.base}/feed.xml"/></outline>'
        f"</body></opml>",
        encoding="utf-8",
    )
    summary = ingest([local, opml], store)
    assert summary.stored == 3 and site.paths().count("/pages/lapresse.html") == 1
    [relative] = summary.problems  # a file has no URL to resolve it against: said, not fetched
    assert relative.source == "/pages/seed.html" and f"a relative link in {local}, which has no URL" in relative.reason


def test_feed_items_that_link_to_no_page_are_said_not_dropped(site: Site, store: Store, tmp_path: Path) -> None:
    """An RSS item's page is its <link>, or its <guid> when that is a web address (RSS takes a guid
    for a permalink unless told otherwise, and feeds write "urn:…" or a number there); such items
    are a note on the feed, not a skipped input (a feed that always has one would fail every poll)."""
    local = tmp_path / "fil.rss"
    local.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>fil</title>'
        f"<item><title>a</title><guid>{site.base}/pages/lapresse.html</guid></item>"
        '<item><title>b</title><guid isPermaLink="false">urn:fil:2</guid><description>texte</description></item>'
        "<item><title>c</title><description>texte seul</description></item>"
        "<item><title>d</title><guid>urn:uuid:4</guid></item><item><title>e</title><guid>12345</guid></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    summary = ingest([local], store)
    assert (
        summary.stored == 1
        and summary.ok
        and [(n.source, n.reason) for n in summary.notes]
        == [
            (
                str(local),
                "4 of its 5 items link to no page (no <link>, nor an id that is a web address): nothing to fetch",
            )
        ]
    )
    assert site.paths() == ["/pages/lapresse.html"]  # "12345" is not resolved against anything and fetched
    local.write_text('<rss version="2.0"><channel><title>fil</title><item><title>c</title></item></channel></rss>')
    [note] = ingest([local], store).notes
    assert note.reason.startswith("its 1 item links to no page")


def test_a_text_file_that_is_not_all_urls_is_still_a_saved_page(tmp_path: Path) -> None:
    page = listing(tmp_path, "page.txt", "https://example.org/article", SEED.read_text(encoding="utf-8"))
    [doc] = list(read_inputs([page]))
    assert isinstance(doc, Document) and doc.source == str(page)


def test_a_text_is_a_list_of_urls_when_its_other_lines_are_headings_not_prose() -> None:
    assert url_list("# a list\n\nhttps://a.example/x\nhttp://b.example/y?q=1\n") == (
        ["https://a.example/x", "http://b.example/y?q=1"],
        [],
    )
    assert url_list("https://a.example/x\nnot a url\n") is None  # as much prose as URLs: a page
    assert url_list("My reading list\nhttps://a.example/x\nhttps://b.example/y\n") == (
        ["https://a.example/x", "https://b.example/y"],
        [(1, "My reading list")],  # a title without its "#": reported, the list read
    )
    assert url_list("Pokrovsk\n") is None  # no URL: a one-word page
    links = "https://a.example/x\nhttps://b.example/y\nhttps://c.example/z\n"
    # a short page saved as text that lists its links: a sentence, or a paragraph on one line
    assert url_list(f"Pokrovsk: what we know\nThe town is contested, sources say.\n{links}") is None
    paragraph = "Fighting went on in and around the town all week according to both armies and observers"
    assert url_list(f"{paragraph}\n{links}") is None
    # a list in sections, their headings left without "#": the headings reported, the URLs read
    found = url_list(f"Ukraine news\n{links}Russia news\nhttps://d.example/w\n")
    assert found is not None and len(found.urls) == 4 and [n for n, _ in found.bad] == [1, 5]


def test_a_url_list_with_lines_that_are_no_urls_reports_them_and_fetches_the_others(tmp_path: Path) -> None:
    """A list where a line lost its scheme ("www.…") or its host is still a list, not a page:
    each such line is reported, and the good ones are read (here refused by the guard: loopback)."""
    listed = tmp_path / "list.txt"
    listed.write_text("http://127.0.0.1:9/a\nwww.example.org/b\nhttp://\nhttp://[::1\n", encoding="utf-8")
    found = list(read_inputs([listed]))
    assert all(isinstance(item, Problem) for item in found), found
    problems = {p.source: p.reason for p in found if isinstance(p, Problem)}
    assert problems[f"{listed} line 2"] == "not an http(s) URL: 'www.example.org/b'"
    assert problems[f"{listed} line 3"] == "not an http(s) URL: 'http://'"
    assert problems[f"{listed} line 4"] == "not an http(s) URL: 'http://[::1'"
    assert "loopback" in problems["http://127.0.0.1:9/a"]


def test_canonical_urls() -> None:
    assert canonical_url("HTTPS://Example.ORG:443/a/b?utm_source=x&id=3&fbclid=y&mc_cid=z#frag") == (
        "https://example.org/a/b?id=3"
    )
    assert canonical_url("http://example.org") == "http://example.org/"
    assert canonical_url("http://example.org:8080/x?gclid=1") == "http://example.org:8080/x"
    assert canonical_url("http://[2001:DB8::1]:80/x") == "http://[2001:db8::1]/x"


# -- archives ---------------------------------------------------------------------------------

PAGES = {
    "https://www.gala.fr/delevoye?utm_source=cc": FR_WEB / "gala.fr.surnom.html",
    "https://lapresse.tn/parite": FR_WEB / "lapresse.tn.parite.html",
    "https://example.org/ukraine": None,  # the seed text as a bare page: no date of its own
}


def build_warc(path: Path) -> list[int]:
    """A gzipped WARC: a request, the three pages (with one 404 and one image between them); the
    offset where each page's record starts, and the end."""
    offsets: list[int] = []
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)

        def write(url: str, status: str, media: str, body: bytes, day: int, kind: str = "response") -> None:
            headers = StatusAndHeaders(status, [("Content-Type", media)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    url,
                    kind,
                    payload=io.BytesIO(body),
                    http_headers=headers if kind == "response" else None,
                    warc_headers_dict={"WARC-Date": f"2024-03-{day:02d}T10:00:00Z"},
                )
            )

        write("https://lapresse.tn/parite", "200 OK", "text/plain", b"GET /parite HTTP/1.1\r\n\r\n", 1, "request")
        for day, (url, source) in enumerate(PAGES.items(), start=1):
            offsets.append(out.tell())
            write(url, "200 OK", "text/html; charset=utf-8", source.read_bytes() if source else bare_page(SEED), day)
            write(url + "/missing", "404 Not Found", "text/html", b"<p>introuvable</p>", day)
            write(url + "/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n", day)
        offsets.append(out.tell())
    return offsets


def test_a_warc_is_streamed_into_documents_and_a_truncated_copy_loses_nothing(store: Store, tmp_path: Path) -> None:
    whole = tmp_path / "crawl.warc.gz"
    offsets = build_warc(whole)
    summary = ingest([whole], store)
    assert summary.problems == [] and summary.stored == 3
    docs = stored(store)
    assert sorted(docs) == ["https://example.org/ukraine", "https://lapresse.tn/parite", "https://www.gala.fr/delevoye"]
    assert docs["https://example.org/ukraine"].published == date(2024, 3, 3)  # the capture date stands in
    assert docs["https://lapresse.tn/parite"].published == date(2020, 2, 18)  # the page's own date first

    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[: (offsets[2] + offsets[3]) // 2])  # in the middle of the third page
    fresh = Store(f"sqlite:///{tmp_path / 'fresh.db'}")
    items = list(read_inputs([cut]))
    assert [type(item) for item in items] == [Document, Document, Problem]
    assert isinstance(items[2], Problem) and "archive truncated or corrupt at record" in items[2].reason
    assert "bytes of the record are missing" in items[2].reason
    assert ingest([cut], fresh).stored == 2  # what came before the cut is kept
    again = ingest([cut, whole], fresh)
    assert again.stored == 1 and len(stored(fresh)) == 3  # the whole archive completes it, nothing twice
    assert again.already_stored == 4  # the cut's two pages and the whole's first two, by their URLs

    header_cut = tmp_path / "header-cut.warc.gz"
    header_cut.write_bytes(whole.read_bytes()[: offsets[2] + 30])
    *pages, problem = list(read_inputs([header_cut]))
    assert len(pages) == 2 and isinstance(problem, Problem) and "not a whole record" in problem.reason

    garbage = tmp_path / "garbage.warc.gz"
    garbage.write_bytes(whole.read_bytes()[: offsets[1]] + gzip.compress(b"not a warc record\r\n" * 50))
    *pages, problem = list(read_inputs([garbage]))
    assert len(pages) == 1 and isinstance(problem, Problem) and "record" in problem.reason


def test_a_file_that_is_no_archive_is_one_problem_and_prints_nothing(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.warc"
    page.write_bytes((SEED.read_text(encoding="utf-8")[:3000] + "\n").encode() * 3)
    noise = tmp_path / "noise.warc.gz"
    noise.write_bytes(gzip.compress(b"hello, not an archive\n"))
    empty = tmp_path / "empty.arc"
    empty.write_bytes(b"")
    problems = list(read_inputs([page, noise, empty]))
    assert [(type(p), p.reason) for p in problems] == [  # type: ignore[union-attr]
        (Problem, "not a WARC or ARC archive: it begins with neither 'WARC/' nor 'filedesc://'"),
        (Problem, "not a WARC or ARC archive: it begins with neither 'WARC/' nor 'filedesc://'"),
        (Problem, "empty file"),
    ]
    assert capfd.readouterr().err == ""  # warcio's warnings quote the file's bytes: none reach the terminal


def test_an_arc_file(tmp_path: Path) -> None:
    body = (FR_WEB / "gala.fr.surnom.html").read_bytes()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(body) + body
    about = b"1 0 claimscope\nURL IP-address Archive-date Content-type Archive-length\n"
    arc = tmp_path / "old.arc"
    arc.write_bytes(
        b"filedesc://old.arc 0.0.0.0 20240305100000 text/plain %d\n" % len(about) + about + b"\n"
        b"https://www.gala.fr/delevoye 93.184.216.34 20240305100000 text/html %d\n" % len(http) + http + b"\n"
    )
    [doc] = list(read_inputs([arc]))
    assert isinstance(doc, Document) and doc.url == "https://www.gala.fr/delevoye"


# -- faults -----------------------------------------------------------------------------------


def test_a_feed_of_garbage_and_broken_items_each_a_clear_problem(site: Site, store: Store, tmp_path: Path) -> None:
    base = site.base
    site.routes["/garbage.xml"] = answer(200, bytes(range(256)) * 40, "application/rss+xml")
    site.routes["/huge.html"] = endless(1_000_000_000, declared=False, site=site)
    site.routes["/slow.html"] = trickle(site, every=0.1)
    site.routes["/metadata.html"] = redirect("http://169.254.169.254/latest/meta-data/")
    site.routes["/broken.xml"] = answer(
        200,
        rss(
            [
                (f"{base}/pages/gala.html", "bon", SEED_DAY),
                (f"{base}/gone.html", "404", SEED_DAY),
                (f"{base}/huge.html", "1 Go", SEED_DAY),
                (f"{base}/slow.html", "lent", SEED_DAY),
                (f"{base}/metadata.html", "métadonnées", SEED_DAY),
                ("file:///etc/passwd", "fichier", SEED_DAY),
                (f"{base}/pages/lapresse.html", "bon aussi", SEED_DAY),
            ]
        ),
        "application/rss+xml",
    )
    feeds = listing(tmp_path, "feeds.txt", f"{base}/garbage.xml", f"{base}/broken.xml")
    started = time.monotonic()
    summary = ingest([feeds], store)
    assert time.monotonic() - started < 8
    reasons = {problem.source.removeprefix(base): problem.reason for problem in summary.problems}
    assert reasons["/garbage.xml"].startswith("not an RSS or Atom feed")
    assert reasons["/gone.html"] == "HTTP 404 Not Found"
    assert reasons["/huge.html"] == "body over 10,485,760 bytes, stopped"
    assert reasons["/slow.html"] == "timed out after 1.5 s (the whole fetch)"
    assert reasons["/metadata.html"] == (
        "refused: 169.254.169.254 is a link-local address (redirected to 'http://169.254.169.254/latest/meta-data/')"
    )
    assert reasons["file://etc/passwd"].startswith("refused: only http and https")  # as feedparser gives it
    assert len(reasons) == 6 and summary.stored == 2  # the good items around the bad ones are kept
    again = ingest([feeds], store)
    assert again.stored == 0 and len(again.problems) == 6 and len(stored(store)) == 2
    with store.sessions() as session:
        assert session.scalar(select(func.count(ProblemRow.id))) == 6  # recorded once each


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE {root} [<!ENTITY a "haha">'
    + "".join(f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(9))
    + "]>{body}"
)
XXE = '<?xml version="1.0"?><!DOCTYPE {root} [<!ENTITY x SYSTEM "file:///etc/passwd">]>{body}'


@pytest.mark.parametrize("declaration", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "external-entity"])
def test_hostile_xml_expands_nothing_and_reads_no_file(declaration: str) -> None:
    entity = "&j;" if declaration is BILLION_LAUGHS else "&x;"
    feed = declaration.format(
        root="rss",
        body=f'<rss version="2.0"><channel><title>t</title><item><title>{entity} &amp; &eacute;</title>'
        "<link>https://example.org/a</link></item></channel></rss>",
    )
    started = time.monotonic()
    [item] = parse_feed(feed.encode(), None).items
    assert time.monotonic() - started < 0.5  # feedparser alone spends seconds on the one-line bomb
    assert (item.link, item.title) == ("https://example.org/a", f"{entity} & é")  # left as written
    opml = declaration.format(
        root="opml", body=f'<opml><body><outline text="{entity}" xmlUrl="https://e.org/f"/></body></opml>'
    )
    with pytest.raises(IngestError, match=r"OPML with a DOCTYPE \(entity declarations\) is refused"):
        parse_opml(opml.encode())


@pytest.mark.parametrize(
    ("self_link", "resolved"),
    [
        ("https://news.example/rss/world.xml", "https://news.example/pages/a.html"),
        ("file:///etc/feeds/world.xml", "/pages/a.html"),  # not a web address: left relative, then reported
    ],
)
def test_a_feed_read_from_a_file_resolves_relative_links_against_its_self_link(self_link: str, resolved: str) -> None:
    feed = (
        '<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>t</title>'
        f'<link>https://elsewhere.example/</link><atom:link rel="self" href="{self_link}"/>'
        "<item><title>a</title><link>/pages/a.html</link></item></channel></rss>"
    )
    [item] = parse_feed(feed.encode(), None).items
    assert item.link == resolved
    [fetched] = parse_feed(feed.encode(), "https://mirror.example/world.xml").items  # fetched: where it came from
    assert fetched.link == "https://mirror.example/pages/a.html"
