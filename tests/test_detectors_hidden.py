"""Hidden blocks: exact findings and exact cleaned output."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner import Document, Scanner
from scanner.extraction.visibility import hiding_reason

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "detectors"


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


def scan(scanner: Scanner, html: str):
    return scanner.scan(Document("page.html", html.encode()))


def clean(scanner: Scanner, html: str) -> str:
    return scanner.clean(Document("page.html", html.encode()), restore="off").data.decode()


def test_hidden_blocks_fixture_positions_and_cleaning(scanner: Scanner) -> None:
    source = (FIXTURES / "hidden-links.html").read_text(encoding="utf-8")
    result = scan(scanner, source)
    found = [(f.rule_id, str(f.severity), f.start, f.end, f.action) for f in result.findings]
    seo_start = source.index('<div id="seo">')
    seo_end = source.index("</div>", seo_start) + len("</div>")
    white_start = source.index('<p style="color:#FFF')
    white_end = source.index("</p>", white_start) + len("</p>")
    assert found == [
        ("hidden.block", "critical", seo_start, seo_end, "remove-element"),
        ("hidden.block", "high", white_start, white_end, "remove-element"),
    ]
    assert "offsite-links:2" in result.findings[0].signals
    expected = source[:seo_start] + source[seo_end:white_start] + source[white_end:]
    cleaned = clean(scanner, source)
    assert cleaned == expected
    assert clean(scanner, cleaned) == cleaned
    assert "<nav style=\"display:none\">" in cleaned and "Bỏ qua điều hướng" in cleaned


@pytest.mark.parametrize("style", [
    "display:none", "visibility:hidden", "opacity:0", "font-size:0", "width:1px;height:1px;overflow:hidden",
    "position:absolute;left:-9999px", "text-indent:-9999px", "color:#fff;background:#ffffff",
    "color:#fefefe;font-size:2px",
])
def test_every_hiding_style_with_offsite_links(scanner: Scanner, style: str) -> None:
    before = "<p>Giá vàng hôm nay tăng nhẹ.</p>"
    block = f'<div style="{style}"><a href="http://fb88-vn.example">xem</a> <a href="http://kubet-vn.example">thêm</a></div>'
    source = before + block + "<p>Kết thúc.</p>"
    result = scan(scanner, source)
    assert [(f.rule_id, f.start, f.end) for f in result.findings] == [("hidden.block", len(before), len(before) + len(block))]
    assert clean(scanner, source) == before + "<p>Kết thúc.</p>"


def test_hidden_links_to_other_sites_without_spam_terms_are_reported_not_removed(scanner: Scanner) -> None:
    """Cookie settings naming ad vendors, a collapsed menu of partner sites: hidden, off-site, and honest."""
    settings = ('<div id="cookie-settings" style="display:none"><p>We work with these partners:</p>'
                '<a href="https://policies.google.com/privacy">Google</a> <a href="https://www.criteo.com/privacy/">Criteo</a> '
                '<a href="https://chartbeat.com/privacy">Chartbeat</a></div>')
    source = "<p>The council met on Monday.</p>" + settings
    result = scan(scanner, source)
    assert [(f.rule_id, str(f.severity), f.action) for f in result.findings] == [("hidden.offsite-links", "medium", "report")]
    assert result.verdict.value == "suspicious"
    assert clean(scanner, source) == source


def test_hidden_attribute_and_class_rule(scanner: Scanner) -> None:
    source = ('<style>div.x { visibility: hidden }</style><p>Tin.</p><div class="x">casino fb88 đăng ký</div>'
              '<section hidden><a href="https://spam.example/slot">slot</a></section>')
    result = scan(scanner, source)
    assert [(f.rule_id, source[f.start:f.end]) for f in result.findings] == [
        ("hidden.block", '<div class="x">casino fb88 đăng ký</div>'),
        ("hidden.block", '<section hidden><a href="https://spam.example/slot">slot</a></section>'),
    ]


def test_own_navigation_and_plain_hidden_text_are_not_findings(scanner: Scanner) -> None:
    source = ('<link rel="canonical" href="https://news.example.com/a">'
              '<ul style="display:none"><li><a href="https://news.example.com/sport">Sport</a></li>'
              '<li><a href="/world">World</a></li></ul>'
              '<a href="#content" style="position:absolute;left:-10000px">Skip to content</a>'
              '<div hidden>Read more about the election results.</div><p>Body text.</p>')
    assert scan(scanner, source).findings == ()


def test_collapsed_menu_ending_with_a_social_profile_is_not_a_finding(scanner: Scanner) -> None:
    menu = ('<div id="mobile-menu" style="display:none"><a href="/events/">Events</a> <a href="/hours/">Hours</a> '
            '<a href="/catalogue/">Catalogue</a> <a href="https://www.facebook.com/citylibrary">Facebook</a></div>')
    assert scan(scanner, "<p>Library news.</p>" + menu).findings == ()
    # the same links, but mostly to other sites: reported; to betting sites: an injected block
    offsite = menu.replace('href="/events/"', 'href="http://a.example/"').replace('href="/hours/"', 'href="http://b.example/"')
    assert [f.rule_id for f in scan(scanner, "<p>Library news.</p>" + offsite).findings] == ["hidden.offsite-links"]
    injected = menu.replace('href="/events/"', 'href="http://fb88.example/"').replace('href="/hours/"', 'href="http://w88.example/"')
    assert [f.rule_id for f in scan(scanner, "<p>Library news.</p>" + injected).findings] == ["hidden.block"]


def test_hidden_betting_words_alone_are_only_reported(scanner: Scanner) -> None:
    source = '<p>FAQ</p><div style="display:none">Is the casino licensed in this country?</div>'
    result = scan(scanner, source)
    assert [(f.rule_id, str(f.severity), f.action) for f in result.findings if f.rule_id.startswith("hidden")] == [
        ("hidden.spam-text", "medium", "report")]
    assert result.verdict.value == "suspicious"


@pytest.mark.parametrize(("style", "reason"), [
    ("color: rgb(255,255,255); background-color: #FFF", "text coloured like its background"),
    ("transform: scale(0)", "scaled to nothing"),
    ("position:absolute; clip: rect(0 0 0 0)", "clipped to nothing"),
    ("top: -600px; position: absolute", "off-screen position"),
    ("clip-path: inset(100%); position: absolute", "clipped to nothing"),
    ("clip-path: circle(0 at 50% 50%)", "clipped to nothing"),
    ("max-height: 0; overflow: hidden", "tiny box with overflow:hidden"),
    ("position: fixed; bottom: -400px; left: 0", "off-screen position"),
    ("clip-path: inset(10% 0)", None),
    ("max-height: 0; transition: max-height .3s", None),
    ("margin-top: -300px", None),
    ("margin-left: -200px", None),
    ("color:#333; background:#fff", None),
    ("opacity: 0.5", None),
    ("font-size: 14px", None),
])
def test_hiding_reason(style: str, reason: str | None) -> None:
    assert hiding_reason(style) == reason


def test_spam_in_a_comment_removes_the_whole_comment(scanner: Scanner) -> None:
    comment = '<!-- <a href="https://spin-palace.example">best online casino</a> real money no deposit bonus -->'
    page = f"<p>Giá vàng hôm nay tăng nhẹ.</p>{comment}<p>Kết thúc.</p>"
    assert clean(scanner, page) == "<p>Giá vàng hôm nay tăng nhẹ.</p><p>Kết thúc.</p>"
    assert clean(scanner, "<p>Body.</p><!-- navigation: keep in sync with the footer -->") == \
        "<p>Body.</p><!-- navigation: keep in sync with the footer -->"


SPAM = '<a href="https://spin-palace.example/">best online casino</a> real money bonus'


@pytest.mark.parametrize("page", [
    '<style>.entry > div:not(.block){display:none}</style><div class="entry"><div class="block">Keep.</div><div>%s</div></div>',
    '<style>main aside p{visibility:hidden}</style><main><aside><div><p>%s</p></div></aside></main>',
    '<style>body > section[data-x="1"]{position:absolute;left:-9999px}</style><body><section data-x="1">%s</section></body>',
    "<p>Recipe.</p><template><p>%s</p></template>",
    '<style>@media screen{.seo{display:none}}</style><p>Recipe.</p><div class="seo">%s</div>',
    '<style>@media all{.seo{display:none}}@media (min-width:1px){.x{color:red}}</style><p>Recipe.</p><div class="seo">%s</div>',
    '<p>Recipe.</p><svg width="1" height="1"><a href="https://spin-palace.example/"><text>best online casino</text></a></svg>',
])
def test_hidden_by_selectors_templates_and_tiny_drawings(scanner: Scanner, page: str) -> None:
    page = page.replace("%s", SPAM)
    assert [f.rule_id for f in scan(scanner, page).findings if f.severity >= 3] == ["hidden.block"]
    assert "casino" not in clean(scanner, page)


@pytest.mark.parametrize("page", [
    '<style>.entry > div:not(.block){display:none}</style><div class="entry"><div class="block">%s</div></div>',
    '<style>nav > div p{display:none}</style><main><div><p>%s</p></div></main>',
    '<style>li:hover .sub{display:none}</style><ul><li><div class="sub">%s</div></li></ul>',
    # a theme's responsive menu, hidden on narrow screens only
    '<style>@media (max-width:860px){.layout{display:block}.main-nav{display:none}}</style><nav class="main-nav">%s</nav>',
    '<style>@media print{.share{display:none}}</style><div class="share">%s</div>',
])
def test_selectors_that_do_not_apply_hide_nothing(scanner: Scanner, page: str) -> None:
    assert not [f for f in scan(scanner, page.replace("%s", SPAM)).findings if f.rule_id.startswith("hidden")]


@pytest.mark.parametrize("block", [
    # addresses on a gambling top-level domain, words in a script the vocabulary has no betting word for
    '<div style="display:none"><a href="https://kazino-il.bet/">קזינו</a> <a href="https://sport-il.bet/">ספורט</a></div>',
    # the goods of another family: diplomas for sale
    '<span style="display:none !important"><a href="https://dyplom.example/">Купити диплом</a> '
    '<a href="https://atestat.example/">купити атестат</a></span>',
])
def test_hidden_links_to_gambling_domains_or_selling_goods_are_injections(scanner: Scanner, block: str) -> None:
    source = "<p>The museum reopens on Monday.</p>" + block
    assert [f.rule_id for f in scan(scanner, source).findings if f.severity >= 3] == ["hidden.block"]
    assert clean(scanner, source) == "<p>The museum reopens on Monday.</p>"


BLOCK = ('<div class="seo-lk"><a href="https://fb88-vn.example/">fb88</a> <a href="https://kubet-vn.example/">kubet</a></div>')


def test_the_style_sheet_brought_along_to_hide_a_removed_block_goes_with_it(scanner: Scanner) -> None:
    page = f"<html><head></head><body><p>Tin.</p><style>.seo-lk{{display:none}}</style>{BLOCK}</body></html>"
    assert clean(scanner, page) == "<html><head></head><body><p>Tin.</p></body></html>"
    # a rule inside the site's own sheet stays: the sheet is the site's, and unused rules are common there
    site_css = "body{color:#222}.menu{display:none}.seo-lk{display:none}"
    page = f"<html><head><style>{site_css}</style></head><body><p>Tin.</p>{BLOCK}</body></html>"
    assert clean(scanner, page) == f"<html><head><style>{site_css}</style></head><body><p>Tin.</p></body></html>"


def test_a_style_rule_for_a_class_the_page_also_uses_stays(scanner: Scanner) -> None:
    page = ('<html><head><style>.seo-lk{display:none}</style></head><body><p>Tin.</p>'
            f'<div class="seo-lk">Menu</div>{BLOCK}</body></html>')
    assert "<style>.seo-lk{display:none}</style>" in clean(scanner, page)


def test_a_container_with_font_size_0_whose_links_set_their_own_size_is_not_hidden(scanner: Scanner) -> None:
    """``font-size:0`` on a row of inline blocks removes the gaps between them; the links set their own size."""
    page = ("<style>.share{font-size:0} .share a{font-size:14px;display:inline-block}</style>"
            "<p>Christmas sales were the worst since 1981.</p>"
            '<div class="share"><a href="https://www.facebook.com/sharer/sharer.php?u=x">Facebook</a>'
            '<a href="https://twitter.com/intent/tweet?url=x">X</a></div>')
    assert [f.rule_id for f in scan(scanner, page).findings] == []
    hiding = page.replace(" .share a{font-size:14px;display:inline-block}", "")
    assert [f.rule_id for f in scan(scanner, hiding).findings] == ["hidden.offsite-links"]


def test_hidden_blocks_side_by_side_do_not_run_their_words_together(scanner: Scanner) -> None:
    """Each hidden block is text of its own: "…xxx videos" followed by a hidden cookie banner is not "videosWe"."""
    page = ("<p>News of the day.</p>"
            '<div hidden><a href="https://cams.example/">free cams</a> <a href="https://cams.example/v">xxx videos</a></div>'
            '<div style="display:none">We use cookies.</div>')
    assert [(f.rule_id, str(f.severity)) for f in scan(scanner, page).findings] == [("hidden.block", "critical")]


def test_a_hidden_element_between_two_words_goes_with_one_of_its_spaces(scanner: Scanner) -> None:
    page = ('<p>The council met on <span style="display:none"><a href="https://slot88-link.example/">slot88 '
            'daftar</a></span> Tuesday evening.</p>')
    assert clean(scanner, page) == "<p>The council met on Tuesday evening.</p>"


@pytest.mark.parametrize("carrier, emptied", [
    # a one-pixel frame showing its own page
    ('<iframe width="1" height="1" srcdoc="&lt;p&gt;&lt;a href=&quot;https://spin-palace.example/&quot;&gt;best '
     'online casino&lt;/a&gt; real money bonus&lt;/p&gt;"></iframe>', '<iframe width="1" height="1" srcdoc=""></iframe>'),
    # a fragment a script copies into the page
    ('<div id="w" data-widget-content="&lt;p&gt;Need traffic? &lt;a href=&quot;https://pbn.example/&quot;&gt;buy high '
     'DA backlinks&lt;/a&gt;&lt;/p&gt;"></div><script>var w=document.getElementById("w");'
     'w.innerHTML=w.getAttribute("data-widget-content");</script>',
     '<div id="w" data-widget-content=""></div><script>var w=document.getElementById("w");'
     'w.innerHTML=w.getAttribute("data-widget-content");</script>'),
    # generated content of the page's style sheet
    ('<style>.footer::before{content:"deneme bonusu veren siteler • canlı bahis siteleri";font-size:1px}</style>',
     '<style>.footer::before{content:"";font-size:1px}</style>'),
])
def test_spam_carried_in_srcdoc_data_attributes_and_generated_content_is_found_and_emptied(
        scanner: Scanner, carrier: str, emptied: str) -> None:
    page = "<p>The museum reopens on Monday.</p>" + carrier
    assert scan(scanner, page).verdict.value == "injected"
    assert clean(scanner, page) == "<p>The museum reopens on Monday.</p>" + emptied


def test_honest_markup_in_data_attributes_and_generated_content_is_no_finding(scanner: Scanner) -> None:
    page = ('<p>The museum reopens on Monday.</p><button data-bs-content="&lt;b&gt;Opening hours&lt;/b&gt; 9-17" '
            'data-bs-toggle="popover">Info</button><style>blockquote::before{content:"“ "}a.more::after{content:" →"}</style>')
    assert scan(scanner, page).findings == ()


def test_a_tiny_spam_link_takes_only_itself_not_the_visible_wrapper_around_it(scanner: Scanner) -> None:
    """The rule matches the link's text in the hidden scope, where the page's wrapper holds no other text: the
    wrapper is not the spam's element (the whole article went with a 1px link in a caption)."""
    article = ("<p>The former chief executive told the court he had not known of the accounting fraud, and his "
               "lawyers said the prosecution's main witness had changed his story three times.</p>")
    spam = ' <a href="https://genericmeds-rx24.shop/cialis" style="font-size:1px">cheap cialis online</a>'
    page = ('<html><body><div class="viewport"><header><a href="/">The Ledger</a></header><main>{}<figure>'
            '<img src="/a.jpg" alt="The court"><figcaption>Photo: archive.{}</figcaption></figure></main>'
            '</div></body></html>')
    assert clean(scanner, page.format(article, spam)) == page.format(article, "")


