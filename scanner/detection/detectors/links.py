"""Injected links, redirects and invisible frames: markup that sends readers or crawlers elsewhere."""

from __future__ import annotations

import base64
import binascii
from dataclasses import replace
from typing import Iterable, Sequence
from urllib.parse import unquote

import regex

from ...extraction import Element, Link, fold_string, hiding_reason
from ...findings import Finding, RuleInfo, Severity
from ..context import QUOTED, Context, with_separator
from .vocabulary import BETTING_URL, SELLING_URL, Vocabulary, load_vocabulary, strip_marks
from .web import PageSite, declared_urls, destination, host_of, site_of

INJECTED_LINK = RuleInfo(
    "link.injected", "A word of the article turned into a link to another site that carries spam signals",
    "injected-link", Severity.HIGH, "unwrap-link",
)
META_REFRESH = RuleInfo(
    "redirect.meta-refresh", "<meta http-equiv=refresh> sending readers to another site",
    "redirect", Severity.HIGH, "remove-element",
)
SCRIPT_REDIRECT = RuleInfo(
    "script.redirect", "A script that sends readers to another site or writes a frame into the page",
    "redirect", Severity.HIGH, "remove-element",
)
HIDDEN_IFRAME = RuleInfo(
    "iframe.hidden", "A frame readers cannot see (0-1 px or hidden by style) that loads another site",
    "redirect", Severity.HIGH, "remove-element",
)
SPAM_FRAME = RuleInfo(
    "iframe.spam-site", "A frame showing a betting site inside the article",
    "redirect", Severity.HIGH, "remove-element",
)
HEAD_ADDRESS = RuleInfo(
    "head.spam-address", "A <base>, canonical, AMP or language-alternate address that hands the page's links or its "
    "search-engine identity to a betting site", "redirect", Severity.HIGH, "remove-element",
)
#: ``<link rel>`` values that tell crawlers where the page (or a version of it) lives.
_ADDRESS_RELS = frozenset(("canonical", "amphtml", "alternate"))

#: Elements that show another page inside this one.
_FRAMES = frozenset(("iframe", "embed", "object"))
_SPAM_URL = BETTING_URL
#: Two of these in an address are a betting site naming itself loudly (judi-bola-online88.com).
_SHOUTING_URL = BETTING_URL | {"url-promotion-term"}
#: A visible link to a pharmacy or a lender may be honest reporting; a script that sends visitors there or writes
#: such links into the page is not.
_SPAM_SCRIPT_URL = SELLING_URL
#: Seconds a refresh to another site waits from which a page announcing the move may be what it says.
ANNOUNCED_DELAY = 3
_REFRESH_DELAY = regex.compile(r"\s*(\d+(?:\.\d+)?)")
_REFRESH_URL = regex.compile(r"url\s*=\s*['\"]?([^'\"\s;]+)", regex.I)
# ``location`` also as ``window["location"]`` (after ``_readable`` joined "loc"+"ation").
_SETS_LOCATION = regex.compile(
    r"""\blocation['"]?\]?(?:\.href|\[['"]href['"]\])?\s*=(?!=)|\blocation['"]?\]?\.(?:replace|assign)\s*\(|window\.open\s*\(""")
# ``window[k] = …`` or ``window[k].href = …`` where ``k`` is looked up (``var _0x1=["\x6c\x6f…"]``): a redirect
# when "location" is among the script's decoded strings.
_INDIRECT_ASSIGNMENT = regex.compile(
    r"""\b(?:window|self|top|document)\[(?:[^\[\]]|\[[^\[\]]*\]){1,60}\](?:\.href|\[['"]href['"]\])?\s*=(?!=)""")
_WRITES_FRAME = regex.compile(r"document\.write(?:ln)?\s*\([^)]*<\s*(?:iframe|meta)|createElement\s*\(\s*['\"]iframe['\"]", regex.I)
# A script that writes markup whose links only show once its encoded strings are decoded.
_WRITES_MARKUP = regex.compile(r"document\.write(?:ln)?\s*\(|\.innerHTML\s*\+?=|insertAdjacentHTML\s*\(", regex.I)
_WRITTEN_LINK = regex.compile(r"<\s*a\s[^>]*href\s*=", regex.I)
#: A style attribute in markup a script writes (quotes escaped or not).
_WRITTEN_STYLE = regex.compile(r"""style\s*=\s*\\?["']([^"'\\]*)""", regex.I)
_JOINED = regex.compile(r"""(['"])\s*\+\s*\1""")
_ENCODED = regex.compile(
    r"""\batob\s*\(\s*(['"])([A-Za-z0-9+/=\s]+)\1|\b(?:unescape|decodeURIComponent|decodeURI)\s*\(\s*(['"])([^'"]+)\3"""
    r"""|String\.fromCharCode\s*\(([\d\s,]+)\)|((?:\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4})+)""")
