"""Rule packs: TOML files in ``rules/``, read with the standard library and checked.

A pack file looks like::

    [pack]
    id = "gambling"
    description = "Online gambling and betting spam"

    [[rules]]
    id = "gambling.vi.seo-phrase"
    description = "SEO phrases of Vietnamese betting sites"
    category = "gambling"
    severity = "high"            # info | low | medium | high | critical
    scope = ["text", "title"]    # where it looks; default: every scope but scripts
    action = "remove"            # remove | remove-element | unwrap-link | report
    keywords = ["nhà cái uy tín"]  # matched whole-word on folded text; with patterns: a prefilter
    patterns = ['link vào \\w+88']  # `regex` syntax, run on folded (lower-case, NFC) text
    reported_with = ["18+"]      # optional: on a page whose text holds one of these, matches are reported
    [rules.examples]
    positive = ["Vào nhà cái uy tín ngay"]
    negative = ["Nhà cái bị phạt vì vi phạm luật"]
"""

from __future__ import annotations

import itertools
import threading
import tomllib
import weakref
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

import regex

try:  # a C Aho–Corasick automaton finds where keywords can start in one pass; without it, plain regex scans
    import ahocorasick
except ImportError:  # pragma: no cover - the results are the same, only slower
    ahocorasick = None

from .config import path_list
from .errors import RuleError
from .extraction.fold import fold_string
from .extraction.model import SCOPES
from .findings import ACTIONS, RuleInfo, Severity

DEFAULT_SCOPE = tuple(scope for scope in SCOPES if scope != "scripts")
BUILTIN_RULES = Path(__file__).parent / "builtin_rules"  # the repository's rules/ (a link), shipped in the wheel
_RULE_ID = regex.compile(r"^[a-z0-9][a-z0-9._-]*\Z")
# Scripts written without spaces between words: no word boundary is required beside them.
_UNSPACED_SCRIPTS = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}"
_UNSPACED = regex.compile(rf"[{_UNSPACED_SCRIPTS}]")
# A character that continues a word of a spaced script: "slot gacor" ends before "网上" but not before "s".
WORD_CHAR = rf"(?![{_UNSPACED_SCRIPTS}])[\p{{L}}\p{{N}}\p{{M}}]"
_WORD_CHAR_PATTERN = regex.compile(WORD_CHAR)
_SEPARATOR = regex.compile(r"[\s_]")
# Escapes that mean the same with and without IGNORECASE (any other escape counts as case-dependent).
_CASELESS_ESCAPE = regex.compile(
    r"\\[pP]\{(?:L|N|M|P|S|Z|Nd|Han|Hiragana|Katakana|Hangul|Thai|Lao|Khmer|Myanmar|Latin|Cyrillic|Greek|Arabic)\}"
    r"|\\[dDsSwWbBnrtf]|\\[^A-Za-z0-9]"
)


def _case_free(pattern: str) -> bool:
    """Whether IGNORECASE cannot change what ``pattern`` matches in folded text.

    Patterns only ever run on folded (case-folded, NFKC) text, in which no character
    has another case form. A pattern whose letters are all in folded form and which
    has no case-dependent construct (``\\p{Lu}``, ``[[:upper:]]``, an unknown escape)
    then matches the same without IGNORECASE, and runs 2-4 times faster: the
    ``regex`` engine's full case folding costs at every position.
    """
    rest = _CASELESS_ESCAPE.sub("", pattern)
    return "\\" not in rest and "[:" not in rest and rest == rest.casefold()


#: Seconds one pattern may run on one text before the rule is skipped for that document.
PATTERN_TIMEOUT = 2.0
#: Longest pattern accepted: anything larger is a generated word list that belongs in ``keywords``.
MAX_PATTERN_LENGTH = 4000
_FIELDS = {"id", "description", "category", "severity", "scope", "action", "keywords", "patterns", "examples", "message",
           "confidence", "reported_with"}


