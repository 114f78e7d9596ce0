"""A block of off-site links, most of them spam, goes whole with its heading."""

from __future__ import annotations

import pytest

from scanner import Document, Scanner

ARTICLE = ("<main><h1>Campus library extends opening hours</h1><p>From Monday the main library stays open until "
           "midnight during the examination period, the university announced. Students asked for the change in "
           "a survey last spring.</p></main>\n")
FARM = ('<div class="footer-resources"><h4>Useful resources</h4><ul>\n'
        '<li><a href="https://quickcash-approve.example/">payday loans online same day</a></li>\n'
        '<li><a href="https://quickcash-approve.example/bad-credit">bad credit installment loans guaranteed approval</a></li>\n'
        '<li><a href="https://nocheck-lenders.example/">no credit check loans direct lender</a></li>\n'
        '<li><a href="https://top10-casinos-nz.example/">best online casino nz 2025</a></li>\n'
        '<li><a href="https://top10-casinos-nz.example/no-deposit">no deposit bonus codes casino</a></li>\n'
        '<li><a href="https://titleloan-near.example/">car title loans near me</a></li>\n'
        '</ul></div>\n')
FOOTER = ('<footer><p>© 2025 Northfield University · 12 College Road, Northfield</p>\n'
          '<ul class="footer-links"><li><a href="/contact">Contact</a></li><li><a href="/privacy">Privacy</a></li>'
          '<li><a href="/jobs">Jobs</a></li></ul>\n{farm}</footer>\n')
PARTNERS = ('<div class="partners"><h4>Our partners</h4><ul>\n'
            '<li><a href="https://www.britishcouncil.example/">British Council</a></li>\n'
            '<li><a href="https://www.erasmus-plus.example/">Erasmus+ programme</a></li>\n'
            '<li><a href="https://www.national-archives.example/">National Archives</a></li>\n'
            '</ul></div>\n')


def page(farm: str) -> str:
    return ("<html><head><title>Campus library extends opening hours</title></head><body>" + ARTICLE
            + FOOTER.format(farm=farm) + "</body></html>")


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


def cleaned(scanner: Scanner, source: str) -> str:
    return scanner.clean(Document("page.html", source.encode()), restore="off").data.decode()


def test_a_footer_link_farm_goes_whole_with_its_heading_and_its_quiet_links(scanner: Scanner) -> None:
    result = scanner.scan(Document("page.html", page(FARM).encode()))
    assert "injection.link-farm" in {f.rule_id for f in result.findings}
    assert cleaned(scanner, page(FARM)) == page("")


def test_an_honest_list_of_partner_sites_and_the_site_menu_stay(scanner: Scanner) -> None:
    source = page(PARTNERS)
    assert scanner.scan(Document("page.html", source.encode())).findings == ()
    assert cleaned(scanner, source) == source


def test_spam_links_inside_a_paragraph_of_text_are_not_a_farm(scanner: Scanner) -> None:
    """A paragraph with much text of its own is not removed as a block; its spam links are handled one by one."""
    paragraph = ("<p>The library also lends laptops, and the student union runs a free advice desk on money matters "
                 "every Tuesday afternoon in the main hall, next to the café. "
                 '<a href="https://quickcash-approve.example/">payday loans online same day</a> '
                 '<a href="https://top10-casinos-nz.example/">best online casino nz 2025</a> '
                 '<a href="https://nocheck-lenders.example/">no credit check loans direct lender</a></p>\n')
    result = scanner.scan(Document("page.html", page(paragraph).encode()))
    assert "injection.link-farm" not in {f.rule_id for f in result.findings}
    assert "advice desk on money matters" in cleaned(scanner, page(paragraph))


PARTNER_COLUMN = ('<div class="footer-col"><h4>Mitra</h4><ul>\n'
                  '<li><a href="https://www.kemdikbud.example/">Kemdikbudristek</a></li>\n'
                  '<li><a href="https://pddikti.kemdikbud.example/">PDDikti</a></li>\n'
                  '<li><a href="https://www.banpt.example/">BAN-PT</a></li>\n'
                  '{spam}</ul></div>\n')


def test_spam_links_appended_to_an_honest_list_go_with_their_items_and_the_list_stays(scanner: Scanner) -> None:
    spam = ('<li><a href="https://gacorbos99.example/">slot gacor hari ini</a></li>\n'
            '<li><a href="https://togelpusat4d.example/">togel online resmi</a></li>\n'
            '<li><a href="https://bandarbola-kilat.example/">bandar bola terpercaya</a></li>\n')
    assert cleaned(scanner, page(PARTNER_COLUMN.format(spam=spam))) == page(PARTNER_COLUMN.format(spam=""))


