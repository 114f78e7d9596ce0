"""Writing cleaned documents safely: atomic replacement, backups, paths kept inside the output folder."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .errors import SourceError


def atomic_write(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it, then rename it over ``path``."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def backup_path(path: Path) -> Path:
    """``FILE.bak``, or ``FILE.bak.N`` for the first N not taken: a backup is never overwritten. A name taken by a
    symbolic link, even one that leads nowhere, is taken: writing through it would put the page where the link
    points, which on a hacked site its attacker chose."""
    candidate = path.with_name(path.name + ".bak")
    number = 1
    while os.path.lexists(candidate):
        candidate = path.with_name(f"{path.name}.bak.{number}")
        number += 1
    return candidate


def write_backup(path: Path) -> Path:
    """Copy ``path`` (its bytes, mode and times) to a new ``backup_path``; returns the backup's path. The backup is
    created exclusively and never through a symbolic link, so a name taken between the choice and the write is
    passed over, not written through."""
    while True:
        backup = backup_path(path)
        try:
            handle = os.open(backup, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except FileExistsError:
            continue
        with os.fdopen(handle, "wb") as stream, path.open("rb") as source:
            shutil.copyfileobj(source, stream)
        shutil.copystat(path, backup)
        return backup


def write_in_place(path: Path, data: bytes) -> Path:
    """Back the file up, then replace it atomically keeping its mode; returns the backup's path.

    A symbolic link stays a link: its target is rewritten, and backed up beside the target.
    """
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    backup = write_backup(path)
    atomic_write(path, data, mode=path.stat().st_mode & 0o7777)
    return backup


def write_output_file(path: Path, data: bytes) -> None:
    """Write a file the user named as a command's output (a baseline): through a symbolic link to its target, and
    straight into what is no regular file (``/dev/full``, a pipe), whose failed write is then an error rather than
    the device replaced by a file; a regular file is replaced atomically."""
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    if path.exists() and not path.is_file():
        with path.open("wb") as stream:
            stream.write(data)
        return
    write_copy(path, data)


def output_path(output_dir: Path, file: Path, root: Path) -> Path:
    """Where the cleaned copy of ``file`` (found under ``root``) goes; never outside ``output_dir``."""
    try:
        relative = file.resolve().relative_to(root.resolve())
    except ValueError:
        relative = Path(file.name)
    target = (output_dir / relative).resolve()
    if not target.is_relative_to(output_dir.resolve()):
        raise SourceError(f"{file}: refusing to write outside {output_dir}")
    return target


def output_paths(output_dir: Path, files: list[tuple[Path, Path]]) -> dict[Path, Path]:
    """Where each cleaned copy goes: its path relative to the folder it was found under (a folder argument, or
    a file argument's own folder) or, when arguments lie in several folders, relative to their common folder
    (``a/x.html b/x.html`` give ``a/x.html`` and ``b/x.html``).

    Checked before anything is written: two inputs never share an output path.
    """
    if not files:
        return {}
    common = Path(os.path.commonpath({root.resolve() for _file, root in files}))
    targets: dict[Path, Path] = {}
    written_from: dict[Path, Path] = {}
    for file, _root in files:
        target = output_path(output_dir, file, common)
        source = file.resolve()
        if written_from.setdefault(target, source) != source:
            raise SourceError(f"{file}: its cleaned copy would overwrite that of {written_from[target]} ({target}); "
                              f"clean them in separate runs")
        targets[file] = target
    return targets


def write_copy(target: Path, data: bytes, mode: int | None = None) -> None:
    """Write ``target`` atomically with ``mode`` (default: what the umask gives a new file)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, data, mode=new_file_mode() if mode is None else mode)


def new_file_mode() -> int:
    """The permission bits a newly created file gets under the current umask (0644 under umask 022)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
