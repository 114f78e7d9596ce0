"""Packaged n-gram tables: file format and lazy, cached loading.

A table is a gzipped UTF-8 text file ``<lang>.lm.gz`` (built by
``tools/build_lm.py``)::

    #restoration-lm 2<TAB>lang=vi<TAB>tokens=N<TAB>d2=D<TAB>d3=D<TAB>source=...
    @unigrams
    word<TAB>count<TAB>inside a sentence<TAB>of those, in lowercase
    @bigrams
    a<TAB>T<TAB>G<TAB>w1 w2 ...<TAB>c1 c2 ...
    @trigrams
    a b<TAB>T<TAB>G<TAB>w1 w2 ...<TAB>c1 c2 ...
    @predecessors
    w<TAB>a1 a2 ...      (words kept in @bigrams directly before w)
    @skips               (optional)
    x<TAB>T<TAB>G<TAB>y1 y2 ...<TAB>c1 c2 ...
    @end

Every section is sorted, so a line is found by bisection.

Skip lines count pairs ``x _ y`` (one word between), pruned, with ``T`` =
pair total of ``x`` and ``G`` = distinct ``y`` before pruning (Witten-Bell).

A history line lists the followers kept after pruning with their counts, plus
statistics of the unpruned data, so that with the discount ``D`` of its order
(``d2``, ``d3``) ``P(w | h) = (max(c(h, w) - D, 0) + G * P_lower(w)) / T``
sums to one.  Interpolated Kneser-Ney tables (vi, id): ``T`` = history total,
``G`` = ``D`` per kept follower + pruned mass, and the unigram and bigram
counts are continuation counts.  Witten-Bell tables (en): ``D`` = 0, ``T`` =
history count + distinct followers, ``G`` = distinct followers + pruned mass.
"""
from __future__ import annotations

import gzip
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

#: A history's statistics: (T, G, follower counts).
History = tuple[int, float, dict[str, int]]

LANGUAGES = ("vi", "en", "id")
SOURCE_NAMES = {"vi": "Wikipedia", "id": "Leipzig news", "en": "Google Books via symspellpy"}


class SortedLines:
    """Sorted ``key<TAB>rest`` lines searched by bisection and parsed on
    first access: loading stays fast because a restoration touches only a
    few thousand of a table's lines.  (``<TAB>`` sorts before any printable
    character, so the order of the lines is the order of their keys.)"""

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines

    def __len__(self) -> int:
        return len(self._lines)

    def raw(self, key: str) -> str | None:
        prefix = key + "\t"
        i = bisect_left(self._lines, prefix)
        if i < len(self._lines) and self._lines[i].startswith(prefix):
            return self._lines[i][len(prefix):]
        return None


class Histories(SortedLines):
    """History lines: ``T<TAB>G<TAB>followers<TAB>counts``."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__(lines)
        self._parsed: dict[str, History | None] = {}

    def __contains__(self, key: str) -> bool:
        return self.get(key) is not None

    def get(self, key: str, default: History | None = None) -> History | None:
        if key in self._parsed:
            h = self._parsed[key]
        else:
            h = None
            line = self.raw(key)
            if line is not None:
                t, g, words, counts = line.split("\t")
                h = (int(t), float(g), dict(zip(words.split(" "), map(int, counts.split(" ")))))
            self._parsed[key] = h
        return default if h is None else h


@dataclass(eq=False)
class NgramTable:
    """One language's pruned unigram/bigram/trigram statistics."""

    language: str
    tokens: int
    discounts: tuple[float, float]  # absolute discounts of bigrams, trigrams
    unigrams: dict[str, int]
    casing: dict[str, tuple[int, int]]  # word -> (occurrences inside a sentence, in lowercase)
    bigrams: Histories
    trigrams: Histories
    reverse: SortedLines  # word<TAB>space-separated predecessors
    skips: Histories | None = None  # x -> statistics of y in "x _ y"

    def lowercase_share(self, word: str) -> float:
        """How often ``word`` is written in lowercase inside a sentence
        (add-one smoothed; 1 when unknown)."""
        inner, lower = self.casing.get(word, (0, 0))
        return (lower + 1) / (inner + 1)

    @property
    def source(self) -> str:
        return SOURCE_NAMES.get(self.language, self.language)

    def predecessors(self, word: str) -> list[str]:
        """Words kept in the bigram table directly before ``word``."""
        line = self.reverse.raw(word)
        return line.split(" ") if line else []


def parse_table(text: str) -> NgramTable:
    """Parse the text of a table file (see module docstring)."""
    lines = text.splitlines()
    if not lines or not lines[0].startswith("#restoration-lm 2\t"):
        raise ValueError("not a restoration n-gram table")
    meta = dict(f.split("=", 1) for f in lines[0].split("\t")[1:])
    marks = [lines.index(m) for m in ("@unigrams", "@bigrams", "@trigrams",
                                      "@predecessors", "@end")]
    skip_mark = lines.index("@skips", marks[3]) if "@skips" in lines[marks[3]:] else None
    parts = "\t".join(lines[marks[0] + 1:marks[1]]).split("\t")
    words = parts[0::4]
    return NgramTable(
        language=meta["lang"],
        tokens=int(meta["tokens"]),
        discounts=(float(meta["d2"]), float(meta["d3"])),
        unigrams=dict(zip(words, map(int, parts[1::4]))),
        casing=dict(zip(words, zip(map(int, parts[2::4]), map(int, parts[3::4])))),
        bigrams=Histories(lines[marks[1] + 1:marks[2]]),
        trigrams=Histories(lines[marks[2] + 1:marks[3]]),
        reverse=SortedLines(lines[marks[3] + 1:skip_mark or marks[4]]),
        skips=Histories(lines[skip_mark + 1:marks[4]]) if skip_mark else None,
    )


@lru_cache(maxsize=None)
def load_table(language: str) -> NgramTable | None:
    """The packaged table for ``language``, or None when none is shipped."""
    if language not in LANGUAGES:
        return None
    res = resources.files(__package__).joinpath("data").joinpath(f"{language}.lm.gz")
    if not res.is_file():
        return None
    with res.open("rb") as f:
        return parse_table(gzip.decompress(f.read()).decode("utf-8"))
