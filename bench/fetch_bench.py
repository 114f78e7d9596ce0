"""Pages per second fetching 2,000 pages from a local aiohttp server, at concurrency 1, 10, 50 and 100.

Compares, in one run and against the same server: a bare aiohttp loop (the
ceiling), the auditor's ``Fetcher`` on the aiohttp transport, the whole audit
(fetch and scan every page, cloaking check off) scanning in the fetching process
(``scanner scan URL... --jobs 1``) and on one more process (``--jobs 2``),
and the ``Fetcher`` on httpx's own transport (httpcore). Robots are ignored so
every request is a page; the address check and bounded decoding stay on. Prints
medians over ``--runs`` runs, each client's ratio to bare aiohttp, the CPU time
per page (it should stay flat as concurrency grows) and the peak memory.

    python bench/fetch_bench.py [--pages 2000] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import threading
import time

import aiohttp
from aiohttp import web

from scanner import Scanner
from scanner.sources.web.audit import AuditOptions, audit
from scanner.sources.web.fetch import Fetcher, FetchOptions

BODY = b"<!doctype html><html><body>" + b"<p>Garden notes about tomatoes and mulch.</p>" * 40 + b"</body></html>"


def serve() -> tuple[str, threading.Event]:
    """An aiohttp server in its own thread and loop, so the client loop measures only the client."""
    ready, stop = threading.Event(), threading.Event()
    port: list[int] = []

    async def page(request: web.Request) -> web.Response:
        return web.Response(body=BODY, content_type="text/html")

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/{name}", page)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
        await site.start()
        port.append(site._server.sockets[0].getsockname()[1])
        ready.set()
        while not stop.is_set():
            await asyncio.sleep(0.1)
        await runner.cleanup()

    threading.Thread(target=lambda: asyncio.run(main()), daemon=True).start()
    ready.wait()
    return f"http://127.0.0.1:{port[0]}", stop


async def _bounded(urls: list[str], concurrency: int, get) -> None:
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)

    async def worker() -> None:
        while not queue.empty():
            await get(queue.get_nowait())

    await asyncio.gather(*(worker() for _ in range(concurrency)))


async def bare_aiohttp(urls: list[str], concurrency: int) -> None:
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as session:
        async def get(url: str) -> None:
            async with session.get(url) as response:
                assert len(await response.read()) == len(BODY)
        await _bounded(urls, concurrency, get)


def fetcher_run(backend: str):
    async def run(urls: list[str], concurrency: int) -> None:
        options = FetchOptions(concurrency=concurrency, per_host=concurrency, allow_private=True,
                               respect_robots=False, backend=backend)
        async with Fetcher(options) as fetcher:
            async def get(url: str) -> None:
                assert len((await fetcher.fetch(url)).body) == len(BODY)
            await _bounded(urls, concurrency, get)
    return run


def audit_run(scanner: Scanner, scan_processes: int = 0):
    async def run(urls: list[str], concurrency: int) -> None:
        fetch = FetchOptions(concurrency=concurrency, per_host=concurrency, allow_private=True, respect_robots=False)
        options = AuditOptions(fetch=fetch, max_pages=len(urls) + 1, cloaking=False, scan_processes=scan_processes)
        scanned = 0
        async for result in audit(urls, scanner, options):
            assert result.error is None, result.error
            scanned += 1
        assert scanned == len(urls), scanned
    return run


LEVELS = (1, 10, 50, 100)


def measure(client, urls: list[str], concurrency: int) -> tuple[float, float]:
    """Pages per second and CPU milliseconds per page of one run."""
    cpu, started = time.process_time(), time.perf_counter()
    asyncio.run(client(urls, concurrency))
    elapsed = time.perf_counter() - started
    return len(urls) / elapsed, (time.process_time() - cpu) * 1000 / len(urls)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement; medians are printed (default: 3)")
    args = parser.parse_args()
    base, stop = serve()
    urls = [f"{base}/page-{i}.html" for i in range(args.pages)]
    clients = {"bare aiohttp": bare_aiohttp, "Fetcher (aiohttp transport)": fetcher_run("aiohttp"),
               "audit: fetch + scan": audit_run(Scanner()),
               "audit, 1 scan process": audit_run(Scanner(), scan_processes=1),
               "Fetcher (httpx transport)": fetcher_run("httpx")}
    print(f"{args.pages} pages of {len(BODY)} bytes from {base}; median of {args.runs} runs; "
          "pages/s, (ratio to bare aiohttp), CPU ms per page")
    print(f"{'client':<28}" + "".join(f"{f'c={c}':>24}" for c in LEVELS))
    ceiling: dict[int, float] = {}
    for name, client in clients.items():
        cells = []
        for concurrency in LEVELS:
            runs = [measure(client, urls, concurrency) for _ in range(args.runs)]
            rate, cpu = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
            ceiling.setdefault(concurrency, rate)
            cells.append(f"{rate:>7.0f}/s ({rate / ceiling[concurrency]:.2f}) {cpu:>5.2f}ms")
        print(f"{name:<28}" + "".join(f"{cell:>24}" for cell in cells))
    print(f"peak memory of the whole run: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB "
          "(the server runs in this process too)")
    stop.set()


if __name__ == "__main__":
    main()
