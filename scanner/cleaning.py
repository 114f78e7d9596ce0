"""Cleaning: turn findings into the smallest edits of the source, and apply them.

Every edit replaces one source range; everything outside the ranges stays
byte-identical. Removing text that sat between two spaces also removes one of
the spaces, so "về SPAM vệ" becomes "về vệ", not "về  vệ".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from .findings import Finding


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str
    rule_id: str

    @property
    def removed(self) -> int:
        return self.end - self.start


def _widen_for_space(source: str, start: int, end: int) -> tuple[int, int]:
    """Take one neighbouring space along when the removed text sat between words."""
    before = source[start - 1] if start > 0 else "\n"
    after = source[end] if end < len(source) else "\n"
    if after in " \t" and (before.isspace() or before in "([{\"'“‘>"):
        return start, end + 1
    if before in " \t" and (after in ".,;:!?)]}\"'”’…<" or after in "\r\n"):
        return start - 1, end
    return start, end


def _widen_to_line(source: str, start: int, end: int) -> tuple[int, int]:
    """Take the whole line along when a removed element stood on a line of its own."""
    line_start = source.rfind("\n", 0, start) + 1
    line_end = source.find("\n", end)
    line_end = len(source) if line_end == -1 else line_end
    if source[line_start:start].strip() or source[end:line_end].strip():
        return start, end
    if line_end < len(source):
        return line_start, line_end + 1
    return (line_start - 1 if line_start > 0 else line_start), line_end


def edits_for(finding: Finding, source: str, filler: str | None = None) -> list[Edit]:
    """The edits that carry out one finding's action (none for ``report``).

    ``filler`` is the word a restoration puts where removed text was; an empty
    string or ``None`` removes the text with its surrounding space.
    """
    if finding.action == "report":
        return []
    if finding.action == "remove" and filler:
        first, *rest = finding.ranges
        return [Edit(first[0], first[1], filler, finding.rule_id)] + [Edit(s, e, "", finding.rule_id) for s, e in rest]
    edits = []
    for start, end in finding.ranges:
        if (line := _widen_to_line(source, start, end)) != (start, end):
            start, end = line  # what is removed stood on a line of its own: the line goes with it
        elif finding.action == "remove":
            start, end = _widen_for_space(source, start, end)
        edits.append(Edit(start, end, "", finding.rule_id))
    return edits


def plan(findings: Iterable[Finding], source: str, fillers: Mapping[str, str] | None = None) -> list[Edit]:
    """Non-overlapping edits for all findings, in source order.

    ``fillers`` maps a finding's fingerprint to the text that replaces it.
    Where two edits overlap, the one that starts first (the longer on a tie) wins.
    """
    fillers = fillers or {}
    edits = [edit for f in findings for edit in edits_for(f, source, fillers.get(f.fingerprint))]
    edits.sort(key=lambda e: (e.start, -e.end))
    kept: list[Edit] = []
    for edit in edits:
        if kept and edit.start < kept[-1].end:
            if edit.end > kept[-1].end and not kept[-1].replacement:
                kept[-1] = Edit(kept[-1].start, edit.end, "", kept[-1].rule_id)
            continue
        kept.append(edit)
    return kept


def apply(source: str, edits: list[Edit]) -> str:
    """The source with the (sorted, non-overlapping) edits applied."""
    parts = []
    position = 0
    for edit in edits:
        parts.append(source[position:edit.start])
        parts.append(edit.replacement)
        position = edit.end
    parts.append(source[position:])
    return "".join(parts)
