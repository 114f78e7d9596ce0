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
    """``FILE.bak``, or ``FILE.bak.N`` for the first N not taken: a backup is never overwritten."""
    candidate = path.with_name(path.name + ".bak")
    number = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.bak.{number}")
        number += 1
    return candidate


def write_in_place(path: Path, data: bytes) -> Path:
    """Back the file up, then replace it atomically keeping its mode; returns the backup's path."""
    backup = backup_path(path)
    shutil.copy2(path, backup)
    atomic_write(path, data, mode=path.stat().st_mode & 0o7777)
    return backup


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


def write_copy(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, data)
