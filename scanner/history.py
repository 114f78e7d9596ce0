"""Scan history in SQLite: what each scan found, resuming interrupted scans, and what changed since the last one.

Every scan of a *target* (the sorted absolute paths scanned) is a row in
``scans``; each document is recorded with its content hash, verdict and
findings and committed as soon as it is scanned, so a scan killed half-way
loses at most the document in progress. Scanning the same target again while
its last scan is unfinished resumes that scan: documents already recorded with
the same hash are not scanned again and their recorded results are reported.
``changes`` compares the last two finished scans of a target: findings that are
new, fixed, or came back after an earlier fix (findings are keyed by document
and fingerprint, which ignores line numbers).

Documents are reported and stored as the path was typed, and matched by
``source_key``, kept in ``sources``: scanning ``site`` from its parent folder,
then ``/srv/www/site``, ``./site/`` or ``.`` from inside it, finds the same
documents (in a resumed scan and in ``changes``). Records written before keys
existed have no row in ``sources``; they match by the path as typed, and an
absolute one by its key too.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections import deque
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .document import Document
from .errors import SourceError
from .findings import DocumentResult, Finding, Severity, Verdict
from .suppression import relative_source

_SCHEMA = """
CREATE TABLE IF NOT EXISTS scans (
    id INTEGER PRIMARY KEY, target TEXT NOT NULL, started REAL NOT NULL, finished REAL);
CREATE TABLE IF NOT EXISTS documents (
    scan_id INTEGER NOT NULL REFERENCES scans(id), source TEXT NOT NULL, hash TEXT NOT NULL,
    verdict TEXT NOT NULL, result TEXT NOT NULL, PRIMARY KEY (scan_id, source));
CREATE TABLE IF NOT EXISTS findings (
    scan_id INTEGER NOT NULL, source TEXT NOT NULL, fingerprint TEXT NOT NULL, rule_id TEXT NOT NULL,
    severity TEXT NOT NULL, match TEXT NOT NULL, PRIMARY KEY (scan_id, source, fingerprint));
CREATE INDEX IF NOT EXISTS scans_by_target ON scans (target, id);
CREATE TABLE IF NOT EXISTS sources (
    scan_id INTEGER NOT NULL, source TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (scan_id, source));
CREATE INDEX IF NOT EXISTS sources_by_key ON sources (scan_id, key);
"""
_FILESYSTEM_ROOT = Path(os.path.abspath(os.sep))


def default_path() -> Path:
    """``$XDG_DATA_HOME/scanner/history.sqlite`` (``~/.local/share/scanner/history.sqlite`` by default)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "scanner" / "history.sqlite"


def target_of(paths: Iterable[str]) -> str:
    """The key that identifies repeated scans of the same inputs."""
    return "\n".join(sorted(p if p == "-" else str(Path(p).resolve()) for p in paths))


def source_key(source: str) -> str:
    """What identifies a document across scans, whatever the working directory and however its path was typed.

    A local file's path is made absolute and normalised (``site``, ``./site/`` and ``/srv/www/site`` from
    ``/srv/www`` give one key); a member keeps its record name (``export.xml#post-12``,
    ``site.zip#blog/a.html``); a web address and standard input stay as written. This is
    ``suppression.relative_source`` taken against the filesystem root, so the key is the absolute path without
    its leading ``/``. Baselines key paths relative to the baseline file because that file travels with the
    site; the history database lives in the user's data folder (whose path may be spelled differently under
    another ``$HOME`` or ``$XDG_DATA_HOME``) and its targets are absolute already (``target_of``), so an absolute
    key is the one that depends on nothing but the document. Symbolic links are not resolved: two links to one
    file are two documents, as the scan reports them.
    """
    return relative_source(source, _FILESYSTEM_ROOT)


