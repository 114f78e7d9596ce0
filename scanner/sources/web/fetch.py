"""Fetching pages politely and defensively with one shared client.

Bounded concurrency overall and per host, robots.txt obeyed, retries with
back-off on connection errors, 429 and 503 (``Retry-After`` honoured but
clamped), redirects followed by hand so every hop is checked, and each
response read through ``BoundedDecoder`` under a deadline that covers the whole
body: a server dripping one byte a second cannot keep a worker forever.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import httpx

from ...errors import FetchError
from . import robots
from .decoding import ACCEPT_ENCODING, BoundedDecoder
from .safety import AddressPolicy, IPAddress, RefusedAddress, check_url, redact
from .transport import Backend, ConnectionFailed, build_transport

BROWSER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"
REDIRECTS = (301, 302, 303, 307, 308)
RETRIED = (429, 503)


@dataclass(frozen=True)
class FetchOptions:
    timeout: float = 20.0  # seconds for one response, headers and whole body
    max_bytes: int = 10 * 1024 * 1024  # decoded body
    max_redirects: int = 10
    retries: int = 3
    backoff: float = 0.5  # first retry delay; doubles each time, with jitter
    max_retry_after: float = 30.0
    concurrency: int = 16
    per_host: int = 4
    allow_private: bool = False
    allowed: frozenset[tuple[IPAddress, int]] = frozenset()  # single private endpoints let through
    respect_robots: bool = True
    backend: Backend = "aiohttp"


@dataclass(frozen=True)
class Page:
    """A fetched response. ``body`` is decoded (Content-Encoding undone) and read only for 2xx."""

    url: str
    final_url: str
    status: int
    headers: httpx.Headers
    body: bytes = b""
    redirects: tuple[str, ...] = ()  # the URLs redirected to, in order

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None


class PassedOver(FetchError):
    """A page the audit leaves out on purpose (no failure): ``reason`` says why."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class RobotsDisallowed(PassedOver):
    def __init__(self, message: str) -> None:
        super().__init__(message, "disallowed by robots.txt")


#: Asked before a redirect leads to another host: why not to go there, or None to go.
HostGate = Callable[[str], "str | None"]


@dataclass
class _Response:
    status: int
    headers: httpx.Headers
    body: bytes


