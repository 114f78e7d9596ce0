"""Whether an element is hidden from readers: inline styles, the ``hidden``
attribute, and the rules of the page's own ``<style>`` blocks whose selectors
can be judged from an element and its ancestors (tags, classes, ids,
attributes, ``:not()``, descendant and child combinators)."""

from __future__ import annotations

from functools import lru_cache

import regex

from .model import Element

_STYLE_BLOCK = regex.compile(r"<style\b[^>]*>(.*?)</style\s*>", regex.IGNORECASE | regex.DOTALL)
_CSS_RULE = regex.compile(r"([^{}]+)\{([^{}]*)\}")
_CSS_COMMENT = regex.compile(r"/\*.*?\*/", regex.DOTALL)
_MEDIA = regex.compile(r"@media\b([^{}]*)\{", regex.IGNORECASE)
#: Media features and types under which a rule applies only sometimes (a width, a device, print).
_CONDITIONAL_MEDIA = regex.compile(
    r"width|height|aspect-ratio|orientation|resolution|hover|pointer|prefers-|print|speech", regex.IGNORECASE)
_SIMPLE_SELECTOR = regex.compile(r"^\s*(?:[a-zA-Z][\w-]*)?([.#])([\w-]+)\s*$")

# Each declaration pattern that hides an element, with the reason reported.
_HIDING = (
    (regex.compile(r"display\s*:\s*none", regex.I), "display:none"),
    (regex.compile(r"visibility\s*:\s*(?:hidden|collapse)", regex.I), "visibility:hidden"),
    (regex.compile(r"(?<![\w-])opacity\s*:\s*0*(?:\.0+)?\s*(?:;|$|!)", regex.I), "opacity:0"),
    # a size no reader can read: 0, or at most 2 pixels ("color:#fefefe;font-size:2px" under an article)
    (regex.compile(r"font-size\s*:\s*(?:0(?:\.\d+)?(?:px|pt|em|rem|%)?|[12](?:\.\d+)?px|1(?:\.\d+)?pt)\s*(?:;|$|!)", regex.I),
     "font-size:0"),
    (regex.compile(r"(?<![\w-])(?:left|top|right|bottom|text-indent)\s*:\s*-\s*(?:[3-9]\d{2}|\d{4,})(?:\.\d+)?(?:px)?\s*(?:;|$|!)", regex.I),
     "off-screen position"),
    (regex.compile(r"(?:margin-left|margin-top)\s*:\s*-\s*(?:[5-9]\d{2}|\d{4,})(?:\.\d+)?(?:px)?\s*(?:;|$|!)", regex.I),
     "off-screen position"),
    (regex.compile(r"transform\s*:\s*scale\(\s*0(?:\.0+)?\s*(?:,\s*0(?:\.0+)?\s*)?\)", regex.I), "scaled to nothing"),
    (regex.compile(r"clip\s*:\s*rect\(\s*0(?:px)?[\s,]+0(?:px)?[\s,]+0(?:px)?[\s,]+0(?:px)?\s*\)", regex.I), "clipped to nothing"),
    (regex.compile(r"clip-path\s*:\s*(?:inset\(\s*(?:[5-9]\d|100)(?:\.\d+)?%|circle\(\s*0(?:\.0+)?(?:px|%)?\s*(?:\)|at\b))", regex.I),
     "clipped to nothing"),
)
# A font size readers can read, set again inside a container whose own font size is 0 (the usual way to
# remove the gaps between inline blocks: ``.share{font-size:0} .share a{font-size:14px}``).
_READABLE_FONT = regex.compile(
    r"font-size\s*:\s*(?:(?:[2-9]|\d{2,})(?:\.\d+)?(?:px|pt)|0*[1-9]\d*(?:\.\d+)?rem|0*\.\d*[1-9]\d*rem"
    r"|(?:xx?-)?(?:small|large)|medium|larger|smaller|initial|revert|unset)\s*(?:;|$|!)", regex.I)
