"""Rule packs: every rule's own examples, and broken rule files rejected with file, rule and field."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from scanner import RuleError, load_rules
from scanner.extraction.fold import fold_string
from scanner.rules import BUILTIN_RULES, example_failures

RULES = load_rules().rules
GOOD_RULE = """
[pack]
id = "local"
[[rules]]
id = "local.test"
description = "A test rule"
category = "gambling"
severity = "high"
keywords = ["zz spam"]
[rules.examples]
positive = ["buy zz spam now"]
negative = ["nothing here"]
"""


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_examples(rule):
    assert example_failures(rule) == []


def test_every_family_has_a_pack():
    categories = {rule.category for rule in RULES}
    assert {"gambling", "pharma", "adult", "counterfeit", "crypto-scam", "loan-scam"} <= categories
    assert {p.stem for p in BUILTIN_RULES.glob("*.toml")} >= {"gambling", "pharma", "adult", "counterfeit", "scams"}


def test_keyword_matches_any_normal_form_and_case():
    import unicodedata

    rule = next(r for r in RULES if r.id == "gambling.mention")
    from scanner.extraction import fold_string

    for text in ("ĐẶT CƯỢC", unicodedata.normalize("NFD", "đặt cược"), "đặt\u200b cược"):
        assert rule.find(fold_string(text)), text


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pack.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "change, field",
    [
        (('severity = "high"', 'severity = "huge"'), "severity"),
        (('category = "gambling"\n', ""), "category"),
        (('keywords = ["zz spam"]', 'patterns = ["(unclosed"]'), "patterns"),
        (('keywords = ["zz spam"]', 'keywords = ["zz spam"]\ncolour = "red"'), "colour"),
        (('positive = ["buy zz spam now"]', "positive = []"), "examples.positive"),
        (('id = "local.test"', 'id = "Bad Id"'), "id"),
        (('keywords = ["zz spam"]', 'keywords = ["zz spam"]\npatterns = ["z*"]'), "patterns"),  # matches everywhere
        (('keywords = ["zz spam"]', 'keywords = ["zz spam"]\nscope = ["body"]'), "scope"),
        (('keywords = ["zz spam"]', 'keywords = ["zz spam"]\naction = "burn"'), "action"),
        (('keywords = ["zz spam"]', 'keywords = ["zz spam"]\nreported_with = [" "]'), "reported_with"),
        (('keywords = ["zz spam"]', 'keywords = ["zz spam"]\nreported_with = "18+"'), "reported_with"),
    ],
)
def test_broken_rule_names_file_rule_and_field(tmp_path, change, field):
    path = write(tmp_path, GOOD_RULE.replace(*change))
    with pytest.raises(RuleError) as raised:
        load_rules([path], builtin=False)
    assert raised.value.field == field
    assert str(path) in str(raised.value)
    if field != "id":
        assert "'local.test'" in str(raised.value)


def test_invalid_toml_names_the_file(tmp_path):
    path = write(tmp_path, "[pack\nid=")
    with pytest.raises(RuleError, match="not valid TOML") as raised:
        load_rules([path], builtin=False)
    assert str(path) in str(raised.value)


def test_duplicate_rule_ids_are_rejected(tmp_path):
    path = write(tmp_path, GOOD_RULE + GOOD_RULE.split("[pack]\nid = \"local\"")[1])
    with pytest.raises(RuleError, match="duplicate id"):
        load_rules([path], builtin=False)


@pytest.mark.parametrize("pack_id, message", [("Bad Pack", "not a valid id"), ("gambling", "already used")])
def test_a_pack_id_must_be_valid_and_unused(tmp_path, pack_id, message):
    """A built-in pack's id would make '--disable gambling' switch the local pack off too."""
    path = write(tmp_path, GOOD_RULE.replace('[pack]\nid = "local"', f'[pack]\nid = "{pack_id}"'))
    with pytest.raises(RuleError, match=message):
        load_rules([path])


