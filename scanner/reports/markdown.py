"""The Markdown report, for pull-request comments and tickets.

A summary table, then per injected or suspicious document a findings table.
Document text is attacker-written: every cell is escaped for GitHub-flavoured
Markdown, matches go in code spans whose fence outgrows any backtick run in
them, and invisible characters are spelled out.
"""

from __future__ import annotations

import regex
from typing import Iterable, Sequence

from .. import __version__
from ..findings import DocumentResult, Finding, RuleInfo, Verdict
from .names import escaped_surrogates
from .summary import Summary

MATCH_LIMIT = 80
ROW_LIMIT = 50  # findings listed per document; a PR comment holds about 65,000 characters
_SPECIAL = regex.compile(r"([\\`*_{}\[\]()<>#+!|~&])")
_INVISIBLE = regex.compile(r"[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]")
_NEWLINES = regex.compile(r"\r\n|\r|\n")


def _visible(text: str) -> str:
    """Line breaks as ⏎, other control and format characters (zero-width, bidi) as <U+XXXX>, the bytes of a
    file name that are not UTF-8 as ``\\xNN`` (see ``escaped_surrogates``)."""
    text = _NEWLINES.sub("⏎", escaped_surrogates(text))
    return _INVISIBLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def escape(text: str) -> str:
    """Plain text safe in a table cell: Markdown and HTML specials backslash-escaped."""
    return _SPECIAL.sub(r"\\\1", _visible(text))


def code(text: str, limit: int = MATCH_LIMIT, in_table: bool = True) -> str:
    """``text`` as an inline code span, safe in a table cell (its pipes escaped, as a cell needs) or, not
    ``in_table``, in a heading (where GitHub would show that backslash)."""
    text = _visible(text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    longest = max((len(run) for run in regex.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") or not text.strip() else text
    span = f"{fence}{padded}{fence}"
    return span.replace("|", "\\|") if in_table else span


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _summary(summary: Summary, rules: dict[str, RuleInfo]) -> list[str]:
    injected = summary.verdicts.get(Verdict.INJECTED.value, 0)
    suspicious = summary.verdicts.get(Verdict.SUSPICIOUS.value, 0)
    lines = [
        "# Spam-injection scan report", "",
        f"scanner {escape(__version__)}: **{summary.documents}** document(s) scanned, **{injected}** injected, "
        f"**{suspicious}** suspicious, {summary.findings} finding(s).", "",
    ]
    rows = [(verdict.value, str(summary.verdicts.get(verdict.value, 0))) for verdict in Verdict]
    if summary.errors:
        rows.append(("unreadable", str(summary.errors)))
    lines += _table(("verdict", "documents"), rows) + [""]
    if summary.categories:
        rows = [(escape(category), str(count)) for category, count in sorted(summary.categories.items())]
        lines += _table(("category", "findings"), rows) + [""]
    if summary.rules:
        rows = [(code(rule_id), str(count), escape(rules[rule_id].description) if rule_id in rules else "")
                for rule_id, count in sorted(summary.rules.items())]
        lines += _table(("rule", "findings", "description"), rows) + [""]
    return lines


def _finding_row(finding: Finding) -> tuple[str, ...]:
    return (f"{finding.line}:{finding.column}", str(finding.severity), code(finding.rule_id),
            escape(finding.message), code(finding.match))


def _document(result: DocumentResult) -> list[str]:
    if result.error:
        return [f"## {code(result.source, 200, in_table=False)}: unreadable", "", escape(result.error), ""]
    count = len(result.findings)
    lines = [f"## {code(result.source, 200, in_table=False)}: {result.verdict.value} ({count} finding{'s' if count != 1 else ''})", ""]
    lines += [f"Warning: {escape(warning)}" + "  " for warning in result.warnings] + ([""] if result.warnings else [])
    if count:
        header = ("line:col", "severity", "rule", "message", "match")
        lines += _table(header, (_finding_row(f) for f in result.findings[:ROW_LIMIT]))
    if count > ROW_LIMIT:
        lines += ["", f"… and {count - ROW_LIMIT} more finding(s) in this document."]
    return lines + [""]


def render(results: Iterable[DocumentResult], summary: Summary, rules: dict[str, RuleInfo]) -> str:
    lines = _summary(summary, rules)
    if reason := summary.incomplete():
        lines += [f"**Incomplete scan:** {escape(reason)}.", ""]
    shown = [r for r in results if r.error or r.warnings or r.verdict is not Verdict.CLEAN]
    if not shown:
        lines += ["No injected or suspicious documents.", ""]
    for result in shown:
        lines += _document(result)
    return "\n".join(lines).rstrip("\n") + "\n"
