"""Each machine-read format checked against its schema, and each escape checked on hostile text."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from scanner.findings import DocumentResult, Verdict
from scanner.reports import RENDERERS, Summary, markdown
from tests.test_reports_golden import fixture_reports

SCHEMAS = Path(__file__).resolve().parent / "schemas"


def hostile(results: list[DocumentResult]) -> list[DocumentResult]:
    """The fixtures with a finding whose match and source carry markup, pipes, backticks and control characters."""
    first = next(r for r in results if r.findings)
    finding = replace(first.findings[0], match="a|b `c`` </td><script>x()</script>\x00\x1b\u200b\u202e\nend")
    return results + [replace(first, source="evil|`name`<b>.html", findings=(finding,))]


def test_sarif_is_valid_against_the_official_2_1_0_schema() -> None:
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    log = json.loads(RENDERERS["sarif"](*fixture_reports()))
    jsonschema.validate(log, schema, cls=jsonschema.Draft4Validator, format_checker=jsonschema.FormatChecker())
    assert [r["ruleId"] for r in log["runs"][0]["results"]][:2] == ["fixture.casino-link", "fixture.casino-link"]


def test_a_sarif_snippet_is_the_text_of_its_region() -> None:
    """A link finding covers its whole <a …>…</a> and names its anchor text: no snippet, rather than a wrong one."""
    from scanner import Document, Scanner
    source = '<p>Read the <a href="https://slot-gacor-hoki99.example/">latest</a> news.</p>'
    scanner = Scanner()
    result = scanner.scan(Document("page.html", source.encode()))
    summary = Summary()
    summary.add(result)
    log = json.loads(RENDERERS["sarif"]([result], summary, scanner.rule_infos()))
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in log["runs"][0]["results"]]
    assert regions and all(source[r["charOffset"]:r["charOffset"] + r["charLength"]] == r["snippet"]["text"]
                           for r in regions if "snippet" in r)


@pytest.mark.parametrize("source, metadata, uri", [
    ("documents/hidden-casino.html", {}, "documents/hidden-casino.html"),
    ("my docs/tin tức.html", {}, "my%20docs/tin%20t%E1%BB%A9c.html"),
    ("export.xml#post-12", {"format": "wxr"}, "export.xml#post-12"),
    ("notes#1.html", {}, "notes%231.html"),  # a file's own '#' is no fragment
    ("https://example.com/a b?q=tức#x", {}, "https://example.com/a%20b?q=t%E1%BB%A9c#x"),
    ("https://example.com/p [as Googlebot]", {"url": "https://example.com/p", "view": "Googlebot"},
     "https://example.com/p#view=Googlebot"),
    ("/srv/site/a b.html", {}, "file:///srv/site/a%20b.html"),
])
def test_sarif_artifact_uris_are_valid_uri_references(source: str, metadata: dict, uri: str) -> None:
    results, summary, rules = fixture_reports()
    flagged = [replace(r, source=source, metadata=metadata) for r in results if r.findings][:1]
    log = json.loads(RENDERERS["sarif"](flagged, summary, rules))
    jsonschema.validate(log, json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")),
                        cls=jsonschema.Draft4Validator)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uri"] == uri
    if "://" in uri:
        assert "uriBaseId" not in location
    else:  # relative to the folder the scan ran in, which the run names
        assert location["uriBaseId"] == "%SRCROOT%"
        assert log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == Path.cwd().as_uri().rstrip("/") + "/"


def test_junit_is_valid_against_the_jenkins_shaped_schema() -> None:
    xmlschema = pytest.importorskip("xmlschema", reason="xmlschema is a test dependency: pip install -e '.[test]'")
    results, summary, rules = fixture_reports()
    rendered = RENDERERS["junit"](hostile(results), summary, rules)
    xmlschema.XMLSchema(SCHEMAS / "junit-10.xsd").validate(rendered)


def test_junit_fails_injected_passes_suspicious_with_output() -> None:
    root = ET.fromstring(RENDERERS["junit"](*fixture_reports()))
    cases = {case.get("name"): case for case in root.iter("testcase")}
    assert sorted(name for name, case in cases.items() if case.find("failure") is not None) == [
        "documents/hidden-casino.html", "documents/keyword-chain.txt"]
    out = cases["documents/promo.md"].find("system-out")
    assert out is not None and "3:39 medium fixture.promo-code" in (out.text or "")
    assert list(cases["documents/clean.txt"]) == []
    assert root.find("testsuite").get("failures") == "2"


def test_junit_error_for_an_unreadable_document() -> None:
    results, summary, rules = fixture_reports()
    broken = replace(results[0], source="broken.html", error="cannot read: permission denied",
                     findings=(), verdict=Verdict.CLEAN)
    root = ET.fromstring(RENDERERS["junit"]([broken], Summary(), rules))
    assert root.find("testsuite/testcase/error").get("message") == "cannot read: permission denied"
    assert root.find("testsuite").get("errors") == "1"


def test_markdown_cells_survive_hostile_text() -> None:
    results, summary, rules = fixture_reports()
    rendered = RENDERERS["markdown"](hostile(results), summary, rules)
    section = rendered[rendered.index("## ``evil"):]
    row = section.splitlines()[4]
    assert row.count(" | ") == 4 and "\\|" in row  # the pipe in the match does not open a new cell
    assert "<script>" in row and "\n" not in row and "\u202e" not in row and "<U+202E>" in row
    assert row.endswith("```a\\|b `c`` </td><script>x()</script><U+0000><U+001B><U+200B><U+202E>⏎end``` |")


def test_markdown_lists_at_most_row_limit_findings_per_document() -> None:
    results, summary, rules = fixture_reports()
    promo = next(r for r in results if r.source == "documents/promo.md")
    crowded = replace(promo, findings=promo.findings * 40)
    rendered = RENDERERS["markdown"]([crowded], summary, rules)
    assert rendered.count("| fixture.") == 0 and rendered.count("`fixture.promo-code` | Promo") == 25
    assert rendered.rstrip().endswith(f"… and {80 - markdown.ROW_LIMIT} more finding(s) in this document.")


@pytest.mark.parametrize("text, expected", [
    ("plain", "`plain`"),
    ("a`b", "``a`b``"),
    ("`edge`", "`` `edge` ``"),
    ("x|y", "`x\\|y`"),
])
def test_markdown_code_spans(text: str, expected: str) -> None:
    assert markdown.code(text) == expected


def test_markdown_escapes_plain_text() -> None:
    assert markdown.escape("*bold* <b>|[link](x)") == "\\*bold\\* \\<b\\>\\|\\[link\\]\\(x\\)"


def test_a_page_that_could_not_be_read_is_unreadable_in_json_and_a_notification_in_sarif() -> None:
    """A fetch that failed was never checked: JSON must not call it clean, SARIF must not drop it."""
    results, summary, rules = fixture_reports()
    failed = replace(results[0], source="https://example.com/gone", findings=(), verdict=Verdict.CLEAN, error="HTTP 404")
    report = json.loads(RENDERERS["json"]([*results, failed], summary, rules))
    assert report["documents"][-1]["verdict"] == "unreadable" and report["documents"][-1]["error"] == "HTTP 404"
    log = json.loads(RENDERERS["sarif"]([*results, failed], summary, rules))
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(log, schema, cls=jsonschema.Draft4Validator, format_checker=jsonschema.FormatChecker())
    [invocation] = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    [notice] = invocation["toolExecutionNotifications"]
    assert notice["message"]["text"] == "not scanned: HTTP 404"
    assert notice["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "https://example.com/gone"


@pytest.mark.parametrize(("change", "reason"), [
    ({"interrupted": True}, "interrupted (Ctrl-C or SIGTERM)"),
    ({"stopped_by": "bad.csv#row-6 (line 25) cannot be read"}, "stopped early: bad.csv#row-6 (line 25) cannot be read"),
])
def test_junit_markdown_and_html_reports_of_an_incomplete_scan_say_so(change: dict, reason: str) -> None:
    """They looked complete: a CI job reading JUnit passed on a report of part of a site."""
    results, summary, rules = fixture_reports()
    summary = replace(summary, **change)
    suite = ET.fromstring(RENDERERS["junit"](results, summary, rules)).find("testsuite")
    [case] = [c for c in suite.findall("testcase") if c.get("name") == "scan incomplete"]
    assert case.find("error").get("message").startswith(reason)
    assert int(suite.get("errors")) == sum(1 for c in suite.findall("testcase") if c.find("error") is not None)
    report = RENDERERS["markdown"](results, summary, rules)
    assert "**Incomplete scan:** " + markdown.escape(reason) in report  # escaped like every text of the report
    assert reason in RENDERERS["html"](results, summary, rules)
    complete = RENDERERS["junit"](*fixture_reports())
    assert "scan incomplete" not in complete


SUSPICIOUS_PAGE = ("<p>The new casino on the river opened on Monday, the council said, and bet365 sponsors the "
                   "local team.</p>")
INJECTED_PAGE = '<p>Read the news. <a href="https://slot-gacor-hoki99.example/">latest</a> today.</p>'


@pytest.mark.parametrize(("page", "fail_on", "exit_code", "failures"), [
    (SUSPICIOUS_PAGE, "low", 1, "1"),       # the build fails: so does the test case
    (SUSPICIOUS_PAGE, None, 0, "0"),
    (INJECTED_PAGE, "critical", 0, "0"),    # a high finding under --fail-on critical: the build passes
    (INJECTED_PAGE, None, 1, "1"),
], ids=["suspicious-fail-on-low", "suspicious-default", "injected-fail-on-critical", "injected-default"])
def test_junit_failures_follow_fail_on_as_the_exit_code_does(tmp_path: Path, page: str, fail_on: str | None,
                                                             exit_code: int, failures: str) -> None:
    """Blind probe 38, D18: the exit code followed --fail-on, the JUnit report did not (a red job, green tests)."""
    from tests.conftest import run_cli
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    options = ["--fail-on", fail_on] if fail_on else []
    process = run_cli("scan", "page.html", "--format", "junit", "-o", "report.xml", *options, cwd=tmp_path)
    assert process.returncode == exit_code, process.stderr
    suite = ET.parse(tmp_path / "report.xml").getroot().find("testsuite")
    assert suite.get("failures") == failures
    properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert properties["fail_on"] == (fail_on or "high")
    [case] = suite.findall("testcase")
    if failures == "1":
        assert f"at or above {fail_on or 'high'}" in case.find("failure").get("message")
    else:
        assert case.find("failure") is None and "finding" in case.find("system-out").text


def test_sarif_names_standard_input_as_such_not_as_a_file_named_dash(tmp_path: Path) -> None:
    """Blind probe 38, D20: standard input was 'uri: "-"' relative to %SRCROOT%, a file named '-' in the scan folder."""
    from tests.conftest import run_cli
    process = run_cli("scan", "-", "--format", "sarif", stdin=INJECTED_PAGE.encode(), cwd=tmp_path)
    assert process.returncode == 1, process.stderr
    log = json.loads(process.stdout)
    jsonschema.validate(log, json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")),
                        cls=jsonschema.Draft4Validator, format_checker=jsonschema.FormatChecker())
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]]
    assert locations and all(location == {"description": {"text": "standard input"}} for location in locations)


def test_a_markdown_heading_shows_a_file_name_with_a_pipe_as_it_is(tmp_path: Path) -> None:
    """Blind probe 38, D20: the heading of 'x|y `*[z]*` <b>.html' read 'x\\|y': a pipe is escaped in table cells
    only; in a heading's code span the backslash shows."""
    from tests.conftest import run_cli
    (tmp_path / "x|y `*[z]*` <b>.html").write_text(INJECTED_PAGE, encoding="utf-8")
    process = run_cli("scan", ".", "--format", "markdown", cwd=tmp_path)
    assert process.returncode == 1, process.stderr
    [heading] = [line for line in process.stdout.decode().splitlines() if line.startswith("## ")]
    assert heading.startswith("## ``x|y `*[z]*` <b>.html``: injected")


