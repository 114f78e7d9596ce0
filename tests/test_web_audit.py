"""The site audit against a real HTTP server on 127.0.0.1 (tests/websim.py)."""

from __future__ import annotations

import asyncio
import io
import ipaddress
import json
import time

import pytest

from scanner.cli import main
from scanner.sources.web import AuditOptions, AuditState, FetchOptions, audit

from .websim import Site

LOOPBACK = ipaddress.IPv4Address("127.0.0.1")


def run(targets, scanner, **fetch):
    options = dict(allow_private=True, timeout=1.0, max_bytes=1_000_000, retries=1, backoff=0.01)
    options.update(fetch)
    state = AuditState()

    async def collect():
        return [r async for r in audit(targets, scanner, AuditOptions(fetch=FetchOptions(**options)), state)]

    results = asyncio.run(collect())
    return {r.source.replace(targets[0].split("/", 3)[2], "SITE"): r for r in results}, state


def rules(result):
    return [f.rule_id for f in result.findings]


@pytest.mark.parametrize("backend", ["aiohttp", "httpx"])
def test_site_root_follows_robots_sitemaps_index_and_gzipped_sitemap(site, scanner, backend):
    results, state = run([site.base + "/"], scanner, backend=backend)
    assert sorted(results) == [
        "http://SITE/", "http://SITE/clean-1.html", "http://SITE/clean-2.html", "http://SITE/cloaked.html",
        "http://SITE/cloaked.html [as Googlebot]", "http://SITE/injected-1.html", "http://SITE/injected-2.html",
        "http://SITE/search-redirect.html",
    ]
    verdicts = {source: str(r.verdict) for source, r in results.items() if not r.error}
    assert verdicts == {
        "http://SITE/": "clean", "http://SITE/clean-1.html": "clean", "http://SITE/clean-2.html": "clean",
        "http://SITE/cloaked.html": "clean", "http://SITE/cloaked.html [as Googlebot]": "injected",
        "http://SITE/injected-1.html": "injected", "http://SITE/injected-2.html": "injected",
        "http://SITE/search-redirect.html": "injected",
    }
    assert rules(results["http://SITE/injected-1.html"]) == ["hidden.block"]
    # the site's wish, not a failure: a CI audit of a site with a private area must not fail for it
    assert state.failed == [] and state.skipped == 1
    assert state.passed_over == [(site.base + "/private/secret.html", "disallowed by robots.txt")]


def test_content_only_googlebot_sees_is_cloaking_located_in_its_copy(site, scanner):
    results, _ = run([site.base + "/cloaked.html"], scanner)
    assert rules(results["http://SITE/cloaked.html"]) == []
    crawler = results["http://SITE/cloaked.html [as Googlebot]"]
    # the advertisement sentence goes whole: beside the rule's match it names a site built of shop words
    assert rules(crawler) == ["cloaking.crawler-only-content", "injection.spam-text"]
    cloaked = crawler.findings[0]
    assert (cloaked.category, str(cloaked.severity)) == ("cloaking", "high")
    assert cloaked.match == "Order from our canadian pharmacy online today at cheap-meds.example"
    assert crawler.text[cloaked.start:cloaked.end] == cloaked.match
    assert (cloaked.line, cloaked.column) == (6, 4)


def test_redirect_only_for_visitors_from_a_search_engine(site, scanner):
    results, _ = run([site.base + "/search-redirect.html"], scanner)
    finding, = results["http://SITE/search-redirect.html"].findings
    assert finding.rule_id == "cloaking.conditional-redirect"
    assert finding.match == "https://casino.example/landing"
    assert finding.message == "a visitor from Google search is redirected to https://casino.example/landing; visitors are not"


def test_a_hidden_block_only_googlebot_gets_is_cloaking_too(site, scanner):
    """Hidden text is indexed all the same: links hidden from view and served to crawlers only are cloaking."""
    results, _ = run([site.base + "/cloaked-hidden.html"], scanner)
    assert rules(results["http://SITE/cloaked-hidden.html"]) == []
    crawler = results["http://SITE/cloaked-hidden.html [as Googlebot]"]
    assert rules(crawler)[0] == "cloaking.crawler-only-content" and "hidden.block" in rules(crawler)
    assert crawler.findings[0].match == "Buy viagra online with fast shipping"


