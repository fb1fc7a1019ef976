"""Hostile answers and inputs met by the intake, each one input's problem and never the batch's:
addresses written in other scripts than ASCII, headers no server should send, a host asking to
wait, a link or a feed listed twice, a charset only the HTTP header gives, a reader's unforeseen
fault (not the store's), feeds hiding entity declarations. Real servers on loopback
(tests/webserver.py); damaged archives are in test_intake_warc.py."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from claimscope.ingest import IngestError, feeds, guard, read_inputs, readers
from claimscope.ingest import fetch as fetching
from claimscope.ingest import remote as remote_module
from claimscope.ingest.decode import decode
from claimscope.ingest.documents import Metadata
from claimscope.ingest.feeds import parse_feed
from claimscope.ingest.fetch import Fetcher, Limits
from claimscope.ingest.remote import Intake
from claimscope.ingest.urls import ascii_url, canonical_url
from claimscope.records import Document, Problem
from tests.webserver import Site, answer, redirect, rss, serving

QUICK = Limits(connect_timeout=2, read_timeout=1, deadline=1.5, host_delay=0)
MAX_BYTES = 10 * 1024 * 1024
NOW = datetime(2025, 12, 1, 9, 30, tzinfo=UTC)
PROSE = (
    "Le conseil municipal a adopté mardi soir le budget de l'année prochaine après un long débat. "
    "La majorité a défendu la hausse des dépenses consacrées aux écoles et aux transports publics. "
)


def page(words: str = PROSE) -> bytes:
    body = f"<article><p>{words * 4}</p></article>"
    return f"<html><head><title>Le budget adopté</title></head><body>{body}</body></html>".encode()


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    with serving(Site()) as served:
        monkeypatch.setattr(guard, "ALLOWED_FOR_TESTS", {("127.0.0.1", served.port)})
        yield served


def read(urls: list[str], intake: Intake | None = None) -> list[Document | Problem]:
    return list((intake or Intake(Fetcher(QUICK))).read_urls(urls, MAX_BYTES))


# -- addresses -----------------------------------------------------------------------------------


def test_an_address_beyond_ascii_is_sent_as_a_browser_sends_it() -> None:
    assert ascii_url("http://пример.example/новости?q=é#à") == (
        "http://xn--e1afmkfd.example/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8?q=%C3%A9#%C3%A0"
    )
    assert ascii_url("https://bücher.example:8443/a b") == "https://xn--bcher-kva.example:8443/a%20b"
    assert ascii_url("https://example.org/caf%C3%A9?a=1&b=%2F") == "https://example.org/caf%C3%A9?a=1&b=%2F"  # as is
    assert canonical_url("http://example.org/café?utm_source=x") == canonical_url("http://example.org/caf%C3%A9")
    assert ascii_url("https://faß.de/a|b^c%c3%a9") == "https://xn--fa-hia.de/a|b^c%C3%A9"  # not fass.de; ASCII kept
    assert (
        ascii_url('https://e.org/{a}<"`>?q=\'<"`>#<"`>')
        == "https://e.org/%7Ba%7D%3C%22%60%3E?q=%27%3C%22`%3E#%3C%22%60%3E"
    )
    assert ascii_url("https://i❤.ws/") == "https://xn--i-7iq.ws/"  # a symbol browsers take, IDNA 2008 does not
    assert ascii_url("http://ｌｏｃａｌｈｏｓｔ/") == "http://localhost/"  # then refused by the guard, as any loopback


def test_pages_at_addresses_beyond_ascii_are_fetched_and_the_list_goes_on(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.routes["/caf%C3%A9.html"] = answer(200, page(), "text/html; charset=utf-8")
    site.routes["/moved"] = lambda handler: _raw_redirect(handler, "/café.html".encode())  # raw UTF-8, as PHP sends it
    site.routes["/ok.html"] = answer(200, page(PROSE.replace("mardi", "jeudi")), "text/html")
    found = read([f"{site.base}/café.html", f"{site.base}/moved", f"{site.base}/ok.html?é"])
    assert [item.url if isinstance(item, Document) else item for item in found] == [
        f"{site.base}/caf%C3%A9.html",
        f"{site.base}/caf%C3%A9.html",  # the Location's raw UTF-8 read as UTF-8, as browsers read it
        f"{site.base}/ok.html?%C3%A9=",
    ]

    asked: list[str] = []

    def looked_up(host: str, port: int, timeout: float) -> list[str]:
        asked.append(host)
        return ["127.0.0.1"]

    monkeypatch.setattr(fetching, "resolve", looked_up)
    site.routes["/idn.html"] = answer(200, page(), "text/html")
    [document] = read([f"http://пример.example:{site.port}/idn.html"])
    assert isinstance(document, Document)
    assert asked == ["xn--e1afmkfd.example"] and site.requests[-1][1]["host"] == f"xn--e1afmkfd.example:{site.port}"


def _raw_redirect(handler: BaseHTTPRequestHandler, location: bytes) -> None:
    handler.wfile.write(b"HTTP/1.0 302 Found\r\nLocation: " + location + b"\r\nContent-Length: 0\r\n\r\n")


# -- answers ---------------------------------------------------------------------------------------


def test_headers_no_server_should_send_are_the_page_problem_not_the_batch(site: Site) -> None:
    site.routes["/superscript"] = lambda handler: handler.wfile.write(
        b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nContent-Length: \xb2\r\n\r\n" + page()
    )
    site.routes["/unasked-304"] = lambda handler: handler.wfile.write(b"HTTP/1.0 304 Not Modified\r\n\r\n")
    first, second = read([f"{site.base}/superscript", f"{site.base}/unasked-304"])
    assert isinstance(first, Document)  # a length that is no number is no length
    assert isinstance(second, Problem) and second.reason == "HTTP 304 Not Modified"  # nothing was asked to validate


def test_a_host_that_asks_to_wait_is_left_alone_that_long(site: Site) -> None:
    site.routes["/busy.html"] = answer(429, b"", "text/html", Retry_After="120")
    site.routes["/a.html"] = answer(200, page(), "text/html")
    busy, waiting = read([f"{site.base}/busy.html", f"{site.base}/a.html"])
    assert isinstance(busy, Problem) and busy.reason == "HTTP 429 Too Many Requests (asked to wait 120 s)"
    assert (
        isinstance(waiting, Problem) and "127.0.0.1 asked to be left alone 120 s more (Retry-After)" in waiting.reason
    )
    assert site.paths() == ["/busy.html"]  # not asked again, nor waited for: the batch goes on with other hosts
    later = format_datetime(datetime.now(UTC) + timedelta(minutes=5), usegmt=True)
    assert fetching._retry_after(later) == pytest.approx(300, abs=2)
    assert fetching._retry_after("soon") is None and fetching._retry_after("99999999") == fetching.RETRY_MOST


def test_a_link_that_fails_is_fetched_and_reported_once_however_often_it_is_listed(site: Site) -> None:
    site.routes["/empty.html"] = answer(200, b"", "text/html")
    intake = Intake(Fetcher(QUICK))
    found = read(
        [f"{site.base}{path}" for path in ("/gone.html", "/gone.html?utm_source=x", "/gone.html#top")]
        + [f"{site.base}{path}" for path in ("/empty.html", "/empty.html#again")],
        intake,
    )
    assert [(p.source.removeprefix(site.base), type(p)) for p in found] == [
        ("/gone.html", Problem),
        ("/empty.html", Problem),
    ]
    assert site.paths() == ["/gone.html", "/empty.html"] and intake.stored == 0  # not "already stored"
    assert [p.reason for p in found if isinstance(p, Problem)] == ["HTTP 404 Not Found", "no HTML markup in the answer"]


def test_the_charset_of_the_http_header_decodes_a_page_that_names_none(site: Site) -> None:
    russian = "Мэр города заявил во вторник, что бюджет на следующий год будет принят до конца месяца. " * 4
    body = f"<html><head><title>Новости дня</title></head><body><article><p>{russian}</p></article></body></html>"
    site.routes["/cyr.html"] = answer(200, body.encode("cp1251"), "text/html; charset=windows-1251")
    [document] = read([f"{site.base}/cyr.html"])
    assert isinstance(document, Document) and document.title == "Новости дня" and "Мэр города" in document.text


def test_a_utf8_byte_order_mark_is_believed_over_the_charsets_a_page_is_given() -> None:
    russian = "Мэр города заявил во вторник, что бюджет на следующий год будет принят до конца месяца. " * 4
    body = f'<html><head><meta charset="windows-1251"><title>Новости</title></head><body><p>{russian}</p></body></html>'
    data = b"\xef\xbb\xbf" + body.encode().replace("месяца".encode(), "месяца".encode() + b"\xff", 1)  # one stray byte
    document = readers.read_html(data, "https://e.org/a", Metadata(url="https://e.org/a", charset="windows-1251"))
    assert "Мэр города" in document.text and "месяца\ufffd" in document.text  # not read as CP1251 mojibake
    assert document.warnings == ["1 invalid UTF-8 byte sequence replaced by U+FFFD"]


def test_a_transport_charset_under_which_no_markup_reads_gives_way_to_the_page_s() -> None:
    french = "Le maire a annoncé mardi que le budget de l'année prochaine serait voté avant la fin du mois. " * 4
    body = f'<html><head><meta charset="windows-1252"><title>Été</title></head><body><p>{french}</p></body></html>'
    data = body.encode("cp1252")
    data += b" " * (len(data) % 2)  # an even length: UTF-16 reads it, as garbage without a "<"
    document = readers.read_html(data, "https://e.org/a", Metadata(url="https://e.org/a", charset="utf-16-le"))
    assert document.title == "Été" and "annoncé mardi" in document.text


def test_an_unforeseen_fault_is_one_input_s_problem_and_the_others_are_read(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.routes["/a.html"] = answer(200, page(), "text/html")
    site.routes["/b.html"] = answer(200, page(PROSE.replace("mardi", "jeudi")), "text/html")
    site.routes["/feed.xml"] = answer(
        200, rss([(f"{site.base}/a.html", "a", NOW), (f"{site.base}/b.html", "b", NOW)]), "application/rss+xml"
    )
    real = remote_module.read_html

    def faulty(data: bytes, source: str, *args: object) -> Document:
        if source.endswith("a.html"):
            raise RuntimeError("a reader's bug")
        return real(data, source, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(remote_module, "read_html", faulty)
    monkeypatch.setattr(readers, "read_html", faulty)
    for listed in ([f"{site.base}/a.html", f"{site.base}/b.html"], [f"{site.base}/feed.xml"]):  # a list, a feed's items
        problem, document = read(listed)
        assert isinstance(problem, Problem) and "RuntimeError: a reader's bug" in problem.reason
        assert isinstance(document, Document)
    (tmp_path / "a.html").write_bytes(page())
    (tmp_path / "b.html").write_bytes(page(PROSE.replace("mardi", "jeudi")))
    problem, document = list(read_inputs([tmp_path / "a.html", tmp_path / "b.html"]))  # files
    assert isinstance(problem, Problem) and "RuntimeError: a reader's bug" in problem.reason
    assert isinstance(document, Document)


def test_a_store_that_fails_is_the_batch_s_error_not_an_input_s(site: Site) -> None:
    class Down(Exception):
        pass

    def known(url: str) -> bool:
        raise Down("the server closed the connection")

    with pytest.raises(Down):  # every input would otherwise be "could not be read" against a dead store
        read([f"{site.base}/a.html"], Intake(Fetcher(QUICK), known))


def test_a_feed_or_a_bad_redirect_listed_twice_is_fetched_once(site: Site) -> None:
    site.routes["/v6"] = redirect("http://[::1")
    site.routes["/feed.xml"] = answer(
        200,
        rss([(f"{site.base}/gone.html?utm_source=a", "a", NOW), (f"{site.base}/gone.html", "b", NOW)]),
        "application/rss+xml",
    )
    base = site.base
    found = read([f"{base}/v6", f"{base}/v6?utm_source=x", f"{base}/feed.xml", f"{base}/feed.xml?utm_medium=y"])
    assert [(p.source.removeprefix(base), p.reason) for p in found if isinstance(p, Problem)] == [
        ("/v6", "redirected to no URL ('http://[::1': Invalid IPv6 URL)"),
        ("/gone.html?utm_source=a", "HTTP 404 Not Found"),
    ]
    assert site.paths() == ["/v6", "/feed.xml", "/gone.html?utm_source=a"]


def test_a_pipe_given_by_name_is_said_to_be_one(tmp_path: Path) -> None:
    pipe = tmp_path / "feed.xml"
    os.mkfifo(pipe)
    [problem] = list(read_inputs([pipe]))
    assert isinstance(problem, Problem) and problem.reason == "not a regular file or folder"


# -- feeds -----------------------------------------------------------------------------------------

BOMB = "".join(f'<!ENTITY e{n} "{("&e" + str(n - 1) + ";") * 10 if n else "ha"}">' for n in range(9))
ITEM = '<rss version="2.0"><channel><item><title>&e8;</title><link>https://e.org/a</link></item></channel></rss>'


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32-be"])
def test_no_entity_declaration_reaches_the_feed_parser(encoding: str, monkeypatch: pytest.MonkeyPatch) -> None:
    given: list[bytes] = []
    real = feeds.feedparser.parse
    monkeypatch.setattr(
        feeds.feedparser, "parse", lambda stream, **kw: given.append(stream.getvalue()) or real(stream, **kw)
    )
    decoy = f'<?xml version="1.0" encoding="{encoding}"?><!-- <!DOCTYPE decoy> --><!DOCTYPE rss [{BOMB}]>{ITEM}'
    [item] = parse_feed(decoy.encode(encoding), None).items  # a decoy in a comment first; a feed in UTF-16, UTF-32
    assert item.title == "&e8;" and b"DOCTYPE" not in given[0] and b"ENTITY" not in given[0]
    hidden = f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY q "]>">{BOMB}]>{ITEM}'.encode(encoding)
    with pytest.raises(IngestError, match=r"a feed that declares entities \(<!ENTITY, <!DOCTYPE\) is refused"):
        parse_feed(hidden, None)


def test_a_utf7_feed_s_declarations_are_found_as_the_parser_reads_them(monkeypatch: pytest.MonkeyPatch) -> None:
    given: list[bytes] = []
    real = feeds.feedparser.parse
    monkeypatch.setattr(
        feeds.feedparser, "parse", lambda stream, **kw: given.append(stream.getvalue()) or real(stream, **kw)
    )
    hidden = f"<!DOCTYPE rss [{BOMB}]>{ITEM}".replace("<", "+ADw-").replace("!", "+ACE-")  # "<" written as UTF-7 may
    for label in (b"UTF7", b"utf 7"):  # any label Python's codecs (which feedparser decodes with) take
        [item] = parse_feed(b'<?xml version="1.0" encoding="' + label + b'"?>' + hidden.encode(), None).items
        assert item.title == "&e8;" and b"DOCTYPE" not in given[-1] and b"ENTITY" not in given[-1]  # expat expanded it


def test_a_declaration_the_stripping_puts_together_is_refused() -> None:
    joined = f'<?xml version="1.0"?><!DOC<!DOCTYPE x>TYPE rss [<!ATTLIST a b CDATA "<!--">{BOMB}]>{ITEM}'
    in_instruction = f'<?xml version="1.0"?><?note <!-- ?><!DOC<!DOCTYPE x>TYPE rss [{BOMB}]> -->{ITEM}'
    for hostile in (joined, in_instruction):  # a comment opened in an attribute's default, in a PI, hides nothing
        with pytest.raises(IngestError, match=r"a feed that declares entities \(<!ENTITY, <!DOCTYPE\) is refused"):
            parse_feed(hostile.encode(), None)


def test_a_feed_quoting_declarations_in_its_text_is_read() -> None:
    about = (
        '<rss version="2.0"><channel><!-- <!ENTITY note "x"> --><item><title>XXE explained</title>'
        "<description><![CDATA[<p>An attacker writes <!DOCTYPE foo [<!ENTITY xxe SYSTEM "
        '"file:///etc/passwd">]> in the upload.</p>]]></description><link>https://e.org/xxe</link></item>'
        "</channel></rss>"
    )
    [item] = parse_feed(about.encode(), None).items
    assert (item.title, item.link) == ("XXE explained", "https://e.org/xxe")


def test_a_utf8_byte_order_mark_is_believed_over_a_stray_byte(tmp_path: Path) -> None:
    listed = tmp_path / "urls.txt"
    listed.write_bytes(b"\xef\xbb\xbfhttps://e.org/a\nhttps://e.org/caf\xe9\n")  # one CP1252 byte in a UTF-8 list
    text, warnings = decode(listed.read_bytes())
    assert text == "https://e.org/a\nhttps://e.org/caf\ufffd\n"  # the first line a URL, not "ï»¿https://…"
    assert warnings == ["1 invalid UTF-8 byte sequence replaced by U+FFFD"]
