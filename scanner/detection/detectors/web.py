"""Which site a page belongs to, and whether an address leads somewhere else."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit

from ...extraction import Element, Extraction

#: Social networks and video sites whose addresses name an account, not a site of its own.
SOCIAL_NETWORKS = frozenset((
    "x.com", "twitter.com", "facebook.com", "fb.com", "instagram.com", "youtube.com", "youtu.be", "linkedin.com",
    "tiktok.com", "threads.net", "pinterest.com", "flickr.com", "vimeo.com", "zalo.me",
))
# Second-level labels under a country code (example.com.vn, bbc.co.uk).
_SECOND_LEVEL = frozenset(("com", "co", "net", "org", "gov", "edu", "ac", "or", "go", "web", "info", "biz"))


def host_of(url: str) -> str | None:
    """The lower-case host of an absolute (or protocol-relative) web address, without ``www.``."""
    url = url.strip()
    if not (url.lower().startswith(("http://", "https://", "//"))):
        return None
    try:
        host = urlsplit(url if not url.startswith("//") else "http:" + url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def destination(url: str) -> str:
    """An address without its query and fragment: where a link leads, not what it carries. Share buttons
    carry the page's own address and title ("facebook.com/sharer.php?u=…/xo-so-mien-bac…"), which say
    nothing about the site they lead to. A profile on a social network is the network's address: the account's
    name (a lottery's "x.com/statelotterycommission" in its own footer) is no site an injection wants ranked."""
    address = url.split("#", 1)[0].split("?", 1)[0]
    host = host_of(address)
    if host is not None and site_of(host) in SOCIAL_NETWORKS:
        return address[:address.lower().find(host) + len(host)]
    return address


def site_of_address(url: str) -> str | None:
    """The registrable part of a web address's host (see ``site_of``), or None when it names no host."""
    host = host_of(url)
    return site_of(host) if host else None


def site_of(host: str) -> str:
    """The registrable part of a host: ``news.example.com.vn`` to ``example.com.vn``."""
    labels = host.split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


#: The last page asked about and its site (see ``PageSite.of``).
_last_site: tuple[Extraction, "PageSite"] | None = None


@dataclass(frozen=True)
class PageSite:
    """The sites a page calls its own; empty when the page does not say and its links do not tell."""

    sites: frozenset[str]

    def is_offsite(self, url: str) -> bool:
        site = site_of_address(url)
        return site is not None and site not in self.sites

    @classmethod
    def of(cls, extraction: Extraction) -> "PageSite":
        """Declared by ``<link rel=canonical>``, ``og:url`` or ``<base>``; else the site most visible links go to.

        An injection adds one or a few links; a site's own navigation links to
        itself many times, so the majority host of visible links is the site's.
        The detectors and the engine's exemptions ask for it many times per page: the last page's answer is kept.
        """
        global _last_site
        last = _last_site  # one read: another thread may replace it, never half of it
        if last is not None and last[0] is extraction:
            return last[1]
        declared = {site_of(h) for h in (host_of(u) for u in declared_urls(extraction.elements)) if h}
        site = cls(frozenset(declared)) if declared else cls.linked(extraction)
        _last_site = (extraction, site)
        return site

    @classmethod
    def linked(cls, extraction: Extraction) -> "PageSite":
        """The site most visible links go to, whatever the page declares."""
        counts = Counter(site_of(h) for h in (host_of(link.href) for link in extraction.links if not link.element.hidden) if h)
        if counts:
            site, count = counts.most_common(1)[0]
            if count >= 3 and count * 2 > sum(counts.values()):
                return cls(frozenset((site,)))
        return cls(frozenset())


def declared_urls(elements: list[Element]) -> list[str]:
    urls = []
    for element in elements:
        attrs = element.attrs
        if element.tag == "link" and "canonical" in attrs.get("rel", "").lower().split():
            urls.append(attrs.get("href", ""))
        elif element.tag == "meta" and attrs.get("property", "").lower() == "og:url":
            urls.append(attrs.get("content", ""))
        elif element.tag == "base":
            urls.append(attrs.get("href", ""))
    return urls


def inside(element: Element, start: int, end: int) -> bool:
    """Whether the source span ``start:end`` lies within the element."""
    return element.start <= start and end <= element.end