def test_spam_links_added_to_the_sites_own_hidden_menu_go_alone() -> None:
    """A display:none mobile menu of the site's own pages is no injection; two casino links added to it are."""
    menu = ('<div id="mobile-menu" style="display:none"><ul><li><a href="/">Home</a></li>'
            '<li><a href="/calendar">Calendar</a></li><li><a href="/lunch">Lunch menu</a></li>'
            '<li><a href="/sports">Sports</a></li>{spam}<li><a href="/contact">Contact</a></li></ul></div>')
    spam = ('<li><a href="https://royal-casino-bonus.example/">online casino bonus</a></li>'
            '<li><a href="https://slot88-gacor.example/">slot gacor</a></li>')
    page = "<html><body>{menu}<p>The spring concert is on Friday at seven in the school hall.</p></body></html>"
    cleaned = Scanner().clean(Document("page.html", page.format(menu=menu.format(spam=spam)).encode()),
                              restore="off").data.decode()
    assert cleaned == page.format(menu=menu.format(spam=""))


@pytest.mark.parametrize("control", [
    '<button aria-controls="q2" aria-expanded="false">What is the difference between Viagra and Cialis?</button>',
    '<button data-bs-toggle="collapse" data-bs-target="#q2">What is the difference between Viagra and Cialis?</button>',
    '<a role="tab" href="#q2">Viagra and Cialis</a>',
    '<a href="#q2">Viagra and Cialis</a>',  # blind probe 36: a tab bar of plain links ("Terpopuler | Terbaru")
])
def test_a_collapsed_panel_a_control_opens_is_no_hidden_block(scanner: Scanner, control: str) -> None:
    """An FAQ answer naming drugs, collapsed until its question is clicked, is the pharmacy's own text."""
    page = (f'<div class="faq"><h2>{control}</h2><div id="q2" style="display:none"><p>Viagra (sildenafil) works for '
            "about 4 hours. Cialis (tadalafil) works for up to 36 hours; Levitra (vardenafil) for about 5.</p></div></div>")
    assert clean(scanner, page) == page


