"""Detection: run the rule packs and the detectors over an extraction, then tidy the findings.

Detectors are the code half of detection (hidden markup, evasion, keyword
injections); each declares the ``RuleInfo`` of the findings it makes, so
reports describe them like any rule from a pack.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import replace
from typing import Callable, Iterable, Iterator, Protocol, Sequence

import regex

from ..extraction import Link, fold_string
from ..findings import Finding, RuleInfo, Severity
from ..rules import Rule, RuleSet
from .context import QUOTED, QUOTING_TAGS, Context
from .detectors.ranges import cut_out
from .detectors.vocabulary import load_vocabulary
from .detectors.web import PageSite, destination, host_of


class Detector(Protocol):
    """A check written in code. ``rules`` describes every rule id it can report.

    The fast path (``scanner.prefilter``) skips a document when nothing can fire on it.
    A detector takes part by declaring its triggers next to its code, in a method

        def may_report(self, context: Context) -> bool

    with this contract: when it returns False, ``detect(context, ())`` yields
    nothing. It must be conservative (True whenever in doubt) and cheap: it
    looks for the literals and patterns without which the detector's own
    conditions cannot hold (hiding CSS, an off-site link, ``http-equiv``
    refresh, ``location`` in a script, ``_`` or a betting word in the text,
    a non-Latin script, an invisible or look-alike character...). It only has
    to hold for an empty ``findings``: when any rule or detector may fire, the
    whole document goes through detection. A detector without ``may_report``
    is always run.

    A detector whose triggers hold whatever the findings (its ``detect`` yields
    nothing when ``may_report`` is False, for any ``findings``) says so with a
    class attribute ``triggers_cover_findings = True``; the fast path then
    skips it on documents where only other rules and detectors fire.
    """

    rules: tuple[RuleInfo, ...]

    def detect(self, context: Context, findings: Sequence[Finding]) -> Iterable[Finding]:
        """Findings for this document; ``findings`` are those of the rule packs and earlier detectors, for context."""


def run_rules(context: Context, ruleset: RuleSet, indexed: bool = True) -> list[Finding]:
    """Every match of every rule, in every scope it looks at.

    ``indexed`` finds where each rule can match with one pass over each scope
    (``RuleSet.index``); without it every rule scans every scope (the reference path).
    """
    findings: list[Finding] = []
    timed_out: set[int] = set()
    for number, rule, scope, starts in _rule_scopes(context, ruleset, indexed):
        if number in timed_out:
            continue
        folded = context.folded(scope)
        try:
            spans = rule.find(folded.text, starts=starts)
        except TimeoutError:
            context.warnings.append(f"rule {rule.id!r} timed out in scope {scope!r} and was skipped for this document")
            timed_out.add(number)
            continue
        notice = context.says_any(rule.reported_with) if spans and rule.reported_with else None
        for start, end in spans:
            text_start, text_end = folded.source_span(start, end)
            signals = (f"rule:{rule.id}", f"scope:{scope}")
            if notice and rule.severity >= Severity.HIGH:
                findings.append(context.text_finding(
                    replace(rule.info, action="report"), scope, text_start, text_end, severity=Severity.MEDIUM,
                    message=rule.message + f" (the page carries the notice {notice!r} of a licensed offer: reported, "
                                           "not removed)",
                    confidence=rule.confidence / 2, signals=signals + ("licensed-offer",)))
                continue
            quotation = _quotation_kind(context, scope, text_start, text_end) if rule.severity >= Severity.HIGH else None
            if quotation:
                findings.append(context.text_finding(
                    replace(rule.info, action="report"), scope, text_start, text_end, severity=Severity.MEDIUM,
                    message=rule.message + f" (inside {quotation}: quoted, not removed)",
                    confidence=rule.confidence / 2, signals=signals + (QUOTED,)))
                continue
            findings.append(context.text_finding(
                rule.info, scope, text_start, text_end, message=rule.message, confidence=rule.confidence,
                signals=signals,
            ))
    return _quoted_strings_as_reports(context, findings)


def _rule_scopes(context: Context, ruleset: RuleSet, indexed: bool) -> Iterator[tuple[int, Rule, str, list[int] | None]]:
    """(rule number, rule, scope, where it can start or None for anywhere) for each rule and scope to run, in rule
    order, each rule's scopes in its own order. Indexed, only the rules whose keywords occur in the scope."""
    texts = [scope for scope in ruleset.scopes if context.extraction.view(scope).text]
    if not indexed:
        for number, rule in enumerate(ruleset.rules):
            for scope in rule.scope:
                if scope in texts:
                    yield number, rule, scope, None
        return
    candidates = {scope: ruleset.index.candidates(context.folded(scope).text) for scope in texts}
    for number in sorted({number for found in candidates.values() for number in found}):
        rule = ruleset.rules[number]
        for scope in rule.scope:
            if scope in candidates and number in candidates[scope]:
                yield number, rule, scope, candidates[scope][number]


