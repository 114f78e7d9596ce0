"""Cloaking against rotating content: what a page varies for everyone is no cloaking (blind probe 38, D8)."""

from __future__ import annotations

import asyncio
import itertools
import json

import pytest

from scanner import Scanner
from scanner.cli import main
from scanner.sources.web import AuditOptions, AuditState, FetchOptions, audit

from .websim import Site

ARTICLE = ("<html><body><h1>Town news</h1><p>The council met on Tuesday to discuss the new library budget. "
           "The mayor said the plan would help families across the town.</p>{aside}</body></html>")
HEADLINES = ["The weather will be sunny with light winds across the valley this afternoon.",
             "Road works on the high street will finish next Friday, the council said today.",
             "The swimming pool reopens on Monday after a month of repairs to the roof.",
             "The library extends its opening hours during the school holidays this summer.",
             "A new bus route links the station with the hospital from the first of the month.",
             "The farmers market moves to the square while the hall is being painted."]


@pytest.fixture(scope="module")
def scanner():
    return Scanner()


def audit_page(url, scanner):
    fetch = FetchOptions(allow_private=True, timeout=2.0, retries=0, backoff=0.01, concurrency=1)

    async def collect():
        return {r.source: r async for r in audit([url], scanner, AuditOptions(fetch=fetch), AuditState())}

    return asyncio.run(collect())


def test_a_latest_news_sentence_that_changes_on_every_request_is_not_cloaking(scanner):
    """Every news site with a rotating teaser was reported as cloaking, and so injected."""
    rotation = itertools.cycle(HEADLINES)
    with Site() as site:
        page = site.add("/dyn.html", lambda agent: ARTICLE.format(aside=f"<aside><p>{next(rotation)}</p></aside>"))
        results = audit_page(page, scanner)
        requests = site.hits["/dyn.html"]
    assert list(results) == [page] and str(results[page].verdict) == "clean"
    assert requests == 5  # as a browser, as the two crawlers and a search visitor, and as a browser again


def test_text_without_spam_words_that_only_crawlers_get_on_a_steady_page_is_still_cloaking(scanner):
    crawler_only = "<p>Our partners offer the best deals on everything you need for the holidays this year.</p>"
    with Site() as site:
        page = site.add("/steady.html", lambda agent: ARTICLE.format(aside=crawler_only if "Googlebot" in agent else ""))
        results = audit_page(page, scanner)
    crawler = results[f"{page} [as Googlebot]"]
    assert crawler.findings[0].rule_id == "cloaking.crawler-only-content"
    assert crawler.findings[0].match == "Our partners offer the best deals on everything you need for the holidays this year."


def test_honest_text_that_changes_between_two_crawler_fetches_is_not_cloaking(scanner):
    """The browser's copy may be steady while the teaser happens to rotate only between the crawler's fetches."""
    rotation = itertools.cycle(HEADLINES)
    with Site() as site:
        page = site.add("/teaser.html", lambda agent: ARTICLE.format(
            aside=f"<aside><p>{next(rotation)}</p></aside>" if "Googlebot" in agent else ""))
        results = audit_page(page, scanner)
        requests = site.hits["/teaser.html"]
    assert list(results) == [page] and str(results[page].verdict) == "clean"
    assert requests == 6  # the four copies, then the browser's and Googlebot's again



def test_a_redirect_both_crawlers_get_is_one_finding(scanner):
    """It was reported twice, once for Googlebot and once for Google-InspectionTool, with the same match."""
    def serve(agent):
        if "Google" in agent:
            return 301, {"location": "https://casino.example/"}, ""
        return ARTICLE.format(aside="")

    with Site() as site:
        page = site.add("/redirect.html", serve)
        results = audit_page(page, scanner)
    [finding] = results[page].findings
    assert finding.rule_id == "cloaking.conditional-redirect" and finding.match == "https://casino.example/"
    assert finding.message == "Googlebot and Google-InspectionTool are redirected to https://casino.example/; visitors are not"


