"""Exports as sources: every record found and named, cleaned exports equal to the originals outside edited fields."""

from __future__ import annotations

import gzip
import io
import json
import shutil
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from scanner import Scanner
from scanner.sources.exports import clean_export, read_documents
from scanner.sources.exports.base import Record, clean_pieces

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
EXPORTS = FIXTURES / "exports"


def body(name: str) -> str:
    page = (FIXTURES / name).read_text(encoding="utf-8")
    return page.split("<body>\n", 1)[1].rsplit("\n</body>", 1)[0]


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


def scan(scanner: Scanner, path: Path, field: str = "content") -> dict[str, tuple[str, list[tuple[str, int, int]]]]:
    results = {}
    for document in read_documents(path, field):
        result = scanner.scan(document)
        results[document.source.split("#", 1)[1]] = (str(result.verdict),
                                                     [(f.rule_id, f.line, f.column) for f in result.findings])
    return results


def cleaned(scanner: Scanner, path: Path) -> tuple[bytes, list[str]]:
    out = io.BytesIO()
    changed = [r.source.split("#", 1)[1] for r in clean_export(path, out, scanner) if r.changed]
    return out.getvalue(), changed


def test_wxr_posts_pages_and_comments(scanner: Scanner) -> None:
    assert scan(scanner, EXPORTS / "export.xml") == {
        "post-12": ("injected", [("gambling.en.seo-phrase", 3, 253)]),
        # two different spam phrases in one sentence: the sentence is the advertisement
        "comment-5": ("injected", [("injection.spam-text", 1, 20)]),
        "comment-6": ("clean", []),
        "post-13": ("clean", []),
        "page-20": ("injected", [("pharma.en.viagra-sales", 3, 207)]),
        # each post's title is a record of its own (plain text)
        "post-12:title": ("clean", []),
        "post-13:title": ("clean", []),
        "page-20:title": ("clean", []),
        "nav_menu_item-21:title": ("clean", []),
    }
    documents = {d.source: d for d in read_documents(EXPORTS / "export.xml")}
    comment = documents[f"{EXPORTS / 'export.xml'}#comment-5"]
    assert comment.metadata == {"format": "wxr", "comment_id": "5", "author": "slot88",
                                "author_url": "https://promo.example/", "post_id": "12",
                                "link": "https://news.example/europe-asks-asia/"}
    assert documents[f"{EXPORTS / 'export.xml'}#page-20"].metadata["title"] == "Palestinian economy in decline"


def test_wxr_cleaned_inside_content_only(scanner: Scanner) -> None:
    original = (EXPORTS / "export.xml").read_text(encoding="utf-8")
    data, changed = cleaned(scanner, EXPORTS / "export.xml")
    assert changed == ["post-12", "comment-5", "page-20"]
    expected = original.replace(body("en/gambling.html"), body("en/en-0004.clean.html"))
    expected = expected.replace('Mantap artikelnya! <a href="https://promo.example/gambling">slot gacor</a> hari ini gampang maxwin',
                                "Mantap artikelnya!")
    spam_comment_status = "Mantap artikelnya!]]></wp:comment_content>\n\t\t\t<wp:comment_approved><![CDATA["
    expected = expected.replace(spam_comment_status + "1]]>", spam_comment_status + "spam]]>")  # kept, unpublished
    escape = lambda text: text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")  # noqa: E731
    expected = expected.replace(escape(body("en/pharma.html")), escape(body("en/en-0030.clean.html")))
    assert data.decode("utf-8") == expected


def test_wxr_cdata_keeps_crlf_and_split_sections(scanner: Scanner, tmp_path: Path) -> None:
    spam = '<p>Read on.\r\n<a href="https://promo.example/">best online casino</a> Then ]]]]><![CDATA[> end.</p>'
    path = tmp_path / "site.xml"
    path.write_bytes(("<?xml version=\"1.0\"?>\n<rss xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
                      "xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel><item><wp:post_id>7</wp:post_id>"
                      f"<content:encoded><![CDATA[{spam}]]></content:encoded></item></channel></rss>\r\n").encode())
    [document] = read_documents(path)
    assert document.source.endswith("#item-7") and "]]> end" in document.data.decode()
    data, changed = cleaned(scanner, path)
    assert changed == ["item-7"]
    assert data.endswith(b"</channel></rss>\r\n")
    assert data == path.read_bytes().replace(b'<a href="https://promo.example/">best online casino</a> ', b"")


