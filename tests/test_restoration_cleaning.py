"""Cleaning with restoration: the founding case comes back as it was published."""

from __future__ import annotations

import pytest

from scanner import Document
from scanner.cleaning import _tones_apart

from .conftest import FIXTURES, SEED, run_cli

SPAM = "bet365 tiếng việt_đặt cược bet365_cách vào bet365"


def test_seed_is_restored_at_all_four_places(scanner):
    cleaned = scanner.clean(Document(str(SEED), SEED.read_bytes()))
    original = SEED.read_text(encoding="utf-8")
    assert cleaned.data.decode("utf-8") == original.replace(SPAM, "bảo")
    [restored] = cleaned.restorations
    assert (restored.word, restored.gaps, restored.language) == ("bảo", 4, "vi")
    assert restored.confidence >= 0.99


def test_seed_cli_prints_restored_article_and_reports_the_evidence():
    process = run_cli("clean", str(SEED))
    assert process.returncode == 0
    assert process.stdout.decode().count("bảo vệ chủ quyền") == 4
    assert "restored 'bảo' in 4 place(s)" in process.stderr.decode()


def test_restore_off_only_removes(scanner):
    cleaned = scanner.clean(Document(str(SEED), SEED.read_bytes()), restore="off")
    assert cleaned.data.decode("utf-8").count("về vệ chủ quyền") == 2 and cleaned.restorations == ()


def test_inserted_spam_is_removed_without_a_marker(scanner):
    text = "The council met on Monday to discuss buy viagra online the new budget for schools.\n"
    cleaned = scanner.clean(Document("a.txt", text.encode()), restore="mark")
    assert cleaned.data.decode() == "The council met on Monday to discuss the new budget for schools.\n"
    [judged] = cleaned.restorations
    assert (judged.kind, judged.word, judged.gaps) == ("inserted", None, 1) and 0.5 < judged.confidence <= 1


def test_inserted_spam_is_reported_with_the_judgement(tmp_path):
    page = tmp_path / "a.txt"
    page.write_text("The council met on Monday to discuss buy viagra online the new budget for schools.\n", encoding="utf-8")
    process = run_cli("clean", str(page))
    assert process.returncode == 0
    assert "the text reads whole without the spam (judged inserted" in process.stderr.decode()


def test_the_restored_word_goes_back_in_the_title_description_and_structured_data_too(scanner):
    """The injection replaced the word everywhere: what the text tells goes back in the head as well."""
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").replace(SPAM, "bảo").split("\n") if p.strip()]
    page = ('<html><head><title>Tăng cường bảo vệ chủ quyền biển đảo - Báo Tỉnh</title>'
            '<meta name="description" content="Ban Chỉ đạo bàn biện pháp bảo vệ chủ quyền.">'
            '<script type="application/ld+json">{"headline": "Tăng cường bảo vệ chủ quyền biển đảo"}</script></head><body>'
            + "".join(f"<p>{p}</p>\n" for p in paragraphs) + "</body></html>")
    infected = page.replace("bảo", SPAM)
    cleaned = scanner.clean(Document("page.html", infected.encode()))
    assert cleaned.data.decode("utf-8") == page
    # "restored in N places" counts the head's places too
    assert [(r.word, r.gaps) for r in cleaned.restorations] == [("bảo", page.count("bảo"))]


def test_a_spam_string_found_as_two_overlapping_findings_is_one_gap(scanner):
    """The repeated phrase ends at its last vocabulary word and a rule finds the chain's tail: together they are
    the one string that replaced the word, and the word goes back in its place."""
    spam = "đá gà trực tiếp hôm nay_đá gà cựa sắt kc999_xem đá gà online"
    original = SEED.read_text(encoding="utf-8").replace(SPAM, "bảo")
    cleaned = scanner.clean(Document("seed.txt", original.replace("bảo", spam).encode()))
    assert cleaned.data.decode("utf-8") == original


