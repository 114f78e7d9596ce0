"""The HTML report: one self-contained page people read in a browser.

A summary with a small inline SVG chart, then one collapsed section per
document: its verdict, each finding with the injected span highlighted in
context, and the cleaning as a before/after view (computed here with
``scanner.cleaning``). Clean documents are hidden until the filter asks for
them, so the page stays usable with thousands of documents.

Document text is attacker-written. Everything from a document goes through
``_text`` (HTML-escaped, invisible characters spelled out), the one script
only sets ``hidden``, ``open`` and ``textContent``, and a Content-Security-Policy
allows no script but that one (by hash) and no network at all.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections import Counter
from typing import Iterable, Mapping, Sequence

import regex

from .. import __version__, cleaning
from ..findings import DocumentResult, Finding, RuleInfo, Severity, Verdict
from .names import escaped_surrogates
from .summary import Summary

CONTEXT = 80          # characters shown on each side of a highlighted span
LONG_MATCH = 400      # a longer match is shortened in the middle
CLEANED_LIMIT = 100_000  # characters of cleaned text shown per document
_INVISIBLE = regex.compile(r"[\p{Cf}\p{Zl}\p{Zp}\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ORDER = {"injected": 0, "suspicious": 1, "error": 2, "clean": 3}
_COLOURS = {"injected": "#c62828", "suspicious": "#ef8f00", "clean": "#2e7d32", "error": "#6a1b9a"}

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1200px;padding:1rem 1.5rem;color:#1d1d1f;background:#fafafa}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;margin:1.4rem 0 .5rem}
.muted{color:#666}.cards{display:flex;flex-wrap:wrap;gap:.6rem;margin:.8rem 0}
.card{background:#fff;border:1px solid #ddd;border-radius:8px;padding:.5rem .9rem;min-width:7rem}
.card b{display:block;font-size:1.5rem}.overview{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}
table{border-collapse:collapse;background:#fff}th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}td.n{text-align:right}
.filters{position:sticky;top:0;background:#fafafa;padding:.6rem 0;border-bottom:1px solid #ddd;display:flex;flex-wrap:wrap;gap:.6rem;align-items:center;z-index:1}
.doc{background:#fff;border:1px solid #ddd;border-radius:6px;margin:.4rem 0;padding:.3rem .7rem}
.doc>summary{cursor:pointer;word-break:break-all}.doc[open]>summary{margin-bottom:.5rem}
.badge{display:inline-block;border-radius:4px;padding:0 .4rem;color:#fff;font-size:.8rem;font-weight:600;margin-right:.4rem}
.v-injected{background:#c62828}.v-suspicious{background:#ef8f00}.v-clean{background:#2e7d32}.v-error{background:#6a1b9a}
.s-critical,.s-high{color:#b71c1c;font-weight:600}.s-medium{color:#b26a00;font-weight:600}.s-low{color:#00697a}.s-info{color:#666}
.finding{border-left:3px solid #ddd;margin:.6rem 0;padding:.1rem .7rem}
.ctx,pre{font:12.5px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap;word-break:break-word;background:#f6f6f6;padding:.4rem .6rem;border-radius:4px;margin:.3rem 0}
mark{background:#ffe066;outline:1px solid #e0b800}del{background:#ffd6d6;color:#8a1c1c}ins{background:#d5f5d5;text-decoration:none}
.cc{font-size:.75em;background:#444;color:#fff;border-radius:3px;padding:0 .2em;margin:0 .1em}
.tag{float:right;font:11px system-ui,sans-serif;color:#888;margin-left:.5rem;user-select:none}
.signals{margin:.2rem 0;padding-left:1.2rem}code{font-family:ui-monospace,Menlo,Consolas,monospace}
"""

SCRIPT = """
(function () {
  var docs = Array.prototype.slice.call(document.querySelectorAll(".doc"));
  var verdict = document.getElementById("f-verdict"), category = document.getElementById("f-category");
  var text = document.getElementById("f-text"), count = document.getElementById("f-count");
  function apply() {
    var shown = 0, needle = text.value.toLowerCase();
    docs.forEach(function (doc) {
      var v = doc.getAttribute("data-verdict");
      var ok = (verdict.value === "all" || (verdict.value === "flagged" ? v !== "clean" : v === verdict.value)) &&
        (category.value === "" || doc.getAttribute("data-categories").split(" ").indexOf(category.value) >= 0) &&
        (needle === "" || doc.getAttribute("data-source").indexOf(needle) >= 0);
      doc.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown + " of " + docs.length + " documents shown";
  }
  function openAll(open) { docs.forEach(function (doc) { if (!doc.hidden) { doc.open = open; } }); }
  [verdict, category, text].forEach(function (control) { control.addEventListener("input", apply); });
  document.getElementById("f-open").addEventListener("click", function () { openAll(true); });
  document.getElementById("f-close").addEventListener("click", function () { openAll(false); });
  apply();
})();
"""