def _quoted_strings_as_reports(context: Context, findings: list[Finding]) -> list[Finding]:
    """Matches inside a quotation that holds only spam terms: a write-up quoting the injected string
    ("keyword chains such as “bet365 tiếng việt_đặt cược bet365_cách vào bet365”") is longer than a quoted
    slogan, but every word of it but one is a match, and it begins and ends with one. Reported, not removed."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for f in findings:
        spans.setdefault(f.scope, []).append((f.text_start, f.text_end))
    for scope_spans in spans.values():
        scope_spans.sort()
    out = []
    for finding in findings:
        if finding.action == "remove" and finding.severity >= Severity.HIGH and _quotes_only_matches(
                context.extraction.view(finding.scope).text, finding.text_start, finding.text_end, spans[finding.scope]):
            finding = replace(finding, severity=Severity.MEDIUM, action="report", confidence=finding.confidence / 2,
                              signals=finding.signals + (QUOTED,),
                              message=finding.message + " (inside quotation marks: quoted, not removed)")
        out.append(finding)
    return out


def _quotes_only_matches(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``text[start:end]`` lies in a quotation that starts and ends with a match (``spans``, sorted) and
    holds at most one word outside them."""
    quotation = _quotation(text, start, end)
    if quotation is None or _syntax_quotes(text, quotation[0] - 1):
        return False
    first, last = quotation
    inside = [(s, e) for s, e in spans[bisect_left(spans, (first, first)):bisect_right(spans, (last, last))]
              if e <= last]
    if not any(s == first for s, _ in inside) or not any(e == last for _, e in inside):
        return False
    uncovered = [m for m in _WORD.finditer(text, first, last)
                 if not any(s <= m.start() and m.end() <= e for s, e in inside)]
    return len(uncovered) <= 1


#: Opening typographic quotation marks and the marks that may close each (straight quotes are counted instead): the
#: low opening mark closes with a high one turned either way („…“ in German and Czech, „…” in Polish and Hungarian).
_QUOTES = {"\u201c": "\u201d", "\u201e": "\u201c\u201d", "\u00ab": "\u00bb", "\u2039": "\u203a", "\u300c": "\u300d",
           "\u300e": "\u300f", "\u2018": "\u2019", "\u201a": "\u2018\u2019"}
#: Straight single quotes that open and close a quotation: before a word and after one; an apostrophe (don't,
#: l'ADM, players') is neither. A Korean or Japanese particle may follow the closing one ('먹튀 없는 안전놀이터'라고).
_OPENING_SINGLE = regex.compile(r"(?<![\p{L}\p{N}])'(?=[\p{L}\p{N}])")
_CLOSING_SINGLE = regex.compile(
    r"(?<=[\p{L}\p{N}.,!?])'(?:(?![\p{L}\p{N}])|(?=[\p{Hangul}\p{Han}\p{Hiragana}\p{Katakana}]))")
#: Characters before a match in which a negation or a warning word warns against it ("Do not buy Viagra online …",
#: "Never buy cheap Cialis online", "Dokter Ingatkan Bahaya Obat Kuat Pria"): advice, which spam never gives. Only words and spaces may
#: stand between ("Don't miss out! Buy …" is spam).
NEGATION_REACH = 40
_NEGATION = regex.compile(
    r"(?<![\p{L}\p{N}])(?:do not|don['’]t|not to|never|avoid|beware of|dangers? of|risks? of|jangan|hindari|bahaya|"
    r"waspadai|không nên|đừng|tránh|chớ|cảnh báo|nguy hiểm)"
    r"(?:[ \t]+[\p{L}\p{N}'’]+){0,2}[ \t]+$", regex.I)
#: Sellers the text says offer the match, right before it ("Sites advertising that you can buy Ozempic online …",
#: "websites offering cheap Viagra"): the text reports the offer, which an advert makes in its own voice.
_OFFER_DESCRIBED = regex.compile(
    r"(?<![\p{L}\p{N}])(?:sites|websites|web sites|pages|shops|sellers|vendors|accounts|ads|adverts|advertisements|"
    r"listings|posts)(?:[ \t]+[\p{L}\p{N}'’]+){0,2}[ \t]+(?:advertising|offering|promising|claiming|selling|"
    r"that (?:advertise|offer|promise|claim|sell))(?:[ \t]+that)?(?:[ \t]+(?:you|users|customers|people|buyers)[ \t]+"
    r"(?:can|could|may))?[ \t]+$"
    # ...or that someone advertised or offered it, in the past tense of a report ("Część z nich reklamowała w
    # internecie chwilówki bez BIK"); an advert offers in the present and in the first person
    r"|(?<![\p{L}\p{N}])(?:advertised|offered|promised|touted|reklamował[aoiy]?|reklamowały|reklamowano|oferował[aoiy]?|"
    r"oferowały|oferowano|anunciaban?|ofrecían?|promocionaban?|anunciavam?|ofereciam?|pubblicizzavano|pubblicizzava|"
    r"offrivano|offriva|vantaient|vantait|proposaient|proposait|bewarben|warben|рекламировал[аио]?|предлагал[аио]?)"
    r"(?:[ \t]+[\p{L}\p{N}'’]+){0,3}[ \t]+$", regex.I)
#: ...or a negated list of what the writer will not do, the match in its second part ("Coinvale will never ask for
#: your seed phrase or offer to double your crypto"), or advice against what something offers, within
#: ``NEGATED_LIST_REACH`` characters.
NEGATED_LIST_REACH = 100
_NEGATED_LIST = regex.compile(
    r"(?<![\p{L}\p{N}])(?:do not|don['’]t|never|will not|won['’]t|does not|doesn['’]t|jangan|tidak pernah|"
    r"không bao giờ|tuyệt đối không|đừng)(?:[ \t]+[\p{L}\p{N}'’]+){1,8}[ \t]+(?:or|atau|hay|hoặc)"
    r"(?:[ \t]+[\p{L}\p{N}'’]+){0,2}[ \t]+$"
    # ...or advice against what something offers ("never reply to texts offering instant payday loans", "jangan pernah
    # klik situs yang menawarkan …", "không bao giờ bấm vào trang web mời chào …")
    r"|(?<![\p{L}\p{N}])(?:do not|don['’]t|never|jangan(?: pernah)?|không bao giờ|đừng)(?:[ \t]+[\p{L}\p{N}'’]+){1,6}[ \t]+"
    r"(?:offering|promising|selling|advertising|that (?:offer|offers|promise|promises|sell|sells)|yang menawarkan|"
    r"yang menjanjikan|menawarkan|mời chào|quảng cáo|hứa hẹn|rao bán)[ \t]+$"
    # ...or advice not to be lured by it ("Polisi mengimbau warga jangan tergiur pinjaman online cepat cair tanpa bi
    # checking", "don't be fooled by websites selling cheap Viagra"), with only words between
    r"|(?<![\p{L}\p{N}])(?:(?:do not|don['’]t)[ \t]+(?:be[ \t]+)?(?:fooled|tempted|lured)[ \t]+by|(?:do not|don['’]t)[ \t]+"
    r"fall[ \t]+for|jangan[ \t]+(?:mudah[ \t]+)?(?:tergiur|tertipu|terpancing|terbuai)|đừng[ \t]+(?:để[ \t]+)?(?:bị[ \t]+)?"
    r"(?:dụ dỗ|sập bẫy|mắc bẫy|ham|tin))(?:[ \t]+[\p{L}\p{N}'’]+){0,6}[ \t]+$", regex.I)