_TINY_BOX = regex.compile(r"(?:^|;)\s*(?:max-)?(?:width|height)\s*:\s*[01](?:\.\d+)?(?:px)?\s*(?:;|$|!)", regex.I)
_OVERFLOW_HIDDEN = regex.compile(r"overflow\s*:\s*hidden", regex.I)
_COLOR = regex.compile(r"(?<![\w-])color\s*:\s*([^;!]+)", regex.I)
_BACKGROUND = regex.compile(r"background(?:-color)?\s*:\s*([^;!]+)", regex.I)
_NAMED_COLOURS = {"white": "#ffffff", "black": "#000000", "red": "#ff0000", "transparent": "transparent"}
_RGB = regex.compile(r"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*[\d.]+\s*)?\)")


def colour(value: str) -> str:
    """One spelling per colour: ``#FFF``, ``white`` and ``rgb(255,255,255)`` all become ``#ffffff``."""
    value = value.strip().lower()
    value = _NAMED_COLOURS.get(value, value)
    if regex.fullmatch(r"#[0-9a-f]{3}", value):
        return "#" + "".join(ch * 2 for ch in value[1:])
    rgb = _RGB.fullmatch(value)
    if rgb:
        return "#" + "".join(f"{min(int(n), 255):02x}" for n in rgb.groups())
    return value


@lru_cache(maxsize=4096)
def hiding_reason(style: str) -> str | None:
    """Why these CSS declarations hide an element, or None (remembered: sites repeat their declarations
    on every page and in every stylesheet)."""
    for pattern, reason in _HIDING:
        if pattern.search(style):
            return reason
    if _TINY_BOX.search(style) and _OVERFLOW_HIDDEN.search(style):
        return "tiny box with overflow:hidden"
    color, background = _COLOR.search(style), _BACKGROUND.search(style)
    if color and background and colour(color.group(1)) == colour(background.group(1).split()[0]):
        return "text coloured like its background"
    return None


_IDENT = r"-?[_a-zA-Z\u00a0-\uffff][\w\u00a0-\uffff-]*"
# One part of a compound selector: a class, an id, an attribute test, or :not() of a simple compound.
_PART = regex.compile(
    rf"""\.(?P<cls>{_IDENT})|\#(?P<id>{_IDENT})
    |\[\s*(?P<attr>{_IDENT})\s*(?:=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>{_IDENT}))\s*)?\]
    |:not\((?P<negated>[^()]*)\)""", regex.X)
_TAG = regex.compile(rf"\*|{_IDENT}")
_COMBINATOR = regex.compile(r"\s*>\s*|\s+")


class Compound:
    """A compound selector without state: ``div.promo#x[hidden]:not(.open)``."""

    def __init__(self, tag: str | None, classes: set[str], element_id: str | None,
                 attributes: dict[str, str | None], negated: list["Compound"]) -> None:
        self.tag, self.classes, self.element_id = tag, classes, element_id
        self.attributes, self.negated = attributes, negated

    @classmethod
    def parse(cls, text: str) -> "tuple[Compound, int] | None":
        """The compound at the start of ``text`` and its length; None if it is empty or uses what an element's
        attributes cannot tell (``:hover``, ``::before``, ``:nth-child``...)."""
        tag_match = _TAG.match(text)
        tag = tag_match.group().lower() if tag_match and tag_match.group() != "*" else None
        position = tag_match.end() if tag_match else 0
        classes: set[str] = set()
        element_id, attributes, negated = None, {}, []
        while (part := _PART.match(text, position)) is not None:
            position = part.end()
            if part.group("cls"):
                classes.add(part.group("cls"))
            elif part.group("id"):
                element_id = part.group("id")
            elif part.group("attr"):
                value = part.group("dq") if part.group("dq") is not None else part.group("sq") if part.group("sq") is not None else part.group("bare")
                attributes[part.group("attr").lower()] = value
            else:
                inner = Compound.parse(part.group("negated").strip())
                if inner is None or inner[1] != len(part.group("negated").strip()):
                    return None
                negated.append(inner[0])
        if position == 0 or (position < len(text) and text[position] in ":["):
            return None
        return cls(tag, classes, element_id, attributes, negated), position

    def matches(self, element: Element) -> bool:
        attrs = element.attrs
        return ((self.tag is None or element.tag == self.tag)
                and (not self.classes or self.classes <= set(attrs.get("class", "").split()))
                and (self.element_id is None or attrs.get("id") == self.element_id)
                and all(name in attrs and (value is None or attrs[name] == value) for name, value in self.attributes.items())
                and not any(inner.matches(element) for inner in self.negated))


