"""Source ranges that findings remove, for the detectors that follow removals (orphan headings, the rest of an
advertisement box, added head tags): sorted, merged, and asked about by bisection."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Sequence

from ...findings import Finding, Severity


def removed_ranges(findings: Sequence[Finding], scope: str | None = None) -> list[tuple[int, int]]:
    """The merged source ranges that strong findings (of ``scope``, if given) remove."""
    return merged([r for f in findings if f.severity >= Severity.HIGH and f.action in ("remove", "remove-element")
                   and (scope is None or f.scope == scope) for r in f.ranges])


def cut_out(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` without the sorted ``spans`` (they may overlap), the pieces left joined by a space."""
    pieces, position = [], 0
    for start, end in spans:
        pieces.append(text[position:max(position, start)])
        position = max(position, end)
    pieces.append(text[position:])
    return " ".join(pieces)


def merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def covered(ranges: list[tuple[int, int]], position: int) -> bool:
    index = bisect_right(ranges, (position, float("inf"))) - 1
    return index >= 0 and ranges[index][0] <= position < ranges[index][1]


def overlaps(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether any of the sorted, merged ``ranges`` overlaps ``[start, end)``."""
    index = bisect_left(ranges, (end, float("-inf"))) - 1  # the last range starting before ``end``
    return index >= 0 and ranges[index][1] > start