def test_no_cloaking_fetches_each_page_once(site, scanner):
    before = site.hits["/clean-2.html"]
    asyncio.run(_drain([site.base + "/clean-2.html"], scanner, AuditOptions(
        fetch=FetchOptions(allow_private=True), cloaking=False)))
    assert site.hits["/clean-2.html"] - before == 1


async def _drain(targets, scanner, options):
    return [r async for r in audit(targets, scanner, options)]


def test_feed_items_links_and_embedded_html(site, scanner):
    results, _ = run([site.base + "/feed.xml"], scanner, backend="httpx")
    assert sorted(results) == ["http://SITE/clean-1.html", "http://SITE/feed.xml#item-1", "http://SITE/feed.xml#item-1:title",
                               "http://SITE/feed.xml#item-2", "http://SITE/feed.xml#item-2:title", "http://SITE/post-2.html"]
    embedded = results["http://SITE/feed.xml#item-2"]
    # the rule's phrase is part of the link's anchor: the link goes whole, "with fast shipping" with it
    assert [(f.rule_id, f.match) for f in embedded.findings] == [
        ("injection.ad-remnant", '<a href="https://pills.example/shop">Buy viagra online with fast shipping</a>')]
    assert embedded.metadata == {"feed": site.base + "/feed.xml", "item": "2", "link": site.base + "/post-2.html"}
    assert str(results["http://SITE/feed.xml#item-1"].verdict) == "clean"


def test_wordpress_api_all_result_pages_and_rendered_content(site, scanner):
    before = site.hits["/wp-json/wp/v2/posts"]
    results, _ = run([site.base + "/wp-json/"], scanner)
    assert site.hits["/wp-json/wp/v2/posts"] - before == 2
    assert sorted(results) == [
        "http://SITE/clean-1.html", "http://SITE/clean-2.html", "http://SITE/post-2.html",
        "http://SITE/wp-json/wp/v2/pages/7", "http://SITE/wp-json/wp/v2/posts/1", "http://SITE/wp-json/wp/v2/posts/2",
    ]
    assert [f.match for f in results["http://SITE/wp-json/wp/v2/posts/2"].findings] == ["Cheap cialis, no prescription needed"]
    assert str(results["http://SITE/wp-json/wp/v2/posts/1"].verdict) == "clean"


@pytest.mark.parametrize("backend", ["aiohttp", "httpx"])
def test_traps_fail_with_their_reason(site, scanner, backend):
    started = time.monotonic()
    targets = [site.base + p for p in ("/slow.html", "/loop-a", "/gzip-bomb.html", "/brotli-bomb.html", "/missing")]
    results, state = run(targets, scanner, timeout=0.5, backend=backend)
    assert time.monotonic() - started < 3
    assert {source: r.error for source, r in results.items()} == {
        "http://SITE/slow.html": "no complete response within 0.5 s",
        "http://SITE/loop-a": f"redirect loop at {site.base}/loop-a",
        "http://SITE/gzip-bomb.html": "decoded body larger than 1000000 bytes",
        "http://SITE/brotli-bomb.html": "decoded body larger than 1000000 bytes",
        "http://SITE/missing": "HTTP 404",
    }
    assert len(state.failed) == 5


@pytest.fixture()
def broken_server():
    """A server answering every request with something that is not HTTP."""
    import socketserver
    import threading

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            self.request.recv(65536)
            self.request.sendall(b"HELLO WORLD\r\n\r\n")

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("backend", ["aiohttp", "httpx"])
def test_a_malformed_response_fails_its_page_and_the_audit_goes_on(site, scanner, broken_server, backend):
    results, state = run([site.base + "/clean-1.html", broken_server + "/page.html"], scanner, backend=backend)
    assert str(results["http://SITE/clean-1.html"].verdict) == "clean"
    [failed] = [r for source, r in results.items() if source.endswith("/page.html")]
    assert failed.error and "\n" not in failed.error and len(state.failed) == 1


