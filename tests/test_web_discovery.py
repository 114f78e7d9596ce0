"""What an audit finds to scan in sitemaps, feeds and the WordPress API, and what it skips (blind probe 38)."""

from __future__ import annotations

import asyncio

import pytest

from scanner import Scanner
from scanner.sources.web import AuditOptions, AuditState, FetchOptions, audit

from .websim import Site

INJECTED = ("<html><body><p>The council met on Tuesday to discuss the library budget. "
            "<a href='https://promo.example/g'>best online casino</a> The mayor agreed.</p></body></html>")


@pytest.fixture(scope="module")
def site():
    with Site() as running:
        yield running


@pytest.fixture(scope="module")
def scanner():
    return Scanner()


def run(targets, scanner, cloaking=False, **limits):
    fetch = FetchOptions(allow_private=True, timeout=2.0, max_bytes=1_000_000, retries=0, backoff=0.01)
    state = AuditState()

    async def collect():
        options = AuditOptions(fetch=fetch, cloaking=cloaking, **limits)
        return [r async for r in audit(targets, scanner, options, state)]

    return {r.source: r for r in asyncio.run(collect())}, state


def urlset(*addresses: str) -> str:
    entries = "".join(f"<url><loc>{address}</loc></url>" for address in addresses)
    return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'


def test_a_sitemap_with_a_doctype_is_read(site, scanner):
    """It was taken for a page of type application/xml and skipped: nothing audited, exit 0."""
    page = site.add("/d4/injected.html", INJECTED)
    sitemap = site.add("/d4/doctype.xml", f'<?xml version="1.0"?>\n<!DOCTYPE urlset>\n{urlset(page)}',
                       "application/xml")
    results, state = run([sitemap], scanner)
    assert list(results) == [page] and str(results[page].verdict) == "injected"
    assert state.skipped == 0 and state.failed == []


def test_a_sitemap_declaring_entities_fails_with_its_reason_and_nothing_is_expanded(site, scanner):
    laughs = "".join(f'<!ENTITY e{n} "{f"&e{n - 1};" * 10}">' for n in range(1, 8))
    sitemap = site.add("/d4/entities.xml", f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY e0 "lol">{laughs}]>'
                                           f'{urlset(site.base + "/d4/&e7;")}', "application/xml")
    results, state = run([sitemap], scanner)
    assert list(results) == [sitemap]
    assert results[sitemap].error == "refused: the XML declares entities (<!ENTITY>), which sitemaps and feeds never need"
    assert len(state.failed) == 1 and state.skipped == 0
