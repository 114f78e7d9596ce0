"""Evasion: text written so that a word list would not see it.

Matching already folds zero-width characters, look-alike letters, mathematical
alphanumerics and full-width forms away; this detector reports the trick
itself. Spam that hides from filters is stronger evidence than spam that does
not, so a rule match written with such characters is raised above the rule's
own level, and a word using them next to betting vocabulary is a finding even
when no rule names it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from dataclasses import replace
from typing import Iterable, Sequence

import regex

from ...extraction.fold import CONFUSABLES_KEYS, fold_string
from ...findings import Finding, RuleInfo, Severity
from ...charclass import char_class
from ..context import Context
from .vocabulary import Vocabulary, load_vocabulary, strip_marks

INVISIBLE_RULE = RuleInfo(
    "evasion.invisible", "Invisible characters inside words, so that filters do not recognise them",
    "evasion", Severity.HIGH, "remove",
)
CONFUSABLE_RULE = RuleInfo(
    "evasion.confusable", "Letters from another script, mathematical or full-width forms standing in for plain ones",
    "evasion", Severity.HIGH, "remove",
)

_TEXT_SCOPES = ("text", "title", "meta", "attributes", "hidden")
# A word, allowing the characters evasion puts inside one.
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}\p{Cf}\u115f\u1160\u3164\uffa0\u034f]+")
_INNER_INVISIBLE = regex.compile(r"(?<=[\p{L}\p{N}])[\p{Cf}\u115f\u1160\u3164\uffa0\u034f]+(?=[\p{L}\p{N}])")
# Cheap test for any character an evasion could use; most pages have none and are skipped.
_SUSPECT_CLASS = r"[\p{Cf}\u115f\u1160\u3164\uffa0\u034f\p{Cyrillic}\p{Greek}\U0001D400-\U0001D7FF\uFF10-\uFF5A\u2460-\u24FF\U0001F130-\U0001F189]"
_RUN_GAP = regex.compile(r"^[\s\p{P}]{1,3}$")
_NOT_A_LETTER = regex.compile(r"[^\p{L}\p{N}]+")
#: A word of Latin letters, with the marks over them.
_LATIN_WORD = regex.compile(r"[\p{Latin}\p{M}]+")
#: Words disguised with accents on a page from which they are an evasion, not one foreign spelling.
ACCENTED_WORDS = 2
_SCRIPTS = (("latin", regex.compile(r"\p{Latin}")), ("cyrillic", regex.compile(r"\p{Cyrillic}")),
            ("greek", regex.compile(r"\p{Greek}")))
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
#: Characters around a word within which Chinese, Japanese or Korean text makes its full-width letters ordinary
#: ("寄付する（ＰａｙＰａｌ・カード）" on an English page).
CJK_REACH = 6


def _has_suspect(text: str) -> bool:
    """Whether ``text`` holds a character of ``_SUSPECT_CLASS`` (scanned by ``re``)."""
    return not text.isascii() and char_class(_SUSPECT_CLASS).found_in(text)


_RIGHT_TO_LEFT_OVERRIDE = regex.compile("\u202e([^\u202c\u202e\n]*)(?:\u202c|$)")


def as_displayed(text: str) -> str:
    """``text`` as readers see it: a right-to-left override shows the characters after it reversed
    ("\u202eonisac\u202c" reads "casino")."""
    return _RIGHT_TO_LEFT_OVERRIDE.sub(lambda m: m.group(1)[::-1], text) if "\u202e" in text else text


def tricks_in(text: str) -> set[str]:
    """Which evasion tricks a piece of text uses: invisible, confusable, math, full-width, mixed-script,
    bidi-override (letters stored in reverse and shown forwards)."""
    tricks = set()
    for match in _WORD.finditer(text):
        word = match.group()
        if "\u202d" in word or "\u202e" in word:
            tricks.add("bidi-override")
        if any(set(m.group()) - set("\u00ad\u200c\u200d") for m in _INNER_INVISIBLE.finditer(word)):
            tricks.add("invisible")
        letters = [ch for ch in word if ch.isalpha()]
        scripts = {name for name, pattern in _SCRIPTS if any(pattern.match(ch) for ch in letters)}
        if len(scripts) > 1:
            tricks.add("mixed-script")
            if any(ch in CONFUSABLES_KEYS for ch in letters):
                tricks.add("confusable")
        if any(0x1D400 <= ord(ch) <= 0x1D7FF for ch in word):
            tricks.add("math")
        if any(0xFF10 <= ord(ch) <= 0xFF5A for ch in word):
            tricks.add("full-width")
        if any(unicodedata.category(ch) == "So" or "CIRCLED" in unicodedata.name(ch, "") for ch in word if ord(ch) > 0x2400):
            tricks.add("enclosed")
    return tricks


def _plain_spam_words(vocabulary: Vocabulary) -> frozenset[str]:
    """The words of five letters or more of the betting, promotion and goods terms written in plain Latin letters
    ("casino", "viagra", "prescription"), folded."""
    return frozenset(word for term in (*vocabulary.betting, *vocabulary.promotion, *vocabulary.goods)
                     for word in fold_string(term).split() if len(word) >= 5 and word.isascii() and word.isalpha())


@lru_cache(maxsize=65536)
def _without_marks(word: str) -> str:
    """A word in lower case, without its marks (nor any letter outside plain Latin), its punctuation read as spaces
    ("Vïagra," is "viagra ")."""
    plain = unicodedata.normalize("NFD", word).encode("ascii", "ignore").decode().lower()
    return plain if plain.isalnum() else _NOT_A_LETTER.sub(" ", plain)


#: The letters with marks that Vietnamese writes: its syllables without their tones are plain words ("trọng" is
#: "trong"), some of them the vocabulary's own, written without tones as spam does.
_VIETNAMESE_LETTERS = frozenset("àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ")


#: A marked Latin letter Vietnamese does not write, or a combining mark: most pages have none and are skipped.
_FOREIGN_MARK = re.compile("[" + "".join(
    re.escape(chr(code)) for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00))
    if chr(code).isalpha() and chr(code).lower() not in _VIETNAMESE_LETTERS) + "\u0300-\u036f]")


#: Other words of a page that write a marked letter for it to be the page's language's letter, not a disguise.
NATIVE_WORDS = 3


_CLUSTER = regex.compile(r"\X")


def _marked_letters(word: str) -> set[str]:
    """The letters of a word (NFC) that are not plain ASCII, a letter with a combining mark counted whole."""
    return {cluster for cluster in _CLUSTER.findall(unicodedata.normalize("NFC", word)) if not cluster.isascii()}


def _native_letters(text: str) -> set[str]:
    """The marked letters that more than ``NATIVE_WORDS`` different words of ``text`` write (a disguised word and
    ``NATIVE_WORDS`` others)."""
    words: dict[str, set[str]] = {}
    for word in set(_LATIN_WORD.findall(text)):
        for letter in _marked_letters(word):
            words.setdefault(letter, set()).add(word.lower())
    return {letter for letter, users in words.items() if len(users) > NATIVE_WORDS}


def _vietnamese_spelling(word: str) -> bool:
    """Whether every marked letter of a word is one Vietnamese writes (then its marks are its language's)."""
    return all(ch.isascii() or ch in _VIETNAMESE_LETTERS for ch in unicodedata.normalize("NFC", word.lower()))


def _as_read(text: str, tricks: set[str]) -> str:
    """``text`` as readers take it in: shown (see ``as_displayed``), and read past accents that disguise it."""
    shown = as_displayed(text)
    return strip_marks(shown) if "accents" in tricks else shown


def _rule_for(tricks: set[str]) -> RuleInfo:
    return INVISIBLE_RULE if tricks <= {"invisible", "bidi-override"} else CONFUSABLE_RULE


class Evasion:
    """Reports rule matches and betting words written with evasion characters."""

    rules = (INVISIBLE_RULE, CONFUSABLE_RULE)

    def __init__(self, vocabulary: Vocabulary | None = None) -> None:
        self.vocabulary = vocabulary or load_vocabulary()
        self.plain_spam_words = _plain_spam_words(self.vocabulary)

    def may_report(self, context: Context) -> bool:
        """Triggers (without earlier findings): a character of ``_SUSPECT_CLASS`` in a text scope, or
        ``ACCENTED_WORDS`` spam words disguised with accents."""
        for scope in _TEXT_SCOPES:
            text = context.extraction.view(scope).text
            if text and (_has_suspect(text) or self._accented(text)):
                return True
        return False

    def _accented(self, text: str) -> set[str]:
        """Words of ``text`` written with accents or combining marks over plain Latin letters that, without them,
        are spam vocabulary of five letters or more ("caśino", "vïagra", "cíalis"), when the page has
        ``ACCENTED_WORDS`` of them: accents a word of its language does not carry (Portuguese "bônus" is
        vocabulary as written, so it is no disguise; nor are Turkish "Süper" and "İddaa" on a page that writes
        ü and İ in other words: those letters are its language's)."""
        if text.isascii() or not _FOREIGN_MARK.search(text):
            return set()
        # tokens between spaces first, with their punctuation (cheap, and cached across pages): most hold no such word
        candidates = [token for token in set(text.split())
                      if not token.isascii() and self.plain_spam_words & set(_without_marks(token).split())]
        found = {word for token in candidates for word in _LATIN_WORD.findall(token)
                 if not word.isascii() and _without_marks(word) in self.plain_spam_words
                 and not _vietnamese_spelling(word) and not self._spam_word(word)}
        if len(found) < ACCENTED_WORDS:
            return set()
        native = _native_letters(text)
        found = {word for word in found if not _marked_letters(word) <= native}
        return found if len(found) >= ACCENTED_WORDS else set()

    def _spam_word(self, word: str) -> bool:
        return bool(self.vocabulary.signals_of(word, goods=True) & {"betting-term", "promotion-term", "goods-term"})

    def detect(self, context: Context, findings: Sequence[Finding]) -> Iterable[Finding]:
        for finding in findings:
            if finding.scope == "elements" or finding.text_end <= finding.text_start:
                continue
            raw = context.extraction.view(finding.scope).text[finding.text_start:finding.text_end]
            tricks = tricks_in(raw)
            if tricks:
                yield context.text_finding(
                    _rule_for(tricks), finding.scope, finding.text_start, finding.text_end,
                    severity=max(Severity.HIGH, min(Severity.CRITICAL, finding.severity + 1)), confidence=0.97,
                    signals=(*(f"evasion:{t}" for t in sorted(tricks)), f"rule:{finding.rule_id}"),
                    message=f"{finding.message} (written with {', '.join(sorted(tricks))} characters to evade filters)",
                )
        for scope in _TEXT_SCOPES:
            text = context.extraction.view(scope).text
            if text and (_has_suspect(text) or self._accented(text)):
                yield from self._words(context, scope, text)

    def _words(self, context: Context, scope: str, text: str) -> Iterable[Finding]:
        """Runs of neighbouring words that use evasion characters."""
        cjk_page = len(_CJK.findall(text)) * 4 > len(text)
        accented = self._accented(text)
        runs: list[list[int]] = []
        for match in _WORD.finditer(text):
            if match.group() in accented:
                tricks = {"accents"}
            elif not _has_suspect(match.group()):
                continue
            else:
                tricks = tricks_in(match.group())
            if cjk_page or _CJK.search(text, max(0, match.start() - CJK_REACH), match.end() + CJK_REACH):
                tricks.discard("full-width")  # Latin in full width is how Chinese and Japanese text write it
            if not tricks:
                continue
            if runs and _RUN_GAP.match(text[runs[-1][1]:match.start()]):
                runs[-1][1] = match.end()
            else:
                runs.append([match.start(), match.end()])
        # the whole span a right-to-left override reverses is one run: its words are stored backwards, not only the
        # first ("\u202exiP aiv euqas … :enilno onissaC\u202c" reads "Cassino online: … via Pix")
        for override in _RIGHT_TO_LEFT_OVERRIDE.finditer(text):
            inside = [r for r in runs if r[0] < override.end() and override.start() < r[1]]
            runs = [r for r in runs if r not in inside] + [[min([override.start(), *(r[0] for r in inside)]),
                                                             max([override.end(), *(r[1] for r in inside)])]]
        for start, end in sorted(runs):
            raw = text[start:end]
            tricks = tricks_in(raw)
            if any(m.group() in accented for m in _WORD.finditer(raw)):
                tricks.add("accents")
            signals = self.vocabulary.signals_of(_as_read(raw, tricks), goods="accents" in tricks)
            lo, hi = max(0, start - 60), min(len(text), end + 60)
            nearby = self.vocabulary.signals_of(_as_read(text[lo:hi], tricks)) if not signals else signals
            strong = bool(signals & {"betting-term", "brand-token", "goods-term"}) or (
                bool(tricks - {"mixed-script"}) and bool(nearby))
            rule = _rule_for(tricks) if strong else replace(_rule_for(tricks), action="report")
            yield context.text_finding(
                rule, scope, start, end,
                severity=Severity.HIGH if strong else Severity.MEDIUM, confidence=0.9 if strong else 0.5,
                signals=(*(f"evasion:{t}" for t in sorted(tricks)), *sorted(signals)),
                message=f"Text written with {', '.join(sorted(tricks))} characters"
                        + (" around betting words" if strong else ""),
            )
