"""The command line when it cannot write what it was asked to (a full disk, an output folder that is a file)
and when it must refuse a run: one line on stderr, exit 2, and nothing changed on disk."""

from __future__ import annotations

import subprocess
import zipfile
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES, run_cli

INFECTED = (FIXTURES / "id" / "gambling.txt").read_bytes()
FULL = Path("/dev/full")  # every write to it fails with ENOSPC, as on a full disk
needs_dev_full = pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full")


def assert_one_line_error(process: subprocess.CompletedProcess, expected: str) -> None:
    """Exit 2, no traceback, and the run's last line on stderr is the error (notes on restored words may precede it)."""
    err = process.stderr.decode()
    assert process.returncode == 2, err
    assert "Traceback" not in err and expected in err.strip().splitlines()[-1], err


def run_to_full_stdout(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    with FULL.open("wb") as full:
        return subprocess.run([sys.executable, "-m", "scanner", *args], stdout=full, stderr=subprocess.PIPE,
                              cwd=cwd, timeout=120)


def a_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "spam.html").write_bytes(INFECTED)
    (site / "clean.html").write_text("<p>Library hours: nine to five.</p>\n")
    return site


@needs_dev_full
@pytest.mark.parametrize("fmt", ["console", "json", "jsonl", "sarif", "markdown"])
def test_a_report_that_cannot_be_written_to_standard_output_ends_in_one_line(tmp_path, fmt):
    a_site(tmp_path)
    process = run_to_full_stdout("scan", "site", "--format", fmt, cwd=tmp_path)
    assert_one_line_error(process, "standard output: cannot write report: No space left on device")


@needs_dev_full
@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_a_streamed_report_that_cannot_be_written_to_its_file_ends_in_one_line(tmp_path, fmt):
    site = a_site(tmp_path)
    (site / "spam.html").unlink()  # only clean documents: the failed write still decides the exit code
    process = run_cli("scan", "site", "--format", fmt, "-o", str(FULL), cwd=tmp_path)
    assert_one_line_error(process, "/dev/full: cannot write report: No space left on device")


@needs_dev_full
@pytest.mark.parametrize("arguments", [["site/spam.html"], ["site", "--diff"]])
def test_cleaned_output_that_cannot_be_written_ends_in_one_line(tmp_path, arguments):
    a_site(tmp_path)
    process = run_to_full_stdout("clean", *arguments, cwd=tmp_path)
    assert_one_line_error(process, "standard output: cannot write cleaned output: No space left on device")


@pytest.mark.parametrize("output", ["a-file", "a-file/below", "/proc/no-such-folder"])
def test_an_output_folder_that_cannot_be_used_is_refused_in_one_line(tmp_path, output):
    a_site(tmp_path)
    (tmp_path / "a-file").write_text("not a folder\n")
    process = run_cli("clean", "site", "--output-dir", output, cwd=tmp_path)
    assert_one_line_error(process, output)
    assert (tmp_path / "a-file").read_text() == "not a folder\n"


def _refused_inputs(folder: Path) -> dict[str, Path]:
    """Inputs that cleaning refuses only once it reads them: an archive, a truncated WXR, a CSV without the column."""
    folder.mkdir()
    with zipfile.ZipFile(folder / "site.zip", "w") as archive:
        archive.writestr("page.html", INFECTED)
    wxr = (FIXTURES / "exports" / "export.xml").read_bytes()
    (folder / "truncated.xml").write_bytes(wxr[: len(wxr) * 2 // 3])
    (folder / "nocolumn.csv").write_text("id,body\n1,<p>best online casino</p>\n")
    return {"archive": folder / "site.zip", "wxr": folder / "truncated.xml", "csv": folder / "nocolumn.csv"}


@pytest.mark.parametrize("kind", ["archive", "wxr", "csv"])
@pytest.mark.parametrize("mode", ["--in-place", "--output-dir"])
def test_clean_refuses_before_changing_anything(tmp_path, kind, mode):
    site = a_site(tmp_path)
    refused = _refused_inputs(tmp_path / "inputs")[kind]
    before = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    where = ["--in-place"] if mode == "--in-place" else ["--output-dir", str(tmp_path / "out")]
    process = run_cli("clean", str(site / "spam.html"), str(refused), *where)
    assert_one_line_error(process, refused.name)
    assert {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()} == before
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("paths", [["site"], ["site/spam.html"], ["site/sub"]])
def test_a_path_inside_the_output_folder_is_refused(tmp_path, paths):
    site = a_site(tmp_path)
    (site / "sub").mkdir()
    (site / "sub" / "more.html").write_bytes(INFECTED)
    before = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    process = run_cli("clean", *paths, "--output-dir", "site", cwd=tmp_path)
    assert_one_line_error(process, "inside the --output-dir folder site")
    assert {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()} == before
