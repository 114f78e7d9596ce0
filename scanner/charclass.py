"""``regex`` character classes with Unicode properties, scanned by ``re``.

The standard library's engine scans a class of characters of the Basic
Multilingual Plane about ten times faster than ``regex`` scans a class of
properties (``\\p{Cyrillic}``), but slows down on classes that reach beyond
it. So a class is split: its characters of the BMP in one ``re`` class, the
rest in another that is only scanned when the text holds such characters at
all. Both list exactly the code points ``regex`` puts in the class, made once,
on first use.
"""

from __future__ import annotations

import re
from functools import lru_cache

import regex

# Every property the detectors use has its characters in planes 0-3 and 14 (tags, variation selectors).
_PLANES = ((0x0, 0xD800), (0xE000, 0x40000), (0xE0000, 0xF0000))
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class CharClass:
    """One ``regex`` character class, as two ``re`` classes: ``bmp`` and ``astral`` (None when empty)."""

    def __init__(self, bmp: re.Pattern, astral: re.Pattern | None) -> None:
        self.bmp = bmp
        self.astral = astral

    def found_in(self, text: str) -> bool:
        """Whether ``text`` holds a character of the class."""
        if self.bmp.search(text) is not None:
            return True
        return self.astral is not None and _ASTRAL.search(text) is not None and self.astral.search(text) is not None


@lru_cache(maxsize=1)
def _code_points() -> str:
    return "".join("".join(map(chr, range(first, end))) for first, end in _PLANES)


def _re_class(ranges: list[tuple[str, str]]) -> re.Pattern | None:
    if not ranges:
        return None
    return re.compile("[" + "".join(re.escape(a) + ("-" + re.escape(b) if b != a else "") for a, b in ranges) + "]")


@lru_cache(maxsize=None)
def char_class(regex_class: str) -> CharClass:
    """The characters of ``regex_class`` (a ``[...]`` class in ``regex`` syntax), for ``re`` to scan."""
    characters = _code_points()
    ranges = [(characters[m.start()], characters[m.end() - 1]) for m in regex.finditer(regex_class + "+", characters)]
    bmp = [(a, b) for a, b in ranges if ord(b) < 0x10000]
    astral = [(a, b) for a, b in ranges if ord(a) >= 0x10000]
    straddling = [(a, b) for a, b in ranges if ord(a) < 0x10000 <= ord(b)]
    bmp += [(a, "\uffff") for a, _ in straddling]
    astral += [("\U00010000", b) for _, b in straddling]
    return CharClass(_re_class(bmp) or re.compile("(?!)"), _re_class(astral))
