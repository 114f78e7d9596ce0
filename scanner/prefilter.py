"""The fast path's question: can anything fire on this document at all?

Most pages of a site are clean. For them, folding every scope, running every
rule and every detector finds nothing, slowly. ``Scanner`` answers first, from
the extraction: it runs the rules through their index (one Aho–Corasick pass
per scope for all rule keywords), then asks ``detectors_may_report`` for each
detector's own declared triggers (``Detector.may_report``). It is conservative
by construction:

- the rules are simply run: with ``RuleSet.index`` each rule is only tried
  where one of its keywords' literal heads occurs in the folded scope text,
  which is cheap, and exact;
- each detector's ``may_report`` checks, on its own code's terms, the
  conditions without which its ``detect`` yields nothing when the rule packs
  found nothing (see the ``Detector`` protocol in ``scanner.detection.engine``);
- a detector without ``may_report`` always counts as possibly firing.

When no rule matched and no detector may report, the document has no
findings: each detector in turn sees no earlier finding and, by its
declaration, reports nothing. ``tests/test_fastpath.py`` checks this against the reference path.
"""

from __future__ import annotations

from typing import Sequence

from .detection.context import Context
from .detection.engine import Detector


def detectors_may_report(context: Context, detectors: Sequence[Detector]) -> bool:
    """Whether some detector's declared triggers occur (a detector without ``may_report`` always may)."""
    return any(context.may_report(detector) for detector in detectors)
