"""The site audit: targets → pages → ``Scanner.scan`` → results, cloaking findings and campaigns.

Discovery feeds a bounded queue that a fixed pool of workers drains, and
results leave through another bounded queue as they are ready, so memory stays
flat however many pages a crawl finds. Closing the iterator (or Ctrl-C)
cancels every task; what was yielded until then is a valid partial audit.
"""

from __future__ import annotations

import asyncio
import posixpath
import re
from dataclasses import dataclass, field, replace
from typing import AsyncIterator
from urllib.parse import urlsplit

from ...api import Scanner
from ...document import Document
from ...errors import FetchError
from ...findings import DocumentResult, Finding, verdict_of
from ...parallel import AsyncPool
from . import cloaking
from .campaigns import Campaigns
from .discover import Discoverer, Target
from .fetch import RETRIED, Fetcher, FetchOptions, Page, PassedOver

SCANNED_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")


@dataclass(frozen=True)
class AuditOptions:
    fetch: FetchOptions = field(default_factory=FetchOptions)
    max_pages: int = 10_000  # pages and embedded documents scanned, per audit
    max_depth: int = 3  # sitemap index nesting
    max_hosts: int = 10  # distinct hosts visited; pages on further hosts are skipped
    cloaking: bool = True
    # Processes scanning pages beside the fetching one (0: scan in the fetching process). Used only with more
    # than one request in flight: one at a time, the fetching process would just wait for each page's scan.
    scan_processes: int = 0


#: Skipped pages named in the report (the count covers them all: a limit may skip a hundred thousand).
LISTED_SKIPS = 1000


@dataclass
class AuditState:
    """Running totals the caller can read while results stream (progress) and after (summary)."""

    pages: int = 0
    findings: int = 0
    skipped: int = 0  # beyond the limits, disallowed by robots.txt, or not a text or HTML page
    passed_over: list[tuple[str, str]] = field(default_factory=list)  # (source, reason) of the first skipped pages
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)

    def skip(self, source: str, reason: str) -> None:
        """Count a page the audit does not scan, and name the first ``LISTED_SKIPS`` of them with the reason."""
        self.skipped += 1
        if len(self.passed_over) < LISTED_SKIPS:
            self.passed_over.append((source, reason))
    campaigns: Campaigns = field(default_factory=Campaigns)


_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_PERCENT = re.compile(r"%([0-9A-Fa-f]{2})")


def same_page_key(url: str) -> str:
    """``url`` as RFC 3986 (section 6.2.2) compares addresses: without its fragment, with ``.`` and ``..``
    segments resolved and unreserved characters that were percent-encoded written plainly, so that ``/p/inj``,
    ``/p/../p/inj`` and ``/p/%69nj`` are one page, fetched once."""
    parts = urlsplit(url.split("#", 1)[0])
    path = posixpath.normpath(parts.path) if parts.path else "/"
    if parts.path.endswith("/") and not path.endswith("/"):
        path += "/"
    path = "/" + path.lstrip("/")  # normpath keeps a leading '//'

    def plain(match: re.Match) -> str:
        character = chr(int(match.group(1), 16))
        return character if character in _UNRESERVED else "%" + match.group(1).upper()

    return parts._replace(path=_PERCENT.sub(plain, path), fragment="").geturl()


def failure(source: str, reason: str) -> DocumentResult:
    """The result for a page that could not be fetched or discovered (the reason without the URL again)."""
    reason = reason.removeprefix(f"{source}: ")
    return DocumentResult(source=source, kind="html", encoding="", encoding_decision="", findings=(),
                          verdict=verdict_of([]), error=reason)


