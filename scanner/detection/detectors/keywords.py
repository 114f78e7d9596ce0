"""Keyword injections no word list names: repeated phrases, unknown brands, foreign-script spans.

Each check weighs structural signals (a phrase repeated where it breaks the
sentence, a brand-like token among betting words, a span in another script)
and uses the vocabulary only as evidence, so a new brand or SEO phrase is
still caught. Honest repetition (names, headings, a recurring phrase) carries
no betting vocabulary, no brand token and no ``_`` chain, and stays silent.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right, insort
from collections import Counter, defaultdict
from dataclasses import replace
from functools import lru_cache
from itertools import accumulate
from typing import Callable, Iterable, Sequence

import regex

from ...extraction import fold_string
from ...findings import Finding, RuleInfo, Severity
from ...charclass import char_class
from ..context import Context
from .vocabulary import Vocabulary, load_vocabulary

REPEATED = RuleInfo(
    "injection.repeated-phrase", "The same spam-bearing phrase inserted at several places of the text",
    "keyword-injection", Severity.HIGH, "remove",
)
BRAND = RuleInfo(
    "injection.brand-token", "A brand-like token (letters with digits, ...bet, ...win) among betting words",
    "keyword-injection", Severity.HIGH, "remove",
)
FOREIGN = RuleInfo(
    "injection.foreign-script", "A span in another script than the article's, carrying betting or promotion words",
    "keyword-injection", Severity.HIGH, "remove",
)

_SCOPES = ("text", "title", "meta")
#: Where a phrase found repeated as spam is looked for once more: a replacement made over the whole page reaches the
#: image descriptions and titles of the attributes too.
_ECHO_SCOPES = (*_SCOPES, "attributes")
_TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+|_")
_NAME_CHARACTER = regex.compile(r"[\p{L}\p{M}\p{N}]")
_SCRIPTS = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Hangul}\p{Cyrillic}\p{Arabic}\p{Khmer}\p{Lao}"
# A run of other-script text: it may hold digits, spaces and invisible characters but starts and ends with a
# letter of that script, so the article's own numbers next to it ("สมัคร 11 Semarang") are not taken along; Latin
# letters written onto one of its words are the word's ("N級品", "iPhone用").
_GLUED_LATIN = rf"\p{{Latin}}+(?=[{_SCRIPTS}])"
_FOREIGN_RUN = regex.compile(
    rf"(?:{_GLUED_LATIN})?[{_SCRIPTS}](?:(?:[{_SCRIPTS}\p{{M}}\p{{N}}\p{{Cf}} ]|{_GLUED_LATIN})*[{_SCRIPTS}\p{{M}}])?")
_LATIN = regex.compile(r"\p{Latin}")
#: Characters of a foreign span per call to act above which its offers are not packed like an advertisement's.
PROMOTION_SPACING = 40
_OPENING = regex.compile(r"\p{Ps}")
_CLOSING = regex.compile(r"\p{Pe}")
#: Latin letters on a foreign span's line that make it part of a paragraph of the article.
ARTICLE_LETTERS = 20
#: What may stand between two runs of one foreign text: no line break, no Latin word longer than four letters but
#: a brand of letters and digits ("… แทงบอลออนไลน์ UFABET168 สมัครรับเครดิตฟรี").
_INSIDE_FOREIGN = regex.compile(
    r"^(?:(?<![\p{Latin}\d])(?=[\p{Latin}\d]*\d)[\p{Latin}\d]{2,16}(?![\p{Latin}\d])|[^\p{Latin}\n]"
    r"|(?<!\p{Latin})\p{Latin}{1,4}(?!\p{Latin}))*\Z")
#: Short Latin words (of letters only) that may stand between two runs of one foreign text: capitals ("MM" of a
#: handbag's size, "VIP", "QQ") and one word in lower case ("app"). Vietnamese writes words of four letters or fewer, so
#: the article's words between two copies of a span that replaced a word ("… khác. Hạnh kiểm kém của trẻ sẽ có hại cho
#: bản thân trẻ và …", "… bức ảnh về …") are no part of either.
INSIDE_FOREIGN_WORDS = 3
INSIDE_FOREIGN_LOWER = 1
_SHORT_LATIN_WORD = regex.compile(r"(?<![\p{Latin}\d])\p{Latin}{1,4}(?![\p{Latin}\d])")
_GLUE = regex.compile(r"^[ _\-|:]*\Z")  # \Z: "$" would let a line break through
_SPACES = regex.compile(r"[ \t]*")
_SENTENCE_END = regex.compile(r"[.!?\n]+(?:\s|$)")
#: A host name written in the (folded) text: "sharpbet247.com", "togelmaster.top" (``re``: ASCII only, and fast).
_HOST = re.compile(r"(?<![\w.@/-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,10}(?![\w-]|\.\w)")
#: The end of a host name: where prose has none, ``_HOST`` (three times slower) is not asked.
_HOST_END = re.compile(r"[a-z0-9]\.[a-z]{2,10}(?![\w-]|\.\w)")
_MAX_N = 12  # n-grams counted; a longer repeat is grown from its parts of this length
_LONGEST = 60  # words a repeated phrase may grow to
_NUMBER_REACH = 3  # words after a grown phrase's last spam word in which a number still belongs to the spam
#: Copies of a phrase with one betting or goods term after which it is a replaced word even without a second term
#: or a rule's match: an article that repeats its subject this often names it in other words too.
MANY_COPIES = 4
#: ... and of a brand alone, in lower case, where words were: an article written about the firm the way it styles
#: its name ("staff at bet365") names it four times, and writes of betting besides (blind probes 36 and 51).
LONE_BRAND_COPIES = 5
#: Words from which a phrase repeated without breaking a sentence is a headline written again (title, og:title,
#: <h1>), not a spam string: those are shorter, or chains.
HEADLINE_WORDS = 8
#: ...or from which one whose every copy opens a line with a capital is.
HEADLINE_LINE_WORDS = 4
#: Characters from which a span in another script that names nothing sold is reported: a language switcher's
#: "ភាសាខ្មែរ" or a pupil's name in Persian is the page's own.
PLAIN_FOREIGN = 20


def _occurrences(words: list[str], sequence: tuple[str, ...]) -> int:
    """How many times ``words`` holds ``sequence`` in a row."""
    size = len(sequence)
    return sum(1 for i, word in enumerate(words) if word == sequence[0] and tuple(words[i:i + size]) == sequence)


@lru_cache(maxsize=4)
def _tail_words(tails: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """The tails as folded words, longest first."""
    return tuple(sorted({tuple(_TOKEN.findall(fold_string(t))) for t in tails}, key=len, reverse=True))


def _ruled_words(text: str, folded, strong: list[tuple[int, int]]) -> set[str]:
    """The words of strong rule matches found three times or more in folded ``text`` ("replica rolex" in each copy
    of "replica rolex | fake passport online | buy uk driving licence"): a repeated phrase may be grown around them."""
    matches = Counter(text[folded.index_at(a):folded.index_at(b)] for a, b in strong)
    return {word.group() for match, count in matches.items() if count >= 3 for word in _TOKEN.finditer(match)}


#: Signals of a repeated phrase that make it spam wherever it stands, so that other pages of a run learn it.
_SPAM_ANYWHERE = frozenset(("underscore-chain", "brand-token", "ruled-in-every-copy", "spam-address"))


def replacing_phrases(findings: Iterable[Finding]) -> dict[str, tuple[str, ...]]:
    """The phrases that ``findings`` (of any pages) show replacing a word: repeated, breaking sentences, spam by
    a chain, a brand or a rule match in every copy. Given to the other pages of a run as ``Context.known_spam``,
    one copy there is found as the whole phrase (not "buy cialis online" with "cheap" left where "government"
    was), is a gap to restore, and is not an advertisement sentence's anchor."""
    phrases: dict[str, tuple[str, ...]] = {}
    for finding in findings:
        signals = tuple(s for s in finding.signals if s != "same-as-repeated-spam")
        if finding.rule_id == REPEATED.id and finding.severity >= Severity.HIGH and "breaks-sentence" in signals \
                and _SPAM_ANYWHERE & set(signals) and "lone-brand" not in signals:
            phrases.setdefault(fold_string(finding.match), signals)
    return phrases


def _has_foreign(text: str) -> bool:
    """Whether ``_FOREIGN_RUN`` finds a run in ``text``: a letter of one of its scripts (scanned by ``re``)."""
    return not text.isascii() and char_class(f"[{_SCRIPTS}]").found_in(text)


