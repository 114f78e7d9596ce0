"""Suppression: the user's allowlist and baseline, applied to findings before any report.

Both live in files the user controls (config, baseline), never in the scanned
document: an attacker who writes the page could write an "allow" comment too.
Inline ``scanner:allow`` comments are honoured only when the config says so.
"""

from __future__ import annotations

import fnmatch
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable
from urllib.parse import unquote, urlsplit

import regex

from .errors import ConfigError
from .findings import DocumentResult, Finding

BASELINE_VERSION = 1
_URL = regex.compile(r"""(?:https?:)?//([^/\s"'<>?#]+)""", regex.IGNORECASE)
#: ``scanner:allow`` alone or followed by rule ids or globs, ended by the line or the comment; nothing may be
#: glued to ``allow`` (``scanner:allow-file`` is no directive).
_INLINE = regex.compile(r"scanner:allow(?=\s|-->|\*/|$)([^\n]*?)(?=-->|\*/|$)", regex.MULTILINE)


@dataclass(frozen=True)
class AllowEntry:
    """One allowlist entry: a finding is allowed when every condition given holds."""

    rule: str | None = None     # glob on the rule id ("gambling.*")
    path: str | None = None     # glob on the source path (relative to ``root``) or URL
    match: regex.Pattern | None = None  # regex searched in the matched text
    domain: str | None = None   # every URL in the match is on this domain (or a subdomain)
    root: Path | None = None    # the folder a relative ``path`` starts from: the config file's (None: the working folder)

    def allows(self, source: str, finding: Finding, text: str = "") -> bool:
        """Whether every condition holds for ``finding`` in the document ``source`` (its text ``text``: a finding
        on a link's words is on the link's domain)."""
        if self.rule and not fnmatch.fnmatchcase(finding.rule_id, self.rule):
            return False
        if self.path and not _path_matches(source, self.path, self.root or Path.cwd()):
            return False
        if self.match and not self.match.search(finding.match):
            return False
        if self.domain:
            addresses = _URL.findall(finding.match) or _URL.findall(text[finding.start:finding.end]) \
                or _URL.findall(_enclosing_link(text, finding.start, finding.end))
            hosts = [h.lower().rsplit("@", 1)[-1].split(":")[0] for h in addresses]
            if not hosts or not all(h == self.domain or h.endswith("." + self.domain) for h in hosts):
                return False
        return True


#: Characters before a finding in which the start tag of a link around it is looked for.
LINK_REACH = 2000
_LINK_START = regex.compile(r"<a\s[^<>]*>", regex.IGNORECASE)
_LINK_END = regex.compile(r"</a\s*>", regex.IGNORECASE)


def _enclosing_link(text: str, start: int, end: int) -> str:
    """The start tag of the link whose words ``text[start:end]`` lie in ("best online casino bonus" in
    ``<a href="https://sbobet.com/">best online casino bonus</a>``), or ""."""
    tags = list(_LINK_START.finditer(text, max(0, start - LINK_REACH), start))
    if not tags or _LINK_END.search(text, tags[-1].end(), start):
        return ""
    closing = _LINK_END.search(text, end)
    return tags[-1].group() if closing and not _LINK_START.search(text, end, closing.start()) else ""


def _path_matches(source: str, pattern: str, root: Path) -> bool:
    """Whether ``pattern`` matches a web address (whole or its path), or a local file's path relative to ``root``
    (whole or from a folder down: "sport/*" matches news/sport/a.html), as a baseline resolves its paths: the
    same file matches whether it was scanned as ``.``, ``./site/`` or by an absolute path."""
    if "://" in source:
        parts = urlsplit(source)
        return fnmatch.fnmatch(source, pattern) or fnmatch.fnmatch(parts.path, pattern)
    if os.path.isabs(pattern):
        return fnmatch.fnmatch(Path(os.path.abspath(source)).as_posix(), pattern)
    relative = relative_source(source, root)
    return fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(relative, "*/" + pattern)


def parse_allowlist(entries: object, where: str, root: Path | None = None) -> tuple[AllowEntry, ...]:
    """``[[allow]]`` tables from the config; each needs at least one condition. Their paths are relative to
    ``root``, the config file's folder (None: the working folder when a document is checked)."""
    if not isinstance(entries, list):
        raise ConfigError(f"{where}: 'allow' must be a list of tables ([[allow]])")
    parsed = []
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not entry or set(entry) - {"rule", "path", "match", "domain"}:
            raise ConfigError(f"{where}: allow entry {number}: use one or more of rule, path, match, domain")
        if not all(isinstance(v, str) and v for v in entry.values()):
            raise ConfigError(f"{where}: allow entry {number}: values must be non-empty strings")
        try:
            pattern = regex.compile(entry["match"]) if "match" in entry else None
        except regex.error as error:
            raise ConfigError(f"{where}: allow entry {number}: bad match regex: {error}") from None
        parsed.append(AllowEntry(entry.get("rule"), entry.get("path"), pattern, entry.get("domain", "").lower() or None,
                                 Path(os.path.abspath(root)) if root is not None else None))
    return tuple(parsed)


def inline_allowed(source_text: str, finding: Finding) -> bool:
    """An opt-in ``scanner:allow [RULE...]`` on the line of the finding or the line before it."""
    line_start = source_text.rfind("\n", 0, finding.start) + 1
    window_start = source_text.rfind("\n", 0, max(line_start - 1, 0)) + 1
    line_end = source_text.find("\n", finding.end)
    window = source_text[window_start: len(source_text) if line_end == -1 else line_end]
    for match in _INLINE.finditer(window):
        rules = [r for r in regex.split(r"[\s,]+", match.group(1)) if r]
        if not rules or any(fnmatch.fnmatchcase(finding.rule_id, r) for r in rules):
            return True
    return False


