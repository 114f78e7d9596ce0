"""Link farms: a block of visible links to other sites, most of them spam.

"Useful resources: payday loans online same day · no credit check loans direct lender · real money pokies
australia · car title loans near me". The spam links of such a block are found one by one (by their anchors and
addresses); the rest of the block ("car title loans near me", the heading "Useful resources") is the same
injection. A block goes whole when it holds at least ``MIN_LINKS`` visible links, nearly all to other sites,
strong findings touch nearly all of them (or another link to the same site: a farm repeats its few sites
under many anchors, and the rules name only some; or a rule names its anchor, weakly, and its address names spam
goods: "vashikaran specialist" to vashikaranspecialistbaba.example), and little of its text is not link text. The innermost such block
goes, with the element around it when that adds only a heading ("Useful resources") and no link: spam links
slipped into an honest list (a faculty's partner links) go one by one, and the list stays. The site's own
menus (links to itself) and an honest list of partner sites (no strong finding on its links) stay.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Iterable, Sequence

import regex

from ...extraction.model import Element, Link
from ...findings import Finding, RuleInfo, Severity
from ..context import Context
from .links import INJECTED_LINK
from .web import PageSite, site_of_address

LINK_FARM = RuleInfo(
    "injection.link-farm", "A block of links to other sites, most of them spam, removed whole with its heading",
    "link-injection", Severity.HIGH, "remove-element",
)

_BLOCK_TAGS = {"div", "ul", "ol", "section", "aside", "p", "nav", "footer", "table", "dl", "span"}
MIN_LINKS = 3
#: Share of a block's links that lead to other sites, and share of them that strong findings touch.
OFFSITE_SHARE = 0.8
SPAM_SHARE = 0.75
#: Letters of a block's text outside its links: a heading ("Useful resources", "Đối tác"), not an article.
OTHER_LETTERS = 40
_LETTER = regex.compile(r"\p{L}")


class LinkFarms:
    """Turns strong findings on most links of a block of off-site links into the removal of the block."""

    rules = (LINK_FARM,)

    def may_report(self, context: Context) -> bool:
        """Never on its own: it only widens the findings of other detectors and the rule packs."""
        return False

    def detect(self, context: Context, findings: Sequence[Finding]) -> Iterable[Finding]:
        strong = [f for f in findings if f.severity >= Severity.HIGH and f.action != "report"]
        named = _named_spam_links(findings)
        if not (strong or named) or context.extraction.kind != "html":
            return
        site = PageSite.of(context.extraction)
        links = _Links([link for link in context.extraction.links if not link.element.hidden])
        farms = [e for e in context.extraction.elements
                 if e.tag in _BLOCK_TAGS and e.close_start is not None and not e.hidden
                 and _is_farm(context, e, links, [*strong, *named], site)]
        taken: list[Element] = []
        for farm in farms:
            if any(other is not farm and farm.start <= other.start and other.end <= farm.end for other in farms):
                continue  # the innermost block of the farm, with its heading
            farm = _with_heading(context, farm, links)
            taken.append(farm)
            yield context.element_finding(
                LINK_FARM, farm, confidence=0.85, signals=("link-farm",),
                message="Block of links to other sites, most of them spam: removed whole with its heading")
        for items in _lists(context.extraction.elements):
            for item in _spam_items(context, items, links, strong, site):
                if not any(f.start <= item.start and item.end <= f.end for f in taken):
                    yield context.element_finding(
                        LINK_FARM, item, confidence=0.85, signals=("spam-list-item",),
                        message="List item that is only a spam link: removed with the link")


def _lists(elements: Sequence[Element]) -> list[list[Element]]:
    """The visible items of each list, in order."""
    lists: dict[int, list[Element]] = {}
    for element in elements:
        if element.tag == "li" and element.close_start is not None and not element.hidden \
                and element.parent is not None and element.parent.tag in ("ul", "ol"):
            lists.setdefault(id(element.parent), []).append(element)
    return list(lists.values())


def _spam_items(context: Context, items: list[Element], links: _Links, strong: list[Finding],
                site: PageSite) -> list[Element]:
    """Items of a list that are only a spam link: spam slipped into an honest list goes with its item, not
    leaving an empty ``<li>`` behind. Links appended to a list run to its end: from the first spam item of
    its closing run of link-only items, the run goes when it holds two spam items or more, the quiet links
    after them too ("order modafinil" after "buy viagra online")."""
    kinds = []
    for item in items:
        link = _only_link(context, item, links)
        if link is None or not site.is_offsite(link.href):
            kinds.append("other")
        elif _touched(link, strong):
            kinds.append("spam")
        else:
            kinds.append("link")
    spam = {i for i, kind in enumerate(kinds) if kind == "spam"}
    tail = len(items)
    while tail > 0 and kinds[tail - 1] != "other":
        tail -= 1
    run = sorted(i for i in spam if i >= tail)
    if len(run) >= 2:
        spam.update(range(run[0], len(items)))
    return [items[i] for i in sorted(spam)]


def _only_link(context: Context, item: Element, links: _Links) -> Link | None:
    """The one link of a list item that has no text of its own, or None."""
    inside = links.within(item)
    if len(inside) != 1 or context.letters(item) > len(_LETTER.findall(inside[0].text)):
        return None
    return inside[0]


def _with_heading(context: Context, block: Element, links: _Links) -> Element:
    """The block, or the element around it when that holds no other link and only a heading's worth of text."""
    count = len(links.within(block))
    while block.parent is not None and block.parent.tag in _BLOCK_TAGS and block.parent.close_start is not None \
            and len(links.within(block.parent)) == count \
            and context.letters(block.parent) - context.letters(block) <= OTHER_LETTERS:
        block = block.parent
    return block


class _Links:
    """The visible links of a page in document order, looked up by the element that holds them."""

    def __init__(self, links: list[Link]) -> None:
        self.links = links
        self.starts = [link.element.start for link in links]

    def within(self, element: Element) -> list[Link]:
        first, stop = bisect_left(self.starts, element.start), bisect_left(self.starts, element.end)
        return [link for link in self.links[first:stop] if link.element.end <= element.end]


def _named_spam_links(findings: Sequence[Finding]) -> list[Finding]:
    """The link detector's reports on links whose anchor a rule names too, however weakly ("vashikaran specialist",
    a mention, to a site whose address names spam goods): one such link may be a citation; a block made of them is
    a farm."""
    named = {(f.start, f.end) for f in findings if f.rule_id != INJECTED_LINK.id and f.severity >= Severity.LOW}
    return [f for f in findings if f.rule_id == INJECTED_LINK.id
            and any(start < f.end and f.start < end for start, end in named)]


def _touched(link: Link, strong: list[Finding]) -> bool:
    """Whether a strong finding covers part of the link."""
    return any(f.start < link.element.end and link.element.start < f.end for f in strong)


def _is_farm(context: Context, block: Element, links: _Links, strong: list[Finding], site: PageSite) -> bool:
    inside = links.within(block)
    if len(inside) < MIN_LINKS:
        return False
    offsite = [link for link in inside if site.is_offsite(link.href)]
    if len(offsite) < OFFSITE_SHARE * len(inside):
        return False
    touched = [link for link in offsite if _touched(link, strong)]
    spam_sites = {site_of_address(link.href) for link in touched} - {None}
    spam = [link for link in offsite if link in touched or site_of_address(link.href) in spam_sites]
    if len(spam) < SPAM_SHARE * len(inside):
        return False
    link_letters = sum(len(_LETTER.findall(link.text)) for link in inside)
    return context.letters(block) - link_letters <= OTHER_LETTERS
