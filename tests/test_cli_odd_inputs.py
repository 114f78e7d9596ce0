"""The command line on inputs a site can hold: file names that are not UTF-8, files that cannot be read,
broken exports and web archives, one file reached twice."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from .conftest import FIXTURES, run_cli

INFECTED = (FIXTURES / "id" / "gambling.txt").read_bytes()
NOT_UTF8_NAME = os.fsdecode(b"bad\xffname.html")  # as Python hands it over: the 0xff byte as U+DCFF


def _site_with_a_name_that_is_not_utf8(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    try:
        (site / NOT_UTF8_NAME).write_bytes(INFECTED)
    except (OSError, UnicodeEncodeError):
        pytest.skip("the file system takes only UTF-8 names")
    return site


@pytest.mark.parametrize("fmt", ["json", "jsonl", "sarif", "markdown", "html", "junit", "console"])
def test_a_file_name_that_is_not_utf8_is_escaped_in_every_report(tmp_path, fmt):
    site = _site_with_a_name_that_is_not_utf8(tmp_path)
    report = tmp_path / f"report.{fmt}"
    process = run_cli("scan", "site", "--format", fmt, "-o", str(report), cwd=tmp_path)
    assert process.returncode == 1, process.stderr
    text = report.read_bytes().decode("utf-8")  # strict: the report is valid UTF-8
    expected = "bad%FFname.html" if fmt == "sarif" else "bad\\xffname.html"
    assert expected in text.replace("\\\\", "\\"), text[:2000]
    if fmt in ("json", "sarif"):
        json.loads(text)
    assert site.exists()


def test_json_on_standard_output_stays_valid_utf8_for_such_a_name(tmp_path):
    _site_with_a_name_that_is_not_utf8(tmp_path)
    process = run_cli("scan", "site", "--format", "json", cwd=tmp_path)
    assert process.returncode == 1, process.stderr
    report = json.loads(process.stdout.decode("utf-8"))
    assert [d["source"] for d in report["documents"]] == ["site/bad\\xffname.html"]


def test_clean_diff_quotes_such_a_name_as_git_does(tmp_path):
    _site_with_a_name_that_is_not_utf8(tmp_path)
    process = run_cli("clean", "site", "--diff", cwd=tmp_path)
    assert process.returncode == 0, process.stderr
    headers = [line for line in process.stdout.decode("utf-8").splitlines() if line.startswith(("---", "+++"))]
    assert headers == ['--- "a/site/bad\\377name.html"', '+++ "b/site/bad\\377name.html"']
