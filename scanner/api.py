"""The Python API: scan a document, scan many, clean. The CLI is a thin layer over it.

    from scanner import Scanner, Document
    scanner = Scanner()                        # built-in rule packs, default config
    result = scanner.scan(Document("page.html", data))
    cleaned = scanner.clean(Document("page.html", data))
    cleaned.data                               # bytes of the cleaned document
"""

from __future__ import annotations

import fnmatch
import hashlib
from dataclasses import dataclass, replace
from functools import partial
from typing import Iterable, Iterator, Sequence

from . import __version__, cleaning, repair
from .config import Config, check_restore
from .detection import Context, Detector, detect, replacing_phrases
from .detection.engine import run_rules
from .detection.detectors import default_detectors
from .document import Decoded, Document, decode, guess_kind
from .errors import ConfigError, RuleError, ScannerError, SourceError
from .extraction import Extraction, extract
from .prefilter import detectors_may_report
from .findings import DocumentResult, Finding, Restored, RuleInfo, verdict_of
from .rules import RuleSet, load_rules
from .suppression import Baseline, inline_allowed


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
    original_text: str = ""  # the decoded original, for diffs
    encoding: str = "utf-8"
    marked_spam: bool = False  # an export record kept but marked as spam (a WXR comment: comment_approved "spam")


@dataclass
class _Analysis:
    document: Document
    decoded: Decoded
    context: Context
    findings: list[Finding]
    suppressed: int


#: Exports whose records are a field of a post (its content, title, a comment), not a whole page.
FIELD_FORMATS = ("wxr", "jsonl", "csv")
#: Cleaning passes after the first, at most, to reach a document that cleans to itself.
MAX_EXTRA_PASSES = 2


