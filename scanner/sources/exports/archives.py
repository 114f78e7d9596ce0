"""Zip and tar archives (plain or compressed) as sources: every document inside, read one at a time.

A member is a document by the same suffixes as a file in a folder; it is
named ``site.zip#blog/post.html``, the member path kept exactly as stored
(``../`` included: it is only a name, nothing is ever extracted to disk).
Members over ``MAX_MEMBER`` bytes (the limit WARC payloads have), archives
inside the archive, encrypted and unreadable members, and tar members that are
no regular file (symbolic and hard links, FIFOs, devices) are skipped, each with a
warning on the ``scanner`` logger (one line on stderr from the command line),
and counted with the files of other types as a scan of a folder counts them.
Archives are scanned, never cleaned: rewriting one is refused.
"""

from __future__ import annotations

import stat
import tarfile
import zipfile
import zlib
from typing import BinaryIO, Iterator

from ...document import Document
from ...errors import SourceError
from ..suffixes import ARCHIVE_SUFFIXES, is_document_name
from .base import Piece, Record, Skipped
from .warc import MAX_PAYLOAD

#: Members larger than this are skipped, not scanned.
MAX_MEMBER = MAX_PAYLOAD
_NESTED = ARCHIVE_SUFFIXES + (".warc", ".warc.gz")


def archive_format(name: str) -> str | None:
    """``zip`` or ``tar`` for an archive's file name, or None."""
    lowered = name.lower()
    if lowered.endswith(".zip"):
        return "zip"
    if lowered.endswith(ARCHIVE_SUFFIXES):
        return "tar"
    return None


def _skipped(name: str, member: str, size: int) -> Skipped | None:
    """Why a member is not read as a document (a nested archive, an oversized document; a file of another type
    without a reason), or None for a document to read."""
    if member.lower().endswith(_NESTED):
        return Skipped(f"{name}#{member}", "an archive inside an archive is not opened")
    if not is_document_name(member):
        return Skipped(f"{name}#{member}", None)
    if size > MAX_MEMBER:
        return Skipped(f"{name}#{member}", f"{size} bytes, over the {MAX_MEMBER}-byte limit")
    return None


def _not_a_file(name: str, member: tarfile.TarInfo) -> Skipped:
    """The note for a tar member that is no regular file: a link is not followed (a streamed archive cannot go
    back to its target, which is scanned under its own name when it is a document), a FIFO or device has no
    content; a member whose name is no document's is counted without a reason, as a file of another type is."""
    if not is_document_name(member.name):
        return Skipped(f"{name}#{member.name}", None)
    if member.issym():
        why = f"a symbolic link to {member.linkname}, not followed"
    elif member.islnk():
        why = f"a hard link to {member.linkname}, not read: the archive is read once, front to back"
    else:
        why = "a FIFO or a device, not a regular file"
    return Skipped(f"{name}#{member.name}", why)


def _record(name: str, member: str, data: bytes) -> Record:
    def render(cleaned: bytes) -> bytes:  # never called: cleaning refuses an archive before its first record
        raise _cleaning_refused(name)

    return Record(Document(f"{name}#{member}", data, metadata={"format": "archive", "member": member}), b"", render)


def _cleaning_refused(name: str) -> SourceError:
    return SourceError(f"{name}: archives are scanned, not cleaned: extract it and clean the extracted folder")


def _zip_link(info: zipfile.ZipInfo) -> bool:
    """Whether a zip member is a symbolic link (``zip -y``): Unix file type bits in the high half of its
    external attributes."""
    return info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16)


def zip_pieces(stream: BinaryIO, name: str, field: str = "", raw: bool = False) -> Iterator[Piece]:
    """The documents inside a zip archive; ``field`` is unused, and cleaning (``raw``) is refused."""
    _refuse_cleaning(name, raw)
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise SourceError(f"{name}: not a zip archive ({error})") from None
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            if _zip_link(info) and is_document_name(info.filename):  # its content is the name of its target
                yield Skipped(f"{name}#{info.filename}", "a symbolic link, not followed")
                continue
            if skipped := _skipped(name, info.filename, info.file_size):
                yield skipped
                continue
            try:
                with archive.open(info) as member:
                    data = member.read(MAX_MEMBER + 1)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError, zlib.error) as error:
                yield Skipped(f"{name}#{info.filename}", f"unreadable: {error}")  # encrypted, unknown compression
                continue
            if len(data) > MAX_MEMBER:  # the size the archive declared was a lie
                yield Skipped(f"{name}#{info.filename}", f"over the {MAX_MEMBER}-byte limit")
                continue
            yield _record(name, info.filename, data)


def tar_pieces(stream: BinaryIO, name: str, field: str = "", raw: bool = False) -> Iterator[Piece]:
    """The documents inside a tar archive (plain, gzip, bzip2 or xz), streamed; cleaning (``raw``) is refused."""
    _refuse_cleaning(name, raw)
    try:
        with tarfile.open(fileobj=stream, mode="r|*") as archive:
            for member in archive:
                if member.isdir():
                    continue
                if not member.isfile():
                    yield _not_a_file(name, member)
                    continue
                if skipped := _skipped(name, member.name, member.size):
                    yield skipped
                    continue
                extracted = archive.extractfile(member)
                if extracted is not None:
                    yield _record(name, member.name, extracted.read())
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise SourceError(f"{name}: not a readable tar archive ({error})") from None


def _refuse_cleaning(name: str, raw: bool) -> None:
    if raw:
        raise _cleaning_refused(name)
