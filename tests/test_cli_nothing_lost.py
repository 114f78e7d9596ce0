"""Nothing read is lost and nothing unread passes: folders that cannot be listed, files that cannot be read while
cleaning, outputs named like inputs, backups and outputs reached through symbolic links or devices, rule ids that
clash with a detector's, a locale that is not UTF-8 (blind probe 50)."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES, run_cli

INFECTED = (FIXTURES / "id" / "gambling.txt").read_bytes()
HONEST = b"<p>Library hours: nine to five.</p>\n"
UNREADABLE = Path("/proc/self/mem")  # reading it fails with an I/O error, whoever reads it
needs_unreadable = pytest.mark.skipif(not UNREADABLE.exists(), reason="needs a file that cannot be read (Linux /proc)")


def _without_read_permission() -> list[str] | None:
    """A command prefix that runs the scanner without the right to read what its mode forbids: none needed for an
    ordinary user; for root, ``setpriv`` dropping the capabilities that override file modes (None: not possible)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        return None
    drop = "-dac_override,-dac_read_search"
    return ["setpriv", "--bounding-set", drop, "--inh-caps", drop, "--ambient-caps", "-all"]


def test_a_folder_that_cannot_be_listed_is_an_unreadable_document_and_exit_3(tmp_path):
    prefix = _without_read_permission()
    if prefix is None:
        pytest.skip("needs setpriv to drop root's right to read any folder")
    site = tmp_path / "site"
    (site / "private").mkdir(parents=True)
    (site / "a.html").write_bytes(HONEST)
    (site / "private" / "spam.txt").write_bytes(INFECTED)
    (site / "private").chmod(0)
    try:
        process = subprocess.run([*prefix, sys.executable, "-m", "scanner", "scan", "site", "--format", "json"],
                                 capture_output=True, cwd=tmp_path, timeout=120)
    finally:
        (site / "private").chmod(0o755)
    assert process.returncode == 3, process.stderr
    documents = json.loads(process.stdout)["documents"]
    assert [(d["source"], d["verdict"], d.get("error")) for d in documents] == [
        ("site/private", "unreadable", "cannot list folder: Permission denied"), ("site/a.html", "clean", None)]
    assert "site/private: cannot list folder: Permission denied" in process.stderr.decode()


