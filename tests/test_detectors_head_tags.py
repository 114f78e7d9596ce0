"""Head tags an injection adds next to the page's own go whole, not emptied."""

from __future__ import annotations

import pytest

from scanner import Document, Scanner

PAGE = ("<html><head><meta charset=\"utf-8\">\n{added}"
        "<title>Budget deficit to stay near half a trillion</title>\n"
        "<meta name=\"description\" content=\"Economists expect the deficit to stay close to half a trillion dollars.\">\n"
        "<meta property=\"og:url\" content=\"https://news.example.com/economy/deficit\">\n"
        "<link rel=\"canonical\" href=\"https://news.example.com/economy/deficit\">\n"
        "</head><body><nav><a href=\"https://news.example.com/\">Home</a> "
        "<a href=\"https://news.example.com/economy\">Economy</a></nav><article><h1>Budget deficit to stay near half a trillion</h1>"
        "<p>Economists surveyed this week expect the deficit to remain at close to half a trillion dollars, as "
        "spending on pensions and interest keeps rising faster than tax receipts.</p></article></body></html>")
ADDED = ("<meta name=\"description\" content=\"Best online casino UK 2025 \u2714 \u00a3500 bonus \u2714 200 free spins no "
         "deposit \u2714 fast withdrawal at Royal Vegas\">\n"
         "<meta name=\"keywords\" content=\"online casino, casino bonus, free spins no deposit, best betting sites\">\n"
         "<meta property=\"og:url\" content=\"https://royal-vegas-bonus.example/\">\n"
         "<link rel=\"canonical\" href=\"https://royal-vegas-bonus.example/uk/\">\n")


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


def cleaned(scanner: Scanner, source: str) -> str:
    return scanner.clean(Document("page.html", source.encode()), restore="off").data.decode()


def test_head_tags_added_before_the_page_own_go_whole(scanner: Scanner) -> None:
    """A second description with spam, keywords that are only spam, and the addresses of the spam's site."""
    source = PAGE.format(added=ADDED)
    rules = {f.rule_id for f in scanner.scan(Document("page.html", source.encode())).findings}
    assert "injection.added-head-tag" in rules
    assert cleaned(scanner, source) == PAGE.format(added="")


def test_a_page_own_description_with_spam_added_keeps_its_words(scanner: Scanner) -> None:
    source = PAGE.format(added="").replace("half a trillion dollars.\"", "half a trillion dollars. Best online casino "
                                           "UK 2025, \u00a3500 bonus and 200 free spins no deposit.\"")
    result = cleaned(scanner, source)
    assert "content=\"Economists expect the deficit to stay close to half a trillion dollars." in result
    assert "casino" not in result and result.count("<meta") == 3


def test_a_second_address_of_the_same_site_stays(scanner: Scanner) -> None:
    """Duplicate tags of the site's own (a theme and an SEO plugin both writing og:url) are not an injection."""
    source = PAGE.format(added="<meta property=\"og:url\" content=\"https://news.example.com/economy/deficit/\">\n")
    assert cleaned(scanner, source) == source


def test_json_ld_blocks_of_other_types_are_not_duplicates_of_one_with_spam(scanner: Scanner) -> None:
    """A page describes itself in a JSON-LD block per type (article, breadcrumbs, site): spam keywords added to
    the article's block are removed from it, key and all; the other blocks are no second copy of it and stay."""
    article = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
               '"headline": "Budget deficit to stay near half a trillion"%s}</script>\n')
    others = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "BreadcrumbList", '
              '"itemListElement": [{"@type": "ListItem", "position": 1, "name": "Economy", '
              '"item": "https://news.example.com/economy"}]}</script>\n'
              '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "WebSite", '
              '"url": "https://news.example.com"}</script>\n')
    spam = ', "keywords": "slot gacor, situs toto, togel online, link alternatif"'
    source = PAGE.format(added=article % spam + others)
    assert "added-head-tag" not in str([f.rule_id for f in scanner.scan(Document("page.html", source.encode())).findings])
    assert cleaned(scanner, source) == PAGE.format(added=article % "" + others)  # the added pair goes with its comma