#: A warning earlier in the match's sentence ("Beware of phishing websites and fake accounts promising to double
#: your crypto", "How to tell a replica Rolex from the real thing"), within ``EXAMPLE_REACH`` characters.
_WARNING = regex.compile(
    r"(?<![\p{L}\p{N}])(?:beware of|watch out for|be wary of|be careful of|how to (?:tell|spot|identify|avoid|detect|"
    r"recogni[sz]e)|waspadai|waspada terhadap|cara (?:membedakan|mengenali|menghindari)|cách (?:phân biệt|nhận biết|tránh)|"
    r"hati-hati (?:dengan|terhadap)|cảnh giác với|coi chừng|đề phòng|warn(?:s|ed)? (?:that|against|about)|"
    r"memperingatkan|warnt vor|warnen(?: vor|,? dass)|vorsicht vor|mettent en garde contre|met en garde contre|"
    r"advierten? (?:sobre|contra|que)|alertam? (?:para|sobre|que))[^.!?\n]*$", regex.I)
#: What a report says was seized earlier in the match's sentence ("officers seized … counterfeit items, including fake
#: Louis Vuitton handbags, replica Rolex watches"), within ``EXAMPLE_REACH`` characters: goods an advert sells are
#: never seized in it.
_SEIZED = regex.compile(
    r"(?<![\p{L}\p{N}])(?:seize[sd]?|seizing|seizures? of|confiscated|impounded|disita|menyita|penyitaan|thu giữ|"
    r"tịch thu|beschlagnahmt|sichergestellt|saisi|saisies?|incautad[oa]s?|apreendid[oa]s?|sequestrat[oi])"
    r"(?![\p{L}\p{N}])[^.!?\n]*$", regex.I)
#: How a question a page asks its reader opens ("Can I buy Viagra online without seeing a doctor?", "Apakah aman
#: membeli obat kuat online?", "Có nên mua thuốc online không?"): an FAQ's, which an advert's hook ("Need cash
#: fast?", "Looking for cheap Viagra?") is not: that has no subject.
_QUESTION_OPENING = regex.compile(
    r"\s*(?:(?:can|could|should|may|is|are|do|does|will|where can|how can|how do|what|why|when) "
    r"(?:i|you|we|it|they|my|your|there|one|people|patients)|apakah|bisakah|bolehkah|bagaimana|mengapa|kenapa|"
    r"có nên|có thể|có được|tại sao|làm sao)(?![\p{L}\p{N}])", regex.I)
_SENTENCE_MARK = regex.compile(r"[.!?\n]")
_CLAUSE_END_BEFORE = regex.compile(r"[.!?\n]\s")
_CLAUSE_END_AFTER = regex.compile(r"[.!?](?:\s|$)|\n")
#: Characters before a match in which "such as", earlier in its sentence, introduces it as an example ("adverts
#: such as guaranteed approval no credit check payday loans", "kalimat seperti "slot gacor hari ini", …, atau
#: "deposit pulsa tanpa potongan, maxwin pasti cair"", "the keywords injected included buy viagra online, …"):
#: what a report cites, which an advert does not write.
EXAMPLE_REACH = 200
_EXAMPLE = regex.compile(
    r"(?<![\p{L}\p{N}])(?:such as|for example|for instance|e\.g\.|seperti|misalnya|contohnya|chẳng hạn như|"
    r"ví dụ như|như là|keywords?(?:[ \t]+\p{L}+){0,2}[ \t]+(?:included|include|were|are)|"
    r"kata kunci(?:[ \t]+\p{L}+){0,3}(?:[ \t]+(?:antara lain|adalah|meliputi)|:)|"
    r"từ khóa(?:[ \t]+\p{L}+){0,3}(?:[ \t]+(?:gồm|là)|:))"
    r"[^.!?\n]*$", regex.I)
#: Characters beside a match, in its sentence, in which a word naming an injection ("the slot gacor injection
#: campaign", "situs pemda disusupi judi online", "trang web bị chèn quảng cáo cờ bạc") tells that the text writes
#: about the spam: a security write-up's headline, a news report, a victim's comment ("scammed by one of these fake
#: pharmacy sites selling viagra without prescription"). Spam does not call itself spam. (The noun "scam" is not
#: among them: "không lừa đảo", "bukan penipuan", "not a scam" are what betting adverts promise.)
DESCRIPTION_REACH = 60
_DESCRIBED = regex.compile(
    r"(?<![\p{L}\p{N}])(?:injections?|injected|spam|spammers?|spammy|malware|defaced|seo poisoning|phishing|screenshot|"
    r"scammed|scammers|"
    r"tangkapan layar|ảnh chụp màn hình|"
    r"disusupi|disisipi|disisipkan|diretas|peretas|peretasan|bị chèn|chèn|mã độc|bị hack|tin tặc)(?![\p{L}\p{N}])",
    regex.I)