@needs_unreadable
def test_clean_writes_each_cleaned_copy_from_its_own_page_when_one_cannot_be_read(tmp_path):
    """A page that cannot be read used to shift every later page's cleaned copy onto the one before it."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.html").write_bytes(HONEST)
    (site / "b.html").symlink_to(UNREADABLE)
    (site / "c.txt").write_bytes(INFECTED)
    process = run_cli("clean", "site", "--output-dir", "out", cwd=tmp_path)
    assert process.returncode == 3, process.stderr
    assert (tmp_path / "out" / "a.html").read_bytes() == HONEST
    assert not (tmp_path / "out" / "b.html").exists()
    cleaned = (tmp_path / "out" / "c.txt").read_bytes()
    assert cleaned != INFECTED and b"Library" not in cleaned
    assert "1 could not be read" in process.stderr.decode()


@needs_unreadable
def test_a_baseline_of_pages_that_could_not_all_be_read_exits_3(tmp_path):
    (tmp_path / "a.txt").write_bytes(INFECTED)
    (tmp_path / "b.html").symlink_to(UNREADABLE)
    process = run_cli("baseline", "create", "a.txt", "b.html", "-o", "base.json", cwd=tmp_path)
    assert process.returncode == 3, process.stderr
    assert "1 could not be read" in process.stderr.decode()


def test_a_refused_document_is_left_out_of_the_output_folder(tmp_path):
    """The output folder holds cleaned copies; a page cleaning refuses (bytes it cannot decode) still holds its spam."""
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "ok.html").write_bytes(HONEST)
    page = ('<html><head><meta charset="utf-8"></head><body><p>Café naïve résumé news about the roads.</p>'
            '<div style="display:none"><a href="https://slot-gacor88.example/">slot gacor</a></div></body></html>')
    (tmp_path / "site" / "stray.html").write_bytes(page.encode().replace(b"news", b"n\xff\xfe\xfdews"))
    process = run_cli("clean", "site", "--output-dir", "out", cwd=tmp_path)
    assert process.returncode == 1, process.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["ok.html"]
    assert "stray.html: left out of out" in process.stderr.decode()


def test_an_in_place_backup_is_never_written_through_a_symbolic_link(tmp_path):
    """On a hacked site the attacker may leave ``page.bak`` pointing anywhere; the backup takes the next name."""
    page = tmp_path / "page.txt"
    page.write_bytes(INFECTED)
    (tmp_path / "page.txt.bak").symlink_to(tmp_path / "planted.txt")
    process = run_cli("clean", "page.txt", "--in-place", cwd=tmp_path)
    assert process.returncode == 0, process.stderr
    assert not (tmp_path / "planted.txt").exists()
    assert (tmp_path / "page.txt.bak.1").read_bytes() == INFECTED
    assert (tmp_path / "page.txt.bak").is_symlink()


@pytest.mark.parametrize("command", [["scan", "site", "--format", "json"], ["baseline", "create", "site"]])
def test_an_output_file_that_is_a_scanned_document_is_refused(tmp_path, command):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "page.txt").write_bytes(INFECTED)
    process = run_cli(*command, "-o", "site/page.txt", cwd=tmp_path)
    assert process.returncode == 2, process.stderr
    assert "is a document this run scans" in process.stderr.decode()
    assert (tmp_path / "site" / "page.txt").read_bytes() == INFECTED


def test_a_baseline_is_written_through_a_symbolic_link(tmp_path):
    (tmp_path / "page.txt").write_bytes(INFECTED)
    (tmp_path / "kept").mkdir()
    (tmp_path / "base.json").symlink_to(tmp_path / "kept" / "base.json")
    process = run_cli("baseline", "create", "page.txt", "-o", "base.json", cwd=tmp_path)
    assert process.returncode == 0, process.stderr
    assert (tmp_path / "base.json").is_symlink()
    assert json.loads((tmp_path / "kept" / "base.json").read_text(encoding="utf-8"))


def test_a_baseline_written_to_a_full_device_fails_and_leaves_the_device(tmp_path):
    device = tmp_path / "full"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # a twin of /dev/full
    except (PermissionError, AttributeError):
        pytest.skip("needs the right to make a device node")
    (tmp_path / "page.txt").write_bytes(INFECTED)
    process = run_cli("baseline", "create", "page.txt", "-o", "full", cwd=tmp_path)
    assert process.returncode == 2, process.stderr
    assert "cannot write baseline" in process.stderr.decode()
    assert stat.S_ISCHR(device.stat().st_mode)


def test_a_local_rule_may_not_take_a_detectors_id(tmp_path):
    (tmp_path / "mine.toml").write_text(
        '[[rules]]\nid = "hidden.block"\ndescription = "x"\ncategory = "x"\nseverity = "high"\n'
        'keywords = ["zorblax widgets"]\n[rules.examples]\npositive = ["zorblax widgets"]\nnegative = ["widgets"]\n')
    (tmp_path / "page.txt").write_bytes(HONEST)
    for command in (["rules", "test", "mine.toml"], ["scan", "page.txt", "--rules", "mine.toml"]):
        process = run_cli(*command, cwd=tmp_path)
        assert process.returncode == 2, process.stderr
        assert "rule 'hidden.block': field 'id': the id of a detector's findings" in process.stderr.decode()


@pytest.mark.parametrize("fmt", ["json", "console", "sarif"])
def test_reports_to_standard_output_are_utf8_whatever_the_locale(tmp_path, fmt):
    (tmp_path / "page.txt").write_bytes(INFECTED)
    process = subprocess.run([sys.executable, "-m", "scanner", "scan", "page.txt", "--format", fmt],
                             capture_output=True, cwd=tmp_path, timeout=120,
                             env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert process.returncode == 1, process.stderr
    assert "Traceback" not in process.stderr.decode("utf-8")
    process.stdout.decode("utf-8")
    if fmt != "console":
        json.loads(process.stdout)


def test_an_output_file_found_in_a_scanned_folder_is_refused_unless_it_is_an_earlier_report(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "notes.md").write_text("# Garden notes\n\nTomatoes need sun.\n", encoding="utf-8")
    process = run_cli("scan", "site", "--format", "markdown", "-o", "site/notes.md", cwd=tmp_path)
    assert process.returncode == 2, process.stderr
    assert (tmp_path / "site" / "notes.md").read_text(encoding="utf-8").startswith("# Garden notes")
    for _run in range(2):  # the report of the first run is replaced by the second's
        process = run_cli("scan", "site", "--format", "markdown", "-o", "site/report.md", cwd=tmp_path)
        assert process.returncode == 0, process.stderr


def test_dash_as_the_report_file_is_standard_output_and_an_empty_name_is_refused(tmp_path):
    (tmp_path / "page.txt").write_bytes(INFECTED)
    process = run_cli("scan", "page.txt", "--format", "json", "-o", "-", cwd=tmp_path)
    assert process.returncode == 1, process.stderr
    assert json.loads(process.stdout)["documents"] and not (tmp_path / "-").exists()
    process = run_cli("scan", "page.txt", "-o", "", cwd=tmp_path)
    assert process.returncode == 2 and "needs a file name" in process.stderr.decode()


def test_allowed_refuses_what_is_not_a_source_a_text_and_a_finding():
    from scanner import Scanner, SourceError
    with pytest.raises(SourceError, match="Scanner.allowed"):
        Scanner().allowed(None, None, None)  # type: ignore[arg-type]
