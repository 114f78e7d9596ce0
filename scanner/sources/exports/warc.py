"""Web archives (WARC, WARC.gz): every HTML response record, read with ``warcio``.

A record is named ``crawl.warc.gz#urn:uuid:...`` (its WARC-Record-ID); its
target URL and date go into the metadata. The payload is read with transfer-
and content-encodings undone and decoded with the charset of the HTTP
``Content-Type``. Cleaning copies every record that did not change byte for
byte (each record's span runs from its offset to the next record's, so
gzip members and separators are kept) and writes a changed record anew: the
same WARC headers and record id, the cleaned payload without transfer- or
content-encoding, and a new Content-Length, block digest and payload digest.
Records are streamed; only one HTML payload at a time is in memory.
A truncated archive (a record shorter than its Content-Length, a gzip stream
without its end, bytes after the last record that are no record) is an error
naming where it ends, raised once the records before it have been read: it
is never read as a short page.
"""

from __future__ import annotations

import io
import os
from typing import BinaryIO, Callable, Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from ...document import Document
from ...errors import SourceError
from .base import COPY_CHUNK, Piece, Record

HTML_TYPES = ("text/html", "application/xhtml+xml")
#: HTML payloads larger than this are copied, not scanned.
MAX_PAYLOAD = 32 * 1024 * 1024
_DROPPED_HTTP = ("content-encoding", "transfer-encoding", "content-length")
_DIGESTS = ("WARC-Block-Digest", "WARC-Payload-Digest", "Content-Length")


def _media(record: ArcWarcRecord) -> tuple[str, str | None]:
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    value = (headers.get_header("Content-Type") if headers else None) or ""
    media, _, parameters = value.partition(";")
    charset = next((p.split("=", 1)[1].strip().strip("\"'") for p in parameters.split(";")
                    if p.strip().lower().startswith("charset=")), None)
    return media.strip().lower(), charset or None


def _html(record: ArcWarcRecord) -> bytes | None:
    if record.rec_type not in ("response", "resource") or _media(record)[0] not in HTML_TYPES:
        return None
    if record.rec_type == "response" and not record.http_headers:
        return None
    try:
        payload = record.content_stream().read(MAX_PAYLOAD + 1)
    except (OSError, ValueError, EOFError):
        return None
    return payload if 0 < len(payload) <= MAX_PAYLOAD else None


class _Records(ArchiveIterator):
    """warcio's record iterator, noting whether the file ended inside a gzip stream, which warcio reads as if
    the data simply stopped there."""

    gzip_cut_short = False

    def close(self) -> None:
        decompressor = self.reader.decompressor if self.reader else None
        if decompressor is not None and self.reader.num_read and not decompressor.eof:
            self.gzip_cut_short = True
        super().close()


#: What warcio raises, besides ``ArchiveLoadFailed``, on a record whose headers are cut off or garbled (a file cut
#: inside a record's header block: a header without its value).
_BROKEN_HEADERS = (AttributeError, ValueError, IndexError, KeyError, EOFError)


def _whole_headers(records: _Records, name: str, failures: list[SourceError]) -> Iterator[ArcWarcRecord]:
    """The records of an archive. Where one cannot be read (its headers cut off or garbled, or bytes that are no
    record at all after the last one) the archive ends: the error naming where is put in ``failures``, so that
    the record before it, whose end is only known now, is still read."""
    read = 0
    while True:
        try:
            record = next(records)
            if record.format.startswith("arc") and not record.rec_headers.get_header("length", "").isdigit():
                # warcio reads any first line as a legacy ARC header; an ARC header ends with the length
                raise ArchiveLoadFailed(f"Invalid WARC record, first line: {record.rec_headers.get_header('uri')}")
        except StopIteration:
            return
        except ArchiveLoadFailed as error:
            detail = " ".join(str(error).split())  # warcio's message spans lines
            # an archive gzipped whole is read as one record, then refused with no place in the file (offset < 0)
            failures.append(SourceError(f"{name}: not a WARC file ({detail})" if not read or records.offset < 0 else
                                        f"{name}: broken file: what follows byte {records.offset} is no WARC "
                                        f"record ({detail})"))
            return
        except _BROKEN_HEADERS as error:
            failures.append(SourceError(f"{name}: truncated or broken file: a record's headers cannot be read after "
                                        f"byte {records.offset} ({type(error).__name__}: {error})"))
            return
        read += 1
        yield record