_LOADS_SCRIPT = regex.compile(r"document\.write(?:ln)?\s*\([^)]*<\s*script|createElement\s*\(\s*['\"]script['\"]", regex.I)
_CONDITION = regex.compile(r"document\.referrer|navigator\.userAgent|\b(?:googlebot|bingbot|yandex|baiduspider)\b", regex.I)
_OBFUSCATED = regex.compile(r"\batob\s*\(|String\.fromCharCode|\bunescape\s*\(|\beval\s*\(|\\x[0-9a-f]{2}", regex.I)
_DATA_ADDRESS = regex.compile(r"\s*data:[^,]*?(;base64)?,(.*)", regex.I | regex.S)
#: A JSON string that is a whole web address (in JSON-LD: ``url``, ``sameAs``).
_JSON_ADDRESS = regex.compile(r'"(https?:(?:\\?/){2}[^"\s\\]*(?:\\/[^"\s\\]*)*)"')
_NUMBER = regex.compile(r"\d{2,}")
#: ...written in a link text as a number of its own ("Council 4471", not "slot88").
_OWN_NUMBER = regex.compile(r"(?<![\p{L}\p{N}])\d{2,}(?![\p{L}\p{N}])")
_LETTERS = regex.compile(r"\p{L}{3,}")
_URL_LITERAL = regex.compile(r"""(?:https?:)?//[\w.-]+\.[a-z]{2,}[^\s'"<>)]*""", regex.I)
#: An address with this page's own path appended ("https://m.example.org" + location.pathname): the same page on
#: another host of the site, as a mobile or regional version is, not another site.
_MIRRORED = regex.compile(
    r"""(["'])((?:https?:)?//[^"'\s]+)\1\s*\+\s*(?:(?:window|document|self|top)\.)?location\.pathname""", regex.I)
_TINY = regex.compile(r"^\s*[01](?:px)?\s*$")
_WORD = regex.compile(r"[\p{L}\p{N}]+")
#: Words of an article an injection turns into a link ("company", "aulas práticas"); an honest link to a pharmacy
#: or a lender describes where it leads in more ("available without a prescription from pharmacies").
ARTICLE_WORDS = 3
#: Words at least, and share of its characters a rule's finding covers, of a link text that is a keyword phrase.
KEYWORD_WORDS = 2
KEYWORD_SHARE = 0.6
#: Words at least of a link text that is a story's headline.
HEADLINE_WORDS = 6


