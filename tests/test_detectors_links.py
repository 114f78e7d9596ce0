"""Injected links, redirects and invisible frames: exact findings and exact cleaned output."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner import Document, Scanner

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "detectors"


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


def findings(scanner: Scanner, source: str) -> list[tuple[str, str, str]]:
    result = scanner.scan(Document("page.html", source.encode()))
    return [(f.rule_id, str(f.severity), source[f.start:f.end]) for f in result.findings]


def clean(scanner: Scanner, source: str) -> str:
    return scanner.clean(Document("page.html", source.encode()), restore="off").data.decode()


def remove(text: str, piece: str) -> str:
    """The text without ``piece``; a line holding nothing else goes with it."""
    lines = text.splitlines(keepends=True)
    kept = [line for line in lines if line.strip() != piece]
    return "".join(kept).replace(piece, "") if len(kept) == len(lines) else "".join(kept)


def test_fixture_positions_and_cleaning(scanner: Scanner) -> None:
    source = (FIXTURES / "links-redirects.html").read_text(encoding="utf-8")
    meta = '<meta http-equiv="refresh" content="5; url=https://gacor-maxwin77.example/daftar">'
    script = ('<script>if (document.referrer.indexOf("google") > -1) { window.location.href = '
              '"https://situs-bet88.example/"; }</script>')
    link = '<a href="https://slot-gacor-hoki99.example/">banjir</a>'
    frame = '<iframe src="https://hoki99.example/" width="1" height="1" frameborder="0"></iframe>'
    assert findings(scanner, source) == [
        ("redirect.meta-refresh", "critical", meta),
        ("script.redirect", "critical", script),
        ("link.injected", "high", link),
        ("iframe.hidden", "critical", frame),
    ]
    expected = remove(remove(remove(source, meta), script), frame).replace(link, "banjir")
    cleaned = clean(scanner, source)
    assert cleaned == expected
    assert clean(scanner, cleaned) == cleaned
    assert "googletagmanager.com/ns.html" in cleaned and "id.wikipedia.org" in cleaned


def test_link_whose_text_names_its_site_is_only_reported(scanner: Scanner) -> None:
    source = '<p>Odds from <a href="https://www.bet365.com/">bet365</a> favour the home side.</p>'
    result = scanner.scan(Document("page.html", source.encode()))
    assert [(f.rule_id, str(f.severity), f.action) for f in result.findings if f.rule_id == "link.injected"] == [
        ("link.injected", "medium", "report")]


def test_ordinary_links_and_same_site_refresh_are_not_findings(scanner: Scanner) -> None:
    source = ('<link rel="canonical" href="https://news.example.com/a">'
              '<meta http-equiv="refresh" content="300; url=https://news.example.com/a">'
              '<script>document.getElementById("x").onclick = function () { location.href = "/search"; };</script>'
              '<script>var name = "Caf\\u00e9"; document.write(\'<a href="/menu">\' + name + "</a>");</script>'
              '<p>Read the <a href="https://www.who.int/news">WHO statement</a> and '
              '<a href="https://news.example.com/b">our earlier report</a>.</p>')
    assert findings(scanner, source) == []


@pytest.mark.parametrize("script", [
    '<script>document.write(\'<iframe src="https://kubet-vn.example/" width="0" height="0"></iframe>\');</script>',
    '<script>if (/googlebot/i.test(navigator.userAgent)) {} else { location.replace("https://a.example/x"); }</script>',
    '<script>eval(atob("bG9jYXRpb24="));window.location="https://b.example/";</script>',
    # the target only shows once decoded; "loc"+"ation" hides the property
    '<script>var u=atob("aHR0cHM6Ly9zbG90LWNhc2luby5leGFtcGxlLw==");window["loc"+"ation"].replace(u);</script>',
    # markup with a link written from an escaped string
    '<script>document.write(unescape("%3Cdiv%20hidden%3E%3Ca%20href%3D%22https%3A//judi-slot.example/%22%3Eslot%3C/a%3E%3C/div%3E"));</script>',
    # plain links to a pharmacy, written in an off-screen box
    '<script>document.write(\'<div style="position:absolute;top:-999px"><a href="https://pills-rx.example/viagra">'
    'cheap pills</a></div>\');</script>',
    # links to an address with no spam word in it, written in a block no reader sees
    '<script>document.write(\'<div style="display:none"><a href="https://paper-help.example/">write my paper for me</a>'
    '</div>\');</script>',
    # the whole script in a data: address
    '<script src="data:text/javascript;base64,aWYoZG9jdW1lbnQucmVmZXJyZXIuaW5kZXhPZigiZ29vZ2xlIik+LTEpe3dpbmRvdy5sb2NhdGlvbi5yZXBsYWNlKCJodHRwczovL2Nhc2luby1ib251cy5leGFtcGxlL2xhbmRpbmciKX0="></script>',
    # the property looked up in an array and the address decoded: window[_0x1a[2]].href = atob(…)
    '<script>var _0x1a=["referrer","match","location"];(function(){if(document[_0x1a[0]][_0x1a[1]](/google/i))'
    '{window[_0x1a[2]].href=atob("aHR0cHM6Ly9rdWJldDg4LnZpcC8/cmVmPXNlbzE=");}})();</script>',
    # phones sent to a casino, the page's own path kept: a mirror address names no betting site
    '<script>if(/Android|iPhone/i.test(navigator.userAgent)){location.replace("https://kubet88.example"+location.pathname);}</script>',
])
def test_redirecting_scripts(scanner: Scanner, script: str) -> None:
    source = "<p>Tin thời tiết.</p>" + script
    assert [(r, text) for r, _, text in findings(scanner, source)] == [("script.redirect", script)]
    assert clean(scanner, source) == "<p>Tin thời tiết.</p>"


def test_a_redirect_of_phones_to_the_same_page_on_the_mobile_host_is_not_a_finding(scanner: Scanner) -> None:
    """The site's mobile version gets this page's own path; the page names no site of its own (relative links
    only), so only that path tells that the address is the site's."""
    source = ('<p>Tin thời tiết.</p><script>if(/Android|iPhone|iPod/i.test(navigator.userAgent)&&!/desktop=1/'
              '.test(document.cookie)){location.replace("https://m.wiki.example.org"+location.pathname);}</script>')
    assert findings(scanner, source) == []