def test_quiet_links_at_the_end_of_an_appended_run_go_with_it(scanner: Scanner) -> None:
    """"order modafinil" names nothing the vocabulary knows; it closes a run of pharmacy links appended to a list."""
    spam = ('<li><a href="https://medsdirect.example/viagra">buy viagra online</a></li>\n'
            '<li><a href="https://pillhaven-rx.example/tramadol">tramadol no prescription</a></li>\n'
            '<li><a href="https://smartpills.example/modafinil">order modafinil</a></li>\n')
    assert cleaned(scanner, page(PARTNER_COLUMN.format(spam=spam))) == page(PARTNER_COLUMN.format(spam=""))


def test_a_link_whose_anchor_strings_betting_words_to_a_betting_address_goes(scanner: Scanner) -> None:
    """"bắn cá đổi thưởng" (fish shooting for prizes) is no name of banca-doithuong68.win, though it spells it."""
    blogroll = ('<ul class="blogroll">\n<li><a href="https://sachhay.example/">Sách hay mỗi ngày</a></li>\n'
                '<li><a href="https://banca-doithuong68.example/">bắn cá đổi thưởng</a></li>\n'
                '<li><a href="https://dulichviet.example/">Du lịch Việt</a></li>\n</ul>\n')
    result = scanner.scan(Document("page.html", page(blogroll).encode()))
    assert result.verdict == "injected"
    assert cleaned(scanner, page(blogroll)) == page(blogroll.replace(
        '<li><a href="https://banca-doithuong68.example/">bắn cá đổi thưởng</a></li>\n', ""))


def test_a_line_of_links_repeating_few_sites_goes_whole_though_the_rules_name_some_anchors(scanner: Scanner) -> None:
    """A farm repeats three sites under many anchors, separated by ``&middot;``: the anchors no rule names lead to
    the sites the named ones lead to, and the entities between the links are no text of the block's own."""
    sites = ["https://followers-boost.example/", "https://likes-shop.example/", "https://fans-indo.example/"]
    anchors = ["followers instagram aktif permanen", "jasa tambah like tiktok", "followers indo real",
               "jual followers instagram", "beli followers ig murah", "followers instagram aktif permanen",
               "jasa tambah like tiktok", "followers indo real"]
    links = " &middot; ".join(f'<a href="{sites[i % 3]}">{anchor}</a>' for i, anchor in enumerate(anchors))
    farm = f'<div class="footer-partners">Partner: {links}</div>\n'
    assert cleaned(scanner, page(farm)) == page("")


def test_an_honest_line_of_partner_links_with_one_spam_link_keeps_the_others(scanner: Scanner) -> None:
    honest = [("https://www.britishcouncil.example/", "British Council"), ("https://www.erasmus-plus.example/", "Erasmus+"),
              ("https://www.national-archives.example/", "National Archives"), ("https://www.unesco.example/", "UNESCO")]
    links = " &middot; ".join(f'<a href="{href}">{text}</a>' for href, text in honest)
    spam = ' &middot; <a href="https://followers-boost.example/">jual followers instagram</a>'
    result = cleaned(scanner, page(f'<div class="partners">Partners: {links}{spam}</div>\n'))
    assert all(text in result for _, text in honest) and "followers" not in result


def test_a_farm_of_links_whose_anchors_a_rule_names_weakly_and_whose_addresses_name_the_goods_goes(
        scanner: Scanner) -> None:
    """Each link alone may be a citation (a mention to a site named for what it sells); a block of them is a farm."""
    farm = ('<div class="footer-resources"><h4>Partners</h4><ul>\n'
            '<li><a href="https://lovespell-guru.example/">love spell caster</a></li>\n'
            '<li><a href="https://vashikaran-astro.example/">vashikaran</a></li>\n'
            '<li><a href="https://lovespell-guru.example/ex-back">love spells</a></li>\n'
            '<li><a href="https://vashikaran-astro.example/contact">vashikaran specialist</a></li>\n'
            '</ul></div>\n')
    assert cleaned(scanner, page(farm)) == page("")
    one = ('<div class="footer-resources"><h4>Further reading</h4><ul>\n'
           '<li><a href="https://lovespell-guru.example/">love spell caster</a></li>\n'
           '<li><a href="https://www.national-archives.example/">National Archives</a></li>\n'
           '<li><a href="https://www.britishcouncil.example/">British Council</a></li>\n'
           '</ul></div>\n')
    assert cleaned(scanner, page(one)) == page(one)
