"""What an editor and a CI job meet (black-box probe 53): piped output keeps its lines whole, a finding on a last line
without a line break is shown in short, offsets count in the text the reported encoding gives, a refused document is
not printed as if cleaned, ``clean_document`` names itself, and the HTML report's rule table shows the worst severity."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from scanner import clean_document
from scanner.errors import SourceError

from .conftest import run_cli


def test_piped_output_keeps_a_pattern_on_one_line():
    """Without a terminal or COLUMNS, lines are not broken at 80 columns: a pattern copied from ``rules show`` works."""
    environment = {name: value for name, value in os.environ.items() if name not in ("COLUMNS", "LINES")}
    process = subprocess.run([sys.executable, "-m", "scanner", "rules", "show", "pharma.en.viagra-sales"],
                             capture_output=True, env=environment, timeout=120)
    [pattern] = [line for line in process.stdout.decode().splitlines() if line.startswith("  pattern: ")]
    assert pattern.endswith(r"(?![\p{L}\p{N}])")


def test_a_finding_on_a_last_line_without_a_line_break_is_shown_in_short(tmp_path):
    page = tmp_path / "min.html"
    page.write_text("<html><body><p>" + "Council news. " * 3000 + "Play at the online casino now. "
                    + "More council news. " * 3000 + "</p></body></html>", encoding="utf-8")
    process = run_cli("scan", str(page))
    assert len(process.stdout) < 5_000


def test_offsets_count_in_the_text_the_reported_encoding_decodes_a_file_with_a_byte_order_mark(tmp_path):
    text = "Council news.\nBuy viagra online without prescription, cheap cialis overnight delivery.\n"
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + text.encode())
    (tmp_path / "bom16.txt").write_bytes(text.encode("utf-16"))
    report = json.loads(run_cli("scan", "bom.txt", "bom16.txt", "--format", "json", cwd=tmp_path).stdout)
    for document in report["documents"]:
        decoded = (tmp_path / document["source"]).read_bytes().decode(document["encoding"])
        assert document["findings"]
        for finding in document["findings"]:
            assert decoded[finding["start"]:finding["end"]] == finding["match"]


def test_clean_prints_nothing_for_a_document_it_refuses(tmp_path):
    page = ('<html><head><meta charset="utf-8"></head><body><p>Café naïve résumé news about the roads.</p>'
            '<p>Buy viagra online without prescription, cheap cialis overnight delivery.</p></body></html>')
    (tmp_path / "bad.html").write_bytes(page.encode().replace(b"news", b"n\xff\xfe\xfdews"))
    process = run_cli("clean", "bad.html", cwd=tmp_path)
    assert process.returncode == 1
    assert process.stdout == b""
    assert "bad.html: nothing written to standard output" in process.stderr.decode()


def test_clean_document_names_itself_when_given_no_document():
    try:
        clean_document(None)  # type: ignore[arg-type]
    except SourceError as error:
        assert "clean_many" not in str(error) and "expected a scanner.Document" in str(error)
    else:
        raise AssertionError("no SourceError")


def test_the_html_reports_rule_table_shows_the_worst_severity_found(tmp_path):
    (tmp_path / "h.html").write_text(
        '<p>The council met on Tuesday.</p><div style="display:none"><a href="http://casino.example/">slot gacor</a> '
        '<a href="http://pills.example/">buy viagra online</a></div>', encoding="utf-8")
    run_cli("scan", "h.html", "--format", "html", "-o", "r.html", cwd=tmp_path)
    report = (tmp_path / "r.html").read_text(encoding="utf-8")
    row = report.split("<td><code>hidden.block</code></td>")[1].split("</tr>")[0]
    assert 'class="s-critical"' in row
