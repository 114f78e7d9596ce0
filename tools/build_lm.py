"""Build the n-gram tables shipped in ``scanner/restoration/data/``.

Usage: ``python tools/build_lm.py [--lm-dir ../shared/lm] [--out DIR]``

* vi: ``vi-wikipedia.txt.gz`` (Wikipedia, CC BY-SA) -> ``vi.lm.gz`` (trigrams,
  and skip pairs ``x _ y`` seen >= 5 times)
* id: ``id-leipzig-news-2008.txt.gz`` (Leipzig, CC BY) -> ``id.lm.gz`` (trigrams)
* en: the unigram/bigram tables shipped inside the ``symspellpy`` PyPI package
  (Google Books Ngram, CC BY 3.0) -> ``en.lm.gz`` (bigrams).  ``symspellpy`` is
  needed only here (``pip install -e ".[lm-build]"``), never at run time.

The output is deterministic (sorted, gzip mtime 0).  Format: see
``scanner/restoration/table.py``.  vi and id are interpolated Kneser-Ney: the
trigram level keeps raw counts, the bigram and unigram levels keep
continuation counts (how many distinct words precede the n-gram), each level
with one absolute discount ``D = n1 / (n1 + 2 n2)``.  Each history line
carries the statistics of the *unpruned* data (``T`` = history total, ``G`` =
discounted mass + pruned mass), so that pruning moves probability mass to the
lower order instead of losing it.  English (bigrams only, no running text to
count continuations in) stays Witten-Bell: ``D = 0``, ``T`` = history count +
distinct followers, ``G`` = distinct followers + pruned mass.
"""
from __future__ import annotations

import argparse
import gzip
import importlib.util
import io
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scanner.restoration.text import SENT, iter_tokens  # noqa: E402

BITS = 21
MASK = (1 << BITS) - 1

# (source file, unigram min count, bigram min count, trigram min count,
# skip-pair min count or 0 for no skip section); unigram and bigram
# thresholds apply to continuation counts
CORPORA = {
    "vi": ("vi-wikipedia.txt.gz", 2, 2, 2, 5),
    "id": ("id-leipzig-news-2008.txt.gz", 1, 1, 2, 0),
}
SOURCES = {
    "vi": "Vietnamese Wikipedia (undertheseanlp/corpus.viwiki), CC BY-SA",
    "id": "Leipzig Corpora Collection ind_news_2008 sample, CC BY",
    "en": "symspellpy frequency dictionaries (Google Books Ngram), CC BY 3.0",
}
EN_NOMINAL_TOKENS = 2e8  # English counts are rescaled to a corpus of this size


def count_corpus(path: Path) -> tuple[list[str], Counter, Counter, Counter, Counter, Counter]:
    """Bigram, trigram and skip-pair counts over integer word ids, and per
    word how often it occurs inside a sentence and how often in lowercase
    there.  Each line starts with two sentence ends, so every bigram ends a
    counted trigram.  A skip pair is two words with one word between them
    (``x _ y``); the line gets one more sentence end for them."""
    ids: dict[str, int] = {SENT: 0}
    bi: Counter = Counter()
    tri: Counter = Counter()
    skip: Counter = Counter()
    inner: Counter = Counter()
    lower: Counter = Counter()
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            x = [0, 0]
            for tok, _, _, raw in iter_tokens(unicodedata.normalize("NFC", line)):
                i = ids.setdefault(tok, len(ids))
                if x[-1] != 0:
                    inner[i] += 1
                    lower[i] += raw == raw.lower()
                x.append(i)
            x.append(0)
            bi.update((a << BITS) | b for a, b in zip(x, x[1:]))
            tri.update((a << 2 * BITS) | (b << BITS) | c for a, b, c in zip(x, x[1:], x[2:]))
            skip.update((a << BITS) | c for a, c in zip(x, x[2:] + [0]))
    vocab = [""] * len(ids)
    for w, i in ids.items():
        vocab[i] = w
    return vocab, bi, tri, inner, lower, skip


