"""The command line: output copies and their modes and paths, symlinks, disabled ids, odd file names, limits, pipes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from scanner.errors import SourceError
from scanner.writing import output_paths

from .conftest import FIXTURES, run_cli

INFECTED = FIXTURES / "id" / "gambling.txt"
SUSPICIOUS = b"<p>Police said the suspect lost his savings at a casino and on bet365 last year.</p>\n"


def one_line_error(process: subprocess.CompletedProcess) -> str:
    err = process.stderr.decode()
    assert process.returncode == 2, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err


@contextmanager
def umask(mask: int) -> Iterator[None]:
    previous = os.umask(mask)
    try:
        yield
    finally:
        os.umask(previous)


def infected_copy(path: Path, mode: int = 0o644) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(INFECTED, path)
    os.chmod(path, mode)
    return path


def test_output_copies_keep_the_mode_of_their_source(tmp_path):
    site = tmp_path / "site"
    infected_copy(site / "spam.html", 0o644)
    infected_copy(site / "private.html", 0o640)
    (site / "clean.html").write_text("<p>Library hours</p>\n")
    os.chmod(site / "clean.html", 0o644)
    with umask(0o022):
        process = run_cli("clean", str(site), "--output-dir", str(tmp_path / "out"))
    assert process.returncode == 0, process.stderr
    modes = {p.name: p.stat().st_mode & 0o777 for p in (tmp_path / "out").iterdir()}
    assert modes == {"spam.html": 0o644, "private.html": 0o640, "clean.html": 0o644}


def test_cleaned_export_copies_keep_the_mode_of_their_source(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    for name, mode in (("export.xml", 0o644), ("export.jsonl", 0o640)):
        shutil.copy(FIXTURES / "exports" / name, site / name)
        os.chmod(site / name, mode)
    with umask(0o022):
        process = run_cli("clean", str(site), "--output-dir", str(tmp_path / "out"))
    assert process.returncode == 0, process.stderr
    modes = {p.name: p.stat().st_mode & 0o777 for p in (tmp_path / "out").iterdir()}
    assert modes == {"export.xml": 0o644, "export.jsonl": 0o640}


def test_baseline_file_gets_the_umask_default_mode(tmp_path):
    with umask(0o022):
        process = run_cli("baseline", "create", str(INFECTED), "-o", str(tmp_path / "baseline.json"))
    assert process.returncode == 0, process.stderr
    assert (tmp_path / "baseline.json").stat().st_mode & 0o777 == 0o644


def test_in_place_through_a_symbolic_link_cleans_its_target(tmp_path):
    target = infected_copy(tmp_path / "sub" / "x.html")
    link = tmp_path / "link.html"
    link.symlink_to("sub/x.html")
    process = run_cli("clean", str(link), "--in-place")
    assert process.returncode == 0, process.stderr
    assert link.is_symlink() and os.readlink(link) == "sub/x.html"
    assert b"slot gacor" not in target.read_bytes()
    assert (tmp_path / "sub" / "x.html.bak").read_bytes() == INFECTED.read_bytes()
    assert not (tmp_path / "link.html.bak").exists()


def test_output_folder_inside_the_scanned_folder_is_not_cleaned_again(tmp_path):
    infected_copy(tmp_path / "page.html")
    for _run in range(2):
        process = run_cli("clean", ".", "--output-dir", "cleaned", cwd=tmp_path)
        assert process.returncode == 0, process.stderr
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == [
        "cleaned/page.html", "page.html"]
    assert b"of 1\n" in process.stderr  # one document: the copy in cleaned/ is not read back


@pytest.mark.parametrize("arguments", [["a/x.html", "b/x.html"], ["a", "b"]])
def test_inputs_sharing_a_relative_path_keep_their_own_folder(tmp_path, arguments):
    infected_copy(tmp_path / "a" / "x.html")
    infected_copy(tmp_path / "b" / "x.html")
    process = run_cli("clean", *arguments, "--output-dir", "out", cwd=tmp_path)
    assert process.returncode == 0, process.stderr
    assert sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.html")) == [
        "a/x.html", "b/x.html"]


def test_two_inputs_that_would_share_an_output_path_are_refused(tmp_path):
    site = tmp_path / "site"
    for folder in ("a", "b"):
        outside = infected_copy(tmp_path / f"elsewhere-{folder}" / "x.html")
        (site / folder).mkdir(parents=True)
        (site / folder / "x.html").symlink_to(outside)  # a link out of the folder keeps only its own name
    files = [(site / "a" / "x.html", site), (site / "b" / "x.html", site)]
    with pytest.raises(SourceError, match="would overwrite"):
        output_paths(tmp_path / "out", files)


def test_unknown_rule_or_pack_to_disable_is_refused(tmp_path):
    assert "'hidden'" in one_line_error(run_cli("scan", str(INFECTED), "--disable", "hidden"))
    (tmp_path / ".scanner.toml").write_text('disable = ["gambling.mention", "adult.nope"]\n')
    assert "disable: no rule or pack 'adult.nope'" in one_line_error(run_cli("scan", str(INFECTED), cwd=tmp_path))
    known = run_cli("scan", str(INFECTED), "--disable", "gambling", "--disable", "hidden.block",
                    "--disable", "adult.en.site-phrase", "--disable", "cloaking.crawler-only-content")
    assert known.returncode in (0, 1), known.stderr


def test_console_verdict_and_path_are_apart(tmp_path):
    (tmp_path / "page.html").write_bytes(SUSPICIOUS)
    process = run_cli("scan", "page.html", cwd=tmp_path)
    assert process.stdout.decode().splitlines()[0].startswith("SUSPICIOUS page.html  (")


def test_rules_list_piped_prints_whole_ids():
    process = run_cli("rules", "list")
    assert process.returncode == 0, process.stderr
    rows = [line.split("\t") for line in process.stdout.decode().splitlines()]
    assert rows[0] == ["pack", "rule", "category", "severity", "action", "scope"]
    assert ["gambling", "gambling.id.seo-phrase"] in [row[:2] for row in rows]
    assert not any("…" in row[1] for row in rows)


def test_line_breaks_and_tabs_in_file_names_are_spelled_out(tmp_path):
    shutil.copy(INFECTED, tmp_path / "bad\nname\tx.html")
    report = run_cli("scan", ".", cwd=tmp_path).stdout.decode()
    assert "INJECTED   bad\\nname\\tx.html  (" in report.splitlines()[0]
    diff = run_cli("clean", ".", "--diff", cwd=tmp_path).stdout.decode().splitlines()
    assert diff[:2] == ['--- "a/bad\\nname\\tx.html"', '+++ "b/bad\\nname\\tx.html"']


@pytest.mark.parametrize("option", [["--timeout", "0"], ["--timeout", "-5"], ["--retries", "-3"]])
def test_fetch_limits_out_of_range_are_usage_errors(option):
    assert "usage: argument " + option[0] in one_line_error(run_cli("scan", "https://example.invalid/", *option))
    one_line_error(run_cli("scan", str(INFECTED), *option))


@pytest.mark.parametrize("option", [["--max-pages", "abc"], ["--timeout", "x"]])
def test_a_limit_that_is_no_number_says_what_it_should_be(option):
    err = one_line_error(run_cli("scan", "https://example.invalid/", *option))
    assert "must be a" in err and "_positive" not in err and "_seconds" not in err


def test_baseline_of_another_shape_is_a_plain_error(tmp_path):
    (tmp_path / "baseline.json").write_text("[]")
    err = one_line_error(run_cli("scan", str(INFECTED), "--baseline", str(tmp_path / "baseline.json")))
    assert "not a scanner baseline" in err and "Error" not in err


def test_exit_code_counts_findings_after_the_reader_went_away(tmp_path):
    for number in range(300):
        (tmp_path / f"a{number:03}.html").write_text(f"<p>Library opening hours, page {number}.</p>\n")
    infected_copy(tmp_path / "z.html")
    process = subprocess.Popen([sys.executable, "-m", "scanner", "scan", ".", "--format", "jsonl", "--jobs", "1"],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert json.loads(process.stdout.readline())["source"] == "a000.html"
    process.stdout.close()  # as `| head -1` does
    _, err = process.communicate(timeout=120)
    assert process.returncode == 1, err
    assert b"Traceback" not in err and b"Exception ignored" not in err


def test_report_written_into_the_scanned_folder_is_not_scanned(tmp_path):
    infected_copy(tmp_path / "site" / "page.html")
    for _run in range(2):
        process = run_cli("scan", "site", "--format", "markdown", "-o", "site/report.md", cwd=tmp_path)
        assert process.returncode == 1, process.stderr
    assert "report.md" not in (tmp_path / "site" / "report.md").read_text()


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs a file that cannot be read (Linux /proc)")
def test_an_unreadable_file_is_reported_with_a_warning_and_the_others_are_scanned(tmp_path):
    site = tmp_path / "site"
    infected_copy(site / "spam.txt")
    (site / "mem.html").symlink_to("/proc/self/mem")  # reading it fails with an I/O error
    process = run_cli("scan", str(site), "--format", "json", "--output", str(tmp_path / "r.json"))
    assert process.returncode == 3, process.stderr  # some documents could not be scanned: wins over 1
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [(Path(d["source"]).name, d["verdict"]) for d in report["documents"]] == [
        ("mem.html", "unreadable"), ("spam.txt", "injected")]
    assert report["documents"][0]["error"] == "cannot read: Input/output error"
    assert report["summary"]["errors"] == 1
    assert "mem.html" in process.stderr.decode() and "skipped" in process.stderr.decode()
    assert "Traceback" not in process.stderr.decode()


def test_zero_width_characters_inside_a_match_are_spelled_out_in_the_console():
    """A match hidden with zero-width characters is shown with them spelled out: they are the evidence."""
    from scanner import Document, Scanner
    from scanner.reports.console import in_context
    source = "<p>Watch free adult c\u200bam s\u200bhows with live x\u200bxx cam girls 24/7 at HotCam.</p>\n"
    result = Scanner().scan(Document("zw.html", source.encode()))
    shown = [in_context(source, f).plain for f in result.findings if "\u200b" in source[f.start:f.end]]
    assert shown and all("\\u200b" in text for text in shown)


def test_a_tab_or_line_break_inside_a_match_is_shown_in_the_console():
    """Blind probe 50, D11: a line break inside a match was shown as "⏎" but a tab as a plain space."""
    from scanner import Document, Scanner
    from scanner.reports.console import in_context
    source = ('<p>Road works.</p><div style="display:none">\t<a href="https://slot-gacor88.example/">slot gacor</a>\n'
              '<a href="https://judi.example/">judi online</a></div>\n')
    result = Scanner().scan(Document("tab.html", source.encode()))
    shown = [in_context(source, f).plain for f in result.findings if "\t" in source[f.start:f.end]]
    assert shown and all("⇥" in text and "⏎" in text for text in shown)


def test_clean_diff_spells_out_terminal_escapes_of_the_removed_spam(tmp_path):
    """Blind probe 38, D20: 'clean --diff' printed the removed spam as it was, so its escape sequences (a colour, an
    OSC sequence setting the terminal's title) acted on the terminal. They are spelled out as the console report
    spells them; tabs and CRLF line ends stay as they are."""
    (tmp_path / "page.html").write_bytes(
        b"<p>The council met on Tuesday\tto discuss the library budget.</p>\r\n"
        b"<p>Daftar slot gacor hari ini gampang maxwin \x1b[31mRED\x1b[0m\x1b]0;pwned\x07 situs judi online "
        b"terpercaya.</p>\r\n")
    diff = run_cli("clean", "page.html", "--diff", cwd=tmp_path).stdout
    assert diff and b"\x1b" not in diff and b"\x07" not in diff
    assert b"\\x1b[31mRED\\x1b[0m\\x1b]0;pwned\\x07" in diff
    assert b" <p>The council met on Tuesday\tto discuss the library budget.</p>\r\n" in diff
