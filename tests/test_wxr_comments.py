"""WXR comments: a spam comment is kept in the cleaned export, marked as spam so that an import does not publish it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from scanner import CleanResult, Scanner
from scanner.cli import main
from scanner.sources.exports import clean_export

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
\t<item>
\t\t<title>Regulator to rule on water tariffs</title>
\t\t<content:encoded><![CDATA[<p>The regulator will publish its decision on water tariffs next month.</p>]]></content:encoded>
\t\t<wp:post_id>7</wp:post_id>
\t\t<wp:status><![CDATA[publish]]></wp:status>
\t\t<wp:post_type><![CDATA[post]]></wp:post_type>
"""
TAIL = "\t</item>\n</channel>\n</rss>\n"
HONEST = "Interesting piece. Does anyone know when the regulator will publish its decision?"
SPAM = ('Mantap min, jangan lupa mampir ke <a href="https://slotmax-gacor.vip/">situs slot gacor terpercaya</a> '
        'gampang maxwin, deposit dana 10rb!')


def comment(number: int, content: str, approved: str, status_first: bool = False) -> str:
    """A ``<wp:comment>`` as WordPress writes it (``status_first``: its status before its content, as some tools do)."""
    status = f"\t\t\t<wp:comment_approved>{approved}</wp:comment_approved>\n"
    text = f"\t\t\t<wp:comment_content><![CDATA[{content}]]></wp:comment_content>\n"
    return (f"\t\t<wp:comment>\n\t\t\t<wp:comment_id>{number}</wp:comment_id>\n"
            "\t\t\t<wp:comment_author><![CDATA[slot gacor]]></wp:comment_author>\n"
            "\t\t\t<wp:comment_author_url>https://slotmax-gacor.vip/</wp:comment_author_url>\n"
            + (status + text if status_first else text + status) +
            "\t\t\t<wp:comment_type><![CDATA[comment]]></wp:comment_type>\n\t\t</wp:comment>\n")


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


def cleaned(path: Path, scanner: Scanner) -> tuple[list[CleanResult], str]:
    out = io.BytesIO()
    results = list(clean_export(path, out, scanner))
    return results, out.getvalue().decode("utf-8")


def export(tmp_path: Path, *comments: str) -> Path:
    path = tmp_path / "comments.xml"
    path.write_text(HEAD + "".join(comments) + TAIL, encoding="utf-8")
    return path


def test_clean_keeps_a_spam_comment_marked_as_spam_and_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = export(tmp_path, comment(12, HONEST, "<![CDATA[1]]>"), comment(14, SPAM, "<![CDATA[1]]>"))
    assert main(["clean", str(path), "--output-dir", str(tmp_path / "out")]) == 0
    written = (tmp_path / "out" / path.name).read_text(encoding="utf-8")
    cleaned_content = written.split("<wp:comment_id>14</wp:comment_id>")[1].split("<wp:comment_content>")[1]
    assert "slot" not in cleaned_content.split("</wp:comment_content>")[0]
    expected = (HEAD + comment(12, HONEST, "<![CDATA[1]]>") + comment(14, SPAM, "<![CDATA[spam]]>") + TAIL)
    assert written == expected.replace(f"<![CDATA[{SPAM}]]>", cleaned_content.split("</wp:comment_content>")[0])
    err = " ".join(capsys.readouterr().err.split())
    assert f"{path}#comment-14: comment marked as spam (wp:comment_approved), kept in the export unpublished" in err
    assert "1 document(s) cleaned, 0 refused, of 4 (export records counted one by one); 1 comment(s) marked as spam" in err


def test_a_spam_comment_whose_status_comes_first_is_marked_too(tmp_path: Path, scanner: Scanner) -> None:
    path = export(tmp_path, comment(14, SPAM, "0", status_first=True))
    results, written = cleaned(path, scanner)
    assert [(result.source.split("#")[1], result.changed, result.marked_spam) for result in results] == [
        ("post-7:title", False, False), ("post-7", False, False), ("comment-14", True, True)]
    assert "<wp:comment_approved>spam</wp:comment_approved>\n\t\t\t<wp:comment_content>" in written
    assert written.startswith(HEAD) and written.endswith("</wp:comment>\n" + TAIL)


@pytest.mark.parametrize("status", ["spam", "<![CDATA[trash]]>"])
def test_a_comment_marked_spam_or_trashed_already_keeps_its_status(
        tmp_path: Path, scanner: Scanner, status: str) -> None:
    path = export(tmp_path, comment(14, SPAM, status))
    [*_post, result], written = cleaned(path, scanner)
    assert result.changed and not result.marked_spam  # its content is cleaned all the same
    assert f"<wp:comment_approved>{status}</wp:comment_approved>" in written


def test_an_honest_comment_keeps_its_status(tmp_path: Path, scanner: Scanner) -> None:
    path = export(tmp_path, comment(12, HONEST, "1"))
    results, written = cleaned(path, scanner)
    assert not any(result.changed for result in results) and written == path.read_text(encoding="utf-8")



@pytest.mark.parametrize("status", ["", "\t\t\t<wp:comment_approved/>\n", "\t\t\t<wp:comment_approved></wp:comment_approved>\n"])
def test_a_spam_comment_without_a_status_gets_one_marking_it_spam(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], status: str) -> None:
    spam = comment(14, SPAM, "0").replace("\t\t\t<wp:comment_approved>0</wp:comment_approved>\n", status)
    path = export(tmp_path, spam)
    assert main(["clean", str(path), "--output-dir", str(tmp_path / "out")]) == 0
    written = (tmp_path / "out" / path.name).read_text(encoding="utf-8")
    marked = "<wp:comment_approved>spam</wp:comment_approved>"
    emptied = spam.replace(f"<![CDATA[{SPAM}]]>", "<![CDATA[]]>")
    expected = emptied.replace(status, f"\t\t\t{marked}\n") if status else emptied.replace(
        "</wp:comment_content>", "</wp:comment_content>" + marked)
    assert written == HEAD + expected + TAIL
    err = " ".join(capsys.readouterr().err.split())
    assert f"{path}#comment-14: comment marked as spam (wp:comment_approved)" in err and "1 comment(s) marked as spam" in err


def test_clean_export_takes_a_str_path_as_a_path(tmp_path: Path, scanner: Scanner) -> None:
    path = export(tmp_path, comment(14, SPAM, "1"))
    out = io.BytesIO()
    from_str = [(result.source, result.changed) for result in clean_export(str(path), out, scanner)]
    assert from_str == [(result.source, result.changed) for result in cleaned(path, scanner)[0]]
    assert out.getvalue().decode("utf-8") == cleaned(path, scanner)[1]


def test_a_diff_of_an_export_shows_that_a_comment_would_be_marked_spam(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Black-box probe 33: --diff showed the comment's content emptied but not the status change, the most
    consequential edit, and stderr said it was done although --diff writes nothing."""
    path = export(tmp_path, comment(14, SPAM, "<![CDATA[1]]>"))
    before = path.read_bytes()
    assert main(["clean", str(path), "--diff"]) == 0
    captured = capsys.readouterr()
    assert f"# {path}#comment-14: <wp:comment_approved> would be set to spam\n--- a/{path}#comment-14" in captured.out
    assert f"{path}#comment-14: comment would be marked as spam" in " ".join(captured.err.split())
    assert path.read_bytes() == before
