"""SIGTERM (or Ctrl-C) in the middle of a long scan or clean: a valid partial report, no half-written file."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

from .conftest import FIXTURES

PAGES = 3000


def make_site(folder: Path) -> tuple[bytes, bytes]:
    infected = (FIXTURES / "vi" / "gambling.txt").read_bytes()
    clean = (FIXTURES / "vi" / "vi-0003.clean.txt").read_bytes()
    for number in range(PAGES):
        (folder / f"page-{number:05d}.txt").write_bytes(infected if number % 2 else clean)
    return infected, clean


def interrupt_after(arguments: list[str], seconds: float, started: Callable[[], bool] = lambda: True) -> subprocess.CompletedProcess:
    """Run the CLI and send SIGTERM ``seconds`` after ``started()`` first holds (checked every 10 ms)."""
    process = subprocess.Popen([sys.executable, "-m", "scanner", *arguments], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not started() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(seconds)
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=60)
    return subprocess.CompletedProcess(arguments, process.returncode, out, err)


def test_interrupted_scan_writes_a_valid_partial_report(tmp_path):
    make_site(tmp_path)
    report = tmp_path / "report.json"
    # The JSON report is streamed: interrupt once the first documents are in it, long before the last.
    done = interrupt_after(["scan", str(tmp_path), "--format", "json", "-o", str(report), "--jobs", "1"], 0,
                           lambda: report.exists() and report.stat().st_size > 20_000)
    assert done.returncode == 130, done.stderr
    assert b"interrupted" in done.stderr and b"Traceback" not in done.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    assert 0 < data["summary"]["documents"] < PAGES
    assert len(data["documents"]) == data["summary"]["documents"]


def test_interrupted_clean_in_place_leaves_whole_files(tmp_path):
    infected, clean = make_site(tmp_path)
    done = interrupt_after(["clean", str(tmp_path), "--in-place", "--restore", "off"], 6)
    assert done.returncode in (0, 130), done.stderr
    assert b"Traceback" not in done.stderr
    cleaned = (FIXTURES / "vi" / "vi-0003.clean.txt").read_bytes()
    for page in tmp_path.glob("page-*.txt"):
        assert page.read_bytes() in (infected, clean, cleaned), page
    assert not list(tmp_path.glob(".*.tmp"))
