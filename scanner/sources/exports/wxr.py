"""WordPress exports (WXR): the HTML of posts and pages, their titles and excerpts, and their comments.

The XML is streamed through expat, whose byte offsets locate each item's
``title``, ``content:encoded`` and ``excerpt:encoded`` and each
``wp:comment_content`` element in the raw file. A post's content is named
``export.xml#post-12`` (``#page-3`` for pages, the post type for others), its
title ``export.xml#post-12:title`` (scanned as plain text: a ``<`` in a title
is not markup) and its excerpt ``export.xml#post-12:excerpt`` (HTML, as
WordPress allows); a comment is ``export.xml#comment-5``. An element that is
empty or holds only white space is no document. Ids, titles, links and authors
go into the metadata (the three records of a post share the post's). Cleaning
edits inside the CDATA section (or the escaped text, where only the changed
span is re-escaped) of those elements only, and marks a comment found
injected as spam in its ``wp:comment_approved`` (written in full where the
comment has none, or an empty ``<wp:comment_approved/>``): every other byte, character
references included, is copied as it was. Memory holds one item (a post with
its comments) at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO, Callable, Iterator
from xml.parsers import expat
from xml.sax.saxutils import escape

import regex

from ...document import Document, Kind
from ...errors import SourceError
from .base import Piece, Record, changed_span

CONTENT = "http://purl.org/rss/1.0/modules/content/ encoded"
#: RSS elements have no namespace: an item's ``<title>`` is read as plain ``title``.
TITLE = "title"
WP_NAMESPACE = "http://wordpress.org/export/"
#: ``excerpt:encoded`` is ``http://wordpress.org/export/1.2/excerpt/`` + ``encoded`` (1.0 and 1.1 in older exports).
_EXCERPT = regex.compile(r"http://wordpress\.org/export/[0-9.]+/excerpt/ encoded")
CHUNK = 1024 * 1024
#: A start tag, attribute values included (they may hold '>').
_START_TAG = regex.compile(rb"""<[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>""")
_CDATA_OPEN, _CDATA_CLOSE = b"<![CDATA[", b"]]>"
#: Content made only of CDATA sections (WordPress splits a "]]>" in the HTML across two sections).
_CDATA_ONLY = regex.compile(rb"(?:<!\[CDATA\[(.*?)\]\]>)+", regex.DOTALL)
#: One character of escaped XML text: a character reference, a predefined entity, a line break, any other character.
_ESCAPED_UNIT = regex.compile(r"&(?:#[0-9]+|#x[0-9a-fA-F]+|lt|gt|amp|quot|apos);|\r\n?|[^&\r]", regex.DOTALL)
_ENTITIES = {"&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&apos;": "'"}
_POST_FIELDS = {"title": "title", "link": "link", "wp:post_id": "post_id", "wp:post_type": "post_type",
                "wp:status": "status"}
#: Comment statuses that are not published; a spam comment in neither is marked ``spam``.
_UNPUBLISHED = (b"spam", b"trash")
_COMMENT_FIELDS = {"wp:comment_id": "comment_id", "wp:comment_author": "author",
                   "wp:comment_author_url": "author_url"}


def is_wxr(head: bytes) -> bool:
    """Whether the first bytes of an XML file look like a WordPress export."""
    return b"<rss" in head and b"wordpress.org/export/" in head


@dataclass
class _Field:
    start: int  # absolute offsets of the element's inner bytes
    end: int
    text: str
    source: str = ""
    metadata: dict[str, str] | None = None
    part: str = ""  # "" for a post's content, "title" or "excerpt"; appended to the post's name after ":"
    kind: Kind = "html"
    approved: tuple[int, int] | None = None  # a comment's ``wp:comment_approved`` (inner bytes), written with it
    approved_element: bytes = b""  # the status element's name when ``approved`` is where a whole element goes

    @property
    def first(self) -> int:
        """Where the bytes this field's record occupies start: its own, and a comment's status with them."""
        return min(self.start, self.approved[0]) if self.approved else self.start

    @property
    def last(self) -> int:
        return max(self.end, self.approved[1]) if self.approved else self.end


class _Reader:
    """Expat handlers collecting, per finished item, its text fields located in the raw bytes."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.buffer_text = True
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text
        self.parser.XmlDeclHandler = self._declaration
        self.encoding = "utf-8"
        self.buffer = bytearray()
        self.base = 0  # absolute offset of buffer[0]
        self.safe = 0  # bytes before this offset are parsed and belong to no open item
        self.done: list[_Field] = []
        self._starts: list[int] = []
        self._chars: list[str] = []
        self._item: dict[str, str] | None = None
        self._item_fields: list[_Field] = []
        self._comment: dict[str, str] | None = None
        self._comment_field: _Field | None = None
        self._approved: tuple[tuple[int, int], bytes] | None = None
        self._count = 0

    def feed(self, chunk: bytes, final: bool = False) -> None:
        self.buffer += chunk
        try:
            self.parser.Parse(chunk, final)
        except expat.ExpatError as error:
            raise SourceError(f"{self.name}: not well-formed XML: {error}") from None

    def _declaration(self, version: str, encoding: str | None, standalone: int) -> None:
        self.encoding = (encoding or "utf-8").lower()

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        self._starts.append(self.parser.CurrentByteIndex)
        self._chars = []
        if name == "item":
            self._item, self._item_fields = {}, []
        elif name.startswith(WP_NAMESPACE) and name.endswith(" comment") and self._item is not None:
            self._comment, self._comment_field, self._approved = {}, None, None

    def _text(self, data: str) -> None:
        self._chars.append(data)

    def _end(self, name: str) -> None:
        start, end = self._starts.pop(), self.parser.CurrentByteIndex
        text, self._chars = "".join(self._chars), []
        local = "wp:" + name.split(" ", 1)[1] if name.startswith(WP_NAMESPACE) else name
        if self._item is None:
            if len(self._starts) <= 2:
                self.safe = end
            return
        if name == "item":
            self._finish_item(end)
        elif local == "wp:comment" and self._comment is not None:
            if self._comment_field is not None:
                field = self._comment_field
                field.metadata = self._comment
                field.approved, field.approved_element = self._approved or self._status_after(field)
                self._item_fields.append(field)
            self._comment = None
        elif self._comment is not None:
            if local in _COMMENT_FIELDS and text:
                self._comment[_COMMENT_FIELDS[local]] = text
            elif local == "wp:comment_content":
                self._comment_field = self._located(start, end, text)
            elif local == "wp:comment_approved":
                self._approved = self._status(start, end)
        else:
            if local in _POST_FIELDS and text:
                self._item[_POST_FIELDS[local]] = text
            if name == CONTENT:
                self._post_field(start, end, text, "", "html")
            elif name == TITLE:
                self._post_field(start, end, text, "title", "text")
            elif _EXCERPT.fullmatch(name):
                self._post_field(start, end, text, "excerpt", "html")

    def _post_field(self, start: int, end: int, text: str, part: str, kind: Kind) -> None:
        """Keeps one of the post's own text elements (content, title, excerpt), unless it holds no text."""
        field = self._located(start, end, text)
        if field is not None:
            field.metadata, field.part, field.kind = self._item, part, kind
            self._item_fields.append(field)

    def _located(self, start: int, end: int, text: str) -> _Field | None:
        inner = self._inner(start, end)
        if inner is None or not text.strip():
            return None
        return _Field(*inner, text)

    def _inner(self, start: int, end: int) -> tuple[int, int] | None:
        """Where the content of the element starting at ``start`` and ending at ``end`` lies; None for ``<a/>``."""
        tag = _START_TAG.match(self.buffer, start - self.base)
        if tag is None or tag.group().endswith(b"/>"):
            return None
        return self.base + tag.end(), end

    def _status(self, start: int, end: int) -> tuple[tuple[int, int], bytes]:
        """Where a comment's status element puts ``spam``: its inner bytes, or the whole of an empty
        ``<wp:comment_approved/>`` with the element's name, to be written in full."""
        inner = self._inner(start, end)
        if inner is not None:
            return inner, b""
        tag = _START_TAG.match(self.buffer, start - self.base)
        assert tag is not None  # expat reported an element starting here
        return (start, self.base + tag.end()), tag.group()[1:-2].split()[0]

    def _status_after(self, field: _Field) -> tuple[tuple[int, int], bytes]:
        """Where a status element goes in a comment that has none: right after its content's end tag, in the
        content element's namespace prefix."""
        close = self.buffer.index(b">", field.end - self.base) + 1
        name = bytes(self.buffer[field.end - self.base + 2: close - 1]).strip()
        return (self.base + close, self.base + close), name.replace(b"comment_content", b"comment_approved")

    def _finish_item(self, end: int) -> None:
        self._count += 1
        post = self._item or {}
        post_name = f"{post.get('post_type', 'item')}-{post.get('post_id', self._count)}"
        for field in sorted(self._item_fields, key=lambda f: f.start):
            metadata = {"format": "wxr"}
            if field.metadata is post:
                field.source = f"{self.name}#{post_name}" + (f":{field.part}" if field.part else "")
                metadata.update(post)
            else:
                comment = field.metadata or {}
                field.source = f"{self.name}#comment-{comment.get('comment_id', field.start)}"
                metadata.update(comment, post_id=post.get("post_id", ""), link=post.get("link", ""))
            field.metadata = metadata
            self.done.append(field)
        self._item, self._item_fields = None, []
        self.safe = end

    def flush(self, raw: bool) -> Iterator[Piece]:
        """Pieces up to the last safe offset; the buffer keeps only what follows."""
        written = self.base
        for field in self.done:
            if raw:
                yield bytes(self.buffer[written - self.base: field.first - self.base])
            yield self._record(field, bytes(self.buffer[field.first - self.base: field.last - self.base]))
            written = field.last
        self.done = []
        upto = max(written, self.safe)
        if raw and upto > written:
            yield bytes(self.buffer[written - self.base: upto - self.base])
        del self.buffer[: upto - self.base]
        self.base = upto

    def _record(self, field: _Field, span: bytes) -> Record:
        """The record of a field occupying ``span`` (its inner bytes, and a comment's status with them)."""
        render: Callable[[bytes], bytes]
        inner = span[field.start - field.first: field.end - field.first]
        sections = _CDATA_ONLY.fullmatch(inner)
        if sections is not None:
            data, charset = b"".join(sections.captures(1)), self.encoding

            def render(cleaned: bytes) -> bytes:
                return _CDATA_OPEN + cleaned.replace(b"]]>", b"]]]]><![CDATA[>") + _CDATA_CLOSE
        else:
            data, charset = field.text.encode("utf-8"), "utf-8"
            render = _escaped_renderer(inner, field.text, self.encoding)
        document = Document(field.source, data, kind=field.kind, declared_charset=charset,
                            metadata=field.metadata or {})
        if field.approved is None:
            return Record(document, inner, render)
        content = (field.start - field.first, field.end - field.first)
        approved = (field.approved[0] - field.first, field.approved[1] - field.first)
        return _comment_record(document, span, content, approved, render, field.approved_element)


def _comment_record(document: Document, span: bytes, content: tuple[int, int], approved: tuple[int, int],
                    render_content: Callable[[bytes], bytes], element: bytes = b"") -> Record:
    """A comment's record, ``span`` holding its ``content`` and its ``approved`` status (offsets in ``span``):
    cleaning rewrites the content, and a comment whose content is spam is kept marked as spam (WordPress's way
    to keep a comment unpublished) unless it is spam or in the trash already. With an ``element`` name,
    ``approved`` is where that element is written whole (the comment has no status, or an empty one)."""
    status = span[approved[0]:approved[1]] if not element else b""
    sections = _CDATA_ONLY.fullmatch(status)
    unpublished = (b"".join(sections.captures(1)) if sections else status).strip() in _UNPUBLISHED
    spam = _CDATA_OPEN + b"spam" + _CDATA_CLOSE if sections else b"spam"
    if element:
        spam = b"<" + element + b">spam</" + element + b">"

    def render(cleaned: bytes) -> bytes:
        return _spliced(span, [(content, render_content(cleaned))])

    def render_spam(cleaned: bytes | None) -> bytes | None:
        if unpublished:
            return None
        edits = [(approved, spam)] + ([(content, render_content(cleaned))] if cleaned is not None else [])
        return _spliced(span, edits)

    return Record(document, span, render, render_spam)


def _spliced(data: bytes, edits: list[tuple[tuple[int, int], bytes]]) -> bytes:
    """``data`` with each (non-overlapping) range replaced by its bytes."""
    for (start, end), replacement in sorted(edits, key=lambda edit: edit[0], reverse=True):
        data = data[:start] + replacement + data[end:]
    return data


def _unescaped(unit: str) -> str:
    """The character an escaped unit stands for, as an XML parser reads it (a line break is read as ``\\n``)."""
    if unit.startswith("\r"):
        return "\n"
    if unit.startswith("&#"):
        return chr(int(unit[3:-1], 16) if unit[2] in "xX" else int(unit[2:-1]))
    return _ENTITIES.get(unit, unit)


def _unit_offsets(raw: str, text: str) -> list[int] | None:
    """Where each character of ``text`` starts in ``raw``, its escaped form (and where the last ends).

    None when ``raw`` is not read as ``text`` one unit a character (a CDATA
    section or an entity from a DTD inside it).
    """
    offsets, pos, chars = [], 0, []
    while pos < len(raw):
        unit = _ESCAPED_UNIT.match(raw, pos)
        if unit is None:
            return None
        offsets.append(pos)
        chars.append(_unescaped(unit.group()))
        pos = unit.end()
    offsets.append(pos)
    return offsets if "".join(chars) == text else None


def _escaped_renderer(inner: bytes, text: str, encoding: str) -> Callable[[bytes], bytes]:
    """Writes cleaned escaped text back re-escaping only the changed span, so character references elsewhere stay.

    Falls back to escaping the whole text when the raw bytes cannot be mapped
    onto the text character by character.
    """
    def render(cleaned: bytes) -> bytes:
        new = cleaned.decode("utf-8")
        try:
            raw = inner.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            raw = None
        offsets = _unit_offsets(raw, text) if raw is not None else None
        if offsets is None:
            return escape(new).encode(encoding, errors="xmlcharrefreplace")
        prefix, suffix = changed_span(text, new)
        middle = escape(new[prefix:len(new) - suffix])
        spliced = raw[:offsets[prefix]] + middle + raw[offsets[len(text) - suffix]:]
        return spliced.encode(encoding, errors="xmlcharrefreplace")

    return render


def pieces(stream: BinaryIO, name: str, field: str = "", raw: bool = True) -> Iterator[Piece]:
    """The posts, pages and comments of a WordPress export; ``field`` is unused (the format fixes it)."""
    reader = _Reader(name)
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        reader.feed(chunk)
        yield from reader.flush(raw)
    reader.feed(b"", final=True)
    yield from reader.flush(raw)
    if raw and reader.buffer:
        yield bytes(reader.buffer)