def test_busy_server_is_retried_after_retry_after(site, scanner):
    results, state = run([site.base + "/flaky.html"], scanner, retries=2)
    assert site.hits["/flaky.html"] >= 2
    assert state.failed == [] and str(results["http://SITE/flaky.html"].verdict) == "clean"


@pytest.mark.parametrize("backend", ["aiohttp", "httpx"])
def test_private_addresses_are_refused_in_every_spelling(site, scanner, backend):
    with Site() as internal:
        spellings = [f"http://0x7f000001:{internal.port}/", f"http://2130706433:{internal.port}/",
                     f"http://127.1:{internal.port}/", f"http://[::ffff:127.0.0.1]:{internal.port}/",
                     f"http://localhost:{internal.port}/"]
        targets = [f"{site.base}/to-private/{url}" for url in spellings] + [f"http://localhost:{internal.port}/x"]
        results, state = run(targets, scanner, allow_private=False, allowed=frozenset({(LOOPBACK, site.port)}),
                             backend=backend)
        assert sum(internal.hits.values()) == 0
    reasons = [r.error for r in results.values()]
    assert len(reasons) == 6 and all("refusing to connect to non-public address" in (e or "") for e in reasons), reasons


def test_cli_jsonl_streams_documents_and_ends_with_summary(site, tmp_path):
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# pages\n{site.base}/clean-1.html\n\n{site.base}/injected-2.html\n", encoding="utf-8")
    report = tmp_path / "report.jsonl"
    code = main(["scan", f"{site.base}/injected-1.html", "--urls", str(urls), "--allow-private", "--format", "jsonl",
                 "-o", str(report), "--no-cloaking"])
    lines = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert code == 1
    assert sorted(d["source"].rsplit("/", 1)[1] for d in lines[:-1]) == ["clean-1.html", "injected-1.html", "injected-2.html"]
    tail = lines[-1]
    assert tail["summary"]["documents"] == 3 and tail["failed"] == [] and tail["interrupted"] is False
    assert [(c["kind"], c["pages"]) for c in tail["campaigns"]] == [("links", 2), ("text", 2)]


def test_cli_failed_pages_exit_3_and_are_listed(site, tmp_path):
    report = tmp_path / "report.json"
    code = main(["scan", f"{site.base}/clean-1.html", f"{site.base}/missing", "--allow-private", "--format", "json",
                 "-o", str(report)])
    data = json.loads(report.read_text(encoding="utf-8"))
    assert code == 3
    assert data["audit"]["failed"] == [{"source": f"{site.base}/missing", "reason": "HTTP 404"}]


def test_cli_refuses_loopback_without_allow_private(site, capsys):
    assert main(["scan", f"{site.base}/clean-1.html", "--format", "jsonl"]) == 3
    last = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert last["failed"][0]["reason"].startswith("127.0.0.1: refusing to connect to non-public address 127.0.0.1")


def test_pages_scanned_on_worker_processes_report_the_same(site, scanner):
    """Past its first 64 pages an audit with scan_processes scans on workers; every page's result is the same."""
    targets = [f"{site.base}/{'injected' if n % 3 == 0 else 'clean'}-1.html?n={n}" for n in range(100)]
    fetch = FetchOptions(allow_private=True, timeout=5.0, retries=1, backoff=0.01)

    def collect(processes):
        async def go():
            options = AuditOptions(fetch=fetch, cloaking=False, scan_processes=processes)
            return {r.source: (str(r.verdict), [(f.rule_id, f.start, f.end) for f in r.findings], r.error)
                    async for r in audit(targets, scanner, options)}
        return asyncio.run(go())

    in_process, on_workers = collect(0), collect(1)
    assert len(on_workers) == 100 and on_workers == in_process
    assert sum(verdict == "injected" for verdict, _, _ in on_workers.values()) == 34


def test_a_broken_sitemap_is_a_failure_with_its_reason(site, scanner):
    """A cut-off sitemap, or a .xml.gz that is no gzip, used to pass for a page without text: nothing scanned, exit 0."""
    results, state = run([site.base + "/broken-sitemap.xml", site.base + "/not-gzip-sitemap.xml.gz"], scanner)
    assert results["http://SITE/broken-sitemap.xml"].error.startswith("broken XML (")
    assert results["http://SITE/not-gzip-sitemap.xml.gz"].error == "not XML (neither a sitemap nor a feed)"
    assert len(state.failed) == 2 and state.skipped == 0