class InjectedLinks:
    """Links to other sites whose address, title or surroundings carry spam signals."""

    rules = (INJECTED_LINK,)
    # A spam phrase in the link's own title attribute (a rule's finding) is enough: run whenever anything fired.
    triggers_cover_findings = False

    def __init__(self, vocabulary: Vocabulary | None = None) -> None:
        self.vocabulary = vocabulary or load_vocabulary()

    def may_report(self, context: Context) -> bool:
        """Triggers: a visible off-site link whose address, title or text carries vocabulary or whose host is named
        for spam goods, or a JSON-LD address with spam signals."""
        site = PageSite.of(context.extraction)
        if any(True for _ in self._structured_addresses(context, site)):
            return True
        for link in context.extraction.links:
            if link.element.hidden or not site.is_offsite(link.href):
                continue
            if (self.vocabulary.url_signals(destination(link.href)) or self.vocabulary.signals_of(link.element.attrs.get("title", ""))
                    or self.vocabulary.signals_of(link.text) or self.vocabulary.shop_host(host_of(link.href))):
                return True
        return False

    def detect(self, context: Context, findings: Sequence[Finding]) -> Iterable[Finding]:
        site = PageSite.of(context.extraction)
        known = list(findings)  # with this detector's strong findings so far: a run of spam links carries itself on
        for link in context.extraction.links:
            if link.element.hidden or not site.is_offsite(link.href):
                continue
            finding = self._judge(context, link, known)
            if finding is not None:
                if finding.severity >= Severity.HIGH:
                    known.append(finding)
                yield finding
        view = context.extraction.view("links")
        for start, end, signals in self._structured_addresses(context, site):
            lo, hi = view.index_at(start), view.index_at(end)
            yield context.text_finding(
                replace(INJECTED_LINK, action="remove"), "links", lo, hi, severity=Severity.HIGH, confidence=0.85,
                signals=("structured-data", *signals),
                message="Address of a site with spam signals among the profiles the page's JSON-LD claims")

    def _structured_addresses(self, context: Context, site: PageSite) -> Iterable[tuple[int, int, list[str]]]:
        """Off-site addresses in the page's JSON-LD (``sameAs``: the profiles a site names as its own) whose
        address carries betting words or a brand token, as source spans with their signals."""
        for start, end in context.structured_data:
            for match in _JSON_ADDRESS.finditer(context.source, start, end):
                url = match.group(1).replace("\\/", "/")
                signals = self.vocabulary.url_signals(destination(url))
                if site.is_offsite(url) and signals & _SPAM_URL:
                    yield match.start(1), match.end(1), sorted(signals)

    def _judge(self, context: Context, link: Link, findings: Sequence[Finding]) -> Finding | None:
        """The finding on one visible off-site link, if its address, title, text or surroundings call for one."""
        url = self.vocabulary.url_signals(destination(link.href))
        title = {f"title-{s}" for s in self.vocabulary.signals_of(link.element.attrs.get("title", ""))}
        anchor = {f"anchor-{s}" for s in self.vocabulary.signals_of(link.text)}
        nearby = [f for f in findings if abs(f.start - link.element.start) < 200 and f.scope != "links"
                  and not link.element.start <= f.start < link.element.end]
        near = {f"near:{f.rule_id}" for f in nearby}
        names_site = _anchor_names_site(link)
        own = {f"attribute:{f.rule_id}" for f in findings if f.scope == "attributes" and f.severity >= Severity.HIGH
               and link.element.start <= f.start < link.element.open_end}
        signals = sorted(url | title | anchor | near | own)
        spam_address = bool(url & _SPAM_URL)
        spam_words = bool({"title-betting-term", "title-brand-token", "anchor-brand-token"} & (title | anchor))
        # a keyword anchor ("nhà cái uy tín", "bắn cá đổi thưởng"): an honest citation names the site, it does not
        # praise it or string betting words together
        keyword_anchor = {"anchor-betting-term", "anchor-promotion-term"} <= anchor or \
            {"anchor-brand-token", "anchor-promotion-term"} <= anchor or \
            len(self.vocabulary.betting_regex.findall(fold_string(link.text))) >= 2
        if "sponsored" in link.element.attrs.get("rel", "").lower().split():
            # a declared advertisement: injected links want to pass rank, and rel=sponsored passes none; but an
            # article's own word ("venues say <a>entertainment</a> spending rose") linked to a betting site is the
            # injection's whatever it declares: an advertiser's link names the sponsor or what it offers
            if spam_address and not names_site and not anchor and not title \
                    and len(_WORD.findall(link.text)) <= ARTICLE_WORDS and _within_sentence(context.source, link):
                return self._finding(context, link, Severity.HIGH, 0.85,
                                     signals + ["rel-sponsored", "anchor-unrelated-to-address"],
                                     "Article word linked to a site whose address carries spam signals "
                                     "(declared sponsored, but naming neither the sponsor nor its offer)")
            if spam_address or spam_words or keyword_anchor or own:
                return self._finding(context, link, Severity.MEDIUM, 0.4, signals + ["rel-sponsored"],
                                     "Sponsored link to a site with spam signals (declared as an advertisement)",
                                     action="report")
        elif spam_address and not names_site and (keyword_anchor or "anchor-betting-term" in anchor) \
                and not _within_sentence(context.source, link):
            # outside a sentence, the anchor text came with the link, and so did a separator before it at a line's end
            finding = self._finding(context, link, Severity.HIGH, 0.9, signals,
                                    "Betting keywords added as the anchor of a link to a betting site",
                                    action="remove-element")
            return replace(finding, ranges=(with_separator(context.source, link.element),))
        elif own:
            return self._finding(context, link, Severity.HIGH, 0.9, signals,
                                 "Link whose own title attribute is a spam phrase")
        elif _keyword_link(context, link, findings):
            finding = self._finding(context, link, Severity.HIGH, 0.85, signals + ["anchor-rule-phrase", "anchor-in-host"],
                                    "A spam phrase linked to a site named after it, put into a sentence",
                                    action="remove-element")  # the phrase came with the link
            return replace(finding, ranges=(with_separator(context.source, link.element),))
        elif "url-goods-term" in url and any(f.severity >= Severity.HIGH for f in nearby) and not names_site:
            return self._finding(context, link, Severity.HIGH, 0.85, signals,
                                 "Link to a site selling spam goods (a pharmacy, loans) among spam")
        elif spam_address and not names_site:
            return self._finding(context, link, Severity.HIGH, 0.9, signals + ["anchor-unrelated-to-address"],
                                 "Article word linked to a site whose address carries spam signals")
        elif not names_site and self.vocabulary.shop_host(host_of(link.href)) \
                and "goods-term" in self.vocabulary.signals_of(link.text, goods=True) \
                and not context.quoted_by(link.element.start) \
                and not any(QUOTED in f.signals for f in findings if abs(f.start - link.element.start) < 200):
            # "pinjaman online cair cepat" to quickcash-payday: the shop's goods as the anchor, not its name
            finding = self._finding(context, link, Severity.HIGH, 0.85, signals + ["anchor-goods-term", "shop-host"],
                                    "Spam goods as the anchor of a link to a shop named for them",
                                    action="remove-element")
            return replace(finding, ranges=(with_separator(context.source, link.element),))
        elif self._shop_address(link.href) and not anchor and not title \
                and not names_site and len(_WORD.findall(link.text)) <= ARTICLE_WORDS \
                and _within_sentence(context.source, link, after_comma=True) and not _anchor_in_address(link):
            # an honest link to a pharmacy or a lender names what it leads to ("Viagra Connect", "the lender's
            # terms"); an article's own word ("exhibition", "company") linked to a shop of pills, replicas or cracks
            # is the injection's
            return self._finding(context, link, Severity.HIGH, 0.85, signals + ["anchor-unrelated-to-address"],
                                 "Article word linked to a site whose address sells spam goods")
        elif spam_address and keyword_anchor:
            finding = self._finding(context, link, Severity.HIGH, 0.85, signals,
                                    "Betting keywords as the anchor of a link to a betting site",
                                    action="remove-element")  # the anchor text is the advertisement too
            return replace(finding, ranges=(with_separator(context.source, link.element),))
        elif (spam_address or spam_words) and (title or (near and not names_site)):
            return self._finding(context, link, Severity.HIGH, 0.85, signals,
                                 "Link to a spam site among spam terms")
        elif spam_address and any(f.severity >= Severity.HIGH and f.action != "report" for f in nearby) \
                and not _within_sentence(context.source, link):
            # a betting site named by its own keywords ("cá cược bóng đá" for cacuocbongda247.club) beside removed spam
            # is the rest of the spam block, not a citation
            finding = self._finding(context, link, Severity.HIGH, 0.85, signals + ["beside-removed-spam"],
                                    "Link to a betting site beside removed spam", action="remove-element")
            return replace(finding, ranges=(with_separator(context.source, link.element),))
        elif spam_address or spam_words or (url and near):
            site_kind = "a site with betting signals" if spam_address or spam_words or url & _SPAM_URL \
                else "a site whose address names spam goods"
            if url & SELLING_URL and not self._cites_a_story(link) \
                    and (context.quoted_by(link.element.start) or any(QUOTED in f.signals for f in nearby)):
                return self._quoted_spam_link(context, link, signals, f"Link to {site_kind} inside quoted spam")
            return self._finding(context, link, Severity.MEDIUM, 0.5, signals,
                                 f"Link to {site_kind} (can be honest in reporting about it)", action="report")
        elif any(QUOTED in f.signals and link.element.start <= f.start < link.element.end for f in findings) \
                and not self._cites_a_story(link):
            return self._quoted_spam_link(context, link, signals, "Link whose words are quoted spam")
        return None

    def _quoted_spam_link(self, context: Context, link: Link, signals: list[str], what: str) -> Finding:
        """Spam a page quotes, names or warns against is left to read (reported), but a live link in it still passes
        rank to the spam site, which is what an injection shaped like a quotation wants: the link goes, its words
        stay."""
        return self._finding(context, link, Severity.MEDIUM, 0.5, signals + ["in-quoted-spam"],
                             f"{what}: the words stay, the link goes")

    def _cites_a_story(self, link: Link) -> bool:
        """Whether a link is a headline of ``HEADLINE_WORDS`` words or more to a site whose name carries no spam
        vocabulary: a story about the spam, cited ("Police shut 'buy weed online' shops that shipped cannabis in pizza
        boxes" to a news site, whose address carries the story's words), not a link that passes rank to the spam."""
        return len(_WORD.findall(link.text)) >= HEADLINE_WORDS \
            and not self.vocabulary.spam_host(host_of(destination(link.href)))

    def _shop_address(self, href: str) -> bool:
        """Whether an address is a shop of spam goods: a host named for them ("tenis-replica-barato.example",
        "cheap-viagra-online.example", or built of two shop words: "cheap-rx-pills.example") or two of them in the
        address. A reference page about one ("wiki/Payday_loan")
        or a pharmacy's product page ("boots.com/viagra-connect-50mg") names one, in its path."""
        address = destination(href)
        return bool(self.vocabulary.url_goods(f"https://{host_of(address)}/")) or len(self.vocabulary.url_goods(address)) >= 2 \
            or self.vocabulary.shop_host(host_of(address))

    @staticmethod
    def _finding(context: Context, link: Link, severity: Severity, confidence: float, signals: list[str],
                 message: str, action: str = "unwrap-link") -> Finding:
        return context.element_finding(INJECTED_LINK, link.element, severity=severity, confidence=confidence,
                                       signals=tuple(signals), message=message, match=link.text or link.href,
                                       action=action)  # type: ignore[arg-type]


