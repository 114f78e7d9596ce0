"""CSV exports: a header row, the HTML in the column named by ``--field``.

The dialect (delimiter, quoting) is sniffed from the start of the file. A
record is named ``export.csv#row-N`` (N counts data rows from 1); its ``id``,
``url`` or ``title`` columns go into the metadata. Cleaning copies every row
whose field did not change exactly as it was read (quoted line breaks
included) and rewrites changed rows with the same dialect and line ending.

A row with fewer columns than the header, so without the field, or whose
field holds no text, is skipped with a note; a row that cannot be read (a quoted field never closed, a quote
followed by more text) makes the export malformed, a ``SourceError``.
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
from typing import BinaryIO, Iterator

from ...document import Document
from ...errors import SourceError
from .base import Piece, Record, Skipped, naming_metadata

SNIFF_BYTES = 64 * 1024


class _Lines:
    """Text lines handed to ``csv.reader``, remembering those taken since the last row."""

    def __init__(self, text: io.TextIOBase) -> None:
        self._text = text
        self.taken: list[str] = []
        self.count = 0  # lines read so far

    def __iter__(self) -> "_Lines":
        return self

    def __next__(self) -> str:
        line = next(self._text)
        self.taken.append(line)
        self.count += 1
        return line

    def take(self) -> str:
        raw = "".join(self.taken)
        self.taken.clear()
        return raw

    def row_start(self) -> int:
        """The line the row being read starts on (counted from 1)."""
        return self.count - len(self.taken) + 1


def _dialect(sample: bytes) -> type[csv.Dialect] | csv.Dialect:
    """The sniffed delimiter and quote character; quotes inside a field are doubled unless an escape character is set.

    The sniffer only sees doubled quotes in a field that ends its line at ``\n``:
    with CRLF endings, or a line break inside the field, it said they were not
    doubled, and rewriting such a row failed with "need to escape". Without an
    escape character, doubling (RFC 4180, Excel) is the only way a field can hold
    a quote, so it is assumed.
    """
    text = sample.decode("utf-8", errors="ignore").replace("\r\n", "\n")  # the sniffer's patterns end lines at \n
    if len(sample) >= SNIFF_BYTES and "\n" in text:
        text = text[: text.rindex("\n")]
    try:
        dialect = csv.Sniffer().sniff(text, delimiters=",;\t|")
    except csv.Error:
        return csv.excel
    if dialect.escapechar is None:
        dialect.doublequote = True
    return dialect


def _write(dialect: type[csv.Dialect] | csv.Dialect, row: list[str], ending: str, quoting: int) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, dialect, lineterminator=ending, quoting=quoting).writerow(row)
    return buffer.getvalue()


def _renderer(dialect: type[csv.Dialect] | csv.Dialect, row: list[str], column: int, raw: str):
    """Rewrites the row with the quoting that reproduces it as read (all fields quoted, or as needed)."""
    ending = "\r\n" if raw.endswith("\r\n") else "\n" if raw.endswith("\n") else ""
    quoting = next((q for q in (csv.QUOTE_MINIMAL, csv.QUOTE_ALL) if _write(dialect, row, ending, q) == raw),
                   csv.QUOTE_MINIMAL)

    def render(cleaned: bytes) -> bytes:
        changed = [cleaned.decode("utf-8") if i == column else value for i, value in enumerate(row)]
        return _write(dialect, changed, ending, quoting).encode("utf-8")

    return render


def pieces(stream: BinaryIO, name: str, field: str, raw: bool = True) -> Iterator[Piece]:
    """The rows of a CSV export: a ``Record`` where the ``field`` column holds text, raw bytes elsewhere, and a
    ``Skipped`` note after a row too short to have the column or with no text in it."""
    csv.field_size_limit(sys.maxsize)
    buffered = stream if hasattr(stream, "peek") else io.BufferedReader(stream, SNIFF_BYTES)  # type: ignore[arg-type]
    head = buffered.peek(SNIFF_BYTES)
    if head.startswith(codecs.BOM_UTF8):
        buffered.read(len(codecs.BOM_UTF8))
        if raw:
            yield codecs.BOM_UTF8
    lines = _Lines(io.TextIOWrapper(buffered, encoding="utf-8", newline=""))
    dialect = _dialect(head)
    reader = csv.reader(lines, dialect, strict=True)
    reading = 0  # the data row being read; 0 for the header
    try:
        header = next(reader, None)
        if header is None:
            return
        if field not in header:
            raise SourceError(f"{name}: no column {field!r} (columns: {', '.join(header)}); choose one with --field")
        if header.count(field) > 1:  # reading one would leave the other's HTML unscanned, and uncleaned
            places = ", ".join(str(i + 1) for i, name_ in enumerate(header) if name_ == field)
            raise SourceError(f"{name}: column {field!r} appears {header.count(field)} times (columns {places}); "
                              "rename one, or choose another with --field")
        column = header.index(field)
        header_text = lines.take()
        if raw:
            yield header_text.encode("utf-8")
        reading = 1
        for number, row in enumerate(reader, 1):
            reading = number + 1
            text = lines.take()
            html = row[column] if column < len(row) else ""
            if html.strip():
                yield _record(name, number, header, row, column, text, dialect)
                continue
            if raw:
                yield text.encode("utf-8")
            if row:  # a blank line is no row
                yield Skipped(f"{name}#row-{number}", _why_no_text(row, header, field))
    except UnicodeDecodeError as error:
        raise SourceError(f"{name}: not UTF-8 ({error.reason} at byte {error.start})") from None
    except csv.Error as error:
        raise _unreadable(name, reading, lines.row_start(), error) from None


def _why_no_text(row: list[str], header: list[str], field: str) -> str:
    """Why a row is skipped: it is too short to have the column, or its cell holds no text."""
    if header.index(field) >= len(row):
        return f"{len(row)} column(s) where the header has {len(header)}, so no {field!r} column"
    return f"column {field!r} holds no text"


def _record(name: str, number: int, header: list[str], row: list[str], column: int, text: str,
            dialect: type[csv.Dialect] | csv.Dialect) -> Record:
    metadata = {"format": "csv", "row": str(number)}
    metadata.update(naming_metadata(dict(zip(header, row))))
    document = Document(f"{name}#row-{number}", row[column].encode("utf-8"), kind="html",
                        declared_charset="utf-8", metadata=metadata)
    return Record(document, text.encode("utf-8"), _renderer(dialect, row, column, text))


def _unreadable(name: str, number: int, line: int, error: csv.Error) -> SourceError:
    """The error for a row the csv module cannot read: which row, on which line it starts, and why."""
    reason = str(error)
    if reason == "unexpected end of data":
        reason = "a quoted field is not closed before the end of the file"
    elif " expected after " in reason:  # "',' expected after '\"'", naming the dialect's delimiter and quote
        reason = "text follows the closing quote of a field (a quote inside a quoted field is written twice)"
    where = f"{name}#row-{number}" if number else f"{name}: the header"
    return SourceError(f"{where} (line {line}) cannot be read: {reason}")