DESCRIBED_INJECTION = "a description of the injection"
QUOTATION_MARKS = "quotation marks"
CITED_STORY = "the headline of a story the page links to"
#: Framings that may link to the spam site: a write-up of the injection shows it, and a quotation's link is unwrapped
#: by the link detector while its words stay.
_LINKS_ALLOWED = frozenset((DESCRIBED_INJECTION, QUOTATION_MARKS, *QUOTING_TAGS.values()))
#: Longest quotation taken for a quoted phrase (a slogan, a headline), in characters.
MAX_QUOTATION = 120
#: Lines above a list item in which the line introducing the list is looked for.
LISTED_EXAMPLES = 8
_EXAMPLES_NAMED = regex.compile(
    r"(?<![\p{L}\p{N}])(?:examples?|such as|contoh|seperti|ví dụ|như)(?![\p{L}\p{N}])", regex.I)
#: Longest message a warning quotes whole after a colon ("the text read: "…""), in characters.
MAX_MESSAGE = 400
#: Most words a quotation may hold besides the match: a quoted slogan is little more than its spam words...
OTHER_WORDS = 4
#: ...or it is short ("slot gacor hari ini gampang maxwin"), in characters.
SLOGAN = 40
_WORD = regex.compile(r"[\p{L}\p{N}]+")
#: A word with its combining marks (Devanagari vowel signs are marks, not letters).
_MARKED_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")
#: Where a title's segment ends: the site's name after it ("… antes de firmar | Finanzas Claras").
_SEGMENT_END = regex.compile(r"\s+[|–—·»]\s+|\s+-\s+")


def _quotation_kind(context: Context, scope: str, start: int, end: int) -> str | None:
    """What quotes ``text[start:end]`` of a scope (see ``_framing``), unless its line also links to a spam site: a
    text that names, describes or warns against an offer does not send its readers to the seller ("Readers advertised
    that you can buy cialis online at <a href=…cheap-rx-pills…>"), nor makes the phrase itself a link to another site
    (`<q><a href=…>write my essay for me</a></q>`), except as the headline of a story it cites. A write-up of an
    injection may show a link beside the phrase, and a quotation's link is unwrapped by the link detector while its
    words stay."""
    kind = _framing(context, scope, start, end)
    if kind is None or kind == CITED_STORY:
        return kind
    link = _enclosing_link(context, scope, start, end)
    if link is not None and PageSite.of(context.extraction).is_offsite(link.href):
        return None  # the phrase is itself a link to another site: no text quotes or names an offer so
    if kind in _LINKS_ALLOWED or not _spam_link_on_line(context, scope, start, end):
        return kind
    return None


def _spam_link_on_line(context: Context, scope: str, start: int, end: int) -> bool:
    """Whether the line (paragraph, heading, list item) that holds the match links to another site named for spam:
    its host carries spam vocabulary or is built of shop words."""
    view = context.extraction.view(scope)
    line_start = view.text.rfind("\n", 0, start) + 1
    line_end = view.text.find("\n", end)
    low, high = view.source_span(line_start, len(view.text) if line_end < 0 else line_end)
    site = PageSite.of(context.extraction)
    vocabulary = load_vocabulary()
    for link in context.extraction.links:
        if low <= link.element.start < high and not link.element.hidden and site.is_offsite(link.href):
            if vocabulary.spam_host(host_of(destination(link.href))):
                return True
    return False


def _framing(context: Context, scope: str, start: int, end: int) -> str | None:
    """What quotes ``text[start:end]`` of a scope: quotation marks around it, or a quoting element (an article
    shows the spam e-mail or advertisement it writes about as a block quotation, a security write-up shows the
    injected string as code); None when nothing does."""
    text = context.extraction.view(scope).text
    if quoted(text, start, end) or _ends_in_quotation(text, start, end):
        return QUOTATION_MARKS
    if _DESCRIBED.search(_clause_around(text, start, end)):
        return DESCRIBED_INJECTION
    if _NEGATION.search(text, max(0, start - NEGATION_REACH), start) or \
            _NEGATED_LIST.search(text, max(0, start - NEGATED_LIST_REACH), start) or \
            _WARNING.search(text, max(0, start - EXAMPLE_REACH), start):
        return "a warning against it"
    if _OFFER_DESCRIBED.search(text, max(0, start - NEGATION_REACH), start) and not _linked(context, scope, start, end):
        return "a description of what sellers offer"
    if _own_tag(context, scope, start, end):
        return "the site's own tag for the topic"
    if _cited_story(context, scope, start, end):
        return CITED_STORY
    if _headline_topic(text, start, end):
        return "a headline that names the topic"
    if _SEIZED.search(text, max(0, start - EXAMPLE_REACH), start):
        return "a report of what was seized"
    if _asked(text, start, end):
        return "a question the page asks"
    if _EXAMPLE.search(text, max(0, start - EXAMPLE_REACH), start) or _listed_example(text, start):
        return "an example the text cites"
    if _named(text, start, end):
        return "a term the text names"
    if context.quotation_elements:
        return _quoting_element(context, scope, start, end)
    return None


#: Words of plain prose (no betting, promotion or goods word, no brand) that a block or inline quotation holds in
#: sentences of its own besides the match's, from which it quotes a person or a text and spam inserted there is
#: removed as usual, as in a quotation of more than ``OTHER_WORDS`` other words between quotation marks. A quoted
#: advert or scam message is spam around the match too ("ELON MUSK BITCOIN GIVEAWAY! Send 0.1 to 1 BTC …").
PROSE_WORDS = 20
_PROSE_QUOTATIONS = frozenset(("blockquote", "q"))
_SENTENCE = regex.compile(r"[^.!?。！？\n]+[.!?。！？]*")