def test_spam_addresses_among_the_profiles_of_json_ld_go_as_items_of_the_list(scanner: Scanner) -> None:
    """``sameAs`` names the profiles a site claims as its own; a betting site's address appended there goes with its
    comma, so the JSON stays valid and the site's own profiles stay."""
    head = ('<link rel="canonical" href="https://suarapagi.example/berita/1">'
            '<script type="application/ld+json">{"@type": "Organization", "url": "https://suarapagi.example", '
            '"sameAs": [%s]}</script>')
    own = '"https://www.facebook.com/SuaraPagi", "https://www.youtube.com/@SuaraPagi"'
    source = head % (own + ', "https://slot88-gacor.example/"') + "<p>Angka kemiskinan meningkat.</p>"
    assert findings(scanner, source)
    assert clean(scanner, source) == head % own + "<p>Angka kemiskinan meningkat.</p>"
    first = head % ('"https://kubet88.example/", ' + own) + "<p>Angka kemiskinan meningkat.</p>"
    assert clean(scanner, first) == head % own + "<p>Angka kemiskinan meningkat.</p>"


def test_a_partner_link_whose_text_writes_the_number_its_address_carries_stays(scanner: Scanner) -> None:
    """"kofc4471" looks like a brand token ("kubet88"), but "Council 4471" names it; a betting link that does
    not name its number still goes."""
    partner = '<a href="https://kofc4471.example.org/">Knights of Columbus Council 4471</a>'
    source = f"<footer><p>Our partners: {partner} and the parish food bank.</p></footer>"
    assert [severity for _, severity, _ in findings(scanner, source)] in ([], ["medium"])  # reported at most
    assert clean(scanner, source) == source
    spam = '<p>Read the <a href="https://kubet88.example/">latest</a> parish news.</p>'
    assert "kubet88" not in clean(scanner, spam)


def test_a_brand_in_a_link_text_is_no_number_naming_the_site(scanner: Scanner) -> None:
    """"slot88" carries the 88 of judi-slot88.top, but inside a brand, not as a number of its own: the link goes
    whole, not its address and one word."""
    link = '<a href="https://judi-slot88.example/">slot88 gacor</a>'
    source = f"<table><tr><td>Statistics</td><td>{link}</td><td>B12</td></tr></table>"
    assert clean(scanner, source) == source.replace(link, "")