def test_a_word_written_twice_is_restored_twice(scanner):
    """"bảo bảo" became the spam string twice side by side: two gaps of the same injection, each gets the word."""
    original = SEED.read_text(encoding="utf-8").replace(SPAM, "bảo")
    doubled = original.replace("bảo vệ", "bảo bảo vệ", 1)
    cleaned = scanner.clean(Document("seed.txt", doubled.replace("bảo", SPAM).encode()))
    assert cleaned.data.decode("utf-8") == doubled
    [restored] = cleaned.restorations
    assert (restored.word, restored.gaps) == ("bảo", 5)


def test_each_page_of_a_pool_reports_its_own_gaps_and_the_pool_in_its_evidence(scanner):
    original = SEED.read_text(encoding="utf-8").replace(SPAM, "bảo")
    pages = [original, original.replace("bảo", "giữ", 2)]  # the second page holds two fewer "bảo"
    results = list(scanner.clean_many(Document(f"p{i}.txt", page.replace("bảo", SPAM).encode())
                                      for i, page in enumerate(pages)))
    assert [r.restorations[0].gaps for r in results] == [original.count("bảo"), original.count("bảo") - 2]
    assert all(f"{2 * original.count('bảo') - 2} gaps on 2 pages" in r.restorations[0].evidence for r in results)


def test_a_marker_goes_into_html_as_text():
    """A marker such as "<missing word>" would be an unknown element in HTML, and "&" a broken reference."""
    from scanner import Scanner
    from scanner.config import Config
    page = ("<html><body><p>Residents of the valley said the slot gacor maxwin togel88's plans for the new school "
            "were welcome.</p></body></html>")
    marked = Scanner(Config(marker="<missing word> & co")).clean(Document("a.html", page.encode()), restore="mark")
    assert "the &lt;missing word&gt; &amp; co's plans" in marked.data.decode()
    as_text = Scanner(Config(marker="<missing word>")).clean(Document("a.txt", page.encode()), restore="mark")
    assert "the <missing word>'s plans" in as_text.data.decode()


def test_the_restored_word_goes_back_in_image_descriptions_and_link_addresses_too(scanner):
    """A replacement made over the whole page reaches an image's alt and title and the addresses of links:
    the word goes back there too, and an address keeps its target ("/bao-ve-...", escaped as it was written)."""
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").replace(SPAM, "bảo").split("\n") if p.strip()]
    page = ('<html><head><title>Tin tức</title><link rel="canonical" href="https://baotinh.example/bảo-vệ-biển?id=7&amp;p=2">'
            '</head><body><img src="/a.jpg" alt="Lực lượng bảo vệ biển đảo tuần tra" title="Hải đội bảo vệ">'
            + "".join(f"<p>{p}</p>\n" for p in paragraphs)
            + '<p><a href="https://baotinh.example/tin/bảo-vệ-chủ-quyền">Xem thêm</a></p></body></html>')
    infected = page.replace("bảo", SPAM)
    cleaned = scanner.clean(Document("page.html", infected.encode()))
    assert cleaned.data.decode("utf-8") == page


def test_a_removed_advertisement_sentence_gets_no_word_put_back(scanner):
    """A sentence of spam was added, not put in a word's place; and a page alone in an unknown language gives no
    statistics to choose a word from (its own "Nice" was put back, with confidence 1)."""
    for text in ("Nice & useful. Buy cialis online no prescription\n",
                 "Library hours & news | Buy cialis online no prescription\n"):
        cleaned = scanner.clean(Document("comment.txt", text.encode()))
        assert cleaned.data.decode() == text.split(" Buy")[0].rstrip(" |") + "\n"
        assert all(r.word is None for r in cleaned.restorations)


def test_an_article_word_between_two_copies_of_the_spam_stays(scanner):
    """"bảo trì bảo dưỡng" became "<S> trì <S> dưỡng", which a rule matched as one piece: "trì" stays, both
    copies get the word back."""
    original = SEED.read_text(encoding="utf-8").replace(SPAM, "bảo") + (
        "Công ty Thiên Sơn nhận bảo trì bảo dưỡng hệ thống điện cho các cơ quan của tỉnh.\n")
    cleaned = scanner.clean(Document("page.txt", original.replace("bảo", SPAM).encode()))
    assert cleaned.data.decode("utf-8") == original


