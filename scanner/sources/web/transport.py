"""The one shared ``httpx.AsyncClient``, connecting only to addresses ``safety`` allows.

Two transports, both resolving through ``safety.resolve`` and connecting to the
checked address: httpx's own (httpcore, with a network backend that resolves
itself) and an aiohttp-backed one (``httpx-aiohttp``, with a resolver that
checks), which ``bench/fetch_bench.py`` measured faster at high concurrency.
Proxy variables are ignored (``trust_env=False``): a proxy would connect for us
and the address check would be moot.
"""

from __future__ import annotations

import socket
import ssl
from typing import Any, Iterable, Literal

import certifi
import httpcore
import httpx

from .safety import AddressPolicy, resolve

Backend = Literal["httpx", "aiohttp"]


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


def _aiohttp_transport(policy: AddressPolicy, limits: httpx.Limits) -> httpx.AsyncBaseTransport:
    import aiohttp
    from aiohttp.abc import AbstractResolver, ResolveResult
    from httpx_aiohttp import AiohttpTransport

    class SafeResolver(AbstractResolver):
        """aiohttp connects to what its resolver returns; IP literals skip it and are checked by ``check_url``."""

        async def resolve(self, host: str, port: int = 0, family: int = socket.AF_INET) -> list[ResolveResult]:
            addresses = await resolve(host, port, policy)
            return [ResolveResult(hostname=host, host=a, port=port, proto=0, flags=socket.AI_NUMERICHOST,
                                  family=socket.AF_INET6 if ":" in a else socket.AF_INET) for a in addresses]

        async def close(self) -> None:
            return None

    def session() -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(resolver=SafeResolver(), use_dns_cache=False,
                                         limit=limits.max_connections or 0,
                                         ssl=ssl.create_default_context(cafile=certifi.where()))
        return aiohttp.ClientSession(connector=connector, trust_env=False, auto_decompress=False)

    return AiohttpTransport(client=session, trust_env=False, limits=limits)


def backend_errors() -> tuple[type[Exception], ...]:
    """The aiohttp transport's own errors, which it lets through: a malformed response (a bad status line or header,
    a broken chunk, two lengths), found on the request or while the body streams."""
    import aiohttp
    return (aiohttp.ClientError,)


def build_client(policy: AddressPolicy, backend: Backend = "aiohttp", connections: int = 100) -> httpx.AsyncClient:
    """The shared client: no redirects followed (``fetch`` follows them, checking each hop), no proxies."""
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    transport = _aiohttp_transport(policy, limits) if backend == "aiohttp" else _SafeHTTPTransport(policy, limits)
    return httpx.AsyncClient(transport=transport, follow_redirects=False, trust_env=False, timeout=None)
