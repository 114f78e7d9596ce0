"""Reports: each reads only DocumentResults, Findings and RuleInfos, and returns text.

A renderer is registered in ``RENDERERS`` by format name; the console report
streams to the terminal instead and is not a renderer.
"""

from __future__ import annotations

from typing import Callable, Sequence

from ..findings import DocumentResult, RuleInfo
from . import html, json_report, junit, markdown, sarif
from .summary import Summary

Renderer = Callable[[Sequence[DocumentResult], Summary, dict[str, RuleInfo]], str]

RENDERERS: dict[str, Renderer] = {
    "json": lambda results, summary, rules: json_report.render(results, summary),
    "sarif": lambda results, summary, rules: sarif.render(results, rules, summary.interrupted, summary.stopped_by),
    "markdown": markdown.render,
    "junit": lambda results, summary, rules: junit.render(results, summary),
    "html": html.render,
}
FORMATS = ("console", *RENDERERS)

__all__ = ["FORMATS", "RENDERERS", "Renderer", "Summary"]