def continuation(grams: Counter, kept_words: int) -> Counter:
    """Kneser-Ney continuation counts: for each suffix of ``kept_words``
    words, the number of distinct n-grams it ends."""
    mask = (1 << (BITS * kept_words)) - 1
    return Counter(key & mask for key in grams)


def discount(grams: Counter) -> float:
    """Absolute discount ``n1 / (n1 + 2 n2)`` (Ney et al. 1994)."""
    freq = Counter(c for c in grams.values() if c <= 2)
    return freq[1] / (freq[1] + 2 * freq[2]) if freq[1] else 0.5


def by_history(vocab: list[str], grams: Counter, min_count: int
               ) -> tuple[Counter, Counter, dict[int, list[tuple[str, int]]]]:
    """Per history (the key without its last word): the total count, the number of distinct
    followers, and the followers seen at least ``min_count`` times with their counts."""
    total: Counter = Counter()
    distinct: Counter = Counter()
    kept: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for key, c in grams.items():
        h = key >> BITS
        total[h] += c
        distinct[h] += 1
        if c >= min_count:
            kept[h].append((vocab[key & MASK], c))
    return total, distinct, kept


def history_lines(vocab: list[str], grams: Counter, min_count: int, hist_words: int,
                  d: float) -> list[str]:
    """One line per history that keeps at least one follower after pruning;
    ``G`` = ``d`` per distinct follower + the mass of pruned followers."""
    total, _, kept = by_history(vocab, grams, min_count)
    lines = []
    for h, followers in kept.items():
        words = [vocab[(h >> (BITS * i)) & MASK] for i in reversed(range(hist_words))]
        stored = sum(c for _, c in followers)
        g = d * len(followers) + total[h] - stored
        followers.sort()
        lines.append("\t".join((
            " ".join(words), str(total[h]), f"{g:.2f}".rstrip("0").rstrip("."),
            " ".join(w for w, _ in followers), " ".join(str(c) for _, c in followers),
        )))
    lines.sort()
    return lines


def skip_lines(vocab: list[str], grams: Counter, min_count: int) -> list[str]:
    """Skip pairs ``x _ y`` as history lines of ``x`` with Witten-Bell
    statistics of the unpruned data: ``T`` = pair total of ``x``, ``G`` =
    distinct ``y`` (the restorer smooths ``(c + G * P(y)) / (T + G)``)."""
    total, distinct, kept = by_history(vocab, grams, min_count)
    lines = []
    for h, followers in kept.items():
        followers.sort()
        lines.append("\t".join((vocab[h], str(total[h]), str(distinct[h]),
                                " ".join(w for w, _ in followers),
                                " ".join(str(c) for _, c in followers))))
    lines.sort()
    return lines


Parts = tuple[list[str], list[str], list[str], int, tuple[float, float], list[str]]


def build_counted(path: Path, min1: int, min2: int, min3: int, min_skip: int = 0) -> Parts:
    """Kneser-Ney statistics of one raw-text corpus (one document a line),
    plus skip pairs when ``min_skip`` > 0."""
    vocab, bi, tri, inner, lower, skip = count_corpus(path)
    skips = skip_lines(vocab, skip, min_skip) if min_skip else []
    del skip
    cont_bi = continuation(tri, 2)
    cont_uni = continuation(bi, 1)
    unigrams = sorted(f"{vocab[i]}\t{c}\t{inner[i]}\t{lower[i]}"
                      for i, c in cont_uni.items() if c >= min1)
    d2, d3 = discount(cont_bi), discount(tri)
    return (unigrams, history_lines(vocab, cont_bi, min2, 1, d2),
            history_lines(vocab, tri, min3, 2, d3), sum(cont_uni.values()), (d2, d3), skips)