def test_a_lotterys_own_links_stay(scanner: Scanner) -> None:
    """Its profiles on social networks carry its name ("statelotterycommission"), and a partner named by its
    link text shortened ("vtlottery" for "Vermont Lottery") is a citation."""
    page = ('<html><body><main><p>Winning numbers for Saturday, drawn at 8 pm.</p></main><footer><ul>'
            '<li><a href="https://x.com/statelotterycommission">X</a></li>'
            '<li><a href="https://www.youtube.com/@statelotterycommission">YouTube</a></li>'
            '<li><a href="https://www.vtlottery.com/">Vermont Lottery</a></li>'
            '<li><a href="https://www.211vt.org/">Vermont 211</a></li></ul></footer></body></html>')
    assert [f for f in findings(scanner, page) if f[1] in ("high", "critical")] == []
    assert clean(scanner, page) == page


def test_a_visible_frame_showing_a_betting_site_goes(scanner: Scanner) -> None:
    frame = '<iframe src="https://w88vn.example/lobby?ref=park" width="600" height="400"></iframe>'
    source = f"<p>The council approved the park.</p>\n{frame}\n<p>Work starts in spring.</p>"
    assert findings(scanner, source) == [("iframe.spam-site", "high", frame)]
    assert clean(scanner, source) == remove(source, frame)
    video = '<iframe src="https://www.youtube.com/embed/abc123" width="600" height="400"></iframe>'
    assert findings(scanner, source.replace(frame, video)) == []


def test_hidden_iframe_by_style(scanner: Scanner) -> None:
    frame = '<iframe src="https://other.example/p" style="visibility:hidden"></iframe>'
    source = "<p>A.</p>" + frame
    assert findings(scanner, source) == [("iframe.hidden", "high", frame)]


def test_share_buttons_carrying_the_page_address_are_not_injected_links(scanner: Scanner) -> None:
    """The page's own address and title ride in a share link's query; they say nothing about facebook.com."""
    page = ('<link rel="canonical" href="https://tin.example/xo-so-mien-bac-ket-qua-hom-nay">'
            '<p>Kết quả xổ số miền Bắc hôm nay.</p>'
            '<a href="https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Ftin.example%2Fxo-so-mien-bac">Chia sẻ</a> '
            '<a href="https://twitter.com/intent/tweet?text=Online+gambling+casino+bonus&url=https://tin.example/x">Tweet</a>')
    assert [f for f in findings(scanner, page) if f[0] == "link.injected"] == []


def test_a_spam_title_attribute_does_not_take_the_article_with_it(scanner: Scanner) -> None:
    article = ('<div class="article-body"><p>A new emergency wing has cut waiting times by a third.</p>'
               '<p>Better links with the <a href="https://meds.example/" title="buy viagra online">pharmacy</a> team.</p></div>')
    cleaned = clean(scanner, article)
    assert "buy viagra" not in cleaned
    assert "A new emergency wing has cut waiting times by a third." in cleaned and "with the pharmacy team." in cleaned


def test_a_link_whose_title_attribute_is_spam_is_unwrapped(scanner: Scanner) -> None:
    article = '<p>Better links with the {} team.</p>'
    link = '<a href="https://meds.example/" title="buy viagra online">pharmacy</a>'
    assert clean(scanner, article.format(link)) == article.format("pharmacy")


def test_a_link_to_a_loan_shop_among_spam_links_goes_but_a_reference_link_stays(scanner: Scanner) -> None:
    farm = ('<ul><li><a href="https://a.example/">no credit check loans</a></li>'
            '<li><a href="https://quickcash-payday.loans/instant">direct lender</a></li></ul>')
    assert "quickcash" not in clean(scanner, "<p>Related stories.</p>" + farm)
    honest = ('<p>Payday loans cost borrowers dearly, see the <a href="https://en.wikipedia.org/wiki/Payday_loan">'
              'encyclopedia entry</a> for their history.</p>')
    assert [f for f in findings(scanner, honest) if f[1] in ("high", "critical")] == []


def test_a_redirect_through_a_looked_up_property_name(scanner: Scanner) -> None:
    script = ('<script>var _0x1=["\\x6c\\x6f\\x63\\x61\\x74\\x69\\x6f\\x6e"];setTimeout(function(){window[_0x1[0]]='
              'atob("aHR0cHM6Ly9zbG90Z2Fjb3I4OC52aXAvP3JlZj1iZXJpdGE=");},1500);</script>')
    source = "<p>Berita hari ini.</p>" + script
    assert [rule for rule, _, _ in findings(scanner, source)] == ["script.redirect"]
    assert clean(scanner, source) == "<p>Berita hari ini.</p>"
    # a looked-up assignment that never names location is a script's own business
    assert findings(scanner, '<p>A.</p><script>var k=["theme"];window[k[0]]="dark";</script>') == []


