"""Between detection and cleaning: decide what goes back where an injection replaced a word.

Findings that remove visible text are grouped by their spam string, across
every document cleaned together, and :func:`scanner.restoration.restore` picks
one word for each group (one replaced word, one filler for all its gaps).
"""

from __future__ import annotations

import dataclasses
import html
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Sequence

import regex

from .detection.context import WHOLE_ELEMENT
from .detection.detectors.spam_text import SPAM_TEXT
from .findings import Finding, Restored
from .restoration import Gap, Restoration, filler, restore_pages

SITE_SAMPLE = 200  # clean pages of the same run used as site statistics, at most


#: A spam string written twice or more, side by side; looked for in gaps of at most this many characters.
_REPEATED = regex.compile(r"(\S.*?\S)(?:\s+\1)+")
MAX_COPIES_LENGTH = 1_000

#: Scopes where the spam that replaced a word in the text is replaced the same way (the title, the meta
#: description, the prose of JSON-LD, image descriptions and titles, link addresses): the word found for the text
#: goes back there too.
ECHO_SCOPES = ("title", "meta", "attributes", "links")


@dataclass(frozen=True)
class Page:
    """One document being cleaned: its visible text, its findings, and the text of its ``ECHO_SCOPES``."""

    text: str
    findings: tuple[Finding, ...]
    echo_texts: dict[str, str] = field(default_factory=dict)
    markup: bool = False  # HTML: a marker is written as text, escaped ("<missing word>" is no element)


def is_gap(finding: Finding) -> bool:
    """Removed running text: the only kind of injection that can have replaced a word.

    Spam that came as an element of its own (a link, a <span>) was added as
    markup, and advertisement sentences around a spam phrase were added as
    sentences, so nothing is put back in their place.
    """
    return (finding.action == "remove" and finding.scope == "text" and finding.text_end > finding.text_start
            and WHOLE_ELEMENT not in finding.signals and finding.rule_id != SPAM_TEXT.id)


def _gaps(findings: Sequence[Finding]) -> list[Finding]:
    """The findings of a page that are gaps (``is_gap``), but for those inside a removal that is none: an advert
    paragraph removed whole takes the keyword hidden with a zero-width space in it along, and no word goes back."""
    whole = sorted((f.text_start, f.text_end) for f in findings
                   if f.action == "remove" and f.scope == "text" and f.text_end > f.text_start and not is_gap(f))
    return [f for f in findings if is_gap(f)
            and not any(start <= f.text_start and f.text_end <= end for start, end in whole)]


def is_echo(finding: Finding) -> bool:
    """Removed text of an echo scope, which the word restored in the text can fill too."""
    return (finding.action == "remove" and finding.scope in ECHO_SCOPES and finding.text_end > finding.text_start
            and WHOLE_ELEMENT not in finding.signals)


def _clusters(findings: Sequence[Finding], text: str) -> list[tuple[str, list[Finding], list[tuple[int, int]]]]:
    """Removed spans of one text that overlap or touch (white space or ``_`` between them) grouped as one
    spam string, with its key and its gaps: two findings on one injection ("đá gà … đá gà" found repeated,
    "dg999_xem đá gà online" by a rule) are one gap, or the restorer would read half of the spam as the article
    around it. The same spam string twice or more side by side ("những S S liên quan") is one gap per copy,
    keyed by one copy: the word it replaced was written twice ("những người người liên quan")."""
    clusters: list[tuple[int, int, list[Finding]]] = []
    for finding in sorted(findings, key=lambda f: (f.text_start, -f.text_end)):
        if clusters and (finding.text_start <= clusters[-1][1]
                         or not text[clusters[-1][1]:finding.text_start].strip(" _")):
            start, end, members = clusters[-1]
            clusters[-1] = (start, max(end, finding.text_end), members + [finding])
        else:
            clusters.append((finding.text_start, finding.text_end, [finding]))
    out = []
    for start, end, members in clusters:
        repeated = _REPEATED.fullmatch(text, start, end) if end - start <= MAX_COPIES_LENGTH else None
        copies = [(m.start(), m.end()) for m in regex.compile(regex.escape(repeated.group(1))).finditer(text, start, end)] \
            if repeated else [(start, end)]
        out.append((" ".join(text[copies[0][0]:copies[0][1]].split()).casefold(), members, copies))
    return out


def _address_filler(links_text: str, finding: Finding, word: str, markup: bool) -> str:
    """The whole link address (a finding in an address removes all of it) with ``word`` where the spam was, as
    written in the source: escaped in HTML ("ciputat-<spam>-sebut-banjir" becomes "ciputat-warga-sebut-banjir")."""
    start = links_text.rfind("\n", 0, finding.text_start) + 1
    end = links_text.find("\n", finding.text_end)
    address = links_text[start:finding.text_start] + word + links_text[finding.text_end:end if end >= 0 else None]
    return html.escape(address) if markup else address


#: Words at most between two copies of a spam string that one match took together ("<S> trì <S>").
BETWEEN_COPIES = 3