def _quoting_element(context: Context, scope: str, start: int, end: int) -> str | None:
    """What quoting element holds ``text[start:end]`` of a scope (``Context.quoted_by``), unless it is a quotation
    of prose the match was inserted into (see ``PROSE_WORDS``)."""
    view = context.extraction.view(scope)
    quotation = context.quotation_at(view.source_span(start, end)[0])
    if quotation is None:
        return None
    element_start, element_end, tag = quotation
    low, high = view.index_at(element_start), view.index_at(element_end)
    if tag in _PROSE_QUOTATIONS and scope == "text" and _prose_beside(view.text, low, high, start, end) \
            and not _tells_of_a_message(view.text, max(low, _sentence_start(view.text, start)), start):
        return None
    return context.quoted_by(element_start)


#: Words with which a person quoted tells of the spam they were sent ("The text message said: …", "an email
#: promising cheap Viagra …"): the match is their account of it, not an advert.
_MESSAGE_TOLD = regex.compile(
    r"(?<![\p{L}\p{N}])(?:said|says|read|reads|wrote|message|messages|e-?mails?|sms|texts?|letters?|adverts?|ads?|"
    r"promising|promised|offering|offered|pesan|iklan|menawarkan|tin nhắn|quảng cáo|hứa hẹn|mời chào)(?![\p{L}\p{N}])",
    regex.I)


def _sentence_start(text: str, position: int, low: int = 0) -> int:
    """Where the sentence holding ``position`` starts: after the last sentence mark between ``low`` and
    ``position``, or 0 when there is none."""
    return max(text.rfind(mark, low, position) for mark in ".!?\n") + 1


def _tells_of_a_message(text: str, start: int, end: int) -> bool:
    """Whether the words before a match in its sentence introduce it as a message someone received: a colon, or a
    word of telling or of messages (``_MESSAGE_TOLD``)."""
    before = text[start:end]
    return ":" in before or _MESSAGE_TOLD.search(before) is not None


def _prose_beside(text: str, low: int, high: int, start: int, end: int) -> bool:
    """Whether ``text[low:high]`` holds two sentences or more that do not overlap ``text[start:end]``, with
    ``PROSE_WORDS`` words together and no spam vocabulary."""
    vocabulary = load_vocabulary()
    words, sentences = 0, 0
    for sentence in _SENTENCE.finditer(text, low, high):
        if sentence.start() < end and start < sentence.end() or not _WORD.search(sentence.group()):
            continue
        if vocabulary.signals_of(sentence.group(), goods=True):
            return False
        words += len(_WORD.findall(sentence.group()))
        sentences += 1
    return sentences >= 2 and words >= PROSE_WORDS


#: Words before a match, earlier in its sentence, that name it as a term ("advertised through so-called "mukti
#: verification" forums", "이른바 먹튀검증 사이트", "所谓的彩金"), and quotative endings after it, on the match or
#: the next word ("먹튀검증 커뮤니티라고 소개하는", "スーパーコピーと呼ばれる"): the text names the term, an advert
#: uses it.
_NAMING_BEFORE = regex.compile(
    r"(?:(?<![\p{L}\p{N}])(?:so-called|so called|known as|dubbed|yang disebut|được gọi là|còn gọi là|sogenannte[nrs]?|"
    r"cosiddett[aeio]|sedicent[ei]|los llamados|las llamadas|los denominados|las denominadas|os chamados|as chamadas|"
    r"soi-disant|prétendu[es]?|так называем\p{L}*|tzw\.|tak zwan\p{L}*|zogenaamde|så kallade|sözde|takzvan\p{L}*)"
    r"(?![\p{L}\p{N}])|이른바|소위|일명|所谓|所謂|いわゆる|तथाकथित|به اصطلاح|ما يسمى)[^.!?\n。！？]*$", regex.I)
_NAMING_AFTER = regex.compile(
    r"[\"'”’」』]?(?:\p{Hangul}{0,12}[ ]?\p{Hangul}{0,12}?(?:이?라고|이?라는|이?란)(?!\p{Hangul})|(?:と呼ばれ|という|と称))")


#: A link to the site's own tag, category or topic page: how a site files its articles ("buy MDMA online" as the tag of a
#: harm-reduction post that explains the phrase).
_TAG_PATH = regex.compile(r"/(?:tags?|category|categories|topics?|labels?|chuyen-muc|tu-khoa|kategori|etiket|schlagwort)/",
                          regex.I)


#: Words at least of a link's text that is the headline of a story the page cites.
CITED_WORDS = 6


def _enclosing_link(context: Context, scope: str, start: int, end: int) -> Link | None:
    """The link whose element holds ``text[start:end]`` of a scope, if any."""
    source_start, source_end = context.extraction.view(scope).source_span(start, end)
    return next((link for link in context.extraction.links
                 if link.element.start <= source_start and source_end <= link.element.end), None)


def _own_tag(context: Context, scope: str, start: int, end: int) -> bool:
    """Whether the match is the text of a link on the page's own site to a tag or category page (``rel="tag"`` or a
    tag path), or part of the headline of another of its articles (``CITED_WORDS`` words or more), and the article
    writes the same words outside its links: the site files its article under the topic, or points to its other
    stories on it ("ऑनलाइन सट्टा ऐप पर सरकार की कार्रवाई" among the related stories of a satta raid). An injected link
    leads to another site; keywords filed or linked under an article on something else are spam."""
    link = _enclosing_link(context, scope, start, end) if scope == "text" else None
    if link is None or PageSite.of(context.extraction).is_offsite(link.href):
        return False
    if "tag" in link.element.attrs.get("rel", "").lower().split() or _TAG_PATH.search(link.href):
        return _written_beside(context, link.text)
    text = context.extraction.view(scope).text
    return len(_WORD.findall(link.text)) >= CITED_WORDS and _written_beside(context, text[start:end])


