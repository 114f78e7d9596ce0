"""Scanning on every core: a process pool, one scanner per worker, documents streamed in bounded chunks.

    from scanner.parallel import scan_parallel
    for result in scan_parallel(documents, Scanner(), jobs=4): ...

The scanner is sent to each worker once (its initializer), never per document.
Documents are read lazily and grouped into chunks of at most ``chunk_size``
documents or ``chunk_bytes`` bytes; at most ``jobs * backlog`` chunks are in
flight, so memory stays bounded whatever the input size. Results come back in
input order. Input shorter than one chunk is scanned in this process: starting
workers would cost more than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain
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


def _scan_chunk(documents: list[Document]) -> list[DocumentResult]:
    assert _worker_scanner is not None, "worker not initialised"
    return [_worker_scanner.scan(document) for document in documents]


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
        yield from (scanner.scan(document) for document in chain(first, *batches))
        return
    context = multiprocessing.get_context("forkserver" if "forkserver" in multiprocessing.get_all_start_methods()
                                          else "spawn")
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_initialise, initargs=(scanner,))
    pending: deque[Future[list[DocumentResult]]] = deque()
    try:
        for batch in chain([first], batches):
            pending.append(pool.submit(_scan_chunk, batch))
            if len(pending) >= jobs * backlog:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
