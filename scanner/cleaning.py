"""Cleaning: turn findings into the smallest edits of the source, and apply them.

Every edit replaces one source range; everything outside the ranges stays
byte-identical. Removing text that sat between two spaces also removes one of
the spaces, so "về SPAM vệ" becomes "về vệ", not "về  vệ". Overlapping
removals are merged before that, so two findings on one phrase never take
both of its spaces ("at the SPAM for", not "at thefor").
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from typing import Iterable, Mapping

import regex

from .findings import Finding


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str
    rule_id: str
    between_words: bool = False  # removed text in running prose: takes one neighbouring space along
    restores: bool = False  # the replacement is the word an injection replaced

    @property
    def removed(self) -> int:
        return self.end - self.start


def _widen_for_space(source: str, start: int, end: int) -> tuple[int, int]:
    """Take one neighbouring space along when the removed text sat between words."""
    before = source[start - 1] if start > 0 else "\n"
    after = source[end] if end < len(source) else "\n"
    if after in " \t" and (before.isspace() or before in "([{\"'“‘>"):
        return start, end + 1
    if before in " \t" and (after in ".,;:!?)]}\"'”’…<" or after in "\r\n"):
        return start - 1, end
    return start, end


#: Emoji an advertisement decorates its phrase with ("🔥 slot gacor 🔥"), not ©, ® or ™: a run of them one space
#: away at most, standing apart from other words.
_EMOJI = r"(?![©®™])[\p{Extended_Pictographic}\uFE0F\u200D]"
_DECORATION_BEFORE = regex.compile(rf"(?<![\p{{L}}\p{{N}}]|{_EMOJI})(?:{_EMOJI})+ ?$")
_DECORATION_AFTER = regex.compile(rf" ?(?:{_EMOJI})++(?![\p{{L}}\p{{N}}])")
#: Characters before removed text in which its decoration is looked for.
DECORATION_REACH = 9


def _with_decorations(source: str, start: int, end: int) -> tuple[int, int]:
    """The removed text with the emoji that decorated it: "electronics 🔥 slot gacor 🔥 Hitachi" loses all of
    "🔥 slot gacor 🔥"."""
    if after := _DECORATION_AFTER.match(source, end):
        end = after.end()
    if before := _DECORATION_BEFORE.search(source, max(0, start - DECORATION_REACH), start):
        start = before.start()
    return start, end


#: A Markdown list item's bullet and the spaces after it: "- ", "* ", "+ ", "1. ", "2) ".
_LIST_BULLET = regex.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+")


def _only_a_bullet(source: str, line_start: int, start: int, line_end: int) -> bool:
    """Whether all that precedes ``start`` on its line is a list item's bullet, in an item that ends with the line
    (no indented line, a continuation or a nested list, belongs to it)."""
    next_line_end = source.find("\n", line_end + 1)
    next_line = source[line_end + 1:] if next_line_end == -1 else source[line_end + 1:next_line_end]
    return bool(_LIST_BULLET.fullmatch(source, line_start, start)) and not (next_line[:1] in (" ", "\t") and next_line.strip())


_LINE_BREAK = regex.compile(r"\r\n|\r|\n")


def _widen_to_line(source: str, start: int, end: int, paragraphs: bool = False,
                   field: bool = False, bullets: bool = False) -> tuple[int, int]:
    """Take the whole line along when a removed element stood on a line of its own, and, in a text whose
    paragraphs blank lines separate (``paragraphs``: plain text, Markdown), the blank line before it when it was a
    paragraph between blank lines. In a ``field`` of an export (a post's content), a line ending the field takes
    every line break before it: nothing follows it, so they only led to it. With ``bullets`` (Markdown), a list
    item's bullet does not keep its line: a bare "-" would be left."""
    line_start = max(source.rfind("\n", 0, start), source.rfind("\r", 0, start)) + 1  # LF, CRLF or CR (old Mac) ends
    line_break = _LINE_BREAK.search(source, end)
    line_end = line_break.start() if line_break else len(source)
    text_before = bool(source[line_start:start].strip()) and not (bullets and _only_a_bullet(source, line_start, start, line_end))
    if text_before or source[end:line_end].strip():
        return start, end
    if line_break:
        start, end = line_start, line_break.end()
    elif field:
        start, end = len(source[:line_start].rstrip("\r\n")), line_end
    else:
        start, end = (line_start - (2 if source.endswith("\r\n", 0, line_start) else 1) if line_start > 0 else line_start), line_end
    # a paragraph of its own between blank lines (or ending the text): one blank line goes with it
    if paragraphs and source[:start].endswith("\n\n") and (end >= len(source) or source.startswith("\n", end)):
        start -= 1
    return start, end


#: A Markdown link around removed text: ``[text](address "title")``, ``[text][label]``, and an HTML link written in
#: Markdown, ``<a href="…">text</a>``.
_LINK_OPENING = regex.compile(r"(?:\[|<a\s[^<>]*>)$", regex.I)
_LINK_CLOSING = {"[": regex.compile(r"\](?:\((?:[^()\n]|\([^()\n]*\))*\)|\[[^\[\]\n]*\])?"),
                 "<": regex.compile(r"</a\s*>", regex.I)}


def _with_link(source: str, start: int, end: int) -> tuple[int, int]:
    """The removed text with the Markdown link it is the whole text of: removing the words alone would leave
    ``[](https://casino.example/)``, a link to the spam site still."""
    opening = _LINK_OPENING.search(source, max(0, start - 300), start)
    if opening is None:
        return start, end
    closing = _LINK_CLOSING[opening.group()[0]].match(source, end)
    return (opening.start(), closing.end()) if closing else (start, end)


def edits_for(finding: Finding, source: str, filler: str | None = None, paragraphs: bool = False,
              field: bool = False, markdown: bool = False) -> list[Edit]:
    """The edits that carry out one finding's action (none for ``report``).

    ``filler`` is the word a restoration puts where removed text was; an empty
    string or ``None`` removes the text (with its surrounding space, see :func:`plan`).
    In ``markdown``, removed text that is a whole link's text takes the link along.
    """
    if finding.action == "report":
        return []
    ranges = [_with_decorations(source, s, e) for s, e in finding.ranges] if finding.action == "remove" \
        else finding.ranges
    if markdown and finding.action == "remove" and not filler:
        ranges = [_with_link(source, s, e) for s, e in ranges]
    if finding.action == "remove" and filler:
        first, *rest = ranges
        return [Edit(first[0], first[1], filler, finding.rule_id, restores=True)] + \
            [Edit(s, e, "", finding.rule_id) for s, e in rest]
    edits = []
    for start, end in ranges:
        if (line := _widen_to_line(source, start, end, paragraphs, field, markdown)) != (start, end):
            edits.append(Edit(*line, "", finding.rule_id))  # it stood on a line of its own: the line goes with it
        else:
            edits.append(Edit(start, end, "", finding.rule_id, between_words=finding.action in ("remove", "remove-element")))
    return edits


def _space_before(source: str, index: int) -> int:
    """Where the run of white space that ends at ``index`` starts."""
    while index > 0 and source[index - 1].isspace():
        index -= 1
    return index


def _space_after(source: str, index: int) -> int:
    """Where the run of white space that starts at ``index`` ends."""
    while index < len(source) and source[index].isspace():
        index += 1
    return index


#: A Gutenberg (WordPress block editor) block's opening delimiter, ``<!-- wp:paragraph {"align":"center"} -->``;
#: its closing one is ``<!-- /wp:paragraph -->``.
_BLOCK_OPENING = regex.compile(r"<!-- wp:([a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)(?: \{[^\n]*\})? -->")


def _with_emptied_block(source: str, start: int, end: int) -> tuple[int, int]:
    """The removed text with the Gutenberg block it was all the content of, and the white space that separated the
    block from the next block (or else from what precedes it): removing the text alone would leave
    ``<!-- wp:paragraph -->`` and ``<!-- /wp:paragraph -->`` around nothing."""
    head = _space_before(source, start)
    opening_start = source.rfind("<!--", 0, head)
    opening = _BLOCK_OPENING.fullmatch(source, opening_start, head) if opening_start >= 0 else None
    closing_start = _space_after(source, end)
    if opening is None or not source.startswith(closing := f"<!-- /wp:{opening[1]} -->", closing_start):
        return start, end
    block_end = closing_start + len(closing)
    if source.startswith("<!-- wp:", next_block := _space_after(source, block_end)):
        return opening_start, next_block
    return _space_before(source, opening_start), block_end


#: A run of line breaks, ``<br><br>`` or ``<br />\n<br />``, and the white space after it.
_BREAKS = r"(?:<br\b[^<>]*>\s*)+"
_BREAKS_BEFORE = regex.compile(rf"{_BREAKS}\Z", regex.I)
_BREAKS_AFTER = regex.compile(rf"\s*{_BREAKS}", regex.I)
#: Characters before removed text in which the line breaks before it are looked for.
BREAKS_REACH = 200


def _with_line_breaks(source: str, start: int, end: int) -> tuple[int, int]:
    """The removed text with the line breaks after it when it was a line between two runs of as many line breaks
    ("para.<br><br>SPAM<br><br>next"): removing the text alone would leave a blank line. Runs of different
    lengths ("title<br>SPAM<br><br>") stay: which one the article had is unknown."""
    before = _BREAKS_BEFORE.search(source, max(0, start - BREAKS_REACH), start)
    after = _BREAKS_AFTER.match(source, end)
    if before and after and before.group().lower().count("<br") == after.group().lower().count("<br"):
        return start, after.end()
    return start, end


def _without_residue(source: str, edits: list[Edit]) -> list[Edit]:
    """The removals widened so that they leave no markup that only separated or held the removed text: an emptied
    Gutenberg block's delimiters, a line's line breaks (see :func:`_with_emptied_block`, :func:`_with_line_breaks`).
    A widening that would reach into another edit is not made."""
    widened: list[Edit] = []
    for index, edit in enumerate(edits):
        if not edit.replacement:
            start, end = _with_emptied_block(source, *_with_line_breaks(source, edit.start, edit.end))
            previous_end = widened[-1].end if widened else 0
            next_start = edits[index + 1].start if index + 1 < len(edits) else len(source)
            if previous_end <= start and end <= next_start:
                edit = replace(edit, start=start, end=end)
        widened.append(edit)
    return widened


def plan(findings: Iterable[Finding], source: str, fillers: Mapping[str, str] | None = None,
         paragraphs: bool = False, field: bool = False, markdown: bool = False) -> list[Edit]:
    """Non-overlapping edits for all findings, in source order (``paragraphs``, ``field``: see
    :func:`_widen_to_line`; ``markdown``: see :func:`edits_for`). In a text whose paragraphs markup separates
    (HTML: not ``paragraphs``), a removal takes along the markup it leaves with nothing to hold or separate
    (:func:`_without_residue`).

    ``fillers`` maps a finding's fingerprint to the text that replaces it.
    Where two edits overlap, the one that starts first (the longer on a tie) wins;
    overlapping or touching removals merge into one, which then takes its neighbouring space along,
    and a restored word takes the place of a removal that overlaps it and reaches further.
    """
    fillers = fillers or {}
    edits = [edit for f in findings
             for edit in edits_for(f, source, fillers.get(f.fingerprint), paragraphs, field, markdown)]
    edits.sort(key=lambda e: (e.start, -e.end))
    kept: list[Edit] = []
    for edit in edits:
        touching = kept and edit.start == kept[-1].end and not edit.replacement and not kept[-1].replacement
        if kept and (edit.start < kept[-1].end or touching):
            last = kept[-1]
            if edit.end > last.end and not last.replacement:
                kept[-1] = Edit(last.start, edit.end, "", last.rule_id, last.between_words or edit.between_words)
            elif edit.end > last.end and last.restores and not edit.replacement:
                # another finding on the same injection reaches further: the restored word takes its place too
                kept[-1] = Edit(last.start, edit.end, last.replacement, last.rule_id, restores=True)
            continue
        kept.append(edit)
    spaced: list[Edit] = []
    for index, edit in enumerate(kept):
        if edit.between_words:
            start, end = _widen_for_space(source, edit.start, edit.end)
            previous_end = spaced[-1].end if spaced else 0
            next_start = kept[index + 1].start if index + 1 < len(kept) else len(source)
            if previous_end <= start and end <= next_start:  # the space is not another edit's
                edit = Edit(start, end, edit.replacement, edit.rule_id)
        spaced.append(edit)
    if markdown:
        spaced = _with_orphaned_definitions(source, spaced)
    return spaced if paragraphs else _without_residue(source, spaced)


#: A Markdown link's reference, ``[text][label]`` (or ``[label][]``), and a line that defines a label's address.
_REFERENCE = regex.compile(r"\[([^\[\]\n]+)\]\[([^\[\]\n]*)\]")
_DEFINITION = regex.compile(r"^ {0,3}\[([^\[\]\n]+)\]:[ \t]*\S[^\n]*(?:\n|$)", regex.M)


def _with_orphaned_definitions(source: str, edits: list[Edit]) -> list[Edit]:
    """The edits, and a removal of each Markdown reference definition (``[j]: https://judi.example/``) whose every
    reference the edits remove: the address of the spam site would otherwise stay in the source."""
    def removed(index: int) -> bool:
        return any(edit.start <= index < edit.end and not edit.replacement for edit in edits)

    used: dict[str, list[int]] = {}
    for reference in _REFERENCE.finditer(source):
        label = (reference.group(2) or reference.group(1)).casefold()
        used.setdefault(label, []).append(reference.start())
    orphaned = [Edit(*_widen_to_line(source, d.start(), d.end() - d.group().endswith("\n"), paragraphs=True), "",
                     "markdown-reference")
                for d in _DEFINITION.finditer(source)
                if (places := used.get(d.group(1).casefold())) and all(removed(at) for at in places) and not removed(d.start())]
    return sorted(edits + orphaned, key=lambda e: e.start) if orphaned else edits


#: What a gap shows when neither its word nor the marker can be written in a plain-text file's encoding.
ASCII_MARKER = "[...]"


def writable(edits: list[Edit], encoding: str, markup: bool) -> list[Edit]:
    """The edits with every replacement written so that ``encoding`` can hold it: a word or marker an encoding
    lacks ("bảo" in windows-1258, which has the tone marks but not the letter; "[…]" in Latin-1) is decomposed,
    written as character references in markup (HTML, Markdown), or else becomes :data:`ASCII_MARKER`. The source's
    own text, outside the replacements, was decoded from that encoding and always fits."""
    return [edit if _fits(edit.replacement, encoding) else replace(edit, replacement=_written(edit.replacement, encoding, markup))
            for edit in edits]


def _fits(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


#: The Vietnamese tone marks, which windows-1258 writes apart from a letter that carries them.
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def _tones_apart(text: str) -> str:
    """``text`` with every tone mark written after its letter, the other marks kept on it ("ườ" -> "ư" + grave)."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(mark for mark in parts if mark in _TONE_MARKS)
        out.append(unicodedata.normalize("NFC", "".join(mark for mark in parts if mark not in _TONE_MARKS)) + tones)
    return "".join(out)


def _written(text: str, encoding: str, markup: bool) -> str:
    for decomposed in (_tones_apart(text), unicodedata.normalize("NFD", text)):
        if _fits(decomposed, encoding):
            return decomposed
    if markup:
        return text.encode(encoding, errors="xmlcharrefreplace").decode(encoding)
    return text[:len(text) - len(text.lstrip())] + ASCII_MARKER + text[len(text.rstrip()):]


def apply(source: str, edits: list[Edit]) -> str:
    """The source with the (sorted, non-overlapping) edits applied."""
    parts = []
    position = 0
    for edit in edits:
        parts.append(source[position:edit.start])
        parts.append(edit.replacement)
        position = edit.end
    parts.append(source[position:])
    return "".join(parts)