def test_local_pack_is_loaded_beside_the_builtin_ones(tmp_path):
    path = write(tmp_path, GOOD_RULE)
    ruleset = load_rules([path])
    assert ruleset.by_id("local.test") is not None and ruleset.by_id("gambling.mention") is not None



def test_a_pack_written_like_the_readme_example_loads_without_a_pack_table(tmp_path):
    """The README shows rules only; such a file is a pack named after itself."""
    path = tmp_path / "my-site.toml"
    path.write_text(GOOD_RULE.split("[pack]\nid = \"local\"")[1], encoding="utf-8")
    ruleset = load_rules([path], builtin=False)
    assert [rule.pack for rule in ruleset.rules] == ["my-site"]
    path.write_text("[pack]\ndescription = \"no id\"\n" + GOOD_RULE.split("[pack]\nid = \"local\"")[1], encoding="utf-8")
    with pytest.raises(RuleError, match="needs an id"):
        load_rules([path], builtin=False)


@pytest.mark.parametrize("pattern, case_free", [
    (r"(?<![\p{L}\p{N}])free spins[^.!?\n]{0,40}?bonus", True),
    ("Free Spins", False),          # an upper-case letter: IGNORECASE keeps it matching folded text
    (r"\p{Lu}\p{L}+ casino", False),  # case-dependent property
    ("[[:upper:]]asino", False),
    ("straße", False),              # ß folds to ss
])
def test_patterns_in_folded_form_run_without_ignorecase_and_match_the_same(tmp_path, pattern, case_free):
    path = tmp_path / "pack.toml"
    path.write_text(
        "[pack]\nid = \"local\"\n[[rules]]\nid = \"local.case\"\ndescription = \"d\"\ncategory = \"gambling\"\nseverity = \"high\"\n"
        f"patterns = ['{pattern}']\n[rules.examples]\npositive = [\"x\"]\nnegative = [\"y\"]\n", encoding="utf-8")
    rule = load_rules([path], builtin=False).rules[0]
    assert bool(rule.pattern_regexes[0].flags & regex.IGNORECASE) is not case_free
    for text in ("FREE SPINS and a BONUS today", "Free spins: claim the bonus", "Straße casino", "Casino", "ẞ casino"):
        folded = fold_string(text)
        expected = [m.span() for m in regex.compile(pattern, regex.IGNORECASE | regex.VERSION1).finditer(folded)]
        assert [m.span() for m in rule.pattern_regexes[0].finditer(folded)] == expected


def test_matches_on_a_page_carrying_a_notice_the_rule_names_are_reported(tmp_path):
    """``reported_with``: a licensed offer carries a responsible-gambling notice; an injected advert does not."""
    from scanner import Document, Scanner

    path = write(tmp_path, GOOD_RULE.replace('keywords = ["zz spam"]', 'keywords = ["zz spam"]\nreported_with = ["18+ T&Cs apply"]'))
    scanner = Scanner(ruleset=load_rules([path], builtin=False))
    licensed = "<p>Get zz spam today. 18+ T&amp;Cs apply.</p>"
    [finding] = scanner.scan(Document("a.html", licensed.encode())).findings
    assert (str(finding.severity), finding.action, "licensed-offer" in finding.signals) == ("medium", "report", True)
    assert scanner.clean(Document("a.html", licensed.encode())).data.decode() == licensed
    [finding] = scanner.scan(Document("b.html", b"<p>Get zz spam today.</p>")).findings
    assert (str(finding.severity), finding.action) == ("high", "remove")


def test_a_keyword_chain_does_not_start_at_an_amount_of_money_before_it():
    """"anggaran Rp11 miliar <chain>": "Rp11" is letters and digits like a brand, but an amount, and the article's."""
    rule = load_rules().by_id("gambling.keyword-chain")
    text = fold_string("Pemkot menyiapkan anggaran Rp11 miliar slot gacor rajaspin88_link alternatif rajaspin88 untuk jalan")
    assert [text[a:b] for a, b in rule.find(text)] == ["slot gacor rajaspin88_link alternatif rajaspin88"]
