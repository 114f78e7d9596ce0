"""robots.txt as RFC 9309 reads it: groups by product token, longest match wins, Allow wins ties.

A UTF-8 byte-order mark before the first line is skipped, as RFC 9309 parsers do.

Status handling (section 2.3.1): a 4xx robots.txt means no rules ("unavailable"),
a 5xx or an unreachable host means everything is disallowed ("unreachable").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urlsplit

#: The product token the auditor obeys as; it fetches as a browser and as Googlebot,
#: but a site's rules for Googlebot are not an invitation to us. A fetch as a crawler obeys
#: that crawler's rules as well: a page closed to Googlebot is not fetched as Googlebot.
USER_AGENT_TOKEN = "scanner"
MAX_ROBOTS_BYTES = 500 * 1024  # RFC 9309 section 2.5: parse at least 500 KiB


@dataclass
class Robots:
    """The rules that apply to ``USER_AGENT_TOKEN``, and the sitemaps the file lists."""

    rules: list[tuple[bool, str]] = field(default_factory=list)  # (allow, path pattern)
    sitemaps: list[str] = field(default_factory=list)
    disallow_all: bool = False
    why: str = ""  # for disallow_all: why the site's rules are unknown (a 5xx, the host unreachable)
    groups: list[tuple[list[str], list[tuple[bool, str]]]] = field(default_factory=list)  # (agents, rules), all

    def allows(self, url: str, crawler: tuple[str, ...] = ()) -> bool:
        """Whether our rules allow ``url``, and when fetching it as a crawler, that crawler's too: ``crawler`` is
        its product tokens, most specific first (the first with a group of its own is obeyed, else ``*``)."""
        if self.disallow_all:
            return False
        parts = urlsplit(url)
        path = _normalise((parts.path or "/") + (f"?{parts.query}" if parts.query else ""))
        if path == "/robots.txt":
            return True
        return _allowed(self.rules, path) and (not crawler or _allowed(_rules_for(self.groups, crawler), path))


def _allowed(rules: list[tuple[bool, str]], path: str) -> bool:
    """The longest matching pattern decides; Allow wins a tie."""
    best: tuple[int, bool] = (-1, True)
    for allow, pattern in rules:
        if _matches(pattern, path):
            length = len(pattern)
            if length > best[0] or (length == best[0] and allow):
                best = (length, allow)
    return best[1]


def _rules_for(groups: list[tuple[list[str], list[tuple[bool, str]]]], tokens: tuple[str, ...]) -> list[tuple[bool, str]]:
    """The rules of the groups naming the first of ``tokens`` that has any, else of the ``*`` groups."""
    for token in (*(t.lower() for t in tokens), "*"):
        if any(token in names for names, _ in groups):
            return [rule for names, group in groups if token in names for rule in group]
    return []


ALLOW_ALL = Robots()


def for_status(status: int, body: bytes) -> Robots:
    """The rules a robots.txt response means, by its status."""
    if 200 <= status < 300:
        return parse(body[:MAX_ROBOTS_BYTES].removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace"))
    if 400 <= status < 500:
        return Robots()
    return Robots(disallow_all=True, why=f"robots.txt answered HTTP {status}, so the site's rules are unknown and "
                                         f"nothing is fetched (RFC 9309)")


def _normalise(path: str) -> str:
    """Percent-encode the same way on both sides so ``/a%3cd`` and ``/a<d`` compare equal."""
    return quote(unquote(path), safe="/?=&*$;:@!,+~'()")


def _matches(pattern: str, path: str) -> bool:
    if not pattern:
        return False
    anchored = pattern.endswith("$")
    body = pattern[:-1] if anchored else pattern
    regex = "".join(".*" if part == "*" else re.escape(part) for part in re.split(r"(\*)", body))
    return re.match(regex + ("$" if anchored else ""), path) is not None


def parse(text: str, token: str = USER_AGENT_TOKEN) -> Robots:
    """Group lines by user-agent; use the groups naming ``token``, else the ``*`` groups."""
    groups: list[tuple[list[str], list[tuple[bool, str]]]] = []
    sitemaps: list[str] = []
    agents: list[str] = []
    rules: list[tuple[bool, str]] = []
    in_rules = False
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        key, value = (part.strip() for part in line.split(":", 1))
        key = key.lower()
        if key == "sitemap":
            if value:
                sitemaps.append(value)
        elif key == "user-agent":
            if in_rules:
                agents, rules, in_rules = [], [], False
            if not agents:
                groups.append((agents, rules))
            agents.append(value.lower())
        elif key in ("allow", "disallow") and groups:
            in_rules = True
            if value:
                rules.append((key == "allow", _normalise(value)))
    return Robots(rules=_rules_for(groups, (token,)), sitemaps=sitemaps, groups=groups)
