"""A text with a map from every character back to a span of the raw source.

Every normalisation (HTML to text, entity decoding, Unicode folding, zero-width
removal) produces a new ``TextView`` whose spans still point into the raw
source, so a finding found anywhere always reports where it is in the file.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from typing import Sequence


@dataclass
class TextView:
    """``text[i]`` came from ``source[starts[i]:ends[i]]``."""

    text: str = ""
    starts: Sequence[int] = field(default_factory=lambda: array("q"))
    ends: Sequence[int] = field(default_factory=lambda: array("q"))

    @classmethod
    def identity(cls, text: str, offset: int = 0) -> "TextView":
        """A view of a piece of source that is its own text (plain text, Markdown, text that folding leaves
        as it is). Its maps are ``range`` objects: nothing is built per character."""
        n = len(text)
        return cls(text, range(offset, offset + n), range(offset + 1, offset + n + 1))

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw-source span covered by ``text[start:end]`` (``end`` exclusive, non-empty)."""
        return self.starts[start], self.ends[end - 1]

    def source_runs(self, start: int, end: int) -> list[tuple[int, int]]:
        """The contiguous raw-source ranges behind ``text[start:end]``.

        A match that crosses markup (``cas<b>ino</b>``) maps to several runs;
        deleting the runs removes the text and leaves the tags alone.
        """
        runs: list[tuple[int, int]] = []
        for i in range(start, end):
            s, e = self.starts[i], self.ends[i]
            if runs and runs[-1][1] >= s:
                if e > runs[-1][1]:
                    runs[-1] = (runs[-1][0], e)
            else:
                runs.append((s, e))
        return runs


class TextBuilder:
    """Appends text pieces with their source spans; produces a ``TextView``."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._starts = array("q")
        self._ends = array("q")

    def __len__(self) -> int:
        return len(self._starts)

    def add_verbatim(self, text: str, source_start: int) -> None:
        """Text copied one to one from ``source[source_start:]``."""
        self._parts.append(text)
        self._starts.extend(range(source_start, source_start + len(text)))
        self._ends.extend(range(source_start + 1, source_start + len(text) + 1))

    def add_mapped(self, text: str, source_start: int, source_end: int) -> None:
        """Text that stands for the whole span ``source[source_start:source_end]`` (an entity, a folded cluster)."""
        self._parts.append(text)
        self._starts.extend([source_start] * len(text))
        self._ends.extend([source_end] * len(text))

    def last_char(self) -> str:
        for part in reversed(self._parts):
            if part:
                return part[-1]
        return ""

    def build(self) -> TextView:
        return TextView("".join(self._parts), self._starts, self._ends)
