"""The weak-signal vocabulary of the code detectors, read from ``rules/vocabulary/*.toml``.

Words are data: betting words, calls to act, and the pieces brand names are
built from. None of them makes a finding alone; detectors use them to weigh a
structural signal (a brand-like token, a hidden block, an off-site link).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from urllib.parse import urlsplit

import regex

from ...errors import RuleError
from ...extraction.fold import fold_string
from ...rules import BUILTIN_RULES, WORD_CHAR, KeywordMatcher
from ...charclass import char_class

VOCABULARY_DIR = BUILTIN_RULES / "vocabulary"
#: Address signals of a betting site (its words or a brand token in the address).
BETTING_URL = frozenset(("url-betting-term", "url-brand-token"))
#: ... or of a site selling the other spam families' goods (a pharmacy, a lender).
SELLING_URL = BETTING_URL | {"url-goods-term"}

# A token of ASCII letters and digits with at least one of each (fb88, 789bet, w88, 1xbet), bounded by what does
# not continue a word of a spaced script (``WORD_CHAR``: "สล็อต_ufabet888น้ำ" holds "ufabet888")...
_ALNUM_TOKEN = regex.compile(rf"(?<!{WORD_CHAR})(?=[a-z]*\d)(?=\d*[a-z])[a-z\d]{{3,12}}(?!{WORD_CHAR})")
_WORD_CHARACTER = regex.compile(WORD_CHAR)
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


@lru_cache(maxsize=1)
def _run_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """For ``re``, with ``regex``'s digits of the BMP: a letter a-z next to a digit; a run of letters a-z and
    digits; one character of such a run."""
    digits = char_class(r"[\d]").bmp.pattern[1:-1]
    return (re.compile(rf"[a-z][{digits}]|[{digits}][a-z]"), re.compile(rf"[a-z{digits}]+"),
            re.compile(rf"[a-z{digits}]"))


def _alnum_tokens(folded: str) -> list[tuple[int, int]]:
    """The spans ``_ALNUM_TOKEN`` matches, found about three times faster.

    A match is a whole run of letters a-z and digits holding both, so it holds a letter next to a digit:
    ``re`` finds those places, and each one's run is measured and its neighbours checked here. Text with
    characters beyond the BMP, where ``regex`` has digits of its own, is left to ``_ALNUM_TOKEN``.
    """
    if not folded.isascii() and _ASTRAL.search(folded) is not None:
        return [m.span() for m in _ALNUM_TOKEN.finditer(folded)]
    mixed, run, member = _run_patterns()
    spans: list[tuple[int, int]] = []
    end = 0
    for match in mixed.finditer(folded):
        if match.start() < end:
            continue  # in the run just measured
        start = match.start()
        while start > 0 and member.match(folded, start - 1):
            start -= 1
        end = run.match(folded, match.start()).end()  # type: ignore[union-attr]
        if (3 <= end - start <= 12 and (start == 0 or _WORD_CHARACTER.match(folded, start - 1) is None)
                and _WORD_CHARACTER.match(folded, end) is None):
            spans.append((start, end))
    return spans
# ...that is not a measure, an ordinal, a time or a model-style code such as "u23", "h5n1", "mp3", "ps5".
_NOT_BRAND = regex.compile(r"^(?:\d+(?:st|nd|rd|th|s|m|km|kg|g|gb|mb|kb|mm|cm|h|px|k|pm|am|x|d|p)|[a-z]{1,3}\d|u\d\d|\d{1,2}h\d{0,2}|rp\d+|[a-z]\d[a-z]\d|\d{1,2}[a-z])$")
# Letter-only tokens built like brand names (kubet, shbet). Matched from the ending, whose head is captured
# behind it: the engine then looks for three literals instead of trying a word at every position (10x faster).
_WORD_BRAND = regex.compile(rf"(?<=(?<!{WORD_CHAR})(?P<head>[a-z]{{2,8}}))(?:bet|win|club)(?!{WORD_CHAR})")
# A host name made of a word and a number (abc66, 99xyz): how betting sites name their mirrors.
_HOST_BRAND = regex.compile(r"[a-z]{2,8}\d{2,4}|\d{2,4}[a-z]{2,8}")
_URL_SEPARATORS = regex.compile(r"[\W_]+")
#: A hexadecimal identifier or hash ("8a88f1c2" in "main.8a88f1c2.js"), not a brand.
_HEX_ID = regex.compile(r"[0-9a-f]{6,}")
# Top-level domains only gambling sites use.
_GAMBLING_DOMAINS = frozenset(("bet", "casino", "poker", "bingo", "lotto"))


def strip_marks(text: str) -> str:
    """``đăng ký`` to ``dang ky``: how Vietnamese words appear in web addresses."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class Vocabulary:
    betting: tuple[str, ...]
    promotion: tuple[str, ...]
    affixes: tuple[str, ...]
    goods: tuple[str, ...] = ()  # what the other spam families sell (pharmacy, loans, replicas)
    reporting: tuple[str, ...] = ()  # words of reported speech ("said", "menurut", "cho biết")
    function_words: frozenset[str] = frozenset()  # articles, prepositions, possessives ("the", "của", "para")
    tails: tuple[str, ...] = ()  # words a spam string ends with after its last term ("bóng đá trực tuyến", "hari ini")
    contact: tuple[str, ...] = ()  # messengers an advertisement gives a number for ("WhatsApp", "Zalo")
    subjects: frozenset[str] = frozenset()  # names of a whole topic ("judi online"), folded: an article's subject
    help: tuple[str, ...] = ()  # help against what spam sells ("BeGambleAware", "self-exclusion"): the site's own words
    shop_words: tuple[str, ...] = ()  # words the host names of spam shops are built from ("cheap-rx-pills")
    units: tuple[str, ...] = ()  # what follows a number that ends a spam string ("cair 10 menit", "24 jam")
    _token_kinds: dict[str, bool | None] = field(default_factory=dict, compare=False, repr=False)
    _recent_texts: dict[str, list[tuple[int, int, bool]]] = field(default_factory=dict, compare=False, repr=False)
    # Answers for short strings and addresses: pages of a site repeat their links and anchors (social, menus).
    _answers: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def betting_regex(self) -> KeywordMatcher:
        """The betting terms, whole words (``search``, ``finditer`` and ``findall`` as on a compiled pattern)."""
        return _pattern(self.betting)

    @property
    def promotion_regex(self) -> KeywordMatcher:
        return _pattern(self.promotion)

    @property
    def goods_regex(self) -> KeywordMatcher:
        return _pattern(self.goods)

    @property
    def reporting_regex(self) -> KeywordMatcher:
        return _pattern(self.reporting)

    @property
    def contact_regex(self) -> KeywordMatcher:
        return _pattern(self.contact)

    @property
    def help_regex(self) -> KeywordMatcher:
        return _pattern(self.help)

    @property
    def tails_regex(self) -> KeywordMatcher:
        return _pattern(self.tails)

    def brand_tokens(self, folded: str) -> list[tuple[int, int, bool]]:
        """Brand-like tokens in folded text: ``(start, end, built_from_affix)``.

        Detectors ask this of the same page text several times; the answers for the
        last few long texts are kept (callers get a copy).
        """
        if len(folded) < 256:
            return self._brand_tokens(folded)
        if folded not in self._recent_texts:
            if len(self._recent_texts) >= 4:
                self._recent_texts.pop(next(iter(self._recent_texts)))
            self._recent_texts[folded] = self._brand_tokens(folded)
        return list(self._recent_texts[folded])

    def _brand_tokens(self, folded: str) -> list[tuple[int, int, bool]]:
        found = []
        for start, end in _alnum_tokens(folded):
            affixed = self._token_kind(folded[start:end])
            if affixed is not None:
                found.append((start, end, affixed))
        found.extend((m.start("head"), m.end(), True) for m in _WORD_BRAND.finditer(folded))
        return sorted(found)

    def _token_kind(self, token: str) -> bool | None:
        """None for a letters-and-digits token that is no brand (a measure, a code), else whether it holds an affix.

        Cached: pages repeat the same tokens (dates, codes) and this runs for every one of them.
        """
        if token in self._token_kinds:
            return self._token_kinds[token]
        kind = None if _NOT_BRAND.match(token) or token.isdigit() else any(a in token for a in self.affixes)
        if len(self._token_kinds) > 100_000:  # a bound for long runs over many sites
            self._token_kinds.clear()
        self._token_kinds[token] = kind
        return kind

    def _remembered(self, kind: str, text: str, compute) -> set[str]:
        """``compute(text)``, remembered for strings short enough to recur (a copy: callers may change it)."""
        if len(text) > 256:
            return compute(text)
        key = (kind, text)
        if key not in self._answers:
            if len(self._answers) > 100_000:  # a bound for long runs over many sites
                self._answers.clear()
            self._answers[key] = frozenset(compute(text))
        return set(self._answers[key])

    def signals_of(self, text: str, goods: bool = False) -> set[str]:
        """Which kinds of vocabulary occur in a short string (anchor text, a title attribute); with ``goods``,
        also ``goods-term`` for what the other spam families sell (a pharmacy, a loan, a diploma)."""
        return self._remembered("goods" if goods else "text", text, partial(self._signals_of, goods=goods))

    def _signals_of(self, text: str, goods: bool = False) -> set[str]:
        folded = fold_string(text)
        signals = {"goods-term"} if goods and self.goods_regex.search(folded) else set()
        if self.betting_regex.search(folded):
            signals.add("betting-term")
        if self.promotion_regex.search(folded):
            signals.add("promotion-term")
        if any(strong for _, _, strong in self.brand_tokens(folded)):
            signals.add("brand-token")
        return signals

    def spam_host(self, host: str) -> bool:
        """Whether a site's name carries spam vocabulary or is built of shop words: where a link sends readers to the
        seller, whatever its path says (a news story's address carries the words of the story)."""
        return bool(self.url_signals(f"https://{host}/")) or self.shop_host(host)

    def shop_host(self, host: str) -> bool:
        """Whether a host name is built of two shop words or more ("cheap-rx-pills", "lux-replica-watch",
        "quickcash-payday"): named for what a spam shop sells, where an honest business has a name."""
        def judge(name: str) -> set[str]:
            found = set(_terms_in_address(strip_marks(fold_string(name)), self.shop_words))
            terms = {term for term in found if not any(term != other and term in other for other in found)}
            # "watches" holds "watch": one word; "essay mill" is two
            return {"shop-host"} if sum(len(term.split()) for term in terms) >= 2 else set()
        return self._remembered("shop-host", host, judge) == {"shop-host"}

    def url_signals(self, url: str) -> set[str]:
        """Which kinds of vocabulary a web address carries, in words or run together."""
        return self._remembered("url", url, self._url_signals)

    def url_goods(self, url: str) -> set[str]:
        """The goods terms a web address carries, in words or run together."""
        return self._remembered("url-goods", url, lambda address: set(
            _terms_in_address(strip_marks(fold_string(address)), self.goods)))

    def _url_signals(self, url: str) -> set[str]:
        plain = strip_marks(fold_string(url))
        signals = set()
        for kind, terms in (("betting-term", self.betting), ("promotion-term", self.promotion), ("goods-term", self.goods)):
            if next(_terms_in_address(plain, terms), None):
                signals.add(f"url-{kind}")
        try:
            parts = urlsplit(plain)
            host = parts.hostname or ""
        except ValueError:
            parts, host = None, ""
        labels = set(regex.split(r"[.-]", host))
        if host.rsplit(".", 1)[-1] in _GAMBLING_DOMAINS:
            signals.add("url-betting-term")
        # brands are read in the host and the path: a query string or a fragment carries identifiers ("gtag/js?
        # id=G-66809A11", a session or a cache key) that look like "fb88" by chance, and so does a hash
        where = _URL_SEPARATORS.sub(" ", f"{host} {parts.path}" if parts else plain)
        if any((strong or (_HOST_BRAND.fullmatch(where[s:e]) and where[s:e] in labels))
               and not _HEX_ID.fullmatch(where[s:e]) for s, e, strong in self.brand_tokens(where)):
            signals.add("url-brand-token")
        return signals