def test_spam_links_in_a_collapsed_panel_still_go(scanner: Scanner) -> None:
    page = ('<button aria-controls="p1">More</button><div id="p1" style="display:none">'
            '<a href="https://slot-gacor-hoki99.example/">slot gacor</a> <a href="https://bandar-togel88.example/">'
            "togel online</a></div><p>Text.</p>")
    assert "slot-gacor" not in clean(scanner, page)


def test_a_drop_down_menu_the_page_shows_on_hover_is_no_hidden_block(scanner: Scanner) -> None:
    """``.dropdown-menu{display:none}`` with ``.nav-item:hover .dropdown-menu{display:block}`` is a menu a reader opens;
    the same links in a block hidden for good are an injection."""
    style = "<style>.dropdown-menu{display:none}\n.nav-item:hover .dropdown-menu{display:block}</style>"
    menu = ('<ul><li class="nav-item"><a href="/brands/">Brands</a><ul class="dropdown-menu">'
            '<li><a href="https://regentbaycasino.example.co.uk/">Regent Bay Casino</a></li>'
            '<li><a href="https://northbet.example.com/">Northbet sports betting</a></li></ul></li></ul>')
    page = f"<html><head>{style}</head><body>{menu}<p>Our group runs licensed brands.</p></body></html>"
    assert not [f for f in scan(scanner, page).findings if f.rule_id.startswith("hidden.")]
    hidden_for_good = page.replace("\n.nav-item:hover .dropdown-menu{display:block}", "")
    assert [f for f in scan(scanner, hidden_for_good).findings if f.rule_id == "hidden.block"]


