"""The Python API: scan a document, scan many, clean. The CLI is a thin layer over it.

    from scanner import Scanner, Document
    scanner = Scanner()                        # built-in rule packs, default config
    result = scanner.scan(Document("page.html", data))
    cleaned = scanner.clean(Document("page.html", data))
    cleaned.data                               # bytes of the cleaned document
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

from . import cleaning, repair
from .config import Config
from .detection import Context, Detector, detect
from .detection.detectors import default_detectors
from .document import Decoded, Document, decode, guess_kind
from .extraction import extract
from .findings import DocumentResult, Finding, Restored, RuleInfo, verdict_of
from .rules import RuleSet, load_rules


@dataclass(frozen=True)
class CleanResult:
    """A cleaned document. ``data`` is the original when nothing was changed or cleaning was refused."""

    source: str
    data: bytes
    changed: bool
    findings: tuple[Finding, ...]
    edits: tuple[cleaning.Edit, ...]
    restorations: tuple[Restored, ...]
    refused: str | None = None


@dataclass
class _Analysis:
    document: Document
    decoded: Decoded
    context: Context
    findings: list[Finding]


class Scanner:
    """Scans and cleans documents with one loaded rule set (load once, reuse for many documents)."""

    def __init__(self, config: Config | None = None, ruleset: RuleSet | None = None,
                 detectors: Sequence[Detector] | None = None) -> None:
        self.config = config or Config()
        if ruleset is None:
            ruleset = load_rules(list(self.config.rule_paths), builtin=self.config.builtin_rules)
        self.ruleset = ruleset.without(set(self.config.disable))
        self.detectors = tuple(default_detectors() if detectors is None else detectors)

    def rule_infos(self) -> dict[str, RuleInfo]:
        """Every rule id the scanner can report, from packs and detectors."""
        infos = {rule.id: rule.info for rule in self.ruleset.rules}
        for detector in self.detectors:
            infos.update((info.id, info) for info in detector.rules)
        return infos

    def _analyse(self, document: Document) -> _Analysis:
        decoded = decode(document)
        kind = guess_kind(document, decoded.text)
        context = Context(decoded.text, extract(decoded.text, kind))
        findings = [f for f in detect(context, self.ruleset, self.detectors) if f.rule_id not in self.config.disable]
        return _Analysis(document, decoded, context, findings)

    def scan(self, document: Document) -> DocumentResult:
        """Findings and verdict for one document."""
        analysis = self._analyse(document)
        return DocumentResult(
            source=document.source, kind=analysis.context.extraction.kind, encoding=analysis.decoded.encoding,
            encoding_decision=analysis.decoded.how, findings=tuple(analysis.findings),
            verdict=verdict_of(analysis.findings), text=analysis.decoded.text,
            replaced_bytes=analysis.decoded.replaced, metadata=dict(document.metadata),
        )

    def scan_many(self, documents: Iterable[Document]) -> Iterator[DocumentResult]:
        """Results one by one, as documents arrive (memory stays flat)."""
        for document in documents:
            yield self.scan(document)

    def clean(self, document: Document, restore: str | None = None) -> CleanResult:
        """The document without its injections; the original bytes when there is nothing to do.

        ``restore`` (``auto``, ``mark`` or ``off``; default from the config)
        says whether words an injection replaced are put back. A document whose
        bytes needed replacement characters to decode is never rewritten:
        ``refused`` says why.
        """
        return next(self.clean_many([document], restore))

    def clean_many(self, documents: Iterable[Document], restore: str | None = None) -> Iterator[CleanResult]:
        """Clean documents together, so that pages sharing a spam string pool their evidence.

        Documents are held in memory until all are analysed: pass one site (or one
        batch of it) at a time.
        """
        analyses = [self._analyse(document) for document in documents]
        pages = [repair.Page(a.context.extraction.view("text").text, tuple(a.findings)) for a in analyses]
        site_texts = [page.text for page in pages if not page.findings]
        fillers, restored = repair.fillers_for(pages, restore or self.config.restore, self.config.marker, site_texts)
        for analysis, page_fillers, page_restored in zip(analyses, fillers, restored):
            yield self._cleaned(analysis, page_fillers, tuple(page_restored))

    @staticmethod
    def _cleaned(analysis: _Analysis, fillers: dict[str, str], restored: tuple[Restored, ...]) -> CleanResult:
        document, findings = analysis.document, tuple(analysis.findings)
        source = analysis.decoded.text
        edits = cleaning.plan(findings, source, fillers)
        if not edits:
            return CleanResult(document.source, document.data, False, findings, (), ())
        if analysis.decoded.replaced:
            return CleanResult(document.source, document.data, False, findings, (), (),
                               refused="some bytes could not be decoded; not rewritten to avoid corrupting it")
        cleaned = cleaning.apply(source, edits)
        return CleanResult(document.source, analysis.decoded.encode(cleaned), True, findings, tuple(edits), restored)


def scan_document(document: Document, scanner: Scanner | None = None) -> DocumentResult:
    """Scan one document with the default scanner (or the one given)."""
    return (scanner or Scanner()).scan(document)


def scan_many(documents: Iterable[Document], scanner: Scanner | None = None) -> Iterator[DocumentResult]:
    """Scan documents one by one with one scanner."""
    return (scanner or Scanner()).scan_many(documents)


def clean_document(document: Document, scanner: Scanner | None = None, restore: str | None = None) -> CleanResult:
    """Clean one document with the default scanner (or the one given)."""
    return (scanner or Scanner()).clean(document, restore=restore)
