"""Scan history matches a document however its path was typed: relative, absolute, './site/', from another folder.

The same files scanned twice without a change must show nothing new and nothing fixed, and history written by
earlier versions (sources keyed as typed) must still load and match.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
import zipfile
from pathlib import Path

import pytest

from scanner.findings import Severity
from .conftest import FIXTURES, run_cli

INFECTED = FIXTURES / "en" / "gambling.html"
CLEAN = FIXTURES / "en" / "en-0004.clean.html"

# The schema the history had before its sources were keyed independently of the path as typed.
OLD_SCHEMA = """
CREATE TABLE IF NOT EXISTS scans (
    id INTEGER PRIMARY KEY, target TEXT NOT NULL, started REAL NOT NULL, finished REAL);
CREATE TABLE IF NOT EXISTS documents (
    scan_id INTEGER NOT NULL REFERENCES scans(id), source TEXT NOT NULL, hash TEXT NOT NULL,
    verdict TEXT NOT NULL, result TEXT NOT NULL, PRIMARY KEY (scan_id, source));
CREATE TABLE IF NOT EXISTS findings (
    scan_id INTEGER NOT NULL, source TEXT NOT NULL, fingerprint TEXT NOT NULL, rule_id TEXT NOT NULL,
    severity TEXT NOT NULL, match TEXT NOT NULL, PRIMARY KEY (scan_id, source, fingerprint));