class Selector:
    """Compounds joined by descendant (`` ``) and child (``>``) combinators, matched from the element upwards."""

    def __init__(self, compounds: list[Compound], child_of_next: list[bool]) -> None:
        self.compounds = compounds  # from the element upwards
        self.child_of_next = child_of_next  # child_of_next[i]: compounds[i] must be a child (not any descendant) of [i + 1]

    @classmethod
    def parse(cls, text: str) -> "Selector | None":
        """The selector, or None where it needs more than an element and its ancestors (``+``, ``~``, states)."""
        text = text.strip()
        compounds, child = [], []
        position = 0
        while True:
            parsed = Compound.parse(text[position:])
            if parsed is None:
                return None
            compounds.append(parsed[0])
            position += parsed[1]
            if position == len(text):
                break
            combinator = _COMBINATOR.match(text, position)
            if combinator is None:
                return None
            child.append(">" in combinator.group())
            position = combinator.end()
        return cls(compounds[::-1], child[::-1])

    def matches(self, element: Element, index: int = 0) -> bool:
        if not self.compounds[index].matches(element):
            return False
        if index + 1 == len(self.compounds):
            return True
        ancestor = element.parent
        while ancestor is not None:
            if self.matches(ancestor, index + 1):
                return True
            if self.child_of_next[index]:
                return False
            ancestor = ancestor.parent
        return False


def hiding_sheet(css: str) -> list[list[str]] | None:
    """The selectors of each rule of a style sheet made of hiding rules only (``.seo-links{display:none}``),
    or None when it holds anything else: the sheet an injection brings along to hide its block."""
    css = _CSS_COMMENT.sub("", css)
    rules = list(_CSS_RULE.finditer(css))
    if not rules or _CSS_RULE.sub("", css).strip() or not all(hiding_reason(rule.group(2)) for rule in rules):
        return None
    return [[selector.strip() for selector in rule.group(1).split(",")] for rule in rules]


def _unconditional(css: str) -> str:
    """The rules of a style sheet that apply on every screen: ``@media`` blocks that depend on the viewport, the
    device or print (``@media (max-width:860px){.main-nav{display:none}}``, the responsive menu of most themes)
    are left out, others (``@media screen``, ``@media all``) unwrapped. A block's end is found by counting braces."""
    out, position = [], 0
    for at_rule in _MEDIA.finditer(css):
        if at_rule.start() < position:
            continue
        depth, end = 1, at_rule.end()
        while depth:  # from closing brace to closing brace, not character by character: theme sheets are long
            close = css.find("}", end)
            if close == -1:
                end = len(css) + 1
                break
            depth += css.count("{", end, close) - 1
            end = close + 1
        out.append(css[position:at_rule.start()])
        if not _CONDITIONAL_MEDIA.search(at_rule.group(1)):
            out.append(css[at_rule.end():end - 1])
        position = end
    out.append(css[position:])
    return "".join(out)


def _at_most_one_pixel(size: str | None) -> bool:
    return size is not None and regex.fullmatch(r"\s*[01](?:\.\d+)?(?:px)?\s*", size) is not None


#: A pseudo-class of the reader's doing: hovering, focusing, ticking, following a link to it.
_INTERACTION = regex.compile(r":(?:hover|focus|focus-within|active|checked|target)\b", regex.I)
_SHOWING = regex.compile(r"display\s*:\s*(?!none)[a-z-]+|visibility\s*:\s*visible|opacity\s*:\s*(?:1|0?\.\d*[1-9])", regex.I)
_LAST_NAMES = regex.compile(rf"[.#]{_IDENT}")


