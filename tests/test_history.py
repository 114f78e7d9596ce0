"""Scan history: per-document records, resuming a killed scan without duplicates, and what changed."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scanner.cli import main
from scanner.history import default_path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def site(folder: Path, count: int) -> Path:
    pages = sorted((FIXTURES / "en").glob("*.html"))
    folder.mkdir()
    for number in range(count):
        (folder / f"page-{number:04d}.html").write_bytes(pages[number % len(pages)].read_bytes())
    return folder


def recorded(db: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT scan_id, source FROM documents").fetchall()


def test_default_path_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_path() == tmp_path / "scanner" / "history.sqlite"


def test_killed_scan_resumes_without_duplicates(tmp_path: Path) -> None:
    folder, db = site(tmp_path / "site", 300), tmp_path / "history.sqlite"
    command = [sys.executable, "-m", "scanner", "scan", str(folder), "--db", str(db), "--jobs", "1",
               "--format", "json", "-o", str(tmp_path / "first.json")]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if db.exists() and len(recorded(db)) >= 20:
                break
        except sqlite3.OperationalError:  # the schema is not created yet
            pass
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    done = len(recorded(db))
    assert 20 <= done < 300, "the scan finished before it could be killed"

    rerun = subprocess.run(command[:-1] + [str(tmp_path / "second.json")], capture_output=True, text=True)
    assert rerun.returncode == 1, rerun.stderr
    resumed = int(rerun.stderr.split("resuming scan 1: ")[1].split()[0])
    assert resumed >= done
    rows = recorded(db)
    assert len(rows) == 300 == len(set(rows)) and {scan for scan, _ in rows} == {1}
    report = json.loads((tmp_path / "second.json").read_text())
    assert report["summary"]["documents"] == 300 and len(report["documents"]) == 300
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT id, finished IS NOT NULL FROM scans").fetchall() == [(1, 1)]


def test_history_shows_new_fixed_and_came_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, db = site(tmp_path / "site", 4), tmp_path / "history.sqlite"
    infected, clean = (FIXTURES / "en/gambling.html").read_bytes(), (FIXTURES / "en/en-0004.clean.html").read_bytes()
    (folder / "a.html").write_bytes(infected)
    (folder / "b.html").write_bytes(clean)

    def scan_and_history() -> dict:
        main(["scan", str(folder), "--db", str(db), "--format", "json", "-o", str(tmp_path / "report.json")])
        capsys.readouterr()
        code = main(["history", str(folder), "--db", str(db), "--format", "json"])
        result = json.loads(capsys.readouterr().out)
        result["code"] = code
        return result

    first = scan_and_history()
    assert (first["scan"], first["previous"], first["code"]) == (1, None, 1)
    assert "a.html" in [c["source"].rsplit("/", 1)[1] for c in first["new"]]
    (folder / "a.html").write_bytes(clean)   # fixed
    (folder / "b.html").write_bytes(infected)  # newly infected
    second = scan_and_history()
    assert [(c["source"].rsplit("/", 1)[1], c["rule_id"]) for c in second["new"]] == [("b.html", "gambling.en.seo-phrase")]
    assert [(c["source"].rsplit("/", 1)[1], c["match"]) for c in second["fixed"]] == [("a.html", "best online casino")]
    assert second["came_back"] == [] and second["code"] == 1
    (folder / "a.html").write_bytes(infected)  # reinfected
    third = scan_and_history()
    assert [c["source"].rsplit("/", 1)[1] for c in third["came_back"]] == ["a.html"]
    assert third["new"] == [] and third["fixed"] == [] and third["code"] == 1
    fourth = scan_and_history()
    assert (fourth["new"], fourth["fixed"], fourth["came_back"], fourth["code"]) == ([], [], [], 0)
    assert [s["id"] for s in fourth["scans"]] == [4, 3, 2, 1]
    assert main(["history", str(folder), "--db", str(db)]) == 0
    assert "scan 4 against scan 3:" in capsys.readouterr().out


def test_history_without_database_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", "--db", str(tmp_path / "missing.sqlite")]) == 2
    assert "no scan history at" in capsys.readouterr().err


def test_a_scan_resumed_under_other_settings_scans_its_recorded_documents_again(tmp_path: Path) -> None:
    """Results recorded before an interruption are reused only by a scanner with the same rules and options
    (black-box probe 17: a resumed scan with --disable kept reporting the disabled rule)."""
    from scanner import Document, Scanner
    from scanner.config import Config
    from scanner.history import History, scan_recorded

    infected = (FIXTURES / "en/gambling.html").read_bytes()
    documents = [Document(str(tmp_path / "a.html"), infected), Document(str(tmp_path / "b.html"), infected)]
    plain, disabled = Scanner(), Scanner(Config(disable=["gambling.en.seo-phrase"]))
    assert plain.settings_key() != disabled.settings_key() and plain.settings_key() == Scanner().settings_key()

    def interrupted_after_one(scanner: Scanner) -> None:
        history = History(tmp_path / "h.sqlite")
        scan_id, recorded = history.start("target")
        next(scan_recorded(history, scan_id, recorded, documents, scanner.scan_many, settings=scanner.settings_key()))
        history.close()

    def resumed(scanner: Scanner) -> list[str]:
        history = History(tmp_path / "h.sqlite")
        scan_id, recorded = history.start("target")
        scanned: list[str] = []

        def scan(fresh):
            for result in scanner.scan_many(fresh):
                scanned.append(result.source)
                yield result
        list(scan_recorded(history, scan_id, recorded, documents, scan, settings=scanner.settings_key()))
        history.close()
        return [Path(source).name for source in scanned]

    interrupted_after_one(plain)
    assert resumed(disabled) == ["a.html", "b.html"]  # nothing recorded under these settings
    (tmp_path / "h.sqlite").unlink()
    interrupted_after_one(plain)
    assert resumed(plain) == ["b.html"]


def test_history_names_an_interrupted_scan_and_a_target_never_scanned(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from scanner import Document, Scanner
    from scanner.history import History, scan_recorded, target_of

    folder = site(tmp_path / "site", 2)
    db = tmp_path / "h.sqlite"
    history = History(db)
    scan_id, recorded = history.start(target_of([str(folder)]))
    documents = [Document(str(p), p.read_bytes()) for p in sorted(folder.iterdir())]
    next(scan_recorded(history, scan_id, recorded, documents, Scanner().scan_many))  # interrupted after one
    history.close()
    assert main(["history", str(folder), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "interrupted (rerun to resume)" in out and "unfinished" not in out and "no finished scan yet" in out
    assert main(["history", str(tmp_path / "elsewhere"), "--db", str(db)]) == 0
    assert "never scanned with --history" in capsys.readouterr().out
