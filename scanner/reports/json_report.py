"""The JSON report: one object, a documented and versioned schema (docs/json-schema.md).

Schema version 1 — stable names: ``documents[].source``, ``verdict`` and
``findings[]`` with ``rule_id``, ``category``, ``severity``, ``message``,
``match``, ``start``, ``end``, ``line``, ``column``, ``action``. Fields may be
added; none is renamed or removed without a new ``version``.
"""

from __future__ import annotations

import json
from typing import Iterable

from .. import __version__
from ..findings import DocumentResult, Finding
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
        "source": result.source,
        "verdict": str(result.verdict),
        "kind": result.kind,
        "encoding": result.encoding,
        "encoding_decision": result.encoding_decision,
        "replaced_bytes": result.replaced_bytes,
        "findings": [finding_dict(f) for f in result.findings],
    }
    if result.metadata:
        item["record"] = dict(result.metadata)
    if result.error:
        item["error"] = result.error
    if result.warnings:
        item["warnings"] = list(result.warnings)
    return item


def render(results: Iterable[DocumentResult], summary: Summary) -> str:
    documents = [document_dict(r) for r in results]
    report = {
        "schema": "scanner-report",
        "version": SCHEMA_VERSION,
        "tool": {"name": "scanner", "version": __version__},
        "summary": summary.as_dict(),
        "documents": documents,
    }
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
