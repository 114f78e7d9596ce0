"""The one shared HTTP client, connecting only to addresses ``safety`` allows.

Two backends behind one small interface (``Transport.get``: status, headers and
the raw body's chunks of one GET, redirects not followed, nothing decoded):

- ``aiohttp`` (the default): an ``aiohttp.ClientSession`` used directly, with a
  resolver that checks every address. ``bench/fetch_bench.py`` measured it at
  about 0.9 of a bare aiohttp loop's pages per second at concurrency 50, where
  httpx's client in front of the same aiohttp session (``httpx-aiohttp``) reached
  0.45: building httpx's request and response models cost more than the fetch.
- ``httpx``: httpx's own client and pool (httpcore), with a network backend that
  resolves and checks; its CPU per request grows with concurrency.

Either way proxy variables are ignored (``trust_env=False``): a proxy would
connect for us and the address check would be moot. Failures on the way (no
connection, a reset, a malformed response) are raised as ``ConnectionFailed``,
which the fetcher retries.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
from dataclasses import dataclass
from typing import Any, AsyncIterator, Iterable, Literal, Protocol

import certifi
import httpcore
import httpx

from ...errors import FetchError
from .safety import AddressPolicy, resolve

Backend = Literal["httpx", "aiohttp"]


class ConnectionFailed(Exception):
    """A request that failed on the way (worth retrying); the message says how."""


@dataclass
class Response:
    """One response as it arrives: ``chunks`` yields the raw body (Content-Encoding not undone)."""

    status: int
    headers: httpx.Headers
    chunks: AsyncIterator[bytes]


class Transport(Protocol):
    def get(self, url: str, headers: dict[str, str]) -> contextlib.AbstractAsyncContextManager[Response]: ...

    async def aclose(self) -> None: ...


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())


class SafeNetworkBackend(httpcore.AsyncNetworkBackend):
    """httpcore's default backend, but the TCP connect goes to a resolved and checked address."""

    def __init__(self, policy: AddressPolicy) -> None:
        self._policy = policy
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: Iterable[Any] | None = None) -> httpcore.AsyncNetworkStream:
        addresses = await resolve(host, port, self._policy)
        error: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as failure:
                error = failure
        assert error is not None  # resolve() never returns an empty list
        raise error

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Iterable[Any] | None = None) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class _SafeHTTPTransport(httpx.AsyncHTTPTransport):
    def __init__(self, policy: AddressPolicy, limits: httpx.Limits) -> None:
        super().__init__(limits=limits, trust_env=False)
        # httpx offers no public way to pass a network backend; its pool is rebuilt with one
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl.create_default_context(cafile=certifi.where()),
            max_connections=limits.max_connections, max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry, network_backend=SafeNetworkBackend(policy),
        )


class HttpxTransport:
    """httpx's client on its own pool: no redirects followed (``fetch`` follows them, checking each hop)."""

    def __init__(self, policy: AddressPolicy, connections: int) -> None:
        limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
        self._client = httpx.AsyncClient(transport=_SafeHTTPTransport(policy, limits), follow_redirects=False,
                                         trust_env=False, timeout=None)

    @contextlib.asynccontextmanager
    async def get(self, url: str, headers: dict[str, str]) -> AsyncIterator[Response]:
        try:
            async with self._client.stream("GET", url, headers=headers) as response:
                yield Response(response.status_code, response.headers, response.aiter_raw())
        except httpx.InvalidURL as error:
            raise FetchError(f"invalid URL ({error})") from None
        except (httpx.TransportError, httpx.DecodingError) as error:
            raise ConnectionFailed(f"{type(error).__name__}: {_one_line(error) or 'connection failed'}") from None

    async def aclose(self) -> None:
        await self._client.aclose()


class AiohttpTransport:
    """An aiohttp session whose resolver checks every address; IP literals skip the resolver and were checked by
    ``check_url``. The address is parsed by httpx's rules, as on the other backend, and handed over as written."""

    def __init__(self, policy: AddressPolicy, connections: int) -> None:
        self._policy = policy
        self._connections = connections
        self._session: Any = None  # made on first use: aiohttp wants a running event loop

    def _started(self) -> Any:
        if self._session is None:
            import aiohttp
            connector = aiohttp.TCPConnector(resolver=_safe_resolver(self._policy), use_dns_cache=False,
                                             limit=self._connections,
                                             ssl=ssl.create_default_context(cafile=certifi.where()))
            self._session = aiohttp.ClientSession(connector=connector, trust_env=False, auto_decompress=False,
                                                  timeout=aiohttp.ClientTimeout(total=None))
        return self._session

    @contextlib.asynccontextmanager
    async def get(self, url: str, headers: dict[str, str]) -> AsyncIterator[Response]:
        import aiohttp
        import yarl
        try:
            address = yarl.URL(str(httpx.URL(url)), encoded=True)
        except (httpx.InvalidURL, ValueError) as error:
            raise FetchError(f"invalid URL ({error})") from None
        try:
            async with self._started().get(address, headers=headers, allow_redirects=False) as response:
                yield Response(response.status, httpx.Headers(response.raw_headers), _chunks(response))
        except aiohttp.ClientError as error:
            name = type(error).__name__
            raise ConnectionFailed(f"{name}: {_one_line(error) or 'connection failed'}") from None

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()


async def _chunks(response: Any) -> AsyncIterator[bytes]:
    async for chunk in response.content.iter_any():
        yield chunk


def _safe_resolver(policy: AddressPolicy) -> Any:
    from aiohttp.abc import AbstractResolver, ResolveResult

    class SafeResolver(AbstractResolver):
        """aiohttp connects to what its resolver returns."""

        async def resolve(self, host: str, port: int = 0, family: int = socket.AF_INET) -> list[ResolveResult]:
            addresses = await resolve(host, port, policy)
            return [ResolveResult(hostname=host, host=a, port=port, proto=0, flags=socket.AI_NUMERICHOST,
                                  family=socket.AF_INET6 if ":" in a else socket.AF_INET) for a in addresses]

        async def close(self) -> None:
            return None

    return SafeResolver()


def build_transport(policy: AddressPolicy, backend: Backend = "aiohttp", connections: int = 100) -> Transport:
    """The shared client of one ``Fetcher``."""
    if backend == "aiohttp":
        return AiohttpTransport(policy, connections)
    return HttpxTransport(policy, connections)
