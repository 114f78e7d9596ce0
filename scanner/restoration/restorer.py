"""Restore the word that an injected spam string replaced.

One word was replaced consistently (every occurrence, case-exact), so one
filler must fit every gap: a candidate is scored by its trigram fill-in
log-probability summed over all gaps of all pages.  The replaced word can no
longer occur in any infected page, which removes most candidates.  The
scores come from the packaged table plus site statistics (``model``), a
topical prior from the site pages most similar to the infected page, and how
often the table saw the word in lowercase (the replaced word is a lowercase
one: name syllables such as "việt" rarely are).  Where the table has skip
pairs (vi), the words two places before and after each gap add wider
context than the trigrams see.  The
posterior over candidates (softmax with a calibrated temperature) decides
whether to answer.  If joining the left and right context directly is more
likely than any fill, the spam was inserted, not substituted.
"""
from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import regex

from .model import (
    SiteCounts, SkipCounts, TopicPrior, TrigramModel, site_counts_cached, topic_index_cached,
)
from .table import load_table
from .text import (
    COMMA, SENT, UNSPACED_SCRIPTS, detect_language, dominant_script, iter_tokens, to_old_style, uses_old_style,
)

GAP = "\x00"  # stands for the unknown word in a token window
# Table words that are never written in lowercase, so never the replaced
# (lowercase) word although their lowercase form is absent from every page.
NEVER_LOWERCASE = {"i", "i'm", "i've", "i'd", "i'll"}
_POSSESSIVE = regex.compile(r"['’]\p{L}")
#: A single Latin letter other than the English "a": what tables count from formulas and initials ("e", "x"), never
#: the word an injection replaced ("seizes 5,000 e watches").
_STRAY_LETTER = regex.compile(r"^[b-z]$")
_IS_WORD = regex.compile(r"^[^\W\d_]+(?:['’][^\W\d_]+)*$")
#: Quotation marks and brackets that open a sentence ("[Người dân", "“Người ấy").
_OPENING_MARKS = "\"'“‘„«([{"
_OPENING_QUOTES = ('"', "“", "„", "«")
_LAST_WORD = regex.compile(r"([^\W_]+)\W*$")
_FIRST_WORD = regex.compile(r"^\W*?([^\W_]+)")
#: Two tokens of left context, the gap, two tokens of right context.
Window = tuple[str, str, str, str, str]


@dataclass(frozen=True)
class Gap:
    """Where a spam string sits: ``texts[document][start:end]``."""

    document: int
    start: int
    end: int


@dataclass(frozen=True)
class Candidate:
    word: str
    score: float  # posterior probability


@dataclass(frozen=True)
class Restoration:
    """What the spam stood for, and what to write in its place."""

    kind: Literal["replaced", "inserted"]  # spam replaced a word / was put between words
    word: str | None                # restored word (None when abstaining or inserted)
    confidence: float               # posterior of the best word (of "inserted" for that kind)
    candidates: tuple[Candidate, ...]  # top 5 with posteriors
    fillers: tuple[str, ...]        # per gap, the exact text to put where the spam was
    evidence: str                   # gaps, pages and statistics used, in words
    language: str | None


@dataclass(frozen=True)
class Settings:
    """Calibration constants (tuned on the benchmark's dev split)."""

    temperature: float = 1.0     # posterior = softmax(score / (temperature * n ** gap_exponent))
    gap_exponent: float = 0.0
    site_weight: float = 10.0    # one site occurrence counts as this many table ones
    insert_margin: float = 0.0   # nats per gap by which the join must beat the fill
    insert_sure: float = 10.0    # ... to call "inserted" even when one word fits well
    topic_weight: float = 1.0    # weight of the topical prior, per gap
    neighbours: int = 20         # similar site pages behind the topical prior
    topic_mu: float = 2000.0     # Dirichlet smoothing of the neighbours' unigrams
    shortlist: int = 200         # candidates kept after the bigram pre-ranking
    frequent: int = 300          # most frequent words always considered
    case_weight: float = 1.0     # weight of log P(lowercase | word), per gap
    skip_weight: float = 0.0     # weight of the skip-pair score (needs table skip pairs)


