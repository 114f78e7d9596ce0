"""Writing a cleaned export to a file: streamed into a temporary file beside it, then renamed into place."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from ...writing import write_backup
from . import DEFAULT_FIELD, clean_export

if TYPE_CHECKING:
    from ...api import CleanResult, Scanner


def clean_export_to(path: Path, target: Path, scanner: "Scanner", field: str = DEFAULT_FIELD,
                    restore: str | None = None, backup: bool = False) -> Iterator["CleanResult"]:
    """Clean the export ``path`` into ``target``, yielding each record's result.

    The file appears at ``target`` only once complete (atomic rename). Cleaning
    in place (``target`` is ``path``) rewrites the file only when a record
    changed, after copying the original to a new backup beside it when ``backup`` (``write_backup``), and keeps its
    mode; a copy gets the source's mode.
    """
    in_place = target.resolve() == path.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    changed = False
    try:
        with os.fdopen(handle, "wb") as out:
            for result in clean_export(path, out, scanner, field, restore):
                changed = changed or result.changed
                yield result
            out.flush()
            os.fsync(out.fileno())
        if in_place:
            if not changed:
                Path(temporary).unlink()
                return
            if backup:
                write_backup(path)
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        else:  # a copy gets the source's permissions, as a cleaned page's copy does (mkstemp made it 0600)
            os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
