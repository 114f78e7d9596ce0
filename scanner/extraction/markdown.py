"""What a Markdown document quotes or shows as code, as spans of its source.

A Markdown page writes its quotations and code samples in syntax, not elements: ``> quoted line``, a fenced
block, ```inline code```. Detection treats these spans as it treats ``<blockquote>``, ``<pre>`` and ``<code>``:
a warning that quotes a scam message, or a blocklist that shows the addresses it blocks, cites the spam.
"""

from __future__ import annotations

import regex

_FENCED = regex.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\1[`~]*[ \t]*$|\Z)", regex.M | regex.S)
_QUOTED_LINE = regex.compile(r"^ {0,3}>[^\n]*", regex.M)
_INLINE_CODE = regex.compile(r"(?<!`)(`+)(?!`)[^\n]+?(?<!`)\1(?!`)")


#: A table: its header row, the delimiter row, and the rows after it.
_TABLE = regex.compile(r"^ {0,3}\|?[^\n]*\|[^\n]*\n {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*\n"
                       r"((?: {0,3}\|?[^\n]*\|[^\n]*(?:\n|\Z))*)", regex.M)
_CELL = regex.compile(r"[^|\n]+")
_WORD = regex.compile(r"[\p{L}\p{N}]+")
#: Words a later cell of a table row needs to explain the term in its first cell (Markdown here, HTML in
#: ``detection.context``).
EXPLANATION_WORDS = 2


def markdown_quotations(text: str) -> list[tuple[int, int, str]]:
    """Spans of fenced code blocks (``pre``), quoted lines (``blockquote``), inline code (``code``) and the terms a
    table explains (``term-cell``: the first cell of a row without a link, a later cell of two words or more), sorted."""
    fenced = [(m.start(), m.end(), "pre") for m in _FENCED.finditer(text)]
    others = [(m.start(), m.end(), tag) for pattern, tag in ((_QUOTED_LINE, "blockquote"), (_INLINE_CODE, "code"))
              for m in pattern.finditer(text)] + _term_cells(text)
    return sorted(fenced + [span for span in others if not any(start <= span[0] < end for start, end, _ in fenced)])


def _term_cells(text: str) -> list[tuple[int, int, str]]:
    spans = []
    for table in _TABLE.finditer(text):
        position = table.start(1)
        for row in table.group(1).splitlines(keepends=True):
            cells = list(_CELL.finditer(row))
            if len(cells) >= 2 and "](" not in row and "<a" not in row.lower() \
                    and any(len(_WORD.findall(cell.group())) >= EXPLANATION_WORDS for cell in cells[1:]):
                spans.append((position + cells[0].start(), position + cells[0].end(), "term-cell"))
            position += len(row)
    return spans