def content_hash(document: Document, settings: str = "") -> str:
    """The digest a recorded document is skipped by on resume: its bytes, and the scanner's settings
    (``Scanner.settings_key``), so that a scan resumed with other rules or options scans it again."""
    return hashlib.sha256((settings.encode("utf-8") + b"\0" if settings else b"") + document.data).hexdigest()


@dataclass(frozen=True)
class Change:
    source: str
    fingerprint: str
    rule_id: str
    severity: str
    match: str


@dataclass(frozen=True)
class Changes:
    """The last finished scan of a target against the one before it."""

    target: str
    scan: int | None
    previous: int | None
    new: list[Change]
    fixed: list[Change]
    returned: list[Change]


class History:
    """One history database; ``start`` a scan, ``record`` each document, ``finish`` it."""

    def __init__(self, path: Path) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.connection = sqlite3.connect(path, isolation_level=None)
            self.connection.execute("PRAGMA journal_mode=WAL")
            self.connection.execute("PRAGMA synchronous=NORMAL")
            self.connection.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as error:
            raise SourceError(f"{path}: cannot open the scan history: {error}") from None

    def close(self) -> None:
        self.connection.close()

    def start(self, target: str) -> tuple[int, dict[str, str]]:
        """The scan to record into (the target's unfinished one, else a new one) and its recorded hashes by key.

        Documents an earlier version recorded in an unfinished scan get their keys now, from the path as typed
        then, taken as typed in the same place as this (resuming) scan.
        """
        row = self.connection.execute("SELECT id, finished FROM scans WHERE target = ? ORDER BY id DESC LIMIT 1",
                                      (target,)).fetchone()
        if row is not None and row[1] is None:
            unkeyed = [source for (source,) in self.connection.execute(
                "SELECT d.source FROM documents d LEFT JOIN sources s ON s.scan_id = d.scan_id AND s.source = d.source"
                " WHERE d.scan_id = ? AND s.key IS NULL", (row[0],))]
            self.connection.executemany("INSERT OR IGNORE INTO sources VALUES (?, ?, ?)",
                                        [(row[0], source, source_key(source)) for source in unkeyed])
            recorded = dict(self.connection.execute(
                "SELECT s.key, d.hash FROM documents d JOIN sources s ON s.scan_id = d.scan_id AND s.source = d.source"
                " WHERE d.scan_id = ?", (row[0],)))
            return row[0], recorded
        cursor = self.connection.execute("INSERT INTO scans (target, started) VALUES (?, ?)", (target, time.time()))
        return int(cursor.lastrowid), {}

    def record(self, scan_id: int, result: DocumentResult, digest: str) -> None:
        """Store one document's result and commit it, in place of the same document recorded under another path."""
        key = source_key(result.source)
        stored = {"kind": result.kind, "encoding": result.encoding, "encoding_decision": result.encoding_decision,
                  "replaced_bytes": result.replaced_bytes, "metadata": result.metadata, "error": result.error,
                  "findings": [asdict(f) for f in result.findings]}
        with self.connection:
            self.connection.execute("BEGIN")
            for (other,) in self.connection.execute("SELECT source FROM sources WHERE scan_id = ? AND key = ? AND "
                                                    "source != ?", (scan_id, key, result.source)).fetchall():
                for table in ("documents", "findings", "sources"):
                    self.connection.execute(f"DELETE FROM {table} WHERE scan_id = ? AND source = ?", (scan_id, other))
            self.connection.execute("INSERT OR REPLACE INTO sources VALUES (?, ?, ?)", (scan_id, result.source, key))
            self.connection.execute("INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?)",
                                    (scan_id, result.source, digest, str(result.verdict), json.dumps(stored)))
            self.connection.execute("DELETE FROM findings WHERE scan_id = ? AND source = ?", (scan_id, result.source))
            self.connection.executemany("INSERT OR REPLACE INTO findings VALUES (?, ?, ?, ?, ?, ?)", [
                (scan_id, result.source, f.fingerprint, f.rule_id, str(f.severity), f.match) for f in result.findings])

    def stored(self, scan_id: int, source: str) -> DocumentResult:
        """A recorded document's result (without its text), reported as ``source``: found by its key, else as typed."""
        row = self.connection.execute(
            "SELECT d.verdict, d.result FROM documents d JOIN sources s ON s.scan_id = d.scan_id AND s.source = d.source"
            " WHERE d.scan_id = ? AND s.key = ? LIMIT 1", (scan_id, source_key(source))).fetchone()
        verdict, blob = row or self.connection.execute(
            "SELECT verdict, result FROM documents WHERE scan_id = ? AND source = ?", (scan_id, source)).fetchone()
        data = json.loads(blob)
        findings = tuple(Finding(**{**f, "severity": Severity(f["severity"]), "signals": tuple(f["signals"]),
                                    "ranges": tuple(tuple(r) for r in f["ranges"])}) for f in data["findings"])
        return DocumentResult(source, data["kind"], data["encoding"], data["encoding_decision"], findings,
                              Verdict(verdict), replaced_bytes=data["replaced_bytes"], error=data["error"],
                              metadata=data["metadata"])

    def finish(self, scan_id: int) -> None:
        self.connection.execute("UPDATE scans SET finished = ? WHERE id = ?", (time.time(), scan_id))

    def scans(self, target: str | None = None, limit: int = 10) -> list[tuple[int, str, float, float | None, int, int]]:
        """Recent scans: id, target, started, finished, documents, injected documents."""
        where, parameters = ("WHERE target = ?", (target,)) if target else ("", ())
        return self.connection.execute(
            "SELECT s.id, s.target, s.started, s.finished, COUNT(d.source),"
            " COALESCE(SUM(d.verdict = 'injected'), 0) FROM scans s LEFT JOIN documents d ON d.scan_id = s.id "
            f"{where} GROUP BY s.id ORDER BY s.id DESC LIMIT ?", (*parameters, limit)).fetchall()

    def last_target(self) -> str | None:
        row = self.connection.execute("SELECT target FROM scans ORDER BY id DESC LIMIT 1").fetchone()
        return row[0] if row else None

    def changes(self, target: str) -> Changes:
        """New, fixed and returning findings of the target's last finished scan against the one before."""
        finished = [row[0] for row in self.connection.execute(
            "SELECT id FROM scans WHERE target = ? AND finished IS NOT NULL ORDER BY id DESC", (target,))]
        scan = finished[0] if finished else None
        previous = finished[1] if len(finished) > 1 else None
        latest, before = self._findings([scan]), self._findings([previous])
        earlier = self._findings(finished[2:])
        appeared = [found for found in latest if not before.holds(found)]
        return Changes(target, scan, previous,
                       new=[found.change for found in appeared if not earlier.holds(found)],
                       fixed=[found.change for found in before if not latest.holds(found)],
                       returned=[found.change for found in appeared if earlier.holds(found)])

    def _findings(self, scan_ids: list[int | None]) -> "_Findings":
        ids = [i for i in scan_ids if i is not None]
        if not ids:
            return _Findings([])
        rows = self.connection.execute(
            "SELECT f.source, f.fingerprint, f.rule_id, f.severity, f.match, s.key FROM findings f LEFT JOIN sources s"
            f" ON s.scan_id = f.scan_id AND s.source = f.source WHERE f.scan_id IN ({','.join('?' * len(ids))})"
            " ORDER BY f.source, f.rule_id, f.fingerprint", ids)
        return _Findings([_Found(Change(*row[:5]), row[5] if row[5] is not None or not os.path.isabs(row[0])
                                 else source_key(row[0])) for row in rows])


