"""Spam comments and forum replies go whole, with their author line."""

from __future__ import annotations

import pytest

from scanner import Document, Scanner

ARTICLE = ("<article class=\"post\"><h1>Library opens its new wing</h1><p>After three years of fundraising, the community "
           "finally has its new library wing. The hall opened on Saturday with readings for children and a concert in "
           "the evening.</p></article>\n")


def comment(number: int, author: str, text: str, children: str = "") -> str:
    return (f'<li id="comment-{number}" class="comment even depth-1">\n<article class="comment-body">\n'
            f'<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">{author}</b> '
            f'<span class="says">says:</span></div>\n<div class="comment-metadata"><time>2025-11-02</time></div></footer>\n'
            f'<div class="comment-content"><p>{text}</p></div>\n'
            f'<div class="reply"><a class="comment-reply-link" href="#comment-{number}">Reply</a></div>\n'
            f'</article>\n{children}</li>\n')


HONEST = comment(201, "Maria", "Lovely news, we will visit with the kids on Sunday.")
HONEST_LINK = comment(202, '<a href="https://maria-reads.example/" class="url" rel="ugc">Maria Reads</a>',
                      "I wrote about the opening on my blog too.")
SPAM = comment(203, '<a href="https://casino-bonus-finder.example/" class="url" rel="ugc">Best Online Casino Bonuses 2025</a>',
               'Very informative article, thank you for sharing! I also wrote about this topic, check '
               '<a href="https://casino-bonus-finder.example/no-deposit" rel="ugc">no deposit casino bonus codes</a> and '
               '<a href="https://fastloan-today.example/" rel="ugc">instant payday loans</a> if you need.')


def page(comments: str) -> str:
    return ARTICLE + '<ol class="comment-list">\n' + comments + "</ol>\n"


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


def cleaned(scanner: Scanner, source: str) -> str:
    return scanner.clean(Document("page.html", source.encode()), restore="off").data.decode()


def test_a_spam_comment_goes_whole_with_its_author(scanner: Scanner) -> None:
    result = scanner.scan(Document("page.html", page(HONEST + SPAM + HONEST_LINK).encode()))
    assert "injection.spam-post" in {f.rule_id for f in result.findings}
    assert cleaned(scanner, page(HONEST + SPAM + HONEST_LINK)) == page(HONEST + HONEST_LINK)


def test_a_bland_comment_whose_author_link_is_a_casino_keyword_goes_whole(scanner: Scanner) -> None:
    """The praise says nothing; the author's name is the advertisement ("best online casino" to a casino)."""
    bland = comment(204, '<a href="https://goldcrown-casino777.example/free-spins/" class="url" rel="ugc">best online '
                         'casino</a>', "Thanks for sharing this, very informative post. I will come back later!")
    assert cleaned(scanner, page(HONEST + bland)) == page(HONEST)


def test_a_spam_reply_goes_and_the_comment_it_answers_stays(scanner: Scanner) -> None:
    thread = comment(201, "Maria", "Lovely news, we will visit with the kids on Sunday.",
                     children='<ol class="children">\n' + SPAM + "</ol>\n")
    # the list of replies held only the spam reply: it goes with it
    assert cleaned(scanner, page(thread + HONEST_LINK)) == page(
        comment(201, "Maria", "Lovely news, we will visit with the kids on Sunday.") + HONEST_LINK)


def test_a_spam_reply_beside_an_honest_reply_leaves_the_list_of_replies(scanner: Scanner) -> None:
    reply = comment(205, "Tom", "We went on Saturday, the children's corner is lovely.")
    thread = comment(201, "Maria", "Lovely news, we will visit with the kids on Sunday.",
                     children='<ol class="children">\n' + reply + SPAM + "</ol>\n")
    assert cleaned(scanner, page(thread)) == page(thread.replace(SPAM, ""))


def test_honest_comments_with_their_authors_links_stay(scanner: Scanner) -> None:
    worried = comment(204, "Tom", "My brother lost his savings at the casino, I hope the library runs a talk on "
                                  "gambling addiction.")
    source = page(HONEST + HONEST_LINK + worried)
    assert scanner.scan(Document("page.html", source.encode())).verdict != "injected"
    assert cleaned(scanner, source) == source


def forum_post(number: int, user: str, text: str) -> str:
    return (f'<div class="post" id="p{number}">\n<div class="postprofile"><a class="username" '
            f'href="/memberlist.php?u={number}">{user}</a></div>\n<div class="postbody"><div class="content">'
            f"<p>{text}</p></div></div>\n</div>\n")


