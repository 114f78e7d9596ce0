"""The terminal report: per document its verdict and findings in context, then a summary."""

from __future__ import annotations

import regex
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..findings import DocumentResult, Finding, Severity, Verdict
from .names import escaped_surrogates
from .summary import Summary

VERDICT_STYLE = {Verdict.CLEAN: "green", Verdict.SUSPICIOUS: "yellow", Verdict.INJECTED: "bold red"}
SEVERITY_STYLE = {Severity.INFO: "dim", Severity.LOW: "cyan", Severity.MEDIUM: "yellow", Severity.HIGH: "red", Severity.CRITICAL: "bold red"}
CONTEXT = 50
# Characters that would act on the terminal (escape sequences, bidi overrides, line breaks) rather than show.
_UNSAFE = regex.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_OR_INVISIBLE = regex.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")


def visible(text: str, invisible: bool = False) -> str:
    """Text safe for a terminal: control and bidi characters spelled out as ``\\xNN`` / ``\\uNNNN``, and so are
    the bytes of a file name that are not UTF-8 (see ``escaped_surrogates``); with ``invisible``, characters that
    show nothing too (zero-width spaces and joiners, soft hyphens, direction marks), as a match hidden with them is
    evidence the reader must see."""
    unsafe = _UNSAFE_OR_INVISIBLE if invisible else _UNSAFE
    return unsafe.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), escaped_surrogates(text))


def in_context(source: str, finding: Finding) -> Text:
    """The match highlighted inside its surrounding line, shortened around it."""
    line_start = max(source.rfind("\n", 0, finding.start) + 1, finding.start - CONTEXT)
    line_end = source.find("\n", finding.end)
    line_end = min(len(source) if line_end == -1 else line_end, finding.end + CONTEXT)  # the last line has none
    match = source[finding.start:finding.end]
    if len(match) > 160:
        match = match[:75] + " … " + match[-75:]
    text = Text("…" if line_start > 0 and source[line_start - 1] != "\n" else "")
    text.append(visible(_spaced(source[line_start:finding.start])))
    text.append(visible(match.replace("\n", "⏎").replace("\t", "⇥"), invisible=True), style="bold black on yellow")
    text.append(visible(_spaced(source[finding.end:line_end])))
    if line_end < len(source) and source[line_end] != "\n":
        text.append("…")
    return text


def _spaced(text: str) -> str:
    """Line breaks and tabs of a document's text as spaces in its one context line (``visible`` would spell them out)."""
    return text.replace("\n", " ").replace("\t", " ")


def print_document(console: Console, result: DocumentResult, show_clean: bool = False) -> None:
    if result.error:
        console.print(Text.assemble(("error ", "bold red"), (visible(result.source), "bold"), f": {visible(result.error)}"))
        return
    for warning in result.warnings:
        console.print(Text.assemble(("warning ", "yellow"), (visible(result.source), "bold"), f": {visible(warning)}"))
    if result.verdict is Verdict.CLEAN and not show_clean:
        return
    console.print(Text.assemble((f"{result.verdict.value.upper():<10}", VERDICT_STYLE[result.verdict]), " ",
                                (visible(result.source), "bold"),
                                f"  ({len(result.findings)} finding{'s' if len(result.findings) != 1 else ''})"))
    for finding in result.findings:
        console.print(Text.assemble(
            "  ", (f"{finding.line}:{finding.column}", "bold"), "  ",
            (f"{finding.severity!s:<8}", SEVERITY_STYLE[finding.severity]), " ", (finding.rule_id, "magenta"),
            f"  {visible(finding.message)}", (f"  [{finding.action}]", "dim"),
        ))
        console.print(Text("      ") + in_context(result.text, finding))


def print_summary(console: Console, summary: Summary) -> None:
    table = Table(title="Scan summary", show_header=True, header_style="bold")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("documents scanned", str(summary.documents))
    for verdict in Verdict:
        table.add_row(Text(f"  {verdict.value}", style=VERDICT_STYLE[verdict]), str(summary.verdicts.get(verdict.value, 0)))
    if summary.errors:
        table.add_row(Text("  unreadable", style="red"), str(summary.errors))
    table.add_row(f"skipped ({summary.skipped_what})", str(summary.skipped))
    table.add_row("findings", str(summary.findings))
    if summary.interrupted:
        table.add_row(Text("interrupted: only the documents above were scanned", style="red"), "")
    if summary.stopped_by:
        table.add_row(Text("stopped early by an error: only the documents above were scanned", style="red"), "")
    if summary.suppressed:
        table.add_row(Text("  suppressed (allowlist, baseline)", style="dim"), str(summary.suppressed))
    for category, count in summary.categories.most_common():
        table.add_row(f"  {category}", str(count))
    console.print(table)