def _cited_story(context: Context, scope: str, start: int, end: int) -> bool:
    """Whether the match is inside the text of a link of ``CITED_WORDS`` words or more, after its first word, and the
    link's other words and its site's name carry no spam vocabulary: a story the page cites ("See also: <a
    href=…bbc…>Why people who buy cialis online risk fake pills, study finds</a>"); a spam link opens with what it
    sells ("buy cialis online cheap fast discreet worldwide delivery")."""
    link = _enclosing_link(context, scope, start, end) if scope == "text" else None
    if link is None or not PageSite.of(context.extraction).is_offsite(link.href) \
            or len(_WORD.findall(link.text)) < CITED_WORDS:
        return False
    view = context.extraction.view(scope)
    low, high = view.index_at(link.element.open_end), view.index_at(link.element.close_start or link.element.end)
    vocabulary = load_vocabulary()
    return _WORD.search(view.text, low, start) is not None and not vocabulary.spam_host(host_of(destination(link.href))) \
        and not vocabulary.signals_of(view.text[low:start] + " " + view.text[end:high], goods=True)


def _written_beside(context: Context, words_of: str) -> bool:
    """Whether the page's text outside its links holds every word of four letters or more of ``words_of``: the
    article is about what a tag names ("online cricket ID" on cricket news)."""
    view = context.extraction.view("text")
    outside = fold_string(cut_out(view.text, sorted((view.index_at(link.element.start), view.index_at(link.element.end))
                                                    for link in context.extraction.links)))
    words = [word for word in _MARKED_WORD.findall(fold_string(words_of)) if len(word) >= 4]
    return bool(words) and all(
        regex.search(rf"(?<![\p{{L}}\p{{M}}\p{{N}}]){regex.escape(word)}(?![\p{{L}}\p{{M}}\p{{N}}])", outside) for word in words)


#: Longest heading line read as a headline, in characters, and fewest words after its colon or question mark.
HEADLINE = 160
HEADLINE_WORDS = 3
_HEADLINE_BREAK = regex.compile(r"[ \t]*(?::|\?|：|？)[ \t]+")


def _headline_topic(text: str, start: int, end: int) -> bool:
    """Whether the match opens a short line and a colon or a question mark follows it, then a few words of no spam
    vocabulary: a headline naming its topic ("Préstamos rápidos sin papeleo: qué revisar antes de firmar", "Viagra
    rezeptfrei? Was sich 2025 ändert"). An advert's headline goes on with its promises ("Buy Viagra Online: Cheap
    Prices, Fast Delivery")."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if text[line_start:start].strip() or line_end - line_start > HEADLINE:
        return False
    colon = _HEADLINE_BREAK.match(text, end)
    if colon is None:
        return False
    rest = text[colon.end():line_end]
    rest = _SEGMENT_END.split(rest)[0]
    return len(_WORD.findall(rest)) >= HEADLINE_WORDS and not load_vocabulary().signals_of(rest, goods=True)


def _linked(context: Context, scope: str, start: int, end: int) -> bool:
    """Whether the match is a link's text: a report names the offer, it does not link it to the seller (a keyword
    link put in after "advertised" is the injection's)."""
    return _enclosing_link(context, scope, start, end) is not None


def _named(text: str, start: int, end: int) -> bool:
    """Whether the text names the match as a term (see ``_NAMING_BEFORE``) within ``EXAMPLE_REACH`` characters."""
    return bool(_NAMING_BEFORE.search(text, max(0, start - EXAMPLE_REACH), start) or _NAMING_AFTER.match(text, end))


def _asked(text: str, start: int, end: int) -> bool:
    """Whether the match is inside a question the page asks (see ``_QUESTION_OPENING``) of at most
    ``MAX_QUOTATION`` characters."""
    window = max(0, start - MAX_QUOTATION)
    opening = _sentence_start(text, start, window)
    if opening == 0 and window > 0:
        return False  # a longer sentence
    closing = _SENTENCE_MARK.search(text, end, end + MAX_QUOTATION)
    return closing is not None and closing.group() == "?" and _QUESTION_OPENING.match(text, opening) is not None


def _ends_in_quotation(text: str, start: int, end: int) -> bool:
    """Whether the match runs into a quotation that opens inside it ("a welcome bonus of "100 free spins"", the
    writer quoting the offer's own words): the part after the opening mark is quoted."""
    for offset in range(end - 1, start, -1):
        mark = text[offset]
        if mark in _QUOTES or mark == '"' and text.count('"', text.rfind("\n", 0, offset) + 1, offset) % 2 == 0:
            return quoted(text, offset + 1, end)
    return False


def _clause_around(text: str, start: int, end: int) -> str:
    """The match with what stands beside it in its sentence, up to ``DESCRIPTION_REACH`` characters each side."""
    before = text[max(0, start - DESCRIPTION_REACH):start]
    after = text[end:end + DESCRIPTION_REACH]
    before = _CLAUSE_END_BEFORE.split(before)[-1]
    after = _CLAUSE_END_AFTER.split(after)[0]
    return f"{before} {after}"