def _within_sentence(source: str, link: Link, after_comma: bool = False) -> bool:
    """Whether the link stands between two words of a sentence ("memblokir <a>situs judi</a> yang"): keywords
    there may be the article's own, linked by the injection; after a separator ("© 2025 City Hospital |
    <a>situs slot gacor</a>") they were added with the link. With ``after_comma``, a word and a comma may stand
    before it ("satu minggu terakhir ini, <a>Jakarta</a> polusinya"), but not a link and a comma (a list of
    links)."""
    before = source[max(0, link.element.start - 40):link.element.start].rstrip()
    if after_comma and before.endswith((",", ";")):
        before = before[:-1].rstrip()
    after = source[link.element.end:link.element.end + 40].lstrip()
    return bool(before) and (before[-1].isalnum() or before[-1] in "%)\"'”’") and bool(after) \
        and (after[0].isalnum() or after[0] in ",.;:!?\"'“‘(")  # "8% <a>on</a> Tuesday", "<a>but</a> \"reform\""


def _keyword_link(context: Context, link: Link, findings: Sequence[Finding]) -> bool:
    """Whether a link inside a sentence has for its text a phrase of ``KEYWORD_WORDS`` words or more that a rule names,
    if only weakly (``KEYWORD_SHARE`` of the text at least, not quoted), and leads to a site named after a word of it
    ("essay writing service" to essaywritingservice-pro.example, "hackers for hire" to spyphone-hackers.example): an
    exact-match keyword link. A citation links a firm's name or the source of a report, not the goods."""
    if link.element.close_start is None or len(_WORD.findall(link.text)) < KEYWORD_WORDS \
            or not _within_sentence(context.source, link):
        return False
    start, end = link.element.open_end, link.element.close_start
    named = [f for f in findings if f.start < end and start < f.end and any(s.startswith("rule:") for s in f.signals)]
    if not named or any(QUOTED in f.signals for f in named):
        return False
    covered = sum(min(end, f.end) - max(start, f.start) for f in named)
    if covered < KEYWORD_SHARE * (end - start):
        return False
    host = site_of(host_of(link.href) or "").split(".")[0].replace("-", "")
    words = [word for word in _WORD.findall(strip_marks(link.text.casefold())) if len(word) >= 5]
    return bool(host) and any(word in host for word in words)


