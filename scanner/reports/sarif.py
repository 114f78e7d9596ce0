"""SARIF 2.1.0 for code-scanning dashboards: rule metadata and physical locations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable
from urllib.parse import quote

from .. import __version__
from ..findings import DocumentResult, Finding, RuleInfo, Severity
from .names import escaped_surrogates

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"
#: The base of relative artifact URIs, the name code-scanning dashboards expect.
SOURCE_ROOT = "%SRCROOT%"
#: The source of a document read from standard input.
STANDARD_INPUT = "-"
#: Longest snippet given with a region, in characters.
MAX_SNIPPET = 500
_LEVEL = {Severity.INFO: "note", Severity.LOW: "note", Severity.MEDIUM: "warning", Severity.HIGH: "error", Severity.CRITICAL: "error"}
_SECURITY_SEVERITY = {Severity.INFO: "1.0", Severity.LOW: "3.0", Severity.MEDIUM: "5.5", Severity.HIGH: "8.0", Severity.CRITICAL: "9.5"}


def _uri(result: DocumentResult) -> str:
    """A valid URI reference: spaces, non-ASCII and the bytes of a file name that are not UTF-8 percent-encoded. ``#`` names a record in an export (its
    metadata says which format) and is a file name's own character anywhere else; the copy of a page a crawler
    got ("https://site/p [as Googlebot]") is the page's address with the view as its fragment."""
    source, metadata = result.source, result.metadata
    if "view" in metadata and "url" in metadata:
        return quote(metadata["url"], safe=_URL_SAFE) + "#view=" + quote(metadata["view"], safe="")
    if "://" in source:
        return quote(source, safe=_URL_SAFE, errors="surrogateescape")
    path = Path(source)
    if "format" not in metadata:
        return path.as_uri() if path.is_absolute() else quote(path.as_posix(), safe="/", errors="surrogateescape")
    record = _record_name(result)
    file = Path(source[: len(source) - len(record) - 1])
    return quote(file.as_posix(), safe="/", errors="surrogateescape") + "#" + quote(record, safe="/", errors="surrogateescape")


def _record_name(result: DocumentResult) -> str:
    """What follows the export's file name and its ``#`` in a record's source: an archive member's path or a
    WARC record's id as stored (either may hold a ``#`` of its own), or the name given to a post, line or row."""
    metadata = result.metadata
    return metadata.get("member") or metadata.get("warc_record_id") or result.source.rpartition("#")[2]


def _artifact(result: DocumentResult) -> dict:
    """The document's artifactLocation; a relative path is relative to the folder the scan ran in, which the
    run names as :data:`SOURCE_ROOT` (SARIF 2.1.0 §3.4.4: a relative reference needs a base to resolve).
    Standard input has no URI: it is described, not given as a file named ``-`` in that folder."""
    if result.source == STANDARD_INPUT:
        return {"description": {"text": "standard input"}}
    uri = _uri(result)
    # an address or a file: URI is absolute; a relative path has its ':' percent-encoded, so no "://"
    return {"uri": uri} if "://" in uri else {"uri": uri, "uriBaseId": SOURCE_ROOT}


def _base_ids() -> dict:
    """Where :data:`SOURCE_ROOT` is: the working folder (left out when that folder is gone)."""
    try:
        here = Path.cwd().as_uri()
    except OSError:
        return {}
    return {"originalUriBaseIds": {SOURCE_ROOT: {"uri": here.rstrip("/") + "/"}}}


def _rule(info: RuleInfo) -> dict:
    return {
        "id": info.id,
        "name": info.id.replace(".", "-"),
        "shortDescription": {"text": info.description},
        "fullDescription": {"text": f"{info.description} (category: {info.category}; action: {info.action})"},
        "defaultConfiguration": {"level": _LEVEL[info.severity]},
        "properties": {"category": info.category, "pack": info.pack, "tags": [info.category, "spam-injection"],
                       "security-severity": _SECURITY_SEVERITY[info.severity]},
    }


def render(results: Iterable[DocumentResult], rules: dict[str, RuleInfo], interrupted: bool = False,
           stopped_by: str | None = None) -> str:
    results = list(results)
    used = sorted({f.rule_id for r in results for f in r.findings})
    index = {rule_id: i for i, rule_id in enumerate(used)}
    sarif_results = []
    for result in results:
        for finding in result.findings:
            sarif_results.append({
                "ruleId": finding.rule_id,
                "ruleIndex": index[finding.rule_id],
                "level": _LEVEL[finding.severity],
                "message": {"text": f"{finding.message}: {finding.match[:200]!r}"},
                "locations": [{"physicalLocation": {
                    "artifactLocation": _artifact(result),
                    "region": _region(finding),
                }}],
                "partialFingerprints": {"scannerFingerprint/v1": finding.fingerprint},
                "properties": {"category": finding.category, "severity": str(finding.severity),
                               "confidence": finding.confidence, "action": finding.action, "verdict": str(result.verdict)},
            })
    known = {rule_id: rules.get(rule_id) for rule_id in used}
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "scanner", "version": __version__,  # no informationUri: optional, and the project has no public page yet
                "rules": [_rule(info) if info else {"id": rule_id} for rule_id, info in known.items()],
            }},
            "columnKind": "unicodeCodePoints",
            **_base_ids(),
            "invocations": [_invocation(results, interrupted, stopped_by)],
            "results": sarif_results,
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _invocation(results: list[DocumentResult], interrupted: bool, stopped_by: str | None) -> dict:
    """The run, with one error notification per document that could not be read or fetched, one warning per
    problem that left a document checked only in part (a rule that timed out), and an error when the run was
    interrupted or ``stopped_by`` an error (a malformed export): a dashboard shows that those pages were not (fully) checked instead of counting them as clean.
    Any of them makes ``executionSuccessful`` false (SARIF 2.1.0 §3.20.14: the tool did not succeed)."""
    unreadable = [r for r in results if r.error]
    warned = [(r, warning) for r in results for warning in r.warnings]
    notifications = [
        {"level": "error", "message": {"text": f"not scanned: {escaped_surrogates(r.error)}"},
         "locations": [{"physicalLocation": {"artifactLocation": _artifact(r)}}]}
        for r in unreadable
    ] + [
        {"level": "warning", "message": {"text": f"not fully checked: {escaped_surrogates(warning)}"},
         "locations": [{"physicalLocation": {"artifactLocation": _artifact(r)}}]}
        for r, warning in warned
    ]
    if interrupted:
        notifications.append({"level": "error", "message": {
            "text": "interrupted (Ctrl-C or SIGTERM): only the documents with results here were scanned"}})
    if stopped_by:
        notifications.append({"level": "error", "message": {
            "text": f"stopped early: {escaped_surrogates(stopped_by)}; only the documents with results here were scanned"}})
    return {"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}


def _region(finding: Finding) -> dict:
    """The finding's place; with a snippet only when its match is the region's text, as SARIF requires (a link
    finding covers the whole ``<a …>…</a>`` and names its anchor text; a long match is cut in the message only)."""
    region = {"startLine": finding.line, "startColumn": finding.column, "endLine": finding.end_line,
              "endColumn": finding.end_column, "charOffset": finding.start, "charLength": finding.end - finding.start}
    if len(finding.match) == finding.end - finding.start <= MAX_SNIPPET:
        region["snippet"] = {"text": finding.match}
    return region
