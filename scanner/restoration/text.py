"""Tokenisation (shared by the table builder and the restorer) and cheap
language identification.

Tokens are lowercased Unicode words plus two punctuation tokens: ``</s>`` for
sentence ends (and line breaks) and ``,`` for clause breaks.  Keeping the
punctuation gives the n-gram model the context "word before a full stop",
which matters for fill-in.  Numbers are collapsed to ``0`` so that dates and
amounts share statistics.  Vietnamese old/new tone placement (``hoà``/``hòa``)
is normalised to the new style so both spellings share counts.
"""
from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

import regex

SENT = "</s>"
COMMA = ","

TOKEN_RE = regex.compile(
    r"(?P<w>[^\W_]+(?:['’][^\W_]+)*)|(?P<s>[.!?…]+|\n)|(?P<c>[,;:])"
)
_DIGIT_RE = regex.compile(r"\d")

# Old-style Vietnamese tone placement on the second vowel of an open
# "oa", "oe", "uy" syllable -> new style (tone on the first vowel).
_TONES = {
    "a": "àáảãạ", "e": "èéẻẽẹ", "y": "ỳýỷỹỵ", "o": "òóỏõọ", "u": "ùúủũụ",
}
_OLD_TO_NEW: dict[str, str] = {}
for _first, _second in (("o", "a"), ("o", "e"), ("u", "y")):
    for _i, _marked in enumerate(_TONES[_second]):
        _OLD_TO_NEW[_first + _marked] = _TONES[_first][_i] + _second
_NEW_TO_OLD = {v: k for k, v in _OLD_TO_NEW.items()}
# Only open syllables ("hoà" but not "hoàn"), and not after "q" where the "u"
# is part of the consonant ("quý" stays untouched).
_PREFIX = r"(?<=(?:^|\W)\w{0,2}[^\Wq]|(?:^|\W))"
_OLD_RE = regex.compile(
    _PREFIX + r"(" + "|".join(_OLD_TO_NEW) + r")(?!\w)"
)
_NEW_RE = regex.compile(
    _PREFIX + r"(" + "|".join(_NEW_TO_OLD) + r")(?!\w)"
)


def normalise_vi(word: str) -> str:
    """Map old-style tone placement to new style (``thuỷ`` -> ``thủy``)."""
    return _OLD_RE.sub(lambda m: _OLD_TO_NEW[m.group(1)], word)


def to_old_style(word: str) -> str:
    """Inverse of :func:`normalise_vi`, for pages written in the old style."""
    return _NEW_RE.sub(lambda m: _NEW_TO_OLD[m.group(1)], word)


def uses_old_style(text: str) -> bool:
    """True when ``text`` places tones the old way more often than the new way."""
    low = text.lower()
    return len(_OLD_RE.findall(low)) > len(_NEW_RE.findall(low))


def norm_word(word: str) -> str:
    """Canonical form of one word token: NFC, lowercase, numbers collapsed."""
    w = unicodedata.normalize("NFC", word).lower()
    if _DIGIT_RE.search(w):
        return "0"
    return normalise_vi(w)


def iter_tokens(text: str) -> Iterator[tuple[str, int, int, str]]:
    """Yield ``(token, start, end, raw)`` for every token of ``text``."""
    for m in TOKEN_RE.finditer(text):
        raw = m.group()
        if m.group("w") is not None:
            yield norm_word(raw), m.start(), m.end(), raw
        elif m.group("s") is not None:
            yield SENT, m.start(), m.end(), raw
        else:
            yield COMMA, m.start(), m.end(), raw


def tokenize(text: str) -> list[str]:
    """Canonical token list of ``text`` with a sentence end appended."""
    toks = [t for t, _, _, _ in iter_tokens(unicodedata.normalize("NFC", text))]
    toks.append(SENT)
    return toks

_WORD = regex.compile(r"[^\W\d_]+")
# Letters that occur in Vietnamese but not in English or Indonesian.
_VI_CHARS = set("ăâđêôơưàảãạáằẳẵặắầẩẫậấèẻẽẹéềểễệếìỉĩịíòỏõọóồổỗộốờởỡợớùủũụúừửữựứỳỷỹỵý")
_STOPWORDS = {
    "en": {"the", "and", "of", "to", "in", "is", "that", "for", "it", "was", "on", "with",
           "he", "as", "be", "by", "at", "have", "are", "this", "said", "from"},
    "id": {"yang", "dan", "di", "dengan", "untuk", "ini", "itu", "dari", "dalam", "tidak",
           "akan", "pada", "juga", "ke", "karena", "oleh", "ada", "bahwa", "kata", "tersebut"},
}


def detect_language(text: str) -> str | None:
    """'vi', 'en', 'id' or None (too little text, or another language).

    Vietnamese is recognised by its letters, English and Indonesian by their
    function words; only the first 20,000 characters are looked at.
    """
    words = _WORD.findall(unicodedata.normalize("NFC", text[:20000]).lower())
    if len(words) < 5:
        return None
    vi = sum(1 for w in words if not _VI_CHARS.isdisjoint(w))
    if vi >= 0.3 * len(words):
        return "vi"
    hits = {lang: sum(1 for w in words if w in sw) for lang, sw in _STOPWORDS.items()}
    best = max(hits, key=lambda k: hits[k])
    if hits[best] >= max(3, 0.08 * len(words)) and hits[best] >= 2 * min(hits.values()):
        return best
    return None


#: Scripts written without spaces between words: there is no word to put back.
UNSPACED_SCRIPTS = frozenset(("CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO", "KHMER", "MYANMAR"))


@lru_cache(maxsize=4096)
def dominant_script(text: str) -> str | None:
    """The script most letters of ``text`` are written in ("LATIN", "HANGUL", "CJK", ...), from the
    first 2,000 letters; None without letters."""
    scripts: Counter[str] = Counter()
    for char in text:
        if char.isalpha():
            scripts[unicodedata.name(char, "UNKNOWN").split(" ")[0]] += 1
            if scripts.total() >= 2000:
                break
    return scripts.most_common(1)[0][0] if scripts else None