def test_junit_counts_what_was_skipped(tmp_path: Path) -> None:
    """Blind probe 38, D20: JUnit said skipped="0" however many files or pages were not scanned."""
    from tests.conftest import run_cli
    (tmp_path / "page.html").write_text(SUSPICIOUS_PAGE, encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "data.bin").write_bytes(b"\x00\x01")
    process = run_cli("scan", ".", "--format", "junit", "-o", "report.xml", cwd=tmp_path)
    assert process.returncode == 0, process.stderr
    suite = ET.parse(tmp_path / "report.xml").getroot().find("testsuite")
    assert (suite.get("tests"), suite.get("skipped")) == ("2", "1")
    [skipped] = [case for case in suite.findall("testcase") if case.find("skipped") is not None]
    assert skipped.find("skipped").get("message").startswith("2 not scanned (files of other types")
    assert {p.get("name"): p.get("value") for p in suite.iter("property")}["documents.skipped"] == "2"
    xmlschema = pytest.importorskip("xmlschema", reason="xmlschema is a test dependency: pip install -e '.[test]'")
    xmlschema.XMLSchema(SCHEMAS / "junit-10.xsd").validate(str(tmp_path / "report.xml"))


def test_junit_without_skips_has_no_skipped_case() -> None:
    suite = ET.fromstring(RENDERERS["junit"](*fixture_reports())).find("testsuite")
    assert suite.get("skipped") == "0" and all(case.find("skipped") is None for case in suite.findall("testcase"))
