"""JSON Lines exports: one JSON object a line, the HTML in a configurable field.

The field is a key or a dotted path (``content.rendered`` for WordPress REST
API dumps). A record is named ``export.jsonl#line-N``; its ``id``, ``url``,
``link`` or ``title`` go into the document's metadata. Cleaning replaces only
the edited field's string in the lines whose field changed; every other byte
is copied as it was.

A line that is not JSON, not an object, or has no text in the field is
skipped with a warning on the ``scanner`` logger (one line on stderr from the
command line); the rest of the export is still read. When no record of the
file has the field at all, the field was mistyped: that is an error, as for a
CSV column.
"""

from __future__ import annotations

import json
import logging
from typing import BinaryIO, Callable, Iterator

from ...document import Document
from ...errors import SourceError
from .base import Piece, Record, naming_metadata

_log = logging.getLogger("scanner")
_MISSING = object()
_DECODER = json.JSONDecoder()
_WHITESPACE = " \t\n\r"


def _lookup(record: object, path: list[str]) -> object:
    """The value at ``path`` in ``record``, or ``_MISSING`` when a key is absent or a step is not an object."""
    for key in path:
        if not isinstance(record, dict) or key not in record:
            return _MISSING
        record = record[key]
    return record


def _assign(record: dict, path: list[str], value: str) -> None:
    for key in path[:-1]:
        record = record[key]
    record[path[-1]] = value


def _line_ending(line: bytes) -> bytes:
    if line.endswith(b"\r\n"):
        return b"\r\n"
    return b"\n" if line.endswith(b"\n") else b""


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _WHITESPACE:
        pos += 1
    return pos


def _member_value(text: str, pos: int, key: str) -> int | None:
    """Where the value of ``key`` starts in the object at ``pos`` (the last one, as ``json.loads`` keeps), or None."""
    if text[pos:pos + 1] != "{":
        return None
    found = None
    pos = _skip_space(text, pos + 1)
    while text[pos:pos + 1] == '"':
        name, pos = json.decoder.scanstring(text, pos + 1)
        pos = _skip_space(text, pos)
        if text[pos:pos + 1] != ":":
            return None
        pos = _skip_space(text, pos + 1)
        if name == key:
            found = pos
        _, pos = _DECODER.raw_decode(text, pos)
        pos = _skip_space(text, pos)
        if text[pos:pos + 1] == ",":
            pos = _skip_space(text, pos + 1)
    return found


def _string_span(text: str, path: list[str]) -> tuple[int, int] | None:
    """Start and end of the JSON string token at ``path`` in one line of JSON, or None when it cannot be located."""
    pos: int | None = _skip_space(text, 1 if text.startswith("\ufeff") else 0)  # a byte-order mark on line 1
    try:
        for key in path:
            pos = _member_value(text, pos, key)
            if pos is None:
                return None
        if text[pos:pos + 1] != '"':
            return None
        _, end = json.decoder.scanstring(text, pos + 1)
    except ValueError:
        return None
    return pos, end


def _splice(line: bytes, path: list[str], value: str) -> bytes | None:
    """``line`` with only the string token at ``path`` replaced by ``value``, or None when it cannot be located.

    The new token escapes non-ASCII characters when the old one held none, so an
    all-ASCII export stays ASCII.
    """
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return None
    span = _string_span(text, path)
    if span is None:
        return None
    start, end = span
    token = text[start:end]
    replacement = json.dumps(value, ensure_ascii=token.isascii())
    return (text[:start] + replacement + text[end:]).encode("utf-8")


def _renderer(record: dict, path: list[str], line: bytes) -> Callable[[bytes], bytes]:
    """Writes a cleaned record by replacing the field's string in the line; re-serialises only if it cannot be found."""
    ending = _line_ending(line)
    compact = b'":' in line and b'": ' not in line

    def render(cleaned: bytes) -> bytes:
        value = cleaned.decode("utf-8")
        spliced = _splice(line, path, value)
        if spliced is not None:
            return spliced
        _assign(record, path, value)
        text = json.dumps(record, ensure_ascii=line.isascii(), separators=(",", ":") if compact else None)
        return text.encode("utf-8") + ending

    return render


def _why_not_text(value: object, field: str) -> str:
    """Why a record's field cannot be scanned, for the skip warning."""
    if value is _MISSING:
        return f"no field {field!r}"
    kind = "null" if value is None else type(value).__name__
    return f"field {field!r} holds {kind}, not text"


class _Skips:
    """Warnings for skipped records, held back until some record has the field.

    When no record has it the field was mistyped, and one error says so instead
    of a warning for every line.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.held: list[tuple[int, str]] = []
        self.field_seen = False

    def skip(self, number: int, why: str) -> None:
        if self.field_seen:
            self._warn(number, why)
        else:
            self.held.append((number, why))

    def saw_field(self) -> None:
        if not self.field_seen:
            self.field_seen = True
            for number, why in self.held:
                self._warn(number, why)
            self.held.clear()

    def _warn(self, number: int, why: str) -> None:
        _log.warning("scanner: %s#line-%d: skipped (%s)", self.name, number, why)


def _no_field_error(name: str, field: str, keys: list[str]) -> SourceError:
    return SourceError(f"{name}: no record has the field {field!r} (keys: {', '.join(keys)}); choose one with --field")


def pieces(stream: BinaryIO, name: str, field: str, raw: bool = True) -> Iterator[Piece]:
    """The lines of a JSON Lines export: a ``Record`` where ``field`` holds text, raw bytes elsewhere."""
    path = field.split(".")
    skips = _Skips(name)
    keys: list[str] | None = None  # the first object's keys, to name them when no record has the field
    for number, line in enumerate(stream, 1):
        if not line.strip():
            if raw:
                yield line
            continue
        record, html = _parse(line, path, field, number, skips)
        if isinstance(record, dict) and keys is None:
            keys = list(record)
        if not isinstance(html, str) or not html:
            if raw:
                yield line
            continue
        metadata = {"format": "jsonl", "line": str(number)}
        metadata.update(naming_metadata(record))
        document = Document(f"{name}#line-{number}", html.encode("utf-8"), kind="html",
                            declared_charset="utf-8", metadata=metadata)
        yield Record(document, line, _renderer(record, path, line))
    if keys is not None and not skips.field_seen:
        raise _no_field_error(name, field, keys)
    skips.saw_field()  # no line was an object, so no field to blame: warn about each skipped line


def _parse(line: bytes, path: list[str], field: str, number: int, skips: _Skips) -> tuple[object, object]:
    """The record on a line and the value of its field; ``_MISSING`` (after noting the skip) when unusable."""
    try:
        record = json.loads(line)
    except ValueError as error:  # UnicodeDecodeError included
        skips.skip(number, f"not JSON: {error}")
        return _MISSING, _MISSING
    if not isinstance(record, dict):
        skips.skip(number, f"not a JSON object but {type(record).__name__}")
        return record, _MISSING
    value = _lookup(record, path)
    if value is not _MISSING:
        skips.saw_field()
    if not isinstance(value, str):
        skips.skip(number, _why_not_text(value, field))
    return record, value
