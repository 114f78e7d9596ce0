"""Every report format rendered from the report fixtures, compared with tests/golden/.

The fixtures are scanned with their own small rule pack (fixtures/reports/report-rules.toml)
and no detectors, so new built-in rules leave these files alone. After an intended
change to a report, rewrite them with ``UPDATE_GOLDEN=1 pytest tests/test_reports_golden.py``
and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scanner import __version__
from scanner.api import Scanner
from scanner.document import Document
from scanner.findings import DocumentResult, RuleInfo
from scanner.reports import RENDERERS, Summary
from scanner.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "reports"
GOLDEN = Path(__file__).resolve().parent / "golden"
EXTENSIONS = {"json": "json", "sarif": "sarif", "markdown": "md", "junit": "xml", "html": "html"}


def fixture_reports() -> tuple[list[DocumentResult], Summary, dict[str, RuleInfo]]:
    """Results, summary and rule infos of the report fixtures, named ``documents/<file>``."""
    scanner = Scanner(ruleset=load_rules([FIXTURES / "report-rules.toml"], builtin=False), detectors=())
    summary = Summary()
    results = []
    for path in sorted((FIXTURES / "documents").iterdir()):
        result = scanner.scan(Document(f"documents/{path.name}", path.read_bytes()))
        summary.add(result)
        results.append(result)
    return results, summary, scanner.rule_infos()


def render(fmt: str) -> str:
    results, summary, rules = fixture_reports()
    rendered = RENDERERS[fmt](results, summary, rules).replace(__version__, "<version>")
    return rendered.replace(Path.cwd().as_uri().rstrip("/") + "/", "file:///<working folder>/")


@pytest.mark.parametrize("fmt", sorted(EXTENSIONS))
def test_report_matches_golden_file(fmt: str) -> None:
    golden = GOLDEN / f"report.{EXTENSIONS[fmt]}"
    rendered = render(fmt)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(rendered, encoding="utf-8", newline="\n")
    assert golden.exists(), f"{golden} missing: run UPDATE_GOLDEN=1 pytest {Path(__file__).name}"
    assert rendered == golden.read_text(encoding="utf-8")


def test_every_registered_format_has_a_golden_file() -> None:
    assert set(RENDERERS) == set(EXTENSIONS)
