"""Cloaking: a page that shows crawlers (or visitors sent by a search engine) something else.

Each page is fetched as a browser, as Googlebot, as Google-InspectionTool and
as a browser arriving from a Google search. Text that only a crawler gets (shown, or hidden from view but
indexed all the same) is
reported as ``cloaking.crawler-only-content`` inside the crawler's own copy of
the page (so the offsets lead into the bytes the crawler got); a redirect that
only a crawler or a search visitor gets is ``cloaking.conditional-redirect``.
Digits are ignored when comparing, so dates and counters do not look like cloaking. Crawler-only text
that carries no spam signal (no finding of the crawler's copy lies in it) is reported only when it differs
consistently: a second browser fetch reads as the first, and a second crawler fetch has that text again. A
page whose text varies for everyone (a rotating "latest news" line) is not cloaking for that.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

import regex

from ...document import Document, decode
from ...errors import FetchError
from ...extraction import extract
from ...extraction.textview import TextView
from ...findings import Finding, RuleInfo, Severity
from .fetch import BROWSER_AGENT, REDIRECTS, Fetcher, Page

GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
INSPECTION_TOOL = "Mozilla/5.0 (compatible; Google-InspectionTool/1.0;)"
SEARCH_REFERER = "https://www.google.com/search?q=site"
#: name -> request headers of the crawlers the page is fetched as
CRAWLERS = {"Googlebot": {"user-agent": GOOGLEBOT}, "Google-InspectionTool": {"user-agent": INSPECTION_TOOL}}
#: name -> the robots.txt product tokens each obeys, most specific first (Google documents both for its tool)
CRAWLER_TOKENS = {"Googlebot": ("googlebot",), "Google-InspectionTool": ("google-inspectiontool", "googlebot")}
SEARCH_VISITOR = {"user-agent": BROWSER_AGENT, "referer": SEARCH_REFERER}
MIN_HIDDEN_CHARS = 20  # less than this differing is noise (a greeting, a counter), not cloaked content
MAX_MATCH = 500

CRAWLER_ONLY = RuleInfo("cloaking.crawler-only-content",
                        "Text served to search-engine crawlers, or to visitors from a search engine, but not to other visitors",
                        "cloaking", Severity.HIGH, "report")
CONDITIONAL_REDIRECT = RuleInfo("cloaking.conditional-redirect",
                                "A redirect that only crawlers or visitors from a search engine get",
                                "cloaking", Severity.HIGH, "report")
RULES = (CRAWLER_ONLY, CONDITIONAL_REDIRECT)

_SEGMENT = regex.compile(r"\S[^\n]*?(?:[.!?](?=\s)|(?=\n)|\Z)")  # a sentence, or the rest of a line


@dataclass(frozen=True)
class CrawlerView:
    """The page as a crawler got it, and the finding locating what only the crawler sees."""

    profile: str
    page: Page
    finding: Finding
    headers: dict[str, str]  # the request headers the crawler's copy was fetched with
    tokens: tuple[str, ...]  # and the robots.txt product tokens obeyed for it


@dataclass(frozen=True)
class CloakingCheck:
    redirects: tuple[Finding, ...] = ()  # located at the start of the visitor's page
    crawler_view: CrawlerView | None = None


def _key(segment: str) -> str:
    return regex.sub(r"\d", "0", " ".join(segment.split()).casefold())


#: What a reader or a crawler reads of a page: its visible text, and text hidden from view, which search
#: engines index all the same (a block of casino links served hidden to crawlers only is cloaking too).
_READ_SCOPES = ("text", "hidden")


def _views(page: Page, source: str) -> tuple[str, list[TextView]]:
    decoded = decode(Document(source, page.body, "html", page.charset))
    extraction = extract(decoded.text, "html")
    return decoded.text, [extraction.view(scope) for scope in _READ_SCOPES]


def _finding(info: RuleInfo, message: str, match: str, source: str, start: int, end: int,
             ranges: tuple[tuple[int, int], ...], scope: str) -> Finding:
    line = source.count("\n", 0, start) + 1
    column = start - (source.rfind("\n", 0, start) + 1) + 1
    end_line = source.count("\n", 0, end) + 1
    end_column = end - (source.rfind("\n", 0, end) + 1) + 1
    return Finding(info.id, info.category, info.severity, 0.9, message, match, start, end, line, column,
                   end_line, end_column, info.action, scope, ranges).with_fingerprint(0)


def _segment_keys(page: Page) -> set[str]:
    """The sentences (or lines) a reader of ``page`` reads, visible or hidden, as they are compared."""
    _, views = _views(page, page.url)
    return {_key(m.group()) for view in views for m in _SEGMENT.finditer(view.text)}


def crawler_only(visitor: Page, crawler: Page, profile: str, label: str | None = None) -> Finding | None:
    """The text segments of the crawler's page, visible or hidden, that the visitor's page lacks, as one finding."""
    source, views = _views(crawler, crawler.url)
    known = _segment_keys(visitor)
    hidden = [(view, m) for view in views for m in _SEGMENT.finditer(view.text)
              if _key(m.group()) and _key(m.group()) not in known]
    text = " ".join(" ".join(m.group().split()) for _, m in hidden)
    if len(text) < MIN_HIDDEN_CHARS:
        return None
    ranges = tuple(sorted(run for view, m in hidden for run in view.source_runs(m.start(), m.end())))
    start, end = ranges[0][0], ranges[-1][1]
    match = text if len(text) <= MAX_MATCH else text[:MAX_MATCH - 1] + "…"
    return _finding(CRAWLER_ONLY, f"{len(text)} characters of text are served to {profile} but not to other visitors",
                    match, source, start, end, ranges, f"as {label or profile}")


def carries_signals(cloaked: Finding, found: tuple[Finding, ...]) -> bool:
    """Whether a finding of the crawler's copy (a rule, the vocabulary, a detector) lies in its crawler-only text."""
    return any(finding.start < end and start < finding.end
               for finding in found if finding.end > finding.start for start, end in cloaked.ranges)


