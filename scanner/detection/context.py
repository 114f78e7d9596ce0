"""What a detector sees of a document, and the one way it turns a span into a Finding."""

from __future__ import annotations

import bisect
import html
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, TypeVar

import regex

from ..extraction import Element, Extraction, TextView, fold
from ..extraction.markdown import EXPLANATION_WORDS
from ..findings import Action, Finding, RuleInfo, Severity
from ..rules import WORD_CHAR

T = TypeVar("T")
_NEWLINE = regex.compile(r"\r\n|\r|\n")
_TAG = regex.compile(r"<[^>]*>")
_WORDS = regex.compile(r"[\p{L}\p{N}]+")
#: An address written so that it is no link ("gacor88-slot[.]com", "hxxps://…"), as blocklists and security reports
#: write the addresses they name; an advert wants its address followed.
_DEFANGED = regex.compile(
    r"(?<![\p{L}\p{N}-])(?:hxxps?(?:\[:\]|:)//|[\p{L}\p{N}-]++(?:\[\.\]|\(\.\)|\[dot\]))[^\s<>\"']*+", regex.I)

_LETTER = regex.compile(r"\p{L}")
#: Elements whose text is a quotation or a sample of other text, not the page's own words (what each one is, for
#: the report).
QUOTING_TAGS = {"blockquote": "a block quotation", "q": "a quotation", "code": "a code sample",
                "pre": "a code sample", "samp": "a code sample", "kbd": "a code sample",
                "dfn": "a term defined", "dt": "a term defined",  # a glossary of the words a warning explains
                "term-cell": "a term a table explains",
                "defanged": "an address written not to be a link"}  # gacor88-slot[.]com: a blocklist's, a report's
#: Signal of a rule match inside a short quotation: reported as a quotation, never evidence of an injection.
QUOTED = "quoted"
#: Signal of a text finding that covers the whole text of elements: cleaning removes those elements.
WHOLE_ELEMENT = "whole-element"
#: Scopes whose text is the content of the elements it comes from. In the others (an attribute, a meta
#: description, the prose of a JSON-LD script) the text an element holds is not what it shows: a spam
#: title attribute inside an article's ``<div>`` is the div's whole "attribute text", not its content.
CONTENT_SCOPES = frozenset(("text", "hidden", "title"))
#: Elements never removed as a whole, whatever text a finding covers.
KEPT = frozenset(("html", "head", "body"))
_SEPARATOR_MARK = r"(?:[|·•–—/›»]|-|::|&(?:rsaquo|raquo|middot|bull|ndash|mdash|#183|#8226);)"
_SEPARATOR_BEFORE = regex.compile(rf"[ \t]*{_SEPARATOR_MARK}[ \t]*$")
#: A separator between the segments of a title or heading ("Energy talks | The Ledger"), with its spaces.
SEGMENT_SEPARATOR = r" (?:[|–—·»/]|::|-) "
_SEGMENT_SEPARATOR = regex.compile(SEGMENT_SEPARATOR)
_SEGMENT_BEFORE = regex.compile(SEGMENT_SEPARATOR + "$")
_SEPARATOR_AFTER = regex.compile(rf"[ \t]*{_SEPARATOR_MARK}")
_CELLS = frozenset(("td", "th"))


#: Words joined to a match by ``_`` or a dot inside a host name, without a space: letters of scripts written with
#: spaces (Thai glued after "…_ufabet888" is the article's next word). Not a hyphen: the spam that replaced "film"
#: in "film-maker" leaves the article's "-maker".
_JOINED_AFTER = regex.compile(rf"(?:_(?:{WORD_CHAR})+|\.[a-z0-9][a-z0-9-]*(?![\p{{L}}\p{{N}}]))+")
_JOINED_BEFORE = regex.compile(rf"(?:(?:{WORD_CHAR})+_)+$")
#: A bare host name after the spam, as an advert gives its site ("write my essay cheap essaymill-pro.example").
_HOST_AFTER = regex.compile(r"[ ][a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,24}(?:/[^\s<>\"]*)?(?![\p{L}\p{N}])")


