"""Cleaning export fields: a block removed at the end of a field takes the line breaks that led to it."""

from __future__ import annotations

import json
from pathlib import Path

from scanner.cli import main

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
\t<item>
\t\t<title>Sand mining trucks told to park at the mines</title>
\t\t<wp:post_id>102</wp:post_id>
\t\t<wp:post_type><![CDATA[post]]></wp:post_type>
"""
TAIL = "\t</item>\n</channel>\n</rss>\n"
ARTICLE = ("<p>The governor asked every mine owner to keep their trucks off the public roads.</p>\n\n"
           "<p>Watch also: sand mining on Citlim island stopped.</p>")
HIDDEN_BLOCK = ('\n\n<div style="display:none;"><a href="https://slot88-gacor.vip/">slot gacor hari ini</a> | '
                '<a href="https://link-alternatif-sbobet.com/">agen sbobet terpercaya</a> | '
                '<a href="https://togel-hk-pools.net/">bandar togel online</a></div>')


def wxr(content: str) -> str:
    return f"{HEAD}\t\t<content:encoded><![CDATA[{content}]]></content:encoded>\n{TAIL}"


def cleaned_copy(path: Path, *options: str) -> bytes:
    out = path.parent / "out"
    assert main(["clean", str(path), "--output-dir", str(out), *options]) == 0
    return (out / path.name).read_bytes()


def test_a_block_removed_at_the_end_of_a_wxr_post_takes_its_line_breaks(tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_text(wxr(ARTICLE + HIDDEN_BLOCK), encoding="utf-8")
    assert cleaned_copy(path).decode("utf-8") == wxr(ARTICLE)


def test_a_block_removed_at_the_end_of_a_json_lines_field_takes_its_line_breaks(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    line = '{"id": 102, "content": %s}\n'
    path.write_text(line % json.dumps(ARTICLE + HIDDEN_BLOCK), encoding="utf-8")
    assert cleaned_copy(path).decode("utf-8") == line % json.dumps(ARTICLE)