def _shown_on_interaction(sheets: list[str]) -> set[str]:
    """The ``.class`` and ``#id`` names of elements that rules show when the reader hovers, focuses or clicks
    (``.nav-item:hover .dropdown-menu{display:block}``): a drop-down menu, hidden until it is used, is no hidden
    block. Only the last part of such a selector is the element shown."""
    shown: set[str] = set()
    for sheet in sheets:
        for rule in _CSS_RULE.finditer(sheet):
            if not _SHOWING.search(rule.group(2)):
                continue
            for selector in rule.group(1).split(","):
                if _INTERACTION.search(selector):
                    shown.update(_LAST_NAMES.findall(_COMBINATOR.split(selector.strip())[-1]))
    return shown


class Stylesheet:
    """The hiding rules of a page's ``<style>`` blocks: class and id selectors in tables, others matched in turn."""

    def __init__(self, source: str) -> None:
        self.by_class: dict[str, str] = {}
        self.by_id: dict[str, str] = {}
        self.selectors: list[tuple[Selector, str]] = []
        self.font_restored_under: set[str] = set()  # ".class" and "#id" of containers whose insides set a font size
        sheets = [_CSS_COMMENT.sub("", block.group(1)) for block in _STYLE_BLOCK.finditer(source)]
        shown = _shown_on_interaction(sheets)
        for sheet in sheets:
            for rule in _CSS_RULE.finditer(_unconditional(sheet)):
                reason = hiding_reason(rule.group(2))
                if reason:
                    self._add(rule.group(1), reason, shown)
                elif _READABLE_FONT.search(rule.group(2)):
                    self._add_font_container(rule.group(1))

    def _add(self, selectors: str, reason: str, shown: set[str]) -> None:
        for selector in selectors.split(","):
            simple = _SIMPLE_SELECTOR.match(selector)
            if simple and simple.group(1) + simple.group(2) in shown:
                continue  # a drop-down menu or a panel the page shows on hover, focus or a click
            if simple:
                table = self.by_class if simple.group(1) == "." else self.by_id
                table[simple.group(2)] = reason
            elif (parsed := Selector.parse(selector)) is not None:
                self.selectors.append((parsed, f"{' '.join(selector.split())}: {reason}"))

    def _add_font_container(self, selectors: str) -> None:
        """The classes and ids of the ancestors in selectors that set a readable font size (``.share a``)."""
        for selector in selectors.split(","):
            ancestors = _COMBINATOR.split(selector.strip())[:-1]
            for compound in ancestors:
                self.font_restored_under.update(regex.findall(rf"[.#]{_IDENT}", compound))

    def reason_for(self, element: Element) -> str | None:
        """Why this element is hidden by its own attributes or the page's style rules, or None."""
        reason = self._reason(element)
        if reason and reason.endswith("font-size:0") and self._font_restored_inside(element):
            return None
        return reason

    def _font_restored_inside(self, element: Element) -> bool:
        names = {f".{name}" for name in element.attrs.get("class", "").split()}
        if element.attrs.get("id"):
            names.add(f"#{element.attrs['id']}")
        return bool(names & self.font_restored_under)

    def _reason(self, element: Element) -> str | None:
        attrs = element.attrs
        if not attrs and not self.selectors:
            return None
        if "hidden" in attrs:
            return "hidden attribute"
        style = attrs.get("style")
        inline = hiding_reason(style) if style else None
        if inline:
            return inline
        if element.tag == "svg" and _at_most_one_pixel(attrs.get("width")) and _at_most_one_pixel(attrs.get("height")):
            return "drawing of at most one pixel"
        for name in attrs.get("class", "").split():
            if name in self.by_class:
                return f"class .{name}: {self.by_class[name]}"
        element_id = attrs.get("id", "")
        if element_id in self.by_id:
            return f"id #{element_id}: {self.by_id[element_id]}"
        return next((reason for selector, reason in self.selectors if selector.matches(element)), None)