_SCRIPT_HASH = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
CSP = f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{_SCRIPT_HASH}'; img-src data:"


def _text(value: str) -> str:
    """Escaped for HTML text and attributes; invisible characters shown as small U+XXXX badges."""
    escaped = html.escape(escaped_surrogates(value), quote=True)
    return _INVISIBLE.sub(lambda m: f'<span class="cc">U+{ord(m.group()):04X}</span>', escaped)


def _attr(value: str) -> str:
    """Escaped for an attribute value, invisible characters dropped."""
    return html.escape(_INVISIBLE.sub("", escaped_surrogates(value)), quote=True)


def _shorten(value: str) -> str:
    if len(value) <= LONG_MATCH:
        return _text(value)
    half = LONG_MATCH // 2
    return f'{_text(value[:half])}<span class="muted"> … {len(value) - LONG_MATCH} more characters … </span>{_text(value[-half:])}'


def _window(source: str, start: int, end: int) -> tuple[int, int]:
    """Up to CONTEXT characters either side of [start, end), stopping at line breaks."""
    left = max(source.rfind("\n", 0, start) + 1, start - CONTEXT)
    right = source.find("\n", end)
    right = len(source) if right == -1 else right
    return left, min(right, end + CONTEXT)


def in_context(source: str, finding: Finding) -> str:
    """The finding's span highlighted inside its line, shortened around it."""
    left, right = _window(source, finding.start, finding.end)
    before = "…" if left > 0 and source[left - 1] != "\n" else ""
    after = "…" if right < len(source) and source[right] != "\n" else ""
    return (f'{before}{_text(source[left:finding.start])}<mark>{_shorten(source[finding.start:finding.end])}</mark>'
            f'{_text(source[finding.end:right])}{after}')


def _hunks(source: str, edits: Sequence[cleaning.Edit]) -> list[tuple[int, int, list[cleaning.Edit]]]:
    """Edits grouped into regions of the source whose context windows overlap."""
    hunks: list[tuple[int, int, list[cleaning.Edit]]] = []
    for edit in edits:
        left, right = _window(source, edit.start, edit.end)
        if hunks and left <= hunks[-1][1]:
            start, _, group = hunks[-1]
            hunks[-1] = (start, max(right, edit.end), group + [edit])
        else:
            hunks.append((min(left, edit.start), max(right, edit.end), [edit]))
    return hunks


def cleaning_view(result: DocumentResult, fillers: Mapping[str, str] | None = None) -> str:
    """Before/after of the cleaning: removed text struck through, restored words inserted (``fillers``: finding
    fingerprint to what replaces it, see ``Scanner.fillers``), then the cleaned text."""
    edits = cleaning.plan(result.findings, result.text, fillers)
    if not edits:
        return '<p class="muted">Nothing to clean: every finding is report-only.</p>' if result.findings else ""
    parts = [f"<h4>Cleaning: {len(edits)} edit{'s' if len(edits) != 1 else ''}</h4>"]
    if result.replaced_bytes:
        parts.append('<p class="muted">Not rewritten by <code>scanner clean</code>: some bytes could not be decoded.</p>')
    for start, end, group in _hunks(result.text, edits):
        before, after, position = [], [], start
        for edit in group:
            before += [_text(result.text[position:edit.start]), f"<del>{_shorten(result.text[edit.start:edit.end])}</del>"]
            after.append(_text(result.text[position:edit.start]))
            if edit.replacement:
                before.append(f"<ins>{_text(edit.replacement)}</ins>")
                after.append(f"<ins>{_text(edit.replacement)}</ins>")
            position = edit.end
        tail = _text(result.text[position:end])
        kept = "".join(after) + tail
        if not kept.strip():
            kept = '<span class="muted">(nothing left here)</span>'
        parts.append(f'<div class="ctx before"><span class="tag">before</span>{"".join(before)}{tail}</div>'
                     f'<div class="ctx after"><span class="tag">after</span>{kept}</div>')
    cleaned = cleaning.apply(result.text, edits)
    note = f" (first {CLEANED_LIMIT:,} characters)" if len(cleaned) > CLEANED_LIMIT else ""
    parts.append(f"<details><summary>Cleaned text, {len(cleaned):,} characters{note}</summary>"
                 f'<pre class="cleaned">{_text(cleaned[:CLEANED_LIMIT])}</pre></details>')
    return "".join(parts)