def test_a_short_spam_string_keeps_the_article_words_that_always_follow_the_replaced_word(scanner):
    """A short chain is a repeat of its own, and every copy stood before "vệ" (or "tồn"): that word is the
    article's and stays, and so does "một số" after the last copy (a chain ends at "xổ số", not at "số"); the
    spam's own "nhà" of "nhà cái" goes with it, however often the article writes "nhà"."""
    spam = "nhà cái uy tín_kèo nhà cái_xyz88"
    original = SEED.read_text(encoding="utf-8").replace(SPAM, "bảo") + (
        "Nhà văn hóa xã, nhà truyền thống và nhà bia tưởng niệm được tỉnh bảo tồn một số năm nay.\n")
    cleaned = scanner.clean(Document("page.txt", original.replace("bảo", spam).encode()))
    assert cleaned.data.decode("utf-8") == original
    [restored] = cleaned.restorations
    assert (restored.word, restored.gaps) == ("bảo", 5)


def test_pages_sharing_a_spam_string_that_replaced_different_words_are_not_given_one_word(scanner):
    """The seed's "bảo" and, on another page with the same string, "trường": pooled, the other page's "bảo hiểm"
    ruled "bảo" out for both, and no word came back anywhere. The seed alone is sure of its word, so it leaves the
    pool; the other page gets no word it does not have."""
    original = SEED.read_text(encoding="utf-8").replace(SPAM, "bảo")
    other = (FIXTURES / "vi" / "vi-0003.clean.txt").read_text(encoding="utf-8") + (
        "Ông cho biết công ty bảo hiểm đã chi trả cho các hộ dân.\n")
    seed_page, other_page = scanner.clean_many([Document("a.txt", original.replace("bảo", SPAM).encode()),
                                                Document("b.txt", other.replace("trường", SPAM).encode())])
    assert seed_page.data.decode("utf-8") == original
    assert [(r.word, r.gaps) for r in seed_page.restorations] == [("bảo", 4)]
    assert all(r.word in (None, "trường") for r in other_page.restorations)


def test_a_page_with_one_copy_of_a_phrase_other_pages_repeat_loses_all_of_it(scanner):
    """"buy cialis online cheap" for every "government": four copies on one page make it a repeated phrase; on a
    page with one copy, a rule matches "buy cialis online" alone, and "cheap" stayed where the word was. Cleaned
    together, the run tells that page the whole phrase, and its gap joins the others'."""
    spam = "buy cialis online cheap"
    many = ("The government announced a new housing plan on Tuesday. Critics said the government had promised the "
            "same homes two years ago, and the opposition asked the government to publish its figures. A spokesman "
            "for the government said the first sites would open in spring.\n")
    once = "Farmers met the government in March to discuss the drought and the price of feed for the winter.\n"
    pages = scanner.clean_many([Document("a.txt", many.replace("government", spam).encode()),
                                Document("b.txt", once.replace("government", spam).encode())], restore="off")
    cleaned = [page.data.decode() for page in pages]
    assert cleaned == [many.replace(" government", ""), once.replace(" government", "")]


def test_a_brand_alone_on_one_page_does_not_cut_a_chain_holding_it_on_another(scanner):
    """Blind probe 35: "kubet" replacing "người" on some pages of a run made every "kubet" of another page's chain
    "kubet tiếng việt_đăng ký kubet_link vào kubet" a gap of its own; "tiếng việt__" was left there with a word
    put back three times."""
    alone = ("Nhiều người dân trong xã đã họp bàn về việc sửa đường, và người cao tuổi được hỏi ý kiến trước. Những "
             "người trẻ góp tiền, còn người ở xa gửi thư về ủng hộ, và người làm ruộng góp công.\n")
    chain = "kubet tiếng việt_đăng ký kubet_link vào kubet"
    with_chain = "Người dùng nên tự bảo vệ mình trước các trang lừa đảo trên mạng.\n"
    pages = list(scanner.clean_many([Document("a.txt", alone.replace("người", "kubet").encode()),
                                     Document("b.txt", with_chain.replace("bảo", chain).encode())]))
    cleaned = [page.data.decode() for page in pages]
    assert "kubet" not in cleaned[0]
    assert cleaned[1] in (with_chain, with_chain.replace("bảo ", ""))  # the word back, or a gap
    assert [(r.spam, r.gaps) for r in pages[1].restorations] == [(chain, 1)]  # one gap, not three "kubet" gaps