@dataclass(frozen=True)
class _Found:
    """A recorded finding and its document's key (None for a relative path recorded before keys existed)."""

    change: Change
    key: str | None


class _Findings:
    """The findings of some scans, one per document and fingerprint, and which of them another finding is.

    Two keyed findings are the same when their keys are; a finding recorded without a key (by an earlier
    version, its path as typed then) is the same as one whose path was typed the same way.
    """

    def __init__(self, found: list[_Found]) -> None:
        self.found: dict[tuple[str | None, str, str], _Found] = {}
        for f in found:
            self.found.setdefault((f.key, "" if f.key is not None else f.change.source, f.change.fingerprint), f)
        self.keys = {(f.key, f.change.fingerprint) for f in self.found.values() if f.key is not None}
        self.typed = {(f.change.source, f.change.fingerprint) for f in self.found.values()}
        self.typed_unkeyed = {(f.change.source, f.change.fingerprint) for f in self.found.values() if f.key is None}

    def __iter__(self) -> Iterator[_Found]:
        return iter(self.found.values())

    def holds(self, other: _Found) -> bool:
        typed = (other.change.source, other.change.fingerprint)
        if other.key is None:
            return typed in self.typed
        return (other.key, other.change.fingerprint) in self.keys or typed in self.typed_unkeyed