CREATE INDEX IF NOT EXISTS scans_by_target ON scans (target, id);
"""


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """``tmp_path/work/site`` with an infected and a clean page; returns ``work``."""
    site = tmp_path / "work" / "site"
    (site / "blog").mkdir(parents=True)
    (site / "blog" / "a.html").write_bytes(INFECTED.read_bytes())
    (site / "b.html").write_bytes(CLEAN.read_bytes())
    return tmp_path / "work"


def scan(spelling: str, cwd: Path, db: Path, *extra: str) -> None:
    done = run_cli("scan", spelling, "--db", str(db), "--format", "json", "-o", str(db.parent / "report.json"),
                   *extra, cwd=cwd)
    assert done.returncode == 1, done.stderr.decode()  # the infected page


def history(spelling: str, cwd: Path, db: Path) -> tuple[int, dict]:
    done = run_cli("history", spelling, "--db", str(db), "--format", "json", cwd=cwd)
    assert done.returncode in (0, 1), done.stderr.decode()
    return done.returncode, json.loads(done.stdout)


def assert_unchanged(code: int, changes: dict) -> None:
    assert (changes["scan"], changes["previous"]) == (2, 1)
    assert (changes["new"], changes["fixed"], changes["came_back"], code) == ([], [], [], 0)


@pytest.mark.parametrize("second, where", [
    ("{site}", "work"),        # the absolute path
    ("./site/", "work"),       # (the scan reports it as 'site/...' already)
    ("site/../site", "work"),
    ("work/site", "parent"),   # from the folder above
    (".", "site"),             # from inside the folder
    ("../../site", "blog"),    # from a subfolder
])
def test_same_folder_spelled_differently_is_unchanged(work: Path, second: str, where: str) -> None:
    db = work.parent / "history.sqlite"
    scan("site", work, db)
    code, first = history("site", work, db)
    assert code == 1 and [c["rule_id"] for c in first["new"]] == ["gambling.en.seo-phrase"]
    assert first["new"][0]["source"] == "site/blog/a.html"

    site = work / "site"
    cwd = {"work": work, "parent": work.parent, "site": site, "blog": site / "blog"}[where]
    scan(second.format(site=site), cwd, db)
    assert_unchanged(*history(str(site), work.parent, db))


def test_a_real_change_is_still_reported_across_spellings(work: Path) -> None:
    db = work.parent / "history.sqlite"
    scan("site", work, db)
    (work / "site" / "blog" / "a.html").write_bytes(CLEAN.read_bytes())   # fixed
    (work / "site" / "b.html").write_bytes(INFECTED.read_bytes())        # newly infected
    scan("work/site/", work.parent, db)
    code, changes = history("site", work, db)
    assert code == 1
    assert [c["source"] for c in changes["new"]] == ["work/site/b.html"]     # as typed in that scan
    assert [c["source"] for c in changes["fixed"]] == ["site/blog/a.html"]
    (work / "site" / "blog" / "a.html").write_bytes(INFECTED.read_bytes())   # comes back, spelled another way
    scan(str(work / "site"), work, db)
    code, changes = history("site", work, db)
    assert [c["source"] for c in changes["came_back"]] == [str(work / "site" / "blog" / "a.html")]
    assert changes["new"] == [] and changes["fixed"] == []


@pytest.mark.parametrize("kind", ["jsonl", "zip"])
def test_export_and_archive_members_match_across_spellings(work: Path, kind: str) -> None:
    """Members (``export.jsonl#line-1``, ``site.zip#blog/a.html``) keep their record name; only the file is keyed."""
    html = INFECTED.read_text(encoding="utf-8")
    if kind == "jsonl":
        name, extra = "export.jsonl", ("--field", "content")
        (work / name).write_text(json.dumps({"content": html}) + "\n" + json.dumps({"content": "<p>hello</p>"}) + "\n",
                                 encoding="utf-8")
    else:
        name, extra = "site.zip", ()
        with zipfile.ZipFile(work / name, "w") as archive:
            archive.writestr("blog/a.html", html)
            archive.writestr("b.html", CLEAN.read_text(encoding="utf-8"))
    db = work.parent / "history.sqlite"
    scan(name, work, db, *extra)
    code, first = history(str(work / name), work, db)
    member = f"{name}#line-1" if kind == "jsonl" else f"{name}#blog/a.html"
    assert code == 1 and [c["source"] for c in first["new"]] == [member]
    scan(f"work/{name}", work.parent, db, *extra)
    assert_unchanged(*history(str(work / name), work, db))


def old_history(db: Path, work: Path, spelled: dict[str, str], finished: bool = True) -> None:
    """A history database as the previous version wrote it: the old schema, sources stored as typed.

    ``spelled`` maps each page (relative to ``work``) to the source the old version recorded for it; the rows are
    built from a plain scan's JSON report as the old ``History.record`` stored them.
    """
    done = run_cli("scan", "site", "--format", "json", "-o", str(work.parent / "plain.json"), cwd=work)
    assert done.returncode == 1, done.stderr.decode()
    documents = json.loads((work.parent / "plain.json").read_text())["documents"]
    with sqlite3.connect(db) as connection:
        connection.executescript(OLD_SCHEMA)
        now = time.time()
        connection.execute("INSERT INTO scans VALUES (1, ?, ?, ?)",
                           (str((work / "site").resolve()), now - 10, now - 5 if finished else None))
        for document in documents:
            source = spelled[document["source"]]
            findings = [dict(finding, severity=int(Severity.parse(finding["severity"])), ranges=[])
                        for finding in document["findings"]]
            stored = {"kind": document["kind"], "encoding": document["encoding"],
                      "encoding_decision": document["encoding_decision"],
                      "replaced_bytes": document["replaced_bytes"], "metadata": {}, "error": None,
                      "findings": findings}
            digest = hashlib.sha256((work / document["source"]).read_bytes()).hexdigest()
            connection.execute("INSERT INTO documents VALUES (?, ?, ?, ?, ?)",
                               (1, source, digest, document["verdict"], json.dumps(stored)))
            connection.executemany("INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?)", [
                (1, source, f["fingerprint"], f["rule_id"], f["severity"], f["match"]) for f in document["findings"]])


def test_old_history_matches_with_the_same_spelling(work: Path) -> None:
    db = work.parent / "history.sqlite"
    old_history(db, work, {"site/blog/a.html": "site/blog/a.html", "site/b.html": "site/b.html"})
    scan("site", work, db)
    assert_unchanged(*history("site", work, db))
    scan("./site", work, db)   # the new records match each other whatever the spelling
    code, changes = history("site", work, db)
    assert (changes["scan"], changes["new"], changes["fixed"], code) == (3, [], [], 0)


def test_old_history_with_absolute_paths_matches_any_spelling(work: Path) -> None:
    """An absolute path recorded by the previous version names its file wherever the scan runs from."""
    db = work.parent / "history.sqlite"
    old_history(db, work, {source: str(work / source) for source in ("site/blog/a.html", "site/b.html")})
    scan("site", work, db)
    assert_unchanged(*history("site", work, db))


def test_old_unfinished_scan_resumes_with_the_same_spelling(work: Path) -> None:
    db = work.parent / "history.sqlite"
    old_history(db, work, {"site/blog/a.html": "site/blog/a.html", "site/b.html": "site/b.html"}, finished=False)
    done = run_cli("scan", "site", "--db", str(db), "--format", "json", "-o", str(work.parent / "resumed.json"),
                   cwd=work)
    assert done.returncode == 1 and "resuming scan 1: 2 document(s)" in done.stderr.decode()
    report = json.loads((work.parent / "resumed.json").read_text())
    assert sorted(d["source"] for d in report["documents"]) == ["site/b.html", "site/blog/a.html"]
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT COUNT(*), COUNT(DISTINCT source) FROM documents").fetchone() == (2, 2)
        assert connection.execute("SELECT finished IS NOT NULL FROM scans").fetchall() == [(1,)]


def test_resuming_with_another_spelling_does_not_record_documents_twice(work: Path) -> None:
    db = work.parent / "history.sqlite"
    scan("site", work, db)
    with sqlite3.connect(db) as connection:   # as if the scan had been killed after its first document
        connection.execute("UPDATE scans SET finished = NULL")
        connection.execute("DELETE FROM documents WHERE source = 'site/b.html'")
        connection.execute("DELETE FROM findings WHERE source = 'site/b.html'")
    done = run_cli("scan", str(work / "site"), "--db", str(db), "--format", "json", "-o", str(work.parent / "r.json"),
                   cwd=work.parent)
    assert done.returncode == 1 and "resuming scan 1: 1 document(s)" in done.stderr.decode()
    report = json.loads((work.parent / "r.json").read_text())
    assert sorted(d["source"] for d in report["documents"]) == [str(work / "site" / "b.html"),
                                                                str(work / "site" / "blog" / "a.html")]
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT COUNT(*) FROM documents").fetchone() == (2,)