def test_an_onclick_handler_sending_readers_to_a_casino_takes_its_link(scanner: Scanner) -> None:
    """The address is hidden from link checks in base64 inside an onclick handler."""
    link = ('<a href="#" onclick="window.location.href=atob(\'aHR0cHM6Ly9yb3lhbHNwaW4tY2FzaW5vLmJldC93ZWxjb21l\');'
            'return false;">Latest treatment news</a>')
    source = "<p>The clinic opens a new ward.</p><p>Related: {}</p>"
    assert [rule for rule, _, _ in findings(scanner, source.format(link))] == ["script.redirect"]
    assert clean(scanner, source.format(link)) == source.format("").replace(" </p>", "</p>")
    # a handler that navigates on the site itself is the site's own
    own = '<a href="#" onclick="window.location.href=\'/news/ward\'">Latest news</a>'
    assert findings(scanner, source.format(own)) == []


def test_a_link_declared_sponsored_is_reported_not_removed(scanner: Scanner) -> None:
    """rel=sponsored passes no rank, which is what an injected link is for: a declared advert stays."""
    source = ('<p>Today\'s best laptop deal: <a href="https://www.awin1.example/cread.php?awinmid=5707" '
              'rel="sponsored nofollow">Buy at the shop</a>.</p>')
    assert [(rule, severity) for rule, severity, _ in findings(scanner, source)] == [("link.injected", "medium")]
    assert clean(scanner, source) == source


def test_an_article_word_linked_to_a_casino_goes_even_when_declared_sponsored(scanner: Scanner) -> None:
    """rel=sponsored costs an injection nothing; an advertiser's link names the sponsor or its offer, an injected one
    takes a word of the sentence."""
    link = '<a href="https://luckyspin-casino.example/welcome" rel="sponsored">{}</a>'
    source = "<p>Local venues say {} spending rose this year.</p>"
    injected = source.format(link.format("entertainment"))
    assert [(rule, severity) for rule, severity, _ in findings(scanner, injected)] == [("link.injected", "high")]
    assert clean(scanner, injected) == source.format("entertainment")
    for declared in ("LuckySpin Casino", "200 free spins"):  # the sponsor, its offer: a declared advert stays
        advert = source.format(link.format(declared))
        assert [(rule, severity) for rule, severity, _ in findings(scanner, advert)] == [("link.injected", "medium")]
        assert clean(scanner, advert) == advert


@pytest.mark.parametrize(("before", "word", "address", "after"), [
    ("Kapolres meresmikan Masjid Tribrata ", "di", "https://cheap-rx-pills.example/viagra", " Pondok Pesantren Manjung."),
    ("Shares in American Express surged more than 8% ", "on", "https://lux-replica-watch.example/rolex", " Tuesday."),
    ("The economy started to grow in 2004, ", "but", "https://essaymill-pro.example/order", ' "deep reform" is needed.'),
    ("Jawa Tengah mampu menjaga momentum ", "ekonomi", "https://quickcash-payday.example/apply", " meski dunia lesu."),
])
def test_an_article_word_linked_to_a_host_named_for_spam_goods_is_unwrapped(scanner: Scanner, before: str, word: str,
                                                                          address: str, after: str) -> None:
    """Blind probe 41: hosts built of two shop words ("cheap-rx-pills", "lux-replica-watch", "essaymill",
    "quickcash-payday") sell what spam sells; the article's word linked to one, after a figure or before a
    quotation mark too, keeps its word and loses its link."""
    page = "<p>{}</p>".format(before + '<a href="{}">{}</a>'.format(address, word) + after)
    assert [(rule, severity) for rule, severity, _ in findings(scanner, page)] == [("link.injected", "high")]
    assert clean(scanner, page) == f"<p>{before}{word}{after}</p>"


def test_spam_goods_as_the_anchor_of_a_link_to_a_shop_named_for_them_go_with_the_link(scanner: Scanner) -> None:
    """"pinjaman online cair cepat" (online loans, paid out fast) linked to quickcash-payday: an advert's link, words
    and all; the shop's own name as the anchor is a citation and stays."""
    advert = '<li><a href="https://quickcash-payday.example/apply">pinjaman online cair cepat</a></li>\n'
    page = "<ul>\n<li><a href=\"/berita/anggaran\">Anggaran daerah</a></li>\n{}</ul>"
    assert clean(scanner, page.format(advert)) == page.format("")
    named = '<p>Regulators fined <a href="https://quickcash-payday.example/">QuickCash Payday</a> for its loan fees.</p>'
    assert clean(scanner, named) == named