def test_hidden_text_naming_drugs_is_not_said_to_mention_betting(scanner: Scanner) -> None:
    page = '<div style="display:none"><p>Sildenafil and tadalafil are prescription medicines.</p></div><p>Shop.</p>'
    messages = [f.message for f in scan(scanner, page).findings if f.rule_id == "hidden.spam-text"]
    assert messages and all("betting" not in message for message in messages)


@pytest.mark.parametrize("panel", [
    # a collapsed answer its button opens, naming the topic, linking to a ministry
    '<button data-bs-toggle="collapse" data-bs-target="#c2">Apakah judi online bisa menjadi penyebab terjerat pinjol?'
    '</button><div id="c2" class="collapse" style="display:none"><p>Ya. Banyak korban pinjol ilegal meminjam untuk '
    'bermain judi online atau slot. Hubungi <a href="https://www.kemkes.go.id/">Kementerian Kesehatan</a>.</p></div>',
    # a responsible-gambling notice in a modal
    '<div class="modal" id="rg" style="display:none"><h2>Gamble responsibly</h2><p>Betting odds on this site are '
    'supplied by our partner bet365. 18+. T&amp;Cs apply. When the fun stops, stop. <a href="https://www.begambleaware'
    '.org/">BeGambleAware.org</a> <a href="https://www.gamcare.org.uk/">GamCare</a></p></div>',
    # help against gambling in an accordion body no control names
    '<h3>Blocking software</h3><div class="acc-body" style="display:none"><p>Tools such as <a href="https://www.gamban'
    '.com/">Gamban</a> and <a href="https://www.betblocker.org/">BetBlocker</a> block access to online casino and '
    'betting sites.</p></div>',
])
def test_a_hidden_panel_that_names_the_topic_and_is_opened_or_offers_help_stays(scanner: Scanner, panel: str) -> None:
    source = "<p>Berita hari ini.</p>" + panel + "<p>Selesai.</p>"
    assert str(scan(scanner, source).verdict) != "injected"
    assert clean(scanner, source) == source