def test_a_brand_found_alone_on_one_page_is_not_removed_from_the_other_pages_of_the_run(scanner):
    """Blind probe 36: once "bet365" was judged a replacing brand on one page, cleaning a folder took it out of every
    page (a business story's "bet365" became "that" eight times), though their own scans were only suspicious."""
    alone = ("Nhiều người dân trong xã đã họp bàn về việc sửa đường, và người cao tuổi được hỏi ý kiến trước. Những "
             "người trẻ góp tiền, còn người ở xa gửi thư về ủng hộ, và người làm ruộng góp công.\n")
    honest = ("Công an cho biết trang kubet đã bị chặn. Nhiều tài khoản kubet bị khóa sau khi điều tra đánh bạc.\n")
    pages = list(scanner.clean_many([Document("a.txt", alone.replace("người", "kubet").encode()),
                                     Document("b.txt", honest.encode())]))
    assert "kubet" not in pages[0].data.decode() and pages[1].data.decode() == honest


def test_a_word_or_marker_the_file_encoding_lacks_is_written_so_that_it_fits(scanner):
    """The seed in windows-1258 gets "bảo" decomposed (the code page has the tone mark, not the letter); a Latin-1
    page gets the marker "[…]" as a character reference, a text file in a Windows code page "[...]" for "[□]"."""
    original = SEED.read_text(encoding="utf-8")
    legacy = _tones_apart(original).encode("cp1258")
    cleaned = scanner.clean(Document("seed-1258.txt", legacy))
    assert cleaned.data == _tones_apart(original.replace(SPAM, "bảo")).encode("cp1258")
    text = ("Residents of the valley said the slot gacor maxwin togel88's plans for the new school were welcome. "
            "Caf\u00e9 owners agreed.\n")
    page = f'<html><head><meta charset="iso-8859-1"></head><body><p>{text}</p></body></html>'
    marked = scanner.clean(Document("a.html", page.encode("latin-1")), restore="mark")
    assert "the [&#8230;]'s plans" in marked.data.decode("latin-1")
    from scanner import Scanner
    from scanner.config import Config
    as_text = Scanner(Config(marker="[\u25a1]")).clean(Document("a.txt", text.encode("latin-1")), restore="mark")
    assert "the [...]'s plans" in as_text.data.decode(as_text.encoding)


def test_a_phrase_learned_replacing_a_word_heads_an_advert_elsewhere_and_gets_no_word(scanner):
    """Blind probe 44: the run learns from one page that "jual followers instagram murah" replaced "tidak"; on
    another page the same phrase opens an advertisement beside other spam, where no word was replaced, and no
    "Tidak" is put into what is left of the advert."""
    spam = "jual followers instagram murah"
    replaced = ("<p>Warga mengatakan bahwa jalan desa {0} pernah diperbaiki sejak lima tahun lalu. Kepala desa {0} "
                "membantah hal itu, tetapi warga {0} percaya pada janji tersebut.</p>").format(spam)
    advert = ("<p>Harga cabai di pasar induk naik dua kali lipat menjelang akhir pekan, kata pedagang.</p>\n"
              "<p>Jual followers Instagram murah, aktif dan permanen! Beli followers IG Indonesia real mulai "
              "Rp 10.000 per 1000, proses instan tanpa password. Order via WA sekarang.</p>")
    results = list(scanner.clean_many([Document("desa.html", replaced.encode()), Document("pasar.html", advert.encode())]))
    assert spam not in results[0].data.decode()
    assert not results[1].restorations, results[1].restorations  # no gap there
    assert "followers" not in results[1].data.decode().lower()


