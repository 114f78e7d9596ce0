"""What an audit finds to scan in sitemaps, feeds and the WordPress API, and what it skips (blind probe 38)."""

from __future__ import annotations

import asyncio
import json

import pytest

from scanner.cli import main
from scanner.sources.web import AuditOptions, AuditState, FetchOptions, audit
from scanner.sources.web.safety import CREDENTIALS_REFUSED

from .websim import Site

INJECTED = ("<html><body><p>The council met on Tuesday to discuss the library budget. "
            "<a href='https://promo.example/g'>best online casino</a> The mayor agreed.</p></body></html>")


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


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:x</id>
<entry><title>Library news</title><id>urn:1</id>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Great story. <a href="https://x.example">best online casino</a> stuff</p></div></content></entry>
<entry><title type="html">Daftar slot gacor hari ini gampang maxwin</title><id>urn:3</id>
<content type="text">Plain text content about the library.</content></entry>
</feed>"""

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Blog</title>
<item><title>Daftar slot gacor hari ini gampang maxwin</title>
<description><![CDATA[<p>The council met on Tuesday. <a href="https://promo.example/g">best online casino</a> ok.</p>]]></description>
<content:encoded><![CDATA[<p>The council met on Tuesday to discuss the budget. The mayor agreed.</p>]]></content:encoded>
</item></channel></rss>"""


def findings_of(result):
    return [(f.rule_id, f.match) for f in result.findings]


def test_atom_inline_xhtml_content_and_entry_titles_are_scanned(site, scanner):
    feed = site.add("/d6/atom.xml", ATOM, "application/atom+xml")
    results, state = run([feed], scanner)
    assert sorted(results) == [f"{feed}#item-1", f"{feed}#item-1:title", f"{feed}#item-2", f"{feed}#item-2:title"]
    content = results[f"{feed}#item-1"]
    assert str(content.verdict) == "injected" and "best online casino" in findings_of(content)[0][1]
    assert all("best online casino" in content.text[f.start:f.end] for f in content.findings)
    assert "ns0:" not in content.text and '<a href="https://x.example">' in content.text
    title = results[f"{feed}#item-2:title"]
    assert str(title.verdict) == "injected" and title.kind == "html"
    assert title.metadata == {"feed": feed, "item": "2"}
    assert str(results[f"{feed}#item-1:title"].verdict) == "clean" and results[f"{feed}#item-1:title"].kind == "text"


def test_rss_title_and_description_beside_content_encoded_are_scanned(site, scanner):
    feed = site.add("/d6/rss.xml", RSS, "application/rss+xml")
    results, state = run([feed], scanner)
    assert sorted(results) == [f"{feed}#item-1", f"{feed}#item-1:excerpt", f"{feed}#item-1:title"]
    assert str(results[f"{feed}#item-1"].verdict) == "clean"
    excerpt = results[f"{feed}#item-1:excerpt"]
    assert str(excerpt.verdict) == "injected" and "best online casino" in findings_of(excerpt)[0][1]
    assert all("best online casino" in excerpt.text[f.start:f.end] for f in excerpt.findings)
    title = results[f"{feed}#item-1:title"]
    assert str(title.verdict) == "injected" and title.text == "Daftar slot gacor hari ini gampang maxwin"


def test_wordpress_api_titles_and_excerpts_are_scanned(site, scanner):
    """Only content.rendered was scanned; a WordPress export's titles and excerpts are records of their own."""
    post = {"id": 5, "title": {"rendered": "Daftar slot gacor hari ini gampang maxwin"},
            "excerpt": {"rendered": '<p>Notes. <a href="https://promo.example/g">best online casino</a> ok.</p>'},
            "content": {"rendered": "<p>The council met on Tuesday to discuss the budget.</p>"}}
    json_type, one_page = "application/json", {"x-wp-totalpages": "1"}
    site.add("/d7/wp-json/wp/v2/posts", json.dumps([post]), json_type, headers=one_page)
    site.add("/d7/wp-json/wp/v2/pages", "[]", json_type, headers=one_page)
    api = site.base + "/d7/wp-json"
    results, state = run([api + "/"], scanner)
    posts = f"{api}/wp/v2/posts/5"
    assert sorted(results) == [posts, f"{posts}:excerpt", f"{posts}:title"]
    assert str(results[posts].verdict) == "clean"
    assert str(results[f"{posts}:title"].verdict) == "injected"
    assert str(results[f"{posts}:excerpt"].verdict) == "injected"
    assert results[f"{posts}:title"].metadata == {"api": api, "collection": "posts", "id": "5"}


