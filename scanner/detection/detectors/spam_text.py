"""Spam sentences around a strong finding: remove the promotion, not only its keyword.

A rule names "slot gacor"; the injected paragraph around it says "Daftar
sekarang, bonus new member 100%, link alternatif anti blokir". Removing only the
keyword leaves the rest of the advertisement in the article. This detector
widens a strong finding in visible text to the run of sentences around it that
carry spam vocabulary of their own, and stops at the first sentence that does not.

The article's own sentences are protected by what they lack: a sentence is
taken along only if, apart from the findings in it, it still has a betting
term, a betting brand or two different calls to act (one promotion word alone,
"official" or "register", is common in news), or if the findings cover most of it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from typing import Iterable, Sequence

import regex

from ...extraction import fold_string
from ...findings import Finding, RuleInfo, Severity
from ..context import SEGMENT_SEPARATOR, Context
from .ranges import cut_out, merged, overlaps
from .keywords import REPEATED, writes_spam_address
from .vocabulary import Vocabulary, load_vocabulary

SPAM_TEXT = RuleInfo(
    "injection.spam-text", "Sentences of advertisement around a strong spam finding in the visible text",
    "keyword-injection", Severity.HIGH, "remove",
)

#: The page text, and the title and meta description, which an injection rewrites as well.
_SCOPES = ("text", "title", "meta")
#: Share of a sentence's letters covered by findings above which the whole sentence is spam.
COVERED = 0.75
#: ...or, in a title or meta description segment, when at most this many words of it are left ("Buy Tramadol Online
#: Overnight | Strike threat over pension plans").
FEW_WORDS = 1
#: Words at most that a sentence opening with a strong finding keeps after its findings for it to be spam whole
#: ("Send from 0.1 to 20 BTC to the address below and get 2X <back instantly>."), unless it reports speech.
TAIL_WORDS = 2
#: Share of a sentence's letters held by the strong finding it opens a paragraph with, above which it is an
#: advertisement of its own.
OPENING_SHARE = 0.5
#: Share of a paragraph's letters in spam sentences above which its other, short sentences go too...
MOSTLY = 0.6
#: ...when each has at most this many letters.
SHORT = 80
#: Words at most of a question right before an advertisement inside a paragraph that goes with it.
HOOK_WORDS = 5
#: Sentences at most of a paragraph that goes whole when it holds a strong finding and ends with a contact line.
AD_SENTENCES = 4
#: Words between two spam runs of an attribute value that count as the spam's when measuring how much of it is spam.
GLUE_WORDS = 2
#: Words at least of a title segment or description sentence that the page's text holds for it to be the page's
#: own (a headline, a lead sentence)...
OWN_WORDS = 3
#: ...and of one that repeats an advertisement removed elsewhere on the page for it to be spam.
COPY_WORDS = 2
#: Characters that count as a word there, in text written without spaces.
WORD_LENGTH = 5
#: Items between semicolons or commas from which a sentence is a list of keywords, each at most this many words.
LIST_ITEMS = 4
ITEM_WORDS = 4
_LIST_SEPARATOR = regex.compile(r"[;,，；、]\s*")
_LIST_SEPARATOR_BEFORE = regex.compile(r"[;,，；、]\s*$")
_IDEOGRAPHIC_SENTENCE_END = regex.compile(r"[。！？]\s*$")
#: Links side by side from which they are a list (tag cloud, breadcrumb), each item a sentence of its own.
LINK_RUN = 3
#: Words at least before the first finding of a title or description segment that stay when they name nothing sold:
#: the honest title the spam was appended to ("Library hours slot gacor hari ini gampang maxwin" keeps "Library
#: hours"), while one word there is the spam's own lead-in as often ("Bocoran slot gacor …").
LEAD_WORDS = 2
#: Words at most before a run's first finding among which an advertisement glued to the article's sentence without
#: a full stop opens with a capital ("Photo: staff Buy replica watches …": "Buy" is one word before "replica watches";
#: Vietnamese words are syllables: "Nhận làm luận văn thuê, viết thuê tiểu luận" is five before the rule's phrase).
GLUED_WORDS = 8
#: Words at least on each side of a run of spam words inside a sentence from which the run was put into the
#: article's sentence and goes alone.
INSERTED_SIDE_WORDS = 5
#: Words at least of the article's clause that an advertisement glued on without a full stop leaves in place.
LEAD_CLAUSE = 4
_SENTENCE_END_INSIDE = regex.compile(r"[.!?。！？]\s")
#: A caption's credit line ("Photo: staff", "Ảnh: P.V"), which an advertisement appended to the caption follows.
_CREDIT = regex.compile(r"\s*\p{L}+:\s*[\p{L}\p{N}.]+(?:\s[\p{L}\p{N}.]+)?\s*$")
_CREDIT_ENDING = regex.compile(r"(?<![\p{L}\p{N}])\p{L}+:\s*[\p{L}\p{N}.]+(?:\s[\p{L}\p{N}.]+)?\s*$")
#: Characters of a one-line text document read like a title, in segments ("Harga cabai naik | Slot Gacor Hari Ini").
TITLE_LENGTH = 200
#: A sentence ends at its punctuation, an ellipsis included (a description cut short: "… trong vòng 2… <spam>"), but
#: not inside "£1.65bn" or "x2.io" (a full stop before a letter or digit stays in the sentence, unless the letter is
#: Korean, Chinese or Japanese); at a line end;
#: or at a space next to a letter of a script written without
#: sentence punctuation (Thai, Lao, Khmer, Burmese: there a space separates clauses and sentences; a span of such
#: text inside a sentence of another script is a clause of its own). A longer run than ``LONGEST_SENTENCE`` is cut
#: in pieces: the engine keeps state for every character of a match (a 5 MB paragraph without a full stop ran out
#: of memory). The body never gives back what it took (possessive) and the end is optional: wherever the body
#: stops short of the limit, an end follows, so sentences are the same, and a piece cut at the limit costs no
#: backtracking (200,000 '<' in a row took minutes).
LONGEST_SENTENCE = 2000
_UNPUNCTUATED = r"[\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]"
#: Letters after which a full stop ends the sentence even without a space: no address or number goes on in them
#: ("… 늘릴 예정이다.토토사이트 …": spam glued to a Korean sentence).
_IDEOGRAPHIC = r"[\p{Hangul}\p{Han}\p{Hiragana}\p{Katakana}]"
_SENTENCE = regex.compile(
    rf"(?:[^.!?。！？။។।॥…\n ]|[.!?](?=(?!{_IDEOGRAPHIC})[\p{{L}}\p{{N}}])|(?<!{_UNPUNCTUATED}) (?!{_UNPUNCTUATED})){{1,{LONGEST_SENTENCE}}}+(?:[.!?。！？။។।॥…]+|(?= )|$)?",
    regex.MULTILINE,
)
#: A title or meta description is segments joined by separators ("Casino Bonus – Free Spins | Library hours | Gazette"):
#: each segment, with the separator after it, counts as a sentence.
_SEGMENT_SEPARATOR = regex.compile(SEGMENT_SEPARATOR)
#: A word of an attribute value; a brand of letters and digits; a number, possibly with a unit ("4d").
_ATTRIBUTE_WORD = regex.compile(r"[\p{L}\p{N}]+(?:['’.\-][\p{L}\p{N}]+)*")
_BRAND = regex.compile(r"^(?=[\p{L}\p{N}]*\p{L})(?=[\p{L}\p{N}]*\p{N})[\p{L}\p{N}]+$")
_NUMBER = regex.compile(r"^\p{N}+\p{L}{0,2}$")
#: An attribute's name, equals sign and opening quote, right before its value.
_ATTRIBUTE_BEFORE = regex.compile(r"\s+([\w:-]+)\s*=\s*[\"']?$")
_SEPARATOR_BEFORE = regex.compile(SEGMENT_SEPARATOR + "$")
_ENDS_SENTENCE = regex.compile(r"[.!?]\s*$")
_OPENING_BRACKETS = {")": "(", "]": "[", "}": "{"}
_CLOSING_BRACKETS = frozenset(_OPENING_BRACKETS)
_SEPARATOR_AFTER_SEGMENT = regex.compile(SEGMENT_SEPARATOR.rstrip() + r"\s*$")  # a segment's own, at its end
_LETTER = regex.compile(r"\p{L}")
#: A telephone number: eight digits or more, with the usual separators.
_PHONE = regex.compile(r"\+?\d[\d ().-]{6,}\d")
_WORD = regex.compile(r"[\p{L}\p{N}]+")
_LAST_WORD = regex.compile(r"[\p{L}\p{N}]+$")
_DIGIT = regex.compile(r"\d")
#: A price ("$420", "Rp 50.000", "120.000 đ") and nothing else before a run's first finding: the cell or line the
#: spam was added to ("<td>$420 <a …>slot88 gacor</a></td>") keeps it.
_LEADING_PRICE = regex.compile(
    r"\s*(?:(?:\p{Sc}|(?i:rp|idr|usd|eur|gbp)\b)\s?\d[\d.,]*|\d[\d.,]*\s?(?:\p{Sc}|(?i:đ|vnđ|vnd|usd|eur)\b))[\s:;,–—-]*")
_BETWEEN_LINKS = regex.compile(r"[\s|·•,/–—>»›→-]*")


class SpamSentences:
    """Widens strong findings in the visible text to the advertisement sentences around them."""

    rules = (SPAM_TEXT,)

    def __init__(self, vocabulary: Vocabulary | None = None) -> None:
        self.vocabulary = vocabulary or load_vocabulary()

    def may_report(self, context: Context) -> bool:
        """Never on its own: it only widens findings of the rule packs and other detectors."""
        return False

    def detect(self, context: Context, findings: Sequence[Finding]) -> Iterable[Finding]:
        widened = [finding for scope in _SCOPES for finding in self._widen(context, scope, findings)]
        yield from widened
        # the opening of one may repeat, whole, the advertisement removed from the other ("Call Girls in Delhi – …" in
        # the title, "Independent call girls in Delhi …" opening the description): a second pass with what the first found
        known, opened = [*findings, *widened], set()
        for scope in ("meta", "title", "meta", "title"):
            if scope not in opened:
                openings = list(self._injected_openings(context, scope, known))
                if openings:
                    opened.add(scope)
                    known += openings
                    yield from openings
        yield from self._attribute_keywords(context, findings)

    def _injected_openings(self, context: Context, scope: str, findings: Sequence[Finding]) -> Iterable[Finding]:
        """A title or description that an injection opens: the segments before the first one the page's text
        holds (its headline, its lead sentence) go together when one of them is spam ("Làm Bằng Đại Học Giá Rẻ -
        Dịch Vụ Làm Bằng Uy Tín - <headline> | <site>": a rule names the first segment only; "<two sentences of a
        casino's offer> ¡Regístrate hoy y gana! <the article's lead>"). A segment is spam when a strong finding
        touches it or when it repeats, whole, an advertisement removed elsewhere on the page (the title's "Casino en
        Línea sin Depósito" from the description's offer). A description written for the page alone, which its
        text does not hold, gives no such bound and is left to the sentence-by-sentence judgement."""
        text = context.extraction.view(scope).text
        removed = [f for f in findings if f.severity >= Severity.HIGH and f.action in ("remove", "remove-element")]
        # a phrase that replaced a word sits inside the segment ("3 bed semi-detached <spam> for sale"): no segment
        # of its own
        replaced = merged([(f.text_start, f.text_end) for f in findings if f.scope == scope and f.rule_id == REPEATED.id])
        touching = [f for f in removed if f.scope == scope and not _touches(text, replaced, f.text_start, f.text_end)]
        elsewhere = [" ".join(fold_string(f.match).split()) for f in removed if f.scope != scope and f.match]
        if not text.strip() or not (touching or elsewhere):
            return
        page = _page_text(context)
        touching_spans = merged([(f.text_start, f.text_end) for f in touching])
        line_start = 0
        for line in text.split("\n"):
            segments = [(line_start + start, line_start + end) for start, end in _sentences(line, True)]
            line_start += len(line) + 1
            own = next((i for i, (start, end) in enumerate(segments) if _holds(page, text[start:end], OWN_WORDS)), None)
            if not own:
                continue
            opening = segments[:own]
            if not any(overlaps(touching_spans, start, end)
                       or any(_holds(copy, text[start:end], COPY_WORDS) for copy in elsewhere)
                       for start, end in opening):
                continue
            start = opening[0][0]
            end = _before_own_words(context, text, start, segments[own][0], segments[own][1],
                                    [f for f in findings if f.scope == scope], findings)
            start, end = _trimmed(text, start, end)
            yield context.text_finding(
                SPAM_TEXT, scope, start, end, confidence=0.85, signals=("spam-sentences", "injected-opening"),
                message="Segments of advertisement opening a title or description, before the page's own words")

    def _attribute_keywords(self, context: Context, findings: Sequence[Finding]) -> Iterable[Finding]:
        """Keywords appended to an image's description ("Suasana rapat di kantor kementerian slot gacor maxwin
        zeus138") or given an attribute of their own (``title="agen judi bola sbobet88 terpercaya"``): the run of
        spam words around a strong finding in one attribute value goes, with the brands and numbers inside it,
        and the words that describe the image stay. A value that is spam alone goes with its attribute (an
        ``alt`` is emptied instead: ``alt=""`` still tells a screen reader to skip the image), also without a
        strong finding of its own when other attributes of the page have one; so does a value of several spam
        runs that hold ``COVERED`` of its words (with short gaps between them) around a strong finding ("comprar cialis sin receta, kamagra 100mg
        barato, viagra generico contrareembolso": the words left between the runs describe nothing; one run beside
        a few words is an injected phrase, maybe where a word was replaced: "Hải đội <spam>")."""
        view = context.extraction.view("attributes")
        in_scope = [f for f in findings if f.scope == "attributes" and f.text_end > f.text_start]
        anchors = [f for f in in_scope if f.severity >= Severity.HIGH and f.action == "remove"]
        if not anchors:
            return
        spam_spans = [(f.text_start, f.text_end) for f in in_scope] + self._vocabulary_spans(context, "attributes")
        text, line_start = view.text, 0
        for line in text.split("\n"):
            line_end = line_start + len(line)
            if any(line_start <= f.text_start < line_end for f in in_scope):
                words = [(m.start() + line_start, m.end() + line_start) for m in _ATTRIBUTE_WORD.finditer(line)]
                runs = _spam_runs(text, words, spam_spans)
                if len(runs) > 1 and _bridged_length(runs) >= COVERED * len(words) and any(
                        line_start <= f.text_start < line_end for f in anchors):
                    runs = [(0, len(words) - 1)]
                for first, last in runs:
                    start, end = words[first][0], words[last][1]
                    whole = first == 0 and last == len(words) - 1
                    if last == len(words) - 1 and not whole:  # ending the value: with the separator before it
                        start, end = _with_separator_before(text, start, end)
                    if not whole and not any(start < f.text_end and f.text_start < end for f in anchors):
                        continue
                    finding = context.text_finding(
                        SPAM_TEXT, "attributes", start, end, confidence=0.85,
                        signals=("spam-keywords", "around-strong-finding"),
                        message="Spam keywords added to an attribute's text")
                    if whole:
                        finding = _whole_attribute(context.source, finding)
                    yield finding
            line_start = line_end + 1

    def _vocabulary_spans(self, context: Context, scope: str) -> list[tuple[int, int]]:
        """Where betting, offer and goods words occur in a scope's extracted text."""
        folded = context.folded(scope)
        vocabulary = self.vocabulary
        return [folded.source_span(m.start(), m.end())
                for pattern in (vocabulary.betting_regex, vocabulary.promotion_regex, vocabulary.goods_regex)
                for m in pattern.finditer(folded.text)]

    def _widen(self, context: Context, scope: str, findings: Sequence[Finding]) -> Iterable[Finding]:
        text = context.extraction.view(scope).text
        in_text = [f for f in findings if f.scope == scope and f.text_end > f.text_start]
        # A phrase repeated where a word was replaced sits inside the article's own sentences: nothing around
        # it is advertisement, even in an article about betting whose sentences hold betting words.
        # (A match touching such a phrase is its tail: "…_daftar akun pro" where the phrase ends at "daftar".)
        copies = [f for f in in_text if f.rule_id == REPEATED.id]
        replaced = merged([(f.text_start, f.text_end) for f in copies])
        anchors = [f for f in in_text if f.severity >= Severity.HIGH and f.action == "remove"
                   and not _touches(text, replaced, f.text_start, f.text_end)]
        if not anchors and not copies:
            return
        # a title, a description, or a text document of one short line (an export's post title) is segments
        segmented = scope != "text" or (context.extraction.kind == "text" and "\n" not in text.strip()
                                        and len(text.strip()) <= TITLE_LENGTH)
        sentences = _sentences(text, segmented, _link_cuts(context) if scope == "text" else ())
        reported = {i for i, (start, end) in enumerate(sentences) if self._reported(text[start:end])}
        inserted = self._inserted_phrases(context, scope, sentences, in_text, anchors) if not segmented else {}
        spam = {i for i, sentence in enumerate(sentences) if i not in inserted
                and self._anchored_spam(text, scope != "text", sentence, in_text, anchors, i in reported)}
        spam |= _paragraph_advertisements(text, sentences, anchors) - reported
        spam |= self._contact_advertisements(text, sentences, anchors) - reported
        spam |= {i for i, sentence in enumerate(sentences)
                 if i not in reported and self._advertisement_around_copy(text, sentence, copies)}
        # the page's own headline or lead, which its text holds, is no advertisement
        own = _own_segments(context, text, sentences, in_text) if scope != "text" else set()
        runs = self._runs(text, sentences, spam - own, in_text, reported, own)
        for start, end in inserted.values():
            if not any(a <= start and end <= b for a, b in runs) and \
                    not any(f.text_start <= start and end <= f.text_end for f in in_text):
                yield context.text_finding(
                    SPAM_TEXT, scope, start, end, confidence=0.85,
                    signals=("spam-words", "around-strong-finding", *_rules_inside(anchors, start, end)),
                    message="Spam words inserted into a sentence of the article, around a strong spam finding")
        for start, end in runs:
            start, end = _trimmed(text, _after_leading_price(text, start, end, in_text), end)
            if segmented:
                start = self._after_honest_lead(text, start, end, in_text)
                if scope != "text":
                    end = _before_own_words(context, text, start, end, end, in_text, findings)
                start, end = _with_separator_before(text, start, end)
            else:
                start = self._after_glued_lead(text, start, end, in_text)
            start = _with_list_separator_before(text, start, end)
            if any(f.text_start <= start and end <= f.text_end for f in in_text):
                continue  # a finding already covers the whole run
            yield context.text_finding(
                SPAM_TEXT, scope, start, end, confidence=0.85,
                signals=("spam-sentences", "around-strong-finding", *_rules_inside(anchors, start, end)),
                message="Advertisement sentences around a strong spam finding",
            )

    def _inserted_phrases(self, context: Context, scope: str, sentences: list[tuple[int, int]], in_text: list[Finding],
                          anchors: list[Finding]) -> dict[int, tuple[int, int]]:
        """Sentences (by index) that a spam phrase was inserted into, with the phrase's span. The phrase is one run
        of words: the sentence's strong findings, with the findings, brands of letters and digits and tail words
        ("hari ini", written nowhere else on the page) next to them ("… oleh Balboa Estate digunakan <slot gacor
        hari ini GACOR88> untuk menghubungkan akses …"). It was put in when ``INSERTED_SIDE_WORDS`` words or more
        stand on each side that carry no spam vocabulary, no brand and no contact. The article's sentence stays,
        the run goes (its brand and its tail words are spam, not evidence that the sentence is)."""
        text = context.extraction.view(scope).text
        folded = context.folded(scope)
        tails = list(self.vocabulary.tails_regex.finditer(folded.text))
        written = Counter(m.group() for m in tails)
        # a tail word the page writes elsewhere is the article's ("the online market", "in 2025")
        spam_spans = merged([(f.text_start, f.text_end) for f in in_text] + [
            folded.source_span(m.start(), m.end()) for m in tails if written[m.group()] == 1])
        found: dict[int, tuple[int, int]] = {}
        for index, (start, end) in enumerate(sentences):
            inside = [f for f in anchors if start <= f.text_start and f.text_end <= end]
            if not inside:
                continue
            words = [(m.start(), m.end()) for m in _WORD.finditer(text, start, end)]
            spammy = [overlaps(spam_spans, w_start, w_end) or self._brand(text[w_start:w_end]) for w_start, w_end in words]
            first = next((i for i, (w_start, w_end) in enumerate(words) if w_end > inside[0].text_start), None)
            if first is None or not spammy[first]:
                continue
            low, high = first, first
            while low > 0 and spammy[low - 1]:
                low -= 1
            while high + 1 < len(words) and spammy[high + 1]:
                high += 1
            run = (words[low][0], words[high][1])
            if any(f.text_start < run[0] or f.text_end > run[1] for f in inside):
                continue  # more than one place in the sentence: an advertisement, not one phrase put in
            before, after = text[start:run[0]], text[run[1]:end]
            if low < INSERTED_SIDE_WORDS or len(words) - 1 - high < INSERTED_SIDE_WORDS or any(
                    self._spam_evidence(side) or self._contact_line(side) or self._promotion_evidence(side)
                    for side in (before, after)):
                continue
            found[index] = run
        return found

    def _brand(self, word: str) -> bool:
        """Whether a word is a brand of letters and digits as betting sites name themselves ("GACOR88"), not a
        model or a measure ("A380", "G20", "5km")."""
        return bool(_BRAND.match(word)) and any(strong for _, _, strong in self.vocabulary.brand_tokens(fold_string(word)))

    def _after_honest_lead(self, text: str, start: int, end: int, findings: list[Finding]) -> int:
        """Where the spam of a segment starts: after the words before its first finding when they are
        ``LEAD_WORDS`` or more and carry no betting, goods, brand or call to act (the title spam was appended to
        without a separator)."""
        first = min((f.text_start for f in findings if start <= f.text_start < end), default=start)
        lead = text[start:first]
        if len(_WORD.findall(lead)) < LEAD_WORDS or self._spam_evidence(lead) or self._contact_line(lead) or \
                self.vocabulary.promotion_regex.search(fold_string(lead)):
            return start
        return first

    def _after_glued_lead(self, text: str, start: int, end: int, findings: list[Finding]) -> int:
        """Where an advertisement glued to the article's sentence without a full stop starts: at the first
        capitalised word among the ``GLUED_WORDS`` words before the run's first finding that follows a space, not
        the sentence's first word ("…masyarakat desa," ujar <Pinjaman online tanpa jaminan …>", "Photo: staff <Buy
        replica watches …>", "Ảnh: P.V <Mua thuốc cường dương …>"), when the words before it name nothing sold
        and give no contact. A new sentence opens with a capital; the article's words before it stay."""
        first = min((f.text_start for f in findings if start <= f.text_start < end), default=start)
        before = list(_WORD.finditer(text, start, first))
        opening = _WORD.match(text, first)
        candidates = before[1:][-GLUED_WORDS:] + ([opening] if opening and before else [])
        for word in candidates:
            if not _opens_a_sentence(text, word):
                continue
            lead = text[start:word.start()]
            if self._spam_evidence(lead) or self._contact_line(lead) or \
                    self.vocabulary.promotion_regex.search(fold_string(lead)) or \
                    not self._article_lead(lead, text[text.rfind("\n", 0, start) + 1:word.start()]):
                return start
            return word.start()
        return start

    def _article_lead(self, lead: str, line: str) -> bool:
        """Whether words before a capital read as the article's, not as the advertisement's own opening ("Play at
        LuckySpin", "Download the Aviator app", "Top quality Rolex"): a caption's credit ("Photo: staff"; on its
        ``line``, the text from the line's start, too: "Foto: dok. redaksi" is two sentences to the splitter), or
        ``LEAD_CLAUSE`` words or more that do not end in an article or a preposition (which the name after them
        completes)."""
        words = _WORD.findall(lead)
        if _SENTENCE_END_INSIDE.search(lead):
            return False  # the run opened with a sentence of its own (a hook: "Mau cuan dari crypto? Gabung grup …")
        if _CREDIT.match(lead) or _CREDIT_ENDING.search(line):
            return True
        return len(words) >= LEAD_CLAUSE and fold_string(words[-1]) not in self.vocabulary.function_words

    def _anchored_spam(self, text: str, title_scope: bool, sentence: tuple[int, int], in_text: list[Finding],
                       anchors: list[Finding], reported: bool) -> bool:
        """A sentence holding a strong finding is spam when what is left of it is spam too, or little is left (a
        quarter of its letters; one word of a title or description segment), or when it holds two different
        strong findings apart from each other: an honest sentence that quotes spam is reported, not removed, so
        two removable ones side by side ("Vay tiền nhanh online chỉ cần CCCD, không thẩm định, giải ngân trong 5
        phút") are an advertisement.

        The evidence is read beside the strong findings, weak ones included ("Situs … daftar" around a
        removed "slot gacor"); a messenger with a number counts ("Tersedia cewek <open BO> Jakarta 24 jam …
        hubungi WA 0813-…"), so does the address of a site whose name sells ("… for new players:
        spinfox-bonus.com"), and so does a short question around them (the advertisement's hook: "Looking for
        cheap replica Rolex watches UK?"; a question an FAQ asks is cited, not removed); the share left is measured without any finding. A sentence in reported speech
        ("Menurut penyidik, para tersangka mempromosikan situs …") tells what someone said or did: only its
        spam words go, unless little else is left."""
        start, end = sentence
        inside = [f for f in anchors if f.text_start < end and start < f.text_end]
        if not inside:
            return False
        if _apart(text, inside) and not reported:
            return True
        # another copy of an anchor's string is the same spam, not evidence beside it ("anak usia <spam>, siswa,
        # guru, hingga <spam>": one replaced word, used twice)
        spam_strings = {text[f.text_start:f.text_end].casefold() for f in inside}
        copies = [f for f in in_text if text[f.text_start:f.text_end].casefold() in spam_strings]
        beside = _without_findings(text, start, end, anchors + copies)
        rest = _without_findings(text, start, end, in_text)
        letters = len(_LETTER.findall(text[start:end]))
        return (not reported and (self._spam_evidence(beside) or self._promotion_evidence(beside)
                                  or self._contact_line(beside) or _hook(text[start:end])
                                  or writes_spam_address(self.vocabulary, fold_string(beside))
                                  or not title_scope and _opens_with(text, sentence, inside, beside)
                                  or _ends_in_a_tail(text, start, inside, rest))
                or len(_LETTER.findall(rest)) < (1 - COVERED) * letters
                or title_scope and len(_WORD.findall(rest)) <= FEW_WORDS)

    def _runs(self, text: str, sentences: list[tuple[int, int]], spam: set[int], in_text: list[Finding],
              reported: set[int], own: set[int]) -> list[tuple[int, int]]:
        """Spam sentences widened to their neighbours in the same paragraph that carry betting evidence and are
        neither reported speech nor the page's ``own`` words."""
        grown = set(spam)
        for origin in sorted(spam):
            for step in (-1, 1):
                current, neighbour = origin, origin + step
                while 0 <= neighbour < len(sentences) and neighbour not in grown and \
                        _same_paragraph(text, sentences[min(current, neighbour)], sentences[max(current, neighbour)]):
                    if neighbour in reported or not self._neighbour_is_spam(text, sentences[neighbour], in_text):
                        break
                    grown.add(neighbour)
                    current, neighbour = neighbour, neighbour + step
        # a sentence whose advertisement was glued after the article's own words does not open its paragraph with spam
        led = {i for i in grown if self._after_glued_lead(text, *sentences[i], in_text) > sentences[i][0]}
        grown |= self._rest_of_advertisements(text, sentences, grown, led, own)
        grown |= {i - 1 for i in grown if i > 0 and i - 1 not in grown and i - 1 not in reported
                  and _same_paragraph(text, sentences[i - 1], sentences[i]) and _short_hook(text[slice(*sentences[i - 1])])}
        runs: list[tuple[int, int]] = []
        for index in sorted(grown - own):
            start, end = sentences[index]
            if runs and _same_paragraph(text, (runs[-1][0], runs[-1][1]), (start, end)) and \
                    not text[runs[-1][1]:start].strip():
                runs[-1] = (runs[-1][0], end)
            else:
                runs.append((start, end))
        return runs

    @staticmethod
    def _rest_of_advertisements(text: str, sentences: list[tuple[int, int]], spam: set[int],
                                led: set[int], own: set[int]) -> set[int]:
        """The other sentences of paragraphs that are mostly spam: an appended advertisement ends with short
        calls ("Nur heute, garantiert verdoppelt. Jetzt Krypto verdoppeln.") that carry no vocabulary of their
        own. A paragraph goes whole when it opens with spam or with a short question (the advertisement's hook:
        "Struggling with coursework this semester?"), its spam sentences hold at least ``MOSTLY`` of its
        letters and each other sentence is short. A paragraph whose first sentence opens with the article's words
        (``led``: spam glued on after them) keeps its other sentences, and a title keeps the segments from its
        ``own`` headline on (the site's name after it: "<offer> – <headline> | City Herald")."""
        taken: set[int] = set()
        for members in _paragraphs(text, sentences):
            headline = min((i for i in members if i in own), default=None)
            rest = [i for i in members if i not in spam and (headline is None or i < headline)]
            letters = {i: len(_LETTER.findall(text[slice(*sentences[i])])) for i in members}
            hook = _hook(text[slice(*sentences[members[0]])])
            if not rest or (members[0] not in spam or members[0] in led) and not hook:
                continue  # an article's paragraph with spam added after its own opening keeps that opening
            if sum(letters[i] for i in members if i in spam) >= MOSTLY * sum(letters.values()) \
                    and all(letters[i] <= SHORT for i in rest):
                taken.update(rest)
        return taken

    def _neighbour_is_spam(self, text: str, sentence: tuple[int, int], in_text: list[Finding]) -> bool:
        """A sentence next to spam is spam too if it has a strong finding, betting words, two calls to act or a
        messenger's number."""
        start, end = sentence
        if any(f.severity >= Severity.HIGH and f.text_start < end and start < f.text_end for f in in_text):
            return True
        # a topic word's weak finding ("togel online", a mention) is evidence here: only reported phrases are left out
        rest = _without_findings(text, start, end, [f for f in in_text if f.severity >= Severity.MEDIUM])
        return self._spam_evidence(rest) or self._promotion_evidence(rest) or self._contact_line(rest)

    def _advertisement_around_copy(self, text: str, sentence: tuple[int, int], copies: list[Finding]) -> bool:
        """A sentence holding a copy of a phrase that replaced a word, whose other words are an advertisement: a
        betting word or a brand and two calls to act ("Info terbaru: daftar sekarang di situs <copy> terpercaya
        GACOR77, bonus new member 100% …"). The spam that replaced the word was also put in an advertisement of
        its own, which goes whole; an article's sentence around a copy names nothing sold."""
        start, end = sentence
        inside = [f for f in copies if f.text_start < end and start < f.text_end]
        if not inside:
            return False
        beside = _without_findings(text, start, end, inside)
        return self._spam_evidence(beside) and self._promotion_evidence(beside)

    def _contact_advertisements(self, text: str, sentences: list[tuple[int, int]], anchors: list[Finding]) -> set[int]:
        """Every sentence of a short paragraph made of sentences with a strong finding, short questions (the
        hook) and, last, a messenger and a number ("Butuh ijazah cepat? Jual ijazah asli terdaftar PDDIKTI S1/S2 …
        Hubungi WA 0857-…"): an advertisement, though its sentences beside the spam phrase name nothing sold."""
        taken: set[int] = set()
        for members in _paragraphs(text, sentences):
            if len(members) > AD_SENTENCES or not self._contact_line(text[slice(*sentences[members[-1]])]):
                continue
            anchored = {i for i in members[:-1]
                        if any(f.text_start < sentences[i][1] and sentences[i][0] < f.text_end for f in anchors)}
            if anchored and all(i in anchored or _hook(text[slice(*sentences[i])]) for i in members[:-1]):
                taken.update(members)
        return taken

    def _contact_line(self, text: str) -> bool:
        """A messenger and a number to write to ("WhatsApp +1 (302) 555-0199"): how an advertisement ends."""
        return _PHONE.search(text) is not None and self.vocabulary.contact_regex.search(fold_string(text)) is not None

    def _reported(self, sentence: str) -> bool:
        """Whether a sentence is reported speech ("said", "menurut", "cho biết"): reporting, not advertising."""
        return self.vocabulary.reporting_regex.search(fold_string(sentence)) is not None

    def _spam_evidence(self, text: str) -> bool:
        """A betting word or the goods of another spam family (a drug, a loan), or a brand made of letters and
        digits (fb88, 789bet); not "nightclub"."""
        folded = fold_string(text)
        vocabulary = self.vocabulary
        return bool(vocabulary.betting_regex.search(folded) or vocabulary.goods_regex.search(folded)) or any(
            strong and _DIGIT.search(folded[start:end]) and _LETTER.search(folded[start:end])
            for start, end, strong in vocabulary.brand_tokens(folded))

    def _promotion_evidence(self, text: str) -> bool:
        """Two different calls to act ("sign up", "bonus") in one sentence."""
        return len(set(self.vocabulary.promotion_regex.findall(fold_string(text)))) >= 2


def _opens_a_sentence(text: str, word: regex.Match) -> bool:
    """Whether a word inside a sentence reads as the first of another: capitalised, after a space and a word in lower
    case or an abbreviation ("ujar Pinjaman online", "TP HCM Nhận làm", "P.V Mua thuốc"), and followed by a word in
    lower case ("Buy replica"), where a name goes on in capitals ("Balboa Estate", "Wakil Menteri")."""
    if not word.group()[:1].isupper() or word.group()[1:].isupper() or text[word.start() - 1:word.start()] != " ":
        return False  # not capitalised, or a word in capitals ("BTC GIVEAWAY by …"): no sentence opens there
    if word.group() == "I":
        return False  # English writes its pronoun in capitals mid-sentence ("… platform until I found …")
    previous = _LAST_WORD.search(text, max(0, word.start() - 60), word.start() - 1)
    following = _WORD.match(text, word.end() + 1) if text[word.end():word.end() + 1] == " " else None
    return previous is not None and previous.end() == word.start() - 1 \
        and (previous.group().islower() or previous.group().isupper()) \
        and (following is None or not following.group()[:1].isupper())


def _rules_inside(anchors: Sequence[Finding], start: int, end: int) -> list[str]:
    """``around:ID`` for each rule whose strong finding the advertisement holds: the sentences are removed whole, and
    the reader, or a rule's author, sees which rule they were found around. (Not ``rule:ID``, which marks a finding
    that is a rule's match.)"""
    return sorted({f"around:{f.rule_id}" for f in anchors if start < f.text_end and f.text_start < end})


def _touches(text: str, spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``text[start:end]`` overlaps one of the sorted, merged ``spans`` or only white space and ``_``
    stand between them (the nearest span before and after is enough: any other has one of them between)."""
    index = bisect_right(spans, (end, float("inf"))) - 1
    if index >= 0 and (spans[index][1] > start or not text[spans[index][1]:start].strip(" _")):
        return True
    return index + 1 < len(spans) and not text[end:spans[index + 1][0]].strip(" _")


def _paragraph_advertisements(text: str, sentences: list[tuple[int, int]], anchors: list[Finding]) -> set[int]:
    """The sentences with a strong finding of each paragraph that opens with one and holds a different one in
    another sentence, and of two sentences in a row that hold different ones: an inserted advertisement paragraph ("… helped me get back 4.2 BTC within days. Contact
    them on WhatsApp +1 …"), whose sentences each look like prose around their spam words."""
    taken: set[int] = set()
    for members in _paragraphs(text, sentences):
        holding = {i: [f for f in anchors if f.text_start < sentences[i][1] and sentences[i][0] < f.text_end]
                   for i in members}
        anchored = [i for i in members if holding[i]]
        if len(anchored) < 2:
            continue
        if anchored[0] == members[0] and _apart(text, [f for i in anchored for f in holding[i]]):
            taken.update(anchored)
        # two sentences in a row, each with a different one: an advertisement appended to the paragraph ("…
        # 50 minutes. Claim your free $NOVA airdrop at novaswap-airdrop.io - connect your wallet now, …")
        taken.update(i for pair in zip(anchored, anchored[1:]) if pair[1] == pair[0] + 1
                     and _apart(text, holding[pair[0]] + holding[pair[1]]) for i in pair)
    return taken


def _opens_with(text: str, sentence: tuple[int, int], inside: list[Finding], beside: str) -> bool:
    """Whether a sentence opens a paragraph with a strong finding that holds most of its words ("Nike Air Max 90
    günstig kaufen – … bis zu 70% reduziert, Damen und Herren, kostenloser Versand …"): an advertisement of its
    own; an article's sentence opens with its subject and tells something of it. Words, not letters: a run of
    Japanese keywords prepended to a headline has many letters and few words."""
    start, end = sentence
    opening = min(f.text_start for f in inside)
    words = len(_WORD.findall(text, start, end))
    return len(_WORD.findall(beside)) <= (1 - OPENING_SHARE) * words and not text[start:opening].strip() \
        and (start == 0 or text[start - 1] == "\n")


def _ends_in_a_tail(text: str, start: int, inside: list[Finding], rest: str) -> bool:
    """Whether a sentence opens with a strong finding and keeps at most ``TAIL_WORDS`` words besides its findings,
    which go on from it in lower case: the end of the advertisement's sentence ("… and get 2X back instantly").
    Words before the finding are the article's ("Ngại yêu" before "jun88 game bài link vào" in a heading), and so
    is a capitalised word after it, which opens the article's sentence the spam was put before ("<a>best online
    casino</a> Then the meeting ended")."""
    opening = min(f.text_start for f in inside)
    after = _WORD.search(rest)
    return not _LETTER.search(text, start, opening) and len(_WORD.findall(rest)) <= TAIL_WORDS \
        and (after is None or not after.group()[:1].isupper())


def _hook(sentence: str) -> bool:
    """A short question, as an advertisement opens ("Struggling with coursework this semester?")."""
    return sentence.rstrip().endswith("?") and len(_LETTER.findall(sentence)) <= SHORT


def _short_hook(sentence: str) -> bool:
    """A question of at most ``HOOK_WORDS`` words, as an advertisement appended to a paragraph opens ("Butuh dana
    cepat?", "Need cash fast?")."""
    return sentence.rstrip().endswith("?") and len(_WORD.findall(sentence)) <= HOOK_WORDS


def _paragraphs(text: str, sentences: list[tuple[int, int]]) -> list[list[int]]:
    """The indices of the sentences of each paragraph (text between line breaks), in order."""
    paragraphs: dict[int, list[int]] = {}
    for index, (start, _) in enumerate(sentences):
        paragraphs.setdefault(text.rfind("\n", 0, start), []).append(index)
    return list(paragraphs.values())


def _apart(text: str, findings: list[Finding]) -> bool:
    """Whether the findings make two separate pieces (overlapping findings are one piece) that say different
    things: the same spam string twice in a sentence is a word it replaced, used twice."""
    pieces: list[list[int]] = []
    for start, end in sorted((f.text_start, f.text_end) for f in findings):
        if pieces and start < pieces[-1][1]:
            pieces[-1][1] = max(pieces[-1][1], end)
        else:
            pieces.append([start, end])
    return len({text[start:end].casefold() for start, end in pieces}) > 1


def _page_text(context: Context) -> str:
    """The page's folded text, white space runs as one space (the title and the description both ask)."""
    return _single_spaced(context.folded("text").text)


@lru_cache(maxsize=4)
def _single_spaced(text: str) -> str:
    return " ".join(text.split())


def _own_segments(context: Context, text: str, sentences: list[tuple[int, int]], findings: list[Finding]) -> set[int]:
    """The segments of a title or description (by index) that the page's text holds and no finding touches: its
    headline, its lead sentence ("<casino offer> Die Stadt Leipzig will … bauen. Das hat der Stadtrat am Mittwoch
    beschlossen." keeps its two short sentences however much of the description the offer takes)."""
    page = _page_text(context)
    spans = merged([(f.text_start, f.text_end) for f in findings])
    return {i for i, (start, end) in enumerate(sentences)
            if not overlaps(spans, start, end) and _holds(page, text[start:end], OWN_WORDS)}


def _before_own_words(context: Context, text: str, start: int, end: int, through: int, in_scope: Sequence[Finding],
                      findings: Sequence[Finding]) -> int:
    """Where the spam of a title or description run ends: before its last words when they are ``OWN_WORDS`` or more,
    no strong finding touches them (a topic's mention may: "psilocybin, the active compound in magic mushrooms"), and the page's text outside its removed spam holds them (with what follows up to
    ``through``): the page's own lead or headline, which the advertisement was glued to without a full stop or a
    separator ("… husband wife problem solution Mexican labourers living in the US sent …", "<offer> – Russell Crowe -
    vị anh hùng của đời thường")."""
    page = _page_text_without(context, tuple(sorted(
        (f.text_start, f.text_end) for f in findings
        if f.scope == "text" and f.severity >= Severity.HIGH and f.action != "report")))
    spans = merged([(f.text_start, f.text_end) for f in in_scope if f.severity >= Severity.HIGH])
    for word in _WORD.finditer(text, start + 1, end):
        if not overlaps(spans, word.start(), through) and _holds(page, text[word.start():through], OWN_WORDS):
            return word.start()
    return end


def _page_text_without(context: Context, spans: tuple[tuple[int, int], ...]) -> str:
    """The page's folded text, single-spaced, with the given spans of its text (removed spam) cut out."""
    return _single_spaced(fold_string(cut_out(context.extraction.view("text").text, spans)))


def _holds(folded: str, segment: str, fewest_words: int) -> bool:
    """Whether folded text holds a title segment or description sentence of at least ``fewest_words`` words, or as
    many characters as that many words have (Chinese and Japanese put no spaces between words), without its
    separator, its closing punctuation or the ellipsis of a description cut short."""
    words = " ".join(fold_string(segment).split()).strip(" .!?。！？…|–—·»/:-")
    long_enough = len(_WORD.findall(words)) >= fewest_words or len(words) >= WORD_LENGTH * fewest_words
    return long_enough and words in folded


def _sentences(text: str, segmented: bool, link_cuts: Sequence[int] = ()) -> list[tuple[int, int]]:
    """Spans of the sentences of a scope's text; in a title or description (``segmented``), of its segments too;
    cut where one link of a run of links ends and the next begins (``link_cuts``)."""
    sentences = [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip()]
    cuts = sorted({*link_cuts, *(m.end() for m in _SEGMENT_SEPARATOR.finditer(text) if segmented),
                   *(cut for start, end in sentences for cut in _heading_cuts(text, start, end, segmented)),
                   *(cut for start, end in sentences for cut in _list_cuts(text, start, end))})
    if not cuts:
        return sentences
    pieces = []
    for start, end in sentences:
        for cut in [c for c in cuts if start < c < end] + [end]:
            pieces.append((start, cut))
            start = cut
    return pieces


def _heading_cuts(text: str, start: int, end: int, segmented: bool) -> list[int]:
    """Where the segments of a heading-like line of the page text begin (a short line without sentence
    punctuation: "Actor Foxx sees Globe nominations | Slot Gacor Maxwin Hari Ini"), as in a title."""
    line = text[start:end]
    if segmented or len(line) > TITLE_LENGTH or "\n" in line.rstrip("\n") or _ENDS_SENTENCE.search(line) \
            or (start and text[start - 1] != "\n") or (end < len(text) and text[end] != "\n"):
        return []
    return [m.end() for m in _SEGMENT_SEPARATOR.finditer(text, start, end)]


def _list_cuts(text: str, start: int, end: int) -> list[int]:
    """Where the items of a keyword list begin ("efisiensi anggaran; APBD; DPRD; situs toto macau"): a sentence of
    ``LIST_ITEMS`` or more items between semicolons or commas, none longer than ``ITEM_WORDS`` words. Each is a
    sentence of its own, so the article's keywords stay when the spam appended to them goes. A sentence closed by
    an ideographic full stop is prose, whose commas part clauses that count as one word each ("专业代孕公司，试管婴儿包成功，
    全程保密，费用透明。" is one advertisement, not a list)."""
    if _IDEOGRAPHIC_SENTENCE_END.search(text, start, end):
        return []
    separators = list(_LIST_SEPARATOR.finditer(text, start, end))
    if len(separators) + 1 < LIST_ITEMS:
        return []
    bounds = [start, *(m.end() for m in separators)]
    items = [text[a:b] for a, b in zip(bounds, [*(m.start() for m in separators), end])]
    if any(len(_WORD.findall(item)) > ITEM_WORDS or not _WORD.search(item) for item in items):
        return []
    return [m.end() for m in separators]


def _link_cuts(context: Context) -> list[int]:
    """Where, in the text, a link starts right after another in a run of ``LINK_RUN`` links or more (white space
    or a separator between): the items of a tag cloud, a link list or a breadcrumb are no sentence, and their
    honest items stay beside the spam ones. (Two linked offers side by side are one advertisement.)"""
    view = context.extraction.view("text")
    spans = sorted((view.index_at(link.element.open_end), view.index_at(link.element.close_start))
                   for link in context.extraction.links
                   if link.element.close_start is not None and not link.element.hidden)
    cuts: list[int] = []
    run: list[int] = []
    for (_, previous_end), (start, _) in zip(spans, spans[1:]):
        if previous_end <= start and _BETWEEN_LINKS.fullmatch(view.text, previous_end, start):
            run.append(start)
            continue
        cuts += run if len(run) + 1 >= LINK_RUN else []
        run = []
    cuts += run if len(run) + 1 >= LINK_RUN else []
    # a breadcrumb ends in the page's own name, not linked ("Home › News › <spam link> › This week")
    taken = set(cuts)
    for start, end in spans:
        separator = _BETWEEN_LINKS.match(view.text, end)
        if start in taken and separator.group().strip() and separator.end() < len(view.text) \
                and not view.text[separator.end()].isspace() and separator.end() not in taken:
            cuts.append(separator.end())
    return sorted(cuts)


def _spam_runs(text: str, words: list[tuple[int, int]], spam_spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Runs (first and last word index) of spam words: words in a finding or a vocabulary term (a name joined
    with one, "casino-royalwin.bet", too), brands of letters and digits ("zeus138"), and numbers ("4d", "2025")
    between spam words or after the last one."""
    def is_spam(word: tuple[int, int]) -> bool:
        return any(s < word[1] and word[0] < e for s, e in spam_spans) or bool(_BRAND.match(text[word[0]:word[1]]))

    kinds = ["spam" if is_spam(w) else "number" if _NUMBER.match(text[w[0]:w[1]]) else "word" for w in words]
    runs: list[tuple[int, int]] = []
    index = 0
    while index < len(words):
        if kinds[index] != "spam":
            index += 1
            continue
        last = index
        while last + 1 < len(words) and (kinds[last + 1] == "spam" or kinds[last + 1] == "number" and (
                last + 2 == len(words) or kinds[last + 2] == "spam")):
            last += 1
        runs.append((index, last))
        index = last + 1
    return runs


def _bridged_length(runs: list[tuple[int, int]]) -> int:
    """Words in spam runs, and in the gaps of at most ``GLUE_WORDS`` words between two of them: the spam's own
    glue ("buy cialis 20mg online no prescription cheap generic tadalafil")."""
    gaps = [after[0] - before[1] - 1 for before, after in zip(runs, runs[1:])]
    return sum(last - first + 1 for first, last in runs) + sum(gap for gap in gaps if gap <= GLUE_WORDS)


def _whole_attribute(source: str, finding: Finding) -> Finding:
    """The finding widened to its whole attribute (`` title="…"``); an ``alt`` keeps its empty value."""
    value_start, value_end = finding.ranges[0][0], finding.ranges[-1][1]
    before = max(0, value_start - 64)
    name = _ATTRIBUTE_BEFORE.search(source[before:value_start])
    if name is None:
        return finding
    if name.group(1).lower() == "alt":
        return replace(finding, ranges=((value_start, value_end),))
    end = value_end + 1 if source[value_end:value_end + 1] in ("\"", "'") else value_end
    return replace(finding, ranges=((before + name.start(1), end),))


def _after_leading_price(text: str, start: int, end: int, findings: list[Finding]) -> int:
    """Where a run starts once a price standing alone before its first finding is left out."""
    first = min((f.text_start for f in findings if start <= f.text_start < end), default=None)
    return first if first is not None and _LEADING_PRICE.fullmatch(text, start, first) else start


def _with_separator_before(text: str, start: int, end: int) -> tuple[int, int]:
    """A spam segment ending a title or description, with the separator before it ("Energy talks | The Ledger |
    <spam>" becomes "Energy talks | The Ledger", not "... The Ledger |"); one that stands between two segments
    (with the separator after it, as segments are cut) takes the one before instead ("Foxx sees Globe nominations
    | <spam> — Harbour Street Journal" keeps " — ")."""
    separator = _SEPARATOR_BEFORE.search(text[max(0, start - 4):start])
    if separator is None:
        return start, end
    trailing = _SEPARATOR_AFTER_SEGMENT.search(text, start, end)
    if trailing is not None:
        return start - len(separator.group()), trailing.start()
    if end < len(text) and text[end] != "\n" and not _SEGMENT_SEPARATOR.match(text, end):
        return start, end
    return start - len(separator.group()), end


def _with_list_separator_before(text: str, start: int, end: int) -> int:
    """Where spam items ending a list (its line, or its brackets) start with the separator before them ("DPRD;
    belanja daerah; <spam>; <spam>" becomes "DPRD; belanja daerah", not "… daerah;")."""
    if end < len(text) and text[end] != "\n" and text[end] not in _CLOSING_BRACKETS:
        return start
    separator = _LIST_SEPARATOR_BEFORE.search(text, max(0, start - 4), start)
    return separator.start() if separator else start


def _without_findings(text: str, start: int, end: int, findings: list[Finding]) -> str:
    """The sentence ``text[start:end]`` with every finding's text blanked out."""
    characters = list(text[start:end])
    for finding in findings:
        for position in range(max(start, finding.text_start), min(end, finding.text_end)):
            characters[position - start] = " "
    return "".join(characters)


def _same_paragraph(text: str, first: tuple[int, int], second: tuple[int, int]) -> bool:
    return "\n" not in text[first[1]:second[0]]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the white space at its ends, nor a closing bracket or quotation mark it does not open (the
    "]" ending a list whose last item goes: ``tags: [music, "<spam>"]``), nor one that closes the sentence before it."""
    while start < end and (text[start].isspace() or text[start] in "”’»"
                           or text[start] == '"' and text.count('"', start, end) % 2 == 1):
        start += 1  # nor the closing quotation mark of the sentence before (`support." <spam>`)
    while end > start and (text[end - 1].isspace() or text[end - 1] in _CLOSING_BRACKETS
                           and text.count(_OPENING_BRACKETS[text[end - 1]], start, end) < text.count(text[end - 1], start, end)
                           or text[end - 1] == '"' and text.count('"', start, end) % 2 == 1):
        end -= 1  # nor a closing quotation mark it does not open (``description: "… <spam>"``)
    return start, end