def test_a_hidden_panel_with_links_to_betting_sites_still_goes_when_a_button_opens_it(scanner: Scanner) -> None:
    panel = ('<div id="c3" style="display:none"><a href="https://kubet88-vn.example/">nhà cái uy tín</a> '
             '<a href="https://fb88-vn.example/">cá cược bóng đá</a></div>')
    source = '<button data-bs-target="#c3">Xem thêm</button>' + panel + "<p>Kết thúc.</p>"
    assert panel not in clean(scanner, source)


def test_hidden_links_to_one_site_each_with_its_own_keyword_phrase_go(scanner: Scanner) -> None:
    """Link building in a family no word list names: a hidden block of links to one shop, each anchor a keyword phrase
    of its own in lower case. A hidden panel naming other sites once each, by their names, is still only reported."""
    block = ('<div style="position:absolute;left:-9999px">'
             '<a href="https://apkmodgratis.example/">download mod apk</a> '
             '<a href="https://apkmodgratis.example/ml">ml mod apk unlimited diamond</a> '
             '<a href="https://apkmodgratis.example/new">apk mod terbaru</a></div>')
    page = "<p>Pemerintah kota meresmikan taman baru pada hari Senin.</p>" + block
    result = scan(scanner, page)
    assert [(f.rule_id, f.action) for f in result.findings] == [("hidden.block", "remove-element")]
    assert clean(scanner, page) == "<p>Pemerintah kota meresmikan taman baru pada hari Senin.</p>"
    partners = block.replace("download mod apk", "Universitas Indonesia").replace(
        "ml mod apk unlimited diamond", "Kementerian Kesehatan").replace("apk mod terbaru", "Pusat Data").replace(
        "apkmodgratis.example", "mitra.example")  # a host named for the goods is spam evidence of its own
    assert [f.rule_id for f in scan(scanner, "<p>Berita kota.</p>" + partners).findings] == ["hidden.offsite-links"]
