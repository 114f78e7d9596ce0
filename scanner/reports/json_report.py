"""The JSON report: one object, a documented and versioned schema (README, "JSON report").

Schema version 1 — stable names: ``documents[].source``, ``verdict`` and
``findings[]`` with ``rule_id``, ``category``, ``severity``, ``message``,
``match``, ``start``, ``end``, ``line``, ``column``, ``action``. Fields may be
added; none is renamed or removed without a new ``version``.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Iterable, TextIO

from .. import __version__
from ..findings import DocumentResult, Finding
from .names import escaped_surrogates
from .summary import Summary

SCHEMA_VERSION = 1


def finding_dict(finding: Finding) -> dict:
    return {
        "rule_id": finding.rule_id,
        "category": finding.category,
        "severity": str(finding.severity),
        "confidence": finding.confidence,
        "message": finding.message,
        "match": finding.match,
        "start": finding.start,
        "end": finding.end,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "action": finding.action,
        "scope": finding.scope,
        "signals": list(finding.signals),
        "fingerprint": finding.fingerprint,
    }


def document_dict(result: DocumentResult) -> dict:
    item = {
        "source": escaped_surrogates(result.source),
        "verdict": "unreadable" if result.error else str(result.verdict),  # not "clean": nothing was read
        "kind": result.kind,
        "encoding": result.encoding,
        "encoding_decision": result.encoding_decision,
        "replaced_bytes": result.replaced_bytes,
        "findings": [finding_dict(f) for f in result.findings],
    }
    if result.metadata:
        item["record"] = {key: escaped_surrogates(value) if isinstance(value, str) else value
                          for key, value in result.metadata.items()}  # an archive member's name is a file name
    if result.error:
        item["error"] = escaped_surrogates(result.error)
    if result.warnings:
        item["warnings"] = [escaped_surrogates(warning) for warning in result.warnings]
    return item


def root_uri() -> str:
    """The folder a relative ``source`` is relative to (the one the scan ran in), as a ``file:`` URI ending in
    "/": a baseline made from the report elsewhere resolves its files against it."""
    return escaped_surrogates(Path.cwd().as_uri().rstrip("/") + "/")


class JsonStream:
    """The JSON report written as results arrive, so that memory does not grow with the number of documents.

    The text is what ``json.dumps(report, indent=2)`` gives for the whole report;
    ``documents`` comes before ``summary``, which is only known at the end.
    """

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.count = 0
        head = json.dumps({"schema": "scanner-report", "version": SCHEMA_VERSION,
                           "tool": {"name": "scanner", "version": __version__}, "root": root_uri()},
                          ensure_ascii=False, indent=2)
        out.write(head[:-2] + ',\n  "documents": [')

    def add(self, result: DocumentResult) -> None:
        item = json.dumps(document_dict(result), ensure_ascii=False, indent=2).replace("\n", "\n    ")
        self.out.write(("," if self.count else "") + "\n    " + item)
        self.count += 1

    def close(self, summary: Summary, **more: dict) -> None:
        """End the report with its summary, and any further sections (the site audit adds ``audit``)."""
        tail = "".join(f',\n  {json.dumps(key)}: ' + json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
                       for key, value in {"summary": summary.as_dict(), **more}.items())
        self.out.write(("\n  ]" if self.count else "]") + tail + "\n}\n")


def render(results: Iterable[DocumentResult], summary: Summary) -> str:
    out = io.StringIO()
    stream = JsonStream(out)
    for result in results:
        stream.add(result)
    stream.close(summary)
    return out.getvalue()