def test_jsonl_records_and_only_changed_lines_rewritten(scanner: Scanner) -> None:
    assert scan(scanner, EXPORTS / "export.jsonl") == {
        "line-1": ("injected", [("gambling.en.seo-phrase", 3, 253)]),
        "line-2": ("clean", []),
        "line-3": ("injected", [("adult.vi.site-phrase", 3, 88)]),
    }
    original = (EXPORTS / "export.jsonl").read_bytes().splitlines(keepends=True)
    data, changed = cleaned(scanner, EXPORTS / "export.jsonl")
    lines = data.splitlines(keepends=True)
    assert changed == ["line-1", "line-3"] and len(lines) == len(original)
    assert lines[1:] == [lines[1], lines[2], *original[3:]] and lines[1] == original[1]
    first, third = json.loads(lines[0]), json.loads(lines[2])
    assert first["content"] == body("en/en-0004.clean.html") and first["id"] == 101
    assert third["content"] == body("vi/vi-0027.clean.html")
    assert lines[0].isascii() and b'"id": 101' in lines[0]  # ensure_ascii and separators kept
    assert "Nhóm máu".encode() in lines[2] and lines[2].startswith(b'{"id":103,')


def test_jsonl_dotted_field(scanner: Scanner, tmp_path: Path) -> None:
    path = tmp_path / "wp-api.jsonl"
    path.write_text(json.dumps({"id": 9, "content": {"rendered": body("id/gambling.html")}}) + "\n")
    assert scan(scanner, path, "content.rendered") == {"line-1": ("injected", [("gambling.id.seo-phrase", 4, 118)])}
    assert scan(scanner, path, "content") == {}


def test_csv_rows_and_dialect_kept(scanner: Scanner) -> None:
    assert scan(scanner, EXPORTS / "export.csv") == {
        "row-1": ("injected", [("gambling.en.seo-phrase", 3, 253)]),
        "row-2": ("clean", []),
        "row-3": ("injected", [("gambling.id.seo-phrase", 4, 118)]),
    }
    original = (EXPORTS / "export.csv").read_bytes().decode("utf-8")  # rows end in CRLF
    data, changed = cleaned(scanner, EXPORTS / "export.csv")
    assert changed == ["row-1", "row-3"]
    quoted = lambda text: text.replace('"', '""')  # noqa: E731
    expected = original.replace(quoted(body("en/gambling.html")), quoted(body("en/en-0004.clean.html")))
    expected = expected.replace(quoted(body("id/gambling.html")), quoted(body("id/id-0004.clean.html")))
    assert data.decode("utf-8") == expected


def test_csv_without_the_field_names_the_columns(scanner: Scanner) -> None:
    from scanner.errors import SourceError
    with pytest.raises(SourceError, match=r"no column 'body' \(columns: id, title, url, content\)"):
        list(read_documents(EXPORTS / "export.csv", "body"))


def warc_records(data: bytes) -> list[tuple[str, str, bytes, bool]]:
    iterator = ArchiveIterator(io.BytesIO(data), check_digests=True)
    return [(r.rec_type, r.rec_headers.get_header("WARC-Record-ID"), r.content_stream().read(), r.digest_checker.passed)
            for r in iterator]


