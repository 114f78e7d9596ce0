"""What is left of an injected advertisement box once its spam text is removed.

An injected box ("🚀 OFFICIAL BITCOIN GIVEAWAY 🚀", a paragraph of offer, a wallet address, "Claim status
here") loses its heading and its sentences to the rule packs and the sentence detector, and keeps the
wallet address and the button links, which carry no spam word of their own, and the script it loads from the
site it advertises. A visible block that opens
with removed spam, whose removed spam holds most of its letters, and which keeps only a few words besides
(a code-like token such as a wallet address or an order number is not words) goes whole; so does a block
left empty, the shell of a widget whose links were all removed, unless it keeps an image or another medium.

An article's paragraph with spam added after its own opening keeps that opening, and a block that keeps a
sentence of its own is not a remnant. A link to another site whose anchor lost part of its words to the spam
found in it goes whole: the words no rule names are the same advertisement.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Iterable, Sequence

import regex

from ...extraction.model import Element
from ...findings import Finding, RuleInfo, Severity
from ..context import Context
from .keywords import REPEATED
from .links import INJECTED_LINK
from .ranges import covered, merged, overlaps, removed_ranges
from .web import SOCIAL_NETWORKS, PageSite, host_of, site_of

AD_REMNANT = RuleInfo(
    "injection.ad-remnant", "The rest of a visible block whose spam was removed: an address, a button, a few words",
    "keyword-injection", Severity.HIGH, "remove-element",
)

#: Elements that may be an injected box (not the page, not the article as a whole). A paragraph is not one:
#: the sentence detector takes the rest of an advertisement paragraph, and a short paragraph whose word was
#: replaced by a long spam string keeps the rest of its sentence.
_BLOCKS = {"div", "section", "aside", "li", "ul", "ol", "table", "tr", "figure", "center", "details", "dl", "nav"}
#: Largest block, in source characters, taken for an advertisement box.
MAX_BOX = 20_000
#: Share of the block's letters that removed spam must hold...
REMOVED_SHARE = 0.6
#: ...and most letters it may keep besides code-like tokens.
KEPT_LETTERS = 40
_TAG = regex.compile(r"<[^>]*>")
_VISIBLE_CHARACTER = regex.compile(r"[^\s]")
#: What a row is added to place: a link, or a number to call ("hubungi WA 0812-3456-7890").
_PLACED = regex.compile(r"<a\s|\+?\d[\d ().-]{6,}\d", regex.I)
_LETTER = regex.compile(r"\p{L}")
_WORD = regex.compile(r"[\p{L}\p{N}]+")
#: Words at most of an anchor that goes whole with the spam in it.
ANCHOR_WORDS = 12
#: A brand of letters and digits as betting sites name themselves ("GACOR77", "kubet88").
_BRAND_TOKEN = regex.compile(r"(?<![\p{L}\p{N}])(?=[\p{L}\p{N}]*\p{N})(?=[\p{L}\p{N}]*\p{L}{3})[\p{L}\p{N}]{4,20}(?![\p{L}\p{N}])")
#: A wallet address, a hash, an order number: a long run of letters and digits mixed.
_CODE_LIKE = regex.compile(r"(?=[\p{L}\p{N}]*\p{N})(?=[\p{L}\p{N}]*\p{L})[\p{L}\p{N}]{20,}")


class AdRemnants:
    """Runs after the detectors that remove visible text."""

    rules = (AD_REMNANT,)

    def may_report(self, context: Context) -> bool:
        """Never on its own: it only follows removals of other findings."""
        return False

    def detect(self, context: Context, findings: Sequence[Finding]) -> Iterable[Finding]:
        if context.extraction.kind != "html":
            return
        # visible text and visible links removed; a hidden block's letters are no part of what readers saw
        removed = merged(removed_ranges(findings, "text")
                         + removed_ranges([f for f in findings if f.rule_id == INJECTED_LINK.id]))
        if not removed:
            return
        # a phrase repeated where a word was replaced sits inside the article's sentences: what is left around
        # it is the article
        replaced = merged([r for f in findings if f.rule_id == REPEATED.id for r in f.ranges])
        yield from _spam_anchors(context, removed_ranges(findings, "text"), removed_ranges(findings), replaced)
        blocks = _candidate_blocks(context, removed, replaced)
        if not blocks:
            return
        end = max(b.close_start or b.end for b in blocks)
        letters = _Letters(context.source, blocks[0].open_end, end,
                           merged(removed + _brand_echoes(context.source, removed, blocks[0].open_end, end)))
        taken: list[Element] = []
        rows = {id(block) for block in blocks if block.tag == "tr"}
        cells: dict[int, list[Element]] = {}
        for element in context.extraction.elements if rows else ():
            if element.tag in ("td", "th") and element.parent is not None and id(element.parent) in rows:
                cells.setdefault(id(element.parent), []).append(element)
        for block in blocks:
            if not any(t.start <= block.start and block.end <= t.end for t in taken) \
                    and letters.remnant(_content_start(context, block), block.close_start or block.end,
                                        emptied=not _keeps_media(context, block, removed),
                                        opening=block.tag != "tr" or not _cells_whole(
                                            context.source, cells.get(id(block), []), removed)):
                taken.append(block)
        for block in taken:
            yield context.element_finding(
                AD_REMNANT, block, confidence=0.7, signals=("spam-removed", "few-words-left"),
                message="Block whose spam was removed and that keeps only a few words: the rest of the advertisement")
        yield from _scripts_of_advertised_sites(context, taken)


def _spam_anchors(context: Context, removed: list[tuple[int, int]], taken: list[tuple[int, int]],
                  replaced: list[tuple[int, int]]) -> Iterable[Finding]:
    """Links to other sites whose anchor text holds removed spam and keeps other words: a keyword link put into a
    sentence ("… altura em <a href=…fortunetiger…>horários pagantes fortune tiger</a> algumas ruas"), whose other
    words ("fortune tiger") are the same advertisement. The link goes whole, unless a phrase that replaced a word sits in it (the anchor is the
    article's link, its word replaced) or the anchor is longer than ``ANCHOR_WORDS`` words."""
    page = PageSite.of(context.extraction)
    for link in context.extraction.links:
        element = link.element
        if element.tag == "a" and not element.hidden and element.close_start is not None \
                and overlaps(removed, element.open_end, element.close_start) \
                and not overlaps(replaced, element.open_end, element.close_start) \
                and len(_WORD.findall(link.text)) <= ANCHOR_WORDS and page.is_offsite(link.href) \
                and _keeps_letters(context.source, element.open_end, element.close_start, taken):
            yield context.element_finding(
                AD_REMNANT, element, confidence=0.7, signals=("spam-removed", "spam-anchor"),
                message="Link to another site whose anchor text is spam: removed with its anchor")


def _keeps_letters(source: str, start: int, end: int, removed: list[tuple[int, int]]) -> bool:
    """Whether ``source[start:end]`` has a letter outside its tags that no removal takes."""
    return any(not covered(removed, start + m.start()) for m in _LETTER.finditer(_without_tags(source, start, end)))


def _without_tags(source: str, start: int, end: int) -> str:
    """``source[start:end]`` with its tags blanked out, so that offsets in it stay those of the source."""
    return _TAG.sub(lambda tag: " " * len(tag.group()), source[start:end])


def _brand_echoes(source: str, removed: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """Where ``source[start:end]`` writes again a brand of letters and digits that removed spam holds ("<b>Gacor77</b>
    – Mantap kak! Main di <a>GACOR77</a> situs slot gacor …": the review's author is the advertised site): counted
    as the spam's when judging what a block keeps."""
    brands = {token.group().casefold() for s, e in removed for token in _BRAND_TOKEN.finditer(source, s, e)}
    if not brands:
        return []
    return [(m.start(), m.end()) for m in _BRAND_TOKEN.finditer(source, start, end)
            if m.group().casefold() in brands and not covered(removed, m.start())]


def _cells_whole(source: str, cells: list[Element], removed: list[tuple[int, int]]) -> bool:
    """Whether the removals leave each of a table row's ``cells`` whole or empty, one at least emptied of a link or a
    telephone number: a row added whole to place them ("Partner | <spam link>"), where spam added into an honest
    cell ("150.000 <spam link>") leaves it part kept, and spam written over a cell's value (the cost of room B12)
    places neither."""
    emptied = False
    for cell in cells:
        if cell.close_start is None:
            continue
        content = [m.start() for m in _VISIBLE_CHARACTER.finditer(_without_tags(source, cell.open_end, cell.close_start))]
        gone = [covered(removed, cell.open_end + at) for at in content]
        if any(gone) and not all(gone):
            return False
        emptied = emptied or (bool(gone) and all(gone) and bool(_PLACED.search(source, cell.open_end, cell.close_start)))
    return emptied


def _content_start(context: Context, block: Element) -> int:
    """Where a block's content starts: after the ``<summary>`` label of a ``<details>`` ("More"), which stays
    whatever the box holds."""
    if block.tag == "details":
        for element in context.extraction.elements:
            if element.parent is block and element.tag == "summary":
                return element.end
    return block.open_end


def _candidate_blocks(context: Context, removed: list[tuple[int, int]],
                      replaced: list[tuple[int, int]]) -> list[Element]:
    """Visible blocks of at most ``MAX_BOX`` characters that hold removed text and no replaced word, outermost
    first."""
    return sorted((e for e in context.extraction.elements
                   if e.tag in _BLOCKS and e.close_start is not None and not e.hidden and e.parent is not None
                   and e.end - e.start <= MAX_BOX and overlaps(removed, e.open_end, e.close_start)
                   and not overlaps(replaced, e.open_end, e.close_start)),
                  key=lambda e: (e.start, -e.end))


class _Letters:
    """The letters of ``source[start:end]`` outside tags and code-like tokens, each marked removed or kept,
    counted once so that any block's counts are two look-ups."""

    def __init__(self, source: str, start: int, end: int, removed: list[tuple[int, int]]) -> None:
        self.positions: list[int] = []
        self.kept_before: list[int] = [0]
        position = start
        for tag in [*_TAG.finditer(source, start, end), None]:
            stop = tag.start() if tag else end
            code_like = [(m.start(), m.end()) for m in _CODE_LIKE.finditer(source, position, stop)]
            for letter in _LETTER.finditer(source, position, stop):
                at = letter.start()
                if code_like and any(s <= at < e for s, e in code_like):
                    continue
                self.positions.append(at)
                self.kept_before.append(self.kept_before[-1] + (not covered(removed, at)))
            if tag:
                position = tag.end()

    def remnant(self, start: int, end: int, emptied: bool, opening: bool = True) -> bool:
        """Whether ``source[start:end]`` opens with removed text (unless ``opening`` is False: a table row added
        whole opens with its label cell, "Partner" or "Every day"), keeps 1 to ``KEPT_LETTERS`` letters (or none,
        when ``emptied`` allows an empty shell) and has at least ``REMOVED_SHARE`` of its letters removed."""
        first, last = bisect_left(self.positions, start), bisect_left(self.positions, end)
        total = last - first
        kept = self.kept_before[last] - self.kept_before[first]
        opens_with_spam = total > 0 and (not opening or self.kept_before[first + 1] == self.kept_before[first])
        return opens_with_spam and (0 < kept or emptied) and kept <= KEPT_LETTERS and total - kept >= REMOVED_SHARE * total


def _scripts_of_advertised_sites(context: Context, boxes: list[Element]) -> Iterable[Finding]:
    """Scripts loaded from a site that a removed advertisement box links to: the box's own code (a wallet
    drainer's loader beside its "Claim Airdrop" banner). Social networks are no advertised site (a box may link to
    a profile; the page may load the network's widget)."""
    page = PageSite.of(context.extraction)
    advertised = {site_of(host) for link in context.extraction.links
                  if any(box.start <= link.element.start < box.end for box in boxes)
                  and page.is_offsite(link.href) and (host := host_of(link.href))} - SOCIAL_NETWORKS
    if not advertised:
        return
    for element in context.extraction.elements:
        source = element.attrs.get("src", "") if element.tag == "script" else ""
        host = host_of(source) if source else None
        if host and site_of(host) in advertised and page.is_offsite(source):
            yield context.element_finding(
                AD_REMNANT, element, confidence=0.7, signals=("spam-removed", "script-of-advertised-site"),
                message=f"Script loaded from {site_of(host)}, the site the removed advertisement links to")


#: Elements that show something without letters: a block keeping one of them is no empty shell.
_MEDIA = frozenset(("img", "picture", "video", "audio", "iframe", "svg", "canvas", "object", "embed", "input",
                    "button", "select", "textarea", "math"))


def _keeps_media(context: Context, block: Element, removed: list[tuple[int, int]]) -> bool:
    """Whether the block holds an image, a player, a form control ... that no removal takes."""
    elements = context.extraction.elements
    inside = elements[bisect_left(context.element_starts, block.open_end):bisect_left(context.element_starts, block.end)]
    return any(e.tag in _MEDIA and not covered(removed, e.start) for e in inside)