def _anchor_names_site(link: Link) -> bool:
    """Whether the link text names the site it leads to ("bet365" for bet365.com, "Knights of Columbus Council
    4471" for kofc4471.org: the number the address carries, written as a number of its own): an honest citation."""
    host = host_of(link.href)
    if not host or not link.text:
        return False
    name = site_of(host).split(".")[0].replace("-", "")
    words = "".join(_WORD.findall(strip_marks(link.text.casefold())))
    numbers = _NUMBER.findall(host)
    return len(name) >= 3 and (name in words or words in name or _abbreviates(name, link.text)) and len(words) >= 3 or (
        bool(numbers) and set(numbers) <= set(_OWN_NUMBER.findall(link.text)) and bool(_LETTERS.search(link.text)))


def _anchor_in_address(link: Link) -> bool:
    """Whether a word of the link text (three letters or more) is written in the address it leads to."""
    address = strip_marks(fold_string(unquote(link.href)))
    return any(word in address for word in _WORD.findall(strip_marks(fold_string(link.text))) if len(word) >= 3)


def _abbreviates(name: str, text: str) -> bool:
    """Whether a site's name is its link text shortened ("vtlottery" for "Vermont Lottery", "nyctransit" for "New
    York City Transit"): letters of the text in order, from its first letter to its last word whole."""
    words = _WORD.findall(strip_marks(text.casefold()))
    if len(name) < 5 or len(words) < 2 or not name.isalpha() or name[0] != words[0][0] or not name.endswith(words[-1]):
        return False
    joined, position = "".join(words), 0
    for letter in name:
        position = joined.find(letter, position) + 1
        if not position:
            return False
    return True