def test_a_bare_ampersand_in_a_sitemap_address_is_read_as_written(site, scanner):
    results, state = run([site.base + "/ampersand-sitemap.xml"], scanner, )
    assert list(results) == ["http://SITE/clean-1.html?a=1&b=2"] and not state.failed


def test_content_only_visitors_from_a_search_engine_get_is_cloaking(site, scanner):
    """The pharma hack's usual form: spam for whoever arrives from Google's results, the page as it was otherwise."""
    results, _ = run([site.base + "/search-cloaked.html"], scanner)
    assert rules(results["http://SITE/search-cloaked.html"]) == []
    seen = results["http://SITE/search-cloaked.html [as search visitor]"]
    assert rules(seen)[0] == "cloaking.crawler-only-content"
    assert seen.findings[0].message.endswith("served to a visitor from Google search but not to other visitors")


@pytest.mark.parametrize("arguments, message", [
    (["http://user:secret@127.0.0.1:9/p"], "http://127.0.0.1:9/p: credentials in the address are not supported"),
    (["http://exa mple.com/"], "bad URL: white space"),
    (["http://127.0.0.1:9/", "--timeout", "nan"], "--timeout: must be a number of seconds above 0, not nan"),
    (["http://127.0.0.1:9/", "--timeout", "inf"], "--timeout: must be a number of seconds above 0, not inf"),
])
def test_cli_refuses_bad_web_arguments_in_one_line(arguments, message, capsys):
    """A password in the address used to end in a traceback (aiohttp) or be written into the reports (httpx)."""
    assert main(["scan", *arguments]) == 2
    err = capsys.readouterr().err
    assert message in " ".join(err.split()) and "secret" not in err and "Traceback" not in err


def test_cli_refuses_an_empty_urls_file(tmp_path, capsys):
    listing = tmp_path / "urls.txt"
    listing.write_text("# nothing yet\n", encoding="utf-8")
    assert main(["scan", "--urls", str(listing)]) == 2
    assert "no URL in it" in capsys.readouterr().err


