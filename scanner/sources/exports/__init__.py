"""CMS exports and archives as sources: WordPress WXR, JSON Lines, CSV, WARC (plain or gzip), zip and tar.

Each record inside an export becomes one ``Document`` named
``export.xml#post-12``, ``export.jsonl#line-3``, ``export.csv#row-7`` or
``crawl.warc.gz#urn:uuid:...`` (a document inside a zip or tar archive:
``site.zip#blog/post.html``), with what identifies it (ids, URLs, titles) in
its metadata. ``clean_export`` writes a cleaned export of the same format,
every byte outside the edited fields unchanged (zip and tar archives are
only scanned: cleaning one is refused). Everything streams: an export
is never loaded whole.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Callable, Iterator

from ...document import Document
from ...errors import SourceError
from . import archives, csv_export, jsonl, warc, wxr
from .base import Piece, Record, Skipped, clean_pieces, record_documents

if TYPE_CHECKING:
    from ...api import CleanResult, Scanner

#: The field holding the HTML in JSON Lines and CSV exports, unless ``--field`` says otherwise.
DEFAULT_FIELD = "content"
EXPORT_SUFFIXES = (".xml", ".jsonl", ".ndjson", ".csv", ".warc", ".warc.gz", *archives.ARCHIVE_SUFFIXES)
_SNIFF = 16 * 1024

Reader = Callable[[BinaryIO, str, str, bool], Iterator[Piece]]
FORMATS: dict[str, Reader] = {"wxr": wxr.pieces, "jsonl": jsonl.pieces, "csv": csv_export.pieces, "warc": warc.pieces,
                              "zip": archives.zip_pieces, "tar": archives.tar_pieces}


def format_of(name: str, head: bytes = b"") -> str | None:
    """The export format a file name (and, for ``.xml``, its first bytes) stands for, or None."""
    lowered = name.lower()
    if lowered.endswith((".warc", ".warc.gz")):
        return "warc"
    if archive := archives.archive_format(lowered):
        return archive
    if lowered.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if lowered.endswith(".csv"):
        return "csv"
    if lowered.endswith(".xml") and wxr.is_wxr(head):
        return "wxr"
    return None


def export_format(path: Path) -> str | None:
    """The export format of a local file, or None when it is not an export (an ``.xml`` is sniffed)."""
    head = b""
    if path.name.lower().endswith(".xml"):
        try:
            with path.open("rb") as stream:
                head = stream.read(_SNIFF)
        except OSError as error:
            raise SourceError(f"{path}: cannot read: {error.strerror or error}") from None
    return format_of(path.name, head)


def _known_export(path: str | Path) -> tuple[Path, str]:
    """The path and its export format; a file of no known format is an error."""
    path = Path(path)
    fmt = export_format(path)
    if fmt is None:
        raise SourceError(f"{path}: not a known export format")
    return path, fmt


def _cannot_read(path: Path, error: OSError) -> SourceError:
    return SourceError(f"{path}: cannot read: {error.strerror or error}")


def stream_documents(stream: BinaryIO, name: str, fmt: str, field: str = DEFAULT_FIELD,
                     skipped: list[Skipped] | None = None) -> Iterator[Document]:
    """The documents of an export read from any binary stream (a file, an fsspec URL, a pipe); the archive
    members left unread are added to ``skipped``."""
    return record_documents(FORMATS[fmt](stream, name, field, False), skipped)


def read_documents(path: str | Path, field: str = DEFAULT_FIELD,
                   skipped: list[Skipped] | None = None) -> Iterator[Document]:
    """The documents of a local export file, one record at a time; the archive members left unread are added
    to ``skipped``."""
    path, fmt = _known_export(path)
    try:
        with path.open("rb") as stream:
            yield from stream_documents(stream, str(path), fmt, field, skipped)
    except OSError as error:
        raise _cannot_read(path, error) from None


def check_export(path: str | Path, field: str = DEFAULT_FIELD) -> None:
    """Read an export through as ``clean_export`` does, writing nothing and scanning nothing, so that one that
    cleaning must refuse (an archive, malformed XML, a CSV without the column, a JSON Lines field no record has)
    is refused before the run changes anything. Its notes (a line skipped) are left to the cleaning itself."""
    path, fmt = _known_export(path)
    try:
        with path.open("rb") as stream:
            deque(FORMATS[fmt](stream, str(path), field, True), maxlen=0)
    except OSError as error:
        raise _cannot_read(path, error) from None


def clean_export(path: str | Path, out: BinaryIO, scanner: "Scanner", field: str = DEFAULT_FIELD,
                 restore: str | None = None) -> Iterator["CleanResult"]:
    """Write the cleaned export of ``path`` (a ``str`` or ``Path``) to ``out``, yielding each record's result as
    it is written. Only opening the file is a read error here: one writing ``out`` stays the caller's."""
    path, fmt = _known_export(path)
    try:
        stream = path.open("rb")
    except OSError as error:
        raise _cannot_read(path, error) from None
    with stream:
        yield from clean_pieces(FORMATS[fmt](stream, str(path), field, True), out, scanner, restore)

__all__ = ["DEFAULT_FIELD", "EXPORT_SUFFIXES", "FORMATS", "Piece", "Record", "Skipped", "check_export", "clean_export",
           "export_format", "format_of", "read_documents", "stream_documents"]
