"""What a detector sees of a document, and the one way it turns a span into a Finding."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property

import regex

from ..extraction import Element, Extraction, TextView, fold
from ..findings import Action, Finding, RuleInfo, Severity

_NEWLINE = regex.compile(r"\r\n|\r|\n")
#: Signal of a text finding that is the whole text of an inline element: cleaning removes the element.
WHOLE_ELEMENT = "whole-element"
INLINE = frozenset("a abbr b big cite code em font i mark q s small span strong sub sup u".split())


@dataclass
class Context:
    """One document under detection: its decoded source and its extraction."""

    source: str
    extraction: Extraction
    warnings: list[str] = field(default_factory=list)  # problems that did not stop the scan (a rule timed out)
    _folded: dict[str, TextView] = field(default_factory=dict)

    @cached_property
    def line_starts(self) -> list[int]:
        return [0] + [m.end() for m in _NEWLINE.finditer(self.source)]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of a source offset."""
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def folded(self, scope: str) -> TextView:
        """The folded text of a scope, mapped into that scope's extracted text."""
        if scope not in self._folded:
            self._folded[scope] = fold(self.extraction.view(scope).text)
        return self._folded[scope]

    def text_finding(
        self, rule: RuleInfo, scope: str, start: int, end: int, *, message: str, confidence: float,
        severity: Severity | None = None, signals: tuple[str, ...] = (),
    ) -> Finding:
        """A finding on ``text[start:end]`` of a scope's extracted text."""
        view = self.extraction.view(scope)
        element = self._whole_inline_element(view, start, end)
        if element:
            signals += (WHOLE_ELEMENT,)
        runs = element or tuple(view.source_runs(start, end))
        return self._finding(rule, scope, runs[0][0], runs[-1][1], runs, view.text[start:end], message,
                             confidence, severity, signals, start, end)

    def _whole_inline_element(self, view: TextView, start: int, end: int) -> tuple[tuple[int, int], ...] | None:
        """The span of the largest inline element (a link, a <b>) whose whole text is this match.

        Removing ``<a href=…>casino</a>`` should remove the element, not leave ``<a href=…></a>``.
        """
        source_start, source_end = view.source_span(start, end)
        best = None
        for element in self.extraction.elements:
            if element.tag not in INLINE or element.close_start is None:
                continue
            if not (element.start <= source_start and source_end <= element.end):
                continue
            lo = bisect.bisect_left(view.starts, element.open_end)
            hi = bisect.bisect_left(view.starts, element.close_start)
            if view.text[lo:hi].strip() == view.text[start:end].strip():
                if best is None or element.end - element.start > best[1] - best[0]:
                    best = (element.start, element.end)
        return (best,) if best else None

    def element_finding(
        self, rule: RuleInfo, element: Element, *, message: str, confidence: float, action: Action | None = None,
        severity: Severity | None = None, signals: tuple[str, ...] = (), match: str | None = None,
    ) -> Finding:
        """A finding on a whole element; unwrap-link acts on its two tags only."""
        action = action or rule.action
        if action == "unwrap-link" and element.close_start is not None:
            ranges = ((element.start, element.open_end), (element.close_start, element.end))
        else:
            ranges = ((element.start, element.end),)
        shown = match if match is not None else self.source[element.start:element.end]
        return self._finding(RuleInfo(rule.id, rule.description, rule.category, rule.severity, action, rule.pack),
                             "elements", element.start, element.end, ranges, shown, message, confidence, severity, signals, 0, 0)

    def _finding(
        self, rule: RuleInfo, scope: str, start: int, end: int, ranges: tuple[tuple[int, int], ...], match: str,
        message: str, confidence: float, severity: Severity | None, signals: tuple[str, ...], text_start: int, text_end: int,
    ) -> Finding:
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Finding(
            rule_id=rule.id, category=rule.category, severity=severity if severity is not None else rule.severity,
            confidence=round(confidence, 3), message=message, match=match, start=start, end=end, line=line,
            column=column, end_line=end_line, end_column=end_column, action=rule.action, scope=scope, ranges=ranges,
            text_start=text_start, text_end=text_end, signals=signals,
        )
