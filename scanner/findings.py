"""The one record every stage after detection reads: ``Finding``, and the verdict."""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass, field, replace
from typing import Literal

Action = Literal["remove", "remove-element", "unwrap-link", "report"]
ACTIONS: tuple[str, ...] = ("remove", "remove-element", "unwrap-link", "report")


class Severity(enum.IntEnum):
    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> "Severity":
        """``Severity.parse("high")``; raises ValueError naming the allowed values."""
        try:
            return cls[value.upper()]
        except KeyError:
            allowed = ", ".join(str(s) for s in cls)
            raise ValueError(f"unknown severity {value!r} (use one of: {allowed})") from None


class Verdict(str, enum.Enum):
    CLEAN = "clean"
    SUSPICIOUS = "suspicious"
    INJECTED = "injected"

    def __str__(self) -> str:
        return self.value


#: A finding at or above this severity makes a document "injected"; the default ``--fail-on``.
INJECTED_AT = Severity.HIGH


@dataclass(frozen=True)
class RuleInfo:
    """What reports need to know about a rule, whether it comes from a pack or a detector."""

    id: str
    description: str
    category: str
    severity: Severity
    action: Action
    pack: str = "detectors"


@dataclass(frozen=True)
class Finding:
    """One injection (or one signal of one), located in the raw source.

    ``start``/``end`` are character offsets into the decoded source; ``line`` and
    ``column`` are 1-based (columns count Unicode code points). ``ranges`` are
    the source ranges the ``action`` applies to (the matched text, the hidden
    element, or a link's two tags). ``text_start``/``text_end`` locate the match in
    the extracted text of its ``scope``.
    """

    rule_id: str
    category: str
    severity: Severity
    confidence: float
    message: str
    match: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    action: Action
    scope: str
    ranges: tuple[tuple[int, int], ...]
    text_start: int = 0
    text_end: int = 0
    signals: tuple[str, ...] = ()
    fingerprint: str = ""

    def with_fingerprint(self, occurrence: int) -> "Finding":
        """This finding with a fingerprint that ignores where in the file it sits."""
        key = f"{self.rule_id}\x00{' '.join(self.match.split()).casefold()}\x00{occurrence}"
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
        return replace(self, fingerprint=digest)


def verdict_of(findings: list[Finding] | tuple[Finding, ...]) -> Verdict:
    """Injected: any finding at ``INJECTED_AT`` or above; suspicious: any other above info."""
    worst = max((f.severity for f in findings), default=Severity.INFO)
    if worst >= INJECTED_AT:
        return Verdict.INJECTED
    if worst > Severity.INFO:
        return Verdict.SUSPICIOUS
    return Verdict.CLEAN


@dataclass(frozen=True)
class Restored:
    """What was decided for the gaps one spam string left: a word put back where it had replaced one, a
    marker or nothing when unsure, or nothing because the spam was inserted between words."""

    spam: str
    word: str | None  # None: not confident, the spam was removed (and a marker left, if configured)
    confidence: float  # of the word (kind "replaced") or of the judgement "inserted"
    candidates: tuple[tuple[str, float], ...]
    evidence: str  # how many gaps on how many pages were weighed together, and the statistics used
    gaps: int  # gaps of this document
    language: str | None = None
    kind: str = "replaced"  # "inserted": the text reads whole without the spam, so nothing goes back


@dataclass(frozen=True)
class DocumentResult:
    """Everything the reports need about one scanned document."""

    source: str
    kind: str
    encoding: str
    encoding_decision: str
    findings: tuple[Finding, ...]
    verdict: Verdict
    text: str = field(repr=False, default="")
    replaced_bytes: bool = False
    error: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    suppressed: int = 0  # findings left out by the user's allowlist or baseline
    warnings: tuple[str, ...] = ()  # problems that did not stop the scan, e.g. a rule that timed out
