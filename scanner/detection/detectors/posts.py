"""User posts that advertise: a spam comment or forum reply goes whole, author link and all.

Spam comments wrap their links in praise ("Very informative article, thank you for sharing!"). Removing
only the links leaves a comment by "Best Online Casino Bonuses 2025" that says "check  and  if you need".
A post is one item of a list of posts: an element whose class or id names a comment, reply, message,
review or answer, next to another such element or inside a list named so. It goes when it carries a
strong spam link, or when strong spam findings cover a good part of its text, unless they all sit in the
author's signature (links appended to it are the signature's, not the post's). A word replaced everywhere
on the page (the repeated-phrase finding) is the page's injection, not the post's; a quoted finding is
only reported and counts for nothing.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace
from typing import Iterable, Sequence

import regex

from ...extraction.model import Element
from ...findings import Finding, RuleInfo, Severity
from ..context import Context
from .keywords import REPEATED
from .links import INJECTED_LINK
from .vocabulary import load_vocabulary
from .web import PageSite

SPAM_POST = RuleInfo(
    "injection.spam-post", "A comment or forum post that advertises, removed whole with its author line",
    "comment-spam", Severity.HIGH, "remove-element",
)

_POST = regex.compile(r"(?<![a-z])(?:comments?|repl(?:y|ies)|messages?|reviews?|answers?)(?![a-z])", regex.IGNORECASE)
#: "post" names a forum post only beside a user's name or profile; alone it is as often a blog's article.
_FORUM_POST = regex.compile(r"(?<![a-z])posts?(?![a-z])", regex.IGNORECASE)
_POSTER = regex.compile(r"(?<![a-z])(?:username|postprofile|poster|userinfo|user-info|user-details|message-user)(?![a-z])",
                        regex.IGNORECASE)
_POST_LIST = regex.compile(r"(?<![a-z])(?:comments|comment-?list|replies|messages|thread|discussion)(?![a-z])",
                           regex.IGNORECASE)
#: A Blogger comment is a ``<dd class="comment-body">`` after its ``<dt class="comment-author">``.
_POST_TAGS = {"li", "article", "div", "section", "dd"}
_SIGNATURE = regex.compile(r"(?<![a-z])(?:signature|sig|postsig|user-?signature)(?![a-z])", regex.IGNORECASE)
#: Share of a post's letters inside strong findings from which the post is an advertisement.
SPAM_SHARE = 0.3
_LETTER = regex.compile(r"\p{L}")


class SpamPosts:
    """Turns strong findings inside a comment or forum post into the removal of the whole post."""

    rules = (SPAM_POST,)

    def may_report(self, context: Context) -> bool:
        """Never on its own: it only widens the findings of the rule packs and other detectors."""
        return False

    def detect(self, context: Context, findings: Sequence[Finding]) -> Iterable[Finding]:
        strong = [f for f in findings if f.severity >= Severity.HIGH and f.action != "report" and f.rule_id != REPEATED.id]
        if not strong or context.extraction.kind != "html":
            return
        posts = _posts(context.extraction.elements)
        by_post: dict[int, list[Finding]] = {}
        for finding in strong:
            post = _innermost(posts, finding)
            if post is not None:
                by_post.setdefault(id(post), []).append(finding)
        signatures = [e for e in context.extraction.elements if _names(_SIGNATURE, e)]
        for post in posts:
            inside = by_post.get(id(post))
            if inside and not _in_signature(signatures, post, inside) and _advertises(context, post, inside):
                finding = context.element_finding(
                    SPAM_POST, _with_empty_list(context.source, post), confidence=0.85, signals=("user-post", *sorted({f.rule_id for f in inside})),
                    message="Comment or post that advertises: removed whole, with its author line")
                author = _author_term(context, post)
                yield finding if author is None else replace(finding, ranges=((author.start, author.end), *finding.ranges))


def _posts(elements: Sequence[Element]) -> list[Element]:
    """Elements that are one post of a list of posts: named as a post, and next to another post of the same
    tag and first class (``li.comment`` beside ``li.comment``, not ``div.comment-content`` beside
    ``div.reply`` inside one comment), inside an element named as a list of posts, or a reply of the same
    tag and first class inside such a post. An element named as a list of posts (``div.comments``) is none:
    removing it would take every honest comment along."""
    signed = _signed(elements)
    named = [e for e in elements if e.tag in _POST_TAGS and e.close_start is not None and not _names(_POST_LIST, e)
             and (_names(_POST, e) or _names(_FORUM_POST, e) and id(e) in signed)]
    siblings: dict[tuple[int, str, str], int] = {}
    for element in named:
        siblings[_kind(element)] = siblings.get(_kind(element), 0) + 1
    posts = {id(e) for e in named if siblings[_kind(e)] > 1 or (e.parent is not None and _names(_POST_LIST, e.parent))}
    for element in named:  # document order: a thread's post comes before its replies
        ancestor = element.parent
        while ancestor is not None and not (id(ancestor) in posts and _kind(ancestor)[1:] == _kind(element)[1:]):
            ancestor = ancestor.parent
        if ancestor is not None:
            posts.add(id(element))
    return [e for e in named if id(e) in posts]


def _signed(elements: Sequence[Element]) -> set[int]:
    """The elements that hold a forum user's name or profile (phpBB's ``div.post`` around its ``postprofile``): an
    element named "post" among them is a forum post, not a blog's post excerpt on an index page."""
    signed: set[int] = set()
    for element in elements:
        if _names(_POSTER, element):
            ancestor = element.parent
            while ancestor is not None and id(ancestor) not in signed:
                signed.add(id(ancestor))
                ancestor = ancestor.parent
    return signed