def _finding(finding: Finding, result: DocumentResult, rules: dict[str, RuleInfo]) -> str:
    info = rules.get(finding.rule_id)
    title = f' title="{_attr(info.description)}"' if info else ""
    signals = "".join(f"<li>{_text(signal)}</li>" for signal in finding.signals)
    return (
        f'<div class="finding"><div><b>{finding.line}:{finding.column}</b> '
        f'<span class="s-{finding.severity}">{finding.severity}</span> '
        f'<code{title}>{_text(finding.rule_id)}</code> <span class="muted">{_text(finding.category)}, '
        f'{_text(finding.scope)}, action {_text(finding.action)}, confidence {finding.confidence:.2f}</span></div>'
        f'<div>{_text(finding.message)}</div>'
        + (f'<ul class="signals">{signals}</ul>' if signals else "")
        + f'<div class="ctx">{in_context(result.text, finding)}</div></div>'
    )


def _verdict(result: DocumentResult) -> str:
    return "error" if result.error else result.verdict.value


def document_section(result: DocumentResult, rules: dict[str, RuleInfo], expanded: bool = False,
                     fillers: Mapping[str, str] | None = None) -> str:
    verdict = _verdict(result)
    categories = " ".join(sorted({f.category for f in result.findings}))
    count = len(result.findings)
    worst = max((f.severity for f in result.findings), default=Severity.INFO)
    label = f"{count} finding{'s' if count != 1 else ''}" + (f", worst {worst}" if count else "")
    head = (f'<details class="doc" data-verdict="{verdict}" data-categories="{_attr(categories)}" '
            f'data-source="{_attr(result.source.lower())}"{" hidden" if verdict == "clean" else ""}{" open" if expanded else ""}>'
            f'<summary><span class="badge v-{verdict}">{verdict}</span><b>{_text(result.source)}</b> '
            f'<span class="muted">{label if not result.error else ""}</span></summary>')
    if result.error:
        return f"{head}<p>{_text(result.error)}</p></details>"
    meta = (f'<p class="muted">{_text(result.kind)}, {_text(result.encoding)} ({_text(result.encoding_decision)})'
            + (", some bytes replaced while decoding" if result.replaced_bytes else "") + "</p>")
    warnings = "".join(f"<p><strong>Warning:</strong> {_text(warning)}</p>" for warning in result.warnings)
    findings = "".join(_finding(f, result, rules) for f in result.findings) or "<p>No findings.</p>"
    return f"{head}{meta}{warnings}{findings}{cleaning_view(result, fillers)}</details>"


def bar_chart(title: str, rows: Sequence[tuple[str, int, str]]) -> str:
    """A small horizontal bar chart as inline SVG: (label, value, colour) per bar."""
    label_width, bar_width, height, top = 120, 170, 22, 24
    largest = max((value for _, value, _ in rows), default=0) or 1
    bars = []
    for i, (label, value, colour) in enumerate(rows):
        y = top + i * height
        width = round(bar_width * value / largest)
        bars.append(f'<text x="{label_width - 6}" y="{y + 14}" text-anchor="end">{_text(label[:20])}</text>'
                    f'<rect x="{label_width}" y="{y + 3}" width="{width}" height="{height - 6}" fill="{colour}" rx="2"/>'
                    f'<text x="{label_width + width + 5}" y="{y + 14}">{value}</text>')
    total_height = top + height * max(len(rows), 1) + 4
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_width + bar_width + 50}" height="{total_height}" '
            f'role="img" aria-label="{_attr(title)}" font-family="system-ui,sans-serif" font-size="12">'
            f'<text x="0" y="14" font-weight="bold">{_text(title)}</text>{"".join(bars)}</svg>')


