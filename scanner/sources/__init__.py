"""Sources: where documents come from (files, folders, standard input)."""

from .files import NO_EXPORT_OF_PAGES, SCANNED_SUFFIXES, Collected, Unreadable, collect, documents

__all__ = ["NO_EXPORT_OF_PAGES", "SCANNED_SUFFIXES", "Collected", "Unreadable", "collect", "documents"]