def build_english() -> Parts:
    """Convert symspellpy's tables; its bigram counts come from a bigger
    corpus than its unigrams, so they are rescaled by the ratio of totals."""
    spec = importlib.util.find_spec("symspellpy")
    if spec is None or spec.origin is None:
        sys.exit("English needs the symspellpy package at build time: pip install -e '.[lm-build]'")
    pkg = Path(spec.origin).parent
    uni: dict[str, float] = {}
    for line in (pkg / "frequency_dictionary_en_82_765.txt").read_text("utf-8").splitlines():
        w, c = line.split()
        uni[w] = float(c)
    bi: dict[str, dict[str, float]] = defaultdict(dict)
    for line in (pkg / "frequency_bigramdictionary_en_243_342.txt").read_text("utf-8").splitlines():
        a, b, c = line.split()
        bi[a][b] = float(c)
    n_uni = sum(uni.values())
    ratio = sum(sum(f.values()) for f in bi.values()) / n_uni
    scale = EN_NOMINAL_TOKENS / n_uni
    # no case information: every word counts as written in lowercase
    unigrams = sorted(f"{w}\t{n}\t{n}\t{n}" for w, c in uni.items() if (n := round(c * scale)) >= 1)
    bigrams = []
    for a, followers in bi.items():
        kept = sorted((b, round(c / ratio * scale)) for b, c in followers.items())
        kept = [(b, c) for b, c in kept if c >= 1]
        if not kept:
            continue
        stored = sum(c for _, c in kept)
        hist = max(round(uni.get(a, 0.0) * scale), stored)
        t = hist + len(kept)
        g = len(kept) + hist - stored
        bigrams.append("\t".join((a, str(t), str(g), " ".join(b for b, _ in kept),
                                  " ".join(str(c) for _, c in kept))))
    bigrams.sort()
    return unigrams, bigrams, [], round(EN_NOMINAL_TOKENS), (0.0, 0.0), []


def predecessor_lines(bigrams: list[str]) -> list[str]:
    """``w<TAB>a1 a2 ...``: the reverse index of the kept bigrams."""
    rev: dict[str, list[str]] = defaultdict(list)
    for line in bigrams:
        a, _, _, followers, _ = line.split("\t")
        for b in followers.split(" "):
            rev[b].append(a)
    return sorted(f"{b}\t{' '.join(sorted(preds))}" for b, preds in rev.items())


def write_table(path: Path, lang: str, parts: Parts) -> None:
    unigrams, bigrams, trigrams, tokens, (d2, d3), skips = parts
    header = (f"#restoration-lm 2\tlang={lang}\ttokens={tokens}\td2={d2:.4f}\td3={d3:.4f}"
              f"\tsource={SOURCES[lang]}")
    text = "\n".join([header, "@unigrams", *unigrams, "@bigrams", *bigrams,
                      "@trigrams", *trigrams, "@predecessors", *predecessor_lines(bigrams),
                      *(["@skips", *skips] if skips else []), "@end"]) + "\n"
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    path.write_bytes(buf.getvalue())
    print(f"{path.name}: {len(unigrams)} unigrams, {len(bigrams)} bigram histories, "
          f"{len(trigrams)} trigram histories, {len(skips)} skip histories, "
          f"{path.stat().st_size / 1e6:.2f} MB")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lm-dir", type=Path, default=ROOT.parent / "shared" / "lm")
    ap.add_argument("--out", type=Path, default=ROOT / "scanner" / "restoration" / "data")
    ap.add_argument("--lang", action="append", choices=["vi", "id", "en"],
                    help="build only these languages (default: all)")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for lang in args.lang or ["vi", "id", "en"]:
        if lang == "en":
            parts = build_english()
        else:
            name, *mins = CORPORA[lang]
            parts = build_counted(args.lm_dir / name, *mins)
        write_table(args.out / f"{lang}.lm.gz", lang, parts)


if __name__ == "__main__":
    main()
