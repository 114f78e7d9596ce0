"""Detection: run the rule packs and the detectors over an extraction, then tidy the findings.

Detectors are the code half of detection (hidden markup, evasion, keyword
injections); each declares the ``RuleInfo`` of the findings it makes, so
reports describe them like any rule from a pack.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable, Protocol, Sequence

from ..findings import Finding, RuleInfo
from ..rules import RuleSet
from .context import Context


class Detector(Protocol):
    """A check written in code. ``rules`` describes every rule id it can report."""

    rules: tuple[RuleInfo, ...]

    def detect(self, context: Context, findings: Sequence[Finding]) -> Iterable[Finding]:
        """Findings for this document; ``findings`` are those of the rule packs, for context."""


def run_rules(context: Context, ruleset: RuleSet) -> list[Finding]:
    """Every match of every rule, in every scope it looks at."""
    findings: list[Finding] = []
    index = ruleset.index
    candidates: dict[str, dict[int, list[int] | None]] = {}  # per scope: the rules that can match, and where
    for number, rule in enumerate(ruleset.rules):
        for scope in rule.scope:
            if not context.extraction.view(scope).text:
                continue
            folded = context.folded(scope)
            if scope not in candidates:
                candidates[scope] = index.candidates(folded.text)
            if number not in candidates[scope]:
                continue
            try:
                spans = rule.find(folded.text, starts=candidates[scope][number])
            except TimeoutError:
                context.warnings.append(f"rule {rule.id!r} timed out in scope {scope!r} and was skipped for this document")
                break
            for start, end in spans:
                text_start, text_end = folded.source_span(start, end)
                findings.append(context.text_finding(
                    rule.info, scope, text_start, text_end, message=rule.message, confidence=rule.confidence,
                    signals=(f"rule:{rule.id}", f"scope:{scope}"),
                ))
    return findings


def drop_contained(findings: list[Finding]) -> list[Finding]:
    """Drop a finding that lies inside another one at least as severe (the longer one, at the same level).

    The chain "bet365 tiếng việt_đặt cược bet365" is one injection, not one per
    brand name inside it; a hidden block is one finding, not one per word in it.
    """
    ordered = sorted(findings, key=lambda f: (-f.severity, -(f.end - f.start), f.start, f.rule_id))
    kept: list[Finding] = []
    for finding in ordered:
        covered = any(
            k.start <= finding.start and finding.end <= k.end and (k.action != "report" or finding.action == "report")
            for k in kept
        )
        if not covered:
            kept.append(finding)
    return kept


def with_fingerprints(findings: list[Finding]) -> list[Finding]:
    """Sorted by position, each with a fingerprint counting earlier identical matches."""
    seen: Counter[tuple[str, str]] = Counter()
    result = []
    for finding in sorted(findings, key=lambda f: (f.start, f.end, f.rule_id)):
        key = (finding.rule_id, " ".join(finding.match.split()).casefold())
        result.append(finding.with_fingerprint(seen[key]))
        seen[key] += 1
    return result


def detect(context: Context, ruleset: RuleSet, detectors: Sequence[Detector] = ()) -> list[Finding]:
    """All findings of a document, without duplicates, in source order."""
    findings = run_rules(context, ruleset)
    for detector in detectors:
        findings.extend(detector.detect(context, tuple(findings)))
    return with_fingerprints(drop_contained(findings))
