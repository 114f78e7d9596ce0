"""Scanning on several processes: same results as one process, in order, with bounded read-ahead."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from scanner import Document, Scanner
from scanner.parallel import CHUNK_SIZE, chunks, scan_parallel

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


def corpus(count: int) -> Iterator[Document]:
    pages = sorted(p for language in ("en", "id", "vi") for p in (FIXTURES / language).glob("*.html"))
    for number in range(count):
        page = pages[number % len(pages)]
        yield Document(f"{number:05d}-{page.name}", page.read_bytes())


def key(results) -> list[tuple]:
    return [(r.source, str(r.verdict), [(f.rule_id, f.start, f.end, f.fingerprint) for f in r.findings])
            for r in results]


def test_two_processes_match_one_in_order(scanner: Scanner) -> None:
    serial = key(scanner.scan_many(corpus(3 * CHUNK_SIZE + 5)))
    assert key(scanner.scan_many(corpus(3 * CHUNK_SIZE + 5), jobs=2)) == serial
    assert sum(1 for _, verdict, _ in serial if verdict == "injected") > CHUNK_SIZE


def test_read_ahead_is_bounded(scanner: Scanner) -> None:
    produced = 0

    def counted() -> Iterator[Document]:
        nonlocal produced
        for document in corpus(10_000):
            produced += 1
            yield document

    results = scan_parallel(counted(), scanner, jobs=2, chunk_size=16, backlog=2)
    first = next(results)
    assert first.source.startswith("00000-")
    assert produced <= 16 * (2 * 2 + 1)
    results.close()


def test_small_input_is_scanned_in_process(scanner: Scanner, monkeypatch: pytest.MonkeyPatch) -> None:
    import scanner.parallel as parallel

    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started for a handful of documents")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", no_pool)
    assert len(list(scan_parallel(corpus(5), scanner, jobs=4))) == 5


def test_chunks_by_count_and_bytes() -> None:
    documents = [Document(str(n), b"x" * size) for n, size in enumerate([5, 5, 5, 20, 1, 1])]
    assert [[d.source for d in c] for c in chunks(documents, size=2, max_bytes=12)] == [
        ["0", "1"], ["2"], ["3"], ["4", "5"]]


def test_async_pool_scans_like_one_process_and_survives_a_dead_worker(scanner):
    import asyncio
    import os
    import signal

    from scanner.parallel import AsyncPool

    documents = list(corpus(40))
    expected = key(scanner.scan(d) for d in documents)

    async def run() -> list:
        pool = AsyncPool(scanner, workers=1, warm_up=0)
        try:
            first = await asyncio.gather(*(pool.scan(d) for d in documents[:20]))
            for process in list(pool._pool._processes.values()):  # a worker killed mid-audit (out of memory, say)
                os.kill(process.pid, signal.SIGKILL)
            rest = await asyncio.gather(*(pool.scan(d) for d in documents[20:]))
            assert pool.workers == 0  # it went on in this process
            return [*first, *rest]
        finally:
            pool.close()

    assert key(asyncio.run(run())) == expected
