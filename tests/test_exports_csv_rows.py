"""CSV exports: a row that cannot be read makes the export malformed; a row too short for the column is skipped."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from scanner.cli import main

HEADER = "id,title,content,author\r\n"
HONEST = '1,Budget,"<p>The council agreed its budget for next year.</p>",Staff\r\n'
SPAM_ROW = '<p>buy <a href=""https://pills-nopresc.top/"">generic viagra online</a> cheap, no prescription</p>'
UNTERMINATED = f'2,"Broken title,{SPAM_ROW},Staff\r\n'
TEXT_AFTER_QUOTE = f'2,"Broken,"{SPAM_ROW},Staff\r\n'
SHORT = "2,Only a title\r\n"
LAST = '3,Roads,"<p>Road works start on Monday.</p>",Staff\r\n'


def export(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "posts.csv"
    path.write_bytes((HEADER + "".join(rows)).encode("utf-8"))
    return path


def scanned(path: Path, report: Path) -> tuple[int, dict]:
    code = main(["scan", str(path), "--format", "json", "-o", str(report)])
    return code, json.loads(report.read_text(encoding="utf-8"))


@pytest.mark.parametrize("bad, why", [
    (UNTERMINATED, "a quoted field is not closed before the end of the file"),
    (TEXT_AFTER_QUOTE, "text follows the closing quote of a field (a quote inside a quoted field is written twice)"),
])
def test_a_csv_row_that_cannot_be_read_ends_the_scan_after_the_report_with_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], bad: str, why: str) -> None:
    path = export(tmp_path, HONEST, bad)
    code, report = scanned(path, tmp_path / "report.json")
    assert code == 2
    assert [document["source"] for document in report["documents"]] == [f"{path}#row-1"]
    assert capsys.readouterr().err.splitlines() == [f"scanner: error: {path}#row-2 (line 3) cannot be read: {why}"]


def test_clean_refuses_a_csv_with_an_unreadable_row_and_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = export(tmp_path, HONEST, UNTERMINATED)
    before = path.read_bytes()
    assert main(["clean", str(path), "--output-dir", str(tmp_path / "out")]) == 2
    assert main(["clean", str(path), "--in-place"]) == 2
    assert not (tmp_path / "out" / "posts.csv").exists() and path.read_bytes() == before
    assert "cannot be read: a quoted field is not closed" in capsys.readouterr().err


def test_a_csv_row_without_the_column_is_skipped_with_a_note_and_counted(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = export(tmp_path, HONEST, SHORT, LAST)
    with caplog.at_level(logging.WARNING, logger="scanner"):
        code, report = scanned(path, tmp_path / "report.json")
    assert code == 0
    assert [document["source"] for document in report["documents"]] == [f"{path}#row-1", f"{path}#row-3"]
    assert report["summary"]["skipped"] == 1
    assert caplog.messages == [f"scanner: {path}#row-2: skipped (2 column(s) where the header has 4, "
                               f"so no 'content' column)"]


def test_clean_copies_a_skipped_csv_row_as_it_was_and_notes_it(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = export(tmp_path, HONEST, SHORT, LAST)
    with caplog.at_level(logging.WARNING, logger="scanner"):
        assert main(["clean", str(path), "--output-dir", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "posts.csv").read_bytes() == path.read_bytes()
    assert caplog.messages == [f"scanner: {path}#row-2: skipped (2 column(s) where the header has 4, "
                               f"so no 'content' column)"]


def test_reports_of_a_scan_ended_by_a_malformed_row_say_it_stopped_early(tmp_path: Path) -> None:
    path = export(tmp_path, HONEST, TEXT_AFTER_QUOTE, LAST)
    error = f"{path}#row-2 (line 3) cannot be read: text follows the closing quote of a field"
    code, report = scanned(path, tmp_path / "report.json")
    assert code == 2
    assert report["summary"]["stopped_by"].startswith(error) and report["summary"]["interrupted"] is False
    assert main(["scan", str(path), "--format", "jsonl", "-o", str(tmp_path / "report.jsonl")]) == 2
    last_line = (tmp_path / "report.jsonl").read_text(encoding="utf-8").splitlines()[-1]
    assert json.loads(last_line)["summary"]["stopped_by"].startswith(error)
    assert main(["scan", str(path), "--format", "sarif", "-o", str(tmp_path / "report.sarif")]) == 2
    invocation = json.loads((tmp_path / "report.sarif").read_text(encoding="utf-8"))["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert [note["message"]["text"][:len("stopped early: " + error)] for note in invocation["toolExecutionNotifications"]] \
        == ["stopped early: " + error]


def test_a_complete_scan_reports_no_early_stop(tmp_path: Path) -> None:
    code, report = scanned(export(tmp_path, HONEST, LAST), tmp_path / "report.json")
    assert code == 0 and report["summary"]["stopped_by"] is None


def test_a_csv_row_with_an_empty_content_cell_is_skipped_with_a_note_and_counted(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = export(tmp_path, HONEST, '2,Empty,"",Staff\r\n', "3,Blank,,Staff\r\n", LAST)
    with caplog.at_level(logging.WARNING, logger="scanner"):
        code, report = scanned(path, tmp_path / "report.json")
    assert code == 0
    assert [document["source"] for document in report["documents"]] == [f"{path}#row-1", f"{path}#row-4"]
    assert report["summary"]["skipped"] == 2
    assert caplog.messages == [f"scanner: {path}#row-{n}: skipped (column 'content' holds no text)" for n in (2, 3)]


def test_a_csv_with_two_columns_of_the_fields_name_is_refused_not_half_read(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Black-box probe 33: only the first 'content' column was read; spam in the second was never scanned."""
    path = tmp_path / "posts.csv"
    path.write_bytes(('id,content,title,content\r\n1,"<p>The council met.</p>",Budget,"' + SPAM_ROW + '"\r\n')
                     .encode("utf-8"))
    before = path.read_bytes()
    assert main(["scan", str(path)]) == 2
    assert main(["clean", str(path), "--in-place"]) == 2 and path.read_bytes() == before
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == (f"scanner: error: {path}: column 'content' appears 2 times (columns 2, 4); rename one, "
                       "or choose another with --field")