def scan_recorded(history: History, scan_id: int, recorded: dict[str, str], documents: Iterable[Document],
                  scan: Callable[[Iterable[Document]], Iterator[DocumentResult]],
                  on_resumed: Callable[[int], None] | None = None, settings: str = "") -> Iterator[DocumentResult]:
    """Scan with ``scan``, recording each result as it comes; skip documents ``recorded`` with the same hash.

    ``recorded`` maps ``source_key`` to the recorded hash (what ``History.start`` returns); ``settings`` is
    the scanner's ``settings_key``, part of every hash.

    Skipped documents are reported from the history after the others. The scan
    is marked finished only when every document has been recorded.
    """
    skipped: list[str] = []
    digests: deque[str] = deque()

    def fresh() -> Iterator[Document]:
        for document in documents:
            digest = content_hash(document, settings)
            if recorded.get(source_key(document.source)) == digest:
                skipped.append(document.source)
                continue
            digests.append(digest)
            yield document

    for result in scan(fresh()):
        history.record(scan_id, result, digests.popleft())
        yield result
    if skipped and on_resumed is not None:
        on_resumed(len(skipped))
    for source in skipped:
        yield history.stored(scan_id, source)
    history.finish(scan_id)


def changes_dict(changes: Changes, scans: list[tuple[int, str, float, float | None, int, int]]) -> dict:
    """The JSON form of ``scanner history``."""
    return {"target": changes.target.split("\n"), "scan": changes.scan, "previous": changes.previous,
            "new": [asdict(c) for c in changes.new], "fixed": [asdict(c) for c in changes.fixed],
            "came_back": [asdict(c) for c in changes.returned],
            "scans": [{"id": s[0], "started": s[2], "finished": s[3], "documents": s[4], "injected": s[5]}
                      for s in scans]}


def changes_lines(changes: Changes, scans: list[tuple[int, str, float, float | None, int, int]]) -> list[str]:
    """The console form of ``scanner history``: recent scans, then new, fixed and returning findings."""
    def when(stamp: float) -> str:
        return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(stamp))

    lines = [f"target: {', '.join(changes.target.splitlines())}"]
    lines += [f"  scan {s[0]}: started {when(s[2])}, " + (f"finished {when(s[3])}" if s[3] else "interrupted (rerun to resume)")
              + f", {s[4]} document(s), {s[5]} injected" for s in scans]
    if changes.scan is None:
        return lines + ["no finished scan yet" if scans else
                        "this target was never scanned with --history (the paths must name what was scanned)"]
    lines.append(f"scan {changes.scan} against scan {changes.previous}:" if changes.previous is not None
                 else f"scan {changes.scan}, the first finished scan of this target:")
    for title, items in (("new", changes.new), ("fixed", changes.fixed), ("came back", changes.returned)):
        lines.append(f"{title} ({len(items)})")
        lines += [f"  {c.source}  {c.rule_id}  {c.severity}  {' '.join(c.match.split())[:80]!r}" for c in items]
    return lines
