"""The guarded fetcher: forbidden addresses of every range refused (literal, mapped, embedded,
behind a hostname), and hostile servers on loopback cut off fast with a clear reason."""

from __future__ import annotations

import ipaddress
import itertools
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimscope.cli.app import app
from claimscope.ingest import guard
from claimscope.ingest.errors import IngestError
from claimscope.ingest.fetch import FEED_TYPES, PAGE_TYPES, Fetcher, Limits
from claimscope.ingest.guard import Refused, check_address, refusal, resolve
from tests.webserver import Site, answer, conditional, endless, redirect, serving, trickle

MB10 = 10_000_000

FORBIDDEN = {
    # IPv4
    "0.0.0.0": "unspecified",
    "0.1.2.3": "private",  # "this network"
    "10.1.2.3": "private",
    "100.64.0.1": "carrier-grade NAT",
    "100.127.255.254": "carrier-grade NAT",
    "127.0.0.1": "loopback",
    "127.8.9.10": "loopback",
    "169.254.169.254": "link-local",
    "172.16.0.1": "private",
    "172.31.255.255": "private",
    "192.0.0.1": "private",  # IETF protocol assignments
    "192.0.0.8": "special-purpose",  # the IPv4 dummy address: Python 3.11 calls it global
    "192.0.2.1": "private",  # documentation
    "192.88.99.1": "6to4 relay",  # deprecated anycast
    "192.168.0.1": "private",
    "198.18.0.1": "private",  # benchmarking
    "198.51.100.7": "private",
    "203.0.113.9": "private",
    "224.0.0.1": "multicast",
    "239.255.255.250": "multicast",
    "240.0.0.1": "reserved",
    "255.255.255.255": "reserved",  # broadcast
    # IPv6
    "::": "unspecified",
    "::1": "loopback",
    "fe80::1": "link-local",
    "fe80::1%1": "link-local",
    "fec0::1": "site-local",  # deprecated
    "fc00::1": "private",
    "fd12:3456::1": "private",
    "ff02::1": "multicast",
    "ff0e::1": "multicast",  # global scope: Python 3.11 calls it global
    "2001:db8::1": "private",  # documentation
    "100::1": "reserved",  # discard
    "2001::1": "private",  # Teredo
    "2001:10::1": "private",  # ORCHID
    "3fff::1": "documentation",  # (2024)
    "5f00::1": "reserved",  # segment routing SIDs (2024)
    "::ffff:127.0.0.1": "loopback",
    "::ffff:10.0.0.1": "private",
    "::ffff:169.254.169.254": "link-local",
    "::ffff:100.64.0.1": "carrier-grade NAT",
    "64:ff9b::7f00:1": "loopback",  # NAT64 of 127.0.0.1: Python 3.11 calls it global
    "64:ff9b::a9fe:a9fe": "link-local",  # NAT64 of 169.254.169.254
    "64:ff9b:1::1": "local-use NAT64",
    "2002:7f00:1::": "loopback",  # 6to4 of 127.0.0.1
    "2002:c0a8:101::1": "private",  # 6to4 of 192.168.1.1
    "::127.0.0.1": "IPv4-compatible",
    "::10.0.0.1": "IPv4-compatible",
}
PUBLIC = [
    "8.8.8.8",
    "1.1.1.1",
    "93.184.216.34",
    "2001:4860:4860::8888",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
    "2002:808:808::1",
    "2606:4700::1111",
]


@pytest.mark.parametrize("address", sorted(FORBIDDEN))
def test_every_forbidden_range_is_refused_with_its_reason(address: str) -> None:
    with pytest.raises(Refused) as refused:
        check_address(address)
    written = address.split("%", 1)[0]
    assert str(refused.value).startswith(f"refused: {guard.shown(ipaddress.ip_address(written))} is ")
    assert FORBIDDEN[address] in str(refused.value)


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_pass(address: str) -> None:
    assert refusal(ipaddress.ip_address(address)) is None


def test_the_metadata_address_reads_as_the_issue_says() -> None:
    with pytest.raises(Refused, match=r"^refused: 169\.254\.169\.254 is a link-local address$"):
        check_address("169.254.169.254")
    with pytest.raises(Refused, match=r"^refused: ::ffff:10\.0\.0\.1 is a private address \(10\.0\.0\.1 inside an"):
        resolve("::ffff:10.0.0.1", 80, 1.0)


@pytest.mark.parametrize("host", ["localhost", "127.1", "2130706433", "0x7f000001"])
def test_hostnames_and_odd_spellings_that_resolve_to_loopback_are_refused(host: str) -> None:
    try:
        socket.getaddrinfo(host, 80)
    except OSError:
        pytest.skip(f"{host} does not resolve on this machine")
    with pytest.raises(Refused, match=r"loopback address"):
        resolve(host, 80, 5.0)


