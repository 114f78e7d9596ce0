"""Which addresses the auditor may connect to, checked on the address actually used.

A URL is checked twice: its host when it is an IP literal in any spelling
(``0x7f000001``, ``2130706433``, ``127.1``, ``[::ffff:127.0.0.1]``), and then,
at connection time, every address the name resolves to. The connection is made
to the very address that was checked, so a DNS answer that changes between two
look-ups (rebinding) cannot slip a private address in. Host header and TLS SNI
still carry the name, because only the TCP connect is redirected.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from ...errors import FetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_NAT64 = ipaddress.ip_network("64:ff9b::/96")
SCHEMES = ("http", "https")


class RefusedAddress(FetchError):
    """The host is (or resolves to) an address the policy does not allow."""


@dataclass(frozen=True)
class AddressPolicy:
    """``allow_private`` opens loopback, private and link-local ranges (intranet CMSs, tests);
    ``allowed`` opens single endpoints ``(address, port)`` and nothing else.
    """

    allow_private: bool = False
    allowed: frozenset[tuple[IPAddress, int]] = frozenset()

    def check(self, address: IPAddress, host: str, port: int) -> None:
        """Raise ``RefusedAddress`` unless ``address`` may be connected to."""
        if address.is_multicast or address.is_unspecified:
            raise RefusedAddress(f"{host}: refusing to connect to {address} (not a unicast address)")
        if (address, port) in self.allowed:
            return
        if not self.allow_private and not is_public(address):
            raise RefusedAddress(f"{host}: refusing to connect to non-public address {address} port {port} "
                                 f"(see --allow-private, or --allow-address for this one endpoint)")


def parse_endpoint(value: str) -> tuple[IPAddress, int]:
    """``127.0.0.1:8080`` or ``[::1]:8080`` as an ``AddressPolicy.allowed`` entry; ValueError if malformed."""
    host, _, port = value.rpartition(":")
    address = literal_address(host)
    if address is None or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"not an IP:PORT endpoint: {value!r}")
    return address, int(port)


def is_public(address: IPAddress) -> bool:
    """A globally routable unicast address, looking through IPv4-mapped, 6to4, Teredo and NAT64 forms."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address.teredo:
            embedded = address.teredo[1]
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return is_public(embedded)
    return address.is_global and not address.is_multicast


def literal_address(host: str) -> IPAddress | None:
    """The address an IP-literal host means, in every form the C library would accept, else None."""
    host = host.strip("[]")
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        pass
    try:  # inet_aton takes the legacy forms: 127.1, 0x7f.1, 2130706433, 0177.0.0.1
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


CREDENTIALS_REFUSED = "credentials in the address are not supported: every report would carry them"


def redact(url: str) -> str:
    """``url`` with the password in its address, if any, written ``***``: reports name pages by their address."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    userinfo, _, host = parts.netloc.rpartition("@")
    return parts._replace(netloc=f"{userinfo.partition(':')[0]}:***@{host}").geturl()


def check_url(url: str, policy: AddressPolicy) -> None:
    """Refuse other schemes, missing hosts, credentials and literal addresses the policy forbids."""
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None:
        raise FetchError(f"{redact(url)}: {CREDENTIALS_REFUSED}")
    if parts.scheme.lower() not in SCHEMES:
        raise FetchError(f"{url}: only http and https URLs can be fetched")
    if not parts.hostname:
        raise FetchError(f"{url}: no host in URL")
    address = literal_address(parts.hostname)
    if address is not None:
        try:
            port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        except ValueError:
            raise FetchError(f"{url}: bad port") from None
        policy.check(address, parts.hostname, port)


async def resolve(host: str, port: int, policy: AddressPolicy) -> list[str]:
    """Every address ``host`` resolves to, all checked; any refused one refuses the host.

    Refusing the whole answer (rather than dropping the bad addresses) keeps a
    name that mixes public and private answers from ever reaching the private one.
    """
    literal = literal_address(host)
    if literal is not None:
        policy.check(literal, host, port)
        return [str(literal)]
    loop = asyncio.get_running_loop()
    try:
        answers = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise FetchError(f"{host}: cannot resolve ({error.strerror})") from None
    addresses: list[str] = []
    for _family, _type, _proto, _name, sockaddr in answers:
        address = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])
        policy.check(address, host, port)
        if str(address) not in addresses:
            addresses.append(str(address))
    if not addresses:
        raise FetchError(f"{host}: no address")
    return addresses
