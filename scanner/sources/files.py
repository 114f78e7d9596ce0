"""Local sources: files, folders (recursive) and standard input.

Exports (WordPress ``.xml``, ``.jsonl``, ``.csv``, ``.warc``, ``.warc.gz``)
are read record by record through ``sources.exports``: one document per post,
line, row or HTML response. Zip and tar archives named on the command line are
read the same way, one document per member; inside folders they are skipped.
"""

from __future__ import annotations

import fnmatch
import logging
import os
import sys
from dataclasses import dataclass, field as dataclass_field
from pathlib import Path
from typing import Iterator

from ..document import Document
from ..errors import SourceError
from .exports import DEFAULT_FIELD, Skipped, export_format, read_documents
from .exports.archives import archive_format

_log = logging.getLogger("scanner")
from .suffixes import SCANNED_SUFFIXES


@dataclass(frozen=True)
class Unreadable:
    """A file that exists but could not be read, and how many documents of the run came before it."""

    source: str
    error: str
    position: int


@dataclass
class Collected:
    """The files to scan, where each came from, and how many were skipped."""

    files: list[tuple[Path, Path]]  # (file, the root argument it was found under)
    skipped: int = 0
    stdin: bool = False
    named: set[Path] = dataclass_field(default_factory=set)  # the files named on the command line, not found in a folder
    unlisted: list[Unreadable] = dataclass_field(default_factory=list)  # folders whose files could not be listed


def _ignored(path: Path, root: Path, patterns: tuple[str, ...], base: Path | None) -> bool:
    """Glob patterns against the file's path relative to the scanned folder, relative to ``base`` (the config file's
    folder) when it lies under it, and against the file name; a leading ``**/`` also matches no folder at all, as in
    ``.gitignore`` (``**/draft.html`` ignores ``draft.html``). Read from the config file's folder, ``site/drafts/**``
    ignores the same files whether ``.``, ``site``, ``./site/`` or an absolute path is scanned."""
    places = [path.relative_to(root).as_posix() if path != root else path.name]
    if base is not None and (absolute := Path(os.path.abspath(path))).is_relative_to(base):
        places.append(absolute.relative_to(base).as_posix())
    return any(fnmatch.fnmatch(relative, p) or fnmatch.fnmatch(path.name, p)
               or p.startswith("**/") and fnmatch.fnmatch(relative, p[3:]) for p in patterns for relative in places)


def collect(arguments: list[str], ignore: tuple[str, ...] = (), base: Path | None = None) -> Collected:
    """Expand file and folder arguments; ``-`` means standard input. ``ignore`` globs are read from ``base`` (the
    config file's folder; None: each folder scanned), see ``_ignored``.

    A missing path is an error; files with other suffixes inside folders, and
    archives there, are skipped and counted (a file named explicitly is always
    scanned: an archive's documents one by one). Archives are left out of
    folders because cleaning a folder would then fail on them. Entries of a
    folder that are neither files nor folders (a broken symbolic link, a
    socket) are skipped and counted too. A file reached twice (named twice, or through a symbolic link in a
    folder) is kept once, under the first name it was reached by: it would otherwise be cleaned twice (a second
    backup) and count as two pages where cleaning pools its evidence.
    """
    collected = Collected(files=[])
    seen: set[Path] = set()
    base = Path(os.path.abspath(base)) if base is not None else None
    for argument in arguments:
        if argument == "-":
            collected.stdin = True
            continue
        path = Path(argument)
        if path.is_file():
            _add_once(collected, seen, path, path.parent)
            collected.named.add(path)
        elif path.is_dir():
            for file in _files_under(path, collected.unlisted):
                if _ignored(file, path, ignore, base):
                    continue
                if file.is_file() and _scanned_in_folder(file):
                    _add_once(collected, seen, file, path)
                else:
                    collected.skipped += 1
        elif path.is_symlink() and not path.exists():
            raise SourceError(f"{argument}: broken symbolic link (its target does not exist)")
        elif path.exists():
            raise SourceError(f"{argument}: not a regular file or folder")
        elif argument.lower().startswith(("http://", "https://")):  # scan fetches these; this command reads files only
            raise SourceError(f"{argument}: this command reads files and folders; only 'scanner scan' fetches addresses")
        elif "://" in argument:
            raise SourceError(f"{argument}: unsupported URL scheme (only http and https)")
        else:
            raise SourceError(f"{argument}: no such file or folder")
    return collected


