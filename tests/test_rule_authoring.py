"""What a rule author meets (black-box probe 53): switching off or allowing the advertisement sentences keeps the
rule match under them and the sentences name that rule; ``rules test`` reports a slow example, scans fixtures with the
packs under test and says when an expected id names no rule; a folder of no packs and a pack id taken from a file name
that is no id are refused."""

from __future__ import annotations

import textwrap

from scanner import Config, Document, Scanner
from scanner.suppression import AllowEntry

from .conftest import run_cli

ADVERT = ("<html><body><p>The council met on Tuesday to discuss the new library.</p>"
          "<p>Buy viagra online without prescription, cheap cialis overnight delivery.</p></body></html>")

PACK = textwrap.dedent('''
    [pack]
    id = "visalottery"
    [[rules]]
    id = "visalottery.winner-offer"
    description = "Fake visa lottery winner notices"
    category = "scam"
    severity = "high"
    keywords = ["visa lottery winner claim your prize"]
    [rules.examples]
    positive = ["You are a visa lottery winner claim your prize today"]
    negative = ["The visa lottery opens in October."]
''')



def test_switching_off_the_advertisement_sentences_keeps_the_rule_match_under_them():
    document = Document("page.html", ADVERT.encode())
    assert {f.rule_id for f in Scanner().scan(document).findings} == {"injection.spam-text"}
    result = Scanner(Config(disable=frozenset({"injection.spam-text"}))).scan(document)
    assert str(result.verdict) == "injected"
    assert {f.rule_id for f in result.findings} & {"pharma.en.viagra-sales", "pharma.en.sales-phrase"}


def test_allowing_the_advertisement_sentences_keeps_the_rule_match_under_them():
    allowed = Scanner(Config(allowlist=(AllowEntry(rule="injection.spam-text"),)))
    result = allowed.scan(Document("page.html", ADVERT.encode()))
    assert str(result.verdict) == "injected" and result.suppressed == 1
    assert "injection.spam-text" not in {f.rule_id for f in result.findings}


def test_the_advertisement_sentences_name_the_rule_they_were_found_around(scanner):
    [finding] = scanner.scan(Document("page.html", ADVERT.encode())).findings
    assert finding.rule_id == "injection.spam-text"
    assert "around:pharma.en.viagra-sales" in finding.signals


def test_rules_test_reports_an_example_that_times_out_in_one_line(tmp_path):
    pack = tmp_path / "slow.toml"
    pack.write_text(textwrap.dedent(r'''
        [pack]
        id = "slow"
        [[rules]]
        id = "slow.backtracking"
        description = "A pattern that backtracks"
        category = "scam"
        severity = "high"
        patterns = ['zzq (?:(?:a|aa|aaa)+b|(?:\w|\w\w)+c)']
        [rules.examples]
        positive = ["zzq aab"]
        negative = ["hello zzq ''' + "a" * 60 + '''"]
    '''), encoding="utf-8")
    process = run_cli("rules", "test", str(pack))
    assert process.returncode == 1
    assert "Traceback" not in process.stderr.decode()
    assert "rule 'slow.backtracking': negative example timed out" in process.stdout.decode()


def test_rules_test_scans_marked_fixtures_with_the_packs_under_test(tmp_path):
    (tmp_path / "visalottery.toml").write_text(PACK, encoding="utf-8")
    (tmp_path / "fx").mkdir()
    (tmp_path / "fx" / "a.txt").write_text(
        "scanner-expect: visalottery.winner-offer\nDear friend, you are a visa lottery winner claim your prize now.\n",
        encoding="utf-8")
    process = run_cli("rules", "test", "visalottery.toml", "fx", cwd=tmp_path)
    assert process.returncode == 0, process.stdout.decode()
    assert "1 marked fixture files: 1 passed" in process.stdout.decode()


def test_a_fixture_expecting_a_rule_that_does_not_exist_is_told_so(tmp_path):
    (tmp_path / "a.txt").write_text("scanner-expect: pharma.en.viagra-sale\nBuy viagra online now.\n", encoding="utf-8")
    process = run_cli("rules", "test", "a.txt", cwd=tmp_path)
    assert process.returncode == 1
    assert "expected rule 'pharma.en.viagra-sale' names no rule" in process.stdout.decode()


def test_a_rules_folder_without_a_pack_is_refused_in_one_line(tmp_path):
    (tmp_path / "rules" / "en").mkdir(parents=True)
    (tmp_path / "rules" / "en" / "visalottery.toml").write_text(PACK, encoding="utf-8")
    (tmp_path / "page.txt").write_text("Council news.\n", encoding="utf-8")
    process = run_cli("scan", "--rules", "rules", "page.txt", cwd=tmp_path)
    assert process.returncode == 2
    [line] = process.stderr.decode().splitlines()
    assert "no rule pack (*.toml) in this folder; subfolders are not read (found en/visalottery.toml)" in line


def test_a_pack_named_after_its_file_needs_a_valid_id(tmp_path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "Visa Lottery.toml").write_text(PACK.split('id = "visalottery"\n')[1], encoding="utf-8")
    process = run_cli("rules", "list", "--rules", "rules", cwd=tmp_path)
    assert process.returncode == 2
    assert "'Visa Lottery' is not a valid id" in process.stderr.decode()