DEFAULT_SETTINGS = Settings(temperature=1.5, gap_exponent=0.5)
#: Calibration per language, tuned on the benchmark's dev split (600
#: single-page and 30 pooled trials per language).  Posterior: the most
#: answers at min_confidence 0.99 with dev precision >= 97.5 % (vi) / 96.5 %
#: (en, id).  insert_margin: the largest of 0, 0.5, ... 3 that still calls
#: >= 90 % of 150 dev insertions "inserted" (fewer abstaining replacements
#: are then mislabelled "inserted": vi 60 -> 29 %, id 71 -> 46 %).
#: skip_weight (vi): of 0.125, 0.25, 0.5 the one with the most such answers.
CALIBRATION = {
    "vi": Settings(temperature=1.0, gap_exponent=0.25, site_weight=3.0, insert_margin=1.5,
                   skip_weight=0.25),
    "en": Settings(temperature=1.25, gap_exponent=0.25),
    "id": Settings(temperature=1.25, gap_exponent=0.25, insert_margin=1.5),
}


def settings_for(language: str | None) -> Settings:
    """The calibrated settings of ``language`` (conservative when unknown)."""
    return CALIBRATION.get(language or "", DEFAULT_SETTINGS)


def _find_occurrences(texts: Sequence[str], gaps: Sequence[Gap]) -> list[list[tuple[int, int]]]:
    """Every occurrence of every spam string, per document, sorted."""
    spams = {texts[g.document][g.start:g.end] for g in gaps}
    spams.discard("")
    occ: list[set[tuple[int, int]]] = [set() for _ in texts]
    for g in gaps:
        occ[g.document].add((g.start, g.end))
    for d, text in enumerate(texts):
        for spam in spams:
            i = text.find(spam)
            while i >= 0:
                occ[d].add((i, i + len(spam)))
                i = text.find(spam, i + len(spam))
    out = []
    for spans in occ:
        merged: list[tuple[int, int]] = []
        for s, e in sorted(spans):
            if merged and s < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
            else:
                merged.append((s, e))
        out.append(merged)
    return out


def _tokens_with_gaps(text: str, spans: list[tuple[int, int]], shared: frozenset[str] = frozenset()
                      ) -> tuple[list[str], set[str]]:
    """Tokens of ``text`` with each span replaced by :data:`GAP`, and the set of word forms that occur in
    lowercase (for the absence constraint) outside the lines in ``shared``.

    Lines that other pages of the site carry too are its template (a menu, a comment form: "Email của bạn
    sẽ không được hiển thị công khai"), which an injection into the article text leaves as it was.
    """
    toks: list[str] = [SENT]
    present: set[str] = set()
    template = _line_spans(text, shared, spans)
    template_starts = [a for a, _ in template]
    pos = 0
    for s, e in [*spans, (len(text), len(text))]:
        for tok, start, _, raw in iter_tokens(text[pos:s]):
            toks.append(tok)
            line = bisect_right(template_starts, pos + start) - 1
            if raw == raw.lower() and not (line >= 0 and pos + start < template[line][1]):
                present.add(tok)
        if s < len(text):
            toks.append(GAP)
        pos = e
    toks.append(SENT)
    return toks, present


