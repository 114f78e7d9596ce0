"""A document: raw bytes, how they were decoded, and what kind of text they are."""

from __future__ import annotations

import codecs
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, get_args

import regex
from charset_normalizer import from_bytes

from .errors import SourceError

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
#: One well-formed multi-byte UTF-8 sequence (RFC 3629: no overlong forms, no surrogates).
_UTF8_SEQUENCE = regex.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
#: What browsers read undeclared legacy bytes as (WHATWG Encoding: the web's default).
_WEB_DEFAULT = "cp1252"
_NON_ASCII = bytes(range(0x80, 0x100))
_HTML_SNIFF = regex.compile(r"<(?:!doctype\s+html|html|head|body|div|p|a|span|meta|title)[\s>/]", regex.IGNORECASE)


@dataclass(frozen=True)
class Document:
    """One document to scan, as it came from its source.

    ``source`` names it for reports (a path, a URL, ``-`` for standard input,
    or ``export.xml#post-12`` for a record inside an export); a ``pathlib.Path``
    is turned into its string. ``data`` is the raw bytes (a ``bytearray`` or
    ``memoryview`` is copied into ``bytes``); a ``str`` (the usual type of a CMS
    post body) is encoded as UTF-8 and ``declared_charset`` becomes ``utf-8``,
    so a cleaned copy of it comes back as UTF-8 bytes. Any other type raises
    ``SourceError`` naming the argument.
    """

    source: str
    data: bytes
    kind: Kind | None = None
    declared_charset: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if isinstance(self.data, str):
            object.__setattr__(self, "declared_charset", "utf-8")
        object.__setattr__(self, "source", _source_name(self.source))
        object.__setattr__(self, "data", _as_bytes(self.data, self.source))
        if self.kind is not None and self.kind not in get_args(Kind):
            raise SourceError(f"{self.source}: Document kind must be one of {', '.join(get_args(Kind))} or None, "
                              f"not {self.kind!r}")
        if self.declared_charset is not None and not isinstance(self.declared_charset, str):
            raise SourceError(f"{self.source}: Document declared_charset must be a str or None, "
                              f"not {type(self.declared_charset).__name__}")
        if not isinstance(self.metadata, Mapping):
            raise SourceError(f"{self.source}: Document metadata must be a dict of str to str (omit it for none), "
                              f"not {type(self.metadata).__name__}")


def _source_name(source: object) -> str:
    """The document's name for reports, from a ``str`` or a path."""
    if isinstance(source, str):
        return source
    if isinstance(source, os.PathLike) and isinstance(name := os.fspath(source), str):
        return name
    raise SourceError(f"Document source must be a str or a path naming the document, not {type(source).__name__}")


def _as_bytes(data: object, source: str) -> bytes:
    """The document's bytes: ``str`` encoded as UTF-8, bytes-like objects copied into ``bytes``."""
    if isinstance(data, bytes):
        return data
    if isinstance(data, str):
        try:
            return data.encode("utf-8")
        except UnicodeEncodeError as error:  # a lone surrogate: no UTF-8 for it
            raise SourceError(f"{source}: Document data is a str that cannot be encoded as UTF-8: {error.reason}") from None
    try:
        return memoryview(data).tobytes()  # any bytes-like object: bytearray, memoryview, array.array('B'), mmap
    except TypeError:
        raise SourceError(f"{source}: Document data must be bytes, a bytes-like object or str, "
                          f"not {type(data).__name__}") from None


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

    @property
    def codec(self) -> str:
        """The codec that decodes the whole source to ``text`` (which reports' offsets count in): the encoding, or
        for a source opening with a byte order mark the codec that reads and drops it (``utf-8-sig``, ``utf-16``,
        ``utf-32``)."""
        if not self.bom:
            return self.encoding
        return "utf-8-sig" if self.encoding == "utf-8" else self.encoding.removesuffix("-le").removesuffix("-be")


