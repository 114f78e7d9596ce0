"""Unicode folding for matching, with offsets kept back to the raw source.

Folding makes "CASINO", "cаsino" (Cyrillic а), "c\u200basino", "𝗰𝗮𝘀𝗶𝗻𝗼",
"ｃａｓｉｎｏ" and the NFD form of "đặt cược" all read as their plain, lower-case,
NFC form, so that one keyword matches every way a page can write it. Each folded
character still maps to the raw-source span of the grapheme cluster it came from.
"""

from __future__ import annotations

import re
import unicodedata

import regex

from ..charclass import char_class
from .textview import TextBuilder, TextView

# Letters of other scripts that look like Latin ones: the evasion trick of "cаsino".
CONFUSABLES = str.maketrans({
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d",
    "ӏ": "l", "ɡ": "g", "ո": "n", "ս": "u",
    "α": "a", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "ϲ": "c",
})
CONFUSABLES_KEYS = frozenset(chr(k) for k in CONFUSABLES)
# The standard library's engine scans plain character classes about 10-20 times faster than ``regex``.
_CONFUSABLE = re.compile("[" + "".join(sorted(CONFUSABLES_KEYS)) + "]")

# Characters that render as nothing: removed before matching, reported as evasion.
INVISIBLE_CLASS = r"[\x00\p{Cf}\u115f\u1160\u3164\uffa0\u034f]"
INVISIBLE = regex.compile(INVISIBLE_CLASS)

_CLUSTER = regex.compile(r"\X", regex.DOTALL)
# Old-style Vietnamese tone placement in open syllables (hoà, thuý) to the new style (hòa, thúy): a vowel pair
# after a letter and before a non-letter. The pairs are found by ``re`` (they never overlap), the context checked here.
_VI_TONE_PAIR = re.compile("o[àáảãạèéẻẽẹ]|u[ỳýỷỹỵ]")
_LETTER = regex.compile(r"\p{L}")
_TONED = {
    "o": dict(zip("àáảãạèéẻẽẹ", "òóỏõọòóỏõọ")),
    "u": dict(zip("ỳýỷỹỵ", "ùúủũụ")),
}
_BASE = {**dict.fromkeys("àáảãạ", "a"), **dict.fromkeys("èéẻẽẹ", "e"), **dict.fromkeys("ỳýỷỹỵ", "y")}


def fold_string(text: str) -> str:
    """The folded form of a short string (a keyword, a rule example)."""
    return fold(text).text


def _fold_cluster(cluster: str) -> str:
    cluster = INVISIBLE.sub("", cluster)
    if not cluster:
        return ""
    folded = unicodedata.normalize("NFKC", cluster).casefold().translate(CONFUSABLES)
    return unicodedata.normalize("NFC", folded)


def _new_style_tones(folded: str) -> str:
    """``hoà`` to ``hòa``, ``thuý`` to ``thúy`` wherever the pair closes a syllable."""
    pieces, position = [], 0
    for pair in _VI_TONE_PAIR.finditer(folded):
        start, end = pair.span()
        if start == 0 or _LETTER.match(folded, start - 1) is None or _LETTER.match(folded, end) is not None:
            continue
        vowel, toned = pair.group()
        pieces += [folded[position:start], _TONED[vowel][toned], _BASE[toned]]
        position = end
    return "".join(pieces) + folded[position:] if pieces else folded


def _needs_slow_path(text: str) -> bool:
    """Whether folding must go cluster by cluster (else lower-casing is all it takes)."""
    if text.isascii():
        return "\x00" in text
    return (not unicodedata.is_normalized("NFKC", text) or char_class(INVISIBLE_CLASS).found_in(text)
            or _CONFUSABLE.search(text) is not None)



def _plain_characters() -> str:
    """Non-ASCII characters that fold to their own case-folded self whatever stands next to them:
    precomposed Latin letters (Vietnamese, Indonesian, European) and typographic quotes and dashes.
    Each is a grapheme cluster of its own beside ASCII or another such character."""
    plain = []
    for code in [*range(0xA1, 0x250), *range(0x1E00, 0x1F00), *range(0x2010, 0x2020)]:
        ch = chr(code)
        if (unicodedata.category(ch) in ("Ll", "Lu", "Lt", "Pd", "Pi", "Pf", "Po") and len(ch.casefold()) == 1
                and _fold_cluster(ch) == ch.casefold() and unicodedata.normalize("NFKC", ch) == ch
                and ch not in CONFUSABLES_KEYS and not INVISIBLE.match(ch)):
            plain.append(ch)
    return "".join(plain)


# Characters that may need folding cluster by cluster: anything but ASCII and the plain characters
# above; NUL (invisible) and CR (CR LF is one cluster) too.
_COMPLEX = re.compile("[^\\x01-\\x0c\\x0e-\\x7f" + _plain_characters() + "]+")  # the plain ones are all non-ASCII letters and punctuation


def _regions(text: str) -> list[tuple[int, int]]:
    """Spans to fold cluster by cluster: each run of complex characters with one character either side
    (a letter before a combining mark belongs to its cluster). Between two other characters there is
    always a cluster boundary, so the rest folds character by character."""
    regions: list[tuple[int, int]] = []
    for match in _COMPLEX.finditer(text):
        start, end = max(0, match.start() - 1), min(len(text), match.end() + 1)
        if regions and start <= regions[-1][1]:
            regions[-1] = (regions[-1][0], end)
        else:
            regions.append((start, end))
    return regions


def fold(text: str) -> TextView:
    """Fold ``text`` for matching; the result maps each folded character into ``text``."""
    lowered = text.casefold()
    if len(lowered) == len(text) and not _needs_slow_path(text):
        folded = lowered if text.isascii() else _new_style_tones(lowered)
        return TextView.identity(folded)
    builder = TextBuilder()
    position = 0
    for start, end in _regions(text) + [(len(text), len(text))]:
        if start > position:
            builder.add_verbatim(text[position:start].casefold(), position)
        for match in _CLUSTER.finditer(text[start:end]):
            folded = _fold_cluster(match.group())
            if folded:
                builder.add_mapped(folded, start + match.start(), start + match.end())
        position = end
    result = builder.build()
    return result.with_text(_new_style_tones(result.text))
