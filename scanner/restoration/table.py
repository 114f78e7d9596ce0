"""Packaged n-gram tables: file format and lazy, cached loading.

A table is a gzipped UTF-8 text file ``<lang>.lm.gz`` (built by
``tools/build_lm.py``)::

    #restoration-lm 1<TAB>lang=vi<TAB>tokens=N<TAB>source=...
    @unigrams
    word<TAB>count
    @bigrams
    a<TAB>T<TAB>G<TAB>w1 w2 ...<TAB>c1 c2 ...
    @trigrams
    a b<TAB>T<TAB>G<TAB>w1 w2 ...<TAB>c1 c2 ...
    @end

A history line lists the followers kept after pruning with their counts, plus
the Witten-Bell statistics of the unpruned data: ``T`` = history count +
number of distinct followers, ``G`` = distinct followers + pruned mass.
Then ``P(w | h) = (c(h, w) + G * P_lower(w)) / T`` sums to one.
"""
from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

#: A history's Witten-Bell statistics: (T, G, follower counts).
History = tuple[int, int, dict[str, int]]

LANGUAGES = ("vi", "en", "id")
SOURCE_NAMES = {"vi": "Wikipedia", "id": "Leipzig news", "en": "Google Books via symspellpy"}


@dataclass(eq=False)
class NgramTable:
    """One language's pruned unigram/bigram/trigram statistics."""

    language: str
    tokens: int
    unigrams: dict[str, int]
    bigrams: dict[str, History]
    trigrams: dict[str, History]
    _reverse: dict[str, list[str]] | None = field(default=None, repr=False)

    @property
    def source(self) -> str:
        return SOURCE_NAMES.get(self.language, self.language)

    def predecessors(self, word: str) -> list[str]:
        """Words seen directly before ``word`` (index built on first use)."""
        if self._reverse is None:
            rev: dict[str, list[str]] = {}
            for a, (_, _, followers) in self.bigrams.items():
                for b in followers:
                    rev.setdefault(b, []).append(a)
            self._reverse = rev
        return self._reverse.get(word, [])


def _parse_histories(lines: list[str]) -> dict[str, History]:
    out: dict[str, History] = {}
    for line in lines:
        key, t, g, words, counts = line.split("\t")
        out[key] = (int(t), int(g), dict(zip(words.split(" "), map(int, counts.split(" ")))))
    return out


def parse_table(text: str) -> NgramTable:
    """Parse the text of a table file (see module docstring)."""
    header, _, body = text.partition("\n")
    if not header.startswith("#restoration-lm 1"):
        raise ValueError("not a restoration n-gram table")
    meta = dict(f.split("=", 1) for f in header.split("\t")[1:])
    _, _, body = body.partition("@unigrams\n")
    uni_text, _, body = body.partition("@bigrams\n")
    bi_text, _, body = body.partition("@trigrams\n")
    tri_text, _, _ = body.partition("@end")
    parts = uni_text.replace("\n", "\t").split("\t")[:-1]
    unigrams = dict(zip(parts[0::2], map(int, parts[1::2])))
    return NgramTable(
        language=meta["lang"],
        tokens=int(meta["tokens"]),
        unigrams=unigrams,
        bigrams=_parse_histories(bi_text.splitlines()),
        trigrams=_parse_histories(tri_text.splitlines()),
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
