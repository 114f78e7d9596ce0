"""Scanning on every core: a process pool, one scanner per worker, documents streamed in bounded chunks.

    from scanner.parallel import scan_parallel
    for result in scan_parallel(documents, Scanner(), jobs=4): ...

(``AsyncPool``, at the end, does the same for async code such as the site audit.)

The scanner is sent to each worker once (its initializer), never per document.
Documents are read lazily and grouped into chunks of at most ``chunk_size``
documents or ``chunk_bytes`` bytes; at most ``jobs * backlog`` chunks are in
flight, so memory stays bounded whatever the input size. Results come back in
input order. Input shorter than one chunk is scanned in this process: starting
workers would cost more than it saves.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from itertools import chain
from types import FrameType
from typing import TYPE_CHECKING, Iterable, Iterator

from .document import Document
from .findings import DocumentResult

if TYPE_CHECKING:
    from .api import Scanner

CHUNK_SIZE = 64
CHUNK_BYTES = 8 * 1024 * 1024
BACKLOG = 2

_worker_scanner: "Scanner | None" = None


def default_jobs() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _initialise(scanner: "Scanner") -> None:
    global _worker_scanner
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and shuts the pool down
    _worker_scanner = scanner


@contextmanager
def _starting_workers() -> Iterator[None]:
    """Around a submit, which may start worker processes. Ctrl-C and SIGTERM to this process are held back and
    raised when the block ends: a start cut short leaves a worker reading half its launch data, or the pool's
    semaphores gone, and it dies with a traceback. SIGINT is blocked meanwhile in this thread, so that the fork
    server started here, and every worker forked from it, never takes a Ctrl-C to the process group, even
    before its initializer runs (this process shuts them down). Signal handlers can only be set in the main
    thread; elsewhere no interrupt is raised in this code and the block only runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        held.append(signum)

    previous = {signum: signal.signal(signum, hold) for signum in (signal.SIGINT, signal.SIGTERM)}
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:  # the interrupt wins over an error it caused (a fork server killed by the same SIGTERM)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        if held:
            signal.raise_signal(held[0])


def _pool(scanner: "Scanner", jobs: int) -> ProcessPoolExecutor:
    """A pool of ``jobs`` worker processes, each given the scanner once; started as work is submitted."""
    context = multiprocessing.get_context("forkserver" if "forkserver" in multiprocessing.get_all_start_methods()
                                          else "spawn")
    return ProcessPoolExecutor(jobs, mp_context=context, initializer=_initialise, initargs=(scanner,))


def _scan_chunk(documents: list[Document]) -> list[DocumentResult]:
    assert _worker_scanner is not None, "worker not initialised"
    return [_worker_scanner.scan_or_fail(document) for document in documents]


def chunks(documents: Iterable[Document], size: int = CHUNK_SIZE, max_bytes: int = CHUNK_BYTES) -> Iterator[list[Document]]:
    """Consecutive lists of at most ``size`` documents or ``max_bytes`` bytes (a larger document goes alone)."""
    chunk: list[Document] = []
    total = 0
    for document in documents:
        if chunk and (len(chunk) >= size or total + len(document.data) > max_bytes):
            yield chunk
            chunk, total = [], 0
        chunk.append(document)
        total += len(document.data)
    if chunk:
        yield chunk


def scan_parallel(documents: Iterable[Document], scanner: "Scanner", jobs: int | None = None,
                  chunk_size: int = CHUNK_SIZE, backlog: int = BACKLOG) -> Iterator[DocumentResult]:
    """Scan on ``jobs`` processes (default: every core), yielding results in input order."""
    jobs = jobs or default_jobs()
    batches = chunks(documents, chunk_size)
    first = next(batches, [])
    if jobs == 1 or len(first) < chunk_size:
        yield from (scanner.scan_or_fail(document) for document in chain(first, *batches))
        return
    pool = _pool(scanner, jobs)
    pending: deque[Future[list[DocumentResult]]] = deque()
    try:
        for batch in chain([first], batches):
            with _starting_workers():
                pending.append(pool.submit(_scan_chunk, batch))
            if len(pending) >= jobs * backlog:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class AsyncPool:
    """Scanning on worker processes for async code (the site audit): ``await pool.scan(document)``.

    The event loop keeps fetching while other processes scan. Documents waiting
    when a worker frees up travel together, up to ``batch`` at a time, so the
    cost of crossing processes is paid per batch rather than per page. The first
    ``warm_up`` documents are scanned in this process: a short audit finishes
    before workers would have started.
    """

    def __init__(self, scanner: "Scanner", workers: int, batch: int = 32, warm_up: int = CHUNK_SIZE) -> None:
        self.scanner = scanner
        self.workers = workers
        self.batch = batch
        self.warm_up = warm_up
        self._pool: ProcessPoolExecutor | None = None
        self._waiting: list[tuple[Document, asyncio.Future[DocumentResult]]] = []
        self._sending = 0  # senders whose loop still runs (counted down the moment a loop ends)
        self._senders: set[asyncio.Task[None]] = set()  # referenced here so that none is collected mid-way

    async def scan(self, document: Document) -> DocumentResult:
        if self.warm_up > 0 or self.workers < 1:
            self.warm_up -= 1
            return self.scanner.scan_or_fail(document)
        result: asyncio.Future[DocumentResult] = asyncio.get_running_loop().create_future()
        self._waiting.append((document, result))
        if self._sending < self.workers * BACKLOG:
            self._sending += 1
            sender = asyncio.ensure_future(self._send())
            self._senders.add(sender)
            sender.add_done_callback(self._senders.discard)
        return await result

    async def _send(self) -> None:
        """Send what is waiting, a batch at a time, until nothing is."""
        try:
            while self._waiting:
                batch, self._waiting = self._waiting[:self.batch], self._waiting[self.batch:]
                batch = [(document, result) for document, result in batch if not result.cancelled()]
                if batch:
                    await self._scan_batch(batch)
        finally:
            self._sending -= 1

    async def _scan_batch(self, batch: list[tuple[Document, "asyncio.Future[DocumentResult]"]]) -> None:
        loop = asyncio.get_running_loop()
        try:
            with _starting_workers():
                running = loop.run_in_executor(self._started(), _scan_chunk, [document for document, _ in batch])
            results = await running
        except BrokenProcessPool:
            # A worker died (killed, out of memory): scan here from now on rather than lose the pages.
            self.workers = 0
            results = [self.scanner.scan_or_fail(document) for document, _ in batch]
        except Exception as error:  # noqa: BLE001 - handed to each page's caller, which reports it for that page
            for _, result in batch:
                if not result.done():
                    result.set_exception(error)
            return
        for (_, result), scanned in zip(batch, results):
            if not result.done():
                result.set_result(scanned)

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = _pool(self.scanner, self.workers)
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