def test_the_allow_list_is_empty_unless_a_test_fills_it() -> None:
    assert set() == guard.ALLOWED_FOR_TESTS


@pytest.fixture
def site() -> Iterator[Site]:
    with serving(Site()) as served:
        yield served


@pytest.fixture
def allowed(site: Site, monkeypatch: pytest.MonkeyPatch) -> Site:
    monkeypatch.setattr(guard, "ALLOWED_FOR_TESTS", {("127.0.0.1", site.port)})
    return site


FAST = Limits(connect_timeout=2, read_timeout=1, deadline=1.5, host_delay=0)


def fetch(url: str, limits: Limits = FAST, max_bytes: int = MB10, accept: tuple[str, ...] = PAGE_TYPES) -> bytes:
    return Fetcher(limits).fetch(url, accept, max_bytes).body


def test_a_page_on_an_allowed_port_is_fetched(allowed: Site) -> None:
    allowed.routes["/p"] = answer(200, b"<html><p>bonjour</p></html>", "text/html; charset=utf-8")
    assert fetch(allowed.base + "/p") == b"<html><p>bonjour</p></html>"


def test_loopback_is_refused_without_the_allow_list_and_never_reached(site: Site) -> None:
    site.routes["/p"] = answer(200, b"<p>x</p>", "text/html")
    with pytest.raises(Refused, match=r"refused: 127\.0\.0\.1 is a loopback address"):
        fetch(site.base + "/p")
    assert site.requests == []


def test_a_redirect_to_another_loopback_port_is_refused(allowed: Site) -> None:
    with serving(Site()) as other:
        other.routes["/admin"] = answer(200, b"<p>secret</p>", "text/html")
        allowed.routes["/go"] = redirect(f"http://127.0.0.1:{other.port}/admin")
        with pytest.raises(Refused, match=r"refused: 127\.0\.0\.1 is a loopback address"):
            fetch(allowed.base + "/go")
        assert other.requests == []