@dataclass(frozen=True)
class Rule:
    id: str
    description: str
    category: str
    severity: Severity
    scope: tuple[str, ...]
    action: str
    keywords: tuple[str, ...]
    patterns: tuple[str, ...]
    positive: tuple[str, ...]
    negative: tuple[str, ...]
    message: str
    confidence: float
    pack: str
    path: str
    keyword_regex: regex.Pattern | None
    pattern_regexes: tuple[regex.Pattern, ...]
    prefilter: tuple[str, ...]  # folded keywords; a pattern rule runs only where one occurs
    #: Folded phrases that, anywhere in a page's text, make this rule's matches on it reports: the notice a licensed
    #: operator's or a newspaper's betting offer carries by law ("18+", "T&Cs apply", "BeGambleAware").
    reported_with: tuple[str, ...] = ()

    @property
    def info(self) -> RuleInfo:
        return RuleInfo(self.id, self.description, self.category, self.severity, self.action, self.pack)  # type: ignore[arg-type]

    def find(self, folded: str, timeout: float | None = PATTERN_TIMEOUT, starts: list[int] | None = None) -> list[tuple[int, int]]:
        """Spans of this rule's matches in folded text; overlapping matches are joined into one span.

        Keywords are looked for at every position, so "bet365 link slot deposit pulsa"
        is one span even though "link slot" and "slot deposit pulsa" share a word.
        A pattern that runs longer than ``timeout`` seconds raises ``TimeoutError``.
        ``starts``, for a keyword rule, lists every place one of its keywords can
        begin (``RuleSet.index`` finds them for all rules at once); the matches
        are the same, the alternation is only tried there.
        """
        if self.pattern_regexes:
            if self.prefilter and not any(k in folded for k in self.prefilter):
                return []
            spans = [m.span() for p in self.pattern_regexes for m in p.finditer(folded, overlapped=False, timeout=timeout)]
        elif self.keyword_regex is not None:
            spans = [m.span() for m in (self.keyword_regex.finditer(folded, overlapped=True) if starts is None
                                        else match_at(self.keyword_regex, folded, starts, overlapped=True))]
        else:
            spans = []
        return _joined([s for s in spans if s[1] > s[0]])