def test_a_spam_post_in_a_forum_thread_goes_whole(scanner: Scanner) -> None:
    honest = forum_post(1, "minh_an", "Cảm ơn bài viết, thư viện mới rất đẹp.")
    spam = forum_post(2, "thanbai_99", 'Anh em vào <a href="https://thantai-club99.example/">THANTAI99</a> chơi game bài '
                                       "đổi thưởng, nổ hũ, bắn cá, tặng 199K cho thành viên mới!")
    later = forum_post(3, "lan_huong", "Cuối tuần này mình sẽ đưa các cháu đến.")
    thread = ARTICLE + '<div class="topic">\n' + honest + spam + later + "</div>\n"
    assert cleaned(scanner, thread) == thread.replace(spam, "")


def test_links_appended_to_a_forum_signature_go_and_leave_the_post(scanner: Scanner) -> None:
    """The signature keeps its owner's own words ("Bath Rugby"): a short line's segments are judged one by one."""
    signature = ('<div class="signature">Bath Rugby | <a href="https://iptv-smarters.example/">Best IPTV subscription UK '
                 '20,000 channels</a> | <a href="https://win11-activator.example/">Windows 11 activator crack free '
                 'download</a></div>')
    honest = forum_post(1, "ScrumHalf9", "Barkley is the better defender though.")
    signed = honest.replace("</p></div></div>", "</p></div>" + signature + "</div>")
    other = forum_post(2, "FlyHalf", "Lansdowne Road will be a cauldron on Saturday.")
    thread = ARTICLE + '<div class="topic">\n' + signed + other + "</div>\n"
    assert cleaned(scanner, thread) == thread.replace(signature, '<div class="signature">Bath Rugby</div>')


def test_a_blog_index_keeps_a_post_excerpt_and_loses_only_its_spam(scanner: Scanner) -> None:
    """An index page's excerpts are "post"s too, without a forum user: the excerpt stays, its spam goes."""
    excerpt = ('<article class="post"><h2>Library opens its new wing</h2><p>The hall opened on Saturday. '
               '<a href="https://thantai-club99.example/">game bài đổi thưởng</a></p></article>\n')
    other = '<article class="post"><h2>Summer reading list</h2><p>Ten books for the holidays.</p></article>\n'
    result = cleaned(scanner, excerpt + other)
    assert "Library opens its new wing" in result and "The hall opened on Saturday." in result
    assert "đổi thưởng" not in result


def test_a_comments_section_is_not_a_post_and_keeps_its_honest_comments(scanner: Scanner) -> None:
    """Items not named as posts: the section around them (div.comments in section.comments-area) is a list, not a
    post, and stays with its honest comments; the spam goes as usual."""
    items = ('<div class="c-item"><b>Maria</b><p>Lovely news, we will visit with the kids on Sunday.</p></div>\n'
             '<div class="c-item"><b>Best Online Casino Bonuses</b><p>Check '
             '<a href="https://casino-bonus-finder.example/no-deposit">no deposit casino bonus codes</a> now.</p></div>\n')
    source = ARTICLE + '<section class="comments-area"><div class="comments">\n' + items + "</div></section>\n"
    result = cleaned(scanner, source)
    assert "Lovely news, we will visit with the kids on Sunday." in result
    assert "casino-bonus-finder" not in result


def test_a_discourse_reply_marked_with_microdata_goes_whole(scanner: Scanner) -> None:
    def post(number: int, author: str, text: str) -> str:
        return (f'<div id="post_{number}" itemprop="comment" class="topic-body crawler-post">'
                f'<div class="crawler-post-meta"><span class="creator" itemprop="author"><a href="/u/{author}">{author}</a>'
                f'</span></div><div class="post" itemprop="text"><p>{text}</p></div></div>\n')
    honest = post(1, "brewer", "My stout finished at 1.030. What went wrong?") + post(
        2, "carboy_kate", "Check your thermometer first: a mash a few degrees too hot gives unfermentable sugars.")
    spam = post(4, "slimjet_rx", "Buy Ozempic online without prescription! Genuine semaglutide pens shipped overnight, "
                "discreet packaging. Order at <a href=\"https://slimjet-rx.example/\">slimjet-rx.example</a> or WhatsApp "
                "+1 (302) 555-0199.")
    source = f"<html><body><main>\n{honest}{spam}</main></body></html>"
    assert cleaned(scanner, source) == source.replace(spam, "")


def test_a_blogger_spam_comment_goes_with_its_author_line() -> None:
    """Blogger writes a comment as a <dt> author line and a <dd> body: both go; the honest comment stays."""
    honest = ('<dt class="comment-author"><a href="https://www.blogger.com/profile/1">Ana</a> said...</dt>\n'
              '<dd class="comment-body"><p>Thanks for the update on the library hours.</p></dd>\n')
    spam = ('<dt class="comment-author"><a href="https://genericpharma-rx.example/" rel="nofollow">Generic Pharmacy</a> '
            'said...</dt>\n<dd class="comment-body"><p>Very informative post! By the way you can '
            '<a href="https://genericpharma-rx.example/kamagra">buy kamagra oral jelly</a> and generic viagra 100mg '
            'without prescription with discreet shipping worldwide.</p></dd>\n')
    page = ARTICLE + '<div class="comments"><dl id="comments-block">\n{}</dl></div>\n'
    result = Scanner().clean(Document("page.html", page.format(honest + spam).encode()), restore="off").data.decode()
    assert result == page.format(honest)


