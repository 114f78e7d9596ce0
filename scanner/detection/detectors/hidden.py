"""Hidden blocks: markup readers never see but crawlers index.

A hidden element is an injection when it carries links to other sites or
spam terms. A collapsed menu, a skip-link or a screen-reader label that points
mostly at the page's own site is not (a collapsed menu often ends with the
site's social profiles); neither is hidden text without either, nor a panel
without links to other sites that a control of the page opens (an FAQ's
collapsed answer, a tab).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import replace
from typing import Callable, Generic, Iterable, Sequence, TypeVar

import regex

from ...extraction import Element, Link, fold_string
from ...extraction.visibility import hiding_sheet
from ...findings import Finding, RuleInfo, Severity
from ..context import Context
from .vocabulary import SELLING_URL, Vocabulary, load_vocabulary
from .web import SOCIAL_NETWORKS, PageSite, destination, inside, site_of_address

#: Distinct rule matches (any severity) that make hidden text keyword stuffing rather than collapsed content.
STUFFED_TERMS = 3
#: Links to the site's own pages from which a hidden block is its own menu (spam added to it goes alone).
OWN_MENU = 3
#: Different keyword phrases linked to other sites that make a hidden block link building (see ``_stuffed_anchors``).
STUFFED_ANCHORS = 3
HIDDEN_BLOCK = RuleInfo(
    "hidden.block", "An element hidden from readers that carries off-site links or spam terms",
    "hidden-content", Severity.HIGH, "remove-element",
)
UNSIGNED_LINKS = RuleInfo(
    "hidden.offsite-links", "A hidden element whose links mostly lead to other sites, without spam terms",
    "hidden-content", Severity.MEDIUM, "report",
)
HIDDEN_TEXT = RuleInfo(
    "hidden.spam-text", "Hidden text with spam words but no links (collapsed content can be honest)",
    "hidden-content", Severity.MEDIUM, "report",
)

T = TypeVar("T")
_SELECTOR_NAMES = regex.compile(r"[.#]-?[_a-zA-Z][\w-]*")


def _stuffed_anchors(offsite: list[Link]) -> bool:
    """Whether ``STUFFED_ANCHORS`` or more different keyword phrases (two words or more, in lower case or a script
    without case) are the texts of links to other sites, some of those sites linked more than once ("download mod
    apk", "apk mod terbaru", "ml mod apk unlimited diamond" to two shops). That is how links are bought for a
    site's rank, in a family no word list names; the hidden menus and panels of a site name other sites once each
    (partners, vendors, its social profiles), by their names."""
    phrases: set[str] = set()
    sites: list[str] = []
    for link in offsite:
        site = site_of_address(destination(link.href))
        words = link.text.split()
        if site and site not in SOCIAL_NETWORKS and len(words) >= 2 and link.text == link.text.lower():
            phrases.add(" ".join(words))
            sites.append(site)
    return len(phrases) >= STUFFED_ANCHORS and len(set(sites)) < len(sites)


def _names(elements: Iterable[Element]) -> Counter[str]:
    """How many of the elements carry each ``.class`` and ``#id`` name."""
    names: Counter[str] = Counter()
    for element in elements:
        names.update({"." + name for name in element.attrs.get("class", "").split()})
        if element.attrs.get("id"):
            names["#" + element.attrs["id"]] += 1
    return names


def _toggled_ids(elements: Iterable[Element]) -> set[str]:
    """The ids of the panels that visible controls open or show: ``aria-controls``, Bootstrap's ``data-target`` and
    ``data-bs-target``, a link's ``href="#…"`` (a tab, with or without ``role="tab"``). An injection hides its
    block; it does not add a button to open it."""
    ids: set[str] = set()
    for element in elements:
        if element.hidden:
            continue
        attrs = element.attrs
        ids.update(attrs.get("aria-controls", "").split())
        for name in ("data-target", "data-bs-target"):
            ids.update(target[1:] for target in attrs.get(name, "").split() if target.startswith("#"))
        if element.tag == "a" and attrs.get("href", "").startswith("#"):
            ids.add(attrs["href"][1:])
    return ids


class _ByStart(Generic[T]):
    """Items sorted by where they start, to take those starting inside an element without a pass over all."""

    def __init__(self, items: Iterable[T], start: Callable[[T], int]) -> None:
        self.items = sorted(items, key=start)
        self.starts = [start(item) for item in self.items]

    def within(self, element: Element) -> list[T]:
        return self.items[bisect_left(self.starts, element.start):bisect_left(self.starts, element.end)]


# Elements whose content is not page text, or that other detectors judge (iframes).
_SKIP = frozenset(("script", "style", "iframe", "head", "title", "meta", "link", "input"))


class HiddenBlocks:
    """Finds hidden elements that carry off-site links or spam terms."""

    rules = (HIDDEN_BLOCK, UNSIGNED_LINKS, HIDDEN_TEXT)

    def __init__(self, vocabulary: Vocabulary | None = None) -> None:
        self.vocabulary = vocabulary or load_vocabulary()

    def may_report(self, context: Context) -> bool:
        """Triggers: a hidden element (hiding CSS, ``hidden``, ``<noscript>``) holding an off-site link
        or vocabulary (betting, promotion, brand or goods words) in its text."""
        extraction = context.extraction
        roots = [e for e in extraction.elements if e.hidden_root and e.tag not in _SKIP and e.end > e.open_end]
        if not roots:
            return False
        site = PageSite.of(extraction)
        for element in roots:
            if any(inside(element, link.element.start, link.element.end) and site.is_offsite(link.href)
                   for link in extraction.links):
                return True
            if self.vocabulary.signals_of(self._text(context, element), goods=True):
                return True
        return False

    def detect(self, context: Context, findings: Sequence[Finding]) -> Iterable[Finding]:
        extraction = context.extraction
        roots = [e for e in extraction.elements if e.hidden_root and e.tag not in _SKIP and e.end > e.open_end]
        if not roots:
            return
        site = PageSite.of(extraction)
        links_at = _ByStart(extraction.links, lambda link: link.element.start)
        findings_at = _ByStart(findings, lambda finding: finding.start)
        panels = _toggled_ids(extraction.elements)
        for element in roots:
            links = [link for link in links_at.within(element) if inside(element, link.element.start, link.element.end)]
            offsite = [link for link in links if site.is_offsite(link.href)]
            if not offsite and element.attrs.get("id") in panels:
                continue  # a collapsed answer or tab that a button on the page opens: the reader sees it on request
            named = [link for link in offsite if link.text]
            text = self._text(context, element)
            inner = [f for f in findings_at.within(element) if inside(element, f.start, f.end)]
            signals = [f"hidden:{element.hidden}"]
            if offsite:
                signals.append(f"offsite-links:{len(offsite)}")
            signals += sorted({f"rule:{f.rule_id}" for f in inner})
            signals += sorted(self.vocabulary.signals_of(text, goods=True))
            for link in offsite:
                signals += sorted(self.vocabulary.url_signals(destination(link.href)) - set(signals))
            if _stuffed_anchors(offsite):
                signals.append("anchor-stuffing")
            spammy = any(s.startswith(("rule:", "url-")) or s in ("betting-term", "brand-token", "goods-term", "anchor-stuffing")
                         for s in signals)
            # Keyword stuffing: one hidden term can be honest collapsed text, three distinct ones are not.
            stuffed = len({" ".join(f.match.casefold().split()) for f in inner}) >= STUFFED_TERMS
            strong_rule = stuffed or any(f.severity >= Severity.HIGH for f in inner)
            links_count = bool(named) or len(offsite) >= 2
            if spammy and not strong_rule and not any(self._selling(link) for link in offsite) and (
                    element.attrs.get("id") in panels or self.vocabulary.help_regex.search(fold_string(text))):
                # a collapsed answer a button opens, or a notice of help ("18+ … BeGambleAware", "GAMSTOP lets you
                # exclude yourself"), that only names the topic, its links naming nothing sold: the site's own
                signals.append("own-panel" if element.attrs.get("id") in panels else "help-notice")
                yield context.element_finding(
                    UNSIGNED_LINKS if links_count else HIDDEN_TEXT, element, severity=Severity.MEDIUM, confidence=0.4,
                    signals=tuple(signals), action="report",
                    message=f"Hidden panel ({element.hidden}) naming the topic, opened by the reader or offering help")
                continue
            mostly_offsite = 2 * len(offsite) > len(links)
            own = [link for link in links if link not in offsite]
            if links_count and spammy and len(own) >= OWN_MENU and len(own) > len(offsite):
                # the site's own hidden menu (a mobile menu, an accordion) with spam links added to it: they go,
                # the menu stays
                for link in offsite:
                    if self._selling(link):
                        yield context.element_finding(
                            HIDDEN_BLOCK, link.element, severity=Severity.CRITICAL, confidence=0.9,
                            signals=(*signals, "added-to-own-menu"),
                            message=f"Spam link added to a hidden menu of the site's own links ({element.hidden})")
            elif links_count and spammy:
                yield self._with_own_style(context, element, context.element_finding(
                    HIDDEN_BLOCK, element, severity=Severity.CRITICAL, confidence=0.97, signals=tuple(signals),
                    message=f"Hidden block ({element.hidden}) with {len(offsite)} off-site link(s) and spam terms",
                ))
            elif links_count and mostly_offsite:
                # Without a spam word in the text, the addresses or a rule's match, hidden links to other sites
                # are as often the site's own (a collapsed partner menu, cookie settings naming ad vendors).
                yield context.element_finding(
                    UNSIGNED_LINKS, element, severity=Severity.MEDIUM, confidence=0.5, signals=tuple(signals),
                    message=f"Hidden block ({element.hidden}) with {len(offsite)} off-site link(s) and no spam terms",
                )
            elif strong_rule or ("betting-term" in signals and ("brand-token" in signals or "promotion-term" in signals)):
                yield self._with_own_style(context, element, context.element_finding(
                    HIDDEN_BLOCK, element, confidence=0.9, signals=tuple(signals),
                    message=f"Hidden block ({element.hidden}) with spam terms",
                ))
            elif spammy:
                yield context.element_finding(
                    HIDDEN_TEXT, element, confidence=0.5, signals=tuple(signals),
                    message=f"Hidden text ({element.hidden}) mentioning "
                            + ("betting" if "betting-term" in signals else "what spam sells (drugs, loans, copies)"),
                )

    def _selling(self, link: Link) -> bool:
        """Whether a link's address or text names what spam sells (a betting site, a brand, goods)."""
        return bool(self.vocabulary.url_signals(destination(link.href)) & SELLING_URL
                    or self.vocabulary.signals_of(link.text) & {"betting-term", "brand-token", "goods-term"})

    @staticmethod
    def _with_own_style(context: Context, element: Element, finding: Finding) -> Finding:
        """The finding, also removing the ``<style>`` sheets brought along to hide this block: sheets made only of
        hiding rules whose every selector names classes or ids that no element outside the block carries. A
        rule inside the site's own sheet stays: unused rules are common in a site's CSS, and the site's sheet
        is not the injection's to remove."""
        elements = context.extraction.elements
        sheets = context.memo("hidden.styles", lambda: [e for e in elements if e.tag == "style" and e.close_start is not None])
        styles = [e for e in sheets if not element.start <= e.start < element.end]
        if not styles:
            return finding
        everywhere = context.memo("hidden.names", lambda: _names(elements))
        inside = _names(e for e in elements[bisect_left(context.element_starts, element.start):
                                            bisect_left(context.element_starts, element.end)])
        own = {name for name, count in inside.items() if count == everywhere[name]}
        extra = []
        for style in styles:
            rules = hiding_sheet(context.source[style.open_end:style.close_start])
            if rules and all((names := set(_SELECTOR_NAMES.findall(selector))) and names <= own
                             for selectors in rules for selector in selectors):
                extra.append((style.start, style.end))
        if not extra:
            return finding
        return replace(finding, ranges=tuple(sorted(finding.ranges + tuple(extra))), signals=finding.signals + ("own-style",))

    @staticmethod
    def _text(context: Context, element: Element) -> str:
        """The hidden-scope text inside an element."""
        view = context.extraction.view("hidden")
        lo = view.index_at(element.open_end)
        hi = view.index_at(element.close_start if element.close_start is not None else element.end)
        return view.text[lo:hi]