@pytest.mark.parametrize("added", [
    '<base href="https://pusat-toto.example/">\n',
    '<link rel="amphtml" href="https://zeusgacor88.example/slot-gacor-hari-ini/">\n',
    '<link rel="alternate" hreflang="id" href="https://zeusgacor88.example/slot-gacor-hari-ini/">\n',
])
def test_a_head_address_handing_the_page_to_a_betting_site_goes(scanner: Scanner, added: str) -> None:
    """A <base> sends every relative link there; an AMP or language alternate tells search engines the page lives
    there. The page's own canonical address and links say otherwise."""
    source = PAGE.format(added=added)
    assert [f.rule_id for f in scanner.scan(Document("page.html", source.encode())).findings] == ["head.spam-address"]
    assert cleaned(scanner, source) == PAGE.format(added="")


BARE = ("<html><head><meta charset=\"utf-8\">\n{added}<title>Water board raises rates</title>\n</head><body>"
        "<nav><a href=\"/\">Home</a> <a href=\"/news/\">News</a></nav><article><p>The water board will raise "
        "rates by four percent from July to pay for new pipes in the old town.</p></article></body></html>")


OWN_VERSION = '<link rel="alternate" hreflang="en" href="https://water.example/news/rates">\n'


@pytest.mark.parametrize("own, added", [
    ("", '<base href="https://judi-bola-online88.com/">\n'),
    ("", '<link rel="canonical" href="https://casino-online-bonus-777.com/">\n'),
    (OWN_VERSION, '<link rel="alternate" hreflang="x-default" href="https://slot-gacor-maxwin88.vip/">\n'),
])
def test_a_head_address_to_a_betting_site_goes_from_a_page_that_names_no_other_site(scanner: Scanner, own: str,
                                                                                  added: str) -> None:
    """Blind probe 34: with only relative links and no address of its own, the page did not contradict the
    betting site; a page that never writes of betting is not that site's own, and its language versions are
    claims of its own site."""
    assert cleaned(scanner, BARE.format(added=own + added)) == BARE.format(added=own)


def test_a_casino_resorts_own_canonical_address_stays(scanner: Scanner) -> None:
    page = ('<html><head><link rel="canonical" href="https://harbourcasino.example/rooms"></head><body>'
            '<p>Rooms at the resort overlook the harbour.</p><a href="/dining">Dining</a></body></html>')
    assert cleaned(scanner, page) == page


def test_microdata_keywords_of_spam_go_whole(scanner: Scanner) -> None:
    tag = '<meta itemprop="keywords" content="situs toto, toto macau, togel online, bandar toto terpercaya, slot gacor">\n'
    assert cleaned(scanner, PAGE.format(added=tag)) == PAGE.format(added="")


def test_an_announced_move_to_another_site_is_reported_not_removed(scanner: Scanner) -> None:
    page = ('<html><head><meta http-equiv="refresh" content="10; url=https://www.orchids.example.org/"></head><body>'
            '<p>The society\'s website is now at <a href="https://www.orchids.example.org/">orchids.example.org</a>. '
            'You will be taken there in 10 seconds.</p></body></html>')
    result = scanner.scan(Document("page.html", page.encode()))
    assert [(f.rule_id, str(f.severity)) for f in result.findings] == [("redirect.meta-refresh", "medium")]
    assert cleaned(scanner, page) == page
    hijack = page.replace('content="10;', 'content="0;').replace('<a href="https://www.orchids.example.org/">orchids.example.org</a>', "our new site")
    assert "refresh" not in cleaned(scanner, hijack)


def test_a_description_rewritten_into_spam_is_not_said_to_be_added() -> None:
    """The page has one description and the injection rewrote it: it goes whole, and the report says why."""
    page = PAGE.replace("Economists expect the deficit to stay close to half a trillion dollars.",
                        "Buy tramadol online without prescription, cheap Xanax overnight delivery")
    result = Scanner().scan(Document("page.html", page.encode()))
    [finding] = [f for f in result.findings if f.rule_id == "injection.added-head-tag"]
    assert finding.message == "Head tag whose content is spam from end to end: removed whole"