def test_an_article_word_linked_to_a_named_pharmacy_or_watch_shop_is_not_an_injection(scanner: Scanner) -> None:
    """A business has a name ("lloydspharmacy", "watchesofswitzerland"): one shop word, not two."""
    for address in ("https://lloydspharmacy.example/", "https://watchesofswitzerland.example/"):
        page = f'<p>The chain said its <a href="{address}">stores</a> would open on Sundays.</p>'
        assert not [f for f in findings(scanner, page) if f[1] in ("high", "critical")]


def test_a_rule_match_running_out_of_a_link_takes_the_whole_link(scanner: Scanner) -> None:
    """Blind probe 42: "loans with no credit check" matched from the link's last word; removing only that left a live
    link on "guaranteed payday" glued to the next word."""
    page = ('<p>Pawnbroking is regulated by the FCA.</p><p>Bad credit? Get <a href="https://fastcash-guaranteed.example/">'
            'guaranteed payday loans</a> with no credit check and instant approval, up to $5000 in 10 minutes!</p>')
    cleaned = clean(scanner, page)
    assert "fastcash" not in cleaned and "payday" not in cleaned and "no credit check" not in cleaned


def test_betting_keywords_as_an_anchor_go_with_the_link(scanner: Scanner) -> None:
    """An honest citation names the site ("bet365"); "nhà cái uy tín" (reputable bookmaker) praises it."""
    source = ('<p>Tác giả: Minh Anh. Liên hệ quảng cáo: '
              '<a href="https://nhacaiuytin-vip.example/">nhà cái uy tín</a></p>')
    assert [(rule, severity) for rule, severity, _ in findings(scanner, source)] == [("link.injected", "high")]
    assert clean(scanner, source) == "<p>Tác giả: Minh Anh. Liên hệ quảng cáo:</p>"


def test_keywords_linked_after_a_separator_go_with_the_link_and_the_separator(scanner: Scanner) -> None:
    """"© 2025 City Hospital | <a title="situs slot gacor">situs slot gacor</a>": the words came with the link."""
    source = ('<div class="copyright"><p>© 2025 City Hospital | <a href="https://slotgacor-terbaru.example/" '
              'title="situs slot gacor">situs slot gacor</a></p></div>')
    assert clean(scanner, source) == '<div class="copyright"><p>© 2025 City Hospital</p></div>'


def test_a_betting_term_linked_to_a_betting_site_outside_a_sentence_goes_with_the_link(scanner: Scanner) -> None:
    """A tag added to a tag cloud ("data hk 2025", the Hong Kong lottery draws of togel sites) is no article word."""
    cloud = ('<div class="tagcloud">\n<a href="/tag/npwp/">NPWP</a>\n<a href="/tag/coretax/">Coretax</a>\n{}</div>')
    spam = '<a href="https://togelhk-hariini.example/data-hk/">data hk 2025</a>\n'
    assert clean(scanner, cloud.format(spam)) == cloud.format("")


def test_keywords_of_a_sentence_linked_by_an_injection_keep_the_sentence(scanner: Scanner) -> None:
    source = ('<p>Kementerian memblokir <a href="https://slotgacor-terbaru.example/">situs slot gacor</a> yang '
              'beroperasi dari luar negeri.</p>')
    cleaned = clean(scanner, source)
    assert "slotgacor-terbaru" not in cleaned and cleaned.startswith("<p>Kementerian memblokir")
    assert cleaned.endswith("yang beroperasi dari luar negeri.</p>")


@pytest.mark.parametrize("src", [
    "https://www.googletagmanager.com/gtag/js?id=G-66809A11",  # a measurement id with "68" in it
    "https://cdn.jsdelivr.example/npm/app@2/dist/main.8a88f1c2.js",  # a cache-busting hash with "88"
])
def test_analytics_and_library_scripts_with_brand_like_ids_are_not_redirects(scanner: Scanner, src: str) -> None:
    page = (f'<html><head><script async src="{src}"></script></head><body><p>The council approved the budget on '
            "Tuesday after a long debate about school funding.</p></body></html>")
    assert scanner.scan(Document("page.html", page.encode())).findings == ()


