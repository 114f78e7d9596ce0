"""File-name suffixes shared by folder scanning and archive members: which files are documents."""

from __future__ import annotations

#: Files read as documents (a folder's other files are skipped and counted).
SCANNED_SUFFIXES = frozenset((".html", ".htm", ".xhtml", ".txt", ".md", ".markdown"))
#: Archives whose members are read as documents (only when named on the command line).
ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")


def is_document_name(name: str) -> bool:
    """Whether a file or archive member with this name is a document to scan."""
    lowered = name.lower()
    return any(lowered.endswith(suffix) for suffix in SCANNED_SUFFIXES)