def _terms_in_address(plain: str, terms: tuple[str, ...]) -> Iterator[str]:
    """The Latin-script ``terms`` a web address (folded, without marks) carries, as words ("buy-cheap-viagra") or
    run together ("cheapviagra", terms of five letters or more)."""
    spaced = _URL_SEPARATORS.sub(" ", plain)
    joined = spaced.replace(" ", "")
    for term in _url_terms(terms):
        bare = term.replace(" ", "")
        if _url_term_pattern(term).search(spaced) or (len(bare) >= 5 and bare in joined):
            yield term


@lru_cache(maxsize=None)
def _pattern(terms: tuple[str, ...]) -> KeywordMatcher:
    return KeywordMatcher(terms)


@lru_cache(maxsize=4096)
def _url_term_pattern(term: str) -> regex.Pattern:
    return regex.compile(rf"(?<![a-z]){regex.escape(term)}(?![a-z])")


@lru_cache(maxsize=None)
def _url_terms(terms: tuple[str, ...]) -> tuple[str, ...]:
    """The Latin-script terms, without diacritics (addresses are written that way)."""
    return tuple(sorted({strip_marks(fold_string(t)) for t in terms if t.isascii() or strip_marks(t).isascii()}))


@lru_cache(maxsize=4)
def load_vocabulary(folder: Path = VOCABULARY_DIR) -> Vocabulary:
    """Every ``*.toml`` in ``folder``, merged by section."""
    sections: dict[str, list[str]] = {"betting": [], "promotion": [], "brand-affixes": [], "goods": [], "reporting": [],
                                      "function-words": [], "tails": [], "contact": [], "subjects": [], "help": [],
                                      "shop-words": [], "units": []}
    for path in sorted(folder.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise RuleError(str(path), None, None, f"cannot read vocabulary: {error}") from None
        for name, table in data.items():
            terms = table.get("terms") if isinstance(table, dict) else None
            if name not in sections or not isinstance(terms, list) or not all(isinstance(t, str) and t for t in terms):
                raise RuleError(str(path), None, name,
                                "expected a [betting], [promotion], [brand-affixes], [goods], [reporting], "
                                "[function-words], [tails], [contact], [subjects], [help], [shop-words] or [units] table "
                                "with a list of terms")
            sections[name].extend(terms)
    return Vocabulary(
        betting=tuple(sections["betting"]), promotion=tuple(sections["promotion"]),
        affixes=tuple(fold_string(a) for a in sections["brand-affixes"]), goods=tuple(sections["goods"]),
        reporting=tuple(sections["reporting"]),
        function_words=frozenset(fold_string(w) for w in sections["function-words"]),
        tails=tuple(sections["tails"]), contact=tuple(sections["contact"]),
        subjects=frozenset(fold_string(t) for t in sections["subjects"]), help=tuple(sections["help"]),
        shop_words=tuple(sections["shop-words"]), units=tuple(fold_string(u) for u in sections["units"]),
    )
