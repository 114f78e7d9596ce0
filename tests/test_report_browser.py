"""The HTML report opened in a real browser: Debian's chromium, headless, offline.

Checks that the findings are in the rendered DOM, that the filter script ran
(it writes the "N of M documents shown" line), that nothing from the documents
ran, and keeps a screenshot in test-artifacts/report.png. Skipped only when
/usr/bin/chromium is absent (install it with ``apt-get install -y chromium``).

``python -m tests.test_report_browser`` rewrites docs/report-screenshot.png.
"""

from __future__ import annotations

import subprocess
from dataclasses import replace
import sys
from pathlib import Path

import pytest

from scanner.reports import RENDERERS
from tests.test_reports_html import hostile_page, parsed
from tests.test_reports_golden import ROOT, fixture_reports

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--hide-scrollbars", "--window-size=1280,1240")

needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium absent: apt-get install -y chromium")


def chromium(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


def screenshot(page: Path, profile: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    chromium(page, profile, f"--screenshot={target}")
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def fixture_page(folder: Path) -> Path:
    page = folder / "report.html"
    page.write_text(RENDERERS["html"](*fixture_reports()), encoding="utf-8")
    return page


@needs_chromium
def test_findings_and_filters_are_in_the_rendered_dom(tmp_path: Path) -> None:
    dom = chromium(fixture_page(tmp_path), tmp_path / "profile", "--dump-dom").stdout
    assert "3 of 4 documents shown" in dom  # written by the report's script: it ran under the CSP
    for expected in ('id="f-verdict"', 'id="f-category"', 'id="f-text"', "<mark>casino online</mark>",
                     "<mark>cược bet365_cách vào bet365_link mới nhất</mark>", "documents/promo.md"):
        assert expected in dom
    screenshot(tmp_path / "report.html", tmp_path / "profile-shot", ARTIFACTS / "report.png")


@needs_chromium
def test_attacker_text_stays_inert_in_the_browser(tmp_path: Path) -> None:
    page = tmp_path / "hostile.html"
    page.write_text(hostile_page(), encoding="utf-8")
    dom = chromium(page, tmp_path / "profile", "--dump-dom").stdout
    assert "4 of 5 documents shown" in dom
    tags = parsed(dom).tags
    assert [tag for tag, _ in tags if tag in {"img", "iframe", "script"}] == ["script"]
    assert all(attrs.get("role") == "img" for tag, attrs in tags if tag == "svg")  # only the report's own charts
    assert not [name for _, attrs in tags for name in attrs if name.startswith("on")]


def main() -> None:
    """Write docs/report-screenshot.png: the HTML report of a default scan of the bundled fixtures/."""
    import tempfile

    from scanner import Scanner
    from scanner.reports import Summary
    from scanner.sources import collect, documents

    scanner = Scanner()
    collected = collect([str(ROOT / "fixtures")])
    summary = Summary(skipped=collected.skipped)
    results = []
    for result in scanner.scan_many(documents(collected)):
        summary.add(result)
        results.append(replace(result, source=str(Path(result.source).relative_to(ROOT))))
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "report.html"
        page.write_text(RENDERERS["html"](results, summary, scanner.rule_infos()), encoding="utf-8")
        screenshot(page, Path(folder) / "profile", ROOT / "docs" / "report-screenshot.png")


if __name__ == "__main__":
    sys.exit(main())
