"""Canonical URLs (one page, one key, whatever tracking was added) and lists of URLs."""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443}
TRACKING = frozenset({"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid"})
TRACKING_PREFIXES = ("utm_", "_hs")
# what percent-encoding leaves as written in each part: printable ASCII but what browsers escape
# there (the WHATWG URL standard's sets, but "^" kept in paths: browsers differ on it), so spaces,
# controls, what is beyond ASCII and a few delimiters servers may refuse raw ("<", "{")
PRINTABLE = "".join(chr(code) for code in range(0x21, 0x7F))
KEPT_IN = {
    "path": PRINTABLE.translate(str.maketrans("", "", '"<>`{}')),
    "query": PRINTABLE.translate(str.maketrans("", "", "\"<>'")),
    "fragment": PRINTABLE.translate(str.maketrans("", "", '"<>`')),
}
ESCAPE = re.compile(r"%[0-9a-f]{2}")  # an escape written in lower case: one form for one address
URL_LINE = re.compile(r"https?://\S+", re.IGNORECASE)
PROSE_WORDS = 12  # a line of this many words, or one ending a sentence, is prose: the file is a page


def canonical_url(url: str) -> str:
    """``url`` with scheme and host lower-cased, the default port, the fragment and tracking
    parameters (utm_*, fbclid, gclid, mc_cid...) dropped; a URL that cannot be parsed stays as is."""
    try:
        parts = urlsplit(ascii_url(url.strip()))
        port = parts.port
    except ValueError:
        return url.strip()
    scheme = parts.scheme.lower()
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key.lower() not in TRACKING and not key.lower().startswith(TRACKING_PREFIXES)
    ]
    return urlunsplit((scheme, netloc(parts.hostname or "", port, scheme), parts.path or "/", urlencode(query), ""))


def ascii_url(url: str) -> str:
    """``url`` as it goes on the wire, as a browser sends it: an internationalised host name in
    punycode (UTS 46 mapping, not transitional, as browsers: "faß.de" is not "fass.de"), spaces,
    controls and the characters beyond ASCII of its path, query and fragment percent-encoded as
    UTF-8, and so are the delimiters browsers escape (``"<>`` everywhere, ``{}`` and the backtick
    in the path, ``'`` in the query); escapes in upper case. ValueError for a host name that IDNA
    cannot write or a port that is no number."""
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port
    location = parts.netloc
    if not host.isascii() and parts.username is None and parts.password is None:  # userinfo: refused as it is
        import idna  # only a host beyond ASCII needs it: not loaded at every command's start-up

        try:  # mapped as UTS 46 says, each label then punycode, as browsers do (no stricter IDNA 2008 check)
            mapped = idna.uts46_remap(host, std3_rules=False, transitional=False)
            host = ".".join(
                part if part.isascii() else "xn--" + part.encode("punycode").decode() for part in mapped.split(".")
            )
        except (idna.IDNAError, UnicodeError) as exc:
            raise ValueError(f"host name {host!r} cannot be written in ASCII ({exc})") from None
        location = netloc(host, port, parts.scheme.lower())
    path, query, fragment = (
        ESCAPE.sub(lambda m: m.group().upper(), quote(text, safe=KEPT_IN[name]))
        for name, text in (("path", parts.path), ("query", parts.query), ("fragment", parts.fragment))
    )
    return urlunsplit((parts.scheme, location, path, query, fragment))


def netloc(host: str, port: int | None, scheme: str) -> str:
    """``host[:port]`` as a URL or a Host header writes it: IPv6 in brackets, the default port left out."""
    name = f"[{host}]" if ":" in host else host
    return name if port is None or port == DEFAULT_PORTS.get(scheme) else f"{name}:{port}"


class UrlList(NamedTuple):
    urls: list[str]
    bad: list[tuple[int, str]]  # (line number, the line) of lines that are not http(s) URLs


def url_list(text: str) -> UrlList | None:
    """The URLs of a list (one a line, blank and ``#`` lines ignored) and its other lines ("www.
    example.org/a", a bare "http://", a title or a section's heading left without its "#"), to be
    reported; or None when no line is a URL, a line reads as prose (a sentence, or many words), or
    the lines of words are as many as the URLs: then the file is something else (a page saved as
    text, which may list a few links)."""
    urls: list[tuple[int, str]] = []
    bad: list[tuple[int, str]] = []
    titles = 0
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if _has_host(line):
            urls.append((number, line))
            continue
        if len(line.split()) >= PROSE_WORDS or line.endswith("."):
            return None
        titles += len(line.split()) > 1
        bad.append((number, line))
    return UrlList([url for _, url in urls], bad) if len(urls) > titles else None


def _has_host(line: str) -> bool:
    try:
        return bool(URL_LINE.fullmatch(line) and urlsplit(line).hostname)
    except ValueError:  # "http://[::1": no URL urllib can read
        return False