class Redirects:
    """Meta refreshes, location-setting scripts and invisible frames that lead to other sites, and frames that show a
    betting site."""

    rules = (META_REFRESH, SCRIPT_REDIRECT, HIDDEN_IFRAME, SPAM_FRAME, HEAD_ADDRESS)
    triggers_cover_findings = True  # detect never reads the findings

    def __init__(self, vocabulary: Vocabulary | None = None) -> None:
        self.vocabulary = vocabulary or load_vocabulary()

    def may_report(self, context: Context) -> bool:
        """Triggers: ``http-equiv=refresh``; a script loaded from another site or whose body sets
        ``location``, opens a window or writes/creates a frame or script; an ``<iframe>`` from another site."""
        site = PageSite.of(context.extraction)
        for element in context.extraction.elements:
            if element.tag == "meta" and element.attrs.get("http-equiv", "").lower() == "refresh":
                return True
            if element.tag == "script":
                src = element.attrs.get("src", "")
                if src and site.is_offsite(src) and self.vocabulary.url_signals(src) & _SPAM_URL:
                    return True
                body = _readable(_script_source(context, element))
                if _sets_location(body) or _WRITES_FRAME.search(body) or _LOADS_SCRIPT.search(body) \
                        or (_WRITES_MARKUP.search(body) and _WRITTEN_LINK.search(body)):
                    return True
            if element.tag in _FRAMES and site.is_offsite(_frame_address(element)):
                return True
            if any(_handler_sets_location(name, value) for name, value in element.attrs.items()):
                return True
            if (address := _head_address(element)) and self.vocabulary.url_signals(address) & _SPAM_URL:
                return True
        return False

    def detect(self, context: Context, findings: Sequence[Finding]) -> Iterable[Finding]:
        site = PageSite.of(context.extraction)
        linked = PageSite.linked(context.extraction)
        for element in context.extraction.elements:
            if _head_address(element):
                yield from self._head_address(context, element, linked)
            if element.tag == "meta" and element.attrs.get("http-equiv", "").lower() == "refresh":
                yield from self._refresh(context, element, site)
            elif element.tag == "script":
                yield from self._script(context, element, site)
            elif element.tag in _FRAMES:
                yield from self._iframe(context, element, site)
            if any(name.startswith("on") for name in element.attrs):
                yield from self._handler(context, element, site)

    def _head_address(self, context: Context, element: Element, linked: PageSite) -> Iterable[Finding]:
        """A ``<base href>`` (every relative link of the page then leads there) or a canonical, AMP or
        language-alternate link (search engines then credit that site with the page) to a betting site that the
        page's own links do not go to, on a page that claims another site or does not write of betting. The
        page's declared address cannot tell: the injection rewrote it."""
        address = _head_address(element)
        signals = self.vocabulary.url_signals(address)
        host = host_of(address)
        if not signals & _SPAM_URL or host is None or not linked.is_offsite(address):
            return
        # the page claims another site too (its other head addresses, where its visible links go), or hides links
        # to this one: a casino resort's own canonical address names the casino, and nothing on the page
        # contradicts it; nor do its versions for other countries (regentbaycasino.ie beside regentbaycasino.co.uk)
        site = site_of(host)
        elements = context.extraction.elements
        # the page's other head addresses (its language versions) claim its own site, unless they carry spam too
        declared = declared_urls(elements) + [a for e in elements if (a := _head_address(e))
                                              and not self.vocabulary.url_signals(a) & _SPAM_URL]
        claimed = linked.sites | {site_of(h) for h in map(host_of, declared) if h}
        others = {other for other in claimed if _site_name(other) != _site_name(site)}
        hidden = any(link.element.hidden and (h := host_of(link.href)) and site_of(h) == site
                     for link in context.extraction.links)
        # nor can a page that never writes of betting be the own page of a site whose address shouts it (a
        # betting word with a brand or an offer: judi-bola-online88.com, casino-online-bonus-777.com)
        shouted = len(signals & _SHOUTING_URL) >= 2 and not self.vocabulary.betting_regex.search(context.folded("text").text)
        if others or hidden or shouted:
            what = "Base address" if element.tag == "base" else "Alternate address"
            yield context.element_finding(
                HEAD_ADDRESS, element, confidence=0.9, signals=(f"{element.tag}-address", *sorted(signals)),
                message=f"{what} pointing to a betting site: {address}")

    def _handler(self, context: Context, element: Element, site: PageSite) -> Iterable[Finding]:
        """An event handler (``onclick="window.location.href=atob('…')"``) that sends readers to an address with
        spam signals: the element goes with it (a link whose address is hidden from crawlers' link checks)."""
        for name, value in element.attrs.items():
            if not _handler_sets_location(name, value):
                continue
            targets = [u for u in _URL_LITERAL.findall(_readable(value)) if site.is_offsite(u)]
            signals = set().union(*(self.vocabulary.url_signals(u) for u in targets))
            if signals & _SPAM_SCRIPT_URL:
                yield context.element_finding(
                    SCRIPT_REDIRECT, element, severity=Severity.HIGH, confidence=0.9,
                    signals=(f"handler:{name}", "sets-location", *sorted(signals)),
                    message=f"An {name} handler that sends readers to a spam address: {targets[0]}")
                return

    def _refresh(self, context: Context, element: Element, site: PageSite) -> Iterable[Finding]:
        content = element.attrs.get("content", "")
        target = _REFRESH_URL.search(content)
        if target and site.is_offsite(target.group(1)):
            signals = ("refresh-offsite", *sorted(self.vocabulary.url_signals(target.group(1))))
            spam = bool(set(signals) & _SPAM_URL)
            if not spam and _announced(context, content, target.group(1)):
                yield context.element_finding(
                    META_REFRESH, element, severity=Severity.MEDIUM, confidence=0.3, action="report",
                    signals=(*signals, "announced"),
                    message=f"Meta refresh to another site that the page announces and links to: {target.group(1)}")
                return
            yield context.element_finding(
                META_REFRESH, element, severity=Severity.CRITICAL if spam else Severity.HIGH,
                confidence=0.95 if spam else 0.85, signals=signals,
                message=f"Meta refresh to another site: {target.group(1)}")

    def _script(self, context: Context, element: Element, site: PageSite) -> Iterable[Finding]:
        raw = _script_source(context, element)
        body = _readable(raw)
        src = element.attrs.get("src", "")
        if src and site.is_offsite(src) and self.vocabulary.url_signals(src) & _SPAM_URL:
            yield context.element_finding(SCRIPT_REDIRECT, element, severity=Severity.HIGH, confidence=0.85,
                                          signals=("script-src-offsite", *sorted(self.vocabulary.url_signals(src))),
                                          message=f"Script loaded from a spam address: {src}")
            return
        acts = [name for name, found in (("sets-location", _sets_location(body)), ("writes-frame", _WRITES_FRAME.search(body)),
                                              ("loads-script", _LOADS_SCRIPT.search(body)))
                if found]
        if _WRITES_MARKUP.search(body) and _WRITTEN_LINK.search(body):
            acts.append("writes-links")
            if any(hiding_reason(style.group(1)) for style in _WRITTEN_STYLE.finditer(body)):
                acts.append("hides-them")  # links written into a block no reader sees are for crawlers
        if not acts:
            return
        mirrors = {m.group(2) for m in _MIRRORED.finditer(body)}
        targets = [u for u in _URL_LITERAL.findall(body) if site.is_offsite(u) and (
            u not in mirrors or self.vocabulary.url_signals(u) & _SPAM_SCRIPT_URL)]
        signals = list(acts)
        if targets:
            signals.append("offsite-target")
            signals += sorted(set().union(*(self.vocabulary.url_signals(u) for u in targets)))
        if _CONDITION.search(body):
            signals.append("conditioned-on-visitor")
        if _OBFUSCATED.search(raw) or _JOINED.search(raw) or _DATA_ADDRESS.match(src):
            signals.append("obfuscated")
        weight = ("offsite-target" in signals) + ("conditioned-on-visitor" in signals) + ("obfuscated" in signals) \
            + ("hides-them" in signals) + 2 * bool(set(signals) & _SPAM_SCRIPT_URL)
        if weight >= 2 or ("writes-frame" in signals and weight >= 1):
            what = {("writes-links",): "writing links", ("writes-links", "hides-them"): "writing hidden links"}.get(
                tuple(acts), "redirecting visitors or writing a frame")
            yield context.element_finding(
                SCRIPT_REDIRECT, element, severity=Severity.CRITICAL if weight >= 3 else Severity.HIGH,
                confidence=min(0.99, 0.6 + 0.12 * weight), signals=tuple(signals),
                message=f"Script {what}" + (f" to {targets[0]}" if targets else ""))

    def _iframe(self, context: Context, element: Element, site: PageSite) -> Iterable[Finding]:
        src = _frame_address(element)
        if not site.is_offsite(src):
            return
        tiny = _TINY.match(element.attrs.get("width", "9")) or _TINY.match(element.attrs.get("height", "9"))
        invisible = "tiny-frame" if tiny else (f"hidden:{element.hidden}" if element.hidden_root else None)
        url = self.vocabulary.url_signals(src)
        if invisible is None:
            if url & _SPAM_URL:  # a casino's lobby shown in the middle of a council story
                yield context.element_finding(
                    SPAM_FRAME, element, confidence=0.85, signals=("visible-frame", *sorted(url)),
                    message=f"Frame showing a betting site in the page: {src}")
            return
        if _in_noscript(element) and not url & _SPAM_URL:
            return  # the tag-manager fallback frame every analytics set-up puts in <noscript>
        spam = bool(url & _SPAM_URL)
        yield context.element_finding(
            HIDDEN_IFRAME, element, severity=Severity.CRITICAL if spam else Severity.HIGH,
            confidence=0.95 if spam else 0.75, signals=(invisible, *sorted(url)),
            message=f"Invisible frame loading another site: {src}")