def test_a_script_from_a_betting_brand_host_is_still_a_redirect(scanner: Scanner) -> None:
    page = ('<html><head><script src="https://cdn.fb88-vn.example/go.js"></script></head><body><p>The council approved '
            "the budget on Tuesday.</p></body></html>")
    assert "script.redirect" in {f.rule_id for f in scanner.scan(Document("page.html", page.encode())).findings}


def test_a_jump_menu_option_to_a_betting_site_goes_and_the_honest_options_stay(scanner: Scanner) -> None:
    """A "Liên kết website" drop-down opens its option's value: the option is a link, and its text a line of its own."""
    menu = ('<div class="block"><h2>Liên kết website</h2><select onchange="if(this.value)window.open(this.value)">'
            '<option value="">-- Chọn liên kết --</option><option value="https://chinhphu.vn">Cổng TTĐT Chính phủ</option>'
            '<option value="https://dichvucong.gov.vn">Cổng Dịch vụ công quốc gia</option>{}</select></div>')
    spam = ('<option value="https://nhacai-uytin88.example/">Nhà cái uy tín số 1 Việt Nam</option>'
            '<option value="https://cacuocbongda247.example/">Cá cược bóng đá trực tuyến</option>')
    assert clean(scanner, menu.format(spam)) == menu.format("")


def test_a_betting_site_named_by_its_own_keywords_beside_removed_spam_goes(scanner: Scanner) -> None:
    """"cá cược bóng đá" for cacuocbongda247: the anchor names the site, but it is no citation beside spam links."""
    footer = '<footer><p>Hollins Park Primary School · 0161 496 0732</p>{}</footer>'
    spam = ('<div class="partners"><a href="https://kubet-vn.example/">nhà cái uy tín</a> · '
            '<a href="https://cacuocbongda247.example/">cá cược bóng đá</a></div>')
    assert clean(scanner, footer.format(spam)) == footer.format("")


def test_a_spam_item_of_a_breadcrumb_goes_with_one_separator(scanner: Scanner) -> None:
    """"Home › Newsletter › <spam> › This week": the breadcrumb's own items, the last one unlinked, stay, and
    so does a single separator between them ("Berita / / Daerah" was left)."""
    for separator in (" &rsaquo; ", " / "):
        crumbs = ('<nav class="breadcrumb"><a href="/">Home</a>{s}<a href="/newsletter">Family Newsletter</a>{s}'
                  '{spam}<span>This week</span></nav><p>The spring concert is on Friday at seven.</p>')
        spam = '<a href="https://togel-hk.example/">Togel Online</a>' + separator
        source = crumbs.format(s=separator, spam=spam)
        assert clean(scanner, source) == crumbs.format(s=separator, spam="")


@pytest.mark.parametrize("carrier", [
    '<object data="https://vegazilla-casino.example/lobby" width="1" height="1"></object>',
    '<embed src="https://vegazilla-casino.example/lobby" width="0" height="0">',
])
def test_an_invisible_object_or_embed_loading_a_casino_goes(scanner: Scanner, carrier: str) -> None:
    source = f"<p>Episode 12: the harbour at dawn.</p>\n{carrier}\n<p>Listen on any podcast app.</p>"
    assert [rule for rule, _, _ in findings(scanner, source)] == ["iframe.hidden"]
    assert clean(scanner, source) == remove(source, carrier)


@pytest.mark.parametrize(("line", "link"), [
    # a loan advert's words as a link text, at the end of a footer's run of links
    ('<div class="lien-ket"><strong>Liên kết website:</strong> <a href="https://binhdinh.gov.vn">Cổng TTĐT tỉnh Bình '
     'Định</a> | <a href="https://dichvucong.gov.vn">Cổng Dịch vụ công quốc gia</a>{}</div>',
     ' | <a href="https://vaynhanhpro.example/">Vay tiền online nhanh 24/7 không thẩm định</a>'),
    # a brand with praise ("slot88 terpercaya") names its own keyword domain: an advert, not a citation
    ('<p class="partners">Club partners: <a href="https://www.kentfa.com/">Kent FA</a> &middot; '
     '<a href="https://www.harveysbrewery.co.uk/">Harvey\'s Brewery</a>{}</p>',
     ' &middot; <a href="https://slot88-terpercaya.example/">slot88 terpercaya</a>'),
])
def test_a_spam_link_ending_a_run_of_links_goes_with_its_separator(scanner: Scanner, line: str, link: str) -> None:
    source = "<p>Ashford Rovers won again on Saturday.</p>\n" + line.format(link) + "\n"
    assert clean(scanner, source) == "<p>Ashford Rovers won again on Saturday.</p>\n" + line.format("") + "\n"


