"""Head tags added next to the page's own: a second description, a second canonical address.

An injection into a page's ``<head>`` often adds its own set of tags before the site's (a description, keywords,
``og:`` tags, a canonical link and JSON-LD for the casino) instead of rewriting them. Cleaning the spam words out
of such a tag leaves an empty or half tag next to the real one; the tag goes whole instead. A tag counts as
added when the page has another of the same kind (``<meta name=description>`` twice, two ``rel=canonical``) and
only this one holds removed spam. Once a tag with spam was added, an address tag (``og:url``, a canonical link)
that points to another site than its twin goes too when an added tag names that site or no visible link of the
page goes there. A meta tag whose content is spam from end to end goes whole.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Iterable, Sequence

import regex

from ...extraction.model import Element
from ...findings import Finding, RuleInfo, Severity
from ..context import Context
from .ranges import covered, overlaps, removed_ranges
from .web import host_of, site_of

ADDED_HEAD_TAG = RuleInfo(
    "injection.added-head-tag", "A head tag (description, og:, canonical, JSON-LD) added next to the page's own, "
    "with spam or pointing to the spam's site", "keyword-injection", Severity.HIGH, "remove-element",
)

_LETTER = regex.compile(r"\p{L}")
_URL = regex.compile(r"https?://[^\s\"'<>\\]+")


class AddedHeadTags:
    """Runs after the detectors that remove text."""

    rules = (ADDED_HEAD_TAG,)

    def may_report(self, context: Context) -> bool:
        """Never on its own: it only follows removals of other findings."""
        return False

    def detect(self, context: Context, findings: Sequence[Finding]) -> Iterable[Finding]:
        if context.extraction.kind != "html":
            return
        removed = removed_ranges(findings)
        if not removed:
            return
        kinds: dict[str, list[Element]] = {}
        for element in context.extraction.elements:
            key = _kind(element, context.source)
            if key:
                kinds.setdefault(key, []).append(element)
        # a description or keywords tag that is spam from end to end says nothing once cleaned
        added = [e for elements in kinds.values() for e in elements if _all_spam(context.source, e, removed)]
        spam_throughout = {id(e) for e in added}
        duplicated = {key: elements for key, elements in kinds.items() if len(elements) > 1}
        for elements in duplicated.values():
            spam = [e for e in elements if overlaps(removed, e.start, e.end)]
            if spam and len(spam) < len(elements):
                added += [e for e in spam if e not in added]
        if added:
            added += _addresses_elsewhere(context, duplicated, added)
        for element in sorted(added, key=lambda e: e.start):
            if id(element) in spam_throughout:
                yield context.element_finding(
                    ADDED_HEAD_TAG, element, confidence=0.8, signals=("spam-throughout",),
                    message="Head tag whose content is spam from end to end: removed whole")
            else:
                yield context.element_finding(
                    ADDED_HEAD_TAG, element, confidence=0.8, signals=("duplicate-head-tag",),
                    message="Head tag added next to the page's own, with spam or pointing to the spam's site")


def _addresses_elsewhere(context: Context, duplicated: dict[str, list[Element]], added: list[Element]) -> list[Element]:
    """The duplicated address tags (``og:url``, canonical) that point to another site than their twin: to a
    site an added tag names, or to one that no visible link of the page goes to while the twin's site is."""
    spam_sites = {site_of(host) for e in added for host in _hosts(context.source[e.start:e.end])}
    linked = Counter(site_of(host) for link in context.extraction.links
                     if not link.element.hidden and (host := host_of(link.href)))
    out = []
    for elements in duplicated.values():
        sites = [{site_of(host) for host in _hosts(context.source[e.start:e.end])} for e in elements]
        if len(set().union(*sites)) < 2:
            continue
        elsewhere = [e for e, own in zip(elements, sites) if e not in added and own and (
            own <= spam_sites or not any(linked[x] for x in own) and any(linked[x] for other in sites for x in other))]
        if any(e not in added and e not in elsewhere for e in elements):  # the page keeps an address of its own
            out += elsewhere
    return out


def _kind(element: Element, source: str) -> str | None:
    """What a head tag says about the page: ``meta:description``, ``link:canonical``, ``ld+json:NewsArticle``...
    (a page describes itself in several JSON-LD blocks, one per type: an article, its breadcrumbs, the site)."""
    if element.tag == "meta":
        name = element.attrs.get("name") or element.attrs.get("property") or element.attrs.get("itemprop")
        return f"meta:{name.strip().lower()}" if name and "content" in element.attrs else None
    if element.tag == "link" and "canonical" in element.attrs.get("rel", "").lower().split():
        return "link:canonical"
    if element.tag == "script" and element.attrs.get("type", "").strip().lower() == "application/ld+json":
        end = element.close_start if element.close_start is not None else element.end
        return f"ld+json:{_ld_type(source[element.open_end:end])}"
    return None


def _ld_type(script: str) -> str:
    """The ``@type`` a JSON-LD block describes (its graph's types, sorted), or ``?`` when it does not say."""
    try:
        data = json.loads(script)
    except ValueError:
        return "?"
    items = data.get("@graph", [data]) if isinstance(data, dict) else data if isinstance(data, list) else []
    types = {str(t) for item in items if isinstance(item, dict)
             for t in (item.get("@type") if isinstance(item.get("@type"), list) else [item.get("@type")]) if t}
    return ",".join(sorted(types)) or "?"


def _hosts(source: str) -> list[str]:
    return [host for m in _URL.finditer(source) if (host := host_of(m.group()))]


def _all_spam(source: str, element: Element, removed: list[tuple[int, int]]) -> bool:
    """Whether a meta tag's content has letters and all of them are removed spam."""
    start = element.attr_starts.get("content")
    if element.tag != "meta" or start is None:
        return False
    quote = source[start - 1]
    end = source.find(quote, start, element.end) if quote in "\"'" else element.open_end
    letters = [m.start() for m in _LETTER.finditer(source, start, end if end > 0 else element.open_end)]
    return bool(letters) and all(covered(removed, at) for at in letters)
