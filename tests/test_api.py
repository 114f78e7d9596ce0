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
    assert [f.rule_id for f in result.findings] == ["pharma.en.viagra-sales"]
    assert clean_document(document).data == b"<p>Hello world.</p>"


def test_fingerprints_survive_edits_elsewhere():
    scanner_ = Scanner()
    before = scanner_.scan(Document("a.txt", "Intro.\nmua viagra ngay".encode()))
    after = scanner_.scan(Document("a.txt", "A new first line.\n\nIntro.\nmua viagra ngay".encode()))
    assert [f.fingerprint for f in before.findings] == [f.fingerprint for f in after.findings]
    assert before.findings[0].line != after.findings[0].line


class _Exhausting:
    """A detector that runs out of memory on pages that mention "overflow", as a detector did on a 5 MB paragraph."""

    rules = ()

    def detect(self, context, findings):
        if "overflow" in context.extraction.view("text").text:
            raise MemoryError
        return iter(())


def test_a_document_the_scanner_fails_on_gets_an_error_and_the_rest_are_scanned():
    scanner = Scanner(detectors=[_Exhausting()], fast=False)
    documents = [Document("a.txt", b"Buy viagra online no prescription"), Document("b.txt", b"stack overflow here"),
                 Document("c.txt", b"Buy viagra online no prescription")]
    for jobs in (1, 2):
        results = list(scanner.scan_many(documents, jobs=jobs))
        assert [r.source for r in results] == ["a.txt", "b.txt", "c.txt"]
        assert results[1].error == "internal error: MemoryError: " and not results[1].findings
        assert results[0].verdict == results[2].verdict == "injected"
