"""The public Python API is pinned: changing it must be a decision, not an accident."""

from __future__ import annotations

import scanner
from scanner import Document, Scanner, clean_document, scan_document, scan_many


def test_public_names():
    assert sorted(scanner.__all__) == sorted([
        "CleanResult", "Config", "ConfigError", "DecodeError", "Document", "DocumentResult", "FetchError", "Finding",
        "Restored", "RuleError", "RuleInfo", "RuleSet", "Scanner", "ScannerError", "Severity", "SourceError", "Verdict",
        "clean_document", "load_config", "load_rules", "scan_document", "scan_many",
    ])


def test_scan_many_streams_results_in_order():
    documents = [Document("a.txt", b"nothing here"), Document("b.txt", "mua viagra".encode())]
    results = list(scan_many(documents))
    assert [r.source for r in results] == ["a.txt", "b.txt"]
    assert [str(r.verdict) for r in results] == ["clean", "injected"]


def test_scan_and_clean_one_document():
    document = Document("page.html", b"<p>Hello <a href='https://x.example'>buy viagra online</a> world.</p>")
    result = scan_document(document)
    assert [f.rule_id for f in result.findings] == ["pharma.en.sales-phrase"]
    assert clean_document(document).data == b"<p>Hello world.</p>"


def test_fingerprints_survive_edits_elsewhere():
    scanner_ = Scanner()
    before = scanner_.scan(Document("a.txt", "Intro.\nmua viagra ngay".encode()))
    after = scanner_.scan(Document("a.txt", "A new first line.\n\nIntro.\nmua viagra ngay".encode()))
    assert [f.fingerprint for f in before.findings] == [f.fingerprint for f in after.findings]
    assert before.findings[0].line != after.findings[0].line
