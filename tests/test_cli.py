"""The command line as users run it: exit codes, one-line errors, formats, cleaning to disk."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from .conftest import FIXTURES, SEED, run_cli


def one_line_error(process) -> str:
    err = process.stderr.decode()
    assert process.returncode == 2, err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    return err


def test_missing_file_is_one_line_and_exit_2():
    assert "no such file or folder" in one_line_error(run_cli("scan", "does/not/exist.html"))


def test_bad_option_is_one_line_and_exit_2():
    one_line_error(run_cli("scan", str(SEED), "--format", "pdf"))
    one_line_error(run_cli("frobnicate"))


def test_broken_rule_file_is_one_line_and_exit_2(tmp_path):
    rules = tmp_path / "bad.toml"
    rules.write_text('[pack]\nid = "x"\n[[rules]]\nid = "x.one"\ndescription = "d"\ncategory = "c"\nseverity = "huge"\n')
    err = one_line_error(run_cli("scan", str(SEED), "--rules", str(rules)))
    assert str(rules) in err and "'x.one'" in err and "'severity'" in err


def test_broken_config_is_one_line_and_exit_2(tmp_path):
    (tmp_path / ".scanner.toml").write_text('fail_on = "sometimes"\n')
    shutil.copy(SEED, tmp_path / "seed.txt")
    assert "fail_on" in one_line_error(run_cli("scan", "seed.txt", cwd=tmp_path))


def test_unwritable_report_is_one_line_and_exit_2(tmp_path):
    one_line_error(run_cli("scan", str(SEED), "--format", "json", "-o", str(tmp_path / "missing" / "r.json")))


def test_clean_of_many_files_without_destination_is_a_usage_error():
    one_line_error(run_cli("clean", str(FIXTURES / "en")))


def test_exit_codes_follow_fail_on():
    assert run_cli("scan", str(SEED)).returncode == 1
    clean = FIXTURES / "en" / "en-0004.clean.txt"
    assert run_cli("scan", str(clean)).returncode == 0
    mention = b"Bet365 reported record profits, the bookmaker said."
    assert run_cli("scan", "-", stdin=mention).returncode == 0
    assert run_cli("scan", "-", "--fail-on", "low", stdin=mention).returncode == 1


def test_json_contract():
    process = run_cli("scan", str(SEED), "--format", "json")
    report = json.loads(process.stdout)
    assert report["version"] == 1
    [document] = report["documents"]
    assert document["source"] == str(SEED) and document["verdict"] == "injected"
    positions = [(f["line"], f["column"]) for f in document["findings"]]
    assert positions == [(16, 814), (16, 906), (20, 199), (20, 291)]
    for finding in document["findings"]:
        assert {"rule_id", "category", "severity", "message", "match", "start", "end", "line", "column", "action"} <= set(finding)
        assert finding["match"] == "bet365 tiếng việt_đặt cược bet365_cách vào bet365"
        assert SEED.read_text(encoding="utf-8")[finding["start"]:finding["end"]] == finding["match"]


def test_sarif_has_rules_and_physical_locations():
    log = json.loads(run_cli("scan", str(SEED), "--format", "sarif").stdout)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["gambling.keyword-chain"]
    region = run["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (16, 814)


def test_folder_scan_counts_skipped_files(tmp_path):
    shutil.copy(SEED, tmp_path / "a.txt")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    report = json.loads(run_cli("scan", str(tmp_path), "--format", "json").stdout)
    assert report["summary"]["skipped"] == 1 and report["summary"]["documents"] == 1


def test_clean_prints_the_cleaned_document():
    process = run_cli("clean", str(SEED), "--restore", "off")
    assert process.returncode == 0
    cleaned = process.stdout.decode()
    assert "bet365" not in cleaned and "tuyên truyền về vệ chủ quyền" in cleaned
    assert cleaned == SEED.read_text(encoding="utf-8").replace("bet365 tiếng việt_đặt cược bet365_cách vào bet365 ", "")


def test_clean_output_dir_keeps_relative_paths_and_copies_clean_files(tmp_path):
    source = tmp_path / "site"
    shutil.copytree(FIXTURES / "id", source / "id")
    out = tmp_path / "out"
    process = run_cli("clean", str(source), "--output-dir", str(out), "--restore", "off")
    assert process.returncode == 0, process.stderr
    for original in source.rglob("*.clean.*"):
        assert (out / original.relative_to(source)).read_bytes() == original.read_bytes()
    assert b"slot gacor" not in (out / "id" / "gambling.txt").read_bytes()


def test_clean_in_place_is_atomic_and_keeps_a_backup(tmp_path):
    target = tmp_path / "seed.txt"
    shutil.copy(SEED, target)
    os.chmod(target, 0o640)
    (tmp_path / "seed.txt.bak").write_text("an older backup")
    process = run_cli("clean", str(target), "--in-place", "--restore", "off")
    assert process.returncode == 0, process.stderr
    assert b"bet365" not in target.read_bytes()
    assert (tmp_path / "seed.txt.bak").read_text() == "an older backup"
    assert (tmp_path / "seed.txt.bak.1").read_bytes() == SEED.read_bytes()
    assert os.stat(target).st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seed.txt", "seed.txt.bak", "seed.txt.bak.1"]


def test_document_without_findings_is_not_rewritten_in_place(tmp_path):
    target = tmp_path / "clean.txt"
    shutil.copy(FIXTURES / "vi" / "vi-0003.clean.txt", target)
    before = target.stat().st_mtime_ns
    assert run_cli("clean", str(target), "--in-place").returncode == 0
    assert target.stat().st_mtime_ns == before and not (tmp_path / "clean.txt.bak").exists()


@pytest.mark.parametrize("command", [("rules", "list"), ("rules", "test"), ("rules", "show", "gambling.keyword-chain"),
                                     ("rules", "show", "hidden.block")])  # a detector's rule, listed by 'rules list'
def test_rule_commands(command):
    process = run_cli(*command)
    assert process.returncode == 0, process.stderr
    assert process.stdout


def test_rules_test_reports_a_failing_example(tmp_path):
    pack = tmp_path / "p.toml"
    pack.write_text('[pack]\nid = "p"\n[[rules]]\nid = "p.one"\ndescription = "d"\ncategory = "c"\nseverity = "low"\n'
                    'keywords = ["foo"]\n[rules.examples]\npositive = ["bar"]\nnegative = ["baz"]\n')
    process = run_cli("rules", "test", str(pack))
    assert process.returncode == 1
    assert "positive example not matched: 'bar'" in process.stdout.decode()


def test_rules_test_checks_marked_fixture_files(tmp_path):
    assert run_cli("rules", "test", str(FIXTURES / "marked")).returncode == 0
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("scanner-expect: none\nHôm nay có người mua viagra ngay tại chợ.\n", encoding="utf-8")
    process = run_cli("rules", "test", str(wrong))
    assert process.returncode == 1
    assert f"{wrong}: unexpected rule 'pharma.vi.sales-phrase' fired" in process.stdout.decode()


@pytest.mark.parametrize("url, message", [
    ("http://[::1", "bad URL: Invalid IPv6 URL"),
    ("http://a.example:99999/", "bad URL: Port out of range"),
    ("ftp://example.org/file", "unsupported URL scheme"),
])
def test_bad_urls_are_one_line_and_exit_2(url, message):
    assert message in one_line_error(run_cli("scan", url))


def test_unreachable_host_is_a_failed_page_with_its_reason(tmp_path):
    process = run_cli("scan", "http://unreachable.invalid/page.html", "--retries", "0", "--format", "json")
    assert process.returncode == 3, process.stderr
    report = json.loads(process.stdout)
    [(source, reason)] = [(f["source"], f["reason"]) if isinstance(f, dict) else tuple(f) for f in report["audit"]["failed"]]
    assert "unreachable.invalid: cannot resolve" in reason and "robots" not in reason  # the host, not its robots.txt


def test_rules_test_refuses_a_pack_that_reuses_a_built_in_id(tmp_path):
    """It used to pass such a pack, which scan --rules then refused."""
    (tmp_path / "mine.toml").write_text('[[rules]]\nid = "gambling.mention"\ndescription = "mine"\ncategory = "gambling"\n'
                                        'severity = "high"\nkeywords = ["zzqq"]\n[rules.examples]\npositive = ["zzqq"]\n'
                                        'negative = ["nothing here"]\n', encoding="utf-8")
    done = run_cli("rules", "test", str(tmp_path))
    assert done.returncode == 2 and b"duplicate id" in done.stderr and b"Traceback" not in done.stderr


@pytest.mark.parametrize("command", [["clean"], ["baseline", "create"]])
def test_commands_that_read_files_say_so_when_given_an_address(command):
    """They said "unsupported URL scheme (only http and https)" of an https address."""
    done = run_cli(*command, "https://example.org/page.html")
    assert done.returncode == 2 and b"only 'scanner scan' fetches addresses" in done.stderr


def test_the_cloaking_rules_of_site_audits_are_listed_and_shown():
    """Blind probe 38, D9: '--disable cloaking.crawler-only-content' was accepted, yet 'rules list' and 'rules show'
    did not know the id."""
    listing = run_cli("rules", "list")
    assert listing.returncode == 0, listing.stderr
    rows = [line.split("\t") for line in listing.stdout.decode().splitlines()]
    assert {("cloaking.crawler-only-content", "(site audit)"), ("cloaking.conditional-redirect", "(site audit)")} <= {
        (row[1], row[-1]) for row in rows}
    shown = run_cli("rules", "show", "cloaking.conditional-redirect")
    assert shown.returncode == 0, shown.stderr
    assert "site audits" in shown.stdout.decode() and "severity: high" in shown.stdout.decode()


def test_rules_show_says_a_detector_rates_each_finding_on_its_evidence():
    """Blind probe 38, D20: 'rules show hidden.block' said high while its findings were reported critical."""
    shown = run_cli("rules", "show", "hidden.block").stdout.decode()
    assert "severity: high" in shown and "rated on its evidence" in shown
    assert "rated on its evidence" not in run_cli("rules", "show", "gambling.keyword-chain").stdout.decode()
