"""Exports: bad JSON Lines skipped with a note, a mistyped field an error, cleaning edits only the edited text."""

from __future__ import annotations

import io
import json
import logging
import re
from pathlib import Path

import pytest

from scanner import Scanner
from scanner.errors import SourceError
from scanner.sources.exports import clean_export, read_documents

SPAM = '<p>Read on.</p>\n<p><a href="https://promo.example/">best online casino</a> slot gacor maxwin</p>'
CLEAN_LINE = '{"id": 2, "content": "<p>Nothing to see.</p>"}\n'


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


def write(path: Path, *lines: str) -> Path:
    path.write_text("".join(lines), encoding="utf-8")
    return path


def cleaned(scanner: Scanner, path: Path, field: str = "content") -> bytes:
    out = io.BytesIO()
    assert [result.changed for result in clean_export(path, out, scanner, field)][0]
    return out.getvalue()


def names(path: Path, field: str = "content") -> list[str]:
    return [document.source.split("#", 1)[1] for document in read_documents(path, field)]


def test_a_malformed_line_is_skipped_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = write(tmp_path / "exp.jsonl", json.dumps({"id": 1, "content": SPAM}) + "\n", "{broken json\n", CLEAN_LINE)
    with caplog.at_level(logging.WARNING, logger="scanner"):
        assert names(path) == ["line-1", "line-3"]
    [message] = caplog.messages
    assert message.startswith(f"scanner: {path}#line-2: skipped (not JSON: ")


