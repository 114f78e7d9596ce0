"""JSON Lines exports: one JSON object a line, the HTML in a configurable field.

The field is a key or a dotted path (``content.rendered`` for WordPress REST
API dumps). A record is named ``export.jsonl#line-N``; its ``id``, ``url``,
``link`` or ``title`` go into the document's metadata. Cleaning re-serialises
only the lines whose field changed, keeping their line ending; every other
line is copied byte for byte.
"""

from __future__ import annotations

import json
from typing import BinaryIO, Iterator

from ...document import Document
from ...errors import SourceError
from .base import Piece, Record, naming_metadata


def _lookup(record: object, path: list[str]) -> object:
    for key in path:
        if not isinstance(record, dict):
            return None
        record = record.get(key)
    return record


def _assign(record: dict, path: list[str], value: str) -> None:
    for key in path[:-1]:
        record = record[key]
    record[path[-1]] = value


def _line_ending(line: bytes) -> bytes:
    if line.endswith(b"\r\n"):
        return b"\r\n"
    return b"\n" if line.endswith(b"\n") else b""


def _renderer(record: dict, path: list[str], line: bytes):
    ending = _line_ending(line)
    compact = b'":' in line and b'": ' not in line

    def render(cleaned: bytes) -> bytes:
        _assign(record, path, cleaned.decode("utf-8"))
        text = json.dumps(record, ensure_ascii=line.isascii(), separators=(",", ":") if compact else None)
        return text.encode("utf-8") + ending

    return render


def pieces(stream: BinaryIO, name: str, field: str, raw: bool = True) -> Iterator[Piece]:
    """The lines of a JSON Lines export: a ``Record`` where ``field`` holds text, raw bytes elsewhere."""
    path = field.split(".")
    for number, line in enumerate(stream, 1):
        if not line.strip():
            if raw:
                yield line
            continue
        try:
            record = json.loads(line)
        except ValueError as error:
            raise SourceError(f"{name}: line {number}: not JSON ({error})") from None
        html = _lookup(record, path)
        if not isinstance(html, str) or not html:
            if raw:
                yield line
            continue
        metadata = {"format": "jsonl", "line": str(number)}
        if isinstance(record, dict):
            metadata.update(naming_metadata(record))
        document = Document(f"{name}#line-{number}", html.encode("utf-8"), kind="html",
                            declared_charset="utf-8", metadata=metadata)
        yield Record(document, line, _renderer(record, path, line))