async def differs_consistently(fetcher: Fetcher, visitor: Page, view: CrawlerView) -> bool:
    """Whether the crawler-only text of ``view`` is what the crawler gets rather than what the page varies for
    everyone (a rotating teaser, a random "latest news" line, an A/B test): fetched again, the page reads as it
    did to the browser, and the crawler's copy still holds that text. A second fetch that fails tells nothing,
    so the difference stands."""
    visitor_keys = _segment_keys(visitor)
    try:
        again = await fetcher.fetch(visitor.url, follow=False)
        if again.ok and _segment_keys(again) != visitor_keys:
            return False
        crawler_again = await fetcher.fetch(visitor.url, view.headers, follow=False, crawler=view.tokens)
    except FetchError:
        return True
    return not crawler_again.ok or _segment_keys(view.page) - visitor_keys <= _segment_keys(crawler_again)


def _first_hop(page: Page) -> str | None:
    location = page.headers.get("location")
    return urljoin(page.url, location.strip()) if page.status in REDIRECTS and location else None


def _redirect(ours: str | None, theirs: str | None, who: list[str], source: str) -> Finding:
    """Where the first response sends ``who`` (each that is sent the same way, named once) against visitors."""
    names = " and ".join([", ".join(who[:-1]), who[-1]] if len(who) > 1 else who)
    verb = "are" if len(who) > 1 else "is"
    if theirs is None:
        message, match = f"visitors are redirected to {ours}; {names} {verb} not", ours or ""
    elif ours is None:
        message, match = f"{names} {verb} redirected to {theirs}; visitors are not", theirs
    else:
        message, match = f"{names} {verb} redirected to {theirs}; visitors go to {ours}", theirs
    return _finding(CONDITIONAL_REDIRECT, message, match, source, 0, 0, (), "response")


async def check(fetcher: Fetcher, visitor: Page, visitor_source: str) -> CloakingCheck:
    """Fetch ``visitor.url`` as the crawlers and as a search visitor; compare with ``visitor``.

    ``visitor_source`` is the decoded text of the visitor's page, where redirect
    findings are located. A profile whose fetch fails is skipped: a crawler
    that is refused is not evidence of cloaking.
    """
    # Only the first hop is compared, so an unreachable target still counts; who is sent where, in order
    ours = visitor.redirects[0] if visitor.redirects else None
    redirected: dict[str | None, list[str]] = {}
    view: CrawlerView | None = None
    # (label of the copy, who gets it, request headers): the pharma and keyword hacks serve their spam to the
    # crawler, or to a visitor arriving from search results, and the page as it was to everyone else
    profiles = [*((name, name, headers) for name, headers in CRAWLERS.items()),
                ("search visitor", "a visitor from Google search", SEARCH_VISITOR)]
    for label, who, headers in profiles:
        tokens = CRAWLER_TOKENS.get(label, ())
        try:
            other = await fetcher.fetch(visitor.url, headers, follow=False, crawler=tokens)
        except FetchError:  # refused, failing, or closed to that crawler by robots.txt
            continue
        if (theirs := _first_hop(other)) != ours:
            redirected.setdefault(theirs, []).append(who)
            continue
        if view is None and other.ok and visitor.ok and not visitor.redirects:
            if (finding := crawler_only(visitor, other, who, label)) is not None:
                view = CrawlerView(label, other, finding, headers, tokens)
    redirects = tuple(_redirect(ours, theirs, who, visitor_source) for theirs, who in redirected.items())
    return CloakingCheck(redirects, view)
