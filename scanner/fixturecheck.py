"""Fixture files that say which rules must fire on them, for ``scanner rules test PATH``.

A fixture marks its expectations anywhere in its text (in an HTML comment, say)::

    scanner-expect: gambling.id.seo-phrase, hidden.block

The check scans the file and compares the set of rule ids reported (every
severity) with the set expected: a rule missing and a rule unexpected are both
failures. ``scanner-expect: none`` marks a file that must give no finding.
"""

from __future__ import annotations

from pathlib import Path

import regex

from .api import Scanner
from .sources import collect, documents

_EXPECT = regex.compile(r"scanner-expect:[ \t]*([\w.,\- \t]+)")
_RULE_ID = regex.compile(r"^[a-z0-9][a-z0-9._-]*\Z")


def expected_rules(text: str) -> set[str] | None:
    """The rule ids a fixture expects, or None when it carries no mark."""
    marks = _EXPECT.findall(text)
    if not marks:
        return None
    ids = {part for mark in marks for part in regex.split(r"[\s,]+", mark) if _RULE_ID.match(part)}
    return ids - {"none"}


def fixture_failures(scanner: Scanner, paths: list[Path]) -> tuple[int, list[str]]:
    """How many marked fixtures were checked, and what is wrong with them. An expected rule has fired when a finding
    is its own or names it (``rule:ID`` among its signals: a hidden block's rule matches; ``around:ID``: the
    advertisement sentences of ``injection.spam-text`` around the rule's match); an expected id that names no rule is
    said to be so."""
    checked, failures = 0, []
    known = scanner.rule_infos()
    for document in documents(collect([str(p) for p in paths])):
        expected = expected_rules(document.data.decode("utf-8", errors="replace"))
        if expected is None:
            continue
        checked += 1
        findings = scanner.scan(document).findings
        found = {f.rule_id for f in findings}
        named = found | {signal.split(":", 1)[1] for f in findings for signal in f.signals
                         if signal.startswith(("rule:", "around:"))}
        for rule_id in sorted(expected - named):
            failures.append(f"{document.source}: expected rule {rule_id!r} did not fire" if rule_id in known else
                            f"{document.source}: expected rule {rule_id!r} names no rule (see 'scanner rules list')")
        for rule_id in sorted(found - expected):
            failures.append(f"{document.source}: unexpected rule {rule_id!r} fired")
    return checked, failures