class _Audit:
    def __init__(self, options: AuditOptions, state: AuditState, fetcher: Fetcher, pool: AsyncPool) -> None:
        self.pool = pool
        self.options = options
        self.state = state
        self.fetcher = fetcher
        self.discoverer = Discoverer(fetcher, options.max_depth, options.fetch.max_bytes)
        self.work: asyncio.Queue[Target | None] = asyncio.Queue(maxsize=options.fetch.concurrency * 4)
        self.results: asyncio.Queue[DocumentResult | None] = asyncio.Queue(maxsize=options.fetch.concurrency * 4)
        self._seen: set[str] = set()
        self._passed: set[str] = set()  # pages skipped before they were admitted
        self._hosts: set[str] = set()
        self._admitted = 0
        fetcher.host_gate = self._beyond_host_limit  # a redirect to another host is a visit to it

    def _host_refused(self, host: str) -> str | None:
        """Why ``host`` may not be visited (``--max-hosts`` reached), or None."""
        if host in self._hosts or len(self._hosts) < self.options.max_hosts:
            return None
        return f"beyond the limit of {self.options.max_hosts} hosts"

    def _beyond_host_limit(self, host: str) -> str | None:
        """The host gate of redirects: :meth:`_host_refused`, counting the host as visited when it is not."""
        if (refused := self._host_refused(host)) is None:
            self._hosts.add(host)
        return refused

    def _admit(self, target: Target) -> bool:
        if target.error is not None:
            return True
        key = same_page_key(target.source) if target.html is None else target.source
        if target.skipped is not None:
            self._pass_over(key, target.source, target.skipped)
            return False
        if key in self._seen:
            return False
        host = (urlsplit(key).hostname or "").lower()
        if (refused := self._host_refused(host)) is not None:
            self._pass_over(key, target.source, refused)
            return False
        if self._admitted >= self.options.max_pages:
            self._pass_over(key, target.source, f"beyond the limit of {self.options.max_pages} pages")
            return False
        self._seen.add(key)
        self._hosts.add(host)
        self._admitted += 1
        return True

    def _pass_over(self, key: str, source: str, reason: str) -> None:
        """Skip a page once, however many sitemaps or feed items lead to it."""
        if key not in self._passed:
            self._passed.add(key)
            self.state.skip(source, reason)

    async def produce(self, targets: list[str]) -> None:
        """Expand the targets into pages, as many at once as requests may be in flight.

        Expanding a target fetches it (to tell a page from a sitemap or a feed), so expanding a long
        list of page addresses one after the other would fetch them one at a time.
        """
        for argument in targets:  # the hosts named first: a sitemap's own pages never lose to a host it links to
            host = (urlsplit(argument).hostname or "").lower()
            if len(self._hosts) < self.options.max_hosts:
                self._hosts.add(host)
        arguments = iter(targets)

        async def expand_each() -> None:
            for argument in arguments:  # shared: each argument is taken by one of the expanders
                async for target in self.discoverer.expand(argument):
                    if self._admit(target):
                        await self.work.put(target)

        expanders = [asyncio.ensure_future(expand_each()) for _ in range(min(len(targets), self.options.fetch.concurrency))]
        try:
            await asyncio.gather(*expanders)
        finally:
            for expander in expanders:  # after a failure in one, the others stop too
                expander.cancel()

    async def consume(self) -> None:
        while (target := await self.work.get()) is not None:
            try:
                results = await self._process(target)
            except Exception as error:  # one page's surprise must not stop a 100,000-page audit
                results = [failure(target.source, f"internal error: {type(error).__name__}: {error}")]
            for result in results:
                self._account(result)
                await self.results.put(result)

    def _busy(self, page: Page) -> str:
        """What a server that stayed busy asked for, when the audit waited less: it never waits longer than
        ``max_retry_after`` between two tries."""
        asked = page.headers.get("retry-after", "").strip()
        most = self.options.fetch.max_retry_after
        if page.status not in RETRIED or not asked or asked.isdigit() and int(asked) <= most:
            return ""
        retries = self.options.fetch.retries
        return (f" after {retries} {'retry' if retries == 1 else 'retries'} (the server asked to retry after {asked}; "
                f"the audit waits at most {most:g} s)")

    def _account(self, result: DocumentResult) -> None:
        self.state.pages += 1
        if result.error:
            self.state.failed.append((result.source, result.error))
            return
        self.state.findings += len(result.findings)
        self.state.campaigns.add(result)

    async def _process(self, target: Target) -> list[DocumentResult]:
        if target.error is not None:
            return [failure(target.source, target.error)]
        if target.html is not None:
            return [await self.pool.scan(Document(target.source, target.html, target.kind, "utf-8", target.metadata))]
        try:
            page = target.page or await self.fetcher.fetch(target.source)
        except PassedOver as passed:  # the site's wish or the audit's limit, not a failure
            self.state.skip(target.source, passed.reason)
            return []
        except FetchError as error:
            return [failure(target.source, str(error))]
        if not page.ok:
            return [failure(target.source, f"HTTP {page.status}" + self._busy(page))]
        if page.content_type not in SCANNED_TYPES and not page.content_type.startswith("text/"):
            self.state.skip(target.source, f"content type {page.content_type or 'missing'}, neither text nor HTML")
            return []
        html = "html" in page.content_type or page.content_type == ""
        metadata = dict(target.metadata)
        if page.redirects:
            metadata["final_url"] = page.final_url
        result = await self.pool.scan(Document(page.url, page.body, "html" if html else "text", page.charset, metadata))
        if not (self.options.cloaking and result.kind == "html"):
            return [result]
        check = await cloaking.check(self.fetcher, page, result.text)
        result = self._with_cloaking(result, check.redirects)
        view = check.crawler_view
        if view is None:
            return [result]
        # the crawler's copy is scanned like any page even when its own finding is switched off: the spam it holds
        # is reported by the rules and detectors that find it
        seen = await self.pool.scan(Document(f"{page.url} [as {view.profile}]", view.page.body, "html",
                                             view.page.charset, {"url": page.url, "view": view.profile}))
        if not (cloaking.carries_signals(view.finding, seen.findings)
                or await cloaking.differs_consistently(self.fetcher, page, view)):
            return [result]
        return [result, self._with_cloaking(seen, (view.finding,), first=True)]

    def _with_cloaking(self, result: DocumentResult, found: tuple[Finding, ...], first: bool = False) -> DocumentResult:
        """``result`` with the cloaking findings (before its own when ``first``) that the user has not switched off
        (``--disable``), allowed or accepted in a baseline, as the scanner treated the page's own findings."""
        scanner = self.pool.scanner
        enabled = [f for f in found if f.rule_id not in scanner.config.disable]
        if not enabled:
            return result
        kept = tuple(f for f in enabled if not scanner.allowed(result.source, result.text, f))
        findings = (*kept, *result.findings) if first else (*result.findings, *kept)
        return replace(result, findings=findings, verdict=verdict_of(findings),
                       suppressed=result.suppressed + len(enabled) - len(kept))