def _line_spans(text: str, lines: frozenset[str], gaps: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where ``text`` has a line of ``lines`` that holds no gap."""
    if not lines:
        return []
    out, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip() in lines and not any(start <= s < end + 1 for s, _ in gaps):
            out.append((start, end))
        start = end + 1
    return out


def _lines_of(text: str) -> frozenset[str]:
    return frozenset(line.strip() for line in text.split("\n") if line.strip())


@lru_cache(maxsize=8)
def _site_lines(site_texts: tuple[str, ...]) -> frozenset[str]:
    return frozenset().union(*map(_lines_of, site_texts))


def _shared_lines(texts: Sequence[str], site_texts: Sequence[str]) -> list[frozenset[str]]:
    """Per text, its lines that a site page or another of the texts carries too (the site's template)."""
    site = _site_lines(tuple(site_texts))
    own = [_lines_of(text) for text in texts]
    carried = Counter(line for lines in own for line in lines)
    return [frozenset(line for line in lines if line in site or carried[line] > 1) for lines in own]


def _windows(toks: list[str]) -> list[Window]:
    return [
        (toks[i - 2] if i >= 2 else SENT, toks[i - 1], GAP,
         toks[i + 1], toks[i + 2] if i + 2 < len(toks) else SENT)
        for i, t in enumerate(toks) if t == GAP
    ]


def _page_counts(streams: list[list[str]]) -> SiteCounts:
    """Counts of the clean parts of the infected pages (split at gaps)."""
    parts: list[list[str]] = []
    for toks in streams:
        cur: list[str] = []
        for t in toks:
            if t == GAP:
                parts.append(cur)
                cur = []
            else:
                cur.append(t)
        parts.append(cur)
    return SiteCounts(parts)


def _fill_score(model: TrigramModel, windows: Counter[Window], w: str) -> float:
    total = 0.0
    for win, n in windows.items():
        t = [w if x == GAP else x for x in win]
        total += n * (model.logp(t[2], t[0], t[1]) + model.logp(t[3], t[1], t[2])
                      + model.logp(t[4], t[2], t[3]))
    return total


def _skip_score(model: TrigramModel, windows: Counter[Window], page: SkipCounts,
                w: str) -> float:
    """Wider context than the trigrams see: ``log P(w | a _) - log P(w)`` for
    the word two places before the gap and ``log P(d | w _)`` for the word
    two places after it (skip pairs ``a _ w`` and ``w _ d``)."""
    total = 0.0
    log_p1 = math.log(model.p1(w))
    for (a, _, _, _, d), n in windows.items():
        if a != GAP:
            total += n * (math.log(model.p_skip(w, a, page)) - log_p1)
        if d != GAP:
            total += n * math.log(model.p_skip(d, w, page))
    return total


def _join_score(model: TrigramModel, windows: Counter[Window]) -> float:
    total = 0.0
    for (a, b, _, c, d), n in windows.items():
        if GAP in (a, b, c, d):
            continue
        total += n * (model.logp(c, a, b) + model.logp(d, b, c))
    return total


def _candidates(model: TrigramModel, windows: Counter[Window], absent: set[str],
                settings: Settings, also: Sequence[str] = ()) -> list[str]:
    """Shortlist by a bigram score before the full trigram scoring, plus the words ``also`` (when not absent)."""
    pool: set[str] = set(model.frequent_words(settings.frequent))
    for _, b, _, c, _ in windows:
        if b != GAP:
            pool.update(model.followers(b))
        if c != GAP:
            pool.update(model.predecessors(c))
    pool = {w for w in pool if w not in absent and _IS_WORD.match(w) and not _STRAY_LETTER.match(w)}
    contexts = Counter()
    for (_, b, _, c, _), n in windows.items():
        contexts[(b, c)] += n
    scored = []
    for w in pool:
        s = 0.0
        for (b, c), n in contexts.items():
            if b != GAP:
                s += n * model.log_bigram(w, b)
            if c != GAP:
                s += n * model.log_bigram(c, w)
        scored.append((s, w))
    scored.sort(reverse=True)
    shortlist = [w for _, w in scored[: settings.shortlist]]
    return shortlist + [w for w in also if w not in absent and w not in shortlist]


def filler(text: str, start: int, end: int, word: str, language: str | None) -> str:
    """``word`` as it should be written in place of ``text[start:end]``: the page's Vietnamese tone style,
    capitalised at a sentence start or inside a name, with the spaces the gap needs."""
    if language == "vi" and uses_old_style(text):
        word = to_old_style(word)
    return _case_and_space(text, start, end, word, language)


#: Languages whose names are made of ordinary syllables ("Nguyễn Bảo Quang"): a word between two capitalised ones
#: is part of a name. In English or Indonesian it is as often a verb or a function word ("McGuire said Apple",
#: "Bank of England"), and names are not restored (the replaced word is a lowercase one).
_NAMES_OF_WORDS = frozenset(("vi",))


#: Share of a word's occurrences written in lowercase (in the language's table) from which it is no part of a name:
#: "của", "trong", "và" stand between two names ("Xi măng Thăng Long của Việt Nam") and stay lowercase there.
NEVER_IN_NAMES = 0.95


def _may_name(word: str, language: str) -> bool:
    """Whether ``word`` is written capitalised often enough to be a syllable of a name (no table: it may)."""
    table = load_table(language)
    return table is None or table.lowercase_share(word.lower()) < NEVER_IN_NAMES


def _case_and_space(text: str, start: int, end: int, word: str, language: str | None = "vi") -> str:
    """The word as it should be written at this gap (case and spacing)."""
    before, after = text[:start], text[end:]
    stripped = before.rstrip(" \t")
    if _opens_sentence(stripped):
        word = word[:1].upper() + word[1:]
    else:
        # a name: the words right before and after are capitalised ("Nguyễn _ Quang"); an acronym before
        # a name is an office or a title, and the word between is a common noun ("UBND tỉnh Quảng Nam"); a word
        # capitalised because it opens the sentence is no name ("“Mayoritas _ Jatim puas")
        window = stripped[-60:]
        left = _LAST_WORD.search(window)
        right = _FIRST_WORD.search(after.lstrip(" \t")[:60])
        if left and right and stripped[-1].isalnum() and after.lstrip(" \t")[:1].isalnum():
            lw, rw = left.group(1), right.group(1)
            if len(lw) > 1 and len(rw) > 1 and lw.isupper() and rw.isupper():
                word = word.upper()
            elif language in _NAMES_OF_WORDS and lw[0].isupper() and rw[0].isupper() and not (len(lw) > 1 and lw.isupper()) \
                    and not _opens_sentence(stripped[:len(stripped) - len(window) + left.start(1)], quoted=True) \
                    and _may_name(word, language):
                word = word[:1].upper() + word[1:]
    if before and (before[-1].isalnum() or before[-1] in ",;:.!?)]}"):
        word = " " + word
    if after and (after[0].isalnum() or after[0] in "([{"):
        word += " "
    return word


def _in_names(texts: Sequence[str], gaps: Sequence[Gap]) -> bool:
    """Whether two gaps or more follow a capitalised word that does not open its sentence ("Trung _", "Hàn _"), and
    none a word in lower case (a gap opening a sentence, or after a word capitalised for opening one, says nothing):
    the replaced word was then a name's last syllable, written with a capital ("Quốc"), which a case-exact replacement
    took only where it was so written. The absence constraint reads the page's words in lower case ("quốc phòng"
    stays), so it rules the right word out, and another word that fits after the first syllable ("Trung ương")
    would be put back with confidence."""
    inside = 0
    for gap in gaps:
        before = texts[gap.document][:gap.start].rstrip(" \t")
        word = _LAST_WORD.search(before[-60:])
        if word is None or not before[-1:].isalnum() or _opens_sentence(before[:len(before) - len(word.group(1))]):
            continue
        if not word.group(1)[:1].isupper() or word.group(1).isupper():
            return False
        inside += 1
    return inside >= 2


def _opens_sentence(before: str, quoted: bool = False) -> bool:
    """Whether what comes after ``before`` opens a sentence (a quotation mark or a bracket may open it); with
    ``quoted``, so does what opens a quotation (``dia, "Mayoritas``: quoted speech starts with a capital)."""
    stripped = before.rstrip(" \t")
    opening = stripped.rstrip(_OPENING_MARKS).rstrip(" \t")
    return not opening or opening[-1] in ".!?…\n" or quoted and stripped.endswith(_OPENING_QUOTES)


def _evidence(n_gaps: int, n_pages: int, lang: str | None, has_table: bool,
              source: str, n_site: int) -> str:
    gaps = f"{n_gaps} gap{'s' if n_gaps != 1 else ''} on {n_pages} page{'s' if n_pages != 1 else ''}"
    site = f"site statistics ({n_site} page{'s' if n_site != 1 else ''})" if n_site else ""
    if has_table:
        return f"{gaps}; {lang} table ({source})" + (f" + {site}" if site else "")
    what = f"no table for {lang}" if lang else "language unknown"
    return f"{gaps}; {what}; " + (f"{site} + the page itself" if site else "the page itself only")


@dataclass(frozen=True)
class Scores:
    """Raw fill-in scores (sum of log-probabilities over all gaps)."""

    fill: dict[str, float]     # shortlisted candidate -> score
    join_margin: float         # per gap: log P(direct join) - log sum P(fill)
    n_gaps: int                # gaps scored (every occurrence of the spam)
    language: str | None
    evidence: str
    glued: bool = False        # a gap touches a letter or a possessive ("The <spam>'s plans"): part of a word went

    def posterior(self, settings: Settings) -> list[tuple[str, float]]:
        """Candidates with posterior probabilities, best first.

        Gaps of one page share topic and style, so their evidence is not
        independent: the temperature grows as ``n_gaps ** gap_exponent``.
        """
        if not self.fill:
            return []
        temp = settings.temperature * self.n_gaps ** settings.gap_exponent
        best = max(self.fill.values())
        weights = {w: math.exp((s - best) / temp) for w, s in self.fill.items()}
        z = sum(weights.values())
        return sorted(((w, x / z) for w, x in weights.items()), key=lambda kv: -kv[1])


def score(texts: Sequence[str], gaps: Sequence[Gap], *, language: str | None = None,
          site_texts: Sequence[str] = (), settings: Settings | None = None, also: Sequence[str] = ()) -> Scores:
    """Score the candidate words for ``gaps`` (the first half of :func:`restore`), the words ``also`` among
    them."""
    occurrences = _find_occurrences(texts, gaps)
    streams, absent = [], {SENT, COMMA, *NEVER_LOWERCASE}
    for text, spans, shared in zip(texts, occurrences, _shared_lines(texts, site_texts)):
        toks, present = _tokens_with_gaps(text, spans, shared)
        streams.append(toks)
        absent |= present
    lang = language or detect_language(" ".join(texts))
    settings = settings or settings_for(lang)
    table = load_table(lang) if lang else None
    script = dominant_script(" ".join(texts))
    # the replaced word is in the page's script: pages of the site in other scripts say nothing of it
    site_texts = [t for t in site_texts if dominant_script(t) == script]
    site = site_counts_cached(tuple(site_texts)).merged(_page_counts(streams))
    model = TrigramModel(table, site, settings.site_weight)
    windows = Counter(w for toks in streams for w in _windows(toks))
    n_gaps = sum(windows.values())
    evidence = _evidence(n_gaps, sum(1 for spans in occurrences if spans), lang,
                         table is not None, table.source if table else "", len(site_texts))
    if script in UNSPACED_SCRIPTS:
        return Scores({}, 0.0, n_gaps, lang, f"{evidence}; words are not written apart in this script, "
                                             "so no word is put back")
    if table is None and not site_texts and len(texts) == 1:
        # the page's own words are the only candidates: one that fits is no evidence ("Nice & useful. <spam>")
        return Scores({}, 0.0, n_gaps, lang, f"{evidence}; too little text to choose a word")
    shortlist = _candidates(model, windows, absent, settings, also) if windows else []
    fill = {w: _fill_score(model, windows, w) for w in shortlist}
    if table and settings.case_weight:
        # the replaced word is a lowercase one (see the absence constraint):
        # syllables of names ("việt", "hà") are rarely written so
        for w in fill:
            fill[w] += settings.case_weight * n_gaps * math.log(table.lowercase_share(w))
    if settings.topic_weight and site_texts and fill:
        page = Counter(t for toks in streams for t in toks if t != GAP)
        prior = TopicPrior(topic_index_cached(tuple(site_texts)), page,
                           settings.neighbours, settings.topic_mu)
        for w in fill:
            fill[w] += settings.topic_weight * n_gaps * prior.boost(w, model.p1(w))
    join_margin = 0.0
    if fill:
        best = max(fill.values())
        log_fill = best + math.log(sum(math.exp(s - best) for s in fill.values()))
        join_margin = (_join_score(model, windows) - log_fill) / n_gaps
    if settings.skip_weight and table and table.skips:
        # after the join margin, which compares trigram scores only
        page_skips = SkipCounts(streams, GAP)
        for w in fill:
            fill[w] += settings.skip_weight * _skip_score(model, windows, page_skips, w)
    return Scores(fill, join_margin, n_gaps, lang, evidence, _glued(texts, occurrences))


def _glued(texts: Sequence[str], occurrences: list[list[tuple[int, int]]]) -> bool:
    """Whether a gap is written against a letter or digit, or before a possessive ("The <spam>'s plans"): the
    spam took the place of (part of) a word, so it cannot have been inserted between two words."""
    for text, spans in zip(texts, occurrences):
        for start, end in spans:
            if start > 0 and text[start - 1].isalnum() or end < len(text) and (
                    text[end].isalnum() or _POSSESSIVE.match(text, end)):
                return True
    return False


def restore(texts: Sequence[str], gaps: Sequence[Gap], *, language: str | None = None,
            site_texts: Sequence[str] = (), min_confidence: float = 0.99,
            settings: Settings | None = None) -> Restoration:
    """Decide what the spam at ``gaps`` replaced.

    ``texts`` are the infected pages with the spam still in place; every
    occurrence of the gaps' spam string in them is a gap (masked, and scored).
    ``site_texts`` are clean pages of the same site.  Answers only when the
    posterior of the best word reaches ``min_confidence``; ``settings``
    defaults to the calibration of the (given or detected) language.
    """
    sc = score(texts, gaps, language=language, site_texts=site_texts, settings=settings)
    return decide(sc, texts, gaps, min_confidence, settings or settings_for(sc.language))


def decide(sc: Scores, texts: Sequence[str], gaps: Sequence[Gap], min_confidence: float,
           settings: Settings) -> Restoration:
    """Turn scores into a :class:`Restoration` (kind, answer or abstention, fillers)."""
    empty = tuple("" for _ in gaps)
    ranked = sc.posterior(settings)
    if not ranked:
        return Restoration("replaced", None, 0.0, (), empty, sc.evidence, sc.language)
    candidates = tuple(Candidate(w, p) for w, p in ranked[:5])
    top = candidates[0]
    confident = top.score >= min_confidence
    # The n-gram likelihood ratio alone separates poorly (optional words such
    # as "very" read fine when dropped), so a confident fill is overruled
    # only by a large margin.
    if not sc.glued and sc.join_margin > (settings.insert_sure if confident else settings.insert_margin):
        p_inserted = 1.0 / (1.0 + math.exp(-min(sc.join_margin, 50.0)))
        return Restoration("inserted", None, p_inserted, candidates, empty,
                           sc.evidence + "; reads fine without the spam", sc.language)
    if not confident:
        return Restoration("replaced", None, top.score, candidates, empty, sc.evidence,
                           sc.language)
    if sc.language in _NAMES_OF_WORDS and _in_names(texts, gaps):
        return Restoration("replaced", None, top.score, candidates, empty, sc.evidence + "; every gap follows a "
                           "capitalised word inside its sentence: the word was a name's, written with a capital, and "
                           "the page's words in lower case do not rule it out", sc.language)
    fillers = [filler(texts[g.document], g.start, g.end, top.word, sc.language) for g in gaps]
    return Restoration("replaced", top.word, top.score, candidates, tuple(fillers),
                       sc.evidence, sc.language)


#: A page of a pool on which the pool's best word is this much less likely than the page's own best word
#: (posterior ratio, the page alone) is restored on its own. Pages that share a spam string need not share the
#: word it replaced (one string, two search-and-replace runs): pooled, "bảo" of one page ruled out by another
#: page's "bảo hiểm" left both without a word, and words of neither page were put into both. Measured with
#: ``bench/restore_bench.py --split dev --pools 40`` (pools of 2-5 pages; pages restored right / wrong): where
#: the pages replaced different words, vi 7.8 / 27.9 % pooled against 51.9 / 4.5 % with the check, en 0.0 / 14.2
#: against 27.0 / 7.4, id 4.3 / 10.8 against 20.9 / 5.8; where they replaced the same word, vi 85.2 / 0.0 against
#: 83.2 / 0.7, en 9.2 / 0.0 against 10.7 / 0.0, id 50.3 / 2.8 either way.
SPLIT_RATIO = 1e-4


def restore_pages(texts: Sequence[str], gaps: Sequence[Gap], *, language: str | None = None,
                  site_texts: Sequence[str] = (), min_confidence: float = 0.99
                  ) -> list[tuple[list[int], Restoration]]:
    """Restore one spam string's gaps over several pages: pooled, one word for all, except on pages whose own
    text rules that word out (:data:`SPLIT_RATIO`), which are restored on their own, as are pages that find
    their word alone where the pool finds none. Without a ``language``, pages are pooled with those of their
    own language only.

    Returns ``(documents, restoration)`` pairs covering every document with a gap; a restoration's fillers
    follow the gaps of its documents in the order given.
    """
    if language is None and len(texts) > 1 and len(by_language := _by_language(texts)) > 1:
        out = []  # one string on pages in two languages replaced a word of each
        for lang, members in by_language.items():
            position = {document: i for i, document in enumerate(members)}
            own = [Gap(position[g.document], g.start, g.end) for g in gaps if g.document in position]
            if own:
                out += [([members[i] for i in part], result)
                        for part, result in restore_pages([texts[d] for d in members], own, language=lang,
                                                          site_texts=site_texts, min_confidence=min_confidence)]
        return out
    documents = sorted({g.document for g in gaps})
    pooled = restore(texts, gaps, language=language, site_texts=site_texts, min_confidence=min_confidence)
    if len(documents) < 2 or not pooled.candidates:
        return [(documents, pooled)]
    own = {d: [Gap(0, g.start, g.end) for g in gaps if g.document == d] for d in documents}
    dissenting = [d for d in documents if not _allows(texts[d], own[d], pooled, site_texts)]
    alone: dict[int, Restoration] = {}
    if not dissenting and pooled.word is None:
        # the pool puts nothing back, so a page that knows its word alone keeps it: pooled, the word one page writes
        # ruled out another page's ("yang" on one page, "nomor" replaced on the other)
        alone = {d: restored for d in documents if (restored := restore(
            [texts[d]], own[d], language=pooled.language, site_texts=site_texts, min_confidence=min_confidence)).word}
        dissenting = list(alone)
    if not dissenting:
        return [(documents, pooled)]
    out = [([d], alone.get(d) or restore([texts[d]], own[d], language=pooled.language, site_texts=site_texts,
                                         min_confidence=min_confidence)) for d in dissenting]
    rest = [d for d in documents if d not in dissenting]
    if rest:
        gaps_of_rest = [Gap(rest.index(g.document), g.start, g.end) for g in gaps if g.document in rest]
        for part, result in restore_pages([texts[d] for d in rest], gaps_of_rest, language=pooled.language,
                                          site_texts=site_texts, min_confidence=min_confidence):
            out.append(([rest[i] for i in part], result))
    return out


def _by_language(texts: Sequence[str]) -> dict[str | None, list[int]]:
    """The indexes of ``texts`` by detected language (None: unknown)."""
    groups: dict[str | None, list[int]] = {}
    for index, text in enumerate(texts):
        groups.setdefault(detect_language(text), []).append(index)
    return groups


def _allows(text: str, gaps: list[Gap], pooled: Restoration, site_texts: Sequence[str]) -> bool:
    """Whether the page alone leaves the pool's best word possible: within :data:`SPLIT_RATIO` of its own best
    (also when the pool abstains, or finds the spam inserted: a page may know its word where the pool does
    not, because another page of the pool writes that word)."""
    settings = settings_for(pooled.language)
    word = pooled.candidates[0].word
    sc = score([text], gaps, language=pooled.language, site_texts=site_texts, settings=settings, also=(word,))
    posterior = dict(sc.posterior(settings))
    best = max(posterior.values(), default=0.0)
    return not best or posterior.get(word, 0.0) >= SPLIT_RATIO * best
