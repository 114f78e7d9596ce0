"""The fast path's question: can anything fire on this document at all?

Most pages of a site are clean. For them, folding every scope, running every
rule and every detector finds nothing, slowly. ``may_fire`` answers first, from
the extraction, with one Aho–Corasick pass per scope for all rule keywords and
each detector's own declared triggers (``Detector.may_report``). It is
conservative by construction:

- the rules are simply run: with ``RuleSet.index`` each rule is only tried
  where one of its keywords' literal heads occurs in the folded scope text,
  which is cheap, and exact;
- each detector's ``may_report`` checks, on its own code's terms, the
  conditions without which its ``detect`` yields nothing when the rule packs
  found nothing (see the ``Detector`` protocol in ``scanner.detection.engine``);
- a detector without ``may_report`` always counts as possibly firing.

When ``may_fire`` is False the document has no findings: no rule matched, so
each detector in turn sees no earlier finding and, by its declaration, reports
nothing. ``tests/test_fastpath.py`` checks this against the reference path.
"""

from __future__ import annotations

from typing import Sequence

from .detection.context import Context
from .detection.engine import Detector, run_rules
from .rules import RuleSet


def detectors_may_report(context: Context, detectors: Sequence[Detector]) -> bool:
    """Whether some detector's declared triggers occur (a detector without ``may_report`` always may)."""
    return any(context.may_report(detector) for detector in detectors)


def may_fire(context: Context, ruleset: RuleSet, detectors: Sequence[Detector]) -> bool:
    """False only when no rule matches and no detector can report anything on this document."""
    return bool(run_rules(context, ruleset)) or detectors_may_report(context, detectors)
