"""Scans the detectors make with ``re`` for speed find exactly what the ``regex`` patterns they stand for find."""

from __future__ import annotations

import random

import regex

from scanner.charclass import char_class
from scanner.detection.detectors.evasion import _SUSPECT_CLASS
from scanner.extraction.fold import INVISIBLE_CLASS
from scanner.detection.detectors.keywords import _SCRIPTS
from scanner.detection.detectors.vocabulary import _ALNUM_TOKEN, _alnum_tokens

EVERY_CODE_POINT = "".join(map(chr, [*range(0xD800), *range(0xE000, 0x110000)]))


def test_classes_hold_the_same_characters_over_all_of_unicode():
    for regex_class in (_SUSPECT_CLASS, f"[{_SCRIPTS}]", INVISIBLE_CLASS):
        expected = [m.start() for m in regex.finditer(regex_class, EVERY_CODE_POINT)]
        split = char_class(regex_class)
        found = [m.start() for m in split.bmp.finditer(EVERY_CODE_POINT)]
        found += [m.start() for m in split.astral.finditer(EVERY_CODE_POINT)] if split.astral else []
        assert expected and sorted(found) == expected
        # the detectors skip ASCII text without scanning it (folding looks for NUL itself)
        assert not any(EVERY_CODE_POINT[i].isascii() for i in expected if EVERY_CODE_POINT[i] != "\x00")


def test_found_in_looks_at_both_planes():
    suspect = char_class(_SUSPECT_CLASS)
    assert suspect.found_in("ca\u200bsino") and suspect.found_in("\U0001d41c") and suspect.found_in("с")
    assert not suspect.found_in("Tin tức mới \U0001F600 hôm nay")


def test_brand_token_runs_are_the_regex_matches():
    rng = random.Random(3)
    alphabet = list("abkxyz0123456789 .-_éạ") + ["\u0301", "\u0663", "\U000104a3", "ǆ", "ß", "\n", "\u200b"]
    for i in range(20000):
        pool = alphabet if i % 2 else alphabet[:-5]  # half of them with characters beyond ASCII letters
        text = "".join(rng.choice(pool) for _ in range(rng.randrange(40)))
        assert _alnum_tokens(text) == [m.span() for m in _ALNUM_TOKEN.finditer(text)], repr(text)