@dataclass
class Fetcher:
    """``async with Fetcher(options) as fetcher: page = await fetcher.fetch(url)``."""

    options: FetchOptions = field(default_factory=FetchOptions)
    #: Set by a caller that limits the hosts it visits (an audit's ``--max-hosts``): redirects obey it too.
    host_gate: HostGate | None = None

    def __post_init__(self) -> None:
        self.policy = AddressPolicy(self.options.allow_private, self.options.allowed)
        self._transport = build_transport(self.policy, self.options.backend, self.options.concurrency)
        self._slots = asyncio.Semaphore(self.options.concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._robots: dict[str, robots.Robots] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}

    async def __aenter__(self) -> "Fetcher":
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        trace: TracebackType | None) -> None:
        await self._transport.aclose()

    async def fetch(self, url: str, headers: dict[str, str] | None = None, *, follow: bool = True,
                    obey_robots: bool = True, crawler: tuple[str, ...] = ()) -> Page:
        """The response at the end of the redirects (or the first one, when not ``follow``).

        ``crawler``: the robots.txt product tokens of the crawler the request poses as, whose rules are obeyed
        besides the auditor's own."""
        sent = {"user-agent": BROWSER_AGENT, "accept-encoding": ACCEPT_ENCODING, **(headers or {})}
        current, seen, hops = url, {url}, []
        async with self._slots:
            while True:
                try:
                    check_url(current, self.policy)
                except FetchError as error:
                    if current == url:
                        raise
                    shown = redact(current)
                    raise type(error)(f"{url}: redirected to {shown}, which was refused: "
                                      f"{str(error).removeprefix(shown + ': ')}") from None
                if obey_robots and self.options.respect_robots:
                    rules = await self.robots_for(current)
                    if not rules.allows(current, crawler):
                        if rules.why:  # no rules to obey: the site is down or failing, which is a failed fetch
                            raise FetchError(f"{current}: {rules.why}")
                        raise RobotsDisallowed(f"{current}: disallowed by robots.txt")
                response = await self._with_retries(current, sent)
                location = response.headers.get("location")
                if not (follow and response.status in REDIRECTS and location):
                    return Page(url, current, response.status, response.headers, response.body, tuple(hops))
                current = urljoin(current, location.strip())
                if current in seen:
                    raise FetchError(f"{url}: redirect loop at {current}")
                self._pass_gate(url, current)
                if len(hops) >= self.options.max_redirects:
                    raise FetchError(f"{url}: more than {self.options.max_redirects} redirects")
                seen.add(current)
                hops.append(current)

    def _pass_gate(self, url: str, target: str) -> None:
        """Raise :class:`PassedOver` when the host gate refuses the host a redirect leads to."""
        host = (urlsplit(target).hostname or "").lower()
        if self.host_gate and host != (urlsplit(url).hostname or "").lower() and (why := self.host_gate(host)):
            raise PassedOver(f"{url}: redirected to {redact(target)}: {why}", f"redirected to {host}: {why}")

    async def robots_for(self, url: str) -> robots.Robots:
        """The robots.txt rules of ``url``'s origin, fetched once per origin."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        lock = self._robots_locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin not in self._robots:
                self._robots[origin] = await self._load_robots(origin)
        return self._robots[origin]

    async def _load_robots(self, origin: str) -> robots.Robots:
        current = origin + "/robots.txt"
        for _ in range(5):  # RFC 9309 section 2.3.1.2: follow at least five redirects
            try:
                check_url(current, self.policy)
                response = await self._with_retries(current, {"user-agent": BROWSER_AGENT,
                                                               "accept-encoding": ACCEPT_ENCODING})
            except RefusedAddress:
                raise
            except FetchError as error:  # unreachable: assume complete disallow, and say why
                return robots.Robots(disallow_all=True, why=str(error).removeprefix(f"{current}: "))
            location = response.headers.get("location")
            if response.status not in REDIRECTS or not location:
                return robots.for_status(response.status, response.body)
            current = urljoin(current, location)
        return robots.ALLOW_ALL  # RFC: too many redirects count as unavailable

    async def _with_retries(self, url: str, headers: dict[str, str]) -> _Response:
        delay = self.options.backoff
        for attempt in range(self.options.retries + 1):
            last = attempt == self.options.retries
            try:
                response = await self._request(url, headers)
            except ConnectionFailed as error:
                if last:
                    raise FetchError(f"{url}: {error}") from None
                await asyncio.sleep(delay * random.uniform(0.5, 1.0))
            else:
                if response.status not in RETRIED or last:
                    return response
                await asyncio.sleep(self._retry_after(response.headers, delay))
            delay *= 2
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _retry_after(self, headers: httpx.Headers, fallback: float) -> float:
        value = headers.get("retry-after", "").strip()
        seconds = fallback
        if value.isdigit():
            seconds = float(value)
        elif value:
            when = email.utils.parsedate_to_datetime(value) if email.utils.parsedate_tz(value) else None
            if when is not None:
                seconds = when.timestamp() - time.time()
        return min(max(seconds, 0.0), self.options.max_retry_after)

    async def _request(self, url: str, headers: dict[str, str]) -> _Response:
        host = urlsplit(url).netloc.lower()
        slot = self._hosts.setdefault(host, asyncio.Semaphore(self.options.per_host))
        async with slot:
            try:
                async with asyncio.timeout(self.options.timeout):
                    return await self._read(url, headers)
            except TimeoutError:
                raise FetchError(f"{url}: no complete response within {self.options.timeout:g} s") from None

    async def _read(self, url: str, headers: dict[str, str]) -> _Response:
        try:
            async with self._transport.get(url, headers) as response:
                if not 200 <= response.status < 300:
                    return _Response(response.status, response.headers, b"")
                limit = self.options.max_bytes
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise FetchError(f"{url}: body of {declared} bytes is over the {limit} byte limit")
                decoder = BoundedDecoder(response.headers.get("content-encoding", ""), limit)
                body = bytearray()
                async for chunk in response.chunks:
                    body += decoder.feed(chunk)
                return _Response(response.status, response.headers, bytes(body))
        except FetchError as error:
            if str(error).startswith(url):
                raise
            raise type(error)(f"{url}: {error}") from None
