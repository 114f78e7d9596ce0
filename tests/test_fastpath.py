"""The fast path reports exactly what the reference path reports: same rule, place, severity and match."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest
import regex

from scanner import Document, Scanner
from scanner.detection.detectors.vocabulary import load_vocabulary
from scanner.extraction import fold_string
from scanner.rules import KeywordMatcher, keyword_pattern, load_rules

from .conftest import FIXTURES

BENCH = Path(__file__).resolve().parent.parent / "bench" / "scan_bench.py"


def _key(result):
    return [(f.rule_id, f.start, f.end, int(f.severity), f.match) for f in result.findings]


@pytest.fixture(scope="module")
def scanners():
    return Scanner(fast=True), Scanner(fast=False)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    spec = importlib.util.spec_from_file_location("scan_bench", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    folder = tmp_path_factory.mktemp("pages")
    truth = bench.generate(folder, 300, seed=11, infected_share=0.3)
    return folder, truth


def test_fixtures_same_findings(scanners):
    fast, reference = scanners
    files = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix in (".html", ".htm", ".txt", ".md", ".xhtml"))
    assert files
    for path in files:
        document = Document(str(path), path.read_bytes())
        assert _key(fast.scan(document)) == _key(reference.scan(document)), path


def test_generated_pages_same_findings(scanners, generated):
    fast, reference = scanners
    folder, truth = generated
    assert {t for t in truth.values() if t} >= {"keyword", "hidden-block", "link", "meta-refresh", "zero-width",
                                                   "foreign-script", "repeated-phrase"}
    for name in truth:
        document = Document(name, (folder / name).read_bytes())
        assert _key(fast.scan(document)) == _key(reference.scan(document)), name


def test_keyword_matcher_is_the_regex_scan():
    rng = random.Random(5)
    keywords = sorted({k for rule in load_rules().rules for k in rule.keywords})
    matcher = KeywordMatcher(tuple(keywords))
    pattern = keyword_pattern(tuple(keywords))
    words = [k for k in keywords[:200]] + ["the", " ", "  ", "_", "x", "88", "cá", "nhà", "\n", "bet", "slot_gacor"]
    for _ in range(500):
        text = " ".join(rng.choice(words) for _ in range(rng.randrange(1, 25))).casefold()
        assert [m.span() for m in matcher.finditer(text)] == [m.span() for m in pattern.finditer(text)], text
        assert (matcher.search(text) is None) == (pattern.search(text) is None)
    assert matcher.findall("slot gacor hari ini") == regex.compile(pattern.pattern).findall("slot gacor hari ini")


def _alternation(keywords: tuple[str, ...]) -> regex.Pattern:
    """The straightforward form of ``keyword_pattern``: every folded keyword, longest first."""
    unspaced = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]")
    word = r"(?![\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}])[\p{L}\p{N}\p{M}]"
    parts = []
    for keyword in sorted({fold_string(k) for k in keywords}, key=len, reverse=True):
        left = "" if unspaced.match(keyword[0]) else rf"(?<!{word})"
        right = "" if unspaced.match(keyword[-1]) else rf"(?!{word})"
        parts.append(left + regex.escape(keyword).replace(r"\ ", r"[\s_]+") + right)
    return regex.compile("|".join(parts))


def test_keyword_pattern_is_the_alternation():
    """The trie-shaped pattern finds what the plain alternation finds, overlapped or not, for every keyword
    list of the rule packs and the vocabulary, on texts that glue, cut and separate keywords every way."""
    rng = random.Random(17)
    vocabulary = load_vocabulary()
    lists = [rule.keywords for rule in load_rules().rules if rule.keywords]
    lists += [tuple(vocabulary.betting), tuple(vocabulary.promotion), tuple(vocabulary.goods)]
    lists += [("a b", "a  b", " lead", "trail ", "ab", "a", "网上", "网", "slot", "slot gacor"), ("x_y", "x", "x y")]
    glue = [" ", "  ", "_", "\n", "\t", "", "x", "é", "9", "网", "ก", "-", ".", "\u0301"]
    for keywords in lists:
        trie, plain = keyword_pattern(keywords), _alternation(keywords)
        folded = sorted({fold_string(k) for k in keywords})
        pieces = folded + [k[: rng.randrange(1, len(k) + 1)] for k in folded] + glue
        sides = [left + k + right for k in rng.sample(folded, min(len(folded), 30))
                 for left in ("", "x", "x ", "x  ", " ", "_", "网", "é", "x_ ") for right in ("", "x", " ", "_x", "网", "  y")]
        mixed = ["".join(rng.choice(pieces) + rng.choice(glue) for _ in range(rng.randrange(1, 12))) for _ in range(40)]
        for text in sides + mixed:
            assert [m.span() for m in trie.finditer(text, overlapped=True)] == \
                [m.span() for m in plain.finditer(text, overlapped=True)], (keywords[:3], text)
            assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)], (keywords[:3], text)


_PIECES = ["<div>", "</div>", "<p>", "</p>", "<a href='https://fb88-win.example/'>", "<a href='/local'>", "</a>",
           "<span style='display:none'>", "</span>", "<style>.h{display:none}</style>", "<div class=h>", "<!-- x -->",
           "<title>", "</title>", "<meta name='description' content='slot gacor'>",
           "<meta http-equiv='refresh' content='0;url=https://x.example/'>", "<script>location.href='https://y.example'</script>",
           "<iframe src='https://z.example/' width=1></iframe>", "&amp;", "&#99;", "\u200b", "cаsino", "网上赌场 真人",
           "slot gacor", "judi online", "casino", "bitcoin", "nhà cái", "đặt cược", "fb88", "kubet", "bonus", "free spins",
           "daftar", "_", " ", "\n", "The council met on Monday.", "Tin tức mới hôm nay.", "Berita hari ini."]


def test_fast_path_equals_reference_on_random_markup(scanners):
    """Fragments that put rule words, detector triggers and markup side by side in random order."""
    fast, reference = scanners
    rng = random.Random(17)
    for number in range(400):
        source = "".join(rng.choice(_PIECES) for _ in range(rng.randrange(1, 30)))
        document = Document(f"r{number}.html", source.encode())
        assert _key(fast.scan(document)) == _key(reference.scan(document)), source