@pytest.mark.parametrize("robots", [b"User-agent: *\nDisallow: /d15/\n", b"\xef\xbb\xbfUser-agent: *\nDisallow: /d15/\n"])
def test_a_page_named_on_the_command_line_that_robots_txt_disallows_is_skipped_and_named(scanner, robots):
    """It was a failure (exit 3), while the same page found in a sitemap was skipped; a robots.txt starting
    with a byte-order mark was not obeyed at all (D16)."""
    with Site() as own:
        own.add("/robots.txt", robots, "text/plain")
        page = own.add("/d15/page.html", INJECTED)
        results, state = run([page], scanner)
        assert own.hits["/d15/page.html"] == 0
    assert results == {} and state.failed == []
    assert state.passed_over == [(page, "disallowed by robots.txt")] and state.skipped == 1


def test_a_sitemap_nested_deeper_than_the_limit_is_skipped_and_named(site, scanner):
    """It was a failure (exit 3); what a limit leaves out is skipped and named, as --max-pages does."""
    page = site.add("/d17/page.html", INJECTED)
    index = '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>{}</loc></sitemap></sitemapindex>'
    site.add("/d17/3.xml", urlset(page), "application/xml")
    site.add("/d17/2.xml", index.format(site.base + "/d17/3.xml"), "application/xml")
    top = site.add("/d17/1.xml", index.format(site.base + "/d17/2.xml"), "application/xml")
    results, state = run([top], scanner, max_depth=2)
    assert results == {} and state.failed == []
    assert state.passed_over == [(site.base + "/d17/3.xml", "sitemap nested deeper than 2")]


@pytest.mark.parametrize("backend", ["aiohttp", "httpx"])
def test_an_address_with_credentials_found_in_a_sitemap_is_refused_and_its_password_never_reported(site, tmp_path,
                                                                                                  backend):
    """On the command line it is refused; found in a sitemap it was fetched with the password (httpx) or failed
    with an internal error (aiohttp), and the password was written into every report."""
    host = site.base.removeprefix("http://")
    site.add("/d11/page.html", INJECTED)
    site.add("/d11/moved.html", "", status=302, headers={"location": f"http://user:s3cret@{host}/d11/page.html"})
    sitemap = site.add("/d11/sitemap.xml", urlset(f"http://user:s3cret@{host}/d11/page.html",
                                                  site.base + "/d11/moved.html"), "application/xml")
    report = tmp_path / "report.json"
    before = site.hits["/d11/page.html"]
    code = main(["scan", sitemap, "--allow-private", "--no-cloaking", "--http-backend", backend, "--format", "json",
                 "-o", str(report)])
    text = report.read_text(encoding="utf-8")
    assert code == 3 and "s3cret" not in text and site.hits["/d11/page.html"] == before
    refused = "credentials in the address are not supported: every report would carry them"
    assert sorted((f["source"], f["reason"]) for f in json.loads(text)["audit"]["failed"]) == [
        (site.base + "/d11/moved.html", f"redirected to http://user:***@{host}/d11/page.html, which was refused: {refused}"),
        (f"http://user:***@{host}/d11/page.html", refused),
    ]


def test_a_page_beyond_the_limit_that_two_feed_items_link_to_is_skipped_once(site, scanner):
    items = "".join(f"<item><title>Item {n}</title><link>{site.base}/d20/{page}.html</link></item>"
                    for n, page in enumerate(["a", "b", "b", "b"], 1))
    feed = site.add("/d20/feed.xml", f'<rss version="2.0"><channel>{items}</channel></rss>', "application/rss+xml")
    site.add("/d20/a.html", INJECTED)
    site.add("/d20/b.html", INJECTED)
    results, state = run([feed], scanner, max_pages=1)
    assert list(results) == [f"{feed}#item-1:title"]
    skipped = [source for source, _ in state.passed_over]
    assert sorted(set(skipped)) == sorted(skipped) and site.base + "/d20/b.html" in skipped
    assert state.skipped == len(skipped)


