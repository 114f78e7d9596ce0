"""Sources: where documents come from (files, folders, standard input)."""

from .files import SCANNED_SUFFIXES, Collected, Unreadable, collect, documents

__all__ = ["SCANNED_SUFFIXES", "Collected", "Unreadable", "collect", "documents"]
