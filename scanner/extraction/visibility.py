"""Whether an element is hidden from readers: inline styles, the ``hidden``
attribute, and simple class/id rules from the page's own ``<style>`` blocks."""

from __future__ import annotations

from functools import lru_cache

import regex

_STYLE_BLOCK = regex.compile(r"<style\b[^>]*>(.*?)</style\s*>", regex.IGNORECASE | regex.DOTALL)
_CSS_RULE = regex.compile(r"([^{}]+)\{([^{}]*)\}")
_CSS_COMMENT = regex.compile(r"/\*.*?\*/", regex.DOTALL)
_SIMPLE_SELECTOR = regex.compile(r"^\s*(?:[a-zA-Z][\w-]*)?([.#])([\w-]+)\s*$")

# Each declaration pattern that hides an element, with the reason reported.
_HIDING = (
    (regex.compile(r"display\s*:\s*none", regex.I), "display:none"),
    (regex.compile(r"visibility\s*:\s*(?:hidden|collapse)", regex.I), "visibility:hidden"),
    (regex.compile(r"(?<![\w-])opacity\s*:\s*0*(?:\.0+)?\s*(?:;|$|!)", regex.I), "opacity:0"),
    (regex.compile(r"font-size\s*:\s*(?:0(?:\.\d+)?(?:px|pt|em|rem|%)?|1px)\s*(?:;|$|!)", regex.I), "font-size:0"),
    (regex.compile(r"(?:left|top|right|text-indent|margin-left|margin-top)\s*:\s*-\s*(?:[5-9]\d{2}|\d{4,})(?:\.\d+)?(?:px)?\s*(?:;|$|!)", regex.I),
     "off-screen position"),
    (regex.compile(r"transform\s*:\s*scale\(\s*0(?:\.0+)?\s*(?:,\s*0(?:\.0+)?\s*)?\)", regex.I), "scaled to nothing"),
    (regex.compile(r"clip\s*:\s*rect\(\s*0(?:px)?[\s,]+0(?:px)?[\s,]+0(?:px)?[\s,]+0(?:px)?\s*\)", regex.I), "clipped to nothing"),
)
_TINY_BOX = regex.compile(r"(?:^|;)\s*(?:width|height)\s*:\s*[01](?:\.\d+)?(?:px)?\s*(?:;|$|!)", regex.I)
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


class Stylesheet:
    """The hiding rules of a page's ``<style>`` blocks, for class and id selectors."""

    def __init__(self, source: str) -> None:
        self.by_class: dict[str, str] = {}
        self.by_id: dict[str, str] = {}
        for block in _STYLE_BLOCK.finditer(source):
            css = _CSS_COMMENT.sub("", block.group(1))
            for rule in _CSS_RULE.finditer(css):
                reason = hiding_reason(rule.group(2))
                if reason:
                    self._add(rule.group(1), reason)

    def _add(self, selectors: str, reason: str) -> None:
        for selector in selectors.split(","):
            simple = _SIMPLE_SELECTOR.match(selector)
            if simple:
                table = self.by_class if simple.group(1) == "." else self.by_id
                table[simple.group(2)] = reason

    def reason_for(self, attrs: dict[str, str]) -> str | None:
        """Why an element with these attributes is hidden, or None."""
        if not attrs:
            return None
        if "hidden" in attrs:
            return "hidden attribute"
        style = attrs.get("style")
        inline = hiding_reason(style) if style else None
        if inline:
            return inline
        for name in attrs.get("class", "").split():
            if name in self.by_class:
                return f"class .{name}: {self.by_class[name]}"
        element_id = attrs.get("id", "")
        if element_id in self.by_id:
            return f"id #{element_id}: {self.by_id[element_id]}"
        return None
