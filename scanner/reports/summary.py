"""Counts every report shows: documents by verdict, findings by category and rule."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..findings import INJECTED_AT, DocumentResult, Severity, Verdict

#: What a scan of files skips, and what a site audit skips: the summary's ``skipped_what``.
SKIPPED_FILES = "files of other types, archive members, export records"
SKIPPED_PAGES = "pages: for a limit, robots.txt or their type"


@dataclass
class Summary:
    documents: int = 0
    skipped: int = 0
    skipped_what: str = SKIPPED_FILES  # what ``skipped`` counts, in words (SKIPPED_PAGES for a site audit)
    errors: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    categories: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)
    worst: dict[str, Severity] = field(default_factory=dict)  # rule id -> its most severe finding (detectors rate each)
    findings: int = 0
    suppressed: int = 0
    interrupted: bool = False  # by Ctrl-C or SIGTERM: the report covers the documents done before it
    stopped_by: str | None = None  # the error that ended the scan early (a malformed export): the documents before it
    fail_on: Severity = INJECTED_AT  # the --fail-on level: a document with a finding at or above it fails the run

    def add(self, result: DocumentResult) -> None:
        self.documents += 1
        if result.error:
            self.errors += 1
            return
        self.verdicts[str(result.verdict)] += 1
        self.suppressed += result.suppressed
        for finding in result.findings:
            self.findings += 1
            self.categories[finding.category] += 1
            self.rules[finding.rule_id] += 1
            self.worst[finding.rule_id] = max(self.worst.get(finding.rule_id, finding.severity), finding.severity)

    def incomplete(self) -> str | None:
        """Why the report covers only part of what was asked, in words, or None for a complete scan."""
        if self.interrupted:
            return "interrupted (Ctrl-C or SIGTERM): only the documents listed here were scanned"
        if self.stopped_by:
            return f"stopped early: {self.stopped_by}; only the documents listed here were scanned"
        return None

    def as_dict(self) -> dict:
        return {
            "documents": self.documents,
            "skipped": self.skipped,
            "errors": self.errors,
            "findings": self.findings,
            "suppressed": self.suppressed,
            "interrupted": self.interrupted,
            "stopped_by": self.stopped_by,
            "verdicts": {v.value: self.verdicts.get(v.value, 0) for v in Verdict},
            "categories": dict(sorted(self.categories.items())),
            "rules": dict(sorted(self.rules.items())),
        }