def _files_under(folder: Path, unlisted: list[Unreadable]) -> list[Path]:
    """Every entry under ``folder`` that is no folder (symbolic links to folders are not followed), sorted. A folder
    that cannot be listed (no permission) is added to ``unlisted``: its files, perhaps infected, would otherwise be
    left out without a word."""
    def failed(error: OSError) -> None:
        _log.warning("scanner: %s: cannot list folder: %s: skipped", error.filename, error.strerror or error)
        unlisted.append(Unreadable(str(error.filename), f"cannot list folder: {error.strerror or error}", 0))

    found = []
    for parent, _folders, files in os.walk(folder, onerror=failed):
        found += [Path(parent, name) for name in files]
    return sorted(found)


def _add_once(collected: Collected, seen: set[Path], file: Path, root: Path) -> None:
    real = file.resolve()
    if real not in seen:
        seen.add(real)
        collected.files.append((file, root))


def _scanned_in_folder(file: Path) -> bool:
    """A document or an export found in a folder (archives there are left out, see ``collect``)."""
    return file.suffix.lower() in SCANNED_SUFFIXES or bool(export_format(file) and not archive_format(file.name))


#: What scan and clean say of a file found in a folder that looks like an export but holds none of pages.
NO_EXPORT_OF_PAGES = "skipped: a file in a folder that is no export of pages"


def _or_skipped(path: Path, exported: Iterator[Document], skipped: list[Skipped] | None) -> Iterator[Document]:
    """The documents of an export found in a folder, or none, with a warning, when the file is no export of pages at
    all (a site's ``data.csv`` without the HTML column, a ``.jsonl`` log): it is skipped and counted like a file of
    another type, where naming it on the command line is an error. An export found malformed after its first
    document still ends the scan."""
    try:
        first = next(exported, None)
    except SourceError as error:
        _log.warning("scanner: %s; %s", error, NO_EXPORT_OF_PAGES)
        if skipped is not None:
            skipped.append(Skipped(str(path), f"no export of pages: {error}"))
        return
    if first is not None:
        yield first
        yield from exported


def documents(collected: Collected, field: str = DEFAULT_FIELD, unreadable: list[Unreadable] | None = None,
              skipped: list[Skipped] | None = None) -> Iterator[Document]:
    """The documents of a collection, read one at a time; ``field`` names the HTML in JSON Lines and CSV exports.

    A file that cannot be read (no permission, an I/O error) is skipped with a warning on the ``scanner``
    logger, as an unreadable archive member is: one such file does not end the scan of the others. It is
    added to ``unreadable``, when given, so that a scan reports it as a document it could not scan. The members
    an archive skips are added to ``skipped``, so that a scan counts them as it counts a folder's skipped files."""
    count = 0
    if unreadable is not None:
        unreadable.extend(collected.unlisted)
    if collected.stdin:
        count += 1
        yield Document(source="-", data=sys.stdin.buffer.read())
    for path, _root in collected.files:
        if export_format(path):
            exported = read_documents(path, field, skipped)
            if path not in collected.named:
                exported = _or_skipped(path, exported, skipped)
            for document in exported:
                count += 1
                yield document
            continue
        try:
            data = path.read_bytes()
        except OSError as error:
            reason = f"cannot read: {error.strerror or error}"
            _log.warning("scanner: %s: %s: skipped", path, reason)
            if unreadable is not None:
                unreadable.append(Unreadable(str(path), reason, count))
            continue
        count += 1
        yield Document(source=str(path), data=data)