SYRIA = (
    "Quân đội Syria mở cuộc phản công ở phía tây mỏ khí Hayyan\n"
    "Ngày 10.2, quân đội Syria tiến hành cuộc phản công quyết liệt phía tây mỏ khí Hayyan, giải phóng những ngọn đồi "
    "then chốt khống chế khu vực chiến lược này, cách thành phố Palmyra 40 km về phía tây.\n"
    "Theo nguồn tin địa phương, các đơn vị quân đoàn số 5 phối hợp với lực lượng dân quân đánh chiếm các cao điểm "
    "chiều cùng ngày sau loạt trận đấu súng căng thẳng. Giành được các cao điểm, quân đội Syria một lần nữa tập trung "
    "mũi nhọn tấn công vào khu mỏ khí then chốt này.\n"
    "Đầu tuần này, quân đội Syria thất bại trong trận phòng thủ khu mỏ khí sau khi đối phương tiến hành cuộc tấn công "
    "ác liệt. Quân đội Syria sau đó tổ chức lại lực lượng và từ khu vực ngã ba Jihar lại tiến hành cuộc tấn công.\n"
    "Giới quan sát cho rằng trong tình huống này, quân đội Syria cần một trận đánh quyết định để giành lại ưu thế "
    "trên chiến trường sa mạc tỉnh Homs.\n"
)


def test_the_article_words_around_a_replaced_word_of_a_fixed_phrase_stay(scanner):
    """Every "đội" of "quân đội Syria" became "luckyreels casino": each copy stands between "quân" and "Syria", so
    the repeat takes both. "Quân" opens a sentence at one copy and a search and replace writes the same string every
    time, so "quân" is the article's; and "Syria", after the string's last term, is the article's too."""
    infected = SYRIA.replace("đội", "luckyreels casino")
    cleaned = scanner.clean(Document("page.txt", infected.encode())).data.decode()
    assert "luckyreels" not in cleaned and "casino" not in cleaned
    assert cleaned.lower().count("quân") == SYRIA.lower().count("quân")
    assert cleaned.count("Syria") == SYRIA.count("Syria")


def test_the_article_word_after_a_replaced_word_stays_after_a_brand_string(scanner):
    """Every "làm" of "làm ruộng" became "tài xỉu online kimbet": "ruộng" follows every copy, after the string's
    last term, and is the article's."""
    original = (
        "Nông dân xã Tân Phú chuyển đổi cây trồng\n"
        "Nhiều hộ dân ở xã Tân Phú đã bỏ nghề làm ruộng để trồng cây ăn quả. Theo ông Nguyễn Văn Hùng, chủ tịch xã, "
        "thu nhập từ vườn cây cao gấp ba lần so với làm ruộng lúa như trước đây.\n"
        "Tuy vậy, vẫn còn khoảng 200 hộ tiếp tục làm ruộng trên diện tích gần 150 héc-ta. Xã đang hỗ trợ giống mới "
        "và kỹ thuật canh tác để người dân yên tâm sản xuất.\n"
        "Ông Hùng cho biết các hộ làm ruộng sẽ được vay vốn ưu đãi trong năm tới, đồng thời xã sẽ mở thêm các lớp "
        "tập huấn về nông nghiệp sạch cho bà con.\n"
    )
    cleaned = scanner.clean(Document("page.txt", original.replace("làm", "tài xỉu online kimbet").encode())).data.decode()
    assert "kimbet" not in cleaned and "xỉu" not in cleaned
    assert cleaned.count("ruộng") == original.count("ruộng")


def test_the_article_words_between_two_copies_of_a_foreign_spam_string_stay(scanner):
    """A span in another script that replaced "người" at two places of one line is two spans: the Vietnamese words
    between them (all of four letters or fewer) are the article's, not a part of one foreign text."""
    spam = "金沙娱乐城 jinsha7788_百家乐 真人荷官"
    original = (
        "Dạy trẻ biết tôn trọng và chia sẻ\n"
        "Cha mẹ cần dạy trẻ biết lắng nghe và tôn trọng người khác. Hạnh kiểm kém của trẻ sẽ có hại cho bản thân trẻ "
        "và người xung quanh, các chuyên gia giáo dục cho biết.\n"
        "Theo các chuyên gia, cha mẹ nên làm gương cho trẻ trong sinh hoạt hằng ngày, từ cách chào hỏi đến cách "
        "xin lỗi khi mắc lỗi. Trẻ học từ những gì cha mẹ làm nhiều hơn những gì cha mẹ nói.\n"
    )
    cleaned = scanner.clean(Document("page.txt", original.replace("người", spam).encode())).data.decode()
    assert "金沙" not in cleaned and "jinsha" not in cleaned
    assert "khác. Hạnh kiểm kém của trẻ sẽ có hại cho bản thân trẻ và" in cleaned


