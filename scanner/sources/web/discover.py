"""From a target to the pages and embedded content to scan.

A target is a page, a site root (its robots.txt sitemaps and /sitemap.xml too),
a sitemap or sitemap index (``.xml.gz`` too, nested up to ``max_depth``, cycles
skipped), a plain-text sitemap (one address a line), an RSS or Atom feed (each item's link, and its embedded content,
title and excerpt) or a WordPress REST API root (``/wp-json``: every page of
posts and pages, each post's link and its rendered content, title and excerpt). What a URL is, is decided by what it
serves, not by its name.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from typing import AsyncIterator
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree
from xml.parsers import expat

from ...errors import FetchError
from .decoding import BoundedDecoder
from .fetch import Fetcher, Page, PassedOver
from .safety import CREDENTIALS_REFUSED, SCHEMES, redact

WP_PER_PAGE = 100


@dataclass(frozen=True)
class Target:
    """A page to fetch (``html`` is None) or embedded HTML (or text: ``kind``) found inside a feed or API answer."""

    source: str
    html: bytes | None = None
    kind: str = "html"
    page: Page | None = None  # already fetched while classifying the target
    metadata: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    skipped: str | None = None  # why it is passed over: disallowed by robots.txt, beyond a limit
    depth: int = 0


def is_url(argument: str) -> bool:
    """An http(s) URL argument rather than a path."""
    return argument.lower().startswith(("http://", "https://"))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _xml(body: bytes, max_bytes: int, meant_as_xml: bool = False) -> ElementTree.Element | None:
    """The root of an XML body (gunzipped when it is a bare .gz), or None when it is not XML.

    A body that is XML, or was meant to be (``meant_as_xml``: an address ending in ``.xml`` or ``.xml.gz``, an
    XML content type) but does not parse raises ``FetchError`` with the reason: a broken sitemap must not pass
    for a page without text. A bare ``&`` in an address, which many sitemap generators write, is read as ``&amp;``.
    A ``<!DOCTYPE>`` is read past, but XML that declares entities is refused: sitemaps and feeds never need them,
    and entity expansion is how XML bombs work. An HTML page's doctype makes it a page, unparsed.
    """
    if body[:2] == b"\x1f\x8b":
        body = BoundedDecoder("gzip", max_bytes).feed(body)
    start = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:200]
    if not start.startswith(b"<"):
        if meant_as_xml:
            raise FetchError("not XML (neither a sitemap nor a feed)")
        return None
    looks_xml = start.startswith(b"<?xml") or _XML_ROOT.match(start) is not None or _XML_DOCTYPE.match(start) is not None
    if _HTML_DOCTYPE.search(body[:4096]):
        return None
    if _declares_entities(body):
        if looks_xml or meant_as_xml:
            raise FetchError(_ENTITIES_REFUSED)
        return None
    try:
        return ElementTree.fromstring(body)
    except ElementTree.ParseError as error:
        mended = _BARE_AMPERSAND.sub(b"&amp;", body)
        if _declares_entities(mended):  # a bare '&' broke a declaration the first reading stopped at
            raise FetchError(_ENTITIES_REFUSED) from None
        try:
            return ElementTree.fromstring(mended)
        except ElementTree.ParseError:
            if looks_xml or meant_as_xml:
                raise FetchError(f"broken XML ({error})") from None
            return None


_ROOTS = rb"(?:[\w-]+:)?(?:urlset|sitemapindex|rss|feed|rdf)\b"
_XML_ROOT = re.compile(rb"<" + _ROOTS, re.IGNORECASE)
_XML_DOCTYPE = re.compile(rb"<!DOCTYPE\s+" + _ROOTS, re.IGNORECASE)
_HTML_DOCTYPE = re.compile(rb"<!DOCTYPE\s+html\b", re.IGNORECASE)
_BARE_AMPERSAND = re.compile(rb"&(?!(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);)")
_ENTITIES_REFUSED = "refused: the XML declares entities (<!ENTITY>), which sitemaps and feeds never need"


class _PrologRead(Exception):
    """Raised from expat's handlers to stop reading once the answer is known."""


