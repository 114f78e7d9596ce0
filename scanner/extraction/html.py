"""HTML to text, with every character mapped back to the raw source.

A small tokenizer of our own rather than a tree builder: it never drops text at
a nesting limit, never re-serialises the page, and knows the exact source span
of every tag, text run and entity. What it cannot parse is kept as text.
"""

from __future__ import annotations

import html
import re

import regex

from .model import Element, Extraction, Link
from .textview import TextBuilder, TextView
from .visibility import Stylesheet

# The tokenizer's patterns use the standard library's engine, which runs them 2-3x faster than ``regex``.
# Its ``\s`` also matches U+001C-U+001F, so white space is spelled out: the Unicode White_Space
# characters, exactly what ``regex``'s ``\s`` matches (and what the rest of the package means by it).
_WS = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_WS_BUT_SPACE = _WS.replace(" ", "")
_TOKEN = re.compile(
    rf"""(?P<comment><!--.*?(?:-->|\Z))
      | (?P<decl><![^>]*>|<\?[^>]*>)
      | (?P<end></(?P<end_name>[a-zA-Z][^{_WS}/>]*)[^>]*>)
      | (?P<start><(?P<name>[a-zA-Z][^{_WS}/>]*)(?P<attrs>(?:[^>"']|"[^"]*"|'[^']*')*)>)
    """,
    re.DOTALL | re.VERBOSE,
)
_ATTR = re.compile(rf"""([^{_WS}"'>/=]+)(?:[{_WS}]*=[{_WS}]*(?:"([^"]*)"|'([^']*)'|([^{_WS}>]+)))?""")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)")

VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
RAW_TEXT = frozenset(("script", "style", "textarea", "title", "xmp"))
#: A JSON string, and whether it is an object key.
_JSON_STRING = regex.compile(r'"((?:[^"\\\n]|\\.)*)"(\s*:)?')
#: A JSON-LD value that is a whole web address.
_JSON_ADDRESS = regex.compile(r"https?:(?:\\?/){2}[^\s\"]+$")
_ADDRESS_START = regex.compile(r"https?:(?:\\?/){2}")
#: Elements whose content a browser never shows on the page.
NEVER_SHOWN = {"noscript": "inside <noscript>", "template": "inside <template>"}
BLOCK = frozenset(
    """address article aside blockquote br caption center dd details dialog div dl dt fieldset figcaption figure
    footer form h1 h2 h3 h4 h5 h6 header hr legend li main menu nav ol optgroup option p pre section select
    summary table td th tr ul title body html svg text""".split()
)  # an SVG's <text> elements are placed apart: "Grafik anggaran 2024" and a label added after it are two lines
ATTRIBUTE_TEXT = ("alt", "title", "aria-label")
#: Attributes that may carry a page fragment a frame shows or a script writes into the page (``srcdoc``,
#: ``data-content="<p><a href=…>…</a></p>"``): the fragment's text is read with the attributes.
_MARKUP = regex.compile(r"</?[a-zA-Z][^>]*>")
#: A string of generated content in a style sheet (``.footer::before{content:"…"}``), shown as the page's text.
_CSS_CONTENT = regex.compile(r"""\bcontent\s*:\s*(?:"([^"\\\n]{2,})"|'([^'\\\n]{2,})')""")
#: An ``<option>`` value that is a web address: a jump menu ("Liên kết website") opens it, so the option is a link.
_JUMP_ADDRESS = re.compile(r"(?:https?:)?//[^\s/]")
#: Meta tags whose content describes the page (``name``, ``property`` or microdata's ``itemprop``).
META_NAMES = frozenset(("description", "keywords", "og:title", "og:description", "twitter:title", "twitter:description",
                        "citation_keywords", "news_keywords", "headline", "name"))


def parse_attrs(raw: str, offset: int) -> tuple[dict[str, str], dict[str, int], dict[str, str]]:
    """Attribute values (entities decoded), where each raw value starts in the source, and the raw values."""
    attrs: dict[str, str] = {}
    starts: dict[str, int] = {}
    raws: dict[str, str] = {}
    if not raw:
        return attrs, starts, raws
    for match in _ATTR.finditer(raw):
        name = match.group(1).lower()
        if name in attrs:
            continue
        for group in (2, 3, 4):
            if match.group(group) is not None:
                raws[name] = match.group(group)
                attrs[name] = html.unescape(raws[name])
                starts[name] = offset + match.start(group)
                break
        else:
            attrs[name] = raws[name] = ""
            starts[name] = offset + match.end(1)
    return attrs, starts, raws


# What add_text cannot copy as it is: an entity, a run of two or more white-space characters, or one that is not a space.
_TEXT_SPECIAL = re.compile(rf"&[^&{_WS}<]*|[{_WS}]{{2,}}|[{_WS_BUT_SPACE}]")
_CLOSE_TAG: dict[str, regex.Pattern] = {}


