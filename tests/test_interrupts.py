"""SIGTERM (or Ctrl-C) in the middle of a long scan or clean: a valid partial report, no half-written file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest

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
    try:
        out, err = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()  # a hang is the failure; leave no process behind
        raise
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


class ManyPages:
    """A real site on 127.0.0.1 whose sitemap lists ``count`` slow pages, the first of them infected."""

    def __init__(self, count: int) -> None:
        import http.server
        import threading
        infected = (FIXTURES / "site" / "injected.html").read_bytes()
        clean = (FIXTURES / "site" / "clean.html").read_bytes()
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                if self.path == "/sitemap.xml":
                    body = ("<urlset>" + "".join(f"<url><loc>{site.base}/p/{n}</loc></url>" for n in range(count))
                            + "</urlset>").encode()
                    kind = "application/xml"
                else:
                    time.sleep(0.02)
                    body, kind = (infected if self.path == "/p/0" else clean), "text/html; charset=utf-8"
                self.send_response(200)
                self.send_header("content-type", kind)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_an_interrupted_site_audit_ends_with_a_valid_partial_report(tmp_path):
    """With pages queued and in flight, SIGTERM used to stop the fetching and leave the command waiting forever."""
    site = ManyPages(2000)
    report = tmp_path / "audit.json"
    try:
        done = interrupt_after(["scan", f"{site.base}/sitemap.xml", "--allow-private", "--no-cloaking", "--format", "json",
                                "-o", str(report)], 0.5, lambda: report.exists() and report.stat().st_size > 5_000)
    finally:
        site.close()
    assert done.returncode == 130, done.stderr
    assert b"Traceback" not in done.stderr and b"Task was destroyed" not in done.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["audit"]["interrupted"] is True
    assert 0 < data["summary"]["documents"] < 2000


def test_an_audit_whose_reader_went_away_finishes_with_a_true_exit_code():
    """``scan URL --format jsonl | head -1``: the audit used to wait forever once the pipe closed, then exit 0."""
    site = ManyPages(200)
    try:
        process = subprocess.Popen([sys.executable, "-m", "scanner", "scan", f"{site.base}/sitemap.xml", "--allow-private",
                                    "--no-cloaking", "--format", "jsonl"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert process.stdout is not None
        process.stdout.readline()
        process.stdout.close()
        try:
            _, err = process.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    finally:
        site.close()
    assert process.returncode == 1, err
    assert b"Traceback" not in err


def _interrupted_while_loading(tmp_path: Path, fmt: str) -> tuple[subprocess.CompletedProcess, Path]:
    """SIGTERM to a scan still loading its baseline, before its first document: a FIFO as the baseline holds it
    there, and opening the FIFO's other end tells when it got there."""
    (tmp_path / "page.html").write_bytes((FIXTURES / "vi" / "gambling.txt").read_bytes())
    baseline = tmp_path / "baseline.json"
    os.mkfifo(baseline)
    report = tmp_path / f"report.{fmt}"
    process = subprocess.Popen([sys.executable, "-m", "scanner", "scan", str(tmp_path / "page.html"), "--format", fmt,
                                "-o", str(report), "--baseline", str(baseline)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    writer = None
    deadline = time.monotonic() + 60
    while writer is None and process.poll() is None and time.monotonic() < deadline:
        try:
            writer = os.open(baseline, os.O_WRONLY | os.O_NONBLOCK)  # fails until the scan opens it to read
        except OSError:
            time.sleep(0.01)
    try:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
        if writer is not None:
            os.close(writer)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err), report


@pytest.mark.parametrize("fmt", ["json", "jsonl", "sarif", "console"])
def test_a_scan_interrupted_before_its_first_document_writes_a_report_that_says_so(tmp_path, fmt):
    """It used to end with 'scanner: interrupted', exit 130, and no report file at all."""
    done, report = _interrupted_while_loading(tmp_path, fmt)
    assert done.returncode == 130, done.stderr
    assert b"Traceback" not in done.stderr
    assert done.stderr.decode().strip() == "scanner: interrupted before the first document; the report lists none"
    text = report.read_text(encoding="utf-8")
    if fmt == "json":
        data = json.loads(text)
        assert data["documents"] == [] and data["summary"]["interrupted"] is True and data["summary"]["documents"] == 0
    elif fmt == "jsonl":
        [line] = [json.loads(line) for line in text.splitlines()]
        assert line["summary"]["interrupted"] is True and line["summary"]["documents"] == 0
    elif fmt == "sarif":
        [invocation] = json.loads(text)["runs"][0]["invocations"]
        assert invocation["executionSuccessful"] is False
        assert invocation["toolExecutionNotifications"][0]["message"]["text"].startswith("interrupted")
    else:
        assert "interrupted: only the documents above were scanned" in text


def test_an_interrupted_scan_marks_its_report_as_interrupted(tmp_path):
    make_site(tmp_path)
    report = tmp_path / "report.jsonl"
    done = interrupt_after(["scan", str(tmp_path), "--format", "jsonl", "-o", str(report), "--jobs", "1"], 0,
                           lambda: report.exists() and report.stat().st_size > 20_000)
    assert done.returncode == 130, done.stderr
    *documents, last = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert last["summary"]["interrupted"] is True and 0 < len(documents) == last["summary"]["documents"] < PAGES


DRIVER = """
import multiprocessing.forkserver, os, signal, sys
from scanner.cli import main

connect = multiprocessing.forkserver.connect_to_new_process

def connect_then_interrupt(fds):
    connected = connect(fds)
    os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C (kill -INT) as a worker is being started
    return connected

if __name__ == "__main__":  # the workers' fork server imports this file too
    multiprocessing.forkserver.connect_to_new_process = connect_then_interrupt
    sys.exit(main(sys.argv[1:]))
"""


def test_ctrl_c_while_worker_processes_start_ends_quietly(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    make_site(site)
    (tmp_path / "driver.py").write_text(DRIVER, encoding="utf-8")
    report = tmp_path / "report.json"
    done = subprocess.run([sys.executable, str(tmp_path / "driver.py"), "scan", str(site), "--jobs", "2", "--format",
                           "json", "-o", str(report)], capture_output=True, timeout=120, start_new_session=True)
    assert done.returncode == 130
    assert done.stderr.decode().splitlines()[-1].startswith("scanner: interrupted; the report covers the")
    assert b"Traceback" not in done.stderr
    assert json.loads(report.read_text(encoding="utf-8"))["summary"]["interrupted"] is True


def test_an_interrupt_while_a_page_is_rewritten_in_place_waits_for_the_rewrite(tmp_path):
    """Black-box probe 33: SIGTERM between the backup and the rename left a temporary file beside the page and a
    backup of a page that was never rewritten (the next run's backup became FILE.bak.1)."""
    from scanner.cli import _cleaned_copy_written
    from scanner.cli_common import Interrupts
    from scanner.writing import write_in_place
    page = tmp_path / "page.html"
    page.write_bytes(b"<p>infected</p>")
    previous = signal.signal(signal.SIGTERM, Interrupts.handle)
    try:
        with pytest.raises(KeyboardInterrupt):
            with _cleaned_copy_written(page):
                os.kill(os.getpid(), signal.SIGTERM)  # arrives before the backup is made
                write_in_place(page, b"<p>clean</p>")
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert page.read_bytes() == b"<p>clean</p>"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html", "page.html.bak"]
