"""Attacks on the promises: rules cannot hang a scan, hostile text stays inert, hostile HTML finishes."""

from __future__ import annotations

import json
import time

import pytest

from scanner import Document, RuleError, Scanner, Severity, load_rules

from .conftest import run_cli

SLOW_RULE = """
[pack]
id = "slow"
[[rules]]
id = "slow.backtracking"
description = "A pattern with catastrophic backtracking"
category = "test"
severity = "high"
patterns = ['(a|aa)+$']
[rules.examples]
positive = ["aaa"]
negative = ["b"]
"""


def test_a_rule_that_times_out_is_skipped_and_reported(tmp_path, monkeypatch):
    import scanner.rules

    monkeypatch.setattr(scanner.rules, "PATTERN_TIMEOUT", 0.2)
    pack = tmp_path / "slow.toml"
    pack.write_text(SLOW_RULE)
    ruleset = load_rules([pack], builtin=False)
    document = Document("a.txt", ("a" * 60 + "b " + "mua viagra").encode())
    result = Scanner(ruleset=load_rules([pack])).scan(document)
    assert result.warnings == ("rule 'slow.backtracking' timed out in scope 'text' and was skipped for this document",)
    assert [f.rule_id for f in result.findings] == ["pharma.vi.sales-phrase"]
    assert ruleset.by_id("slow.backtracking") is not None


def test_oversized_pattern_is_refused_at_load_time(tmp_path):
    pack = tmp_path / "big.toml"
    pack.write_text(SLOW_RULE.replace("'(a|aa)+$'", "'" + "|".join(f"w{i}" for i in range(2000)) + "'"))
    with pytest.raises(RuleError, match="over the limit") as raised:
        load_rules([pack], builtin=False)
    assert raised.value.rule_id == "slow.backtracking"


def test_terminal_escapes_in_spam_are_shown_inert():
    page = "Tin tức \x1b[2J\x1b]0;pwned\x07 link vào fb88 [bold red]x[/] \u202etxt.exe\n".encode()
    process = run_cli("scan", "-", stdin=page)
    out = process.stdout.decode()
    assert "\x1b" not in out and "\u202e" not in out
    assert "\\x1b[2J" in out and "[bold red]x[/]" in out


def test_hostile_text_stays_valid_json():
    page = 'mua viagra "}\x00\x1b </script> =cmd|\' /C calc\'!A0'.encode()
    report = json.loads(run_cli("scan", "-", "--format", "json", stdin=page).stdout)
    assert report["documents"][0]["findings"][0]["match"] == "mua viagra"


@pytest.mark.parametrize("name, page", [
    ("nesting", "<div>" * 100_000 + "slot gacor" + "</div>" * 100_000),
    ("huge attribute", '<p title="' + "a" * 1_000_000 + '">slot gacor</p>'),
    ("nul bytes", "<p>slot\x00 gacor</p>" * 2000),
    ("bad references", "&#99999999; &#xD800; &#0; &bogus; &amp" * 5000 + "<p>slot gacor</p>"),
    ("unclosed tags", "<a href='x'><b><i>" * 20_000 + "slot gacor"),
    ("lone brackets", "<" * 200_000 + "slot gacor"),
    ("unclosed comment", "<p>slot gacor</p><!--" + "x" * 500_000),
], ids=lambda value: value if len(value) < 40 else "page")
def test_hostile_html_finishes_and_keeps_the_text(scanner, name, page):
    started = time.perf_counter()
    result = scanner.scan(Document(f"{name}.html", page.encode()))
    cleaned = scanner.clean(Document(f"{name}.html", page.encode()), restore="off")
    assert time.perf_counter() - started < 60
    assert any(f.severity >= Severity.HIGH and "slot gacor" in f.match.replace("\x00", "") for f in result.findings), name
    assert b"slot gacor" not in cleaned.data


def test_fuzzed_html_neither_crashes_nor_hangs_and_cleaning_is_idempotent():
    """A short run of bench/fuzz.py's generator (the full run is a separate command)."""
    import signal
    import sys

    from hypothesis import HealthCheck, given, settings, strategies as st

    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent / "bench"))
    import fuzz

    signal.signal(signal.SIGALRM, fuzz._alarm)

    @settings(max_examples=150, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
    @given(fuzz.DOCUMENTS, st.sampled_from(["page.html", "page.txt"]))
    def run(text, name):
        fuzz.check(text, name, 10)

    run()


def test_a_paragraph_of_megabytes_without_a_full_stop_is_scanned(tmp_path):
    """A 5 MB paragraph used to exhaust the sentence pattern's memory: a MemoryError traceback and a cut-off report."""
    page = tmp_path / "long.html"
    page.write_bytes(b"<html><body><p>" + b"filler text " * (5 * 1024 * 1024 // 12) + b"</p><p>The library opens at nine. "
                     b"Daftar slot gacor hari ini gampang maxwin di situs judi online terpercaya.</p></body></html>")
    report = tmp_path / "report.json"
    done = run_cli("scan", str(page), "--format", "json", "-o", str(report))
    assert done.returncode == 1, done.stderr
    assert json.loads(report.read_text(encoding="utf-8"))["summary"]["verdicts"]["injected"] == 1


def test_a_rule_that_timed_out_leaves_a_mark_in_every_report_format(tmp_path, monkeypatch):
    """SARIF said executionSuccessful with no notification, and JUnit and Markdown said nothing."""
    import xml.etree.ElementTree as ET

    import scanner.rules
    from scanner.reports import RENDERERS, Summary

    monkeypatch.setattr(scanner.rules, "PATTERN_TIMEOUT", 0.2)
    pack = tmp_path / "slow.toml"
    pack.write_text(SLOW_RULE)
    scanner_ = Scanner(ruleset=load_rules([pack]))
    result = scanner_.scan(Document("a.txt", ("a" * 60 + "b " + "mua viagra").encode()))
    summary = Summary()
    summary.add(result)
    sarif = json.loads(RENDERERS["sarif"]([result], summary, scanner_.rule_infos()))
    invocation = sarif["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["message"]["text"].startswith("not fully checked: rule 'slow.backtracking'")
    junit = ET.fromstring(RENDERERS["junit"]([result], summary, {}))
    assert "slow.backtracking" in junit.find(".//testcase/system-err").text
    assert "Warning: rule 'slow.backtracking' timed out" in RENDERERS["markdown"]([result], summary, scanner_.rule_infos())