def test_cli_scan_reports_every_readable_record_despite_a_malformed_line(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from scanner.cli import main
    path = write(tmp_path / "exp.jsonl", json.dumps({"id": 1, "content": SPAM}) + "\n", "{broken json\n", CLEAN_LINE)
    report = tmp_path / "report.json"
    assert main(["scan", str(path), "--format", "json", "-o", str(report)]) == 1  # line 1 is injected
    sources = [document["source"] for document in json.loads(report.read_text())["documents"]]
    assert sources == [f"{path}#line-1", f"{path}#line-3"]
    assert [message.split("#", 1)[1][:26] for message in caplog.messages] == ["line-2: skipped (not JSON:"]


def test_records_without_text_in_the_field_are_skipped_with_a_note(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = write(tmp_path / "exp.jsonl", '{"id": 1, "content": null}\n', '{"id": 2, "content": 7}\n', '[1, 2]\n',
                 '{"id": 4}\n', CLEAN_LINE, '{"id": 6, "content": ""}\n')
    with caplog.at_level(logging.WARNING, logger="scanner"):
        assert names(path) == ["line-5"]
    assert caplog.messages == [f"scanner: {path}#line-1: skipped (field 'content' holds null, not text)",
                               f"scanner: {path}#line-2: skipped (field 'content' holds int, not text)",
                               f"scanner: {path}#line-3: skipped (not a JSON object but list)",
                               f"scanner: {path}#line-4: skipped (no field 'content')",
                               f"scanner: {path}#line-6: skipped (field 'content' holds no text)"]


def test_a_json_line_with_an_empty_field_is_counted_as_skipped(tmp_path: Path) -> None:
    from scanner.cli import main
    path = write(tmp_path / "exp.jsonl", CLEAN_LINE, '{"id": 4, "content": ""}\n', '{"id": 5, "content": " \\n"}\n')
    report = tmp_path / "report.json"
    assert main(["scan", str(path), "--format", "json", "-o", str(report)]) == 0
    summary = json.loads(report.read_text())["summary"]
    assert (summary["documents"], summary["skipped"]) == (1, 2)


def test_a_field_no_record_has_is_an_error_naming_the_keys(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", CLEAN_LINE, '{"id": 3, "title": "t", "content": "<p>x</p>"}\n')
    with pytest.raises(SourceError, match=r"no record has the field 'contnt' \(keys: id, content\); choose one"):
        list(read_documents(path, "contnt"))


def test_cli_scan_with_a_mistyped_field_exits_2_with_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from scanner.cli import main
    path = write(tmp_path / "a.jsonl", CLEAN_LINE)
    assert main(["scan", str(path), "--field", "contnt"]) == 2
    err = capsys.readouterr().err
    assert "no record has the field 'contnt'" in err and "Traceback" not in err and "skipped" not in err


def test_cleaning_keeps_numbers_and_spacing_outside_the_field(scanner: Scanner, tmp_path: Path) -> None:
    line = ('{"id" : 1, "big": 12345678901234567890.123456789012, "e": 1E5, "content" : %s, '
            '"tail" : [ 1 , 2 ]}\r\n' % json.dumps(SPAM))
    path = write(tmp_path / "n.jsonl", line, CLEAN_LINE)
    data = cleaned(scanner, path)
    first, second = data.splitlines(keepends=True)
    new_content = json.loads(first)["content"]
    assert "casino" not in new_content and second == CLEAN_LINE.encode()
    assert first == line.replace(json.dumps(SPAM), json.dumps(new_content)).encode()


def test_cleaning_a_dotted_field_keeps_the_rest_and_the_non_ascii_style(scanner: Scanner, tmp_path: Path) -> None:
    spam = "<p>Ça va.</p>\n" + SPAM
    line = '{"content":{"raw":"x","rendered":%s},"n":1.50,"title":"Été"}\n' % json.dumps(spam, ensure_ascii=False)
    path = write(tmp_path / "wp.jsonl", line)
    [first] = cleaned(scanner, path, "content.rendered").splitlines(keepends=True)
    new_content = json.loads(first)["content"]["rendered"]
    assert "casino" not in new_content and "Ça va." in new_content
    assert first.decode("utf-8") == line.replace(json.dumps(spam, ensure_ascii=False),
                                                 json.dumps(new_content, ensure_ascii=False))


def test_cleaning_edits_the_last_of_duplicate_keys_as_json_reads_it(scanner: Scanner, tmp_path: Path) -> None:
    line = '{"content": "<p>old</p>", "n": 1.0, "content": %s}\n' % json.dumps(SPAM)
    path = write(tmp_path / "dup.jsonl", line)
    data = cleaned(scanner, path).decode("utf-8")
    assert data.startswith('{"content": "<p>old</p>", "n": 1.0, "content": "') and "casino" not in data


def test_wxr_escaped_content_keeps_character_references_outside_the_edit(scanner: Scanner, tmp_path: Path) -> None:
    kept = "&lt;p&gt;Caf&#233; d&#x2019;&#201;t&#233; &amp; co&#8217;s menu.&lt;/p&gt;&#10;\r\n"
    spam = ('&lt;p&gt;&lt;a href=&quot;https://promo.example/&quot;&gt;best online casino&lt;/a&gt; '
            'slot gacor maxwin&lt;/p&gt;')
    path = tmp_path / "site.xml"
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n<rss xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><wp:post_id>7</wp:post_id><content:encoded>')
    path.write_bytes(f"{head}{kept}{spam}&#10;</content:encoded></item></channel></rss>\n".encode())
    out = io.BytesIO()
    assert [result.changed for result in clean_export(path, out, scanner)] == [True]
    data = out.getvalue().decode("utf-8")
    assert data.startswith(head + kept) and data.endswith("</content:encoded></item></channel></rss>\n")
    assert "casino" not in data


def test_skipped_json_lines_are_counted_in_the_summary(tmp_path: Path) -> None:
    from scanner.cli import main
    path = write(tmp_path / "exp.jsonl", CLEAN_LINE, "{broken json\n", "[1, 2]\n", '{"id": 4}\n', "\n")
    report = tmp_path / "report.json"
    assert main(["scan", str(path), "--format", "json", "-o", str(report)]) == 0
    summary = json.loads(report.read_text())["summary"]
    assert (summary["documents"], summary["skipped"]) == (1, 3)  # the blank line is no record


def test_the_console_summary_counts_skipped_export_records_under_a_label_that_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from scanner.cli import main
    path = write(tmp_path / "exp.jsonl", CLEAN_LINE, "{broken json\n")
    assert main(["scan", str(path)]) == 0
    [row] = [line for line in capsys.readouterr().out.splitlines() if "skipped" in line]
    assert "skipped (files of other types, archive members, export records)" in row and row.rstrip(" │").endswith("1")


def test_a_mistyped_field_error_names_the_nested_fields_holding_text(tmp_path: Path) -> None:
    record = {"id": 1, "slug": "macys", "post": {"title": "Macy's", "n": 2, "meta": {"seo": {"deep": "x"}, "lang": "en"},
                                                "body_html": "<p>x</p>"}}
    path = write(tmp_path / "a.jsonl", json.dumps(record) + "\n")
    expected = ("no record has the field 'content' (keys: id, slug, post, post.title, post.meta.lang, post.body_html); "
                "choose one with --field")
    with pytest.raises(SourceError, match=re.escape(expected)):
        list(read_documents(path))


def test_a_mistyped_field_error_names_a_bounded_number_of_nested_fields(tmp_path: Path) -> None:
    record = {"id": 1, "post": {f"f{n}": "text" for n in range(40)}}
    path = write(tmp_path / "a.jsonl", json.dumps(record) + "\n")
    with pytest.raises(SourceError) as error:
        list(read_documents(path))
    assert str(error.value).endswith("(keys: id, post, " + ", ".join(f"post.f{n}" for n in range(12)) +
                                     ", …); choose one with --field")


def test_clean_of_a_folder_without_exports_does_not_mention_export_records(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from scanner.cli import main
    site = tmp_path / "site"
    site.mkdir()
    (site / "page.html").write_text(f"<html><body>{SPAM}</body></html>", encoding="utf-8")
    assert main(["clean", str(site), "--output-dir", str(tmp_path / "out")]) == 0
    [summary] = [line for line in capsys.readouterr().err.splitlines() if "refused, of" in line]
    assert summary == "1 document(s) cleaned, 0 refused, of 1"


def php_escaped(value: str) -> str:
    """A JSON string as PHP's json_encode writes it: '/' as '\\/', every non-ASCII character as \\uXXXX."""
    return json.dumps(value).replace("/", "\\/")


def test_cleaning_a_php_escaped_line_changes_only_the_removed_spam(scanner: Scanner, tmp_path: Path) -> None:
    kept = "<p>Khi ch\u1ed3ng n\u1ed5i c\u00e1u, caf\u00e9 \U0001f600 \"quoted\" a/b</p>"
    spam = "\n" + SPAM.split("\n")[1]
    line = '{"id":3,"post":{"title":"Khi ch\\u1ed3ng","body_html":%s},"url":"https:\\/\\/site.example\\/vi-3"}\n'
    path = write(tmp_path / "php.jsonl", line % php_escaped(kept + spam))
    data = cleaned(scanner, path, "post.body_html").decode("ascii")
    assert data == line % php_escaped(kept)


def test_a_changed_span_is_escaped_in_the_style_of_its_string() -> None:
    from scanner.sources.exports.jsonl import _respliced
    assert _respliced(r"a\/b caf\u00e9 X \ud83d\ude00", "a/b café X \U0001f600", "a/b café Y/é \U0001f600") == \
        r"a\/b caf\u00e9 Y\/\u00e9 \ud83d\ude00"
    assert _respliced("a/b café X", "a/b café X", "a/b café Y/é") == "a/b café Y/é"


def test_a_data_file_in_a_site_folder_is_skipped_not_fatal(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A site folder holds data files that are no export of its pages ("data.csv" without the HTML column): scan and
    clean skip them with a line and count them; named on the command line, the same file is still an error."""
    from scanner.cli import main

    site = tmp_path / "site"
    site.mkdir()
    (site / "data.csv").write_text("name,age\nbob,3\n", encoding="utf-8")
    (site / "page.html").write_text("<p>News.</p><p>Daftar slot gacor hari ini gampang maxwin di situs judi online "
                                    "terpercaya.</p>", encoding="utf-8")
    report = tmp_path / "report.json"
    assert main(["scan", str(site), "--format", "json", "-o", str(report)]) == 1
    summary = json.loads(report.read_text(encoding="utf-8"))["summary"]
    assert (summary["documents"], summary["skipped"]) == (1, 1)
    assert "data.csv" in caplog.text and "no export of pages" in caplog.text
    assert main(["clean", str(site), "--in-place"]) == 0
    assert "slot gacor" not in (site / "page.html").read_text(encoding="utf-8")
    assert (site / "data.csv").read_text(encoding="utf-8") == "name,age\nbob,3\n"
    assert main(["scan", str(site / "data.csv")]) == 2