def test_the_limit_of_hosts_keeps_the_sitemaps_own_host(site, scanner):
    """With --max-hosts 1, a sitemap whose first address is on another host had the site's own pages skipped."""
    own = site.add("/d20/own.html", INJECTED)
    foreign = f"http://localhost:{site.port}/d20/own.html"
    sitemap = site.add("/d20/hosts.xml", urlset(foreign, own), "application/xml")
    results, state = run([sitemap], scanner, max_hosts=1)
    assert list(results) == [own]
    assert state.passed_over == [(foreign, "beyond the limit of 1 hosts")]


def test_a_redirect_to_another_host_counts_against_the_limit_of_hosts(site, scanner):
    """A redirect to another host was followed past --max-hosts, its page fetched and scanned (blind probe 50, D7);
    a redirect within the host, and one to a host already visited, are still followed."""
    foreign = f"http://localhost:{site.port}/d7/there.html"
    site.add("/d7/there.html", INJECTED)
    named = site.add("/d7/away.html", "", status=302, headers={"location": foreign})
    listed = site.add("/d7/listed.html", "", status=301, headers={"location": foreign})
    inside = site.add("/d7/inside.html", "", status=302, headers={"location": "/d7/here.html"})
    site.add("/d7/here.html", INJECTED)
    sitemap = site.add("/d7/hosts.xml", urlset(listed, inside), "application/xml")
    results, state = run([named, sitemap], scanner, max_hosts=1)
    assert sorted(results) == [inside] and str(results[inside].verdict) == "injected"
    assert site.hits["/d7/there.html"] == 0 and site.hits["/d7/here.html"] == 1
    assert sorted(state.passed_over) == sorted((source, "redirected to localhost: beyond the limit of 1 hosts")
                                               for source in (named, listed))
    results, state = run([named], scanner, max_hosts=2)
    assert list(results) == [named] and str(results[named].verdict) == "injected" and state.passed_over == []


def test_a_plain_text_sitemap_is_followed_with_the_limits_of_an_xml_one(site, scanner):
    """A sitemap.txt (sitemaps.org: one absolute URL a line) was scanned as a text page instead of followed (D-a);
    a byte-order mark, CRLF, blank lines and spaces around an address are read past (blind probe 38)."""
    first = site.add("/da/first.html", INJECTED)
    second = site.add("/da/second.html", INJECTED)
    host = site.base.removeprefix("http://")
    lines = (f"\ufeff{first}\r\n\r\n  {second}  \r\nhttp://user:s3cret@{host}/da/first.html\r\n"
             "mailto:webmaster@example.org\r\n")
    sitemap = site.add("/da/sitemap.txt", lines, "text/plain; charset=utf-8")
    results, state = run([sitemap], scanner, max_pages=1)
    assert sorted(results) == [first, f"http://user:***@{host}/da/first.html"]
    assert str(results[first].verdict) == "injected"
    assert state.passed_over == [(second, "beyond the limit of 1 pages"),
                                 ("mailto:webmaster@example.org", "not an http(s) address")]


@pytest.mark.parametrize(("path", "content_type"), [("/da/list.txt", "application/octet-stream"),
                                                    ("/da/list", "text/plain")])
def test_a_plain_text_sitemap_is_told_by_its_name_or_its_type(site, scanner, path, content_type):
    page = site.add("/da/named.html", INJECTED)
    sitemap = site.add(path, f"{page}\n", content_type)
    results, state = run([sitemap], scanner)
    assert list(results) == [page] and state.failed == [] and state.skipped == 0