def _joined(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans, overlapping ones joined into their union."""
    spans.sort()
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and start < joined[-1][1]:
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return joined


def keyword_pattern(keywords: tuple[str, ...]) -> regex.Pattern | None:
    """One pattern for the folded keywords, whole words except beside unspaced scripts.

    It matches what the alternation of the keywords, longest first, matches, but is
    written as a trie ("slot(?:[\\s_]+gacor...|88...)"): ``regex`` tries a plain
    alternation keyword by keyword at every position, and a trie one character at a
    time, which is what makes the reference path and ``match_at`` affordable with
    a thousand keywords. At any position the keywords that match are prefixes of
    one another, and the trie tries the longer one first, as the alternation does;
    that only fails where a keyword holds ``_`` or white space other than a space
    (they and the separator ``[\\s_]+`` can then read the same character), so such
    sets keep the alternation.
    """
    folded = {fold_string(k) for k in keywords} - {""}
    if not folded:
        return None
    if any(_SEPARATOR.search(k.replace(" ", "")) for k in folded):
        parts = [_left_boundary(k[0]) + regex.escape(k).replace(r"\ ", r"[\s_]+") + _right_boundary(k[-1])
                 for k in sorted(folded, key=len, reverse=True)]
        return regex.compile("|".join(parts))
    trie: dict = {}
    for keyword in folded:
        node = trie
        for char in keyword:
            node = node.setdefault(char, {})
        node[""] = {}
    return regex.compile(_either([_trie_pattern(char, trie[char], first=True) for char in sorted(trie)]))


def _left_boundary(first: str) -> str:
    return "" if _UNSPACED.match(first) else rf"(?<!{WORD_CHAR})"


def _right_boundary(last: str) -> str:
    return "" if _UNSPACED.match(last) else rf"(?!{WORD_CHAR})"


def _trie_pattern(char: str, node: dict, first: bool = False) -> str:
    """``char`` and every way the keywords go on after it (longer ones first), a keyword's end last.

    A keyword's first character comes before its left boundary, which then looks one character further
    back: the same test, but ``regex`` only makes it where that character occurs (about 8 times faster).
    """
    if char == " ":
        head = (_left_boundary(char) if first else "") + r"[\s_]+"  # a run: its first character is not fixed
    else:
        head = regex.escape(char) + (rf"(?<!{WORD_CHAR}[\s\S])" if first and not _UNSPACED.match(char) else "")
    branches = [_trie_pattern(next_char, node[next_char]) for next_char in sorted(node) if next_char]
    if "" in node:
        branches.append(_right_boundary(char))
    return head + _either(branches)


def _either(branches: list[str]) -> str:
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _longest_word(keyword: str) -> str:
    """The longest word of a folded keyword: every match of the keyword holds it literally
    (``keyword_pattern`` only lets the white space between words vary)."""
    return max(fold_string(keyword).split(" "), key=len)


def match_at(pattern: regex.Pattern, text: str, starts: list[int], overlapped: bool = False) -> Iterator[regex.Match]:
    """``pattern.finditer(text, overlapped=...)`` for a pattern that can only match at ``starts`` (sorted, every such place).

    ``finditer`` tries the pattern at each character from left to right and
    resumes after each match (or at the next character, when overlapped); trying
    it only where a match can begin gives the same matches. Lookbehinds still see
    the text before each start.
    """
    position = 0
    for start in starts:
        if start < position and not overlapped:
            continue
        found = pattern.match(text, start)
        if found is not None and found.end() > found.start():
            yield found
            position = found.end()


class Literals:
    """Every occurrence of many literal strings in one pass (Aho–Corasick), each tagged with its payloads."""

    def __init__(self, entries: dict[str, list]) -> None:
        self.entries = {literal: payloads for literal, payloads in entries.items() if literal}
        self._automaton = None
        if ahocorasick is not None and self.entries:
            automaton = ahocorasick.Automaton()
            for literal, payloads in self.entries.items():
                automaton.add_word(literal, (len(literal), tuple(payloads)))
            automaton.make_automaton()
            self._automaton = automaton

    def find(self, text: str) -> Iterator[tuple[int, tuple]]:
        """(start, payloads) of every occurrence, overlapping ones included, in no particular order."""
        if self._automaton is not None:
            for end, (length, payloads) in self._automaton.iter(text):
                yield end - length + 1, payloads
            return
        for literal, payloads in self.entries.items():
            at = text.find(literal)
            while at != -1:
                yield at, tuple(payloads)
                at = text.find(literal, at + 1)


class SharedLiterals:
    """Literal sets (literal -> payloads, as for ``Literals``) looked for in one pass together with the sets of
    every other ``SharedLiterals`` alive in this process.

    The rule index and the keyword matchers of the detectors' vocabulary each look for their literals in the
    same folded page text, one after the other. Reading a text costs the automaton about the same whatever
    its literals, so one automaton over all of them reads each text once instead of once per user; the
    occurrences found in the last few long texts are kept for the next user asking about the same text.
    """

    def __init__(self, *sets: dict[str, list]) -> None:
        self.sets = tuple({literal: tuple(payloads) for literal, payloads in entries.items() if literal} for entries in sets)

    def find(self, text: str) -> tuple[list[tuple[int, tuple]], ...]:
        """For each set, (start, payloads) of every occurrence of its literals in ``text``, in no particular order."""
        return _SHARED.find(self, text)


class _Combined(NamedTuple):
    literals: Literals  # every member's literals; payloads: (tag, set index, payloads)
    tags: frozenset[int]  # the members it holds
    recent: dict[str, dict[tuple[int, int], list[tuple[int, tuple]]]]  # occurrences by (tag, set index), per long text


class _SharedAutomaton:
    """The one ``Literals`` over the sets of every live ``SharedLiterals``, rebuilt when one joins or is collected.

    A ``SharedLiterals`` joins on first use, so that a copy unpickled in a worker process joins that process's
    automaton.
    """

    RECENT = 8  # long texts whose occurrences are kept: the scopes of one page
    LONG = 256  # shorter texts are cheap to read again, and too many to keep

    def __init__(self) -> None:
        self._tags: weakref.WeakKeyDictionary[SharedLiterals, int] = weakref.WeakKeyDictionary()
        self._numbers = itertools.count()
        self._combined: _Combined | None = None
        self._lock = threading.Lock()

    def _changed(self) -> None:
        self._combined = None

    def _joined(self, user: SharedLiterals) -> tuple[int, _Combined]:
        """The user's tag and an automaton that holds its sets."""
        with self._lock:
            tag = self._tags.get(user)
            if tag is None:
                tag = self._tags[user] = next(self._numbers)
                weakref.finalize(user, self._changed)
            combined = self._combined
            if combined is None or tag not in combined.tags:
                entries: dict[str, list] = {}
                tags = set()
                for member, number in self._tags.items():
                    tags.add(number)
                    for index, literals in enumerate(member.sets):
                        for literal, payloads in literals.items():
                            entries.setdefault(literal, []).append((number, index, payloads))
                combined = self._combined = _Combined(Literals(entries), frozenset(tags), {})
            return tag, combined

    def find(self, user: SharedLiterals, text: str) -> tuple[list[tuple[int, tuple]], ...]:
        tag, combined = self._tags.get(user), self._combined
        if tag is None or combined is None or tag not in combined.tags:
            tag, combined = self._joined(user)
        found = combined.recent.get(text)
        if found is None:
            found = {}
            for start, owners in combined.literals.find(text):
                for number, index, payloads in owners:
                    found.setdefault((number, index), []).append((start, payloads))
            if len(text) >= self.LONG:
                if len(combined.recent) >= self.RECENT:
                    del combined.recent[next(iter(combined.recent))]
                combined.recent[text] = found
        return tuple([found.get((tag, index), []) for index in range(len(user.sets))])


_SHARED = _SharedAutomaton()


@dataclass(frozen=True)
class _Head:
    """The first word of some keywords of one rule, and what may follow it where they match."""

    number: int  # the rule (RuleIndex); unused by KeywordMatcher, which serves one keyword list
    length: int
    bounded: bool  # starts with a spaced-script character: a match starts a word
    alone: bool  # a keyword is this word alone...
    open_end: bool  # ...and ends with an unspaced-script character, so anything may follow it
    continued: bool  # a keyword goes on after this word (white space or _ must follow)

    @classmethod
    def all_of(cls, number: int, keywords: tuple[str, ...]) -> "dict[str, _Head] | None":
        """The literal text every match of ``keyword_pattern(keywords)`` starts with (the first word of each
        folded keyword), each with what may follow it; None when some keyword starts with a space and so
        has no literal head."""
        folded = {fold_string(k) for k in keywords}
        heads = sorted({k.split(" ")[0] for k in folded})
        if "" in heads:
            return None
        return {head: cls(number, len(head), _UNSPACED.match(head) is None, head in folded,
                          _UNSPACED.match(head[-1]) is not None, any(k.startswith(head + " ") for k in folded))
                for head in heads}

    def may_start(self, folded: str, start: int, inside_word: bool) -> bool:
        """Whether one of the keywords that begin with this head can match at ``start``, where it occurs:
        at the start of a word (not "no" inside "piano"), followed by what the keywords need next: the
        end of a word for a keyword that is the head alone, a space for a longer one (not "no" of
        "no deposit" in "notes")."""
        if self.bounded and inside_word:
            return False
        end = start + self.length
        after = folded[end] if end < len(folded) else None
        if self.alone and (self.open_end or after is None or not _continues_word(after)):
            return True
        return self.continued and after is not None and _separates(after)


_WORD_CHARS: dict[str, bool] = {}
_SEPARATORS: dict[str, bool] = {}


def _continues_word(char: str) -> bool:
    """Whether ``char`` is a ``WORD_CHAR`` (cached: pages use few distinct characters)."""
    known = _WORD_CHARS.get(char)
    if known is None:
        known = _WORD_CHARS[char] = _WORD_CHAR_PATTERN.match(char) is not None
    return known


def _separates(char: str) -> bool:
    """Whether ``char`` may stand between two words of a keyword (``keyword_pattern``'s ``[\\s_]``)."""
    known = _SEPARATORS.get(char)
    if known is None:
        known = _SEPARATORS[char] = _SEPARATOR.match(char) is not None
    return known


class KeywordMatcher:
    """``keyword_pattern(keywords)`` with the same ``search``/``finditer``/``findall`` results, tried only
    where one of the keywords' literal heads occurs (one shared Aho–Corasick pass, ``SharedLiterals``)
    instead of at every character."""

    def __init__(self, keywords: tuple[str, ...]) -> None:
        self.pattern = keyword_pattern(keywords) or regex.compile(r"(?!)")
        heads = _Head.all_of(0, keywords) if keywords else {}
        # Without the automaton (or without literal heads) the plain regex scan is the faster one.
        self._literals = (SharedLiterals({literal: [head] for literal, head in heads.items()},
                                         {_longest_word(k): [] for k in keywords})
                          if heads and ahocorasick is not None else None)

    def starts(self, text: str) -> list[int] | None:
        """Every place a keyword can match (see ``_Head.may_start``); None: try everywhere."""
        if self._literals is None:
            return None
        found, longest = self._literals.find(text)
        if not longest:
            return []  # every match holds its keyword's longest word
        starts = set()
        for start, heads in found:
            inside_word = start > 0 and _continues_word(text[start - 1])
            if any(head.may_start(text, start, inside_word) for head in heads):
                starts.add(start)
        return sorted(starts)

    def finditer(self, text: str) -> Iterator[regex.Match]:
        starts = self.starts(text)
        return self.pattern.finditer(text) if starts is None else match_at(self.pattern, text, starts)

    def search(self, text: str) -> regex.Match | None:
        return next(iter(self.finditer(text)), None)

    def findall(self, text: str) -> list[str]:
        return [m.group() for m in self.finditer(text)]


class RuleIndex:
    """Where each rule of a set can match in a folded text, for all rules in one pass.

    A keyword rule can only match where the first word of one of its folded
    keywords occurs; a pattern rule with keywords only runs where one of them
    occurs whole (``Rule.find``'s own prefilter). Pattern rules without keywords
    always run. ``candidates`` says which rules to run and, for keyword rules,
    where; the matches are exactly those ``Rule.find`` finds scanning everything.
    """

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        entries: dict[str, list] = {}
        longest: dict[str, list] = {}
        self.always: set[int] = set()
        for number, rule in enumerate(rules):
            if rule.pattern_regexes:
                if not rule.prefilter:
                    self.always.add(number)
                for keyword in rule.prefilter:
                    entries.setdefault(keyword, []).append(number)
            elif rule.keyword_regex is not None:
                heads = _Head.all_of(number, rule.keywords)
                if heads is None:
                    self.always.add(number)
                for literal, head in (heads or {}).items():
                    entries.setdefault(literal, []).append(head)
            for keyword in rule.keywords:
                longest.setdefault(_longest_word(keyword), []).append(number)
        self.literals = SharedLiterals(entries, longest)

    def candidates(self, folded: str) -> dict[int, list[int] | None]:
        """Rule number -> sorted starts (keyword rules) or None (run the rule on the whole text).

        A head is only a start where one of its keywords can match from it (``_Head.may_start``).
        A text without any of the rules' longest words holds none of their keywords: only the rules that always run
        remain; nor is a keyword rule a candidate when the longest word of none of its keywords occurs.
        """
        found: dict[int, set[int] | None] = dict.fromkeys(self.always)
        heads, longest = self.literals.find(folded)
        if not longest:
            return dict(found)
        possible = {number for _, numbers in longest for number in numbers}  # rules with a keyword's longest word
        for start, payloads in heads:
            inside_word = None
            for payload in payloads:
                if not isinstance(payload, _Head):
                    found[payload] = None  # a pattern rule whose prefilter keyword occurs
                    continue
                if payload.number not in possible:
                    continue
                if inside_word is None:
                    inside_word = start > 0 and _continues_word(folded[start - 1])
                if payload.may_start(folded, start, inside_word):
                    found.setdefault(payload.number, set()).add(start)  # type: ignore[union-attr]
        return {number: (sorted(starts) if starts is not None and number not in self.always else None)
                for number, starts in found.items()}


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    packs: dict[str, str]  # pack id -> description

    @cached_property
    def index(self) -> RuleIndex:
        """Which rules can match where, for all rules in one pass over a text."""
        return RuleIndex(self.rules)

    @cached_property
    def scopes(self) -> frozenset[str]:
        """The scopes some rule looks at."""
        return frozenset(scope for rule in self.rules for scope in rule.scope)

    def by_id(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def without(self, disabled: set[str]) -> "RuleSet":
        """This set minus rules whose id, or whose pack, is listed in ``disabled``."""
        kept = tuple(r for r in self.rules if r.id not in disabled and r.pack not in disabled)
        return RuleSet(kept, {p: d for p, d in self.packs.items() if p not in disabled})


def _check(condition: bool, path: str, rule_id: str | None, field: str | None, problem: str) -> None:
    if not condition:
        raise RuleError(path, rule_id, field, problem)


def _strings(raw: dict, key: str, path: str, rule_id: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    _check(isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value),
           path, rule_id, key, "must be a list of non-empty strings")
    return tuple(value)


def parse_rule(raw: object, pack: str, path: str, index: int) -> Rule:
    """One ``[[rules]]`` table, validated; any problem names file, rule and field."""
    _check(isinstance(raw, dict), path, f"#{index + 1}", None, "each [[rules]] entry must be a table")
    assert isinstance(raw, dict)
    rule_id = raw.get("id")
    _check(isinstance(rule_id, str) and bool(_RULE_ID.match(rule_id or "")), path, f"#{index + 1}", "id",
           "missing, or not lower-case letters, digits, '.', '_' and '-'")
    unknown = set(raw) - _FIELDS
    _check(not unknown, path, rule_id, sorted(unknown)[0] if unknown else None, "unknown field")
    for key in ("description", "category"):
        _check(isinstance(raw.get(key), str) and raw[key].strip() != "", path, rule_id, key, "missing or empty")
    try:
        severity = Severity.parse(str(raw.get("severity", "")))
    except ValueError as error:
        raise RuleError(path, rule_id, "severity", str(error)) from None
    scope = raw.get("scope", list(DEFAULT_SCOPE))
    _check(isinstance(scope, list) and scope and all(s in SCOPES for s in scope), path, rule_id, "scope",
           f"must be a non-empty list of: {', '.join(SCOPES)}")
    action = raw.get("action", "remove")
    _check(action in ACTIONS, path, rule_id, "action", f"must be one of: {', '.join(ACTIONS)}")
    keywords = _strings(raw, "keywords", path, rule_id)
    patterns = _strings(raw, "patterns", path, rule_id)
    _check(bool(keywords or patterns), path, rule_id, "keywords", "a rule needs keywords or patterns")
    compiled = []
    for pattern in patterns:
        _check(len(pattern) <= MAX_PATTERN_LENGTH, path, rule_id, "patterns",
               f"pattern of {len(pattern)} characters is over the limit of {MAX_PATTERN_LENGTH}; use keywords for word lists")
        try:
            compiled.append(regex.compile(pattern, regex.VERSION1 if _case_free(pattern) else regex.IGNORECASE | regex.VERSION1))
        except regex.error as error:
            raise RuleError(path, rule_id, "patterns", f"bad regex {pattern!r}: {error}") from None
        _check(compiled[-1].fullmatch("") is None, path, rule_id, "patterns",
               f"pattern {pattern!r} matches the empty string (it would match everywhere)")
    examples = raw.get("examples", {})
    _check(isinstance(examples, dict), path, rule_id, "examples", "must be a table with positive and negative lists")
    positive = _strings(examples, "positive", path, rule_id)
    negative = _strings(examples, "negative", path, rule_id)
    _check(bool(positive), path, rule_id, "examples.positive", "every rule needs at least one positive example")
    _check(bool(negative), path, rule_id, "examples.negative", "every rule needs at least one negative example")
    confidence = raw.get("confidence", 0.9)
    _check(isinstance(confidence, (int, float)) and 0 <= confidence <= 1, path, rule_id, "confidence", "must be between 0 and 1")
    reported_with = _strings(raw, "reported_with", path, rule_id)
    _check(all(phrase.strip() for phrase in reported_with), path, rule_id, "reported_with", "phrases must not be empty")
    return Rule(
        id=rule_id, description=raw["description"].strip(), category=raw["category"].strip(), severity=severity,
        scope=tuple(scope), action=action, keywords=keywords, patterns=patterns, positive=positive, negative=negative,
        message=str(raw.get("message") or raw["description"]).strip(), confidence=float(confidence), pack=pack,
        path=path, keyword_regex=keyword_pattern(keywords), pattern_regexes=tuple(compiled),
        prefilter=tuple(fold_string(k) for k in keywords) if compiled else (),
        reported_with=tuple(fold_string(phrase) for phrase in reported_with),
    )


def load_pack(path: Path) -> tuple[str, str, list[Rule]]:
    """Read one pack file: its id, description and rules."""
    name = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise RuleError(name, None, None, f"cannot read: {error.strerror or error}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise RuleError(name, None, None, f"not valid TOML: {error}") from None
    pack = data.get("pack", {"id": path.stem})  # a pack without a [pack] table is named after its file
    _check(isinstance(pack, dict) and isinstance(pack.get("id"), str) and pack["id"], name, None, "pack.id",
           "the [pack] table needs an id")
    _check(bool(_RULE_ID.match(pack["id"])), name, None, "pack.id",
           f"{pack['id']!r} is not a valid id (lower-case letters, digits, '.', '_' and '-')" + (
               "" if "pack" in data else ": a pack without a [pack] table is named after its file, so rename the file "
                                         "or give the pack an id"))
    rules = data.get("rules", [])
    _check(isinstance(rules, list) and rules, name, None, "rules", "a pack needs at least one [[rules]] entry")
    return pack["id"], str(pack.get("description", "")), [parse_rule(raw, pack["id"], name, i) for i, raw in enumerate(rules)]


def pack_files(paths: list[Path]) -> list[Path]:
    """The ``.toml`` files in these folders (sorted) and these files themselves. A folder without one is refused: a
    pack put in a subfolder (only the folder itself is read) or a mistyped folder would otherwise leave its rules off
    without a word."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.glob("*.toml"))
            if not found:
                inside = sorted(str(p.relative_to(path)) for p in path.glob("*/*.toml"))[:1]
                raise RuleError(str(path), None, None, "no rule pack (*.toml) in this folder" + (
                    f"; subfolders are not read (found {inside[0]}): pass each folder of packs" if inside else ""))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise RuleError(str(path), None, None, "no such rule file or folder")
    return files


def load_rules(paths: Iterable[Path | str] | None = None, *, builtin: bool = True) -> RuleSet:
    """The built-in packs (unless ``builtin`` is false) plus packs from ``paths`` (``Path`` or ``str``).

    Rule ids must be unique across every pack loaded.
    """
    folders = ([BUILTIN_RULES] if builtin else []) + list(path_list(paths or (), "load_rules paths"))
    rules: list[Rule] = []
    packs: dict[str, str] = {}
    seen: dict[str, str] = {}
    for file in pack_files(folders):
        pack_id, description, pack_rules = load_pack(file)
        _check(pack_id not in packs, str(file), None, "pack.id",
               f"pack id {pack_id!r} is already used by another pack (name yours in a [pack] table: id = \"...\")")
        packs[pack_id] = description
        for rule in pack_rules:
            _check(rule.id not in seen, str(file), rule.id, "id", f"duplicate id (also in {seen.get(rule.id)})")
            seen[rule.id] = str(file)
            rules.append(rule)
    return RuleSet(tuple(rules), packs)


def example_failures(rule: Rule) -> list[str]:
    """What is wrong with a rule's own examples: a positive it misses, a negative it matches, an example on which a
    pattern runs past the time limit (``PATTERN_TIMEOUT``: in a scan, the rule would be skipped for that document)."""
    failures = []
    for kind, examples in (("positive", rule.positive), ("negative", rule.negative)):
        for example in examples:
            try:
                spans = rule.find(fold_string(example))
            except TimeoutError:
                failures.append(f"{rule.path}: rule {rule.id!r}: {kind} example timed out (a pattern ran past "
                                f"{PATTERN_TIMEOUT:g} s; a scan would skip the rule): {example!r}")
                continue
            if kind == "positive":
                if not spans:
                    failures.append(f"{rule.path}: rule {rule.id!r}: positive example not matched: {example!r}")
            else:
                failures += [f"{rule.path}: rule {rule.id!r}: negative example matched at {start}-{end}: {example!r}"
                             for start, end in spans]
    return failures
