"""Which addresses a fetch may reach: public ones only, checked after resolution.

A URL a feed or a page hands us is untrusted: it may name the machine itself, the local network
or a cloud metadata service (169.254.169.254), directly, through a hostname that resolves there,
or through an IPv6 form that embeds such an IPv4 address. `ipaddress`'s ``is_global`` alone is not
enough on Python 3.11 (it calls multicast, NAT64 and 6to4 forms of 127.0.0.1 global), so the
embedded IPv4 address is judged, and multicast is refused explicitly.

Tests serve pages on loopback: ``ALLOWED_FOR_TESTS`` lists exact ``(host, port)`` pairs they may
reach. It is empty by default, and no option or environment variable fills it.
"""

from __future__ import annotations

import ipaddress
import socket
from concurrent.futures import ThreadPoolExecutor

from claimscope.ingest.errors import IngestError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ALLOWED_FOR_TESTS: set[tuple[str, int]] = set()  # exact (host as written in the URL, port); tests only

NAT64 = ipaddress.ip_network("64:ff9b::/96")  # well-known prefix: the last 32 bits are an IPv4 address
LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")  # a network's own translator (RFC 8215)
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")  # deprecated ::a.b.c.d
SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT, neither private nor global
# special-purpose blocks (IANA: not globally reachable) that Python 3.11's ipaddress calls global
SPECIAL = {
    ipaddress.ip_network("192.0.0.0/24"): "a special-purpose (IETF protocol) address",
    ipaddress.ip_network("192.88.99.0/24"): "a 6to4 relay anycast address",
    ipaddress.ip_network("3fff::/20"): "a documentation address",
}
REFUSED = "refused: "
LOOKUPS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="claimscope-dns")


# said once after the refusals of a batch: what to do instead (the guard has no switch)
ONLY_PUBLIC = (
    "only public addresses are fetched, with no option to allow others: save the pages of a private "
    "network (or a WARC of them) and ingest the files"
)


class Refused(IngestError):
    """A URL the guard will not fetch: its message says which address and why."""


def refused_address(reason: str) -> bool:
    """Whether a skipped input's reason is the guard refusing an address (`check_address`)."""
    return reason.startswith(REFUSED) and " is " in reason and "address" in reason


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, NAT64, 6to4), if any."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address.sixtofour


def refusal(address: IPAddress) -> str | None:
    """Why ``address`` may not be fetched ("a loopback address"), or None when it is public."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = embedded_ipv4(address)
        if inner is not None:
            reason = refusal(inner)
            return f"{reason} ({inner} inside an IPv6 address)" if reason else None
        if address in LOCAL_NAT64:
            return "a local-use NAT64 address"
        if address in IPV4_COMPATIBLE and not (address.is_loopback or address.is_unspecified):
            return "a deprecated IPv4-compatible address"
    checks = (
        ("an unspecified address", address.is_unspecified),
        ("a loopback address", address.is_loopback),
        ("a link-local address", address.is_link_local),
        ("a multicast address", address.is_multicast),
        ("a site-local address", isinstance(address, ipaddress.IPv6Address) and address.is_site_local),
        ("a reserved address", address.is_reserved),
        ("a private address", address.is_private),
        ("a shared (carrier-grade NAT) address", address in SHARED),
    )
    for reason, applies in checks:
        if applies:
            return reason
    for network, reason in SPECIAL.items():
        if address in network:
            return reason
    return None if address.is_global else "not a public address"


def check_address(text: str) -> IPAddress:
    """``text`` as an address, or Refused saying why it may not be reached."""
    address = ipaddress.ip_address(text.split("%", 1)[0])  # a scoped fe80::1%eth0 is judged without its zone
    reason = refusal(address)
    if reason:
        raise Refused(f"{REFUSED}{shown(address)} is {reason}")
    return address


def shown(address: IPAddress) -> str:
    """An address as people write it: ``::ffff:10.0.0.1`` rather than ``::ffff:a00:1``."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return f"::ffff:{address.ipv4_mapped}"
    return str(address)


def resolve(host: str, port: int, timeout: float) -> list[str]:
    """The addresses to connect to for ``host``, every one of them checked: a name that resolves to
    any address the guard refuses is refused whole. The caller connects to these addresses, never
    to the name again (no second lookup that could answer differently)."""
    if (host, port) in ALLOWED_FOR_TESTS:
        return [_literal_or_lookup(host, port, timeout)[0]]
    found = _literal_or_lookup(host, port, timeout)
    literal = _is_literal(host)
    for text in found:
        try:
            check_address(text)
        except Refused as exc:
            raise Refused(str(exc) if literal else f"{exc} ({host} resolves to it)") from None
    return found


def _is_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _literal_or_lookup(host: str, port: int, timeout: float) -> list[str]:
    if _is_literal(host):
        return [str(ipaddress.ip_address(host))]
    lookup = LOOKUPS.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        infos = lookup.result(timeout=timeout)  # the C resolver has no timeout of its own
    except TimeoutError:
        raise IngestError(f"looking up host {host!r} timed out after {timeout:g} s") from None
    except (OSError, UnicodeError) as exc:
        raise IngestError(f"cannot resolve host {host!r} ({exc})") from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise IngestError(f"host {host!r} has no address")
    return addresses
