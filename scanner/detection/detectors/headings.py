"""Headings left with nothing under them: the section an injection opened with its own heading.

An injected paragraph often comes with a heading ("Info Terbaru Mahasiswa", "Useful links") that
carries no spam word of its own. When everything the heading introduces (its following siblings up to the
next heading of the same or a higher level, or the end of its container) is removed as spam, the heading
goes too. A heading whose section keeps one letter of honest text stays.
"""

from __future__ import annotations

from typing import Iterable, Sequence

import regex

from ...extraction.model import Element
from ...findings import Finding, RuleInfo, Severity
from ..context import Context
from .ranges import covered, removed_ranges

ORPHAN_HEADING = RuleInfo(
    "injection.orphan-heading", "A heading whose whole section is removed spam: it introduced the injection",
    "keyword-injection", Severity.HIGH, "remove-element",
)

_LEVELS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_TAG = regex.compile(r"<[^>]*>")
_LETTER = regex.compile(r"\p{L}")


class OrphanHeadings:
    """Runs after the detectors that remove text and elements."""

    rules = (ORPHAN_HEADING,)

    def may_report(self, context: Context) -> bool:
        """Never on its own: it only follows removals of other findings."""
        return False

    def detect(self, context: Context, findings: Sequence[Finding]) -> Iterable[Finding]:
        removed = removed_ranges(findings)
        if not removed or context.extraction.kind != "html":
            return
        children: dict[int, list[Element]] = {}
        for element in context.extraction.elements:
            children.setdefault(id(element.parent), []).append(element)
        for heading in context.extraction.elements:
            level = _LEVELS.get(heading.tag)
            if level is None or heading.hidden or heading.parent is None or heading.parent.close_start is None:
                continue
            end = _section_end(heading, level, children[id(heading.parent)], heading.parent.close_start)
            if _all_removed(context.source, heading.end, end, removed) \
                    and not _all_removed(context.source, heading.open_end, heading.end, removed):
                yield context.element_finding(
                    ORPHAN_HEADING, heading, confidence=0.7, signals=("section-removed",),
                    message="Heading whose whole section is spam: it goes with it")


def _section_end(heading: Element, level: int, siblings: Sequence[Element], container_end: int) -> int:
    """Where the heading's section ends: the next sibling heading of its level or higher, or its container's end."""
    for sibling in siblings:
        if sibling.start >= heading.end and _LEVELS.get(sibling.tag, 7) <= level:
            return sibling.start
    return container_end


def _all_removed(source: str, start: int, end: int, removed: list[tuple[int, int]]) -> bool:
    """Whether ``source[start:end]`` has letters outside its tags and every one of them is removed (stops at the
    first letter that stays, so an honest section costs little)."""
    seen = False
    position = start
    for tag in [*_TAG.finditer(source, start, end), None]:
        stop = tag.start() if tag else end
        for letter in _LETTER.finditer(source, position, stop):
            if not covered(removed, letter.start()):
                return False
            seen = True
        if tag:
            position = tag.end()
    return seen
