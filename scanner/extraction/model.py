"""What extraction hands to detection: scoped text views and the page's elements."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .textview import TextView

#: Where a rule can look. ``text`` is what a reader sees; the others are where injections hide.
SCOPES = ("text", "title", "meta", "attributes", "links", "hidden", "comments", "scripts")
Scope = Literal["text", "title", "meta", "attributes", "links", "hidden", "comments", "scripts"]


@dataclass(eq=False)
class Element:
    """One element of an HTML page, with the exact source spans of its tags."""

    tag: str
    attrs: dict[str, str]
    attr_starts: dict[str, int]  # where each attribute's raw value starts in the source
    start: int          # start of the start tag
    open_end: int       # end of the start tag
    close_start: int | None  # start of the matching end tag, if there is one
    end: int            # end of the end tag (end of the start tag for void elements)
    hidden: str | None  # why readers do not see it (its own style or an ancestor's), or None
    hidden_root: bool   # hidden by its own style, not only by an ancestor's
    parent: "Element | None" = None


@dataclass(eq=False)
class Link:
    href: str
    element: Element
    text: str


@dataclass
class Extraction:
    kind: Literal["html", "text", "markdown"]
    views: dict[str, TextView]
    elements: list[Element] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    #: Markdown's quotations and code samples: (start, end, the HTML tag they stand for), in source offsets.
    quotations: list[tuple[int, int, str]] = field(default_factory=list)

    def view(self, scope: str) -> TextView:
        return self.views.get(scope) or TextView()