def _announced(context: Context, content: str, target: str) -> bool:
    """Whether a refresh waits ``ANNOUNCED_DELAY`` seconds or more and the page links to its target where readers
    see it ("We have moved to <a>…</a>. You will be taken there in 10 seconds"): a site that moved, not a hijack,
    which sends visitors on at once and does not say where."""
    delay = _REFRESH_DELAY.match(content)
    if delay is None or float(delay.group(1)) < ANNOUNCED_DELAY:
        return False
    host = host_of(target)
    return any(not link.element.hidden and host_of(link.href) == host for link in context.extraction.links)


def _frame_address(element: Element) -> str:
    """The page an ``<iframe>``, ``<embed>`` or ``<object>`` shows."""
    return element.attrs.get("data" if element.tag == "object" else "src", "")


def _site_name(site: str) -> str:
    """A site's name without its country or generic ending: "regentbaycasino" for regentbaycasino.co.uk."""
    return site.split(".")[0]


def _head_address(element: Element) -> str:
    """The address of a ``<base>`` or of a ``<link>`` naming where the page lives, or ""."""
    if element.tag == "base" or element.tag == "link" and _ADDRESS_RELS & set(element.attrs.get("rel", "").lower().split()):
        return element.attrs.get("href", "")
    return ""


def _handler_sets_location(name: str, value: str | None) -> bool:
    """Whether an attribute is an event handler whose code, decoded, sets ``location`` or opens a window."""
    return name.startswith("on") and bool(value) and _sets_location(_readable(value or ""))