class Scanner:
    """Scans and cleans documents with one loaded rule set (load once, reuse for many documents)."""

    def __init__(self, config: Config | None = None, ruleset: RuleSet | None = None,
                 detectors: Sequence[Detector] | None = None, fast: bool = True) -> None:
        self.config = Config() if config is None else config
        if not isinstance(self.config, Config):
            raise ConfigError(f"Scanner config must be a scanner.Config (see scanner.load_config), "
                              f"not {type(self.config).__name__}")
        if ruleset is not None and not isinstance(ruleset, RuleSet):
            raise ConfigError(f"Scanner ruleset must be a scanner.RuleSet (see scanner.load_rules), not {type(ruleset).__name__}")
        self.fast = fast  # skip detection where nothing can fire (scanner.prefilter); False: the reference path
        if ruleset is None:
            ruleset = load_rules(self.config.rule_paths, builtin=self.config.builtin_rules)
        self.detectors = tuple(default_detectors() if detectors is None else detectors)
        check_rule_ids(ruleset, self.detectors)
        _check_disabled(self.config, ruleset, self.detectors)
        self.ruleset = ruleset.without(set(self.config.disable))
        self.baseline = Baseline.load(self.config.baseline) if self.config.baseline else None

    def rule_infos(self) -> dict[str, RuleInfo]:
        """Every rule id the scanner can report, from packs and detectors."""
        infos = {rule.id: rule.info for rule in self.ruleset.rules}
        for detector in self.detectors:
            infos.update((info.id, info) for info in detector.rules)
        return infos

    def settings_key(self) -> str:
        """A digest of what decides this scanner's findings (version, rules, detectors, the config's switches
        and suppressions): a scan recorded under other settings is not resumed with its old results."""
        rules = sorted((r.id, str(r.severity), r.scope, r.action, r.keywords, r.patterns, r.confidence)
                       for r in self.ruleset.rules)
        config = self.config
        parts = (__version__, rules, sorted(info.id for d in self.detectors for info in d.rules), sorted(config.disable),
                 config.allowlist, str(config.baseline), config.allow_inline, self.fast)
        return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:16]

    def _analyse(self, document: Document, known_spam: dict[str, tuple[str, ...]] | None = None) -> _Analysis:
        _checked(document)
        decoded = decode(document)
        kind = guess_kind(document, decoded.text)
        context = Context(decoded.text, extract(decoded.text, kind), known_spam=known_spam or {})
        allowlisted = partial(self._allowlisted, document.source, decoded.text) \
            if self.config.allowlist or self.config.allow_inline else None
        if self.fast and not known_spam:
            rule_findings = run_rules(context, self.ruleset)
            nothing = not rule_findings and not detectors_may_report(context, self.detectors)
            found = [] if nothing else detect(context, self.ruleset, self.detectors, rule_findings=rule_findings,
                                              allowed=allowlisted, disabled=self.config.disable)
        else:
            found = detect(context, self.ruleset, self.detectors, fast=False, allowed=allowlisted,
                           disabled=self.config.disable)
        findings = [f for f in found if not self.allowed(document.source, decoded.text, f)]
        return _Analysis(document, decoded, context, findings, len(found) - len(findings))

    def allowed(self, source: str, text: str, finding: Finding) -> bool:
        """Whether the user's allowlist, baseline or (if enabled) an inline comment allows ``finding`` in the
        document ``source`` whose text is ``text``: how ``scan`` drops findings, for findings made outside it (a site
        audit's cloaking findings)."""
        if not isinstance(source, str) or not isinstance(text, str) or not isinstance(finding, Finding):
            raise SourceError(f"Scanner.allowed takes a source and a text (str) and a scanner.Finding, not "
                              f"{type(source).__name__}, {type(text).__name__} and {type(finding).__name__}")
        return self._allowlisted(source, text, finding) or (
            self.baseline is not None and self.baseline.accepts(source, finding))

    def _allowlisted(self, source: str, text: str, finding: Finding) -> bool:
        """Allowed by an allowlist entry or an inline comment (known before the findings have fingerprints, which
        a baseline needs)."""
        return any(entry.allows(source, finding, text) for entry in self.config.allowlist) or (
            self.config.allow_inline and inline_allowed(text, finding))

    def scan(self, document: Document) -> DocumentResult:
        """Findings and verdict for one document."""
        analysis = self._analyse(document)
        return DocumentResult(
            source=document.source, kind=analysis.context.extraction.kind, encoding=analysis.decoded.codec,
            encoding_decision=analysis.decoded.how, findings=tuple(analysis.findings),
            verdict=verdict_of(analysis.findings), text=analysis.decoded.text,
            replaced_bytes=analysis.decoded.replaced, metadata=dict(document.metadata), suppressed=analysis.suppressed,
            warnings=tuple(analysis.context.warnings),
        )

    def scan_or_fail(self, document: Document) -> DocumentResult:
        """``scan``, or when the scanner itself fails on this document (out of memory, a bug), a result with that
        ``error`` and no findings: one document must not end a scan of thousands. A bad argument still raises."""
        try:
            return self.scan(document)
        except ScannerError:
            raise
        except Exception as error:  # noqa: BLE001 - reported on the document's own result
            return DocumentResult(source=document.source, kind="text", encoding="", encoding_decision="", findings=(),
                                  verdict=verdict_of([]), error=f"internal error: {type(error).__name__}: {error}")

    def scan_many(self, documents: Iterable[Document], jobs: int | None = 1) -> Iterator[DocumentResult]:
        """Results one by one, in input order, as documents arrive (memory stays flat).

        ``jobs`` above 1 scans on that many processes (``None``: every core), see ``scanner.parallel``.
        Bad arguments raise here, not at the first result; a document the scanner fails on gets a result with
        its ``error`` (see ``scan_or_fail``).
        """
        _check_iterable(documents, "scan_many")
        if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
            raise ConfigError(f"scan_many jobs must be a whole number of processes, 1 or more (or None), not {jobs!r}")
        return self._scan_many(documents, jobs)

    def _scan_many(self, documents: Iterable[Document], jobs: int | None) -> Iterator[DocumentResult]:
        if jobs == 1:
            for document in documents:
                yield self.scan_or_fail(document)
            return
        from .parallel import scan_parallel  # the pool machinery is only imported when asked for
        yield from scan_parallel(map(_checked, documents), self, jobs)

    def clean(self, document: Document, restore: str | None = None) -> CleanResult:
        """The document without its injections; the original bytes when there is nothing to do.

        ``restore`` (``auto``, ``mark`` or ``off``; default from the config)
        says whether words an injection replaced are put back. A document whose
        bytes needed replacement characters to decode is never rewritten:
        ``refused`` says why.
        """
        return next(self.clean_many([_checked(document)], restore))

    def clean_many(self, documents: Iterable[Document], restore: str | None = None) -> Iterator[CleanResult]:
        """Clean documents together, so that pages sharing a spam string pool their evidence.

        Documents are held in memory until all are analysed: pass one site (or one
        batch of it) at a time. Bad arguments raise here, not at the first result.
        """
        _check_iterable(documents, "clean_many")
        if restore is not None:
            check_restore(restore, "clean restore")
        return self._clean_many(documents, restore)

    def _clean_many(self, documents: Iterable[Document], restore: str | None) -> Iterator[CleanResult]:
        analyses = self._with_run_knowledge([self._analyse(document) for document in documents])
        pages = [_page(a.context.extraction, a.findings) for a in analyses]
        site_texts = [page.text for page in pages if not page.findings]
        fillers, restored = repair.fillers_for(pages, restore or self.config.restore, self.config.marker, site_texts)
        for analysis, page_fillers, page_restored in zip(analyses, fillers, restored):
            yield self._settled(analysis.document, self._cleaned(analysis, page_fillers, tuple(page_restored)))

    def _with_run_knowledge(self, analyses: list[_Analysis]) -> list[_Analysis]:
        """The analyses again, for documents that hold a phrase other documents of the run show replacing a word
        (``replacing_phrases``) without finding it so themselves: one copy on a page is no repeat there."""
        known = replacing_phrases(f for a in analyses for f in a.findings)
        if not known:
            return analyses
        return [self._analyse(a.document, known) if _misses(a, known) else a for a in analyses]

    def fillers(self, results: Sequence[DocumentResult], restore: str | None = None) -> dict[str, dict[str, str]]:
        """What cleaning would put where the scanned documents' findings are: per source, finding fingerprint
        to the restored word (or the marker), pooled over ``results`` as ``clean_many`` pools its documents.

        For a report that previews the cleaning of a scan. Only results that kept their text count; unlike
        ``clean_many``, the clean pages of the run (whose text a scan does not keep) add no site statistics.
        """
        _check_iterable(results, "fillers", DocumentResult)
        if restore is not None:
            check_restore(restore, "fillers restore")
        results = list(results)
        _check_items(results, "fillers", DocumentResult)  # a generator's items are checked once listed
        with_text = [r for r in results if r.text and r.findings]
        pages = [_page(extract(r.text, r.kind), r.findings) for r in with_text]
        fillers, _ = repair.fillers_for(pages, restore or self.config.restore, self.config.marker)
        return {r.source: f for r, f in zip(with_text, fillers) if f}

    def _settled(self, document: Document, result: CleanResult) -> CleanResult:
        """Clean again what a first pass uncovered, so that cleaning is idempotent.

        Removing one injection can join two pieces into another ("slot gacor" split by
        an invisible character). The edits reported stay those of the first pass.
        """
        for _ in range(MAX_EXTRA_PASSES):
            if not result.changed:
                return result
            again = self._cleaned(self._analyse(replace(document, data=result.data)), {}, ())
            if not again.changed:
                return result
            result = replace(result, data=again.data, findings=result.findings + again.findings)
        return result

    @staticmethod
    def _cleaned(analysis: _Analysis, fillers: dict[str, str], restored: tuple[Restored, ...]) -> CleanResult:
        document, findings = analysis.document, tuple(analysis.findings)
        source = analysis.decoded.text
        kind = analysis.context.extraction.kind
        edits = cleaning.plan(findings, source, fillers, paragraphs=kind != "html",
                              field=document.metadata.get("format") in FIELD_FORMATS, markdown=kind == "markdown")
        unchanged = CleanResult(document.source, document.data, False, findings, (), (), None, source, analysis.decoded.encoding)
        if not edits:
            return unchanged
        if analysis.decoded.replaced:
            return replace(unchanged, refused="some bytes could not be decoded; not rewritten to avoid corrupting it")
        edits = cleaning.writable(edits, analysis.decoded.encoding, markup=kind != "text")
        cleaned = cleaning.apply(source, edits)
        return replace(unchanged, data=analysis.decoded.encode(cleaned), changed=True, edits=tuple(edits), restorations=restored)


