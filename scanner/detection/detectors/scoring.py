"""Weak signals adding up, as in SpamAssassin: several different weak findings side by side.

One weak finding (a betting mention, a brand beside betting words, a link to a
betting site) is normal in reporting about betting. Two or more *different*
kinds of weak evidence at one spot (a brand token written in fancy letters
next to a link to a betting site) are what injected spam looks like. Each
clustered finding is re-issued as ``score.combined`` at high severity, listing
every signal of the cluster, with the action its own detector reserves for
strong evidence.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Sequence

from ...findings import Finding, RuleInfo, Severity
from ..context import QUOTED, Context

COMBINED = RuleInfo(
    "score.combined", "Several different weak signals at one place of the page add up to an injection",
    "combined", Severity.HIGH, "remove",
)

#: Points per weak finding, counted once per rule id in a cluster; a cluster at THRESHOLD is an injection.
POINTS = {Severity.LOW: 1, Severity.MEDIUM: 2}
THRESHOLD = 5
#: Findings closer than this (in source characters) belong to one cluster.
REACH = 150


#: The suffix of the rules that name a topic, which honest reporting writes ("casino", "counterfeit money", "SMM
#: panel"): however many packs' topics a sentence names side by side (a consumer council's list of scams), they are
#: one kind of weak evidence, not one per pack.
MENTION = ".mention"


def _kind(rule_id: str) -> str:
    """The kind of evidence a rule's finding is: every topic mention is one kind, any other rule its own."""
    return MENTION if rule_id.endswith(MENTION) else rule_id


class CombinedScore:
    """Runs last: turns clusters of different weak findings into high ones."""

    rules = (COMBINED,)

    def may_report(self, context: Context) -> bool:
        """Never on its own: it only re-weighs other findings."""
        return False

    def detect(self, context: Context, findings: Sequence[Finding]) -> Iterable[Finding]:
        # a quoted slogan is reported as a quotation (see scanner.detection.engine.quoted), and text inside a quoting
        # element (a code sample of the injected string in a security write-up) is the page showing spam: neither is
        # evidence of an injection
        weak = sorted((f for f in findings if f.severity in POINTS and QUOTED not in f.signals
                       and context.quoted_by(f.start) is None), key=lambda f: f.start)
        cluster: list[Finding] = []
        cluster_end = 0
        for finding in weak:
            if cluster and finding.start - cluster_end > REACH:
                yield from self._judge(cluster)
                cluster = []
            cluster_end = max(cluster_end, finding.end) if cluster else finding.end
            cluster.append(finding)
        yield from self._judge(cluster)

    @staticmethod
    def _judge(cluster: list[Finding]) -> Iterable[Finding]:
        # Findings on overlapping text describe one spot: only the strongest of them counts, once per kind of evidence.
        best: dict[str, Severity] = {}  # by kind of evidence (see _kind)
        counted: set[str] = set()  # the rules behind them
        spot: list[Finding] = []
        for finding in sorted(cluster, key=lambda f: f.start) + [None]:  # type: ignore[list-item]
            if spot and (finding is None or finding.start >= max(f.end for f in spot)):
                top = max(spot, key=lambda f: (f.severity, f.end - f.start))
                kind = _kind(top.rule_id)
                best[kind] = max(best.get(kind, Severity.LOW), top.severity)
                counted.add(top.rule_id)
                spot = []
            if finding is not None:
                spot.append(finding)
        score = sum(POINTS[s] for s in best.values())
        if len(best) < 2 or score < THRESHOLD:
            return
        signals = tuple(dict.fromkeys([f"score:{score}", *(f"rule:{r}" for r in sorted(counted)),
                                       *(s for f in cluster for s in f.signals)]))
        for finding in cluster:
            action = finding.action
            if action == "report" and finding.scope != "elements":
                action = "remove"  # an element's report-only finding keeps its ranges: it is reported, not cut
            yield replace(finding, rule_id=COMBINED.id, category=COMBINED.category, severity=Severity.HIGH,
                          confidence=min(0.95, 0.5 + 0.08 * score), action=action, signals=signals,
                          message=f"{finding.message}; with {len(best) - 1} other kind(s) of weak evidence nearby (score {score})")