def test_a_keyword_inside_an_advert_removed_whole_is_no_gap(scanner):
    """An advert paragraph removed whole takes the keyword hidden with zero-width spaces in it along: no word goes
    back there, and nothing is reported as a word that could not be restored."""
    page = ("<html><head><title>Council budget</title></head><body><h1>Council budget</h1>"
            "<p>The council approved its budget for next year on Tuesday, with more money for roads and libraries.</p>"
            "<p>Play at Orchid Ca\u200bsino tonight: the best on\u200bline ca\u200bsino bonus with 200 free spins, sign up "
            "at <a href=\"https://orchid-cas1no.com/\">orchid-cas1no.com</a></p>"
            "<p>The mayor said the new budget would keep council tax rises below inflation.</p></body></html>")
    cleaned = scanner.clean(Document("page.html", page.encode()))
    assert "Orchid" not in cleaned.data.decode() and "mayor said" in cleaned.data.decode()
    assert cleaned.restorations == ()


def test_a_copy_of_the_spam_cut_short_at_the_end_of_the_description_goes(scanner):
    """The site made the description of the article's first words and cut it short inside the spam string that
    replaced "bảo": what is left of the string ("bet365 tiếng việt_đặt cư") goes too."""
    article = SEED.read_text(encoding="utf-8").replace(SPAM, "bảo")
    description = "Tỉnh Quảng Trị tổ chức tuyên truyền về " + SPAM[:25]
    page = (f'<html><head><title>Tuyên truyền biển đảo</title><meta name="description" content="{description}">'
            "</head><body>" + "".join(f"<p>{line}</p>" for line in article.replace("bảo", SPAM).splitlines())
            + "</body></html>")
    cleaned = scanner.clean(Document("page.html", page.encode())).data.decode()
    assert "bet365" not in cleaned
    assert 'content="Tỉnh Quảng Trị tổ chức tuyên truyền về"' in cleaned  # not "… về cượ"


@pytest.mark.parametrize("spam", [
    "spinrocket casino_spinrocket free spins no deposit",  # the brand before the first term, named again inside
    "casino en línea fortunaplay_giros gratis fortunaplay",  # ... after the last term
    "tài xỉu online sunwin79x_sunwin79x club",  # a brand's affix written apart after it
    "đá gà thomo_xem đá gà trực tiếp_đá gà cựa sắt",  # the cockfights' iron spurs, a betting word
])
def test_the_outer_pieces_of_a_chain_go_whole(scanner, spam):
    """A chain's first and last pieces hold words no vocabulary named: they stayed before or after every replaced
    "bảo". The seed's article comes back whole."""
    original = SEED.read_text(encoding="utf-8").replace(SPAM, "bảo")
    cleaned = scanner.clean(Document("page.txt", original.replace("bảo", spam).encode()))
    assert cleaned.data.decode("utf-8") == original


QUOC = (
    "Trung Quốc và Hàn Quốc tăng cường hợp tác quốc phòng\n"
    "Bộ quốc phòng Trung Quốc ngày 9/5 cho biết hai nước sẽ tổ chức các cuộc diễn tập chung trong năm nay.\n"
    "Theo thông báo, lực lượng hải quân Trung Quốc và Hàn Quốc sẽ phối hợp tuần tra ở vùng biển phía bắc.\n"
    "Các chuyên gia cho rằng quan hệ giữa Trung Quốc và Hàn Quốc đang được cải thiện sau nhiều năm căng thẳng.\n"
    "Một quan chức Trung Quốc nói rằng hợp tác quốc phòng sẽ góp phần giữ ổn định trong khu vực.\n"
    "Năm ngoái, kim ngạch thương mại giữa hai nước đạt mức cao nhất, theo số liệu của hải quan Trung Quốc.\n"
)