@pytest.mark.parametrize("compressed", [True, False])
def test_warc_html_responses_cleaned_others_copied(scanner: Scanner, tmp_path: Path, compressed: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if compressed else "crawl.warc")
    source = (EXPORTS / "crawl.warc.gz").read_bytes()
    path.write_bytes(source if compressed else gzip.decompress(source))
    uuid = "urn:uuid:00000000-0000-4000-8000-00000000000"
    assert scan(scanner, path) == {
        f"{uuid}1": ("injected", [("gambling.en.seo-phrase", 10, 253)]),
        f"{uuid}2": ("clean", []),
        f"{uuid}4": ("injected", [("adult.vi.site-phrase", 10, 88)]),
    }
    data, changed = cleaned(scanner, path)
    assert changed == [f"{uuid}1", f"{uuid}4"]
    before, after = warc_records(path.read_bytes()), warc_records(data)
    assert [r[:2] for r in after] == [r[:2] for r in before] and all(r[3] is not False for r in after)
    assert after[1][2] == (FIXTURES / "en/en-0004.clean.html").read_bytes()
    assert after[4][2] == (FIXTURES / "vi/vi-0027.clean.html").read_bytes()
    assert after[2] == before[2] and after[3] == before[3] and after[0] == before[0]
    if compressed:  # unchanged records are the same gzip members, byte for byte
        assert data.startswith(source[:source.index(b"\x1f\x8b", 10)])


def test_clean_pieces_bounds_pending_bytes(scanner: Scanner) -> None:
    from scanner.document import Document
    records = [Record(Document(f"x#{n}", b"<p>best online casino</p>", kind="html"), b"[r]", lambda c: b"[c]")
               for n in range(5)]
    out = io.BytesIO()
    results = clean_pieces([b"a" * 10, records[0], b"b" * 10, records[1], records[2]], out, scanner, batch=2)
    first = next(results)
    assert first.changed and out.getvalue() == b"a" * 10 + b"[c]"
    list(results)
    assert out.getvalue() == b"a" * 10 + b"[c]" + b"b" * 10 + b"[c][c]"


def test_cli_scan_names_records_and_cleans_exports(tmp_path: Path) -> None:
    from scanner.cli import main
    report = tmp_path / "report.json"
    assert main(["scan", str(EXPORTS), "--format", "json", "-o", str(report)]) == 1
    documents = json.loads(report.read_text())["documents"]
    post = next(d for d in documents if d["source"].endswith("export.xml#post-12"))
    assert post["record"]["post_id"] == "12" and post["findings"][0]["line"] == 3
    assert len([d for d in documents if "#" in d["source"]]) == 18  # and the README beside them
    work = tmp_path / "work"
    shutil.copytree(EXPORTS, work)
    assert main(["clean", str(work), "--output-dir", str(tmp_path / "out")]) == 0
    for name in ("export.xml", "export.jsonl", "export.csv", "crawl.warc.gz"):
        assert (tmp_path / "out" / name).read_bytes() == cleaned(Scanner(), work / name)[0]
    assert main(["clean", str(work / "export.jsonl"), "--in-place"]) == 0
    assert (work / "export.jsonl.bak").read_bytes() == (EXPORTS / "export.jsonl").read_bytes()
    assert b"best online casino" not in (work / "export.jsonl").read_bytes()
    assert main(["clean", str(work / "export.csv"), "--field", "title", "--in-place"]) == 0
    assert not (work / "export.csv.bak").exists()


def test_cli_clean_diff_on_an_export_prints_record_diffs_and_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from scanner.cli import main
    export = tmp_path / "export.jsonl"
    shutil.copy(EXPORTS / "export.jsonl", export)
    assert main(["clean", str(export), "--diff"]) == 0
    out = capsys.readouterr().out
    assert f"--- a/{export}#line-1" in out and f"+++ b/{export}#line-3" in out
    assert "-<p>The European single currency" in out and "+<p>The European single currency" in out
    assert '{"' not in out  # the cleaned export itself is not printed
    assert export.read_bytes() == (EXPORTS / "export.jsonl").read_bytes()


def test_cli_clean_counts_export_records_one_by_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from scanner.cli import main
    assert main(["clean", str(EXPORTS / "export.jsonl"), "--output-dir", str(tmp_path / "out")]) == 0
    # three records with content, two of them infected; the file's other lines are not records
    assert "2 document(s) cleaned, 0 refused, of 3 (export records counted one by one)" in capsys.readouterr().err