def _split_composites(groups: dict[str, list[tuple[int, list[Finding], list[tuple[int, int]]]]],
                      pages: Sequence[Page]) -> None:
    """Gaps that are two or more copies of another gap's spam string with a few words between them are those
    copies: a match that ran from one copy across an article word into the next ("bảo trì bảo dưỡng" became
    "<S> trì <S> dưỡng", one gap) would take the word with it. Each copy becomes a gap, and the words between
    are written back between the restored words, as for copies side by side."""
    keys = sorted(groups, key=len)
    for key in reversed(keys):  # longest first: a composite of composites is split down to the shortest unit
        unit = next((other for other in keys if len(other) < len(key) and _made_of(key, other)), None)
        if unit is None:
            continue
        pattern = regex.compile(r"\s+".join(map(regex.escape, unit.split())), regex.IGNORECASE)
        for index, members, copies in groups.pop(key):
            text = pages[index].text
            parts = [(m.start(), m.end()) for start, end in copies for m in pattern.finditer(text, start, end)]
            groups[unit].append((index, members, parts))


def _made_of(key: str, unit: str) -> bool:
    """Whether ``key`` is copies of ``unit`` with at most ``BETWEEN_COPIES`` words between each two; words joined
    to them by ``_`` are a keyword chain's, not the article's ("kubet tiếng việt_đăng ký kubet_link vào kubet" is
    one string, although "kubet" alone replaced a word on other pages)."""
    parts = key.split(unit)
    return (len(parts) >= 3 and parts[0] == parts[-1] == ""
            and all(0 < len(middle.split()) <= BETWEEN_COPIES and "_" not in middle for middle in parts[1:-1]))


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
    groups: dict[str, list[tuple[int, list[Finding], list[tuple[int, int]]]]] = defaultdict(list)
    echoes: dict[str, list[tuple[int, Finding]]] = defaultdict(list)
    for index, page in enumerate(pages):
        for spam, members, copies in _clusters(_gaps(page.findings), page.text):
            groups[spam].append((index, members, copies))
        for scope, text in page.echo_texts.items():
            in_scope = [f for f in page.findings if is_echo(f) and f.scope == scope]
            for spam, members, _ in _clusters(in_scope, text):
                echoes[spam].append((index, members[0]))
    _split_composites(groups, pages)
    for spam, clusters in groups.items():
        page_ids = sorted({index for index, _, _ in clusters})
        position = {index: i for i, index in enumerate(page_ids)}
        gaps = [Gap(position[index], start, end) for index, _, copies in clusters for start, end in copies]
        for part, result in restore_pages([pages[i].text for i in page_ids], gaps, site_texts=site_texts[:SITE_SAMPLE]):
            members = {page_ids[i] for i in part}
            _apply(spam, result, [c for c in clusters if c[0] in members],
                   [e for e in echoes[spam] if e[0] in members], pages, mode, marker, fillers, restored)
    return fillers, restored


def _apply(spam: str, result: Restoration, clusters: list[tuple[int, list[Finding], list[tuple[int, int]]]],
           echoes: list[tuple[int, Finding]], pages: Sequence[Page], mode: str, marker: str,
           fillers: list[dict[str, str]], restored: list[list[Restored]]) -> None:
    """Write one restoration's fillers (text and echo scopes) and records for the pages of ``clusters``, whose
    gaps its fillers follow in order."""
    record = Restored(spam=spam, word=result.word, confidence=result.confidence,
                      candidates=tuple((c.word, c.score) for c in result.candidates), evidence=result.evidence,
                      gaps=sum(len(copies) for _, _, copies in clusters), language=result.language, kind=result.kind)
    if result.kind == "replaced":  # an inserted spam's gap just closes, with no marker
        per_gap = iter(result.fillers)
        for index, members, copies in clusters:
            words = [next(per_gap) for _ in copies]
            if result.word:
                # the first finding of the cluster takes the words of all its copies, with what stood between
                text = pages[index].text
                between = [text[end:start] for (_, end), (start, _) in zip(copies, copies[1:])] + [""]
                fillers[index][members[0].fingerprint] = "".join(w + b for w, b in zip(words, between))
            elif mode == "mark" and marker:
                fillers[index][members[0].fingerprint] = html.escape(marker, quote=False) if pages[index].markup else marker
        for index, finding in echoes if result.word else ():
            echo_text = pages[index].echo_texts[finding.scope]
            fillers[index][finding.fingerprint] = (
                _address_filler(echo_text, finding, result.word, pages[index].markup) if finding.scope == "links"
                else filler(echo_text, finding.text_start, finding.text_end, result.word, result.language))
    on_page = Counter(index for index, _, copies in clusters for _ in copies)
    if result.word:  # the copies in the title, description and attributes were filled too
        on_page.update(index for index, _ in echoes if index in on_page)
    for index in sorted(on_page):  # each page's record counts its own places; the evidence tells the pool's
        restored[index].append(dataclasses.replace(record, gaps=on_page[index]))