def _declares_entities(body: bytes) -> bool:
    """Whether the document type declaration declares an entity, read by expat up to the root element only.

    Expat, not a search of the bytes, so that a UTF-16 document cannot hide its ``<!ENTITY``; it stops at the
    first declaration or the first element, whichever comes first, before any entity is expanded.
    """
    def declared(*_: object) -> None:
        raise _PrologRead(True)

    def element(*_: object) -> None:
        raise _PrologRead(False)

    parser = expat.ParserCreate()
    parser.EntityDeclHandler = declared
    parser.StartElementHandler = element
    try:
        parser.Parse(body, True)
    except _PrologRead as answer:
        return bool(answer.args[0])
    except expat.ExpatError:
        return False
    return False


def _meant_as_xml(url: str, content_type: str) -> bool:
    """Whether the address or the content type says XML (a sitemap or a feed, when asked for one)."""
    path = urlsplit(url).path.lower()
    return path.endswith((".xml", ".xml.gz", ".rss", ".atom")) or ("xml" in content_type and "html" not in content_type)


_ABSOLUTE_ADDRESS = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")


def _text_sitemap(url: str, page: Page) -> list[str] | None:
    """The addresses a plain-text sitemap lists, or None when ``page`` is not one.

    sitemaps.org allows a UTF-8 text file of one absolute URL a line. It is one when served as ``text/plain`` or
    named ``.txt``, every line that is not blank is an address (``file:`` or ``mailto:`` junk is skipped later, as
    in an XML sitemap) and one at least is http(s): a text page of prose, or one that only quotes an address among
    its sentences, is a page to scan.
    """
    if page.content_type != "text/plain" and not urlsplit(url).path.lower().endswith(".txt"):
        return None
    try:
        text = page.body.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return None
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not any(is_url(line) for line in lines) or not all(_ABSOLUTE_ADDRESS.fullmatch(line) for line in lines):
        return None
    return lines


def _children(element: ElementTree.Element, name: str) -> list[ElementTree.Element]:
    return [child for child in element if _local(child.tag) == name]


def _text(element: ElementTree.Element, name: str) -> str:
    found = _children(element, name)
    return (found[0].text or "").strip() if found else ""


def _has_credentials(url: str) -> bool:
    parts = urlsplit(url)
    return parts.username is not None or parts.password is not None


NOT_HTTP = "not an http(s) address"
_USERINFO = re.compile(r"^([^:/?#]*://[^:@/?#]*):[^@/?#]*@")


def _resolve(base: str, location: str) -> str:
    """``location`` read against ``base``; as written when it cannot be parsed (``_not_requested`` says why)."""
    try:
        return urljoin(base, location)
    except ValueError:
        return location


def _not_requested(url: str, depth: int) -> Target | None:
    """The target for an address found in a sitemap, feed, API answer or robots.txt that is never requested, else
    None: another scheme (``file:``, ``javascript:``, ``ftp:``), which sitemaps often carry as junk, is skipped;
    one with credentials is refused as it is on the command line, and one that cannot be parsed fails. All are
    named without their password."""
    try:
        scheme = urlsplit(url).scheme
    except ValueError as error:
        return Target(_USERINFO.sub(r"\1:***@", url), error=f"not a valid address ({error})", depth=depth)
    if scheme.lower() not in SCHEMES:
        return Target(redact(url), skipped=NOT_HTTP, depth=depth)
    if _has_credentials(url):
        return Target(redact(url), error=CREDENTIALS_REFUSED, depth=depth)
    return None


def _found(url: str, found_in: str, depth: int = 0) -> Target:
    """A page a sitemap, feed or API answer links to (see ``_not_requested`` for those that are not fetched)."""
    return _not_requested(url, depth) or Target(url, metadata={"found_in": found_in}, depth=depth)