def quoted(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is quoted: it lies inside a short quotation on its line that holds little else.

    Honest reporting quotes spam (websites that promise to let customers "buy Cialis online no
    prescription"); injected spam does not put its own keywords in quotation marks. Spam inserted into an
    article's quotation of a person ("Minta 100% welcome bonus tolong untuk terus dilatih") is not a
    quoted slogan: the quotation holds many other words, unless a colon introduces it as a message quoted
    whole. A quoted match is reported, not removed.
    """
    quotation = _quotation(text, start, end)
    if quotation is not None and _syntax_quotes(text, quotation[0] - 1):
        return False
    if quotation is None:
        message = _quotation(text, start, end, MAX_MESSAGE)
        return message is not None and _introduced_by_colon(text, message[0] - 1) \
            and not _syntax_quotes(text, message[0] - 1)  # "description: "…"" in a front matter is a value
    other = text[quotation[0]:start] + " " + text[end:quotation[1]]
    return (len(_WORD.findall(other)) <= OTHER_WORDS or quotation[1] - quotation[0] <= SLOGAN
            or _introduced_by_colon(text, quotation[0] - 1) or _whole_line(text, quotation))


def _syntax_quotes(text: str, opening: int) -> bool:
    """Whether the quotation mark at ``opening`` is YAML syntax, not a quotation: a value in the front matter a
    Markdown post opens with (``tags: ["…"]``). (A Markdown link's title is left a quotation: the sentence around
    the link would go with a spam title, and a link is not taken apart from its word yet.)"""
    if not text.startswith("---"):
        return False
    closing = text.find("\n---", 3)
    return closing == -1 or opening < closing


def _whole_line(text: str, quotation: tuple[int, int]) -> bool:
    """Whether the quotation is all of its line (a list of messages a warning shows, one quoted per item)."""
    line_start = text.rfind("\n", 0, quotation[0]) + 1
    line_end = text.find("\n", quotation[1])
    before = text[line_start:quotation[0] - 1]
    after = text[quotation[1] + 1:len(text) if line_end < 0 else line_end]
    return not before.strip() and not after.strip(" \t.,;")


def _listed_example(text: str, start: int) -> bool:
    """Whether the match is in a short line of a list that a line naming examples introduces ("Examples of
    messages reported to us:", "Berikut contoh pesan yang kerap diterima warga:", "… với nội dung như:"), within
    ``LISTED_EXAMPLES`` lines above it: each item is a message the page shows, not one it sends."""
    line_start = text.rfind("\n", 0, start) + 1
    lines = text[max(0, line_start - LISTED_EXAMPLES * 200):line_start].split("\n")[-LISTED_EXAMPLES - 1:]
    for line in reversed(lines):
        if line.rstrip().endswith(":"):
            return _EXAMPLES_NAMED.search(line) is not None
    return False


def _introduced_by_colon(text: str, opening: int) -> bool:
    """Whether the quotation mark at ``opening`` follows a colon: a message quoted word for word ("the text
    read: "APPROVED! Get $5,000 cash in 10 minutes, no credit check …"", "berbunyi: "Pinjaman cair 5 menit …""),
    which a warning about scams shows whole; spam put into a person's words does not add the colon."""
    return text[max(0, opening - 20):opening].rstrip().endswith(":")


def _quotation(text: str, start: int, end: int, longest: int = 0) -> tuple[int, int] | None:
    """The span inside the innermost quotation marks around ``text[start:end]``, on its line and at most
    ``longest`` (``MAX_QUOTATION``) long; None when it is not inside one. Innermost: a spokesman's words may quote a
    search term ("Fans searching for 'nfl live stream free' find…"), which is the quotation of the match."""
    longest = longest or MAX_QUOTATION
    line_start = text.rfind("\n", 0, start) + 1
    window_start = max(line_start, start - longest)
    found: list[tuple[int, int] | None] = []
    opened = text.rfind('"', window_start, start)
    if opened != -1 and text.count('"', line_start, start) % 2:
        found.append(_closed(text, '"', opened, end, longest))
    opening = [m.start() for m in _OPENING_SINGLE.finditer(text, window_start, start + 1)]
    if opening and _CLOSING_SINGLE.search(text, opening[-1], start) is None:
        after = _CLOSING_SINGLE.search(text, end, min(len(text), opening[-1] + longest))
        if after is not None and "\n" not in text[end:after.start()]:
            found.append((opening[-1] + 1, after.start()))
    for offset in range(start - 1, window_start - 1, -1):
        closing = _QUOTES.get(text[offset])
        if closing is not None and not any(mark in text[offset + 1:start] for mark in closing):
            found.append(_closed(text, closing, offset, end, longest))
            break
    return max((span for span in found if span is not None), default=None)


def _closed(text: str, closing: str, opened: int, end: int, longest: int) -> tuple[int, int] | None:
    """The quotation from ``opened`` to the first of the ``closing`` marks after ``end``, if on the same line."""
    closes = [close for mark in closing if (close := text.find(mark, end, opened + longest)) != -1]
    close = min(closes, default=-1)
    return (opened + 1, close) if close != -1 and "\n" not in text[end:close] else None


def drop_contained(findings: list[Finding]) -> list[Finding]:
    """Drop a finding that lies inside another one at least as severe (the longer one, at the same level).

    The chain "bet365 tiếng việt_đặt cược bet365" is one injection, not one per
    brand name inside it; a hidden block is one finding, not one per word in it.
    """
    ordered = sorted(findings, key=lambda f: (-f.severity, -(f.end - f.start), f.start, f.rule_id))
    starts = sorted({f.start for f in findings})
    acting, reporting = _FurthestEnd(len(starts)), _FurthestEnd(len(starts))  # kept findings that act / only report
    kept: list[Finding] = []
    for finding in ordered:
        rank = bisect_right(starts, finding.start)  # kept findings starting at or before this one
        furthest = acting.up_to(rank)
        if finding.action == "report":
            furthest = max(furthest, reporting.up_to(rank))
        if furthest < finding.end:
            kept.append(finding)
            (reporting if finding.action == "report" else acting).add(rank, finding.end)
    return kept


class _FurthestEnd:
    """The furthest end among spans added so far whose start ranks at most ``rank`` (a Fenwick tree of maxima),
    so that whether a finding lies inside a kept one costs a logarithm, not a pass over all kept findings."""

    def __init__(self, size: int) -> None:
        self.tree = [-1] * (size + 1)

    def add(self, rank: int, end: int) -> None:
        while rank < len(self.tree):
            self.tree[rank] = max(self.tree[rank], end)
            rank += rank & -rank

    def up_to(self, rank: int) -> int:
        furthest = -1
        while rank > 0:
            furthest = max(furthest, self.tree[rank])
            rank -= rank & -rank
        return furthest


def with_fingerprints(findings: list[Finding]) -> list[Finding]:
    """Sorted by position, each with a fingerprint counting earlier identical matches."""
    seen: Counter[tuple[str, str]] = Counter()
    result = []
    for finding in sorted(findings, key=lambda f: (f.start, f.end, f.rule_id)):
        key = (finding.rule_id, " ".join(finding.match.split()).casefold())
        result.append(finding.with_fingerprint(seen[key]))
        seen[key] += 1
    return result


def detect(context: Context, ruleset: RuleSet, detectors: Sequence[Detector] = (), fast: bool = True,
           rule_findings: list[Finding] | None = None, allowed: Callable[[Finding], bool] | None = None,
           disabled: frozenset[str] = frozenset()) -> list[Finding]:
    """All findings of a document, without duplicates, in source order.

    ``rule_findings`` is ``run_rules``' result, if run already. On the ``fast`` path the rules run through
    their index, and a detector declaring ``triggers_cover_findings`` is skipped when its ``may_report``
    is False; without it, every rule scans every scope and every detector runs (the reference path).
    Findings the user ``allowed`` (an allowlist entry) are returned but are no evidence for the detectors: the
    bookmakers a club allowed in its partner list do not make the list's other links a link farm. Findings of the
    ``disabled`` detector rules are left out. Neither an allowed nor a left-out finding hides the findings inside it:
    with the advertisement sentences of ``injection.spam-text`` allowed or switched off, the rule match they were
    found around is still reported.
    """
    findings = list(rule_findings) if rule_findings is not None else run_rules(context, ruleset, indexed=fast)
    evidence = [f for f in findings if allowed is None or not allowed(f)]
    for detector in detectors:
        if fast and getattr(detector, "triggers_cover_findings", False) and not context.may_report(detector):
            continue
        found = list(_quoted_as_reports(context, detector.detect(context, tuple(evidence))))
        findings.extend(found)
        evidence.extend(f for f in found if allowed is None or not allowed(f))
    shown: list[Finding] = []
    hidden: list[Finding] = []
    for finding in findings:
        if finding.rule_id not in disabled:
            (hidden if allowed is not None and allowed(finding) else shown).append(finding)
    return with_fingerprints([*drop_contained(_without_matches_across_copies(shown)),
                              *drop_contained(_without_matches_across_copies(hidden))])


def _without_matches_across_copies(findings: list[Finding]) -> list[Finding]:
    """Without a rule match that runs from one copy of a repeated spam string over the article's words into the next
    ("slot88 login_link alternatif slot88_daftar slot88 sehingga membuat slot88": a chain pattern allows words
    between its terms, and here they are the article's "sehingga membuat"). The copies are findings of their own;
    the words between them stay."""
    strong = [f for f in findings if f.severity >= Severity.HIGH and f.action != "report" and f.end > f.start]
    copies = Counter(f.match for f in strong)
    spans = _outermost({(f.start, f.end) for f in strong if copies[f.match] > 1})
    if len(spans) < 2:
        return findings
    starts = [start for start, _ in spans]

    def across(finding: Finding) -> bool:
        """Whether the finding reaches into two copies with text between them."""
        reached = spans[bisect_left(starts, finding.start):bisect_left(starts, finding.end)]
        return any(second[0] > first[1] for first, second in zip(reached, reached[1:]))

    return [f for f in findings if not (f.action == "remove" and any(s.startswith("rule:") for s in f.signals)
                                        and across(f))]


def _outermost(spans: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans that lie inside no other, sorted (the copies of a spam string, not the brand names inside them)."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
        if not out or end > out[-1][1]:
            out.append((start, end))
    return out


def _quoted_as_reports(context: Context, found: Iterable[Finding]) -> Iterable[Finding]:
    """A detector's removable finding in the text of a quoting element is the page showing spam (a code sample in a
    security write-up): reported, like a rule match there, not removed. A copy of what the detector removes
    outside quotations is no quotation of it: an injection that replaced a word everywhere replaced it in the
    article's quotations too."""
    found = list(found)
    quotations = {id(f): _quoting_element(context, "text", f.text_start, f.text_end) for f in found
                  if f.scope == "text" and f.action == "remove" and f.severity >= Severity.HIGH}
    unquoted = {(f.rule_id, f.match.casefold()) for f in found if id(f) in quotations and quotations[id(f)] is None}
    for finding in found:
        quotation = quotations.get(id(finding))
        if quotation is None or (finding.rule_id, finding.match.casefold()) in unquoted:
            yield finding
            continue
        yield replace(finding, severity=Severity.MEDIUM, action="report", confidence=finding.confidence / 2,
                      signals=finding.signals + (QUOTED,), message=finding.message + f" (inside {quotation}: quoted, not removed)")
