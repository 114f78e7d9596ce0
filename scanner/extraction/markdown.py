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


def markdown_quotations(text: str) -> list[tuple[int, int, str]]:
    """Spans of fenced code blocks (``pre``), quoted lines (``blockquote``) and inline code (``code``), sorted."""
    fenced = [(m.start(), m.end(), "pre") for m in _FENCED.finditer(text)]
    others = [(m.start(), m.end(), tag) for pattern, tag in ((_QUOTED_LINE, "blockquote"), (_INLINE_CODE, "code"))
              for m in pattern.finditer(text)]
    return sorted(fenced + [span for span in others if not any(start <= span[0] < end for start, end, _ in fenced)])