def _sets_location(body: str) -> bool:
    """Whether a script (as ``_readable`` gives it) sets ``location``, directly or through a looked-up name."""
    return _SETS_LOCATION.search(body) is not None or (
        _INDIRECT_ASSIGNMENT.search(body) is not None and "location" in body)


def _script_source(context: Context, element: Element) -> str:
    """The source between a ``<script>``'s tags (to the end of the page when it is not closed), and the
    script its ``src`` carries when that is a ``data:`` address (a way to hide a script in one attribute)."""
    body = context.source[element.open_end:element.close_start if element.close_start is not None else element.end]
    data = _DATA_ADDRESS.match(element.attrs.get("src", ""))
    if data is None:
        return body
    try:
        carried = _from_base64(data.group(2)) if data.group(1) else unquote(data.group(2))
    except ValueError:
        carried = ""
    return body + "\n" + carried


def _from_base64(text: str) -> str:
    compact = "".join(text.split())
    return base64.b64decode(compact + "=" * (-len(compact) % 4)).decode("utf-8", "replace")


def _readable(script: str) -> str:
    """A script as it runs: split strings joined ("loc"+"ation"), and its encoded strings (``atob``,
    ``unescape``, ``String.fromCharCode``, ``\\x..`` escapes) decoded and appended, one per line."""
    joined = _JOINED.sub("", script)
    decoded = [text for match in _ENCODED.finditer(joined) if (text := _decode(match))]
    return "\n".join([joined, *decoded])


def _decode(match: regex.Match) -> str:
    base64_text, escaped, char_codes, hex_escapes = match.group(2), match.group(4), match.group(5), match.group(6)
    try:
        if base64_text is not None:
            return _from_base64(base64_text)
        if escaped is not None:
            return unquote(escaped)
        if char_codes is not None:
            return "".join(chr(int(code)) for code in char_codes.split(",") if code.strip())
        return hex_escapes.encode("ascii").decode("unicode_escape")
    except (binascii.Error, ValueError, OverflowError, UnicodeDecodeError):
        return ""


def _in_noscript(element: Element) -> bool:
    parent = element.parent
    while parent is not None:
        if parent.tag == "noscript":
            return True
        parent = parent.parent
    return False
