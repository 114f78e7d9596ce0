"""Address checks, robots.txt rules and bounded decoding, without a network."""

from __future__ import annotations

import asyncio
import gzip
import ipaddress
import zlib

import brotli
import pytest
import zstandard

from scanner.errors import FetchError
from scanner.sources.web import is_url
from scanner.sources.web.decoding import BodyTooLarge, BoundedDecoder
from scanner.sources.web.robots import for_status, parse
from scanner.sources.web.safety import AddressPolicy, RefusedAddress, check_url, literal_address, parse_endpoint, resolve


@pytest.mark.parametrize("host, expected", [
    ("0x7f000001", "127.0.0.1"), ("2130706433", "127.0.0.1"), ("127.1", "127.0.0.1"), ("0177.0.0.1", "127.0.0.1"),
    ("[::ffff:127.0.0.1]", "::ffff:7f00:1"), ("example.org", None),
])
def test_literal_addresses_in_every_spelling(host, expected):
    found = literal_address(host)
    assert (str(found) if found else None) == expected


@pytest.mark.parametrize("url", [
    "http://0x7f000001/", "http://2130706433/", "http://127.1/", "http://[::ffff:127.0.0.1]/", "http://10.0.0.1/",
    "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://[2002:7f00:1::]/", "http://[64:ff9b::a00:1]/",
    "http://100.64.0.1/",
])
def test_non_public_literals_are_refused(url):
    with pytest.raises(RefusedAddress):
        check_url(url, AddressPolicy())


def test_public_literal_passes_and_other_schemes_do_not():
    check_url("https://93.184.215.14/", AddressPolicy())
    with pytest.raises(FetchError, match="only http and https"):
        check_url("file:///etc/passwd", AddressPolicy())


def test_names_resolving_to_loopback_are_refused_unless_allowed():
    with pytest.raises(RefusedAddress, match="localhost: refusing to connect to non-public address 127.0.0.1"):
        asyncio.run(resolve("localhost", 80, AddressPolicy()))
    assert "127.0.0.1" in asyncio.run(resolve("localhost", 80, AddressPolicy(allow_private=True)))
    one = AddressPolicy(allowed=frozenset({parse_endpoint("127.0.0.1:8080")}))
    assert asyncio.run(resolve("127.0.0.1", 8080, one)) == ["127.0.0.1"]
    with pytest.raises(RefusedAddress):
        asyncio.run(resolve("127.0.0.1", 8081, one))
    assert parse_endpoint("[::1]:443") == (ipaddress.IPv6Address("::1"), 443)


def test_is_url():
    assert is_url("https://example.org/") and is_url("HTTP://x") and not is_url("pages/index.html")


ROBOTS = """\
User-agent: *
Disallow: /private
Allow: /private/open$
Disallow: /*.pdf$

User-agent: scanner
User-agent: other
Disallow: /only-us
Sitemap: http://example.org/sitemap.xml
"""


def test_robots_group_for_our_token_longest_match_and_wildcards():
    ours = parse(ROBOTS)
    assert ours.sitemaps == ["http://example.org/sitemap.xml"]
    assert [ours.allows("http://e/" + p) for p in ("only-us", "private", "robots.txt")] == [False, True, True]
    anyone = parse(ROBOTS, token="somebot")
    checks = ["/private/x", "/private/open", "/private/open2", "/a.pdf", "/a.pdf?x", "/public"]
    assert [anyone.allows("http://e" + p) for p in checks] == [False, True, False, False, True, True]


def test_robots_status_rules_of_rfc_9309():
    assert for_status(404, b"").allows("http://e/x")
    assert not for_status(503, b"").allows("http://e/x")
    assert not for_status(200, b"User-agent: *\nDisallow: /\n").allows("http://e/x")


def _feed_all(decoder, data, piece=4096):
    return b"".join(decoder.feed(data[i:i + piece]) for i in range(0, len(data), piece))


@pytest.mark.parametrize("encoding, data", [
    ("gzip", gzip.compress(b"abc" * 1000) + gzip.compress(b"second member")),
    ("deflate", zlib.compress(b"abc" * 1000)),
    ("br", brotli.compress(b"abc" * 1000)),
    ("zstd", zstandard.ZstdCompressor().compress(b"abc" * 1000)),
    ("gzip, br", brotli.compress(gzip.compress(b"abc" * 1000))),
])
def test_decoders_round_trip(encoding, data):
    out = _feed_all(BoundedDecoder(encoding, 10_000), data)
    assert out.startswith(b"abc" * 1000) and len(out) in (3000, 3013)


def test_raw_deflate_without_zlib_header():
    packer = zlib.compressobj(wbits=-15)
    assert BoundedDecoder("deflate", 100).feed(packer.compress(b"raw") + packer.flush()) == b"raw"


@pytest.mark.parametrize("encoding, compress", [
    ("gzip", gzip.compress), ("deflate", zlib.compress), ("br", lambda d: brotli.compress(d, quality=5)),
    ("zstd", lambda d: zstandard.ZstdCompressor().compress(d)),
])
def test_bombs_stop_at_the_cap(encoding, compress):
    bomb = compress(b"\0" * 50_000_000)
    decoder = BoundedDecoder(encoding, 1_000_000)
    with pytest.raises(BodyTooLarge, match="decoded body larger than 1000000 bytes"):
        _feed_all(decoder, bomb)
    assert decoder.size <= 1_000_000


def test_unknown_encoding_is_refused():
    with pytest.raises(FetchError, match="unsupported content encoding 'compress'"):
        BoundedDecoder("compress", 10)


def test_a_byte_order_mark_before_robots_txt_is_skipped():
    """RFC 9309 parsers skip it; it made the first 'User-agent' line unreadable, and so the whole group."""
    rules = for_status(200, b"\xef\xbb\xbfUser-agent: *\nDisallow: /private/\n")
    assert not rules.allows("https://example.org/private/a") and rules.allows("https://example.org/public")


def test_a_crawlers_own_group_is_obeyed_when_fetching_as_that_crawler():
    rules = parse("User-agent: Googlebot\nDisallow: /news/\n\nUser-agent: Google-InspectionTool\nDisallow: /tools/\n")
    assert rules.allows("http://e/news/a") and rules.allows("http://e/tools/a")
    assert not rules.allows("http://e/news/a", ("googlebot",)) and rules.allows("http://e/tools/a", ("googlebot",))
    inspection = ("google-inspectiontool", "googlebot")  # its own group when there is one, else Googlebot's
    assert rules.allows("http://e/news/a", inspection) and not rules.allows("http://e/tools/a", inspection)