def add_text(builder: TextBuilder, raw: str, offset: int) -> None:
    """Append raw HTML text: entities decoded, whitespace runs folded to one space.

    A single space between two characters stays as it is, so the text between
    entities and longer white-space runs is copied in one piece.
    """
    if _TEXT_SPECIAL.search(raw) is None:  # most runs: words and single spaces
        if raw:
            _add_plain(builder, raw, 0, len(raw), offset)
        return
    position = 0
    for match in _TEXT_SPECIAL.finditer(raw):
        start, end = match.span()
        if start > position:
            _add_plain(builder, raw, position, start, offset)
        token = match.group()
        if token[0] == "&":
            entity = _ENTITY.match(token)
            if entity:
                decoded = html.unescape(entity.group())
                builder.add_mapped(decoded, offset + start, offset + start + entity.end())
                if entity.end() < len(token):
                    builder.add_verbatim(token[entity.end():], offset + start + entity.end())
            else:
                builder.add_verbatim(token, offset + start)
        elif builder.last_char not in (" ", "\n", ""):
            builder.add_mapped(" ", offset + start, offset + end)
        position = end
    if position < len(raw):
        _add_plain(builder, raw, position, len(raw), offset)


def _add_plain(builder: TextBuilder, raw: str, start: int, end: int, offset: int) -> None:
    """``raw[start:end]``: no entity, and white space only as single spaces between other characters,
    except perhaps a space at the very start (after an entity, or at the start of the run)."""
    if raw[start] == " ":
        if builder.last_char not in (" ", "\n", ""):
            builder.add_mapped(" ", offset + start, offset + start + 1)
        start += 1
        if start == end:
            return
    builder.add_verbatim(raw[start:end], offset + start)


def separate(builder: TextBuilder, at: int) -> None:
    """End a block: a newline in the text, mapped to an empty span at ``at``."""
    if builder.last_char not in ("\n", ""):
        builder.add_mapped("\n", at, at)


class _Open:
    """An element still open on the tokenizer's stack, and where its text goes."""

    __slots__ = ("element", "builder")

    def __init__(self, element: Element, builder: TextBuilder | None) -> None:
        self.element = element
        self.builder = builder


def extract_html(source: str) -> Extraction:
    """Split an HTML page into the scopes rules look at, each mapped to the source."""
    scopes = {name: TextBuilder() for name in ("text", "title", "meta", "attributes", "links", "hidden", "comments", "scripts")}
    stylesheet = Stylesheet(source)
    elements: list[Element] = []
    links: list[Link] = []
    stack: list[_Open] = []
    position = 0
    length = len(source)

    def current_text() -> TextBuilder:
        return stack[-1].builder if stack and stack[-1].builder is not None else scopes["text"]

    while position < length:
        next_lt = source.find("<", position)
        if next_lt == -1:
            next_lt = length
        if next_lt > position:
            add_text(current_text(), source[position:next_lt], position)
            position = next_lt
            continue
        match = _TOKEN.match(source, position)
        if match is None:
            add_text(current_text(), "<", position)
            position += 1
            continue
        kind = match.lastgroup if match.lastgroup in ("comment", "decl") else ("end" if match.group("end") else "start")
        if kind == "comment":
            separate(scopes["comments"], match.start())
            scopes["comments"].add_verbatim(match.group(), match.start())
            position = match.end()
            continue
        if kind == "decl":
            position = match.end()
            continue
        if kind == "end":
            name = match.group("end_name").lower()
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth].element.tag == name:
                    for opened in stack[depth:]:
                        opened.element.close_start = match.start() if opened is stack[depth] else None
                        opened.element.end = match.end() if opened is stack[depth] else match.start()
                    del stack[depth:]
                    break
            if name in BLOCK:
                separate(current_text(), match.start())
            position = match.end()
            continue
        name = match.group("name").lower()
        attrs, value_starts, raw_values = parse_attrs(match.group("attrs"), match.start("attrs"))
        parent = stack[-1].element if stack else None
        element = Element(
            tag=name, attrs=attrs, attr_starts=value_starts, start=match.start(), open_end=match.end(),
            close_start=None, end=match.end(), hidden=None, hidden_root=False, parent=parent,
        )
        reason = NEVER_SHOWN.get(name) or stylesheet.reason_for(element)
        hidden_by_parent = parent is not None and parent.hidden is not None
        element.hidden = reason or (parent.hidden if hidden_by_parent else None)
        element.hidden_root = reason is not None and not hidden_by_parent
        if element.hidden_root:  # hidden blocks apart in the page are apart in the hidden text too
            separate(scopes["hidden"], match.start())
        elements.append(element)
        position = match.end()
        _record_attributes(element, raw_values, scopes)
        if name in BLOCK:
            separate(current_text(), match.start())
        if name in RAW_TEXT:
            close_tag = _CLOSE_TAG.get(name)
            if close_tag is None:
                close_tag = _CLOSE_TAG[name] = regex.compile(rf"</{name}\s*>", regex.IGNORECASE)
            close = close_tag.search(source, position)
            body_end = close.start() if close else length
            _add_raw_text(element, source[position:body_end], position, scopes, current_text())
            element.close_start = close.start() if close else None
            element.end = close.end() if close else length
            position = element.end
            continue
        if name in VOID or match.group("attrs").rstrip().endswith("/"):
            continue
        if name == "a" and "href" in attrs:
            links.append(Link(href=attrs["href"], element=element, text=""))
        elif name == "option" and _JUMP_ADDRESS.match(attrs.get("value", "")):
            links.append(Link(href=attrs["value"], element=element, text=""))
        builder = scopes["hidden"] if element.hidden else (stack[-1].builder if stack else None)
        stack.append(_Open(element, builder))
    for opened in stack:
        opened.element.end = length
    views = {name: builder.build() for name, builder in scopes.items()}
    _collect_link_text(links, views)
    return Extraction(kind="html", views=views, elements=elements, links=links)