def test_a_redirect_to_the_metadata_service_is_refused_without_connecting(
    allowed: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    connected: list[tuple[str, int]] = []
    real = socket.create_connection

    def spy(address: tuple[str, int], *args: object, **kwargs: object) -> socket.socket:
        connected.append(address)
        return real(address, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "create_connection", spy)
    allowed.routes["/go"] = redirect("http://169.254.169.254/latest/meta-data/")
    started = time.monotonic()
    where = r" \(redirected to 'http://169\.254\.169\.254/latest/meta-data/'\)$"
    with pytest.raises(Refused, match=r"^refused: 169\.254\.169\.254 is a link-local address" + where):
        fetch(allowed.base + "/go")
    assert time.monotonic() - started < 1
    assert connected == [("127.0.0.1", allowed.port)]


def test_a_redirect_loop_stops_at_the_limit(allowed: Site) -> None:
    allowed.routes["/loop"] = redirect("/loop", 301)
    with pytest.raises(IngestError, match=r"more than 5 redirects"):
        fetch(allowed.base + "/loop")
    assert len(allowed.requests) == 6


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://example.org/", "//x/y"])
def test_other_schemes_are_refused(url: str) -> None:
    with pytest.raises(Refused, match=r"only http and https"):
        fetch(url)


def test_credentials_in_a_url_are_refused() -> None:
    with pytest.raises(Refused, match=r"user name or password"):
        fetch("http://user:pw@example.org/")


def test_a_declared_gigabyte_is_not_fetched(allowed: Site) -> None:
    allowed.routes["/huge"] = endless(1_000_000_000, declared=True, site=allowed)
    started = time.monotonic()
    with pytest.raises(IngestError, match=r"body of 1,000,000,000 bytes is over the 10,000,000-byte limit"):
        fetch(allowed.base + "/huge")
    assert time.monotonic() - started < 2


def test_an_undeclared_gigabyte_is_cut_at_the_limit(allowed: Site) -> None:
    allowed.routes["/huge"] = endless(1_000_000_000, declared=False, site=allowed)
    started = time.monotonic()
    with pytest.raises(IngestError, match=r"^body over 10,000,000 bytes, stopped$"):
        fetch(allowed.base + "/huge", Limits(read_timeout=5, deadline=8, host_delay=0))
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("in_headers", [False, True], ids=["body", "headers"])
def test_a_slow_loris_server_is_cut_at_the_deadline(allowed: Site, in_headers: bool) -> None:
    allowed.routes["/slow"] = trickle(allowed, in_headers=in_headers, every=0.1)
    started = time.monotonic()
    with pytest.raises(IngestError, match=r"^timed out after 1\.5 s \(the whole fetch\)$"):
        fetch(allowed.base + "/slow")
    assert 1.4 < time.monotonic() - started < 2.5


def test_a_silent_server_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    listener = socket.create_server(("127.0.0.1", 0))  # accepts (the kernel does) and never answers
    port = listener.getsockname()[1]
    monkeypatch.setattr(guard, "ALLOWED_FOR_TESTS", {("127.0.0.1", port)})
    try:
        started = time.monotonic()
        with pytest.raises(IngestError, match=r"^timed out after 0\.5 s waiting for data$"):
            fetch(f"http://127.0.0.1:{port}/", Limits(read_timeout=0.5, deadline=5, host_delay=0))
        assert time.monotonic() - started < 1.5
    finally:
        listener.close()


def test_the_media_type_is_checked(allowed: Site) -> None:
    allowed.routes["/img"] = answer(200, b"\x89PNG....", "image/png")
    with pytest.raises(IngestError, match=r"content type 'image/png' is not one of text/html"):
        fetch(allowed.base + "/img")
    allowed.routes["/feed"] = answer(200, b"<rss/>", "application/rss+xml")
    with pytest.raises(IngestError, match=r"content type 'application/rss\+xml'"):
        fetch(allowed.base + "/feed")
    assert fetch(allowed.base + "/feed", accept=FEED_TYPES) == b"<rss/>"


def test_errors_name_the_status(allowed: Site) -> None:
    with pytest.raises(IngestError, match=r"^HTTP 404 Not Found$"):
        fetch(allowed.base + "/missing")


def test_conditional_requests_get_not_modified(allowed: Site) -> None:
    allowed.routes["/feed"] = conditional(b"<rss/>", "application/rss+xml", '"v1"')
    fetcher = Fetcher(FAST)
    first = fetcher.fetch(allowed.base + "/feed", FEED_TYPES, MB10)
    assert first.status == 200 and first.etag == '"v1"'
    again = fetcher.fetch(allowed.base + "/feed", FEED_TYPES, MB10, etag=first.etag)
    assert again.not_modified and again.body == b""
    assert allowed.requests[1][1]["if-none-match"] == '"v1"'


def test_one_request_at_a_time_per_host_with_a_pause(allowed: Site) -> None:
    times: list[tuple[float, float]] = []

    def slow_page(handler: object) -> None:
        begun = time.monotonic()
        time.sleep(0.1)
        answer(200, b"<p>x</p>", "text/html")(handler)  # type: ignore[arg-type]
        times.append((begun, time.monotonic()))

    allowed.routes["/p"] = slow_page
    fetcher = Fetcher(Limits(host_delay=0.3))
    threads = [threading.Thread(target=fetcher.fetch, args=(allowed.base + "/p", PAGE_TYPES, MB10)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    times.sort()
    assert len(times) == 3
    for (_, ended), (begun, _) in itertools.pairwise(times):
        assert begun - ended >= 0.25  # never two at once, and a pause between


@pytest.fixture
def tls_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Site, Path]]:
    """An HTTPS server on loopback with a self-signed certificate for 127.0.0.1 (made by openssl)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    with serving(Site(), tls=context) as served:
        served.routes["/p"] = answer(200, b"<p>chiffre</p>", "text/html")
        monkeypatch.setattr(guard, "ALLOWED_FOR_TESTS", {("127.0.0.1", served.port)})
        yield served, cert


def test_https_verifies_the_certificate(tls_site: tuple[Site, Path]) -> None:
    site, cert = tls_site
    url = f"https://127.0.0.1:{site.port}/p"
    with pytest.raises(IngestError, match=r"CERTIFICATE_VERIFY_FAILED|certificate verify failed"):
        fetch(url)  # the system's authorities do not know a self-signed certificate
    trusting = ssl.create_default_context(cafile=str(cert))
    assert Fetcher(FAST, tls=trusting).fetch(url, PAGE_TYPES, MB10).body == b"<p>chiffre</p>"


def test_the_command_says_once_what_to_do_with_pages_of_a_private_network(tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text("http://10.0.0.1/intranet.html\nhttp://[::1]:8080/page.html\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(urls), "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "skipped http://10.0.0.1/intranet.html: refused: 10.0.0.1 is a private address",
        "skipped http://[::1]:8080/page.html: refused: ::1 is a loopback address",
        f"note {guard.ONLY_PUBLIC}",
    ]