def _report(rule: RuleInfo) -> RuleInfo:
    return replace(rule, action="report")


class KeywordInjections:
    """Repeated spam phrases, unknown brands among betting words, and foreign-script spam spans."""

    rules = (REPEATED, BRAND, FOREIGN)
    # a strong rule match found three times may be part of a repeated phrase with no vocabulary term of its own
    triggers_cover_findings = False

    def __init__(self, vocabulary: Vocabulary | None = None) -> None:
        self.vocabulary = vocabulary or load_vocabulary()

    def may_report(self, context: Context) -> bool:
        """Triggers, in the folded text, title and meta scopes: ``_`` (a chain), a betting or goods term (brand
        tokens count only beside a betting one), a brand-like token with a promotion term (a repeated phrase) or
        written ``LONE_BRAND_COPIES`` times (a lone brand), or a run of another script."""
        for scope in _SCOPES:
            if not context.extraction.view(scope).text:
                continue
            if _has_foreign(context.extraction.view(scope).text):
                return True
            text = context.folded(scope).text
            if any(phrase in text for phrase in context.known_spam):
                return True
            if "_" in text or self.vocabulary.betting_regex.search(text) is not None \
                    or self.vocabulary.goods_regex.search(text) is not None:
                return True
            if self._spam_hosts(text, 2):
                return True  # a repeated phrase around a web address that names what it sells
            brands = [text[start:end] for start, end, strong in self.vocabulary.brand_tokens(text) if strong]
            if brands and (self.vocabulary.promotion_regex.search(text) is not None
                           or max(Counter(brands).values()) >= LONE_BRAND_COPIES):
                return True  # a repeated phrase, or a brand alone where a word was ("kubet77" for every "các")
        return False

    def detect(self, context: Context, findings: Sequence[Finding]) -> Iterable[Finding]:
        confirmed = dict(context.known_spam)  # folded phrase -> signals of its repeat
        covered: dict[str, list[tuple[int, int]]] = {scope: [] for scope in _ECHO_SCOPES}
        for scope in _SCOPES:
            if not context.extraction.view(scope).text:
                continue
            folded = context.folded(scope)
            strong = [(f.text_start, f.text_end) for f in findings
                      if f.scope == scope and f.severity >= Severity.HIGH and f.action == "remove"]
            yield from self._repeated(context, scope, folded.text, folded, confirmed, covered[scope], strong)
            yield from self._brands(context, scope, folded.text, folded, _SpanIndex(covered[scope]))
            yield from self._foreign(context, scope, confirmed)
        for scope in _ECHO_SCOPES:
            if confirmed and context.extraction.view(scope).text:
                strong = _SpanIndex([(f.text_start, f.text_end) for f in findings
                                     if f.scope == scope and f.severity >= Severity.HIGH and f.action == "remove"])
                yield from self._echoes(context, scope, context.folded(scope), confirmed, covered[scope], strong)

    # -- repeated phrases -------------------------------------------------------------------------
    def _repeated(self, context: Context, scope: str, text: str, folded, confirmed: dict[str, tuple[str, ...]],
                  covered: list[tuple[int, int]], strong: list[tuple[int, int]]) -> Iterable[Finding]:
        # A repeated phrase is only reported as spam when it holds a ``_`` chain, a strong brand token or a
        # betting or goods term, so only n-grams around such words are counted; one that occurs once cannot be
        # part of a repeat. (A strong brand token is always a whole word: both are bounded by what is not a
        # letter, mark or digit.)
        brands = Counter(text[s:e] for s, e, strong in self.vocabulary.brand_tokens(text) if strong)
        repeated = {word for word, count in brands.items() if count > 1} | ({"_"} if text.count("_") > 1 else set())
        sold = self._sold_terms(text)
        # Every term must lie in one of three or more copies of the phrase, so each occurs three times or more
        terms = Counter(text[a:b] for a, b in sold)
        sold_words = ({word.group() for a, b in sold for word in _TOKEN.finditer(text, a, b)}
                      if terms and min(terms.values()) >= 3 else set())
        ruled_words = _ruled_words(text, folded, strong)
        addressed = {word.group() for host in self._spam_hosts(text, 2) for word in _TOKEN.finditer(host)}
        ruled_words |= addressed  # a spam host's words are spam words, as a rule's match is
        if not repeated and not sold_words and not ruled_words:
            return
        tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        words = [t[0] for t in tokens]

        def spaced(i: int) -> bool:
            """Whether only spaces stand between word ``i`` and the next: a chain's pieces do not run across lines or
            stops. Asked only of chains, so it is read where asked rather than for every word of every page."""
            return i + 1 < len(tokens) and _SPACES.fullmatch(text, tokens[i][2], tokens[i + 1][1]) is not None

        marked = [i for i, w in enumerate(words) if w in repeated or w in sold_words or w in ruled_words]
        candidates = self._repeats_around(words, marked, ruled_words, spaced)
        taken: set[int] = set()
        counts = Counter(words)
        # A brand or a ``_`` chain first: a phrase found by its betting or goods terms alone may be a part of a
        # longer spam string ("game bài đổi thưởng" twice in each copy of a chain)
        ordered = sorted(candidates, key=lambda c: (-len(c[1]), -c[0]))
        # then a brand alone, wherever it is: a word it replaced leaves it between ever other neighbours, so no
        # longer repeat holds every copy (one that is part of a longer string, a chain, is taken with it first)
        ordered += [(1, [i for i, word in enumerate(words) if word == brand]) for brand in sorted(repeated - {"_"})]
        holds_strong = _SpanIndex(strong)
        view = context.extraction.view(scope).text

        def written(i: int) -> str:
            """Token ``i`` as the scope's text writes it (the folded text has lost its case)."""
            return view[slice(*folded.source_span(tokens[i][1], tokens[i][2]))]

        def ruled_in_every_copy(free: list[int], n: int) -> bool:
            """Whether every copy of the ``n`` words at ``free`` holds a strong match of the rule packs."""
            return all(holds_strong.any_inside(*folded.source_span(tokens[i][1], tokens[i + n - 1][2])) for i in free)

        for by_sold_terms in (False, True):
            for n, starts in ordered:
                free = [i for i in starts if not any(j in taken for j in range(i, i + n))]
                if len(free) < 2:
                    continue
                free, n = self._without_article_words(text, tokens, free, n, counts, repeated, written)
                # the article's word after the replaced one everywhere ("làm ruộng": "<spam> ruộng") is no part of the
                # spam; a string that holds a strong match of the rule packs in every copy goes whole ("… số 1 châu á")
                if not ruled_words & set(words[free[0]:free[0] + n]) and (
                        by_sold_terms or not ruled_in_every_copy(free, n)):
                    n = self._without_article_tail(words, free, n, ruled_words, spaced)
                n = _without_open_bracket(text, tokens, free[0], n)
                start, end = tokens[free[0]][1], tokens[free[0] + n - 1][2]
                phrase = text[start:end]
                if _identifier(context, folded, phrase, [(tokens[i][1], tokens[i + n - 1][2]) for i in free]):
                    continue
                signals = self._phrase_signals(phrase)
                if "underscore-chain" in signals and _phrase_chain(phrase):
                    signals.append("phrase-chain")
                copies = [(tokens[i][1], tokens[i + n - 1][2]) for i in free]  # in the folded text
                sources = [folded.source_span(a, b) for a, b in copies]  # in the scope's text
                raw = [view[a:b] for a, b in sources]
                # A word replaced everywhere also ends clauses ("... el mercado."): most occurrences, not all, break one
                breaking = sum(_breaks_sentence(text, a, b) for a, b in copies)
                if breaking >= max(2, (len(free) + 1) // 2):
                    signals.append("breaks-sentence")
                    # a name of letters and digits with a betting word, where a word was ("JOKER369 gacor" for every
                    # "takeover"), is a brand whatever its affixes
                    if "betting-term" in signals and "brand-token" not in signals and self.vocabulary.brand_tokens(phrase):
                        signals.append("brand-token")
                # Capitalised words read as a name ("Bet365 Group"); a phrase in capitals throughout is shouting
                if any(r[:1].isupper() for r in raw) and all(w[:1].isupper() for w in raw[0].split()) \
                        and raw[0] != raw[0].upper():
                    signals.append("name-like")
                if "breaks-sentence" not in signals and "underscore-chain" not in signals and (
                        len(phrase.split()) >= HEADLINE_WORDS or _headline(text, raw, [a for a, _ in copies])):
                    continue  # the page's headline, written again in its <title>, og:title and <h1>
                # a strong match of the rule packs in every copy ("cheap generic cialis" for every "said"): the
                # match is part of a longer spam string, which goes whole ("slot88 resmi" for every "hari")
                ruled = ruled_in_every_copy(free, n)
                # two copies of a brand with a betting word that no rule calls spam, in a text that writes of betting
                # besides, are an article's subject named twice ("the betting firm Bet365")
                spam = "underscore-chain" in signals or (
                    "brand-token" in signals and bool({"betting-term", "promotion-term"} & set(signals))
                    and (len(free) > 2 or ruled or not _sold_elsewhere(sold, copies, folded, holds_strong))
                ) or ("spam-address" in signals and "breaks-sentence" in signals and len(free) > 2
                      and _beyond_hosts(phrase))
                if ruled and spam:
                    signals.append("ruled-in-every-copy")
                if not spam and not by_sold_terms and _lone_brand_for_a_word(
                        phrase, raw, signals, breaking, sold, copies, view, sources, holds_strong):
                    signals.append("lone-brand")
                    spam = True
                if by_sold_terms:
                    if spam or not (breaking and self._replaces_a_word(text, tokens, free, n, sold, signals, ruled)):
                        continue
                    signals.append("sold-only-here")
                    if "breaks-sentence" in signals and "name-like" in signals:
                        # a capitalised name that breaks the sentences where a word was and sells what the page names
                        # nowhere else ("StreamNova IPTV" for every "market") is the advert's brand
                        signals.remove("name-like")
                    if ruled and "ruled-in-every-copy" not in signals:
                        signals.append("ruled-in-every-copy")
                    spam = True
                score = _score(signals) + (len(free) >= 3)
                if score < 3 or not spam:
                    continue
                taken.update(j for i in free for j in range(i, i + n))
                rule = REPEATED if score >= 5 else _report(REPEATED)
                if score >= 5:
                    confirmed.setdefault(phrase, (f"repeated:{len(free)}", *signals))
                covered.extend(copies)
                for s, e in sources:
                    yield context.text_finding(
                        rule, scope, s, e, severity=Severity.HIGH if score >= 5 else Severity.MEDIUM,
                        confidence=min(0.98, 0.45 + 0.1 * score), signals=(f"repeated:{len(free)}", *signals),
                        message=f"Phrase repeated {len(free)} times" + (" where it breaks the sentence" if "breaks-sentence" in signals else ""),
                    )

    def _repeats_around(self, words: list[str], marked: list[int], ruled: set[str], spaced: Callable[[int], bool]
                        ) -> list[tuple[int, list[int]]]:
        """The maximal repeated n-grams that hold a marked word, as (length, starts); those of ``_MAX_N``
        words grown to their whole length; all cut back to their spam words (``ruled``: words of strong rule
        matches are spam words too)."""
        candidates = []
        for n in range(2, _MAX_N + 1):
            grams: dict[tuple[str, ...], list[int]] = defaultdict(list)
            windows = sorted({i for m in marked for i in range(max(0, m - n + 1), min(m, len(words) - n) + 1)})
            for i in windows:
                if words[i] != "_" and words[i + n - 1] != "_":
                    grams[tuple(words[i:i + n])].append(i)
            for gram, starts in grams.items():
                if len(starts) < 2:
                    continue
                left = {words[i - 1] if i else None for i in starts}
                right = {words[i + n] if i + n < len(words) else None for i in starts}
                if len(left) > 1 and len(right) > 1:  # maximal: the phrase's neighbours vary
                    # a keyword chain's copies all stand before "tồn" where "bảo tồn" was: the chain ends at its
                    # last spam word; other phrases ("online betting app") are spam throughout
                    candidates.append(self._trimmed(words, starts, n, ruled, spaced, grown=False) if "_" in gram
                                      else (n, starts))
                elif n == _MAX_N:  # part of a longer repeat: grow it to its whole length
                    candidates.append(self._grown(words, starts, n, ruled, spaced))
        return candidates

    def _echoes(self, context: Context, scope: str, folded, confirmed: dict[str, tuple[str, ...]],
                covered: list[tuple[int, int]], strong: "_SpanIndex") -> Iterable[Finding]:
        """Other occurrences of a phrase found repeated as spam: the same injection, in the title, meta
        description or attributes too, or once more where the text around it differed. A brand found alone is
        so only as written, in lower case, and apart from a longer spam string (see ``_lone_brand_for_a_word``):
        "Kubet" in police news is the name, and "kubet" in a chain is the chain's."""
        text = folded.text
        view = context.extraction.view(scope).text
        ordered = sorted(covered)
        longest = max((e - s for s, e in ordered), default=0)
        for phrase, signals in confirmed.items():
            at = text.find(phrase)
            learned_once = phrase in context.known_spam and text.count(phrase) == 1
            while at != -1:
                end = at + len(phrase)
                whole_words = not (at and _TOKEN.match(text[at - 1]) or end < len(text) and _TOKEN.match(text[end]))
                # a shorter phrase found here on its own (copies of one description cut it short) gives way; a
                # covered span overlapping this one starts less than the longest span before its end
                near = ordered[bisect_left(ordered, (at - longest, -1)):bisect_left(ordered, (end, -1))]
                source_start, source_end = folded.source_span(at, end)
                written = view[source_start:source_end]
                lone_brand_elsewhere = "lone-brand" in signals and (
                    written != written.lower() or _in_longer_spam(view, source_start, source_end, strong))
                # learned on other pages of the run, here once, in a line that holds other spam: it heads an
                # advertisement there ("Jual followers Instagram murah, aktif dan permanen! Beli followers IG …"),
                # it replaced no word
                heads_advert = learned_once and _beside_other_spam(view, source_start, source_end, strong)
                if whole_words and not lone_brand_elsewhere and not heads_advert \
                        and not any(s < end and at < e and not (at <= s and e <= end) for s, e in near):
                    covered.append((at, end))
                    insort(ordered, (at, end))
                    longest = max(longest, end - at)
                    yield context.text_finding(
                        REPEATED, scope, source_start, source_end, severity=Severity.HIGH, confidence=0.9,
                        signals=("same-as-repeated-spam", *signals), message="Another occurrence of a phrase repeated as spam")
                at = text.find(phrase, end)
            for cut, cut_end in _cut_copies(text, phrase) if scope in _CUT_SCOPES else ():
                # what is left must be a spam string's, not words an honest title shares with it: a "_" or a brand
                left = text[cut:cut_end]
                spammy = "_" in left or any(strong for *_, strong in self.vocabulary.brand_tokens(left))
                if spammy and not any(s < cut_end and cut < e and not (cut <= s and e <= cut_end) for s, e in covered):
                    covered.append((cut, cut_end))
                    yield context.text_finding(
                        REPEATED, scope, *folded.source_span(cut, cut_end), severity=Severity.HIGH,
                        confidence=0.85, signals=("same-as-repeated-spam", "cut-short", *signals),
                        message="The start of a phrase repeated as spam, where the text was cut short")

    def _grown(self, words: list[str], starts: list[int], n: int, ruled: set[str], spaced: Callable[[int], bool]
               ) -> tuple[int, list[int]]:
        """A repeated n-gram grown on each side while every occurrence has the same word there (and the
        occurrences do not run into one another): a spam string of 17 words is one phrase, not 12-word parts.

        Where the article itself repeats what surrounds the replaced word ("bảo vệ chủ quyền" four times, so
        the spam is always followed by "vệ chủ quyền"; a meta description copied into ``og:description``),
        growing takes those words too: the grown phrase is cut back to its spam words (``_spam_extent``).
        """
        starts = sorted(starts)

        def room(length: int) -> bool:
            return length <= _LONGEST and all(b - a >= length for a, b in zip(starts, starts[1:]))

        while starts[-1] + n < len(words) and len({words[i + n] for i in starts}) == 1 and room(n + 1):
            n += 1
        while starts[0] > 0 and len({words[i - 1] for i in starts}) == 1 and room(n + 1):
            starts = [i - 1 for i in starts]
            n += 1
        return self._trimmed(words, starts, n, ruled, spaced, grown=True)

    def _trimmed(self, words: list[str], starts: list[int], n: int, ruled: set[str], spaced: Callable[[int], bool],
                 grown: bool, opens_spam: bool = False) -> tuple[int, list[int]]:
        """A repeated phrase cut back to its spam words (``_spam_extent``), as (length, starts). A short keyword
        chain is a whole repeat of its own, and it too takes the article's words that stand beside the replaced
        word everywhere ("bảo tồn" three times: "<chain> tồn"). A phrase without a spam word is kept whole, or
        its first two words when grown. ``opens_spam``: the phrase's first word is the spam's, whatever it is."""
        phrase = words[starts[0]:starts[0] + n]

        def only_here(sequence: tuple[str, ...]) -> bool:
            """Whether the page writes ``sequence`` only inside the copies of the phrase."""
            return _occurrences(words, sequence) == _occurrences(phrase, sequence) * len(starts)

        def spaced_at(k: int) -> bool:
            """Whether only spaces stand between the phrase's words ``k`` and ``k + 1`` in every copy."""
            return all(spaced(i + k) for i in starts)

        extent = self._spam_extent(phrase, only_here, ruled, spaced_at, opens_spam)
        if extent is None:
            return (2, starts) if grown else (n, starts)
        first, last = extent
        return last - first, [i + first for i in starts]

    def _without_article_tail(self, words: list[str], starts: list[int], n: int, ruled: set[str],
                              spaced: Callable[[int], bool]) -> int:
        """The length of a phrase found by its terms alone, up to its last spam word: the article word that follows
        the replaced one everywhere ("<spam> arrest" where every "house" was replaced) is the article's. Its first
        words stay (a name the spam opens with, "Luckyspin casino bonus"), and so does a number close after its last
        term, as after one that opens it ("pinjaman dana tunai cair 10")."""
        length, trimmed = self._trimmed(words, starts, n, ruled, spaced, grown=False, opens_spam=True)
        return max(min(n, 2), min(n, trimmed[0] - starts[0] + length))

    def _spam_extent(self, phrase: list[str], only_here: Callable[[tuple[str, ...]], bool], ruled: set[str],
                     spaced_at: Callable[[int], bool], opens_spam: bool = False) -> tuple[int, int] | None:
        """Which words of a grown phrase to keep, as ``(first, end)``: from its first ``_`` or vocabulary match
        (a brand, a betting, promotion or goods term, which may span words: "pinjaman online") through its
        last one, at least two words, and the vocabulary's tails after it that the page writes nowhere else
        (``only_here``: "… cá cược bóng đá trực tuyến"). A number right after the last one ("nhận 79k", "1 ăn 99", "uy tín
        2024") ends the spam string too: an article rarely puts the same number after every occurrence of
        a word, unless the occurrences are copies of one text, which share the words before the spam too."""
        joined = " ".join(phrase)  # the words are folded already
        starts = [len(" ".join(phrase[:i])) + (i > 0) for i in range(len(phrase))]
        ends = [start + len(word) for start, word in zip(starts, phrase)]
        marked = [i for i, word in enumerate(phrase) if word == "_" or word in ruled]
        terms = self._term_spans(joined)
        for start, end in terms:
            marked.append(next(i for i, word_start in reversed(list(enumerate(starts))) if word_start <= start))
            marked.append(next(i for i, word_end in enumerate(ends) if word_end >= end))
        if not marked:
            return None
        # a chain of keyword phrases on one line: its pieces that no vocabulary names whole are its all the same
        underscores = [i for i, word in enumerate(phrase) if word == "_"]
        chain = bool(underscores) and all(spaced_at(k) for k in range(min(underscores), max(underscores)))
        if chain and not terms and len(set(marked)) == len(underscores):
            first = _chain_start(phrase, underscores[0], only_here, spaced_at)
            return first, max(first + 2, _chain_end(phrase, underscores[-1], only_here, spaced_at) + 1)
        first, last = min(marked), self._tail_end(phrase, max(marked), only_here)
        # a "_" ending a chain of words joins it to one more piece: the word on its other side is the chain's
        # ("…đổi thưởng_mocvip"); a name written with one ("hoangminh_fc") is no chain of words
        if terms:
            if phrase[last] == "_" and last + 1 < len(phrase):
                last += 1
            if phrase[first] == "_" and first > 0:
                first -= 1
        if chain:
            first, last = self._chain_edges(phrase, first, last, only_here, spaced_at)
        if first == 0 or opens_spam:  # copies of one text ("pada <spam> 2026" in three meta tags) share what precedes the spam too
            numbers = [i for i in range(last + 1, min(last + 1 + _NUMBER_REACH, len(phrase)))
                       if any(c.isdigit() for c in phrase[i])]
            last = max([last, *numbers])
            unit = (phrase[last + 1],) if numbers and last + 1 < len(phrase) else ()
            if unit and unit[0] in self.vocabulary.units and only_here(unit):
                last += 1  # the number's unit ("cair 10 menit"), which the page writes nowhere else
        # At least two words: counted from the phrase's first word when that opens the spam ("luckyreels casino"
        # where every "đội" of "quân đội Syria" was: the words before the term make two, and "Syria" is the article's)
        return first, max((0 if opens_spam else first) + 2, last + 1)

    def _chain_edges(self, phrase: list[str], first: int, last: int, only_here: Callable[[tuple[str, ...]], bool],
                     spaced_at: Callable[[int], bool]) -> tuple[int, int]:
        """The first and last words of a chain of keyword phrases whose outer pieces hold words no vocabulary names.
        A chain names its brand in piece after piece ("spinrocket casino_spinrocket free spins", "casino en línea
        fortunaplay_giros gratis fortunaplay"): within ``CHAIN_PIECE_WORDS`` words of its ends, a word the chain
        writes inside and the page nowhere else is the chain's, and so is all before (after) it on the line. A
        brand's affix written apart after the last brand ("sunwin79x club") is the brand's. The article's word
        beside every copy ("vai" of "vai trò", "nhất" of "lớn nhất") is not written inside the chain, and stays."""
        inside = set(phrase[first:last + 1]) - {"_"}

        def spam_word(word: str) -> bool:
            return word in inside and word not in self.vocabulary.function_words and only_here((word,))

        for i in range(max(0, first - CHAIN_PIECE_WORDS), first):
            if spam_word(phrase[i]) and all(spaced_at(k) for k in range(i, first)):
                first = i
                break
        for j in range(min(len(phrase) - 1, last + CHAIN_PIECE_WORDS), last, -1):
            if spam_word(phrase[j]) and all(spaced_at(k) for k in range(last, j)):
                last = j
                break
        after = phrase[last + 1] if last + 1 < len(phrase) else None
        if after in self.vocabulary.affixes and spaced_at(last) and self.vocabulary.brand_tokens(phrase[last]) \
                and only_here((after,)):
            last += 1
        return first, last

    def _term_spans(self, text: str) -> list[tuple[int, int]]:
        """Where folded ``text`` has a betting, promotion or goods term or a brand token."""
        vocabulary = self.vocabulary
        return [m.span() for matcher in (vocabulary.betting_regex, vocabulary.promotion_regex, vocabulary.goods_regex)
                for m in matcher.finditer(text)] + [(a, b) for a, b, _ in vocabulary.brand_tokens(text)]

    def _tail_end(self, phrase: list[str], last: int, only_here: Callable[[tuple[str, ...]], bool]) -> int:
        """The last word of a spam string whose last term is the word at ``last``: the vocabulary's tails that
        follow it in every copy go too ("… cá cược bóng đá trực tuyến", "… daftar slot online hari ini") when
        the page writes their words nowhere else; an article that names "bóng đá" elsewhere may have had
        "giải" replaced before each "giải bóng đá"."""
        tails = _tail_words(self.vocabulary.tails)
        while True:
            tail = next((t for t in tails if tuple(phrase[last + 1:last + 1 + len(t)]) == t and only_here(t)), None)
            if tail is None:
                return last
            last += len(tail)

    def _without_article_words(self, text: str, tokens: list[tuple[str, int, int]], free: list[int], n: int,
                               counts: Counter, repeated: set[str], written: Callable[[int], str]
                               ) -> tuple[list[int], int]:
        """The repeated phrase without the article's own word before it.

        A word replaced everywhere often follows the same word everywhere ("the community" became
        "the slot88 daftar_link alternatif"), so the longest repeated phrase takes that word along, and
        removing it would take the article's "the" too. The first word goes when it is a function word of
        the vocabulary ("the", "của", "para") or the article writes it elsewhere too ("orang" of every "orang
        tua"), it does not begin a term of the vocabulary (the spam's own "nhà" of "nhà cái", however often an article
        about old houses writes "nhà"), and the phrase keeps every signal without it. So does a first word
        written with a capital in some copies only: a string put in by search and replace is the same in every
        copy, and the article's word opens a sentence at one of them ("quân đội Syria" four times, "Quân đội Syria"
        once, where every "đội" was replaced). Spam strings often end in common words ("hôm nay", "hari ini"), so
        the last word always stays. (``written``: token ``i`` as the scope's text writes it.)
        """
        first_word = tokens[free[0]][0]
        in_phrase = sum(tokens[free[0] + k][0] == first_word for k in range(n))
        elsewhere = counts[first_word] - in_phrase * len(free)
        # (apart from the spam by a space: "hip-" of "hip-hop", glued to the string that replaced "hop", is no word)
        case_varies = len({written(i) for i in free}) > 1 and all(
            text[tokens[i][2]:tokens[i + 1][1]].isspace() for i in free)
        common = first_word in self.vocabulary.function_words or elsewhere >= 1 or case_varies
        if n < 3 or first_word == "_" or first_word in repeated or not common:
            return free, n
        whole = text[tokens[free[0]][1]:tokens[free[0] + n - 1][2]]
        rest = text[tokens[free[0] + 1][1]:tokens[free[0] + n - 1][2]]
        if self._phrase_signals(rest) != self._phrase_signals(whole) or any(
                start == 0 for start, _ in self._term_spans(whole)):  # the spam's own term begins with it
            return free, n
        return [i + 1 for i in free], n - 1

    def _sold_terms(self, text: str, promotion: bool = False) -> list[tuple[int, int]]:
        """Where folded ``text`` names what spam sells: its betting and goods terms ("judi bola", "payday
        loans"); with ``promotion``, its calls to act too."""
        vocabulary = self.vocabulary
        matchers = (vocabulary.betting_regex, vocabulary.goods_regex) + ((vocabulary.promotion_regex,) if promotion else ())
        return [m.span() for matcher in matchers for m in matcher.finditer(text)]

    def _replaces_a_word(self, text: str, tokens: list[tuple[str, int, int]], free: list[int], n: int,
                         sold: list[tuple[int, int]], signals: list[str], ruled: bool) -> bool:
        """A phrase without a brand or a ``_`` chain that stands where a word of the article was: three words or
        more (apart by spaces: "super-casinos" is one) with two terms of the vocabulary or more ("payday loans",
        "no credit check"), or one and a strong match of the rule packs in every copy (``ruled``: "cheap generic
        cialis"), repeated three times or more, or one repeated ``MANY_COPIES`` times or more ("tải game nổ hũ"
        for every "người"), and no betting or goods term of the text outside it unless every copy praises as
        well as matches a rule (and, checked by the caller, at least once between two words of a sentence).

        An article about betting or loans names them in many phrases ("situs judi", "pelaku judi", "judi
        online"), and the one it repeats names its subject ("tội đánh bạc", "xổ số tự chọn"); a spam string
        replacing "responden" brings an advertisement's terms, which the article uses nowhere else.
        """
        spans = [(tokens[i][1], tokens[i + n - 1][2]) for i in free]
        start, end = spans[0]
        if text[start:end].strip() in self.vocabulary.subjects:
            return False  # "cá độ bóng đá" again and again is what the article is about
        words = len(text[start:end].split())
        if words < 3 and (len(free) < MANY_COPIES or self._one_term(text[start:end])) or len(free) < 3 \
                or not ({"betting-term", "goods-term"} & set(signals) or ruled):
            return False
        if len(self._sold_terms(text[start:end], promotion=True)) < 2 and not ruled and len(free) < MANY_COPIES:
            return False
        # an article about betting names its subject elsewhere too, but it does not praise a site in every copy of
        # a phrase that its rule packs call spam ("situs toto 4d terpercaya" for every "polisi")
        return not _outside(sold, spans) or (ruled and "promotion-term" in signals)

    def _one_term(self, phrase: str) -> bool:
        """Whether a phrase is one term of the vocabulary and nothing else ("xổ số", "cá độ": the subject an article
        about it names again and again), or a name news gives the whole topic ("judi online"), not a term with a
        word of the advert beside it ("slot online")."""
        return phrase.strip() in self.vocabulary.subjects or any(
            b - a >= len(phrase.strip()) for a, b in self._term_spans(phrase))

    def _spam_hosts(self, text: str, copies: int) -> list[str]:
        """The host names written ``copies`` times or more in folded ``text`` whose words name what they sell
        (betting, goods, a brand of letters and digits: "sharpbet247.com", "togelmaster.top")."""
        return [host for host, count in _hosts_written(text).items()
                if count >= copies and self.vocabulary.spam_host(host)]

    def _phrase_signals(self, phrase: str) -> list[str]:
        """The vocabulary of a repeated phrase: betting, promotion and brand words, and the goods of the
        other spam families (a loan app's "pinjaman online" weighs like a betting word). ``_`` joining words
        is a chain of keyword strings; one name written with it and nothing sold ("hoangminh_fc", a forum
        member's) is an identifier."""
        signals = sorted(self.vocabulary.signals_of(phrase, goods=True))
        if self._spam_hosts(phrase, 1):
            signals.append("spam-address")
        if regex.search(r"[\p{L}\p{N}]_[\p{L}\p{N}]", phrase) and (
                " " in phrase.strip() or {"betting-term", "promotion-term", "goods-term"} & set(signals)):
            signals.append("underscore-chain")
        return signals

    # -- brand-like tokens -------------------------------------------------------------------------
    def _brands(self, context: Context, scope: str, text: str, folded, replaced: "_SpanIndex") -> Iterable[Finding]:
        """Brand tokens with the betting and promotion words glued to them. A group touching a phrase found
        repeated where a word was replaced is that phrase, which is reported already: grown from it, the group
        would take the article's own word beside one copy ("keterangan resmi <spam>": "resmi" is an offer word)."""
        if not self.vocabulary.brand_tokens(text):
            return
        units = self._units(text)
        unit_starts = [u[0] for u in units]
        sentence_ends = [m.end() for m in _SENTENCE_END.finditer(text)]
        used: set[int] = set()
        for index, (s, e, kind) in enumerate(units):
            if kind != "brand-token" or s in used:
                continue
            lo = hi = index
            while lo > 0 and _GLUE.match(text[units[lo - 1][1]:units[lo][0]]):
                lo -= 1
            while hi + 1 < len(units) and _GLUE.match(text[units[hi][1]:units[hi + 1][0]]):
                hi += 1
            group = units[lo:hi + 1]
            used.update(u[0] for u in group)
            if replaced.any_overlapping(group[0][0], group[-1][1]):
                continue
            kinds = {u[2] for u in group}
            affixed = any(strong for _, _, strong in self.vocabulary.brand_tokens(text[s:e]))
            if "betting-term" not in kinds and not (affixed and self.vocabulary.betting_regex.search(text[max(0, s - 80):e + 80])):
                continue
            signals = sorted(kinds | {"betting-nearby"})
            if regex.search(r"_", text[group[0][0]:group[-1][1]]):
                signals.append("underscore-chain")
            strong = len(group) >= 3 and "betting-term" in kinds and ("promotion-term" in kinds or len(
                [u for u in group if u[2] == "brand-token"]) >= 2 or "underscore-chain" in signals)
            if not strong and _advertising_sentence(text, units, unit_starts, sentence_ends, group[0][0], group[-1][1]):
                strong = True
                signals.append("advertising-sentence")
            a, b = folded.source_span(group[0][0], group[-1][1])
            yield context.text_finding(
                BRAND if strong else _report(BRAND), scope, a, b,
                severity=Severity.HIGH if strong else Severity.MEDIUM, confidence=0.85 if strong else 0.4,
                signals=tuple(signals),
                message="Brand-like token packed with betting and promotion words" if strong
                else "Brand-like token beside betting words (honest in reporting about betting)",
            )

    def _units(self, text: str) -> list[tuple[int, int, str]]:
        """Brand tokens and vocabulary terms in folded text, in order, without overlaps."""
        found = [(s, e, "brand-token") for s, e, _ in self.vocabulary.brand_tokens(text)]
        found += [(m.start(), m.end(), "betting-term") for m in self.vocabulary.betting_regex.finditer(text)]
        found += [(m.start(), m.end(), "promotion-term") for m in self.vocabulary.promotion_regex.finditer(text)]
        found.sort(key=lambda u: (u[0], -u[1]))
        units: list[tuple[int, int, str]] = []
        for unit in found:
            if not units or unit[0] >= units[-1][1]:
                units.append(unit)
        return units

    # -- foreign-script spans ----------------------------------------------------------------------
    def _foreign(self, context: Context, scope: str, confirmed: dict[str, tuple[str, ...]]) -> Iterable[Finding]:
        """Runs of another script than the article's. Scripts are read in the extracted text, not the folded
        one: folding reads Cyrillic letters that look Latin as Latin, which cuts a Russian article into
        Latin letters and Cyrillic runs. A run that replaced a word (``_replacing_spans``) joins ``confirmed``, so
        that its copies in the title, the description and the attributes go too."""
        text = context.extraction.view(scope).text
        if not _has_foreign(text):
            return
        runs = _foreign_runs(text)
        if not runs:
            return
        # a short or bilingual text is not an injection into one language for being in two scripts; a title or a
        # description is short, and a segment in another script that sells is spam there all the same ("Energy
        # talks | The Ledger | ルイヴィトン 財布 激安 通販"), unless the page is written in that script too
        # copies of a span that replaced a word are no second language of the text
        replacing = _replacing_spans(text, [m.span() for m in runs])
        mixed = _mixed(text, [m for m in runs if m.group() not in replacing])
        if mixed and (scope not in ("title", "meta") or _mixed(context.extraction.view("text").text)):
            return
        declared = _declared_languages(context) if scope == "text" else []
        view = context.extraction.view(scope)
        for start, end in _apart(_blocks(text, runs), runs, replacing):
            source_start, source_end = view.source_span(start, end)
            if declared and (_within(declared, source_start) or _within(declared, source_end - 1)):
                continue  # the page marks this text as written in another language: its own, not an injection's
            span = text[start:end]
            kinds = self.vocabulary.signals_of(span, goods=True)
            folded = fold_string(span)
            promotions = len(self.vocabulary.promotion_regex.findall(folded))
            bets = len(self.vocabulary.betting_regex.findall(folded))
            signals = sorted(kinds) + ["foreign-script"]
            if _breaks_sentence(text, start, end):
                signals.append("breaks-sentence")
            if _in_article_line(text, start, end):
                signals.append("inside-paragraph")
            # one betting word alone, on a line of its own, is a sentence about gambling (a reader's comment in
            # Thai: "we have the online gambling problem too"); spam sells: a second betting word, betting or
            # goods (a replica, a diet supplement) with an offer, a brand, or glued into a paragraph of the
            # article, or offers packed together ("激安 通販": cheap, mail order), not two in a long paragraph
            packed = promotions >= 2 and promotions * PROMOTION_SPACING >= len(span)
            # a phrase written where a word was sells nothing an article could be quoting only when it is several
            # words: "купить фальшивые деньги" for every "công", not a greeting an article about Thailand repeats
            replaced_a_word = span in replacing and (" " in span.strip() or bool(kinds or promotions or bets))
            if replaced_a_word:
                signals.append(f"repeated:{replacing[span]}")
                confirmed.setdefault(fold_string(span), (f"repeated:{replacing[span]}", "foreign-script", "breaks-sentence"))
            strong = packed or bets >= 2 or (bets + ("goods-term" in kinds) > 0 and (
                promotions or "brand-token" in kinds or "inside-paragraph" in signals)) or replaced_a_word
            if strong and not packed and _glossed(text, start, end):
                strong = False
                signals.append("glossed")
            elif strong and _CITED_BEFORE.search(text, max(0, start - 24), start):
                strong = False
                signals.append("cited")
            if not strong and (len(span) < (6 if kinds or promotions or bets else PLAIN_FOREIGN) or mixed):
                continue
            yield context.text_finding(
                FOREIGN if strong else _report(FOREIGN), scope, start, end,
                severity=Severity.HIGH if strong else Severity.MEDIUM, confidence=0.9 if strong else 0.35,
                signals=tuple(signals), message="Span in another script" + (" selling something (betting, goods, offers)" if strong else ""),
            )


@lru_cache(maxsize=8)
def _hosts_written(text: str) -> Counter[str]:
    """How often each host name is written in folded ``text``; remembered, as the trigger check and detection both
    ask of a scope's text (a string keeps its hash, so asking again costs a look-up)."""
    if _HOST_END.search(text) is None:
        return Counter()
    return Counter(_HOST.findall(text))


#: Scopes a site cuts short (a description made of the article's first sentences, a title of its headline): a copy of
#: a spam string can end one of their lines half written ("… không nơi đâu đá gà thomo gachien68_xem").
_CUT_SCOPES = ("title", "meta")
#: What may follow a text cut short: spaces and an ellipsis.
_CUT_END = " \t\n.…"
#: Characters a cut copy holds at least, and the share of its phrase.
CUT_COPY_CHARACTERS = 12
CUT_COPY_SHARE = 0.3


def _cut_copies(text: str, phrase: str) -> list[tuple[int, int]]:
    """Where a line of a text cut short (a title, one value of the meta scope) ends in the start of ``phrase`` (folded,
    both), from the start of a word: at least ``CUT_COPY_CHARACTERS`` characters and ``CUT_COPY_SHARE`` of the
    phrase."""
    shortest = max(CUT_COPY_CHARACTERS, math.ceil(CUT_COPY_SHARE * len(phrase)))
    found = []
    line_start = 0
    for line in text.split("\n"):
        end = line_start + len(line.rstrip(_CUT_END))
        for length in range(min(len(phrase) - 1, end - line_start), shortest - 1, -1):
            start = end - length
            if text.startswith(phrase[:length], start) and (start == line_start or not _TOKEN.match(text[start - 1])):
                found.append((start, end))
                break
        line_start += len(line) + 1
    return found


def writes_spam_address(vocabulary: Vocabulary, folded: str) -> bool:
    """Whether folded text writes a web address whose host name sells (``Vocabulary.spam_host``: "spinfox-bonus.com")."""
    return _HOST_END.search(folded) is not None and any(vocabulary.spam_host(host) for host in _HOST.findall(folded))


def _beyond_hosts(phrase: str) -> bool:
    """Whether a phrase holds words besides its host names ("sharpbet247.com parlay picks"): a site's address alone,
    written again and again, is what a report about the site names ("users of fb88.com lost their deposits")."""
    return _TOKEN.search(_HOST.sub(" ", phrase)) is not None


def _outside(terms: list[tuple[int, int]], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The ``terms`` that no span of ``spans`` holds."""
    holders = _SpanIndex(spans)
    return [(a, b) for a, b in terms if not holders.any_around(a, b)]


def _beside_other_spam(text: str, start: int, end: int, strong: "_SpanIndex") -> bool:
    """Whether the line of ``text[start:end]`` (a scope's text) holds a strong match of the rule packs wholly before
    or after it."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return strong.any_inside(line_start, start) or strong.any_inside(end, len(text) if line_end == -1 else line_end)


def _in_longer_spam(text: str, start: int, end: int, strong: "_SpanIndex") -> bool:
    """Whether ``text[start:end]`` (a scope's text) is joined to a keyword chain by ``_`` or lies inside a strong
    match of the rule packs (``strong``)."""
    return "_" in text[max(0, start - 1):start] + text[end:end + 1] or strong.any_around(start, end)


def _sold_elsewhere(sold: list[tuple[int, int]], copies: list[tuple[int, int]], folded, strong: "_SpanIndex") -> bool:
    """Whether the folded text names betting or goods terms (``sold``) outside the ``copies`` of a phrase and outside
    other spam (the ``strong`` matches of the rule packs, in the scope's text): twice "the betting firm Bet365" in
    an article about the firm, which writes of betting besides, is its subject named again."""
    return any(not strong.any_around(*folded.source_span(a, b)) for a, b in _outside(sold, copies))


def _without_open_bracket(text: str, tokens: list[tuple[str, int, int]], first: int, n: int) -> int:
    """How many of a phrase's ``n`` tokens are left once it no longer ends inside a bracket it opens: every copy of
    "English" in a timetable stands before " (E2)", so the repeat of its replacement runs on to "(E2", which is the
    cell's room, not the spam's."""
    while n > 1 and text.count("(", tokens[first][1], tokens[first + n - 1][2]) > \
            text.count(")", tokens[first][1], tokens[first + n - 1][2]):
        n -= 1
    return n


def _lone_brand_for_a_word(phrase: str, raw: list[str], signals: list[str], breaking: int, sold: list[tuple[int, int]],
                           copies: list[tuple[int, int]], view: str, sources: list[tuple[int, int]],
                           strong: "_SpanIndex") -> bool:
    """A betting brand alone standing where a word of the article was ("kubet" for every "những", "sbobet88"
    for every "công"), or the address of a site whose name sells ("tigon789.com.vn" for every "Quốc" of "Trung Quốc"
    and "Hàn Quốc"): one written word, in lower case in every copy, ``LONE_BRAND_COPIES`` copies or more, two of
    three between two words of a sentence (a word also ends clauses), on a page that names no betting or goods
    term besides, and no copy part of a longer spam string (joined to it by ``_``, or inside a strong match of
    the rule packs: "kubet tiếng việt_đăng ký kubet_link vào kubet" is one string, not three brands). An
    article about a betting firm names it with a capital, at sentence starts and before punctuation, and
    writes of betting around it; one that writes it as the firm styles it ("staff at bet365") names it a few
    times. It is never told to the other pages of a run (see ``replacing_phrases``): there, the same name
    may be an honest page's subject. ``copies`` are in the folded text, ``sources`` in the scope's text ``view``."""
    if " " in phrase.strip() or not {"brand-token", "spam-address"} & set(signals) or len(copies) < LONE_BRAND_COPIES \
            or 3 * breaking < 2 * len(copies) or any(copy != copy.lower() for copy in raw) \
            or any(_in_longer_spam(view, a, b, strong) for a, b in sources):
        return False
    return not _outside(sold, copies)


def _headline(text: str, raw: list[str], starts: list[int]) -> bool:
    """Whether every copy of a phrase of ``HEADLINE_LINE_WORDS`` words or more opens a line, the text or a
    breadcrumb item with a capital: a headline, as its breadcrumb, heading and description write it again
    ("Bet365 fined £582,000 by Gambling Commission"); a spam string stands inside the article's sentences."""
    if len(raw[0].split()) < HEADLINE_LINE_WORDS or not raw[0][:1].isupper():
        return False
    before = [text[max(0, start - 200):start].rstrip(" \t") for start in starts]
    return all(not line.strip() or line[-1] in "\n>›»|/·•" for line in before)


#: Words a piece of a keyword chain holds at most. Pairs of words found only inside the copies further on mean the
#: copies are copies of one longer text (a description repeated in its og: and twitter: forms), in which the chain's
#: end cannot be told from the article's words.
CHAIN_PIECE_WORDS = 6


def _chain_start(phrase: list[str], first: int, only_here: Callable[[tuple[str, ...]], bool],
                 spaced_at: Callable[[int], bool]) -> int:
    """Where a chain of keyword phrases on one line begins, its first piece read back from the ``_`` at ``first`` as
    long as only spaces stand between two words and the page writes each pair only inside the copies ("tải mod apk_…",
    whose pieces no vocabulary names); no further than ``CHAIN_PIECE_WORDS``, else only the word before the ``_``.
    An article word shared before every copy is ``_without_article_words``'s."""
    start = first
    while start > 0 and spaced_at(start - 1) and only_here(tuple(phrase[start - 1:start + 1])):
        start -= 1
        if first - start > CHAIN_PIECE_WORDS:
            return max(0, first - 1)
    return start


def _chain_end(phrase: list[str], last: int, only_here: Callable[[tuple[str, ...]], bool],
               spaced_at: Callable[[int], bool]) -> int:
    """The last word of a chain whose last piece, after the ``_`` at ``last``, no vocabulary names ("…_liên quân mod
    full skin"), read on in the same way and no further than ``CHAIN_PIECE_WORDS`` (else only the word after the
    ``_``); its last word stays only if the page writes it nowhere else: where every "bảo tồn" was replaced, "tồn"
    follows every copy but is the article's."""
    end = last
    while end + 1 < len(phrase) and spaced_at(end) and only_here(tuple(phrase[end:end + 2])):
        end += 1
        if end - last > CHAIN_PIECE_WORDS:
            return min(len(phrase) - 1, last + 1)
    if end > last + 1 and not only_here((phrase[end],)):
        end -= 1
    return end


#: Words a chain of keyword phrases holds at least, and in two of its pieces at least two each ("tải mod apk_liên
#: quân mod full skin"): a name or identifier written with "_" ("hoangminh_fc", "the user_id field") is shorter.
PHRASE_CHAIN_WORDS = 5


def _phrase_chain(phrase: str) -> bool:
    """Whether a phrase joins several phrases of words with ``_``, as keyword strings are chained."""
    pieces = [len(_TOKEN.findall(piece)) for piece in phrase.split("_")]
    return sum(pieces) >= PHRASE_CHAIN_WORDS and sum(count >= 2 for count in pieces) >= 2


def _identifier(context: Context, folded, phrase: str, copies: list[tuple[int, int]]) -> bool:
    """Whether a phrase is a part of a code identifier ("free_spins_" of ``free_spins_remaining``): written without
    a space, and shown as code (``<code>``, ``<pre>``) at one of its places or joined by ``_`` to a longer name at
    one (``simulate_casino_edge()``). A keyword chain has spaces in it, and stands apart where a word was. Pieces
    of names cut at an ``_`` inside them ("_pb_text _builder_" of the page builder's ``[et_pb_text
    _builder_version="4.16"]``, written again for every block) are no chain either: a chain is whole words."""
    text = folded.text
    if (phrase[:1] == "_" or phrase[-1:] == "_") and all(
            (phrase[:1] == "_" and start > 0 and _NAME_CHARACTER.match(text, start - 1) is not None)
            or (phrase[-1:] == "_" and _NAME_CHARACTER.match(text, end) is not None) for start, end in copies):
        return True
    return "_" in phrase and " " not in phrase.strip() and any(
        context.quoted_by(folded.source_span(start, start + 1)[0]) or "_" in (text[start - 1:start] + text[end:end + 1])
        for start, end in copies)


#: Copies of one span in another script, most of them between two words of a sentence, from which it is a string that
#: replaced a word ("купить фальшивые деньги" for every "công"): an article quotes a foreign name or phrase once or
#: twice, and in brackets or quotation marks.
FOREIGN_COPIES = 3
#: Characters a span without spaces (Chinese, Japanese, Thai) needs to be taken for a phrase rather than a name.
FOREIGN_PHRASE_CHARACTERS = 6
#: Latin letters in brackets right after a span: how it is read aloud or what it means ("(mai pen rai)").
_ROMANISED_AFTER = regex.compile(r" ?\(\p{Latin}[\p{Latin}\p{M} '’-]*\)")


def _replacing_spans(text: str, runs: list[tuple[int, int]]) -> dict[str, int]:
    """The runs of another script in ``text`` written ``FOREIGN_COPIES`` times or more, most copies breaking a
    sentence, and phrases rather than names (several words, or a long run), none of them spelled out in Latin
    letters in brackets after it (the phrase an article is about: "ไม่เป็นไร (mai pen rai)"): span -> copies."""
    copies: dict[str, list[tuple[int, int]]] = {}
    for start, end in runs:
        copies.setdefault(text[start:end], []).append((start, end))
    return {span: len(spans) for span, spans in copies.items()
            if len(spans) >= FOREIGN_COPIES and (" " in span.strip() or len(span) >= FOREIGN_PHRASE_CHARACTERS)
            and 2 * sum(_breaks_sentence(text, a, b) for a, b in spans) > len(spans)
            and not any(_ROMANISED_AFTER.match(text, b) for _, b in spans)}


def _apart(blocks: list[tuple[int, int]], runs: list[regex.Match], replacing: dict[str, int]) -> list[tuple[int, int]]:
    """The blocks, each that holds a copy of a replacing span and more cut into its runs: the copies on each side of
    "phản" in "tiến <spam> – phản <spam> liên tục" (both words of "tiến công – phản công" replaced) are two gaps."""
    if not replacing:
        return blocks
    out: list[tuple[int, int]] = []
    for start, end in blocks:
        inside = [m for m in runs if start <= m.start() and m.end() <= end]
        if len(inside) > 1 and any(m.group() in replacing for m in inside):
            out.extend(m.span() for m in inside)
        else:
            out.append((start, end))
    return out


def _foreign_runs(text: str) -> list[regex.Match]:
    """Runs of the scripts ``_FOREIGN_RUN`` reads, of four characters or more."""
    return [m for m in _FOREIGN_RUN.finditer(text) if len(m.group().strip()) >= 4]


def _mixed(text: str, runs: list[regex.Match] | None = None) -> bool:
    """Whether a text is short in Latin letters or a fifth or more in other scripts (its ``runs`` of them, if
    found already)."""
    if runs is None:
        runs = _foreign_runs(text)
    latin = len(_LATIN.findall(text))
    return latin < 40 or sum(len(m.group()) for m in runs) * 5 > latin


def _advertising_sentence(text: str, units: list[tuple[int, int, str]], unit_starts: list[int],
                          sentence_ends: list[int], start: int, end: int) -> bool:
    """Whether the sentence around ``text[start:end]`` advertises betting sites: two different brand tokens,
    a betting word and two different calls to act ("kèo hôm nay tại sv368 và hi88vn, nạp tiền nhận thưởng
    150%, rút tiền siêu tốc"). Reporting names brands and betting, but does not urge the reader on.
    ``unit_starts`` and ``sentence_ends`` (where each sentence end match ends) are sorted."""
    before = bisect_right(sentence_ends, start) - 1
    sentence_start = sentence_ends[before] if before >= 0 else 0
    sentence_end = (m.start() if (m := _SENTENCE_END.search(text, end)) else len(text))
    inside = [u for u in units[bisect_left(unit_starts, sentence_start):bisect_left(unit_starts, sentence_end)]
              if u[1] <= sentence_end]
    brands = {text[a:b] for a, b, kind in inside if kind == "brand-token"}
    calls = {text[a:b] for a, b, kind in inside if kind == "promotion-term"}
    return len(brands) >= 2 and len(calls) >= 2 and any(kind == "betting-term" for _, _, kind in inside)


class _SpanIndex:
    """Spans sorted by start, to ask in a logarithm whether one of them lies inside, or around, a given span."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.nearest_end_from = list(accumulate(reversed([end for _, end in ordered]), min, initial=math.inf))[::-1]
        self.furthest_end_to = list(accumulate((end for _, end in ordered), max, initial=-1))

    def any_inside(self, start: int, end: int) -> bool:
        """Whether a span lies within ``[start, end]``."""
        return self.nearest_end_from[bisect_left(self.starts, start)] <= end

    def any_overlapping(self, start: int, end: int) -> bool:
        """Whether a span overlaps ``[start, end)``."""
        return self.furthest_end_to[bisect_left(self.starts, end)] > start

    def any_around(self, start: int, end: int) -> bool:
        """Whether a span holds ``[start, end]``."""
        return self.furthest_end_to[bisect_right(self.starts, start)] >= end


def _declared_languages(context: Context) -> list[tuple[int, int]]:
    """Source spans of the elements that declare another language than the page's (``<p lang="zh-Hant">`` in an
    English page: a summary in the language of the place reported on); sorted."""
    elements = context.extraction.elements
    page = next((e.attrs.get("lang", "") for e in elements if e.tag == "html"), "").split("-")[0].lower()
    return sorted((e.open_end, e.close_start) for e in elements
                  if e.tag not in ("html", "body") and e.close_start is not None and e.attrs.get("lang")
                  and e.attrs["lang"].split("-")[0].lower() != page)


def _within(spans: list[tuple[int, int]], offset: int) -> bool:
    return any(start <= offset < end for start, end in spans)


def _inside_foreign(between: str) -> bool:
    """Whether ``between`` may stand inside one foreign text, between two of its runs (see ``_INSIDE_FOREIGN``)."""
    if not _INSIDE_FOREIGN.match(between):
        return False
    words = _SHORT_LATIN_WORD.findall(between)
    return len(words) <= INSIDE_FOREIGN_WORDS and sum(word != word.upper() for word in words) <= INSIDE_FOREIGN_LOWER


def _blocks(text: str, runs: list[regex.Match[str]]) -> list[tuple[int, int]]:
    """Runs of one line joined into blocks across what a foreign text carries inside itself: punctuation, digits,
    short Latin tokens ("ルイヴィトン ネヴァーフル MM 激安", "サプリ 激安 ランキング 2025 ・ダイエット サプリ"). A
    block is read as one text: an advertisement's sentences sell together."""
    blocks: list[tuple[int, int]] = []
    for match in runs:
        start, end = match.start(), match.start() + len(match.group().rstrip())
        if blocks and _inside_foreign(text[blocks[-1][1]:start]):
            blocks[-1] = (blocks[-1][0], end)
        else:
            blocks.append((start, end))
    return [_with_brackets(text, start, end) for start, end in blocks]


def _with_brackets(text: str, start: int, end: int) -> tuple[int, int]:
    """A block with the bracket that opens it before its first run ("【激安通販】スーパーコピー") or closes it after
    its last, when the other bracket of the pair is inside it."""
    inside = text[start:end]
    if start > 0 and _OPENING.match(text[start - 1]) and _CLOSING.search(inside):
        start -= 1
    if end < len(text) and _CLOSING.match(text[end]) and _OPENING.search(inside):
        end += 1
    return start, end


#: A word of the article, maybe closing a quotation ('"mukti verification" (먹튀검증)'), a space and an opening
#: bracket or quotation mark; a closing one.
_GLOSS_BEFORE = regex.compile(r"[\p{Latin}\p{N}][\p{Pe}\p{Pf}\"']?[,:]? [\p{Ps}\p{Pi}\"']$")
_GLOSS_AFTER = regex.compile(r"[\p{Pe}\p{Pf}\"']")


#: Words right before a span in another script that say the article cites it ("if a listing says: 激安 送料無料 …",
#: "labelled スーパーコピー", "the terms 카지노사이트"): what a shop writes, shown to the reader, not written to them.
#: A bare "says" or "like" is not enough: a span inserted at random often follows one.
_CITED_BEFORE = regex.compile(
    r"(?<![\p{L}\p{N}])(?:(?:labell?ed|written as|the words?|the terms?|the phrases?|terms|such as|e\.g\.|"
    r"known as|so-called|dubbed|nicknamed|dikenal sebagai|disebut|gọi là|"
    r"bertuliskan|berbunyi|seperti|ghi là)[\s:\"'“‘]*|(?:says|reads|read|said)\s*[:\"'“‘]\s*)$", regex.I)


def _glossed(text: str, start: int, end: int) -> bool:
    """Whether a span is the words an article names in brackets or quotation marks after its own word ("Korean
    gambling terms (카지노사이트, 토토사이트) are common"): a gloss, which spam does not write around itself."""
    span = text[start:end]
    if _OPENING.match(span[:1]) and _CLOSING.match(span[-1:]):
        start, end = start + 1, end - 1
    return bool(_GLOSS_BEFORE.search(text, max(0, start - 5), start) and _GLOSS_AFTER.match(text, end))


def _in_article_line(text: str, start: int, end: int) -> bool:
    """Whether a span shares its line with the article's own text (``ARTICLE_LETTERS`` Latin letters besides it):
    a span in another script glued into a paragraph of the article, not a line of its own."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:start] + " " + text[end:len(text) if line_end < 0 else line_end]
    return len(_LATIN.findall(line)) >= ARTICLE_LETTERS


#: A word's last character and a space; a space and a word's first character.
_WORD_END_SPACE = regex.compile(r"^[\p{L}\p{N}\p{Pe}\p{Pf}\"'%] $")
_SPACE_WORD_START = regex.compile(r"^ [\p{L}\p{N}\p{Ps}\p{Pi}\"']$")


def _breaks_sentence(text: str, start: int, end: int) -> bool:
    """Whether a span sits between two words of one sentence (no sentence punctuation or line break either side;
    a bracket or quotation mark may close the word before or open the word after: "(Pemda) <span> mempunyai")."""
    before, after = text[max(0, start - 2):start], text[end:end + 2]
    return bool(_WORD_END_SPACE.match(before) and _SPACE_WORD_START.match(after))



def _score(signals: list[str]) -> int:
    weights = {"underscore-chain": 2, "brand-token": 2, "betting-term": 2, "goods-term": 2, "promotion-term": 1, "breaks-sentence": 1,
               "sold-only-here": 2, "ruled-in-every-copy": 1, "name-like": -3, "lone-brand": 1, "phrase-chain": 1,
               "spam-address": 3}
    return sum(weights.get(s, 0) for s in signals)