def test_a_review_signed_with_the_advertised_brand_goes_whole(scanner: Scanner) -> None:
    """Blind probe 42: "<b>Gacor77</b> – Mantap kak! Main di <a>GACOR77</a> situs slot gacor …" lost its advert and
    kept "Gacor77 – Mantap kak!": the author is the brand the removed spam advertises, so the review is all spam."""
    honest = '<div class="ulasan"><b>Rina</b> &ndash; Bahannya adem, jahitannya rapi, ukuran sesuai tabel.</div>\n'
    spam = ('<div class="ulasan"><b>Gacor77</b> &ndash; Mantap kak! Main di <a href="https://gacor77.example/">GACOR77</a>'
            ' situs slot gacor hari ini gampang maxwin, deposit pulsa tanpa potongan.</div>\n')
    page_of = "<html><body><h1>Kemeja batik pria</h1><p>Kemeja batik tulis lengan panjang.</p>\n{}</body></html>"
    assert cleaned(scanner, page_of.format(honest + spam)) == page_of.format(honest)


def test_a_table_row_added_whole_goes_with_its_label_and_a_cell_spam_was_added_to_stays(scanner: Scanner) -> None:
    """Blind probe 42: "<tr><th>Partner</th><td><a>Situs Slot Gacor …</a></td></tr>" kept "Partner" and an empty cell.
    A row whose spam cell was emptied and whose other cells are whole goes; a cell holding the row's price and
    spam added after it keeps the price and its row."""
    rows = ("<tr><th>Capacity</th><td>1.7 litres</td></tr>\n<tr><th>Power</th><td>3000 W</td></tr>\n"
            "<tr><th>Warranty</th><td>2 years</td></tr>\n")
    added = ('<tr><th>Partner</th><td><a href="https://luckyspin88-gacor.example/daftar">Situs Slot Gacor Hari Ini '
             'Gampang Menang</a></td></tr>\n')
    page = "<html><body><h1>Brushed steel kettle</h1><table>\n{}</table></body></html>"
    assert cleaned(scanner, page.format(rows + added)) == page.format(rows)
    contact = ("<tr><td>Promo</td><td>Pinjol cair cepat tanpa BI checking, langsung cair 5 menit, hubungi WA "
               "0812-3456-7890</td></tr>\n")
    assert cleaned(scanner, page.format(rows + contact)) == page.format(rows)
    price = "<tr><td>Siêu âm ổ bụng</td><td>150.000{}</td></tr>\n"
    spam = ' &ndash; <a href="https://kubet-vip88.example/">soi kèo nhà cái KUBET</a>'
    table = "<tr><td>Khám tổng quát</td><td>200.000</td></tr>\n" + price
    assert cleaned(scanner, page.format(table.format(spam))) == page.format(table.format(""))


def test_a_range_overlapping_a_span_is_found_when_another_starts_where_the_span_ends() -> None:
    """``overlaps`` looked only at the last range starting at or before the span's end: one starting exactly there
    hid an earlier one that overlaps (a block ending where the next removal begins was no candidate)."""
    from scanner.detection.detectors.ranges import overlaps
    ranges = [(0, 10), (20, 30)]
    assert overlaps(ranges, 5, 20) and overlaps(ranges, 25, 40) and overlaps(ranges, 0, 1)
    assert not overlaps(ranges, 10, 20) and not overlaps(ranges, 30, 35) and not overlaps([], 0, 5)


def test_a_long_comment_with_one_spam_phrase_and_a_link_to_the_goods_goes_whole(scanner: Scanner) -> None:
    """The phrase covers little of the comment's praise and promises, but the comment sends readers to a site that
    sells what it names."""
    spam = comment(204, "Daniel K", "Great article, it helped me a lot with my own project and I will share it with my "
                   "colleagues at work tomorrow. Also check our crack free download section for Photoshop, Office and "
                   'antivirus tools, updated every week. Visit <a href="https://softkeys-crack.example/" rel="ugc">'
                   "latest keygen tools</a>")
    assert cleaned(scanner, page(HONEST + spam)) == page(HONEST)
    honest = comment(205, "Anna", "Great article. Students keep asking where to find a crack free download of paid "
                     "software; see the IT desk's advice at "
                     '<a href="https://it.university.example/software">the IT help pages</a>.')
    result = cleaned(scanner, page(HONEST + honest))  # its link names no goods: the phrase goes, the comment stays
    assert "Anna" in result and '<a href="https://it.university.example/software">the IT help pages</a>' in result
