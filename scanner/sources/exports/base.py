"""What every export format shares: records, the stream of pieces, and streaming batched cleaning.

A format reads an export as a stream of *pieces*: raw bytes, copied unchanged
into a cleaned export, and ``Record``s, each holding one document (a post's
HTML, a comment, a WARC response) with the bytes it occupies in the export and
how to write it back once cleaned. Scanning keeps only the documents; cleaning
writes the pieces back in order, so everything but the edited fields stays
byte for byte as it was.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, BinaryIO, Callable, Iterable, Iterator, Union

from ...document import Document
from ...findings import Verdict, verdict_of

if TYPE_CHECKING:
    from ...api import CleanResult, Scanner

#: Records cleaned together (they pool evidence for restoring replaced words).
BATCH_RECORDS = 256
#: Bytes held back while a batch fills; a batch is cleaned early past this.
MAX_PENDING_BYTES = 32 * 1024 * 1024
#: Chunk size for raw bytes copied between records.
COPY_CHUNK = 1024 * 1024

#: Fields looked up in JSON and CSV records to name them in reports.
NAMING_FIELDS = ("id", "ID", "post_id", "url", "link", "guid", "title")
_log = logging.getLogger("scanner")


@dataclass(frozen=True)
class Record:
    """One document inside an export, and where it sits in the export's bytes."""

    document: Document
    original: bytes  # what this record occupies in the export; written back when nothing changed
    render: Callable[[bytes], bytes]  # cleaned document bytes -> the bytes to write in its place
    #: For a record that is spam as a whole once its document is injected (a WXR comment): the cleaned document
    #: bytes (None when cleaning changed nothing) -> the bytes to write, kept but marked as spam; None when
    #: there is nothing to mark (marked already). None for records of other kinds.
    render_spam: Callable[[bytes | None], bytes | None] | None = None


@dataclass(frozen=True)
class Skipped:
    """A part of an export left unread, and why: an archive member (None for a file of another type, passed over
    without a note, as in a folder), or a record that holds no document (a CSV row without the column). A
    skipped record's bytes come as a piece of their own, so cleaning copies them as they were."""

    source: str
    reason: str | None


Piece = Union[bytes, Record, Skipped]


def record_documents(pieces: Iterable[Piece], skipped: list[Skipped] | None = None) -> Iterator[Document]:
    """The documents of a piece stream, one at a time; each part skipped with a reason is a warning on the
    ``scanner`` logger (one line on stderr from the command line), and every one is added to ``skipped``."""
    for piece in pieces:
        if isinstance(piece, Record):
            yield piece.document
        elif isinstance(piece, Skipped):
            _announce(piece)
            if skipped is not None:
                skipped.append(piece)


def _announce(piece: Skipped) -> None:
    if piece.reason is not None:
        _log.warning("scanner: %s: skipped (%s)", piece.source, piece.reason)


def naming_metadata(record: dict[str, object]) -> dict[str, str]:
    """Fields that name a JSON or CSV record (id, URL, title), as strings, when present."""
    return {key: str(record[key]) for key in NAMING_FIELDS
            if isinstance(record.get(key), (str, int)) and str(record[key]) != ""}


def changed_span(old: str, new: str) -> tuple[int, int]:
    """The length of the common prefix of ``old`` and ``new``, and of their common suffix after it: where a
    cleaned field differs from the original, so that only that span is written anew."""
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return prefix, suffix


def clean_pieces(pieces: Iterable[Piece], out: BinaryIO, scanner: "Scanner", restore: str | None = None,
                 batch: int = BATCH_RECORDS, max_pending: int = MAX_PENDING_BYTES) -> Iterator["CleanResult"]:
    """Write the cleaned export to ``out``, yielding each record's result as its batch is written.

    Memory holds at most one batch: ``batch`` records, or ``max_pending`` bytes.
    """
    pending: list[Piece] = []
    records: list[Record] = []
    size = 0
    for piece in pieces:
        if isinstance(piece, Skipped):  # a record's bytes came as a piece of their own (an archive is refused)
            _announce(piece)
            continue
        if not records and isinstance(piece, bytes):
            out.write(piece)
            continue
        pending.append(piece)
        if isinstance(piece, Record):
            records.append(piece)
            size += len(piece.original)
        else:
            size += len(piece)
        if len(records) >= batch or size >= max_pending:
            yield from _flush(pending, records, out, scanner, restore)
            pending, records, size = [], [], 0
    yield from _flush(pending, records, out, scanner, restore)


def _flush(pending: list[Piece], records: list[Record], out: BinaryIO, scanner: "Scanner",
           restore: str | None) -> Iterator["CleanResult"]:
    results = scanner.clean_many([record.document for record in records], restore) if records else iter(())
    for piece in pending:
        if isinstance(piece, Record):
            data, result = _written(piece, next(results))
            out.write(data)
            yield result
        else:
            out.write(piece)


def _written(record: Record, result: "CleanResult") -> tuple[bytes, "CleanResult"]:
    """The bytes to write for a cleaned record, and its result; a record that is spam as a whole (a WXR comment
    found injected) is kept, marked as spam, and its result says so."""
    if record.render_spam is not None and verdict_of(result.findings) is Verdict.INJECTED:
        marked = record.render_spam(result.data if result.changed else None)
        if marked is not None:
            return marked, replace(result, changed=True, marked_spam=True)
    return (record.render(result.data) if result.changed else record.original), result
