"""Sources: undeclared legacy bytes, CSV exports with doubled quotes and CRLF, zip and tar archives."""

from __future__ import annotations

import io
import json
import logging
import tarfile
import zipfile
from pathlib import Path

import pytest

from scanner.document import Document, decode
from scanner.sources.exports import archives, read_documents

from .conftest import run_cli

HIDDEN_SPAM = b'<div style="display:none"><a href="https://casino.example/">online casino bonus slot gacor</a></div>'
ARTICLE = b"<html><body><p>Library hours change next week.</p>"
POST = ARTICLE + HIDDEN_SPAM + b"</body></html>"


def scanned(*args: str) -> tuple[int, list[dict]]:
    process = run_cli("scan", *args, "--format", "json")
    return process.returncode, json.loads(process.stdout)["documents"]


@pytest.mark.parametrize("legacy", [b"<p>Don\x92t miss the reading room.</p>", b"<p>Ferm\xe9</p>"],
                         ids=["windows-1252 apostrophe", "latin-1 e-acute"])
def test_a_page_with_a_few_legacy_bytes_and_no_charset_is_cleaned_byte_exactly(tmp_path: Path, legacy: bytes) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(ARTICLE + legacy + HIDDEN_SPAM + b"</body></html>")
    status, (document,) = scanned(str(page))
    assert (status, document["encoding"], document["replaced_bytes"]) == (1, "cp1252", False)
    process = run_cli("clean", str(page))
    assert process.returncode == 0, process.stderr
    assert process.stdout == ARTICLE + legacy + b"</body></html>"


def test_utf8_with_a_stray_byte_stays_utf8_while_bytes_with_no_utf8_sequence_are_windows_1252() -> None:
    stray = decode(Document("cms.html", "<p>Tiếng Việt</p>".encode() + b"<p>caf\xe9</p>"))
    assert (stray.encoding, stray.how, stray.replaced) == ("utf-8", "UTF-8 with a few invalid bytes replaced", True)
    legacy = decode(Document("old.html", b"<p>Don\x92t</p>"))
    assert (legacy.encoding, legacy.replaced, legacy.text) == ("cp1252", False, "<p>Don\u2019t</p>")


@pytest.mark.parametrize("ending, inside", [("\r\n", ""), ("\n", "\n")], ids=["CRLF", "LF, line break in the field"])
def test_a_csv_export_row_with_doubled_quotes_is_scanned_and_cleaned_keeping_its_line_endings(
        tmp_path: Path, ending: str, inside: str) -> None:
    """The dialect sniffer missed the doubled quotes (rows ending in CRLF, or a field holding a line break):
    scanning failed with the csv writer's "need to escape", and cleaning after printing the header."""
    spam = HIDDEN_SPAM.decode().replace('"', '""')
    export = tmp_path / "posts.csv"
    export.write_bytes(f'id,body{ending}1,"<p>Opening{inside}hours</p>{spam}"{ending}'.encode())
    status, documents = scanned(str(export), "--field", "body")
    assert status == 1 and [d["verdict"] for d in documents] == ["injected"]
    process = run_cli("clean", str(export), "--field", "body")
    assert process.returncode == 0, process.stderr
    cleaned = f'"<p>Opening{inside}hours</p>"' if inside else "<p>Openinghours</p>"
    assert process.stdout == f"id,body{ending}1,{cleaned}{ending}".encode()


