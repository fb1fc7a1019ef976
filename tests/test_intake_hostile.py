"""Hostile answers and archives met by the intake, each one input's problem and never the batch's:
addresses written in other scripts than ASCII, headers no server should send, a link listed twice
that fails, a charset only the HTTP header gives, archives damaged in a header or a gzip member,
a header line of hundreds of megabytes, a feed hiding its entity declarations. Real servers on
loopback (tests/webserver.py); archives written by warcio."""

from __future__ import annotations

import gzip
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimscope.ingest import IngestError, guard, read_inputs
from claimscope.ingest import fetch as fetching
from claimscope.ingest import remote as remote_module
from claimscope.ingest.decode import decode
from claimscope.ingest.feeds import parse_feed
from claimscope.ingest.fetch import Fetcher, Limits
from claimscope.ingest.remote import Intake
from claimscope.ingest.urls import ascii_url, canonical_url
from claimscope.records import Document, Problem
from tests.webserver import Site, answer, serving

QUICK = Limits(connect_timeout=2, read_timeout=1, deadline=1.5, host_delay=0)
MAX_BYTES = 10 * 1024 * 1024
HUGE = 300 * 1024 * 1024  # a header line's bytes
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


def test_an_unforeseen_fault_on_one_address_is_its_problem_and_the_list_goes_on(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.routes["/a.html"] = answer(200, page(), "text/html")
    site.routes["/b.html"] = answer(200, page(PROSE.replace("mardi", "jeudi")), "text/html")
    real = remote_module.read_html

    def faulty(data: bytes, source: str, *args: object) -> Document:
        if source.endswith("/a.html"):
            raise RuntimeError("a reader's bug")
        return real(data, source, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(remote_module, "read_html", faulty)
    problem, document = read([f"{site.base}/a.html", f"{site.base}/b.html"])
    assert isinstance(problem, Problem) and "RuntimeError: a reader's bug" in problem.reason
    assert isinstance(document, Document)


def test_a_pipe_given_by_name_is_said_to_be_one(tmp_path: Path) -> None:
    pipe = tmp_path / "feed.xml"
    os.mkfifo(pipe)
    [problem] = list(read_inputs([pipe]))
    assert isinstance(problem, Problem) and problem.reason == "not a regular file or folder"


# -- archives --------------------------------------------------------------------------------------


def warc_members(*bodies: bytes, header: tuple[str, str] | None = None) -> list[bytes]:
    """One gzip member a response record (warcio writes them so), pages at https://e.org/<n>."""
    members = []
    for number, body in enumerate(bodies, start=1):
        out = io.BytesIO()
        headers = [("Content-Type", "text/html; charset=utf-8"), *([header] if header and number == 1 else [])]
        writer = WARCWriter(out, gzip=True)
        http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                f"https://e.org/{number}", "response", payload=io.BytesIO(body), http_headers=http
            )
        )
        members.append(out.getvalue())
    return members


def pages(n: int) -> list[bytes]:
    return [page(PROSE.replace("mardi", f"le {day} mars")) for day in range(1, n + 1)]


def test_an_archive_is_read_on_past_a_corrupt_gzip_member(tmp_path: Path) -> None:
    first, second, third, fourth = warc_members(*pages(4))
    corrupt = second[:40] + bytes(b ^ 0x5A for b in second[40:80]) + second[80:]
    archive = tmp_path / "crawl.warc.gz"
    archive.write_bytes(first + corrupt + third + fourth)
    found = list(read_inputs([archive]))
    assert [type(item) for item in found] == [Document, Problem, Document, Document]
    assert [item.url for item in found if isinstance(item, Document)] == [
        "https://e.org/1",
        "https://e.org/3",
        "https://e.org/4",
    ]
    assert isinstance(found[1], Problem) and "at record 2" in found[1].reason
    assert f"read on from the next whole record, at byte {len(first) + len(corrupt):,}" in found[1].reason


