"""The command line on inputs a site can hold: file names that are not UTF-8, files that cannot be read,
broken exports and web archives, one file reached twice."""

from __future__ import annotations

import gzip
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


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs a file that cannot be read (Linux /proc)")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_that_cannot_be_read_is_an_unreadable_document_and_exit_3(tmp_path, jobs):
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.html").write_text("<p>Library hours: nine to five.</p>\n")
    (site / "b.html").symlink_to("/proc/self/mem")  # reading it fails with an I/O error
    (site / "c.html").write_bytes(INFECTED)
    process = run_cli("scan", "site", "--format", "sarif", "-o", "r.sarif", "--jobs", jobs, cwd=tmp_path)
    assert process.returncode == 3, process.stderr
    assert "b.html: cannot read: Input/output error: skipped" in process.stderr.decode()
    run = json.loads((tmp_path / "r.sarif").read_text(encoding="utf-8"))["runs"][0]
    assert run["invocations"][0]["executionSuccessful"] is False
    process = run_cli("scan", "site", "--format", "json", "--jobs", jobs, cwd=tmp_path)
    assert process.returncode == 3, process.stderr
    documents = json.loads(process.stdout)["documents"]
    assert [(d["source"], d["verdict"], d.get("error")) for d in documents] == [
        ("site/a.html", "clean", None), ("site/b.html", "unreadable", "cannot read: Input/output error"),
        ("site/c.html", "injected", None)]


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_export_found_malformed_halfway_leaves_a_valid_report_of_what_was_done(tmp_path, fmt, jobs):
    (tmp_path / "spam.html").write_bytes(INFECTED)
    wxr = (FIXTURES / "exports" / "export.xml").read_bytes()
    (tmp_path / "truncated.xml").write_bytes(wxr[: len(wxr) * 2 // 3])
    process = run_cli("scan", "spam.html", "truncated.xml", "--format", fmt, "-o", "r.json", "--jobs", jobs, cwd=tmp_path)
    err = process.stderr.decode()
    assert process.returncode == 2, err
    assert "Traceback" not in err and "truncated.xml: not well-formed XML" in err.strip().splitlines()[-1]
    text = (tmp_path / "r.json").read_text(encoding="utf-8")
    if fmt == "json":
        report = json.loads(text)
        summary, sources = report["summary"], [d["source"] for d in report["documents"]]
    else:
        lines = [json.loads(line) for line in text.splitlines()]
        summary, sources = lines[-1]["summary"], [line["source"] for line in lines[:-1]]
    assert sources[0] == "spam.html" and summary["documents"] == len(sources)


def _truncated_web_archive(layout: str) -> bytes:
    """The fixture crawl (records 1 and 4 injected, 2 clean, 3 not HTML) cut short as a copy or a download can
    leave it: inside its last record, or (``"gzip end"``) only in the last gzip member's trailer."""
    per_record = (FIXTURES / "exports" / "crawl.warc.gz").read_bytes()
    plain = gzip.decompress(per_record)
    if layout == "gzip per record":
        return per_record[: per_record.rindex(b"\x1f\x8b") + 400]
    if layout == "gzip end":
        return per_record[:-4]
    return plain[: plain.rindex(b"WARC/1.0") + 600]


@pytest.mark.parametrize("layout, whole_records", [("gzip per record", ["1", "2"]), ("uncompressed", ["1", "2"]),
                                                   ("gzip end", ["1", "2", "4"])])
def test_a_truncated_web_archive_ends_the_scan_after_a_valid_report(tmp_path, layout, whole_records):
    """A cut record used to be read as a short clean page: no line on stderr, exit 0."""
    name = "crawl.warc" if layout == "uncompressed" else "crawl.warc.gz"
    (tmp_path / name).write_bytes(_truncated_web_archive(layout))
    process = run_cli("scan", name, "--format", "json", "-o", "r.json", cwd=tmp_path)
    err = process.stderr.decode().strip()
    assert process.returncode == 2, err
    assert len(err.splitlines()) == 1 and err.startswith(f"scanner: error: {name}") and "truncated file" in err
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    uuid = "urn:uuid:00000000-0000-4000-8000-00000000000"
    verdicts = {"1": "injected", "2": "clean", "4": "injected"}
    assert [(d["source"], d["verdict"]) for d in report["documents"]] == [
        (f"{name}#{uuid}{record}", verdicts[record]) for record in whole_records]
    assert report["summary"]["documents"] == len(whole_records)


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_bytes_after_the_last_record_of_a_web_archive_end_the_scan_after_that_record(tmp_path, name):
    """Black-box probe 33: the last whole record was lost when junk followed it (its end was never known)."""
    archive = (FIXTURES / "exports" / "crawl.warc.gz").read_bytes()
    if name == "crawl.warc":
        archive = gzip.decompress(archive)
    (tmp_path / name).write_bytes(archive + b"garbage here\n")
    process = run_cli("scan", name, "--format", "json", "-o", "r.json", cwd=tmp_path)
    err = process.stderr.decode().strip()
    assert process.returncode == 2 and len(err.splitlines()) == 1, err
    assert err.startswith(f"scanner: error: {name}: broken file: what follows byte ") and "no WARC record" in err
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    uuid = "urn:uuid:00000000-0000-4000-8000-00000000000"
    assert [(d["source"], d["verdict"]) for d in report["documents"]] == [
        (f"{name}#{uuid}1", "injected"), (f"{name}#{uuid}2", "clean"), (f"{name}#{uuid}4", "injected")]


def test_a_text_file_named_like_a_web_archive_is_refused(tmp_path):
    """warcio reads any first line as a legacy ARC header: such a file passed as an empty archive, exit 0."""
    (tmp_path / "notes.warc").write_text("hello world this is not a warc\n")
    process = run_cli("scan", "notes.warc", cwd=tmp_path)
    err = process.stderr.decode().strip()
    assert process.returncode == 2 and len(err.splitlines()) == 1, err
    assert err.startswith("scanner: error: notes.warc: not a WARC file (")


def test_a_web_archive_gzipped_as_one_stream_is_refused_in_one_line(tmp_path):
    plain = gzip.decompress((FIXTURES / "exports" / "crawl.warc.gz").read_bytes())
    (tmp_path / "crawl.warc.gz").write_bytes(gzip.compress(plain))
    process = run_cli("scan", "crawl.warc.gz", cwd=tmp_path)
    err = process.stderr.decode().strip()
    assert process.returncode == 2 and len(err.splitlines()) == 1, err
    assert err.startswith("scanner: error: crawl.warc.gz: not a WARC file (") and "warcio recompress" in err


def test_a_file_named_twice_or_linked_in_its_folder_is_cleaned_once(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.html").write_bytes(INFECTED)
    (site / "b.html").symlink_to("a.html")
    process = run_cli("clean", "site/a.html", "site", "site/b.html", "--in-place", cwd=tmp_path)
    assert process.returncode == 0, process.stderr
    assert b"1 document(s) cleaned, 0 refused, of 1" in process.stderr
    assert sorted(p.name for p in site.iterdir()) == ["a.html", "a.html.bak", "b.html"]
    assert (site / "a.html.bak").read_bytes() == INFECTED


def test_a_file_named_twice_is_one_page_when_words_are_restored(tmp_path):
    (tmp_path / "page.html").write_text("<p>Hello. best online casino</p>")
    once = run_cli("clean", "page.html", "--diff", cwd=tmp_path)
    twice = run_cli("clean", "page.html", "page.html", "--diff", cwd=tmp_path)
    assert twice.returncode == once.returncode == 0, twice.stderr
    assert twice.stdout == once.stdout and twice.stderr == once.stderr


def test_a_web_archive_cut_inside_a_record_header_ends_in_one_line(tmp_path):
    """warcio raised AttributeError on a header block cut before its end: a traceback and a report cut short."""
    plain = gzip.decompress((FIXTURES / "exports" / "crawl.warc.gz").read_bytes())
    last = plain.rindex(b"WARC/1.")
    (tmp_path / "cut.warc").write_bytes(plain[:plain.index(b"WARC-Target-URI", last) + 5])
    process = run_cli("scan", "cut.warc", "--format", "json", "-o", "r.json", cwd=tmp_path)
    err = process.stderr.decode().strip()
    assert process.returncode == 2 and len(err.splitlines()) == 1, err
    assert err.startswith("scanner: error: cut.warc: truncated or broken file")
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["summary"]["documents"] == len(report["documents"]) >= 1