def whole_token(text: str, start: int, end: int) -> tuple[int, int]:
    """A span to remove widened to the whole token its ends are joined into ("replica_rolex" of
    "replica_rolex_watches_aaa", "luckyspin88-casino" of "luckyspin88-casino.example"), and to a host name right
    after it: removing part of a token would leave "_watches_aaa" or ".example" in the sentence."""
    if end < len(text) - 1 and text[end] in "_." and (after := _JOINED_AFTER.match(text, end)):
        end = after.end()
    if start and text[start - 1] == "_" and (before := _JOINED_BEFORE.search(text, max(0, start - 200), start)):
        start = before.start()
    if (host := _HOST_AFTER.match(text, end)) is not None:
        end = host.end()
    return start, end


@dataclass
class Context:
    """One document under detection: its decoded source and its extraction."""

    source: str
    extraction: Extraction
    warnings: list[str] = field(default_factory=list)  # problems that did not stop the scan (a rule timed out)
    #: Phrases found replacing a word on other pages of the same run (folded phrase -> signals): a page that
    #: holds one once or twice cannot tell it is a repeat, the run can.
    known_spam: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _folded: dict[str, TextView] = field(default_factory=dict)
    _triggers: dict[int, bool] = field(default_factory=dict)
    _memo: dict[str, Any] = field(default_factory=dict)

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """A value a detector computes once per document (``key`` names it)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @cached_property
    def element_starts(self) -> list[int]:
        """Where each element starts, in document order."""
        return [element.start for element in self.extraction.elements]

    @cached_property
    def _open_ends(self) -> list[int]:
        """Where each element's start tag ends, in document order (ascending: start tags do not nest)."""
        return [element.open_end for element in self.extraction.elements]

    @cached_property
    def structured_data(self) -> list[tuple[int, int]]:
        """The source spans of the JSON in each ``<script type="application/ld+json">``, in document order."""
        return [(e.open_end, e.close_start) for e in self.extraction.elements
                if e.tag == "script" and e.close_start is not None
                and e.attrs.get("type", "").strip().lower() == "application/ld+json"]

    def _json_value(self, start: int, end: int, whole_only: bool = False) -> tuple[int, int] | None:
        """What goes when ``source[start:end]`` of a JSON-LD string is spam: the whole item of its list with one
        comma (``"sameAs": [..., "https://slot88.example/"]``), or the whole ``"key": "value"`` pair with one comma
        (``"keywords": "slot gacor, situs toto"`` added to an article's block), so the JSON stays valid; the
        value's text alone where it is all its object holds. With ``whole_only``, only when the span is all of the
        string (a spam phrase inside a description goes alone). None outside JSON-LD."""
        index = bisect.bisect_right(self.structured_data, (start, float("inf"))) - 1
        if index < 0 or not self.structured_data[index][0] <= start < end <= self.structured_data[index][1]:
            return None
        low, high = self.structured_data[index]
        source = self.source
        opening, closing = source.rfind('"', low, start), source.find('"', end, high)
        if opening < 0 or closing < 0 or whole_only and source[opening + 1:start].strip() + source[end:closing].strip():
            return None
        before = source[low:opening].rstrip()
        first = opening
        if before.endswith(":") and before[:-1].rstrip().endswith('"'):  # a key's value: the pair goes
            key_close = len(before[:-1].rstrip()) - 1 + low
            first = source.rfind('"', low, key_close)
            before = source[low:first].rstrip()
        if before.endswith(","):
            return low + len(before) - 1, closing + 1
        after = source[closing + 1:high]
        if before.endswith(("[", "{")) and after.lstrip().startswith(","):
            comma = closing + 1 + after.index(",")
            rest = source[comma + 1:high]
            return first, comma + 1 + len(rest) - len(rest.lstrip())
        return opening + 1, closing

    @cached_property
    def line_starts(self) -> list[int]:
        return [0] + [m.end() for m in _NEWLINE.finditer(self.source)]

    @cached_property
    def quotation_elements(self) -> list[tuple[int, int, str]]:
        """Source spans and tags of what quotes someone else's text: block and inline quotations and code samples
        (``<blockquote>``, ``<q>``, ``<code>``, ``<pre>``, ``<samp>``, ``<kbd>``, and Markdown's ``>`` lines, fenced
        blocks and inline code), the terms a glossary explains, and addresses written not to be links."""
        return [(e.start, e.end, e.tag) for e in self.extraction.elements if e.tag in QUOTING_TAGS] \
            + [(cell.start, cell.end, "term-cell") for cell in self._term_cells()] + self.extraction.quotations \
            + [(m.start(), m.end(), "defanged") for m in _DEFANGED.finditer(self.source)]

    def _term_cells(self) -> list[Element]:
        """The first cells of the rows of a table with a header that name a term the rest of the row explains: no
        link in the row, a later cell of ``EXPLANATION_WORDS`` words or more (a moderators' glossary: "Term |
        Meaning", "deneme bonusu | trial bonus"). An injected table has no header; an injected row holds links."""
        rows: dict[int, tuple[Element | None, list[Element]]] = {}
        linked: set[int] = set()
        headed: set[int] = set()
        # the nearest table and cell around each element, parents first (elements are listed in source order)
        table_of: dict[int, Element | None] = {}
        cell_of: dict[int, Element | None] = {}
        for element in self.extraction.elements:
            parent = element.parent
            table_of[id(element)] = None if parent is None else parent if parent.tag == "table" else table_of.get(id(parent))
            cell_of[id(element)] = None if parent is None else parent if parent.tag in ("td", "th") \
                else cell_of.get(id(parent))
            if element.tag in ("td", "th") and parent is not None and parent.tag == "tr":
                table = table_of[id(element)]
                rows.setdefault(id(parent), (table, []))[1].append(element)
                if element.tag == "th" and table is not None:
                    headed.add(id(table))
            elif element.tag == "a" and (cell := cell_of[id(element)]) is not None:
                linked.add(id(cell))
        return [cells[0] for table, cells in rows.values() if id(table) in headed and cells[0].tag == "td"
                and not any(id(cell) in linked for cell in cells)
                and any(self._words(cell) >= EXPLANATION_WORDS for cell in cells[1:])]

    def _words(self, element: Element) -> int:
        return len(_WORDS.findall(_TAG.sub(" ", self.source[element.open_end:element.close_start or element.end])))

    def quoted_by(self, offset: int) -> str | None:
        """What quotes the source at ``offset``: the description of a quoting element around it (``QUOTING_TAGS``),
        or None."""
        quotation = self.quotation_at(offset)
        return None if quotation is None else QUOTING_TAGS[quotation[2]]

    def quotation_at(self, offset: int) -> tuple[int, int, str] | None:
        """The source span and tag of the first quoting element around ``offset`` (see ``quotation_elements``)."""
        for start, end, tag in self.quotation_elements:
            if start <= offset < end:
                return start, end, tag
        return None

    def letters(self, element: Element) -> int:
        """How many letters an element's content has outside its tags, entities decoded (``&middot;`` between
        links is no word)."""
        content = _TAG.sub(" ", self.source[element.open_end:element.close_start or element.end])
        return len(_LETTER.findall(html.unescape(content) if "&" in content else content))

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of a source offset."""
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def says_any(self, phrases: tuple[str, ...]) -> str | None:
        """The first of the folded ``phrases`` that the page's visible text holds, or None."""
        text = self.folded("text").text
        return next((phrase for phrase in phrases if phrase in text), None)

    def folded(self, scope: str) -> TextView:
        """The folded text of a scope, mapped into that scope's extracted text."""
        if scope not in self._folded:
            self._folded[scope] = fold(self.extraction.view(scope).text)
        return self._folded[scope]

    def may_report(self, detector: object) -> bool:
        """The detector's ``may_report`` on this document, asked once (True for a detector without one)."""
        key = id(detector)
        if key not in self._triggers:
            check = getattr(detector, "may_report", None)
            self._triggers[key] = check is None or bool(check(self))
        return self._triggers[key]

    def text_finding(
        self, rule: RuleInfo, scope: str, start: int, end: int, *, message: str, confidence: float,
        severity: Severity | None = None, signals: tuple[str, ...] = (),
    ) -> Finding:
        """A finding on ``text[start:end]`` of a scope's extracted text. In the ``links`` scope, a rule that unwraps
        or removes takes the element whose address matched: emptying ``href`` would leave a link to the page itself."""
        view = self.extraction.view(scope)
        if rule.action == "remove" and scope != "links":
            start, end = whole_token(view.text, start, end)
            if scope == "text":
                start, end = self._with_whole_links(start, end)
        runs = tuple(view.source_runs(start, end))
        if scope == "links" and rule.action in ("unwrap-link", "remove-element") and runs:
            element = self._element_holding(runs[0][0])
            if element is not None:
                return self.element_finding(rule, element, message=message, confidence=confidence, severity=severity,
                                            signals=signals, match=view.text[start:end])
        item = self._json_value(runs[0][0], runs[-1][1], whole_only=scope != "links") \
            if scope in ("links", "meta") and runs else None
        if item is not None:
            return self._finding(rule, scope, item[0], item[1], (item,), view.text[start:end], message,
                                 confidence, severity, signals, start, end)
        if rule.action == "remove" and scope in ("text", "title", "meta") and runs:
            runs = self._with_segment_separator(view, start, end) + runs
        elements = self._absorbed_elements(view, start, end, scope == "hidden") if scope in CONTENT_SCOPES else []
        comment = view.copied_piece(start) if scope == "comments" and rule.action == "remove" else None
        if comment is not None and self.source.startswith("<!--", comment[0]):
            runs = (comment,)  # readers never see a comment: spam in one is all the comment is there for
        elif elements:
            signals += (WHOLE_ELEMENT,)
            # a link in a run of links ("Cổng Dịch vụ công quốc gia</a> | <a …>Vay tiền online …</a>") goes with a separator
            elements = [with_separator(self.source, link) if (link := self._element_at(span)) is not None else span
                        for span in elements]
            runs = tuple(sorted(elements + [r for r in runs if not any(s <= r[0] and r[1] <= e for s, e in elements)]))
        return self._finding(rule, scope, runs[0][0], runs[-1][1], runs, view.text[start:end], message,
                             confidence, severity, signals, start, end)

    @cached_property
    def _link_texts(self) -> list[tuple[int, int]]:
        """The spans of the visible links' words in the text scope, sorted."""
        view = self.extraction.view("text")
        return sorted((view.index_at(link.element.open_end), view.index_at(link.element.close_start))
                      for link in self.extraction.links if link.element.close_start is not None)

    def _with_whole_links(self, start: int, end: int) -> tuple[int, int]:
        """A span of the text to remove that runs into or out of a link's words, widened to all of them ("Get
        <a>guaranteed payday loans</a> with no credit check" matched from "loans"): the link goes whole, not left
        live on "guaranteed payday"."""
        links = self._link_texts
        index = bisect.bisect_right(links, (start, float("inf"))) - 1
        if index >= 0 and links[index][0] < start < links[index][1] < end:
            start = links[index][0]
        index = bisect.bisect_left(links, (end, -1)) - 1
        if index >= 0 and start < links[index][0] < end < links[index][1]:
            end = links[index][1]
        return start, end

    @staticmethod
    def _with_segment_separator(view: TextView, start: int, end: int) -> tuple[tuple[int, int], ...]:
        """The source of the separator before a removed segment that ends its line or stands before another
        separator ("Foxx sees Globe nominations | <spam> — Harbour Street Journal" keeps one separator), or none."""
        text = view.text
        if end < len(text) and text[end] != "\n" and not _SEGMENT_SEPARATOR.match(text, end):
            return ()
        separator = _SEGMENT_BEFORE.search(text, max(0, start - 4), start)
        return tuple(view.source_runs(separator.start(), start)) if separator else ()

    def _element_at(self, span: tuple[int, int]) -> Element | None:
        """The link element that spans exactly ``span``, or None."""
        element = self._element_holding(span[0])
        return element if element is not None and element.tag == "a" and element.end == span[1] else None

    def _element_holding(self, offset: int) -> Element | None:
        """The element whose start tag holds ``offset`` (start tags do not nest: the last one to start before it)."""
        index = bisect.bisect_right(self.element_starts, offset) - 1
        element = self.extraction.elements[index] if index >= 0 else None
        return element if element is not None and element.start <= offset < element.open_end else None

    def _absorbed_elements(self, view: TextView, start: int, end: int, hidden: bool = False) -> list[tuple[int, int]]:
        """The outermost elements whose whole text lies inside ``text[start:end]``.

        Removing the text of ``<a href=…>casino</a>`` or of a whole spam ``<p>`` should
        remove the element, not leave ``<a href=…></a>`` or ``<p></p>`` behind. In the
        ``hidden`` scope only hidden elements count: a page's visible wrapper holds no
        other hidden text than a tiny spam link's, yet all of the article.
        """
        if self.extraction.kind != "html":
            return []
        source_start, source_end = view.source_span(start, end)
        # An element whose start tag ends before the last letter of text ahead of the span holds that text: only
        # start tags ending after it and before the span's end can belong to absorbed elements (start tags do not
        # nest, so they end in document order).
        before = start - 1
        while before >= 0 and view.text[before].isspace():
            before -= 1
        floor = view.source_span(before, before + 1)[0] if before >= 0 else -1
        elements = self.extraction.elements
        found: list[tuple[int, int]] = []
        for element in elements[bisect.bisect_right(self._open_ends, floor):bisect.bisect_right(self._open_ends, source_end)]:
            if element.tag in KEPT or element.close_start is None or element.close_start < source_start \
                    or element.open_end > source_end or hidden and element.hidden is None:
                continue
            lo = view.index_at(element.open_end)
            hi = view.index_at(element.close_start)
            inner = view.text[lo:hi]
            if not inner.strip():
                continue
            lo += len(inner) - len(inner.lstrip())
            hi -= len(inner) - len(inner.rstrip())
            if start <= lo and hi <= end:
                # a table cell keeps its tags: without them the cells after it would move a column
                found.append((element.open_end, element.close_start) if element.tag in _CELLS else (element.start, element.end))
        found.sort(key=lambda span: (span[0], -span[1]))
        outermost: list[tuple[int, int]] = []
        for span in found:
            if not outermost or span[0] >= outermost[-1][1]:
                outermost.append(span)
        return outermost

    def element_finding(
        self, rule: RuleInfo, element: Element, *, message: str, confidence: float, action: Action | None = None,
        severity: Severity | None = None, signals: tuple[str, ...] = (), match: str | None = None,
    ) -> Finding:
        """A finding on a whole element; unwrap-link acts on its two tags only."""
        action = action or rule.action
        if action == "unwrap-link" and element.close_start is not None:
            ranges = ((element.start, element.open_end), (element.close_start, element.end))
        else:
            ranges = ((element.start, element.end),)
        shown = match if match is not None else self.source[element.start:element.end]
        return self._finding(RuleInfo(rule.id, rule.description, rule.category, rule.severity, action, rule.pack),
                             "elements", element.start, element.end, ranges, shown, message, confidence, severity, signals, 0, 0)

    def _finding(
        self, rule: RuleInfo, scope: str, start: int, end: int, ranges: tuple[tuple[int, int], ...], match: str,
        message: str, confidence: float, severity: Severity | None, signals: tuple[str, ...], text_start: int, text_end: int,
    ) -> Finding:
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Finding(
            rule_id=rule.id, category=rule.category, severity=severity if severity is not None else rule.severity,
            confidence=round(confidence, 3), message=message, match=match, start=start, end=end, line=line,
            column=column, end_line=end_line, end_column=end_column, action=rule.action, scope=scope, ranges=ranges,
            text_start=text_start, text_end=text_end, signals=signals,
        )


def with_separator(source: str, element: Element) -> tuple[int, int]:
    """The element with the separator (" | ", " · ", " / ") that goes with it: the one before when it ends its
    line or block ("© 2025 City Hospital | <a>…</a></p>"), the one after when it stands between two ("Berita /
    <a>…</a> / Berita Daerah"); the element alone when there is none."""
    after = source[element.end:element.end + 80].lstrip(" \t")
    before = _SEPARATOR_BEFORE.search(source, max(0, element.start - 12), element.start)
    if after and not after.startswith(("</", "\n", "\r")):
        following = _SEPARATOR_AFTER.match(source, element.end)
        return (element.start, following.end()) if before and following else (element.start, element.end)
    return (before.start() if before else element.start), element.end
