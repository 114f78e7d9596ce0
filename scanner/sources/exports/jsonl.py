"""JSON Lines exports: one JSON object a line, the HTML in a configurable field.

The field is a key or a dotted path (``content.rendered`` for WordPress REST
API dumps). A record is named ``export.jsonl#line-N``; its ``id``, ``url``,
``link`` or ``title`` go into the document's metadata. Cleaning rewrites only
the span that changed in the field's string, escaped as the rest of that string
is (``\\/``, ``\\uXXXX``), in the lines whose field changed; every other byte is
copied as it was.

A line that is not JSON, not an object, or has no text in the field is
skipped with a note (a ``Skipped`` piece: one line on stderr from the command
line, counted in the summary); the rest of the export is still read. When no
record of the file has the field at all, the field was mistyped: that is an
error naming the first record's keys and its fields that hold text, as for a
CSV column.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate, islice
from typing import BinaryIO, Callable, Iterator

from ...document import Document
from ...errors import SourceError
from .base import Piece, Record, Skipped, changed_span, naming_metadata

#: How deep into nested objects, and how many of their fields holding text, the error for a mistyped field names.
KEY_DEPTH = 3
NESTED_SHOWN = 12
_MISSING = object()
_DECODER = json.JSONDecoder()
_WHITESPACE = " \t\n\r"
#: One character of a JSON string as written: a surrogate pair's escapes, another escape, a character as it is.
_STRING_UNIT = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\.|.",
                          re.DOTALL)


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


def _string_span(text: str, path: list[str]) -> tuple[int, int, str] | None:
    """Start and end of the JSON string token at ``path`` in one line of JSON, and the string it holds, or None
    when it cannot be located."""
    pos: int | None = _skip_space(text, 1 if text.startswith("\ufeff") else 0)  # a byte-order mark on line 1
    try:
        for key in path:
            pos = _member_value(text, pos, key)
            if pos is None:
                return None
        if text[pos:pos + 1] != '"':
            return None
        value, end = json.decoder.scanstring(text, pos + 1)
    except ValueError:
        return None
    return pos, end, value


def _escaped_like(value: str, units: list[str]) -> str:
    """``value`` as the text of a JSON string written as the string of ``units`` is: non-ASCII characters escaped
    when it escapes them all (holds no other), ``/`` as ``\\/`` when it writes it so (as PHP does)."""
    escaped = json.dumps(value, ensure_ascii=all(unit.isascii() for unit in units))[1:-1]
    return escaped.replace("/", "\\/") if "\\/" in units else escaped


def _respliced(body: str, old: str, new: str) -> str:
    """The text of a JSON string holding ``old``, written as ``body``, changed to hold ``new``: only the span
    that changed is escaped anew, in the string's own style, so every escape around it stays as it was."""
    units = _STRING_UNIT.findall(body)
    if "".join(json.loads(f'"{unit}"') if unit.startswith("\\") else unit for unit in units) != old:
        return _escaped_like(new, units)  # a safety net: the units of a string scanned as ``old`` spell it
    offsets = list(accumulate((len(unit) for unit in units), initial=0))
    prefix, suffix = changed_span(old, new)
    middle = _escaped_like(new[prefix:len(new) - suffix], units)
    return body[:offsets[prefix]] + middle + body[offsets[len(units) - suffix]:]


def _splice(line: bytes, path: list[str], value: str) -> bytes | None:
    """``line`` with only the string token at ``path`` changed to hold ``value``, or None when it cannot be
    located; the token keeps its escapes outside the changed span, and the changed span is escaped in its style."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return None
    span = _string_span(text, path)
    if span is None:
        return None
    start, end, old = span
    return (text[:start + 1] + _respliced(text[start + 1:end - 1], old, value) + text[end - 1:]).encode("utf-8")


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
    if isinstance(value, str):
        return f"field {field!r} holds no text"
    kind = "null" if value is None else type(value).__name__
    return f"field {field!r} holds {kind}, not text"


class _Skips:
    """Notes for skipped records, held back until some record has the field.

    When no record has it the field was mistyped, and one error says so instead
    of a note for every line.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.held: list[Skipped] = []
        self.field_seen = False

    def skip(self, number: int, why: str) -> list[Skipped]:
        """The note for a skipped line, to pass on now, or none while it is held back."""
        note = Skipped(f"{self.name}#line-{number}", why)
        if self.field_seen:
            return [note]
        self.held.append(note)
        return []

    def saw_field(self) -> list[Skipped]:
        """The notes held back, to pass on now that the field is known to exist."""
        self.field_seen = True
        released, self.held = self.held, []
        return released


def _nested_text_paths(record: dict, depth: int = KEY_DEPTH, prefix: str = "") -> Iterator[str]:
    """The dotted paths of the fields holding text inside the record's objects, ``depth`` levels deep at most."""
    for key, value in record.items():
        if isinstance(value, str) and prefix:
            yield prefix + key
        elif isinstance(value, dict) and depth > 1:
            yield from _nested_text_paths(value, depth - 1, f"{prefix}{key}.")


def _no_field_error(name: str, field: str, record: dict) -> SourceError:
    """The error for a field no record has, naming the first record's keys and the nested fields holding text."""
    nested = list(islice(_nested_text_paths(record), NESTED_SHOWN + 1))
    keys = [*record, *nested[:NESTED_SHOWN]] + (["…"] if len(nested) > NESTED_SHOWN else [])
    return SourceError(f"{name}: no record has the field {field!r} (keys: {', '.join(keys)}); choose one with --field")


def pieces(stream: BinaryIO, name: str, field: str, raw: bool = True) -> Iterator[Piece]:
    """The lines of a JSON Lines export: a ``Record`` where ``field`` holds text, raw bytes elsewhere, and a
    ``Skipped`` note after a line that is not a record with text in the field."""
    path = field.split(".")
    skips = _Skips(name)
    first: dict | None = None  # the first object, to name its keys when no record has the field
    for number, line in enumerate(stream, 1):
        if not line.strip():
            if raw:
                yield line
            continue
        record, html, why = _parse(line, path, field)
        if html is not _MISSING:
            yield from skips.saw_field()
        if isinstance(record, dict) and first is None:
            first = record
        if why is not None:
            if raw:
                yield line
            yield from skips.skip(number, why)
            continue
        metadata = {"format": "jsonl", "line": str(number)}
        metadata.update(naming_metadata(record))
        document = Document(f"{name}#line-{number}", html.encode("utf-8"), kind="html",
                            declared_charset="utf-8", metadata=metadata)
        yield Record(document, line, _renderer(record, path, line))
    if first is not None and not skips.field_seen:
        raise _no_field_error(name, field, first)
    yield from skips.saw_field()  # no line was an object, so no field to blame: a note for each skipped line


def _parse(line: bytes, path: list[str], field: str) -> tuple[object, object, str | None]:
    """The record on a line, the value of its field (``_MISSING`` when it has none) and why the line is skipped
    (None when its field holds text)."""
    try:
        record = json.loads(line)
    except ValueError as error:  # UnicodeDecodeError included
        return _MISSING, _MISSING, f"not JSON: {error}"
    if not isinstance(record, dict):
        return record, _MISSING, f"not a JSON object but {type(record).__name__}"
    value = _lookup(record, path)
    return record, value, None if isinstance(value, str) and value.strip() else _why_not_text(value, field)