def _misses(analysis: _Analysis, known: dict[str, tuple[str, ...]]) -> bool:
    """Whether a document holds a known replacing phrase that its own findings do not show as one."""
    own = replacing_phrases(analysis.findings)
    context = analysis.context
    return any(phrase not in own and phrase in context.folded(scope).text
               for scope in ("text", "title", "meta", "attributes") if context.extraction.view(scope).text
               for phrase in known)


def _page(extraction: Extraction, findings: Sequence[Finding]) -> repair.Page:
    """A document as restoration sees it: its visible text, its findings and the text of the scopes the restored
    word goes back to."""
    return repair.Page(extraction.view("text").text, tuple(findings),
                       {scope: extraction.view(scope).text for scope in repair.ECHO_SCOPES},
                       markup=extraction.kind == "html")


def _checked(document: object) -> Document:
    """The document, or a SourceError for anything else passed where a Document belongs."""
    if not isinstance(document, Document):
        raise SourceError(f"expected a scanner.Document, not {type(document).__name__} {document!r:.60}"
                          f" (wrap the bytes or text: Document(name, data))")
    return document


def _check_iterable(documents: object, method: str, item: type = Document) -> None:
    """An iterable of ``item``: a list or tuple is checked item by item now, so that a bad argument raises at
    the call, not at the first result; a generator's items are checked as they come."""
    if isinstance(documents, (str, bytes, Document, DocumentResult)) or not isinstance(documents, Iterable):
        raise SourceError(f"{method} expects an iterable of scanner.{item.__name__}, not {type(documents).__name__}")
    if isinstance(documents, (list, tuple)):
        _check_items(documents, method, item)


