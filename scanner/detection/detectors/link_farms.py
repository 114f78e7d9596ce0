"""Link farms: a block of visible links to other sites, most of them spam.

"Useful resources: payday loans online same day · no credit check loans direct lender · real money pokies
australia · car title loans near me". The spam links of such a block are found one by one (by their anchors and
addresses); the rest of the block ("car title loans near me", the heading "Useful resources") is the same
injection. A block goes whole when it holds at least ``MIN_LINKS`` visible links, nearly all to other sites,
strong findings touch at least half of them, and little of its text is not link text (a heading). The site's
own menus (links to itself) and an honest list of partner sites (no strong finding on its links) stay.
"""

from __future__ import annotations

from typing import Iterable, Sequence

import regex

from ...extraction.model import Element, Link
from ...findings import Finding, RuleInfo, Severity
from ..context import Context
from .web import PageSite

LINK_FARM = RuleInfo(
    "injection.link-farm", "A block of links to other sites, most of them spam, removed whole with its heading",
    "link-injection", Severity.HIGH, "remove-element",
)

_BLOCK_TAGS = {"div", "ul", "ol", "section", "aside", "p", "nav", "footer", "table", "dl", "span"}
MIN_LINKS = 3
#: Share of a block's links that lead to other sites, and share of them that strong findings touch.
OFFSITE_SHARE = 0.8
SPAM_SHARE = 0.5
#: Letters of a block's text outside its links: a heading ("Useful resources", "Đối tác"), not an article.
OTHER_LETTERS = 40
_TAG = regex.compile(r"<[^>]*>")
_LETTER = regex.compile(r"\p{L}")


class LinkFarms:
    """Turns strong findings on most links of a block of off-site links into the removal of the block."""

    rules = (LINK_FARM,)

    def may_report(self, context: Context) -> bool:
        """Never on its own: it only widens the findings of other detectors and the rule packs."""
        return False

    def detect(self, context: Context, findings: Sequence[Finding]) -> Iterable[Finding]:
        strong = [f for f in findings if f.severity >= Severity.HIGH and f.action != "report"]
        if not strong or context.extraction.kind != "html":
            return
        site = PageSite.of(context.extraction)
        links = [link for link in context.extraction.links if not link.element.hidden]
        farms = [e for e in context.extraction.elements
                 if e.tag in _BLOCK_TAGS and e.close_start is not None and not e.hidden
                 and _is_farm(context.source, e, links, strong, site)]
        for farm in farms:
            if any(other is not farm and other.start <= farm.start and farm.end <= other.end for other in farms):
                continue  # the outermost block of the farm goes
            yield context.element_finding(
                LINK_FARM, farm, confidence=0.85, signals=("link-farm",),
                message="Block of links to other sites, most of them spam: removed whole with its heading")


def _is_farm(source: str, block: Element, links: list[Link], strong: list[Finding], site: PageSite) -> bool:
    inside = [link for link in links if block.start <= link.element.start and link.element.end <= block.end]
    if len(inside) < MIN_LINKS:
        return False
    offsite = [link for link in inside if site.is_offsite(link.href)]
    if len(offsite) < OFFSITE_SHARE * len(inside):
        return False
    spam = [link for link in offsite
            if any(f.start < link.element.end and link.element.start < f.end for f in strong)]
    if len(spam) < SPAM_SHARE * len(inside):
        return False
    letters = len(_LETTER.findall(_TAG.sub(" ", source[block.open_end:block.close_start])))
    link_letters = sum(len(_LETTER.findall(link.text)) for link in inside)
    return letters - link_letters <= OTHER_LETTERS
