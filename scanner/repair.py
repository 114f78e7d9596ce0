"""Between detection and cleaning: decide what goes back where an injection replaced a word.

Findings that remove visible text are grouped by their spam string, across
every document cleaned together, and :func:`scanner.restoration.restore` picks
one word for each group (one replaced word, one filler for all its gaps).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Sequence

from .detection.context import WHOLE_ELEMENT
from .findings import Finding, Restored
from .restoration import Gap, filler, restore

SITE_SAMPLE = 200  # clean pages of the same run used as site statistics, at most


#: Scopes where the spam that replaced a word in the text is replaced the same way (the title, the meta
#: description, the prose of JSON-LD): the word found for the text goes back there too.
ECHO_SCOPES = ("title", "meta")


@dataclass(frozen=True)
class Page:
    """One document being cleaned: its visible text, its findings, and the text of its ``ECHO_SCOPES``."""

    text: str
    findings: tuple[Finding, ...]
    echo_texts: dict[str, str] = field(default_factory=dict)


def is_gap(finding: Finding) -> bool:
    """Removed running text: the only kind of injection that can have replaced a word.

    Spam that came as an element of its own (a link, a <span>) was added as
    markup, so nothing is put back in its place.
    """
    return (finding.action == "remove" and finding.scope == "text" and finding.text_end > finding.text_start
            and WHOLE_ELEMENT not in finding.signals)


def is_echo(finding: Finding) -> bool:
    """Removed text of an echo scope, which the word restored in the text can fill too."""
    return (finding.action == "remove" and finding.scope in ECHO_SCOPES and finding.text_end > finding.text_start
            and WHOLE_ELEMENT not in finding.signals)


def _clusters(findings: Sequence[Finding], text: str) -> list[tuple[str, list[Finding]]]:
    """Removed spans of one text that overlap or touch (white space or ``_`` between them) grouped as one
    spam string, with its key: two findings on one injection ("đá gà … đá gà" found repeated, "dg999_xem đá gà
    online" by a rule) are one gap, or the restorer would read half of the spam as the article around it."""
    clusters: list[tuple[int, int, list[Finding]]] = []
    for finding in sorted(findings, key=lambda f: (f.text_start, -f.text_end)):
        if clusters and (finding.text_start <= clusters[-1][1]
                         or not text[clusters[-1][1]:finding.text_start].strip(" _")):
            start, end, members = clusters[-1]
            clusters[-1] = (start, max(end, finding.text_end), members + [finding])
        else:
            clusters.append((finding.text_start, finding.text_end, [finding]))
    return [(" ".join(text[start:end].split()).casefold(), members) for start, end, members in clusters]


def fillers_for(pages: Sequence[Page], mode: str, marker: str, site_texts: Sequence[str] = ()) -> tuple[list[dict[str, str]], list[list[Restored]]]:
    """Per page, a map from finding fingerprint to the text that replaces it, and what was restored.

    ``mode`` is ``auto`` (restore when confident, else just remove the spam),
    ``mark`` (restore when confident, else leave ``marker`` in the gap) or ``off``
    (just remove). An uncertain gap is left empty by default because the
    restorer cannot always tell a replaced word from spam inserted between two.
    Spam judged inserted is reported too (kind ``inserted``, with the words that
    would fit best), so an editor can check the judgement. The filler of a gap
    made of several findings goes to the first; cleaning lets it cover the rest.
    """
    fillers: list[dict[str, str]] = [{} for _ in pages]
    restored: list[list[Restored]] = [[] for _ in pages]
    if mode == "off":
        return fillers, restored
    groups: dict[str, list[tuple[int, list[Finding]]]] = defaultdict(list)
    echoes: dict[str, list[tuple[int, Finding]]] = defaultdict(list)
    for index, page in enumerate(pages):
        for spam, members in _clusters([f for f in page.findings if is_gap(f)], page.text):
            groups[spam].append((index, members))
        for scope, text in page.echo_texts.items():
            in_scope = [f for f in page.findings if is_echo(f) and f.scope == scope]
            for spam, members in _clusters(in_scope, text):
                echoes[spam].append((index, members[0]))
    for spam, clusters in groups.items():
        page_ids = sorted({index for index, _ in clusters})
        position = {index: i for i, index in enumerate(page_ids)}
        gaps = [Gap(position[index], members[0].text_start, max(f.text_end for f in members))
                for index, members in clusters]
        result = restore([pages[i].text for i in page_ids], gaps, site_texts=site_texts[:SITE_SAMPLE])
        record = Restored(spam=spam, word=result.word, confidence=result.confidence,
                          candidates=tuple((c.word, c.score) for c in result.candidates), evidence=result.evidence,
                          gaps=len(gaps), language=result.language, kind=result.kind)
        if result.kind == "replaced":  # an inserted spam's gap just closes, with no marker
            for (index, members), text_filler in zip(clusters, result.fillers):
                if result.word:
                    fillers[index][members[0].fingerprint] = text_filler
                elif mode == "mark" and marker:
                    fillers[index][members[0].fingerprint] = marker
            for index, finding in echoes[spam] if result.word else ():
                fillers[index][finding.fingerprint] = filler(pages[index].echo_texts[finding.scope], finding.text_start,
                                                             finding.text_end, result.word, result.language)
        for index in page_ids:
            restored[index].append(record)
    return fillers, restored