def test_a_page_robots_txt_closes_to_googlebot_is_not_fetched_as_googlebot(scanner):
    """The crawler fetches obeyed only the '*' group: a 'User-agent: Googlebot' group closing the page was ignored."""
    cloaked = "<p>Buy viagra online with fast shipping from our canadian pharmacy.</p>"
    with Site() as site:
        site.add("/robots.txt", "User-agent: Googlebot\nDisallow: /closed/\n", "text/plain")
        page = site.add("/closed/page.html", lambda agent: ARTICLE.format(aside=cloaked if "Google" in agent else ""))
        results = audit_page(page, scanner)
        agents = [agent for path, agent in site.agents if path == "/closed/page.html"]
    assert list(results) == [page] and str(results[page].verdict) == "clean"
    assert not any("Google" in agent for agent in agents) and len(agents) == 2  # a browser, a search visitor


@pytest.fixture(scope="module")
def cloaking_site():
    with Site() as running:
        yield running


def test_disable_switches_the_cloaking_rules_off(cloaking_site, tmp_path):
    """--disable accepted the cloaking ids and reported their findings all the same. The crawler's copy is still
    scanned like any page (blind probe 50: switching its cloaking finding off dropped the spam it holds too): only
    its own rules' findings say what it holds."""
    report = tmp_path / "report.json"
    targets = [f"{cloaking_site.base}/cloaked.html", f"{cloaking_site.base}/search-redirect.html"]
    cloaking_off = ["--disable", "cloaking.crawler-only-content", "--disable", "cloaking.conditional-redirect"]
    code = main(["scan", *targets, "--allow-private", *cloaking_off, "--format", "json", "-o", str(report)])
    documents = {d["source"]: d for d in json.loads(report.read_text(encoding="utf-8"))["documents"]}
    crawler_copy = f"{cloaking_site.base}/cloaked.html [as Googlebot]"
    assert code == 1 and sorted(documents) == sorted([*targets, crawler_copy])
    assert all(documents[target]["findings"] == [] for target in targets)
    assert documents[crawler_copy]["findings"]
    assert not any(f["rule_id"].startswith("cloaking.") for f in documents[crawler_copy]["findings"])
    code = main(["scan", *targets, "--allow-private", *cloaking_off, "--disable", "pharma", "--disable", "hidden.block",
                 "--format", "json", "-o", str(report)])
    assert code == 0, json.loads(report.read_text(encoding="utf-8"))


def test_an_allowlist_and_a_baseline_suppress_cloaking_findings(cloaking_site, tmp_path):
    """[[allow]] rule= and an audit's baseline left every cloaking.* finding in place (exit 1)."""
    targets = [f"{cloaking_site.base}/cloaked.html", f"{cloaking_site.base}/search-redirect.html"]
    config = tmp_path / "allow.toml"
    config.write_text('[[allow]]\nrule = "cloaking.*"\n[[allow]]\nrule = "pharma.*"\n', encoding="utf-8")
    report, baseline, again = tmp_path / "report.jsonl", tmp_path / "baseline.json", tmp_path / "again.json"
    assert main(["scan", *targets, "--allow-private", "--config", str(config), "--format", "json",
                 "-o", str(again)]) == 0
    summary = json.loads(again.read_text(encoding="utf-8"))["summary"]
    assert summary["findings"] == 0 and summary["suppressed"] == 3
    assert main(["scan", *targets, "--allow-private", "--format", "jsonl", "-o", str(report)]) == 1
    assert main(["baseline", "create", "--from-report", str(report), "-o", str(baseline)]) == 0
    assert main(["scan", *targets, "--allow-private", "--baseline", str(baseline), "--format", "json",
                 "-o", str(again)]) == 0
    assert json.loads(again.read_text(encoding="utf-8"))["summary"]["findings"] == 0
