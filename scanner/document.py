"""A document: raw bytes, how they were decoded, and what kind of text they are."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from typing import Literal

import regex
from charset_normalizer import from_bytes

Kind = Literal["html", "text", "markdown"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = regex.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    regex.IGNORECASE,
)
_HTML_SNIFF = regex.compile(r"<(?:!doctype\s+html|html|head|body|div|p|a|span|meta|title)[\s>/]", regex.IGNORECASE)


@dataclass(frozen=True)
class Document:
    """One document to scan, as it came from its source.

    ``source`` names it for reports (a path, a URL, ``-`` for standard input,
    or ``export.xml#post-12`` for a record inside an export).
    """

    source: str
    data: bytes
    kind: Kind | None = None
    declared_charset: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Decoded:
    """The decoded text and the decision that produced it (recorded in reports)."""

    text: str
    encoding: str
    bom: bytes
    how: str
    replaced: bool  # undecodable bytes were replaced with U+FFFD: never rewrite such a file

    def encode(self, text: str) -> bytes:
        """Encode ``text`` the way the original was encoded, BOM included."""
        return self.bom + text.encode(self.encoding, errors="strict")


def _usable(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(document: Document) -> Decoded:
    """Decode with the BOM, then the declared charset, then UTF-8, then detection.

    Never raises: bytes no codec accepts are replaced and the result says so.
    """
    data = document.data
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            text = body.decode(encoding, errors="replace")
            return Decoded(text, encoding, bom, "byte order mark", "\ufffd" in text and "\ufffd".encode(encoding) not in body)
    declared = document.declared_charset
    how = "declared by the source"
    if not declared:
        found = _META_CHARSET.search(data[:4096])
        if found:
            declared = (found.group(1) or found.group(2)).decode("ascii")
            how = "declared in the document"
    if declared and (encoding := _usable(declared)):
        if encoding in ("utf-16", "utf-32"):  # a declaration without BOM cannot be trusted for byte order
            encoding = None
        if encoding:
            try:
                return Decoded(data.decode(encoding), encoding, b"", how, False)
            except UnicodeDecodeError:
                pass
    try:
        return Decoded(data.decode("utf-8"), "utf-8", b"", "valid UTF-8", False)
    except UnicodeDecodeError:
        lenient = data.decode("utf-8", errors="replace")
        if lenient.count("\ufffd") <= max(4, len(lenient) // 50):
            return Decoded(lenient, "utf-8", b"", "UTF-8 with a few invalid bytes replaced", True)
    best = from_bytes(data).best()
    if best is not None and (encoding := _usable(best.encoding)):
        text = data.decode(encoding, errors="replace")
        return Decoded(text, encoding, b"", "detected", "\ufffd" in text)
    return Decoded(data.decode("utf-8", errors="replace"), "utf-8", b"", "undecodable bytes replaced", True)


def guess_kind(document: Document, text: str) -> Kind:
    """The document's kind: as given by its source, else sniffed from its start."""
    if document.kind:
        return document.kind
    lowered = document.source.lower()
    if lowered.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if lowered.endswith((".md", ".markdown")):
        return "markdown"
    if lowered.endswith(".txt"):
        return "text"
    return "html" if _HTML_SNIFF.search(text[:2048]) else "text"