def _missing_bytes(record: ArcWarcRecord) -> int:
    """How many bytes of its Content-Length a record read to its end lacked (0 for a whole record)."""
    return getattr(record.raw_stream, "limit", 0)


def _check_whole(record: ArcWarcRecord, name: str, offset: int) -> None:
    if missing := _missing_bytes(record):
        record_id = (record.rec_headers.get_header("WARC-Record-ID") or f"offset-{offset}").strip("<>")
        raise SourceError(f"{name}#{record_id}: truncated file: the record ends {missing} byte(s) short of its "
                          f"Content-Length ({record.length})")


def _renderer(record: ArcWarcRecord, gzip: bool) -> Callable[[bytes], bytes]:
    warc_headers = StatusAndHeaders(record.rec_headers.statusline, list(record.rec_headers.headers),
                                    protocol=record.rec_headers.protocol)
    for name in _DIGESTS:
        warc_headers.remove_header(name)
    http = record.http_headers
    uri = record.rec_headers.get_header("WARC-Target-URI")

    def render(cleaned: bytes) -> bytes:
        http_headers = None
        if http is not None and record.rec_type == "response":
            kept = [(k, v) for k, v in http.headers if k.lower() not in _DROPPED_HTTP]
            http_headers = StatusAndHeaders(http.statusline, kept + [("Content-Length", str(len(cleaned)))],
                                            protocol=http.protocol)
        out = io.BytesIO()
        writer = WARCWriter(out, gzip=gzip, warc_version=warc_headers.protocol)
        rewritten = writer.create_warc_record(uri, record.rec_type, payload=io.BytesIO(cleaned), length=len(cleaned),
                                              warc_headers=warc_headers, http_headers=http_headers)
        writer.write_record(rewritten)
        return out.getvalue()

    return render


def _copy(handle: BinaryIO, start: int, end: int) -> Iterator[bytes]:
    descriptor = handle.fileno()
    while start < end:
        chunk = os.pread(descriptor, min(COPY_CHUNK, end - start), start)
        if not chunk:
            raise SourceError(f"{getattr(handle, 'name', 'archive')}: file shrank while being cleaned")
        start += len(chunk)
        yield chunk


def pieces(stream: BinaryIO, name: str, field: str = "", raw: bool = True) -> Iterator[Piece]:
    """The HTML responses of a web archive; ``field`` is unused.

    With ``raw``, ``stream`` must be a regular file: records are copied from it by offset.
    """
    gzip = name.lower().endswith(".gz")
    pending: tuple[int, ArcWarcRecord, bytes] | None = None  # the record whose end is the next one's offset
    failures: list[SourceError] = []
    iterator = _Records(stream)
    for record in _whole_headers(iterator, name, failures):
        payload = _html(record)
        offset = iterator.get_record_offset()  # the record has been read to its end
        if pending is not None:
            yield from _piece(stream, name, gzip, raw, *pending, offset)
        _check_whole(record, name, offset)
        pending = (offset, record, payload) if payload is not None or raw else None
    if pending is not None and not (failures and iterator.offset < 0):
        end = iterator.offset if failures else os.fstat(stream.fileno()).st_size if raw else 0
        yield from _piece(stream, name, gzip, raw, *pending, end)
    if failures:
        raise failures[0]
    if iterator.gzip_cut_short:
        raise SourceError(f"{name}: truncated file: it ends inside a gzip stream, before its end-of-stream marker")


def _piece(stream: BinaryIO, name: str, gzip: bool, raw: bool, start: int, record: ArcWarcRecord,
           payload: bytes | None, end: int) -> Iterator[Piece]:
    if payload is None:
        yield from _copy(stream, start, end)
        return
    record_id = (record.rec_headers.get_header("WARC-Record-ID") or f"offset-{start}").strip("<>")
    metadata = {"format": "warc", "warc_record_id": record_id,
                "url": record.rec_headers.get_header("WARC-Target-URI") or "",
                "date": record.rec_headers.get_header("WARC-Date") or ""}
    document = Document(f"{name}#{record_id}", payload, kind="html", declared_charset=_media(record)[1],
                        metadata=metadata)
    original = b"".join(_copy(stream, start, end)) if raw else b""
    yield Record(document, original, _renderer(record, gzip))
