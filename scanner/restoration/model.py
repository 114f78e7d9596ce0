"""Statistics behind the fill-in scores.

Interpolated trigram model: packaged table (Kneser-Ney, or Witten-Bell for
English) + site statistics (Witten-Bell).

Site counts (other clean pages of the same site, plus the clean parts of the
infected pages) are added to the table's (discounted) counts with weight
``site_weight``, and both back off to the same lower-order distribution:
site text is in-domain, so one site occurrence is worth several table ones.
A language without a table runs on the site counts alone.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

from .table import History, NgramTable
from .text import COMMA, SENT, tokenize

#: Pseudo-vocabulary size that gives unseen words a small unigram probability.
UNSEEN_VOCAB = 2_000_000


class SiteCounts:
    """Unigram/bigram/trigram counts of token streams, keyed like a table."""

    def __init__(self, streams: Iterable[Sequence[str]] = ()) -> None:
        self.unigrams: Counter[str] = Counter()
        self.bigrams: dict[str, Counter[str]] = {}
        self.trigrams: dict[str, Counter[str]] = {}
        self.predecessors: dict[str, set[str]] = {}
        self.tokens = 0
        for s in streams:
            self.add(s)

    def add(self, toks: Sequence[str]) -> None:
        """Count one stream; a stream has no n-gram across its ends."""
        self.unigrams.update(toks)
        self.tokens += len(toks)
        for a, b in zip(toks, toks[1:]):
            self.bigrams.setdefault(a, Counter())[b] += 1
            self.predecessors.setdefault(b, set()).add(a)
        for a, b, c in zip(toks, toks[1:], toks[2:]):
            self.trigrams.setdefault(f"{a} {b}", Counter())[c] += 1

    def merged(self, other: "SiteCounts") -> "SiteCounts":
        """``self`` plus ``other`` (small): untouched entries are shared."""
        out = SiteCounts()
        out.unigrams = self.unigrams + other.unigrams
        out.tokens = self.tokens + other.tokens
        for name in ("bigrams", "trigrams"):
            mine = dict(getattr(self, name))
            for h, cnt in getattr(other, name).items():
                mine[h] = mine[h] + cnt if h in mine else Counter(cnt)
            setattr(out, name, mine)
        preds = dict(self.predecessors)
        for w, p in other.predecessors.items():
            preds[w] = preds.get(w, set()) | p
        out.predecessors = preds
        return out


class SkipCounts:
    """Counts of pairs ``x _ y`` (one token between) in token streams;
    pairs touching ``skip_token`` (the gap) are left out."""

    def __init__(self, streams: Iterable[Sequence[str]], skip_token: str) -> None:
        self.pairs: Counter[tuple[str, str]] = Counter()
        for toks in streams:
            self.pairs.update((x, y) for x, y in zip(toks, toks[2:])
                              if x != skip_token and y != skip_token)
        self.totals: Counter[str] = Counter()
        self.types: Counter[str] = Counter()
        for (x, _), n in self.pairs.items():
            self.totals[x] += n
            self.types[x] += 1


@lru_cache(maxsize=8)
def site_counts_cached(texts: tuple[str, ...]) -> SiteCounts:
    """Site statistics are recomputed only when the site texts change."""
    return SiteCounts(tokenize(t) for t in texts)


_EMPTY: History = (0, 0, {})


class TrigramModel:
    """``P(x | u v)``, interpolated down to unigrams."""

    def __init__(self, table: NgramTable | None, site: SiteCounts, site_weight: float) -> None:
        self.table = table
        self.site = site
        self.beta = site_weight
        t_uni = table.unigrams if table else {}
        self.t_uni = t_uni
        self.d2, self.d3 = table.discounts if table else (0.0, 0.0)
        types = len(t_uni) + len(site.unigrams)
        total = (table.tokens if table else 0) + site_weight * site.tokens
        self._uni_den = total + types
        self._uni_floor = types / UNSEEN_VOCAB
        self._site_hist: dict[str, tuple[float, int]] = {}
        self._cache: dict[tuple[str, ...], float] = {}

    def p1(self, x: str) -> float:
        c = self.t_uni.get(x, 0) + self.beta * self.site.unigrams.get(x, 0)
        return (c + self._uni_floor) / self._uni_den

    def _site_stats(self, key: str, counts: Counter[str]) -> tuple[float, int]:
        st = self._site_hist.get(key)
        if st is None:
            st = (self.beta * sum(counts.values()), len(counts))
            self._site_hist[key] = st
        return st

    def _interp(self, x: str, key: str, hist: History, d: float, site: Counter[str] | None,
                lower: float) -> float:
        t, g, followers = hist
        c = followers.get(x, 0)
        num = (c - d if c > d else 0.0) + g * lower
        den = float(t)
        if site:
            s_total, s_types = self._site_stats(key, site)
            num += self.beta * site.get(x, 0) + s_types * lower
            den += s_total + s_types
        return num / den if den > 0 else lower

    def p2(self, x: str, v: str) -> float:
        hist = self.table.bigrams.get(v, _EMPTY) if self.table else _EMPTY
        return self._interp(x, v, hist, self.d2, self.site.bigrams.get(v), self.p1(x))

    def p3(self, x: str, u: str, v: str) -> float:
        key = f"{u} {v}"
        hist = self.table.trigrams.get(key, _EMPTY) if self.table else _EMPTY
        return self._interp(x, key, hist, self.d3, self.site.trigrams.get(key), self.p2(x, v))

    def logp(self, x: str, u: str, v: str) -> float:
        """Cached ``log P(x | u v)``."""
        k = (x, u, v)
        r = self._cache.get(k)
        if r is None:
            r = math.log(self.p3(x, u, v))
            self._cache[k] = r
        return r

    def log_bigram(self, x: str, v: str) -> float:
        return math.log(self.p2(x, v))

    def followers(self, v: str) -> Iterable[str]:
        """Words seen after ``v`` in the table or on the site."""
        hist = self.table.bigrams.get(v) if self.table else None
        if hist:
            yield from hist[2]
        yield from self.site.bigrams.get(v, ())

    def predecessors(self, x: str) -> Iterable[str]:
        """Words seen before ``x`` in the table or on the site."""
        if self.table:
            yield from self.table.predecessors(x)
        yield from self.site.predecessors.get(x, ())

    def p_skip(self, y: str, x: str, page: SkipCounts) -> float:
        """``P(y | x _)``: the word two places after ``x``, from the table's
        skip pairs plus the page's own (weighted like site counts), smoothed
        Witten-Bell towards ``p1(y)``."""
        hist = self.table.skips.get(x, _EMPTY) if self.table and self.table.skips else _EMPTY
        t, g, followers = hist
        lower = self.p1(y)
        pc, pt, pg = page.pairs.get((x, y), 0), page.totals.get(x, 0), page.types.get(x, 0)
        den = t + self.beta * pt + g + pg
        if den <= 0:
            return lower
        return (followers.get(y, 0) + self.beta * pc + (g + pg) * lower) / den

    def frequent_words(self, n: int) -> list[str]:
        """The ``n`` most frequent words of the table and of the site."""
        words = [w for w, _ in self.site.unigrams.most_common(n)]
        if self.table:
            words += _table_top(self.table, n)
        return words


@lru_cache(maxsize=None)
def _table_top(table: NgramTable, n: int) -> list[str]:
    return [w for w, _ in Counter(table.unigrams).most_common(n)]


# Topical prior from the site's pages most similar to the infected page.
# An n-gram window cannot tell "liệu pháp" (therapy) from "biện pháp"
# (measure); the rest of the page can.  The clean site pages closest to the
# infected page (tf-idf cosine) give a unigram distribution; a candidate gains
# ``log P_neighbours(w) / P_background(w)`` per gap.

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


@lru_cache(maxsize=8)
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