@pytest.mark.parametrize(("word", "address"), [
    ("company", "https://free-antivirus.example/download-keygen-vpn-crack"),
    ("aulas práticas", "https://tenis-replica-barato.example/nike-air-jordan-primeira-linha"),
    ("exhibition", "https://cheap-viagra-online.example/order"),
])
def test_an_article_word_linked_to_a_shop_of_spam_goods_is_unwrapped(scanner: Scanner, word: str, address: str) -> None:
    link = f'<a href="{address}">{word}</a>'
    source = f"<p>The {link} said on Monday that the results would be published next week.</p>"
    assert findings(scanner, source) == [("link.injected", "high", link)]
    assert clean(scanner, source) == source.replace(link, word)


def test_an_article_word_after_a_comma_linked_to_a_loan_shop_is_unwrapped(scanner: Scanner) -> None:
    link = '<a href="https://pinjol-cair.example/?ref=pinjaman-online-cepat-cair">Jakarta</a>'
    source = f"<p>Kalau dilihat satu minggu terakhir ini, {link} polusinya mengalami penurunan yang signifikan.</p>"
    assert findings(scanner, source) == [("link.injected", "high", link)]
    assert clean(scanner, source) == source.replace(link, "Jakarta")


@pytest.mark.parametrize("link", [
    '<a href="https://onlinedoctor.example/erectile-dysfunction/viagra-connect">Viagra Connect</a>',
    '<a href="https://pharmacy.example/no-prescription-policy">our prescription policy</a>',
    '<a href="https://pharmacy.example/buy-viagra-no-prescription">available from pharmacies without a form</a>',
    '<a href="https://www.chemist.example/viagra-connect-50mg-film-coated-tablets">sold online</a>',
    '<a href="https://en.wikipedia.org/wiki/Payday_loan">encyclopedia entry</a>',
])
def test_a_link_to_a_pharmacy_that_says_where_it_leads_stays(scanner: Scanner, link: str) -> None:
    source = f"<p>Patients can check {link} before they order anything.</p>"
    assert not [f for f in findings(scanner, source) if f[1] in ("high", "critical")]
    assert clean(scanner, source) == source


def test_a_reported_link_to_a_pharmacy_is_not_called_a_betting_link(scanner: Scanner) -> None:
    source = ('<p>Buy generic Viagra and Cialis without prescription.</p>'
              '<p>See <a href="https://uk-meds-direct.example/kamagra">Kamagra</a> today.</p>')
    result = scanner.scan(Document("page.html", source.encode()))
    messages = [f.message for f in result.findings if f.rule_id == "link.injected"]
    assert messages and all("betting" not in message for message in messages)


def test_a_casinos_own_social_profiles_in_json_ld_stay(scanner: Scanner) -> None:
    """A profile names an account on a network, not a site: the casino's own handle is no spam address."""
    source = ('<link rel="canonical" href="https://regentbaycasino.example/">'
              '<script type="application/ld+json">{"@type": "Organization", "url": "https://regentbaycasino.example/", '
              '"sameAs": ["https://twitter.com/regentbaycasino", "https://www.facebook.com/regentbaycasino"]}</script>'
              "<p>Regent Bay Casino is licensed by the Gambling Commission.</p>")
    assert clean(scanner, source) == source


def test_a_casinos_versions_for_other_countries_are_no_spam_addresses(scanner: Scanner) -> None:
    """hreflang alternates on the same brand's other country domains are the site's own; one to another betting
    site is still an injection."""
    own = ('<link rel="alternate" hreflang="en-ie" href="https://www.regentbaycasino.ie/">'
           '<link rel="alternate" hreflang="en-ca" href="https://www.regentbaycasino.ca/">')
    page = ('<html><head><link rel="canonical" href="https://www.regentbaycasino.co.uk/">{}</head><body><nav>'
            '<a href="https://www.regentbaycasino.co.uk/">Home</a> <a href="https://www.regentbaycasino.co.uk/games">Games</a> '
            '<a href="https://www.regentbaycasino.co.uk/help">Help</a></nav><p>Play responsibly.</p></body></html>')
    assert clean(scanner, page.format(own)) == page.format(own)
    other = '<link rel="alternate" hreflang="id" href="https://slot-gacor-hoki99.example/">'
    assert clean(scanner, page.format(own + other)) == page.format(own)