def _usable(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _declared(document: Document) -> tuple[str | None, str]:
    """The charset the source or the document itself declares, and where it was found."""
    if document.declared_charset:
        return document.declared_charset, "declared by the source"
    found = _META_CHARSET.search(document.data[:4096])
    if found:
        return (found.group(1) or found.group(2)).decode("ascii"), "declared in the document"
    return None, ""


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 byte order guessed from NUL bytes (mostly-ASCII markup has one in every pair)."""
    sample = data[:4096]
    if len(sample) < 8 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _with_bom(data: bytes, declared: str | None) -> Decoded | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            text = body.decode(encoding, errors="replace")
            how = "byte order mark"
            declared_name = _usable(declared) if declared else None
            if declared_name and not encoding.startswith(declared_name):
                how += f" (overrides the declared {declared})"
            return Decoded(text, encoding, bom, how, "\ufffd" in text and "\ufffd".encode(encoding) not in body)
    return None


def _utf8(data: bytes) -> str | None:
    """The bytes as UTF-8 text, or None when they are not valid UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _few_legacy_bytes(data: bytes) -> str | None:
    """Windows-1252 text for bytes with a few non-ASCII bytes and no UTF-8 sequence, or None.

    One curly apostrophe or one "é" is too little for detection to go on (it
    guesses Urdu for "Fermé"); browsers read such undeclared bytes as
    windows-1252, and decoding them without replacement keeps the page cleanable.
    """
    if _UTF8_SEQUENCE.search(data) or len(data) - len(data.translate(None, _NON_ASCII)) > _few(len(data)):
        return None
    try:
        return data.decode(_WEB_DEFAULT)
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D are unassigned: not windows-1252 after all
        return None


def _few(length: int) -> int:
    """How many odd bytes or characters a document of ``length`` may hold and still be read as mostly right."""
    return max(4, length // 50)


def decode(document: Document) -> Decoded:
    """Decode with the BOM, then the declared charset, then UTF-8, then detection.

    Never raises: bytes no codec accepts are replaced and the result says so
    (``replaced``), and ``how`` records the decision for the report.
    """
    data = document.data
    declared, where = _declared(document)
    if (with_bom := _with_bom(data, declared)) is not None:
        return with_bom
    if (utf16 := _utf16_without_bom(data)) is not None:
        text = data.decode(utf16, errors="replace")
        return Decoded(text, utf16, b"", "UTF-16 without byte order mark (from its NUL bytes)", "\ufffd" in text)
    encoding = _usable(declared) if declared else None
    utf8 = None if encoding == "utf-8" else _utf8(data)  # a declared UTF-8 is tried just below, once
    if encoding and encoding != "utf-8" and not data.isascii() and utf8 is not None:
        # Multi-byte UTF-8 sequences almost never occur by chance in legacy text: the label is wrong.
        return Decoded(utf8, "utf-8", b"", f"declared {declared}, but the bytes are valid UTF-8", False)
    if encoding and encoding not in ("utf-16", "utf-32"):  # without a BOM their byte order is unknown
        try:
            return Decoded(data.decode(encoding), encoding, b"", where, False)
        except UnicodeDecodeError:
            where = f"declared {declared} did not fit; "
    else:
        where = ""
    if utf8 is not None:
        return Decoded(utf8, "utf-8", b"", where + "valid UTF-8", False)
    if (legacy := _few_legacy_bytes(data)) is not None:
        return Decoded(legacy, _WEB_DEFAULT, b"", where + "windows-1252 (a few legacy bytes, no UTF-8 sequence)", False)
    lenient = data.decode("utf-8", errors="replace")
    if _UTF8_SEQUENCE.search(data) and lenient.count("\ufffd") <= _few(len(lenient)):
        # UTF-8 with a few stray bytes (legacy text pasted into a CMS page): scanned as UTF-8, never rewritten.
        return Decoded(lenient, "utf-8", b"", where + "UTF-8 with a few invalid bytes replaced", True)
    if _UTF8_SEQUENCE.search(data) and encoding == "utf-8":
        # more stray bytes in a page that declares UTF-8 and holds real UTF-8 sequences: detection would guess a
        # legacy charset that misreads those ("café" as "cafГ©"), and cleaning would rewrite the page in it
        return Decoded(lenient, "utf-8", b"", where + "UTF-8 as declared, invalid bytes replaced", True)
    best = from_bytes(data).best()
    if best is not None and (encoding := _usable(best.encoding)):
        text = data.decode(encoding, errors="replace")
        return Decoded(text, encoding, b"", where + "detected", "\ufffd" in text)
    return Decoded(data.decode("utf-8", errors="replace"), "utf-8", b"", where + "undecodable bytes replaced", True)


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