def test_a_web_address_alone_where_a_name_syllable_was_goes_and_no_other_word_takes_its_place(scanner):
    """Every "Quốc" of "Trung Quốc" and "Hàn Quốc" became "tigon789.com.vn": the address alone, written again and
    again where a word was, is the spam ("Trung" and "Hàn" are the article's), and as every gap follows a
    capitalised word the replaced word was a capitalised syllable, which "quốc phòng" in lower case does not rule out:
    no word ("ương" of "Trung ương") is put back."""
    cleaned = scanner.clean(Document("page.txt", QUOC.replace("Quốc", "tigon789.com.vn").encode()))
    text = cleaned.data.decode()
    assert "tigon789" not in text
    assert text.count("Trung") == QUOC.count("Trung") and text.count("Hàn") == QUOC.count("Hàn")
    assert all(restored.word is None for restored in cleaned.restorations)


def test_a_first_word_glued_to_the_spam_by_a_hyphen_is_no_article_word_of_its_own(scanner):
    """"hip-hop" with every "hop" replaced: "hip-" stands before every copy and is capitalised in one ("Hip-"), but it
    is half of a word, not a word opening a sentence; the phrase is found as before."""
    original = (
        "The producer who changed the sound of a decade\n"
        "US hip-hop star Dana Reeve - who leads the race for this year's awards with eight nominations - rose to "
        "prominence by producing songs for other artists.\n"
        "Hip-hop producer Leon Marsh encouraged Reeve to sample old soul records and revive them with an updated sound, "
        "an approach that would become her trademark.\n"
        "Reeve began rapping as a teenager at her Detroit school, inspired by the beats of early hip-hop pioneers.\n"
        "Her debut album became the best-selling hip-hop record of the year, and critics praised its warmth.\n"
        "She now runs a studio that trains young hip-hop producers from her old neighbourhood.\n"
    )
    infected = original.replace("hop", "reelbadger nhà cái uy tín")
    result = scanner.scan(Document("page.txt", infected.encode()))
    assert str(result.verdict) == "injected"
    assert "reelbadger" not in scanner.clean(Document("page.txt", infected.encode())).data.decode()


def test_a_betting_word_ending_the_string_goes_with_it(scanner):
    """"wagerfox betting odds" for every "the": "odds" after the last term is the string's, as the tails of the
    vocabulary are, where the page writes it nowhere else."""
    original = SEED.read_text(encoding="utf-8").replace(SPAM, "bảo")
    cleaned = scanner.clean(Document("page.txt", original.replace("bảo", "wagerfox betting odds").encode()))
    assert "odds" not in cleaned.data.decode() and "wagerfox" not in cleaned.data.decode()


def test_the_article_word_before_every_copy_stays_when_the_article_writes_it_elsewhere_too(scanner):
    """Every "tua" of "orang tua" became a casino string: "orang" stands before every copy, but the article writes it
    elsewhere too ("banyak orang"), so it is the article's, not the string's first word."""
    original = (
        "Sekolah ajak orang tua dampingi anak belajar di rumah\n"
        "Kepala sekolah meminta orang tua siswa mendampingi anak belajar di rumah selama libur semester.\n"
        "Menurut dia, peran orang tua sangat penting agar anak tetap membaca dan berlatih soal setiap hari.\n"
        "Sekolah juga membuka kelas konsultasi bagi orang tua yang ingin tahu perkembangan anaknya.\n"
        "Banyak orang menilai program ini bermanfaat, dan beberapa orang tua mengusulkan agar kelas itu dibuka tiap bulan.\n"
        "Pihak sekolah berharap kerja sama dengan orang tua terus berlanjut pada tahun ajaran baru.\n"
    )
    infected = original.replace("tua", "elangwin casino online free spins")
    cleaned = scanner.clean(Document("page.txt", infected.encode())).data.decode()
    assert "elangwin" not in cleaned and "casino" not in cleaned
    assert cleaned.count("orang") == original.count("orang")