def test_an_archive_cut_in_a_header_keeps_what_came_before(tmp_path: Path) -> None:
    members = warc_members(*pages(3))
    whole = b"".join(gzip.decompress(m) for m in members)  # not gzipped: the cut falls in the third header
    archive = tmp_path / "cut.warc"
    archive.write_bytes(whole[: len(whole) - len(gzip.decompress(members[2])) + 60])
    *documents, problem = list(read_inputs([archive]))
    assert len(documents) == 2 and all(isinstance(d, Document) for d in documents)
    assert isinstance(problem, Problem) and "at record 3" in problem.reason


def test_a_header_line_of_hundreds_of_megabytes_is_not_held(tmp_path: Path) -> None:
    archive = tmp_path / "huge.warc.gz"
    with gzip.open(archive, "wb") as member:  # 300 MB of one header line, a few hundred KB gzipped
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: "
        length = len(http) + HUGE + 4 + len(page())
        member.write(b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://e.org/1\r\n")
        member.write(b"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n" % length)
        member.write(http)
        for _ in range(HUGE // (1 << 20)):
            member.write(b"a" * (1 << 20))
        member.write(b"\r\n\r\n" + page() + b"\r\n\r\n")
    with archive.open("ab") as out:
        out.write(warc_members(*pages(2))[1])
    # the child's own peak (VmHWM): ru_maxrss carries over the forking test process's across exec
    child = "import re, sys; from pathlib import Path; from claimscope.ingest import read_inputs\n"
    child += "for item in read_inputs([Path(sys.argv[1])]): print(type(item).__name__, getattr(item, 'reason', ''))\n"
    child += "print(int(re.search(r'VmHWM:\\s+(\\d+)', Path('/proc/self/status').read_text()).group(1)) // 1024)"
    done = subprocess.run([sys.executable, "-c", child, str(archive)], capture_output=True, text=True, check=True)
    problem, document, peak = done.stdout.splitlines()
    assert problem.startswith("Problem") and "headers run over 65,536 bytes" in problem and document == "Document "
    # reading a small archive peaks near 200 MiB (trafilatura, lxml); holding the line, at 500 and more
    assert int(peak) < 200 + HUGE // (1 << 20) // 2, f"the reading process peaked at {peak} MiB"


def test_an_archive_without_a_page_says_so(tmp_path: Path) -> None:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    http = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            "https://e.org/logo.png", "response", payload=io.BytesIO(b"\x89PNG"), http_headers=http
        )
    )
    archive = tmp_path / "images.warc.gz"
    archive.write_bytes(out.getvalue())
    [problem] = list(read_inputs([archive]))
    assert isinstance(problem, Problem) and problem.reason.startswith("no HTML page among its 1 records")


# -- feeds -----------------------------------------------------------------------------------------

BOMB = "".join(f'<!ENTITY e{n} "{("&e" + str(n - 1) + ";") * 10 if n else "ha"}">' for n in range(9))
ITEM = '<rss version="2.0"><channel><item><title>&e8;</title><link>https://e.org/a</link></item></channel></rss>'


def test_a_decoy_doctype_in_a_comment_hides_no_entity_declaration() -> None:
    decoy = f'<?xml version="1.0"?><!-- <!DOCTYPE decoy> --><!DOCTYPE rss [{BOMB}]>{ITEM}'.encode()
    [item] = parse_feed(decoy, None)
    assert item.title == "&e8;"  # left as written, never expanded
    hidden = f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY q "]>">{BOMB}]>{ITEM}'.encode()
    with pytest.raises(IngestError, match=r"a feed that declares entities \(<!ENTITY\) is refused"):
        parse_feed(hidden, None)


def test_a_utf8_byte_order_mark_is_believed_over_a_stray_byte(tmp_path: Path) -> None:
    listed = tmp_path / "urls.txt"
    listed.write_bytes(b"\xef\xbb\xbfhttps://e.org/a\nhttps://e.org/caf\xe9\n")  # one CP1252 byte in a UTF-8 list
    text, warnings = decode(listed.read_bytes())
    assert text == "https://e.org/a\nhttps://e.org/caf\ufffd\n"  # the first line a URL, not "ï»¿https://…"
    assert warnings == ["1 invalid UTF-8 byte sequence replaced by U+FFFD"]
