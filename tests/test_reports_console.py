"""The console report's summary table."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

from rich.console import Console

from scanner.reports import RENDERERS, Summary, console
from scanner.reports.summary import SKIPPED_PAGES


def summary_table(summary: Summary) -> str:
    recorder = Console(record=True, width=200, force_terminal=False, file=io.StringIO())
    console.print_summary(recorder, summary)
    return recorder.export_text()


def test_the_summary_says_what_its_skipped_documents_are() -> None:
    """Blind probe 38, D20: pages a site audit skipped (robots.txt, a limit, their type) were counted as
    'skipped (files of other types, archive members, export records)'."""
    assert "skipped (files of other types, archive members, export records)" in summary_table(Summary(skipped=2))
    pages = Summary(skipped=3, skipped_what=SKIPPED_PAGES)
    table = summary_table(pages)
    assert "skipped (pages: for a limit, robots.txt or their type)" in table and "files of other types" not in table
    [case] = ET.fromstring(RENDERERS["junit"]([], pages, {})).iter("testcase")
    assert case.find("skipped").get("message") == "3 not scanned (pages: for a limit, robots.txt or their type)"