def write_zip(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def write_tar_gz(path: Path, members: dict[str, bytes]) -> None:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


MEMBERS = {"blog/post.html": POST, "../outside.html": b"<p>An honest page.</p>", "logo.png": b"\x89PNG\r\n\x1a\n",
           "old/site.zip": b"PK\x03\x04 nested"}


@pytest.mark.parametrize("name, write", [("site.zip", write_zip), ("site.tar.gz", write_tar_gz)])
def test_an_archive_named_on_the_command_line_is_scanned_member_by_member(tmp_path: Path, name: str, write) -> None:
    work = tmp_path / "work"
    work.mkdir()
    write(work / name, MEMBERS)
    process = run_cli("scan", name, "--format", "json", cwd=work)
    documents = json.loads(process.stdout)["documents"]
    assert process.returncode == 1
    assert [(d["source"], d["verdict"], d["kind"]) for d in documents] == [
        (f"{name}#blog/post.html", "injected", "html"), (f"{name}#../outside.html", "clean", "html")]
    assert documents[0]["findings"][0]["rule_id"] == "hidden.block" and documents[0]["record"]["member"] == "blog/post.html"
    assert process.stderr.decode().splitlines() == [f"scanner: {name}#old/site.zip: skipped (an archive inside an archive is not opened)"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["work"]  # a ../ member is a name, never a file


def test_an_archive_member_over_the_size_limit_is_skipped_with_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    write_zip(tmp_path / "site.zip", {"big.html": POST, "small.html": b"<p>ok</p>"})
    monkeypatch.setattr(archives, "MAX_MEMBER", len(POST) - 1)
    with caplog.at_level(logging.WARNING, logger="scanner"):
        sources = [document.source for document in read_documents(tmp_path / "site.zip")]
    assert sources == [f"{tmp_path / 'site.zip'}#small.html"]
    assert caplog.messages == [f"scanner: {tmp_path / 'site.zip'}#big.html: skipped ({len(POST)} bytes, "
                               f"over the {len(POST) - 1}-byte limit)"]


def test_cleaning_an_archive_is_refused_in_one_line_and_a_folder_skips_its_archives(tmp_path: Path) -> None:
    write_zip(tmp_path / "site.zip", MEMBERS)
    before = (tmp_path / "site.zip").read_bytes()
    for options in ([], ["--in-place"]):
        process = run_cli("clean", str(tmp_path / "site.zip"), *options)
        assert (process.returncode, process.stdout) == (2, b"")
        assert process.stderr.decode() == (f"scanner: error: {tmp_path / 'site.zip'}: archives are scanned, not cleaned: "
                                           "extract it and clean the extracted folder\n")
    assert (tmp_path / "site.zip").read_bytes() == before and not (tmp_path / "site.zip.bak").exists()
    (tmp_path / "page.html").write_bytes(POST)
    process = run_cli("clean", str(tmp_path), "--output-dir", str(tmp_path / "out"))
    assert process.returncode == 0, process.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["page.html"]


@pytest.mark.parametrize("name, write", [("site.zip", write_zip), ("site.tar.gz", write_tar_gz)])
def test_members_an_archive_skips_are_counted_like_the_files_a_folder_skips(tmp_path: Path, name: str, write) -> None:
    """They used to be named on stderr but left out of the summary's ``skipped`` (0)."""
    write(tmp_path / name, {**MEMBERS, "big.html": b"a" * (archives.MAX_MEMBER + 1)})
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "notes.pdf").write_bytes(b"%PDF-1.4")
    process = run_cli("scan", name, "folder", "--format", "json", cwd=tmp_path)
    summary = json.loads(process.stdout)["summary"]
    assert (summary["documents"], summary["skipped"]) == (2, 4)  # logo.png, old/site.zip, big.html; notes.pdf
    assert process.stderr.decode().splitlines() == [
        f"scanner: {name}#old/site.zip: skipped (an archive inside an archive is not opened)",
        f"scanner: {name}#big.html: skipped ({archives.MAX_MEMBER + 1} bytes, over the {archives.MAX_MEMBER}-byte limit)"]
    console = run_cli("scan", name, "folder", cwd=tmp_path).stdout.decode()
    [row] = [line for line in console.splitlines() if "skipped" in line]
    assert "archive members" in row and row.split()[-2] == "4"


def test_a_hash_in_an_archive_or_member_name_is_percent_encoded_in_sarif(tmp_path: Path) -> None:
    """Only the separator between archive and member stays '#' (the URI was 'a#b.zip#x#y.html', not valid)."""
    write_zip(tmp_path / "a#b.zip", {"x#y.html": POST})
    process = run_cli("scan", "a#b.zip", "--format", "sarif", cwd=tmp_path)
    [result] = json.loads(process.stdout)["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "a%23b.zip#x%23y.html", "uriBaseId": "%SRCROOT%"}


def test_a_page_declared_utf8_with_many_stray_bytes_stays_utf8_and_is_not_rewritten():
    """Detection read it as windows-1251: "café" became "cafГ©", a look-alike-letter finding, and cleaning deleted
    the bytes of the honest word."""
    from scanner import Document, Scanner

    data = (b'<html><head><meta charset="utf-8"></head><body><p>caf\xc3\xa9 \xff\xfe\xc3 bad \x80\x81 ok \xe2\x82 '
            b"\xf0\x9f</p><p>Daftar slot gacor hari ini gampang maxwin di situs judi online terpercaya</p></body></html>")
    result = Scanner().scan(Document("page.html", data))
    assert result.encoding == "utf-8"
    assert not [f for f in result.findings if "caf" in f.match]
    assert Scanner().clean(Document("page.html", data)).data == data


def test_tar_links_and_fifos_with_a_document_name_are_skipped_with_a_note_and_counted(tmp_path: Path) -> None:
    with tarfile.open(tmp_path / "site.tar.gz", "w:gz") as archive:
        post = tarfile.TarInfo("a/post.html")
        post.size = len(POST)
        archive.addfile(post, io.BytesIO(POST))
        for name, kind, target in [("a/link.html", tarfile.SYMTYPE, "post.html"), ("a/hard.html", tarfile.LNKTYPE, "a/post.html"),
                                   ("a/fifo.html", tarfile.FIFOTYPE, ""), ("a/logo.png", tarfile.SYMTYPE, "x.png")]:
            info = tarfile.TarInfo(name)
            info.type, info.linkname = kind, target
            archive.addfile(info)
    process = run_cli("scan", "site.tar.gz", "--format", "json", cwd=tmp_path)
    report = json.loads(process.stdout)
    assert [document["source"] for document in report["documents"]] == ["site.tar.gz#a/post.html"]
    assert report["summary"]["skipped"] == 4  # the three, and a link named as no document, counted without a line
    assert process.stderr.decode().splitlines() == [
        "scanner: site.tar.gz#a/link.html: skipped (a symbolic link to post.html, not followed)",
        "scanner: site.tar.gz#a/hard.html: skipped (a hard link to a/post.html, not read: the archive is read once, "
        "front to back)",
        "scanner: site.tar.gz#a/fifo.html: skipped (a FIFO or a device, not a regular file)"]


def test_zip_symbolic_links_with_a_document_name_are_skipped_with_a_note(tmp_path: Path) -> None:
    """Blind probe 50, D15: a link stored by ``zip -y`` was read as a page whose text is its target's name."""
    with zipfile.ZipFile(tmp_path / "site.zip", "w") as archive:
        archive.writestr("post.html", POST)
        link = zipfile.ZipInfo("link.html")
        link.create_system = 3
        link.external_attr = (0o120777 << 16)  # a symbolic link, as zip -y stores it
        archive.writestr(link, "post.html")
    process = run_cli("scan", "site.zip", "--format", "json", cwd=tmp_path)
    report = json.loads(process.stdout)
    assert [document["source"] for document in report["documents"]] == ["site.zip#post.html"]
    assert report["summary"]["skipped"] == 1
    assert process.stderr.decode().splitlines() == ["scanner: site.zip#link.html: skipped (a symbolic link, not followed)"]
