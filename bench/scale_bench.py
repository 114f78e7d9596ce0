"""Scale benchmark: documents/s, MB/s and peak memory of `scanner scan` on a generated web archive.

    python bench/scale_bench.py                       # 1 GB WARC, 10,000 HTML responses, --jobs 1 and 2
    python bench/scale_bench.py --size-mb 100 --documents 2000 --jobs 1 2 4

The archive is written to /tmp (never committed): HTML responses made from the
article fixtures (infected and clean, each made distinct), interleaved with
binary records that bring it to the requested size, as images do in a real
crawl. Each run is `scanner scan ARCHIVE --jobs N --format json` in a fresh
process; memory is the peak resident size of that process and its workers
together, sampled every 20 ms with psutil.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import psutil
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


def generate(path: Path, size: int, documents: int) -> int:
    """Write the archive; returns the bytes of HTML payload in it."""
    pages = sorted(p for language in ("en", "id", "vi") for p in (FIXTURES / language).glob("*.html"))
    filler_records = max(1, size // (8 * 1024 * 1024))
    every = max(1, documents // filler_records)
    html_bytes = 0
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=False)
        for number in range(documents):
            payload = pages[number % len(pages)].read_bytes().replace(b"</h1>", f" ({number})</h1>".encode(), 1)
            html_bytes += len(payload)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                                  ("Content-Length", str(len(payload)))], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://site.example/{number}", "response",
                                                          payload=io.BytesIO(payload), length=len(payload),
                                                          http_headers=headers))
            if number % every == 0 and stream.tell() < size:
                blob = os.urandom(min(8 * 1024 * 1024, size - stream.tell()))
                headers = StatusAndHeaders("200 OK", [("Content-Type", "image/jpeg"),
                                                      ("Content-Length", str(len(blob)))], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(f"https://site.example/{number}.jpg", "response",
                                                              payload=io.BytesIO(blob), length=len(blob),
                                                              http_headers=headers))
    return html_bytes


def run(archive: Path, jobs: int) -> tuple[float, int]:
    """Wall time and peak resident bytes (process tree) of one scan."""
    command = [sys.executable, "-m", "scanner", "scan", str(archive), "--jobs", str(jobs), "--format", "json",
               "-o", os.devnull]
    started = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.02)
    elapsed = time.perf_counter() - started
    if process.returncode not in (0, 1):
        raise SystemExit(f"scan failed ({process.returncode}): {process.stderr.read().decode()}")
    return elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=1024, help="archive size (default: 1024)")
    parser.add_argument("--documents", type=int, default=10_000, help="HTML responses (default: 10000)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="job counts to compare (default: 1 2)")
    parser.add_argument("--archive", type=Path, default=Path("/tmp/scanner-scale-bench.warc"))
    parser.add_argument("--keep", action="store_true", help="keep the archive afterwards")
    args = parser.parse_args()
    started = time.perf_counter()
    html_bytes = generate(args.archive, args.size_mb * 1024 * 1024, args.documents)
    size = args.archive.stat().st_size
    print(f"archive {args.archive}: {size / 1e6:.0f} MB, {args.documents} HTML responses "
          f"({html_bytes / 1e6:.1f} MB of HTML), generated in {time.perf_counter() - started:.0f} s")
    print(f"{'jobs':>4}  {'seconds':>8}  {'docs/s':>8}  {'archive MB/s':>12}  {'HTML MB/s':>9}  {'peak RSS MB':>11}  speed-up")
    base = None
    try:
        for jobs in args.jobs:
            elapsed, peak = run(args.archive, jobs)
            base = base or elapsed
            print(f"{jobs:>4}  {elapsed:>8.1f}  {args.documents / elapsed:>8.0f}  {size / 1e6 / elapsed:>12.1f}  "
                  f"{html_bytes / 1e6 / elapsed:>9.2f}  {peak / 1e6:>11.0f}  {base / elapsed:>7.2f}x", flush=True)
    finally:
        if not args.keep:
            args.archive.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
