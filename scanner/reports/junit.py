"""JUnit XML for CI dashboards: one test suite, one test case per document.

A document with a finding at or above the run's ``--fail-on`` level (the summary's
``fail_on``, ``high`` by default) fails, as it makes the exit code 1; one whose
findings are all below it passes with them in ``system-out``; an unreadable one is
an error. The level applied is the suite's ``fail_on`` property. The shape follows
the common Jenkins ``junit-10.xsd``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Iterable

from .. import __version__
from ..findings import DocumentResult, Finding, Severity, Verdict
from .names import escaped_surrogates
from .summary import Summary

SUITE = "spam-injection"
CLASSNAME = "scanner.scan"
MATCH_LIMIT = 200
# Characters XML 1.0 cannot carry, even escaped: replaced so the report always parses.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"<U+{ord(m.group()):04X}>", escaped_surrogates(text))


def _line(finding: Finding) -> str:
    match = finding.match if len(finding.match) <= MATCH_LIMIT else finding.match[: MATCH_LIMIT - 1] + "…"
    return f"{finding.line}:{finding.column} {finding.severity} {finding.rule_id}: {finding.message}: {match!r}"


def _listing(findings: Iterable[Finding]) -> str:
    return _xml_text("\n".join(_line(f) for f in findings))


def _testcase(result: DocumentResult, fail_on: Severity) -> ET.Element:
    case = ET.Element("testcase", name=_xml_text(result.source), classname=CLASSNAME, time="0")
    if result.error:
        error = ET.SubElement(case, "error", message=_xml_text(result.error), type="unreadable")
        error.text = _xml_text(result.error)
        return case
    count = len(result.findings)
    failing = [f for f in result.findings if f.severity >= fail_on]
    if failing:
        message = (f"{result.verdict.value}: {count} finding{'s' if count != 1 else ''}, {len(failing)} at or above "
                   f"{fail_on} (--fail-on), worst {max(f.severity for f in failing)}: "
                   + "; ".join(sorted({f.rule_id for f in failing})))
        failure = ET.SubElement(case, "failure", message=_xml_text(message), type=result.verdict.value)
        failure.text = _listing(result.findings)
    elif count:
        out = ET.SubElement(case, "system-out")
        out.text = f"{result.verdict.value}: {count} finding{'s' if count != 1 else ''}\n" + _listing(result.findings)
    if result.warnings:  # checked only in part (a rule that timed out)
        ET.SubElement(case, "system-err").text = _xml_text("\n".join(f"warning: {w}" for w in result.warnings))
    return case


def _skipped_case(summary: Summary) -> ET.Element:
    """One skipped test case for what the scan passed over: the summary counts those documents, it does not
    name them (a site audit's JSON report does)."""
    case = ET.Element("testcase", name="not scanned", classname=CLASSNAME, time="0")
    ET.SubElement(case, "skipped", message=f"{summary.skipped} not scanned ({summary.skipped_what})")
    return case


def _incomplete_case(reason: str) -> ET.Element:
    """A test case in error for a scan that did not finish: a CI job must not pass on a report of half a site."""
    case = ET.Element("testcase", name="scan incomplete", classname=CLASSNAME, time="0")
    error = ET.SubElement(case, "error", message=_xml_text(reason), type="incomplete")
    error.text = _xml_text(reason)
    return case


def render(results: Iterable[DocumentResult], summary: Summary) -> str:
    cases = [_testcase(result, summary.fail_on) for result in results]
    if summary.skipped:
        cases.append(_skipped_case(summary))
    if reason := summary.incomplete():
        cases.append(_incomplete_case(reason))
    failures = sum(1 for case in cases if case.find("failure") is not None)
    errors = sum(1 for case in cases if case.find("error") is not None)
    skipped = sum(1 for case in cases if case.find("skipped") is not None)
    counts = {"tests": str(len(cases)), "failures": str(failures), "errors": str(errors), "skipped": str(skipped),
              "time": "0"}
    root = ET.Element("testsuites", name="scanner", **counts)
    suite = ET.SubElement(root, "testsuite", name=SUITE, **counts)
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(properties, "property", name="scanner.version", value=__version__)
    ET.SubElement(properties, "property", name="fail_on", value=str(summary.fail_on))
    for verdict in Verdict:
        ET.SubElement(properties, "property", name=f"documents.{verdict.value}", value=str(summary.verdicts.get(verdict.value, 0)))
    ET.SubElement(properties, "property", name="documents.skipped", value=str(summary.skipped))
    ET.SubElement(properties, "property", name="findings", value=str(summary.findings))
    suite.extend(cases)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