def _check_items(items: Sequence[object], method: str, item: type) -> None:
    wrong = [d for d in items if not isinstance(d, item)]  # None among them too
    if wrong:
        raise SourceError(f"{method} expects an iterable of scanner.{item.__name__}, and one item is "
                          f"{type(wrong[0]).__name__} {wrong[0]!r:.60}")


def _scanner(scanner: object) -> "Scanner":
    """The scanner passed to a module-level helper, or a default one."""
    if scanner is None:
        return Scanner()
    if not isinstance(scanner, Scanner):
        raise ConfigError(f"scanner must be a scanner.Scanner or None, not {type(scanner).__name__} {scanner!r:.60}")
    return scanner


def check_rule_ids(ruleset: RuleSet, detectors: Sequence[Detector]) -> None:
    """A pack's rule that takes the id of a detector's findings ("hidden.block") is refused, as one that takes
    another pack's id is: reports, baselines, allowlists and ``--disable`` could not tell the two apart."""
    reported = {info.id for detector in detectors for info in detector.rules}
    for rule in ruleset.rules:
        if rule.id in reported:
            raise RuleError(rule.path, rule.id, "id", "the id of a detector's findings (see 'scanner rules list'); "
                                                      "choose another")


def _check_disabled(config: Config, ruleset: RuleSet, detectors: Sequence[Detector]) -> None:
    """An id in ``disable`` that names no rule or pack (a typo that would leave the rule on) is refused, and so is
    an allowlist entry whose rule glob names no rule."""
    unknown = unknown_ids(config.disable, ruleset, detectors)
    if unknown:
        where = f"{config.path}: disable" if config.path else "Config disable"
        raise ConfigError(f"{where}: no rule or pack {unknown[0]!r} (see 'scanner rules list')")
    globs = [entry.rule for entry in config.allowlist if entry.rule]
    if globs:  # a rule glob that names nothing (a typo) would allow nothing, silently
        known = {rule.id for rule in ruleset.rules} | {info.id for detector in detectors for info in detector.rules}
        unmatched = [glob for glob in globs if not any(fnmatch.fnmatchcase(rule_id, glob) for rule_id in known)]
        if unmatched:
            from .sources.web import CLOAKING_RULES  # only on this path: the web package is slow to import
            unmatched = [glob for glob in unmatched
                         if not any(fnmatch.fnmatchcase(info.id, glob) for info in CLOAKING_RULES)]
        if unmatched:
            where = f"{config.path}: allow" if config.path else "Config allowlist"
            raise ConfigError(f"{where}: rule {unmatched[0]!r} names no rule (see 'scanner rules list')")


def unknown_ids(ids: Iterable[str], ruleset: RuleSet, detectors: Sequence[Detector]) -> list[str]:
    """The ids, sorted, that name no rule or pack of ``ruleset`` and no rule of ``detectors``. Site-audit cloaking
    rules count as known: a config may switch them off for audits."""
    known = ({rule.id for rule in ruleset.rules} | set(ruleset.packs)
             | {info.id for detector in detectors for info in detector.rules})
    unknown = set(ids) - known
    if unknown:
        from .sources.web import CLOAKING_RULES  # only on this path: the web package is slow to import
        unknown -= {info.id for info in CLOAKING_RULES}
    return sorted(unknown)


def scan_document(document: Document, scanner: Scanner | None = None) -> DocumentResult:
    """Scan one document with the default scanner (or the one given)."""
    return _scanner(scanner).scan(document)


def scan_many(documents: Iterable[Document], scanner: Scanner | None = None) -> Iterator[DocumentResult]:
    """Scan documents one by one with one scanner."""
    return _scanner(scanner).scan_many(documents)


def clean_document(document: Document, scanner: Scanner | None = None, restore: str | None = None) -> CleanResult:
    """Clean one document with the default scanner (or the one given)."""
    return _scanner(scanner).clean(document, restore=restore)