def test_a_text_page_that_is_not_a_list_of_addresses_is_scanned_as_a_page(site, scanner):
    page = site.add("/da/linked.html", INJECTED)
    notes = site.add("/da/notes.txt", f"The library opens at nine.\n{page}\n", "text/plain; charset=utf-8")
    results, state = run([notes], scanner)
    assert list(results) == [notes] and results[notes].kind == "text" and results[notes].error is None


def test_a_plain_text_sitemap_named_in_robots_txt_is_followed(scanner):
    with Site() as own:
        host = own.base.removeprefix("http://")
        own.add("/robots.txt", f"User-agent: *\nDisallow: /private/\nSitemap: {own.base}/sitemap.txt\n"
                               f"Sitemap: ftp://127.0.0.1/sitemap.txt\nSitemap: http://user:s3cret@{host}/sitemap.txt\n",
                "text/plain")
        own.add("/", "<html><body><p>Welcome to the library.</p></body></html>")
        page = own.add("/news.html", INJECTED)
        own.add("/sitemap.txt", f"{page}\n{own.base}/private/secret.html\n", "text/plain")
        results, state = run([own.base + "/"], scanner)
    refused = f"http://user:***@{host}/sitemap.txt"
    assert sorted(results) == [own.base + "/", page, refused] and str(results[page].verdict) == "injected"
    assert state.failed == [(refused, CREDENTIALS_REFUSED)]
    assert sorted(state.passed_over) == [("ftp://127.0.0.1/sitemap.txt", "not an http(s) address"),
                                         (own.base + "/private/secret.html", "disallowed by robots.txt")]


def test_addresses_other_than_http_in_a_sitemap_are_skipped_and_named_once(site, tmp_path):
    """file:, javascript: and ftp: entries of a sitemap were failures (exit 3); they are skipped and named (D-b)."""
    index = ('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             '<sitemap><loc>{}</loc></sitemap><sitemap><loc>ftp://127.0.0.1/more.xml</loc></sitemap></sitemapindex>')
    junk = ["file:///etc/passwd", "javascript:alert(1)", "ftp://user:pw@127.0.0.1/x", "javascript:alert(1)"]
    xml = site.add("/db/junk.xml", urlset(site.base + "/clean-1.html", *junk), "application/xml")
    top = site.add("/db/index.xml", index.format(xml), "application/xml")
    report = tmp_path / "report.json"
    code = main(["scan", top, "--allow-private", "--no-cloaking", "--format", "json",
                 "-o", str(report)])
    audit_report = json.loads(report.read_text(encoding="utf-8"))["audit"]
    assert code == 0 and audit_report["failed"] == []
    reason = "not an http(s) address"
    assert audit_report["skipped"] == [{"source": source, "reason": reason} for source in
                                       ["file:///etc/passwd", "javascript:alert(1)", "ftp://user:***@127.0.0.1/x",
                                        "ftp://127.0.0.1/more.xml"]]


def test_a_malformed_address_in_a_sitemap_fails_that_entry_and_the_audit_goes_on(site, tmp_path):
    """An address that cannot be parsed (an unclosed IPv6 bracket) ended the whole audit with a traceback."""
    index = ('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             '<sitemap><loc>{}</loc></sitemap><sitemap><loc>http://[::1/more.xml</loc></sitemap></sitemapindex>')
    sitemap = site.add("/dc/broken.xml", urlset(site.base + "/clean-1.html", "http://u:s3cret@[::1/x"),
                       "application/xml")
    top = site.add("/dc/index.xml", index.format(sitemap), "application/xml")
    report = tmp_path / "report.json"
    code = main(["scan", top, "--allow-private", "--no-cloaking", "--format", "json", "-o", str(report)])
    document = json.loads(report.read_text(encoding="utf-8"))
    assert code == 3 and "s3cret" not in report.read_text(encoding="utf-8")
    assert [r["source"] for r in document["documents"] if not r.get("error")] == [site.base + "/clean-1.html"]
    reason = "not a valid address (Invalid IPv6 URL)"
    assert document["audit"]["failed"] == [{"source": "http://u:***@[::1/x", "reason": reason},
                                           {"source": "http://[::1/more.xml", "reason": reason}]