def _count_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def summary_section(summary: Summary, rules: dict[str, RuleInfo], scopes: Counter[str]) -> str:
    verdicts = [(v, summary.verdicts.get(v, 0)) for v in ("injected", "suspicious", "clean")]
    cards = [("documents scanned", summary.documents), *verdicts, ("unreadable", summary.errors),
             ("findings", summary.findings), ("skipped", summary.skipped)]
    chart_rows = [(v, n, _COLOURS[v]) for v, n in verdicts]
    category_rows = [(c, n, "#5c6bc0") for c, n in summary.categories.most_common()]
    by_rule = _count_table(("rule", "description", "worst severity", "findings"), (
        (f"<td><code>{_text(r)}</code></td>", f"<td>{_text(rules[r].description) if r in rules else ''}</td>",
         f'<td class="s-{summary.worst[r]}">{summary.worst[r]}</td>', f'<td class="n">{n}</td>')
        for r, n in sorted(summary.rules.items())))
    return (
        '<section id="summary"><div class="cards">'
        + "".join(f'<div class="card"><b>{n}</b>{_text(label)}</div>' for label, n in cards)
        + '</div><div class="overview">' + bar_chart("Documents by verdict", chart_rows)
        + (bar_chart("Findings by category", category_rows) if category_rows else "")
        + (bar_chart("Findings by where they sit", [(s, n, "#00838f") for s, n in scopes.most_common()]) if scopes else "")
        + "</div>"
        + (f"<h2>By rule</h2>{by_rule}" if summary.rules else "") + "</section>"
    )


def warnings_section(results: Sequence[DocumentResult]) -> str:
    """The documents checked only in part (a rule that timed out), listed above the documents: such a document
    may be clean and so hidden by the filters, and its verdict alone would hide that it was not fully checked."""
    items = "".join(f"<li><b>{_text(r.source)}</b>: {_text(warning)}</li>" for r in results for warning in r.warnings)
    if not items:
        return ""
    return f'<section id="warnings"><h2>Warnings</h2><ul>{items}</ul></section>\n'


def _filters(summary: Summary) -> str:
    categories = "".join(f'<option value="{_attr(c)}">{_text(c)}</option>' for c in sorted(summary.categories))
    return (
        '<div class="filters" id="filters"><label>Verdict <select id="f-verdict">'
        '<option value="flagged" selected>injected and suspicious</option><option value="injected">injected</option>'
        '<option value="suspicious">suspicious</option><option value="clean">clean</option>'
        '<option value="error">unreadable</option><option value="all">all</option></select></label>'
        f'<label>Category <select id="f-category"><option value="">all</option>{categories}</select></label>'
        '<label>Source <input id="f-text" type="search" placeholder="part of a path or URL"></label>'
        '<button type="button" id="f-open">expand shown</button><button type="button" id="f-close">collapse all</button>'
        '<output id="f-count" class="muted"></output></div>'
    )


def render(results: Iterable[DocumentResult], summary: Summary, rules: dict[str, RuleInfo],
           fillers: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """The report; ``fillers`` (per source, see ``Scanner.fillers``) puts the restored words in the previews."""
    ordered = sorted(results, key=lambda r: _ORDER[_verdict(r)])
    fillers = fillers or {}
    # The first flagged document starts open, to show what a finding looks like.
    documents = "\n".join(document_section(r, rules, expanded=i == 0 and r.verdict is not Verdict.CLEAN,
                                            fillers=fillers.get(r.source))
                          for i, r in enumerate(ordered))
    flagged = sum(summary.verdicts.get(v.value, 0) for v in (Verdict.INJECTED, Verdict.SUSPICIOUS))
    reason = summary.incomplete()
    incomplete = f"<p><strong>Incomplete scan:</strong> {_text(reason)}.</p>\n" if reason else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Spam-injection scan report</title><style>{CSS}</style></head><body>\n"
        f'<h1>Spam-injection scan report</h1><p class="muted">scanner {_text(__version__)}: '
        f"{flagged} of {summary.documents} documents injected or suspicious.</p>\n{incomplete}"
        f"{summary_section(summary, rules, Counter(f.scope for r in ordered for f in r.findings))}\n"
        f"{warnings_section(ordered)}<h2>Documents</h2>\n{_filters(summary)}\n"
        f'<div id="documents">\n{documents}\n</div>\n<script>{SCRIPT}</script>\n</body></html>\n'
    )
