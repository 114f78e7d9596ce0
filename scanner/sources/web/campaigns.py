"""Campaigns: the same injected string, or the same set of linked hosts, on many pages.

One attacker usually plants the same payload across a whole site (or many
sites), so grouping findings this way turns a thousand findings into one item
to act on. Only a bounded number of page names is kept per campaign, so a
100,000-page crawl keeps its memory flat.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urlsplit

import regex

from ...findings import DocumentResult

MAX_LISTED_PAGES = 100
_URL = regex.compile(r"https?://[^\s\"'<>]+", regex.IGNORECASE)


@dataclass
class Campaign:
    kind: str  # "text": one injected string; "links": one set of linked hosts
    key: str
    rules: set[str] = field(default_factory=set)
    pages: list[str] = field(default_factory=list)  # the first MAX_LISTED_PAGES
    count: int = 0
    first_seen: str = ""
    last_seen: str = ""

    def as_dict(self) -> dict:
        return {"kind": self.kind, "key": self.key, "rules": sorted(self.rules), "pages": self.count,
                "listed_pages": list(self.pages), "first_seen": self.first_seen, "last_seen": self.last_seen}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class Campaigns:
    """Collects keys as results stream by; ``found()`` lists those seen on ``min_pages`` pages or more."""

    min_pages: int = 2
    _by_key: dict[tuple[str, str], Campaign] = field(default_factory=dict)

    def add(self, result: DocumentResult) -> None:
        page = result.metadata.get("link") or result.metadata.get("url") or result.source
        keys: dict[tuple[str, str], set[str]] = {}
        hosts: set[str] = set()
        for finding in result.findings:
            text = " ".join(finding.match.split()).casefold()
            if text:
                keys.setdefault(("text", text), set()).add(finding.rule_id)
            hosts.update(urlsplit(url).hostname or "" for url in _URL.findall(finding.match))
        hosts.discard("")
        if hosts:
            keys[("links", ", ".join(sorted(hosts)))] = {f.rule_id for f in result.findings}
        when = _now()
        for key, rules in keys.items():
            campaign = self._by_key.setdefault(key, Campaign(*key, first_seen=when))
            if page in campaign.pages:
                continue
            campaign.rules |= rules
            campaign.count += 1
            campaign.last_seen = when
            if len(campaign.pages) < MAX_LISTED_PAGES:
                campaign.pages.append(page)

    def found(self) -> list[Campaign]:
        """Campaigns on at least ``min_pages`` pages, the widest first."""
        wide = [c for c in self._by_key.values() if c.count >= self.min_pages]
        return sorted(wide, key=lambda c: (-c.count, c.kind, c.key))