def test_a_failing_robots_txt_is_a_failure_that_says_so(scanner):
    """RFC 9309: a 5xx robots.txt means nothing may be fetched; the audit says why instead of 'disallowed'."""
    import http.server
    import threading

    class Failing(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(500 if self.path == "/robots.txt" else 200)
            self.send_header("content-type", "text/html")
            self.send_header("content-length", "0")
            self.end_headers()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Failing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        results, state = run([f"http://127.0.0.1:{server.server_address[1]}/page.html"], scanner)
    finally:
        server.shutdown()
        server.server_close()
    [(_, reason)] = state.failed
    assert reason == "robots.txt answered HTTP 500, so the site's rules are unknown and nothing is fetched (RFC 9309)"


def test_one_page_under_several_spellings_of_its_address_is_fetched_once(site, scanner):
    """RFC 3986 makes /x/../clean-1.html and /clean%2D1.html the same address as /clean-1.html."""
    results, state = run([site.base + "/dupes-sitemap.xml"], scanner, )
    assert list(results) == ["http://SITE/clean-1.html"] and state.pages == 1


def test_a_refused_redirect_names_its_target_and_port(site, scanner):
    """It said only "refusing to connect to non-public address 127.0.0.1 (see --allow-private)"."""
    target = f"{site.base}/to-private/http://127.0.0.1:9/secret"
    results, state = run([target], scanner, allow_private=False, allowed=frozenset({(LOOPBACK, site.port)}))
    [(_, reason)] = state.failed
    assert reason.startswith("redirected to http://127.0.0.1:9/secret, which was refused: 127.0.0.1: refusing to "
                             "connect to non-public address 127.0.0.1 port 9"), reason


def test_a_retry_after_longer_than_the_audit_waits_is_named(site, scanner):
    """The audit waited at most its cap between tries and failed with a bare 'HTTP 429'."""
    results, state = run([site.base + "/busy-for-an-hour.html"], scanner, max_retry_after=0.05)
    [(_, reason)] = state.failed
    assert reason == ("HTTP 429 after 1 retry (the server asked to retry after 3600; "
                      "the audit waits at most 0.05 s)")


@pytest.mark.parametrize("report_format", ["json", "jsonl"])
def test_an_audit_gets_a_baseline_from_its_own_report(site, tmp_path, report_format):
    """'baseline create' scans files only; an audit, with all its options, records its report instead."""
    report, baseline = tmp_path / f"report.{report_format}", tmp_path / "baseline.json"
    audit_args = ["scan", f"{site.base}/injected-1.html", f"{site.base}/clean-1.html", "--allow-private"]
    assert main([*audit_args, "--format", report_format, "-o", str(report)]) == 1
    assert main(["baseline", "create", "--from-report", str(report), "-o", str(baseline)]) == 0
    recorded = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    assert recorded and {entry["source"] for entry in recorded} == {f"{site.base}/injected-1.html"}
    again = tmp_path / "again.json"
    assert main([*audit_args, "--baseline", str(baseline), "--format", "json", "-o", str(again)]) == 0
    summary = json.loads(again.read_text(encoding="utf-8"))["summary"]
    assert summary["findings"] == 0 and summary["suppressed"] == len(recorded)


@pytest.mark.parametrize("option", [["--history"], ["--db", "h.db"]])
def test_cli_refuses_history_for_a_site_audit_in_one_line(site, tmp_path, monkeypatch, capsys, option):
    """They were accepted and silently ignored: no history recorded, and 'scanner history' found none."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert main(["scan", f"{site.base}/clean-1.html", "--allow-private", *option]) == 2
    err = capsys.readouterr().err
    assert "--history and --db record scans of files; a site audit is not recorded" in " ".join(err.split())
    assert len(err.strip().splitlines()) == 1 and list(tmp_path.iterdir()) == []


def test_cli_reads_urls_with_a_byte_order_mark_trailing_comments_and_from_standard_input(site, tmp_path, monkeypatch):
    """A list saved by Notepad (a byte-order mark), 'URL  # note' and '--urls -' were refused (exit 2)."""
    listing = tmp_path / "urls.txt"
    listing.write_bytes(f"\ufeff{site.base}/clean-1.html\r\n{site.base}/injected-1.html   # the bad one\r\n".encode())
    report = tmp_path / "report.jsonl"
    common = ["--allow-private", "--no-cloaking", "--format", "jsonl", "-o", str(report)]
    assert main(["scan", "--urls", str(listing), *common]) == 1
    sources = sorted(json.loads(line).get("source", "") for line in report.read_text(encoding="utf-8").splitlines())
    assert sources == ["", f"{site.base}/clean-1.html", f"{site.base}/injected-1.html"]
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{site.base}/clean-2.html\n"))
    assert main(["scan", "--urls", "-", *common]) == 0
    assert json.loads(report.read_text(encoding="utf-8").splitlines()[0])["source"] == f"{site.base}/clean-2.html"


def test_cli_refuses_a_urls_file_that_is_not_utf8_in_one_line(tmp_path, capsys):
    listing = tmp_path / "urls.txt"
    listing.write_bytes(b"http://127.0.0.1:9/caf\xe9\n")
    assert main(["scan", "--urls", str(listing)]) == 2
    err = capsys.readouterr().err
    assert "cannot read: not UTF-8" in err and "Traceback" not in err


def test_cli_audit_reports_name_skipped_pages_and_apply_fail_on(site, tmp_path):
    """The console summary called the pages an audit skipped 'files of other types, archive members, export
    records', and JUnit judged the pages at the default --fail-on whatever the option said."""
    console, junit = tmp_path / "audit.txt", tmp_path / "audit.junit"
    common = ["scan", f"{site.base}/sitemap-a.xml", "--allow-private", "--no-cloaking", "--fail-on", "critical"]
    main([*common, "-o", str(console)])
    assert "skipped (pages: for a limit, robots.txt or their type)" in console.read_text(encoding="utf-8")
    main([*common, "--format", "junit", "-o", str(junit)])
    assert '<property name="fail_on" value="critical"' in junit.read_text(encoding="utf-8")