def _cancelling() -> bool:
    """Whether the running task is being cancelled."""
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0


async def audit(targets: list[str], scanner: Scanner, options: AuditOptions | None = None,
                state: AuditState | None = None) -> AsyncIterator[DocumentResult]:
    """Scan every page the targets lead to, yielding each result as soon as it is ready.

    Pass an ``AuditState`` to follow progress and to read failures and
    campaigns once the iteration ends.
    """
    options = options or AuditOptions()
    state = state if state is not None else AuditState()
    pool = AsyncPool(scanner, options.scan_processes if options.fetch.concurrency > 1 else 0)
    async with Fetcher(options.fetch) as fetcher:
        run = _Audit(options, state, fetcher, pool)
        workers = [asyncio.create_task(run.consume()) for _ in range(options.fetch.concurrency)]

        async def feed() -> None:
            try:
                await run.produce(targets)
            finally:
                # Cancelled (an interrupt, or the reader left): the workers are cancelled too, so nobody would
                # take from the full queues, and waiting for room there would never end.
                if not _cancelling():
                    for _ in workers:
                        await run.work.put(None)
                    await asyncio.gather(*workers, return_exceptions=True)
                    await run.results.put(None)

        feeder = asyncio.create_task(feed())
        try:
            while (result := await run.results.get()) is not None:
                yield result
            await feeder  # surfaces an unexpected error in discovery
        finally:
            for task in (feeder, *workers):
                task.cancel()
            await asyncio.gather(feeder, *workers, return_exceptions=True)
            pool.close()
