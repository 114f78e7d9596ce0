"""Extraction: decoded source to scoped text views mapped back to the source."""

from __future__ import annotations

from .fold import fold, fold_string
from .html import extract_html
from .markdown import markdown_quotations
from .model import SCOPES, Element, Extraction, Link, Scope
from .textview import TextBuilder, TextView
from .visibility import hiding_reason

__all__ = ["SCOPES", "Element", "Extraction", "Link", "Scope", "TextBuilder", "TextView", "extract", "fold", "fold_string",
           "hiding_reason"]


def extract(text: str, kind: str) -> Extraction:
    """Extract the scopes of a decoded document; text and Markdown map one to one."""
    if kind == "html":
        return extract_html(text)
    if kind == "markdown":
        return Extraction(kind="markdown", views={"text": TextView.identity(text)}, quotations=markdown_quotations(text))
    return Extraction(kind="text", views={"text": TextView.identity(text)})
