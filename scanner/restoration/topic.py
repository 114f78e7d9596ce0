"""Topical prior from the site's pages most similar to the infected page.

An n-gram window cannot tell "liệu pháp" (therapy) from "biện pháp"
(measure); the rest of the page can.  The clean site pages closest to the
infected page (tf-idf cosine) give a unigram distribution; a candidate gains
``log P_neighbours(w) / P_background(w)`` per gap.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

from .tokens import COMMA, SENT, tokenize

_SKIP = {SENT, COMMA, "0"}


class TopicIndex:
    """tf-idf vectors of the site's pages."""

    def __init__(self, docs: Iterable[Sequence[str]]) -> None:
        self.counts: list[Counter[str]] = []
        df: Counter[str] = Counter()
        for toks in docs:
            c = Counter(t for t in toks if t not in _SKIP)
            if c:
                self.counts.append(c)
                df.update(c.keys())
        n = len(self.counts)
        self.idf = {w: math.log((n + 1) / (k + 0.5)) for w, k in df.items()}
        self.lengths = [sum(c.values()) for c in self.counts]
        self.vectors = [self._vector(c) for c in self.counts]

    def _vector(self, counts: Counter[str]) -> dict[str, float]:
        vec = {w: (1 + math.log(k)) * self.idf.get(w, 0.0) for w, k in counts.items()}
        norm = math.sqrt(sum(x * x for x in vec.values())) or 1.0
        return {w: x / norm for w, x in vec.items()}

    def neighbours(self, page: Counter[str], k: int) -> list[tuple[float, int]]:
        """The ``k`` site pages most similar to ``page``: (cosine, index)."""
        if not self.counts:
            return []
        q = self._vector(Counter({w: c for w, c in page.items() if w not in _SKIP}))
        sims = [(sum(x * v.get(w, 0.0) for w, x in q.items()), i)
                for i, v in enumerate(self.vectors)]
        sims.sort(reverse=True)
        return [(s, i) for s, i in sims[:k] if s > 0]


@lru_cache(maxsize=16)
def topic_index_cached(texts: tuple[str, ...]) -> TopicIndex:
    return TopicIndex(tokenize(t) for t in texts)


class TopicPrior:
    """``log P_neighbours(w) - log P_background(w)``, Dirichlet-smoothed."""

    def __init__(self, index: TopicIndex, page: Counter[str], k: int, mu: float) -> None:
        self.index = index
        self.near = index.neighbours(page, k)
        self.mass = sum(s * index.lengths[i] for s, i in self.near)
        self.mu = mu

    def boost(self, word: str, p_background: float) -> float:
        if not self.near:
            return 0.0
        hits = sum(s * self.index.counts[i].get(word, 0) for s, i in self.near)
        return math.log((hits + self.mu * p_background) / (self.mass + self.mu)) \
            - math.log(p_background)