@dataclass(frozen=True)
class Baseline:
    """Accepted findings by (source, fingerprint): only new ones are reported.

    A local file's source is kept relative to the baseline file's folder, so that the same files scanned from
    another working directory, by an absolute path or as ``./site`` are the same sources. Keys written by
    earlier versions (as the path was typed) and web addresses match as written.
    """

    keys: frozenset[tuple[str, str]]
    root: Path | None = None  # the baseline file's folder

    @classmethod
    def load(cls, path: Path) -> "Baseline":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise ConfigError(f"{path}: cannot read baseline: {error.strerror or error}") from None
        except ValueError as error:  # not JSON, or not UTF-8
            raise ConfigError(f"{path}: not a scanner baseline (not valid JSON: {error})") from None
        version = data.get("version", BASELINE_VERSION) if isinstance(data, dict) else BASELINE_VERSION
        if version != BASELINE_VERSION:
            raise ConfigError(f"{path}: baseline version {version!r} is not one this scanner reads (it reads and "
                              f"writes version {BASELINE_VERSION})")
        try:
            keys = frozenset((e["source"], e["fingerprint"]) for e in data["findings"])
        except (KeyError, TypeError):
            raise ConfigError(f"{path}: not a scanner baseline (expected an object whose 'findings' list holds "
                              f"'source' and 'fingerprint' of each finding, as 'scanner baseline create' writes)") from None
        return cls(keys, Path(os.path.abspath(path)).parent)

    def accepts(self, source: str, finding: Finding) -> bool:
        return (source, finding.fingerprint) in self.keys or (
            self.root is not None and (relative_source(source, self.root), finding.fingerprint) in self.keys)


def relative_source(source: str, root: Path) -> str:
    """A local file's source (``site/page.html``, ``export.xml#post-12``) relative to ``root``, with ``/``;
    a web address or standard input as it is."""
    if source == "-" or "://" in source:
        return source
    path, hash_sign, record = source.partition("#")
    return Path(os.path.relpath(os.path.abspath(path), root)).as_posix() + hash_sign + record


def baseline_document(results: Iterable[DocumentResult], root: Path) -> str:
    """The baseline file for these results (what ``scanner baseline create`` writes), its sources relative to
    ``root``, the folder the file is written to."""
    return _baseline_text([
        _entry(r.source, f.fingerprint, f.rule_id, f.match, root) for r in results for f in r.findings
    ])


def baseline_from_report(text: str, name: str, root: Path) -> tuple[str, int, int]:
    """The baseline file for the findings of a JSON or JSON Lines report (``scan --format json|jsonl``), with
    how many findings and documents it records: a site audit, with all its options, gets a baseline from its
    own report. Relative file sources are relative to the folder the scan ran in, which the report names
    (``root``; a report without it, the working folder)."""
    documents, scanned_in = _report_documents(text, name)
    try:
        entries = [_entry(_resolved(d["source"], scanned_in), f["fingerprint"], f["rule_id"], f.get("match", ""), root)
                   for d in documents for f in d["findings"]]
    except (KeyError, TypeError, AttributeError):
        raise ConfigError(f"{name}: not a scanner report (a document or finding lacks 'source', 'findings', "
                          "'fingerprint' or 'rule_id')") from None
    return _baseline_text(entries), len(entries), len(documents)


def _report_documents(text: str, name: str) -> tuple[list[dict], Path | None]:
    """The document objects of a JSON report, or of a JSON Lines report (one per line, then a summary line), and
    the folder the scan ran in when the report names it."""
    try:
        report = json.loads(text)
    except ValueError:
        report = None
    if isinstance(report, dict) and report.get("schema") == "scanner-report":
        documents = report.get("documents")
        if isinstance(documents, list):
            return documents, _folder(report.get("root"))
    try:
        lines = [json.loads(line) for line in text.splitlines() if line.strip()]
    except ValueError:
        lines = []
    documents = [line for line in lines if isinstance(line, dict) and "summary" not in line]
    if not documents or not all(isinstance(d, dict) and "source" in d for d in documents):
        raise ConfigError(f"{name}: not a scanner report (expected what 'scanner scan --format json' or "
                          "'--format jsonl' writes)")
    summary = next((line for line in lines if isinstance(line, dict) and "summary" in line), {})
    return documents, _folder(summary.get("root"))


def _folder(uri: object) -> Path | None:
    """The local folder a ``file:`` URI names, or None."""
    if not isinstance(uri, str) or not uri.startswith("file://"):
        return None
    return Path(unquote(urlsplit(uri).path))


def _resolved(source: str, scanned_in: Path | None) -> str:
    """A report's relative file source as a path from the working folder, when the report says where it ran."""
    if scanned_in is None or not isinstance(source, str) or source == "-" or "://" in source or os.path.isabs(source):
        return source
    return os.path.join(scanned_in, source)


def _entry(source: str, fingerprint: str, rule_id: str, match: str, root: Path) -> dict:
    if not isinstance(source, str) or not isinstance(fingerprint, str):
        raise TypeError("source and fingerprint are text")
    return {"source": relative_source(source, root), "fingerprint": fingerprint, "rule_id": rule_id,
            "match": str(match)[:200]}


def _baseline_text(findings: list[dict]) -> str:
    return json.dumps({"schema": "scanner-baseline", "version": BASELINE_VERSION, "findings": findings},
                      ensure_ascii=False, indent=2) + "\n"
