"""A text with a map from every character back to a span of the raw source.

Every normalisation (HTML to text, entity decoding, Unicode folding, zero-width
removal) produces a new ``TextView`` whose spans still point into the raw
source, so a finding found anywhere always reports where it is in the file.

The per-character maps are built only when something asks for them: a view is
first a list of segments (a piece copied one to one, or a piece standing for
one source span), and most pages are scanned without a single finding, so
their maps are never needed.
"""

from __future__ import annotations

import bisect
from array import array
from typing import Sequence

#: One piece of a view's text: (where it starts in the text, its length, source start, source end or -1 when
#: the piece was copied one to one from the source).
Segment = tuple[int, int, int, int]


class TextView:
    """``text[i]`` came from ``source[starts[i]:ends[i]]``.

    ``starts`` never decreases along the text (every producer appends in source order),
    which is what ``index_at`` relies on.
    """

    __slots__ = ("text", "_starts", "_ends", "_segments", "_segment_sources", "_segment_texts")

    def __init__(self, text: str = "", starts: Sequence[int] | None = None, ends: Sequence[int] | None = None,
                 segments: list[Segment] | None = None) -> None:
        self.text = text
        self._segments = segments
        self._segment_sources: list[int] | None = None
        self._segment_texts: list[int] | None = None
        if segments is None:
            self._starts = array("q") if starts is None else starts
            self._ends = array("q") if ends is None else ends
        else:
            self._starts = self._ends = None

    @classmethod
    def identity(cls, text: str, offset: int = 0) -> "TextView":
        """A view of a piece of source that is its own text (plain text, Markdown, text that folding leaves
        as it is). Its maps are ``range`` objects: nothing is built per character."""
        n = len(text)
        return cls(text, range(offset, offset + n), range(offset + 1, offset + n + 1))

    def with_text(self, text: str) -> "TextView":
        """The same map under another text of the same length (a rewrite that moves no character)."""
        if self._segments is not None:
            return TextView(text, segments=self._segments)
        return TextView(text, self._starts, self._ends)

    @property
    def starts(self) -> Sequence[int]:
        if self._starts is None:
            self._materialise()
        return self._starts  # type: ignore[return-value]

    @property
    def ends(self) -> Sequence[int]:
        if self._ends is None:
            self._materialise()
        return self._ends  # type: ignore[return-value]

    def _materialise(self) -> None:
        starts, ends = array("q"), array("q")
        for _, length, source_start, source_end in self._segments or ():
            if source_end < 0:
                starts.extend(range(source_start, source_start + length))
                ends.extend(range(source_start + 1, source_start + length + 1))
            else:
                starts.extend([source_start] * length)
                ends.extend([source_end] * length)
        self._starts, self._ends = starts, ends

    def index_at(self, source_offset: int) -> int:
        """How many characters come from before ``source_offset`` (``bisect_left(starts, source_offset)``),
        found from the segments when the maps are not built."""
        if self._segments is None:
            return bisect.bisect_left(self.starts, source_offset)
        if self._segment_sources is None:
            self._segment_sources = [segment[2] for segment in self._segments]
        k = bisect.bisect_left(self._segment_sources, source_offset) - 1
        if k < 0:
            return 0
        text_start, length, source_start, source_end = self._segments[k]
        return text_start + (min(length, source_offset - source_start) if source_end < 0 else length)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw-source span covered by ``text[start:end]`` (``end`` exclusive, non-empty)."""
        if self._starts is not None:
            return self._starts[start], self._ends[end - 1]  # type: ignore[index]
        return self._span_of(start)[0], self._span_of(end - 1)[1]

    def source_runs(self, start: int, end: int) -> list[tuple[int, int]]:
        """The contiguous raw-source ranges behind ``text[start:end]``.

        A match that crosses markup (``cas<b>ino</b>``) maps to several runs;
        deleting the runs removes the text and leaves the tags alone.
        """
        runs: list[tuple[int, int]] = []
        for s, e in self._pieces(start, end):
            if runs and runs[-1][1] >= s:
                if e > runs[-1][1]:
                    runs[-1] = (runs[-1][0], e)
            else:
                runs.append((s, e))
        return runs

    def copied_piece(self, index: int) -> tuple[int, int] | None:
        """The source span of the piece copied one to one that holds ``text[index]`` (an HTML comment is
        copied whole); None when that character stands for a source span, or without segments."""
        if self._segments is None:
            return None
        _, length, source_start, source_end = self._segments[self._segment_at(index)]
        return (source_start, source_start + length) if source_end < 0 else None

    def _pieces(self, start: int, end: int) -> list[tuple[int, int]]:
        """The source span of each character of ``text[start:end]``, a piece copied one to one counting as one."""
        if self._segments is None:
            starts, ends = self.starts, self.ends
            return [(starts[i], ends[i]) for i in range(start, end)]
        pieces = []
        k = self._segment_at(start)
        while k < len(self._segments) and self._segments[k][0] < end:
            text_start, length, source_start, source_end = self._segments[k]
            if source_end < 0:
                lo, hi = max(start, text_start) - text_start, min(end, text_start + length) - text_start
                pieces.append((source_start + lo, source_start + hi))
            else:
                pieces.append((source_start, source_end))
            k += 1
        return pieces

    def _segment_at(self, index: int) -> int:
        """The segment holding ``text[index]``."""
        if self._segment_texts is None:
            self._segment_texts = [segment[0] for segment in self._segments or ()]
        return bisect.bisect_right(self._segment_texts, index) - 1

    def _span_of(self, index: int) -> tuple[int, int]:
        text_start, _, source_start, source_end = self._segments[self._segment_at(index)]  # type: ignore[index]
        if source_end < 0:
            return source_start + index - text_start, source_start + index - text_start + 1
        return source_start, source_end


class TextBuilder:
    """Appends text pieces with their source spans; produces a ``TextView``."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._segments: list[Segment] = []
        self._length = 0
        self.last_char = ""  # the text's last character, "" while it is empty

    def __len__(self) -> int:
        return self._length

    def add_verbatim(self, text: str, source_start: int) -> None:
        """Text copied one to one from ``source[source_start:]``."""
        if text:
            self._parts.append(text)
            self._segments.append((self._length, len(text), source_start, -1))
            self._length += len(text)
            self.last_char = text[-1]

    def add_mapped(self, text: str, source_start: int, source_end: int) -> None:
        """Text that stands for the whole span ``source[source_start:source_end]`` (an entity, a folded cluster)."""
        if text:
            self._parts.append(text)
            self._segments.append((self._length, len(text), source_start, source_end))
            self._length += len(text)
            self.last_char = text[-1]

    def build(self) -> TextView:
        return TextView("".join(self._parts), segments=self._segments)