@pytest.mark.parametrize("quoted", [
    '<blockquote><p>Situs slot gacor terpercaya 2024, bonus new member 100%: <a href="https://gacor88.vip/daftar">'
    'GACOR88</a> – daftar sekarang.</p></blockquote>',
    '<p>Readers sent us the offer: "buy Viagra online without prescription at '
    '<a href="https://rx-cheapmeds.shop/viagra">RxCheap</a>".</p>',
])
def test_a_link_in_quoted_spam_is_unwrapped_and_its_words_stay(scanner: Scanner, quoted: str) -> None:
    """Spam shaped like a quotation keeps its words (a page may quote spam), not a live link to the spam site."""
    source = "<p>Pemerintah kota membuka pendaftaran beasiswa.</p>" + quoted
    cleaned = clean(scanner, source)
    assert "href=\"https://gacor88" not in cleaned and "rx-cheapmeds.shop/viagra" not in cleaned
    assert ("GACOR88" in cleaned) if "GACOR88" in quoted else ("buy Viagra online" in cleaned)
    assert str(scanner.scan(Document("page.html", source.encode())).verdict) != "injected"


def test_a_phrase_named_so_called_that_links_to_the_seller_goes_with_its_link(scanner: Scanner) -> None:
    """Naming a term ("so-called") exempts it only where its line does not send readers to a spam site."""
    source = ("<p>Pemerintah kota membuka pendaftaran beasiswa.</p><p>Try the so-called "
              '<a href="https://rx-cheapmeds.shop/viagra">buy Viagra online without prescription</a> service.</p>')
    cleaned = clean(scanner, source)
    assert "rx-cheapmeds" not in cleaned and "buy Viagra online" not in cleaned
    assert "Pemerintah kota membuka pendaftaran beasiswa." in cleaned


@pytest.mark.parametrize("anchor, href", [
    ("horários pagantes fortune tiger", "https://tiger-bonus.example/"),
    ("jual cytotec di jakarta", "https://obat-asli.example/"),
    ("jual followers instagram", "https://followers-shop.example/ig"),
])
def test_a_keyword_link_put_into_a_sentence_goes_with_the_words_no_rule_names(scanner: Scanner, anchor: str,
                                                                              href: str) -> None:
    """A rule names part of the anchor ("jual cytotec"); the rest ("di jakarta") is the same advertisement."""
    before, after = "<p>Warga di sekitar sungai melaporkan air naik satu meter di", "beberapa jalan pada Senin pagi.</p>"
    original = f"<html><body><h1>Banjir</h1>{before} {after}</body></html>"
    infected = f'<html><body><h1>Banjir</h1>{before} <a href="{href}">{anchor}</a> {after}</body></html>'
    assert clean(scanner, infected) == original


def test_an_article_link_to_another_site_keeps_its_own_words_when_spam_is_added_after_it(scanner: Scanner) -> None:
    source = ('<html><body><p>The figures come from the <a href="https://www.ons.example/census">national census '
              'office</a> and were published on Monday.</p><p>Daftar slot gacor hari ini gampang maxwin di GACOR88.</p>'
              '</body></html>')
    result = clean(scanner, source)
    assert '<a href="https://www.ons.example/census">national census office</a>' in result and "gacor" not in result.lower()


@pytest.mark.parametrize("anchor, href, kept", [
    # a phrase a rule names only weakly, linked to a site named after it: an exact-match keyword link
    ("essay writing service", "https://essaywritingservice-uk.example/", False),
    ("essay writing service", "https://top-essays.example/order", False),
    # the same phrase linked to the report it comes from, and a brand linked to its maker, stay
    ("essay writing service", "https://www.dailynews.example/education/essay-mills", True),
    ("Viagra Connect", "https://www.viagraconnect.example/", True),
])
def test_a_weak_spam_phrase_linked_to_a_site_named_after_it_goes_with_its_words(scanner: Scanner, anchor: str,
                                                                               href: str, kept: bool) -> None:
    before, after = "<p>The library will stay open until midnight during the", "exam season, the council said.</p>"
    original = f"<html><body><h1>Library hours</h1>{before} {after}</body></html>"
    infected = f'<html><body><h1>Library hours</h1>{before} <a href="{href}">{anchor}</a> {after}</body></html>'
    assert clean(scanner, infected) == (infected if kept else original)