def _kind(element: Element) -> tuple[int, str, str]:
    classes = element.attrs.get("class", "").split()
    return id(element.parent), element.tag, classes[0] if classes else ""


def _names(pattern: regex.Pattern[str], element: Element) -> bool:
    """Whether the element's class, id or microdata property (Discourse's ``itemprop="comment"``) names it so."""
    attrs = element.attrs
    return bool(pattern.search(f"{attrs.get('class', '')} {attrs.get('id', '')} {attrs.get('itemprop', '')}"))


def _with_empty_list(source: str, post: Element) -> Element:
    """The post, or the list of replies it is alone in (``<ol class="children">`` around one spam reply)."""
    parent = post.parent
    if parent is not None and parent.tag in ("ul", "ol") and parent.close_start is not None \
            and not source[parent.open_end:post.start].strip() and not source[post.end:parent.close_start].strip():
        return parent
    return post


def _author_term(context: Context, post: Element) -> Element | None:
    """The ``<dt>`` right before a post that is a ``<dd>``: the author line of a Blogger comment ("<a>Generic
    Pharmacy</a> said..."), outside the post's own element."""
    if post.tag != "dd":
        return None
    elements = context.extraction.elements
    before = [e for e in elements[:bisect_left(context.element_starts, post.start)]
              if e.parent is post.parent and e.tag == "dt" and e.close_start is not None]
    if before and not context.source[before[-1].end:post.start].strip():
        return before[-1]
    return None


def _innermost(posts: list[Element], finding: Finding) -> Element | None:
    holding = [p for p in posts if p.start <= finding.start and finding.end <= p.end]
    return min(holding, key=lambda p: p.end - p.start) if holding else None


def _in_signature(signatures: list[Element], post: Element, inside: list[Finding]) -> bool:
    """Whether every finding of a post lies in its author's signature: links appended to a forum signature are
    the signature's, not the post's, which stays (the other detectors take the links or the signature)."""
    return any(post.start <= sig.start and sig.end <= post.end
               and all(sig.start <= f.start and f.end <= sig.end for f in inside) for sig in signatures)


def _advertises(context: Context, post: Element, inside: list[Finding]) -> bool:
    """A strong spam link, or strong findings over ``SPAM_SHARE`` of the post's letters, or a strong finding and a
    link to another site whose words or address name spam goods or betting ("… Download nulled WordPress themes … Visit
    <a href="https://freecrackedsoft.example/">nulled wordpress themes</a>"): the post sends its readers to what it
    sells."""
    if any(f.action == "unwrap-link" or f.rule_id == INJECTED_LINK.id for f in inside):
        return True
    if _links_to_spam_goods(context, post):
        return True
    text = context.extraction.view("text").text
    covered, reach = 0, 0
    for start, end in sorted((f.text_start, f.text_end) for f in inside if f.scope == "text"):
        start = max(start, reach)
        if end > start:
            covered += len(_LETTER.findall(text[start:end]))
            reach = end
    letters = context.letters(post)
    return letters > 0 and covered >= SPAM_SHARE * letters


def _links_to_spam_goods(context: Context, post: Element) -> bool:
    """Whether a visible link of the post leads to another site and its text or address names spam goods or betting."""
    site = PageSite.of(context.extraction)
    vocabulary = load_vocabulary()
    return any(post.start <= link.element.start and link.element.end <= post.end and not link.element.hidden
               and site.is_offsite(link.href)
               and (vocabulary.signals_of(link.text, goods=True) or vocabulary.url_signals(link.href))
               for link in context.extraction.links)