def _embedded(entry: ElementTree.Element, name: str) -> str:
    """The text of ``entry``'s first ``name`` child; Atom's inline XHTML (``type="xhtml"``) as HTML."""
    found = _children(entry, name)
    if not found:
        return ""
    element = found[0]
    if element.get("type") != "xhtml":
        return (element.text or "").strip()
    parts = [element.text or ""]
    for child in element:
        markup = copy.deepcopy(child)
        for node in markup.iter():  # <a>, not <ns0:a xmlns:ns0=...>, which no HTML reader takes for a link
            node.tag = _local(node.tag)
            node.attrib = {_local(key): value for key, value in node.attrib.items()}
        parts.append(ElementTree.tostring(markup, encoding="unicode"))  # with its tail
    return "".join(parts).strip()


class Discoverer:
    """Expands targets into ``Target``s; sitemaps are visited once each, however often they are listed."""

    def __init__(self, fetcher: Fetcher, max_depth: int, max_bytes: int) -> None:
        self.fetcher = fetcher
        self.max_depth = max_depth
        self.max_bytes = max_bytes
        self._sitemaps: set[str] = set()

    async def expand(self, url: str) -> AsyncIterator[Target]:
        path = urlsplit(url).path
        if "/wp-json" in path:
            async for target in self._wordpress(url[: url.index("/wp-json") + len("/wp-json")]):
                yield target
            return
        try:
            page = await self.fetcher.fetch(url)
        except PassedOver as passed:  # the site's wish or the audit's limit, as for a page found in a sitemap
            yield Target(url, skipped=passed.reason)
            return
        except FetchError as error:
            yield Target(url, error=str(error))
            return
        try:
            root = _xml(page.body, self.max_bytes, _meant_as_xml(url, page.content_type)) if page.ok else None
        except FetchError as error:
            yield Target(url, error=str(error))
            return
        kind = _local(root.tag) if root is not None else ""
        if kind in ("urlset", "sitemapindex"):
            self._sitemaps.add(url)
            async for target in self._sitemap(url, root, 1):
                yield target
        elif kind in ("rss", "feed", "rdf"):
            for target in self._feed(url, root):
                yield target
        elif page.ok and (listed := _text_sitemap(url, page)) is not None:
            self._sitemaps.add(url)
            for address in listed:
                yield _found(address, url, 1)
        else:
            yield Target(url, page=page)
            if path in ("", "/"):
                async for target in self._site(url):
                    yield target

    async def _site(self, root_url: str) -> AsyncIterator[Target]:
        listed = list((await self.fetcher.robots_for(root_url)).sitemaps)
        for candidate in [*listed, urljoin(root_url, "/sitemap.xml")]:
            if candidate in self._sitemaps:
                continue
            async for target in self._load_sitemap(candidate, 1, quiet=candidate not in listed):
                yield target

    async def _load_sitemap(self, url: str, depth: int, quiet: bool = False) -> AsyncIterator[Target]:
        self._sitemaps.add(url)
        if (refused := _not_requested(url, depth)) is not None:
            yield refused
            return
        try:
            page = await self.fetcher.fetch(url)
            listed = _text_sitemap(url, page) if page.ok else None
            root = _xml(page.body, self.max_bytes, meant_as_xml=True) if page.ok and listed is None else None
            if listed is None and (root is None or _local(root.tag) not in ("urlset", "sitemapindex")):
                raise FetchError(f"{url}: not a sitemap (HTTP {page.status})")
        except FetchError as error:
            if not quiet:  # a guessed /sitemap.xml that is not there is no failure
                yield Target(url, error=str(error), depth=depth)
            return
        if listed is not None:
            for address in listed:
                yield _found(address, url, depth)
            return
        async for target in self._sitemap(url, root, depth):
            yield target

    async def _sitemap(self, url: str, root: ElementTree.Element, depth: int) -> AsyncIterator[Target]:
        if _local(root.tag) == "urlset":
            for entry in _children(root, "url"):
                if location := _text(entry, "loc"):
                    yield _found(_resolve(url, location), url, depth)
            return
        for entry in _children(root, "sitemap"):
            location = _resolve(url, _text(entry, "loc"))
            if not _text(entry, "loc") or location in self._sitemaps:
                continue  # a cycle, or listed twice
            if (refused := _not_requested(location, depth)) is not None:
                yield refused
                continue
            if depth >= self.max_depth:
                yield Target(location, skipped=f"sitemap nested deeper than {self.max_depth}", depth=depth)
                continue
            async for target in self._load_sitemap(location, depth + 1):
                yield target

    def _feed(self, url: str, root: ElementTree.Element) -> list[Target]:
        """RSS ``item``s and Atom ``entry``s: the linked page, and what the feed embeds.

        An item's content (``content:encoded``, else ``content``, ``description`` or ``summary``) is
        ``feed.xml#item-1``; a ``description`` or ``summary`` beside it is ``feed.xml#item-1:excerpt`` and the
        title ``feed.xml#item-1:title``, as a WordPress export names a post's: injected titles and excerpts are
        common, and WordPress feeds carry the excerpt in ``description``.
        """
        items = list(root.iter())
        entries = [e for e in items if _local(e.tag) in ("item", "entry")]
        targets: list[Target] = []
        for number, entry in enumerate(entries, 1):
            link = _text(entry, "link")
            for element in _children(entry, "link"):
                if element.get("href") and element.get("rel", "alternate") == "alternate":
                    link = element.get("href", "")
            record = {"feed": url, "item": str(number), **({"link": _resolve(url, link)} if link else {})}
            bodies = [body for name in ("encoded", "content", "description", "summary")
                      if (body := _embedded(entry, name))]
            title = _children(entry, "title")
            embedded = {"": bodies[0] if bodies else "",
                        ":title": _embedded(entry, "title") if title else "",
                        ":excerpt": bodies[1] if len(bodies) > 1 and bodies[1] != bodies[0] else ""}
            for part, text in embedded.items():
                if text:
                    kind = "text" if part == ":title" and title[0].get("type", "text") == "text" else "html"
                    targets.append(Target(f"{url}#item-{number}{part}", html=text.encode("utf-8"), kind=kind,
                                          metadata=record))
            if link:
                targets.append(_found(_resolve(url, link), url))
        return targets

    async def _wordpress(self, api: str) -> AsyncIterator[Target]:
        """Every post and page: ``X-WP-TotalPages`` says how many result pages there are."""
        for collection in ("posts", "pages"):
            number, total = 1, 1
            while number <= total:
                url = f"{api}/wp/v2/{collection}?per_page={WP_PER_PAGE}&page={number}"
                try:
                    page = await self.fetcher.fetch(url, {"accept": "application/json"})
                    if page.status == 400 and number > 1:
                        break  # WordPress answers 400 past the last page
                    if not page.ok:
                        raise FetchError(f"{url}: HTTP {page.status}")
                    items = json.loads(page.body)
                    if not isinstance(items, list):
                        raise FetchError(f"{url}: not a WordPress collection")
                except (FetchError, ValueError) as error:
                    yield Target(url, error=str(error) if isinstance(error, FetchError) else f"{url}: bad JSON")
                    break
                header = page.headers.get("x-wp-totalpages", "")
                total = int(header) if header.isdigit() else (total + 1 if items else total)
                for item in items:
                    for target in self._wordpress_item(api, collection, item):
                        yield target
                number += 1

    def _wordpress_item(self, api: str, collection: str, item: object) -> list[Target]:
        """A post's rendered content ``.../posts/12``, title ``.../posts/12:title`` and excerpt
        ``.../posts/12:excerpt`` (all HTML, as WordPress renders them), named as a WordPress export names them."""
        if not isinstance(item, dict):
            return []
        link = item.get("link") if isinstance(item.get("link"), str) else None
        record = {"api": api, "collection": collection, "id": str(item.get("id", "")), **({"link": link} if link else {})}
        targets: list[Target] = []
        for field_name, part in (("content", ""), ("title", ":title"), ("excerpt", ":excerpt")):
            value = item.get(field_name)
            rendered = value.get("rendered") if isinstance(value, dict) else None
            if isinstance(rendered, str) and rendered.strip():
                targets.append(Target(f"{api}/wp/v2/{collection}/{item.get('id', '')}{part}",
                                      html=rendered.encode("utf-8"), metadata=record))
        if link:
            targets.append(_found(link, api))
        return targets