def _add_raw_text(element: Element, body: str, offset: int, scopes: dict[str, TextBuilder], current: TextBuilder) -> None:
    """The content of an element the tokenizer does not look inside."""
    name = element.tag
    if name == "script":
        separate(scopes["scripts"], offset)
        scopes["scripts"].add_verbatim(body, offset)
        if element.attrs.get("type", "").strip().lower() == "application/ld+json":
            _add_structured_data(body, offset, scopes["meta"], scopes["links"])
    elif name == "title":
        separate(scopes["title"], offset)
        add_text(scopes["title"], body, offset)
    elif name == "style":
        for content in _CSS_CONTENT.finditer(body):
            group = 1 if content.group(1) is not None else 2
            separate(scopes["attributes"], offset + content.start(group))
            scopes["attributes"].add_verbatim(content.group(group), offset + content.start(group))
    else:
        add_text(current, body, offset)


def _add_structured_data(body: str, offset: int, meta: TextBuilder, links: TextBuilder) -> None:
    """The prose of a JSON-LD block (values with a space in them: a name, a description), which search engines
    show like a meta description, and its addresses (``url``, ``sameAs``: the profiles a site claims as its own);
    copied as written, escapes and all, so that offsets stay exact."""
    for value in _JSON_STRING.finditer(body):
        if value.group(2) is not None:
            continue
        if " " in value.group(1) and not _ADDRESS_START.match(value.group(1)):  # prose may cite an address
            separate(meta, offset + value.start(1))
            meta.add_verbatim(value.group(1), offset + value.start(1))
        elif _JSON_ADDRESS.match(value.group(1)):
            separate(links, offset + value.start(1))
            links.add_verbatim(value.group(1), offset + value.start(1))


def _record_attributes(element: Element, raw_values: dict[str, str], scopes: dict[str, TextBuilder]) -> None:
    """Attribute text for the scopes that read it, mapped to the raw values in the source (which may hold
    entities: ``&quot;`` is six characters of the source and one of the text)."""
    attrs, starts = element.attrs, element.attr_starts
    if not attrs:
        return
    for name in ATTRIBUTE_TEXT:
        if attrs.get(name):
            separate(scopes["attributes"], starts[name])
            add_text(scopes["attributes"], raw_values[name], starts[name])
    for name, value in attrs.items():
        if (name == "srcdoc" or name.startswith("data-")) and value and _MARKUP.search(value):
            # the whole value maps to the fragment's text: a finding in it takes the whole value
            separate(scopes["attributes"], starts[name])
            scopes["attributes"].add_mapped(" ".join(_MARKUP.sub(" ", value).split()),
                                            starts[name], starts[name] + len(raw_values[name]))
    for name in ("href", "src", "action", "value"):
        if attrs.get(name) and (name != "value" or element.tag == "option" and _JUMP_ADDRESS.match(attrs[name])):
            separate(scopes["links"], starts[name])
            scopes["links"].add_mapped(attrs[name], starts[name], starts[name] + len(raw_values[name]))
    if element.tag == "meta" and attrs.get("content"):
        key = (attrs.get("name") or attrs.get("property") or attrs.get("itemprop") or attrs.get("http-equiv") or "").lower()
        if key in META_NAMES or key == "refresh":
            separate(scopes["meta"], starts["content"])
            add_text(scopes["meta"], raw_values["content"], starts["content"])


def _collect_link_text(links: list[Link], views: dict[str, TextView]) -> None:
    """Each link's visible text, read from the text scope between its tags."""
    for link in links:
        element = link.element
        inner_end = element.close_start if element.close_start is not None else element.end
        view = views["hidden" if element.hidden else "text"]
        lo = view.index_at(element.open_end)
        hi = view.index_at(inner_end)
        link.text = view.text[lo:hi].strip()
