"""Keyword injections without a word list: repeated phrases, unknown brands, foreign-script spans."""

from __future__ import annotations

import pytest

from scanner import Document, Scanner
from scanner.detection.detectors.keywords import KeywordInjections
from scanner.rules import RuleSet

ARTICLE = ("Ban Chỉ đạo đã tăng cường phối hợp, định hướng tuyên truyền về bảo vệ chủ quyền biển đảo. "
           "Các thành viên bảo đảm thông tin kịp thời và bảo vệ an ninh biên giới.\n\n"
           "Tỉnh tiếp tục đầu tư bảo tồn di tích và bảo hiểm cho người lao động.\n")


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


def findings(scanner: Scanner, source: str) -> list[tuple[str, str, int, int]]:
    result = scanner.scan(Document("page.txt", source.encode()))
    return [(f.rule_id, str(f.severity), f.start, f.end) for f in result.findings]


def clean(scanner: Scanner, source: str) -> str:
    return scanner.clean(Document("page.txt", source.encode()), restore="off").data.decode()


def test_unknown_brand_phrase_replacing_a_word_everywhere() -> None:
    scanner = Scanner(ruleset=RuleSet((), {}), detectors=[KeywordInjections()])  # this detector alone, no word list
    phrase = "zowin79 cổng game_link vào zowin79"
    source = ARTICLE.replace("bảo", phrase)
    starts = [i for i in range(len(source)) if source.startswith(phrase, i)]
    assert len(starts) == 5
    assert findings(scanner, source) == [("injection.repeated-phrase", "high", s, s + len(phrase)) for s in starts]
    cleaned = clean(scanner, source)
    assert cleaned == ARTICLE.replace("bảo ", "").replace(" bảo", "")
    assert findings(scanner, cleaned) == []


def test_capitalised_spam_phrase_is_removed_from_text_title_and_description() -> None:
    """A phrase in capitals throughout is not a name; once it is spam in the text, the title and meta
    description copies of it are the same injection."""
    scanner = Scanner(ruleset=RuleSet((), {}), detectors=[KeywordInjections()])
    phrase = "TOGEL ONLINE WINBET77"
    body = ("<p>Resep {p} sayur asem ini mudah dibuat. Rebus {p} jagung dan kacang panjang.</p>"
            "<p>Tambahkan asam jawa, {p} gula merah dan garam secukupnya.</p>")
    page = (f"<html><head><title>{phrase} Sayur Asem</title><meta name=\"description\" content=\"{phrase} Sayur Asem\">"
            f"</head><body>{body.format(p=phrase)}</body></html>")
    result = scanner.scan(Document("page.html", page.encode()))
    assert sorted({(f.scope, f.match) for f in result.findings}) == [
        ("meta", phrase), ("text", phrase), ("title", phrase)]
    cleaned = scanner.clean(Document("page.html", page.encode()), restore="off").data.decode()
    assert "WINBET77" not in cleaned
    assert "<title>Sayur Asem</title>" in cleaned and "Rebus jagung dan kacang panjang" in cleaned


def test_brand_token_packed_with_betting_words(scanner: Scanner) -> None:
    spam = "tk99bet nhà cái đăng ký"
    source = "Người dân được khuyến cáo. Tham gia " + spam + " ngay hôm nay.\n"
    start = source.index(spam)
    assert findings(scanner, source) == [("injection.brand-token", "high", start, start + len(spam))]
    assert clean(scanner, source) == "Người dân được khuyến cáo. Tham gia ngay hôm nay.\n"


def test_brand_in_honest_reporting_is_only_reported(scanner: Scanner) -> None:
    source = "Theo đánh giá của nhà cái Bet365, đội chủ nhà có lợi thế trong trận đấu tối nay.\n"
    result = scanner.scan(Document("page.txt", source.encode()))
    assert [(f.rule_id, str(f.severity), f.action) for f in result.findings if f.rule_id.startswith("injection")] == [
        ("injection.brand-token", "medium", "report")]


def test_chinese_betting_span_in_a_vietnamese_article(scanner: Scanner) -> None:
    spam = "开元棋牌官方网站"
    source = ARTICLE.replace("định hướng tuyên truyền", "định hướng " + spam + " tuyên truyền")
    start = source.index(spam)
    assert findings(scanner, source) == [("injection.foreign-script", "high", start, start + len(spam))]
    assert clean(scanner, source) == ARTICLE


ARTIKEL = ("Pemerintah terus memperketat pengawasan terhadap situs yang menawarkan permainan dengan uang. "
           "Kementerian menyebut ribuan situs telah diblokir sepanjang tahun ini, namun pelaku terus membuat alamat "
           "baru. Masyarakat diminta melapor bila menemukan iklan semacam itu di media sosial.\n\n")


def test_a_comment_in_another_script_naming_gambling_once_is_only_reported(scanner: Scanner) -> None:
    """A Thai reader writes "we have the online gambling problem too": one betting word, nothing sold."""
    comment = "ที่ไทยก็มีปัญหาการพนันออนไลน์เหมือนกันครับ"
    source = ARTIKEL + comment + "\n"
    assert findings(scanner, source) == [("injection.foreign-script", "medium", len(ARTIKEL), len(source) - 1)]
    assert clean(scanner, source) == source


def test_a_span_in_another_script_with_two_betting_words_is_an_injection(scanner: Scanner) -> None:
    spam = "บาคาร่า คาสิโนออนไลน์"
    source = ARTIKEL + spam + "\n"
    assert findings(scanner, source) == [("injection.foreign-script", "high", len(ARTIKEL), len(source) - 1)]


def test_foreign_betting_words_an_article_names_in_brackets_are_only_reported(scanner: Scanner) -> None:
    """A write-up names the terms it writes about after its own word: a gloss, which spam does not write."""
    text = ("Spam on hacked sites is often written in other languages too, and Korean gambling terms "
            "(카지노사이트, 토토사이트) are common.")
    source = ARTIKEL + text + "\n"
    start = source.index("카")
    assert findings(scanner, source) == [("injection.foreign-script", "medium", start, source.index(")"))]
    assert clean(scanner, source) == source
    glued = source.replace("terms (카지노사이트, 토토사이트) are common", "terms are common 카지노사이트, 토토사이트")
    assert "high" in [severity for _, severity, _, _ in findings(scanner, glued)]  # glued on, not named: removed
    quoted = ("The group advertised through so-called \"mukti verification\" (먹튀검증) forums that steered users to "
              "its own casino sites.")
    assert clean(scanner, ARTIKEL + quoted + "\n") == ARTIKEL + quoted + "\n"  # the gloss of a quoted translation


def test_honest_repetition_and_short_foreign_names_are_silent(scanner: Scanner) -> None:
    source = ("Chủ tịch Tập Cận Bình (习近平) phát biểu. Ban Chỉ đạo công tác thông tin đối ngoại họp. "
              "Ban Chỉ đạo công tác thông tin đối ngoại đánh giá cao. Ban Chỉ đạo công tác thông tin đối ngoại kết luận "
              "rằng các đơn vị cần phối hợp chặt chẽ hơn trong thời gian tới để bảo đảm hiệu quả.\n")
    assert findings(scanner, source) == []


def test_a_cyrillic_article_is_not_cut_into_foreign_runs(scanner: Scanner) -> None:
    """Folding reads "о", "с", "р" as Latin letters; the article's script is judged before folding."""
    source = ("Сотрудники полиции задержали в Вологде трёх участников группы, которая продавала поддельные "
              "дипломы через сайты объявлений. По данным следствия, злоумышленники обещали клиентам запись в "
              "реестр, которого не существовало. Среди клиентов оказались люди, устроившиеся на работу в "
              "медицинские учреждения и строительные компании. Дело передано в суд.\n")
    assert findings(scanner, source) == []



def test_a_word_replaced_everywhere_after_the_same_article_word_leaves_that_word(scanner: Scanner) -> None:
    """Every "community" followed "the": the repeated phrase is the spam, not "the" with it."""
    spam = "slot88 daftar_link alternatif"
    article = ("After three years of fundraising, the community finally has its new library wing, and the hall "
               "opened on Saturday. The design of the wing was shaped by months of consultation with the community, "
               "including the teenagers who asked for the longer opening hours. \"This building belongs to the "
               "community,\" the head librarian said on the day, thanking the donors and the city for the grant.\n")
    source = article.replace("community", spam)
    assert clean(scanner, source) == article.replace(" community", "")


def test_a_short_article_keeps_its_function_word_before_a_replaced_word(scanner: Scanner) -> None:
    """Three sentences, every "community" after "the" and few other "the"s: "the" is still the article's."""
    article = ("The community garden opened on Saturday. Members of the community planted tomatoes and beans.\n"
               "The mayor thanked the community for its work, and said the community centre will host a fair.\n")
    source = article.replace("community", "slot gacor maxwin SLOT88")
    assert clean(scanner, source) == article.replace(" community", "")


def test_a_phrase_replacing_a_word_is_an_injection_when_most_occurrences_break_a_sentence(scanner: Scanner) -> None:
    spam = "apuestas777 link_alternatif"
    article = ("Después de dieciocho meses de obras, el mercado municipal reabrió este lunes con puestos renovados. "
               "Los clientes de siempre ya han vuelto, y vienen jóvenes que antes no pisaban el mercado. "
               "El ayuntamiento prevé ampliar el horario del mercado los sábados por la tarde.\n")
    source = article.replace("mercado", spam)
    assert {severity for rule, severity, _, _ in findings(scanner, source) if rule == "injection.repeated-phrase"} == {"high"}


def test_a_latin_brand_glued_to_thai_text_is_a_token_of_its_own(scanner: Scanner) -> None:
    """Thai has no spaces: "…_ufabet888น้ำ" is the brand "ufabet888" followed by Thai, not one long word."""
    article = ("ตลาดน้ำแห่งใหม่ในอำเภอแม่ริมเปิดให้บริการอย่างเป็นทางการเมื่อวันเสาร์ที่ผ่านมา\n"
               "นายกองค์การบริหารส่วนตำบลกล่าวว่า ตลาดแห่งนี้จะช่วยสร้างรายได้ให้ชาวบ้าน\n")
    source = article.replace("ตลาด", "สล็อตเว็บตรง_ufabet888")
    cleaned = clean(scanner, source)
    assert "ufabet888" not in cleaned and "_" not in cleaned
    assert "น้ำแห่งใหม่ในอำเภอแม่ริม" in cleaned and "แห่งนี้จะช่วยสร้างรายได้ให้ชาวบ้าน" in cleaned


def test_a_sentence_urging_the_reader_to_two_betting_brands_is_an_injection(scanner: Scanner) -> None:
    spam = " Xem kèo bóng chuyền và tỷ lệ kèo hôm nay tại sv368 và hi88vn, nạp tiền nhận thưởng 150%, rút tiền siêu tốc."
    article = "Bích Tuyền ghi 34 điểm, góp công lớn vào chiến thắng của đội.\n"
    assert clean(scanner, article.replace(".\n", "." + spam + "\n")) == article
    # reporting names the brands and the betting, without urging anyone on
    police = ("Công an xác định các đối tượng tổ chức cá cược qua trang sv368 và hi88vn, "
              "người chơi phải nạp tiền vào tài khoản trước khi đặt cược.\n")
    assert {severity for _, severity, _, _ in findings(scanner, police)} <= {"low", "medium"}


def test_a_long_spam_string_replacing_a_word_takes_no_sentence_with_it(scanner: Scanner) -> None:
    """17 words of loan spam instead of "masyarakat": the repeat is found whole (longer than the n-grams
    counted), and the article's sentences around it stay, even though its own words sell loans."""
    spam = "pinjol cepat cair tanpa bi checking_dana kilat 5 menit_pinjaman online ojk"
    article = ("Gubernur menilai tuntutan masyarakat daerah terhadap program pembangunan sangat tinggi. "
               "Sultan mengatakan para gubernur cukup beralasan untuk menjelaskan kepada masyarakat daerah. "
               "Kepala daerah dipilih langsung oleh masyarakat dan membutuhkan dukungan fiskal yang memadai. "
               "Mereka memiliki tanggung jawab politik terhadap masyarakat yang memilih mereka.\n")
    cleaned = clean(scanner, article.replace("masyarakat", spam))
    assert "pinjol" not in cleaned and "pinjaman" not in cleaned
    for honest in article.split("masyarakat"):
        assert honest.strip() in cleaned


def test_a_word_replaced_in_an_article_about_betting_leaves_its_sentences(scanner: Scanner) -> None:
    spam = "situs judi bola_sbobet88 link alternatif_agen bola terpercaya"
    article = ("The regulator said sports betting advertising would be restricted before the watershed. "
               "Operators spent more on betting promotions than ever, and charities warned about betting harm. "
               "Betting firms said they would comply with the new betting code from next year.\n")
    cleaned = clean(scanner, article.replace("betting", spam))
    assert cleaned.count(".") == 3 and "regulator said sports" in cleaned and "comply with the new" in cleaned


def test_a_description_copied_into_several_meta_tags_keeps_its_own_words(scanner: Scanner) -> None:
    """The head repeats the description (``description``, ``og:description``, ``twitter:description``), so the
    longest repeat around the spam is the whole description; only the spam goes, and a number ending the
    spam string ("nhận 77k") goes with it."""
    spam = "nhà cái kubet77 uy tín_link vào kubet77 mới nhất_đăng ký kubet77 nhận 77k"
    description = ("Sở Giao thông vận tải cho biết dự án nâng cấp cảng Chân Mây sẽ hoàn thành trong năm tới, "
                   "giúp tàu trọng tải lớn cập cảng thuận lợi hơn.")
    body = ("Theo Sở Giao thông vận tải, dự án nâng cấp cảng Chân Mây có tổng vốn hơn 1.200 tỷ đồng. "
            "Sau khi hoàn thành, tàu trọng tải lớn có thể cập cảng mà không phải chờ thủy triều. "
            "Lãnh đạo ban quản lý cảng cho biết lượng hàng qua cảng tăng đều trong ba năm gần đây.")
    page = (f'<html><head><title>Nâng cấp cảng Chân Mây</title><meta name="description" content="{description}">'
            f'<meta property="og:description" content="{description}">'
            f'<meta name="twitter:description" content="{description}"></head>'
            f"<body><p>{body}</p></body></html>")
    infected = page.replace("cảng", spam)
    cleaned = scanner.clean(Document("page.html", infected.encode()), restore="off").data.decode()
    assert cleaned == page.replace(" cảng", "")


def test_a_spam_string_that_repeats_its_first_word_is_removed_whole(scanner: Scanner) -> None:
    """"đá" occurs three times in each copy of the spam: those are not the article's own uses of it."""
    spam = "đá gà trực tiếp hôm nay_đá gà cựa sắt cf68_xem đá gà online"
    article = ("Sáng nay, hàng trăm người dân đã có mặt tại quảng trường để xem lễ thượng cờ. "
               "Nhiều người cho biết họ đi từ sớm để có chỗ đứng tốt. Ban tổ chức bố trí thêm lực lượng "
               "hướng dẫn người đi bộ qua các nút giao đông đúc.\n")
    cleaned = clean(scanner, article.replace("người", spam))
    assert cleaned == article.replace(" người", "")


def test_a_spam_phrase_without_a_brand_replacing_a_word_is_an_injection(scanner: Scanner) -> None:
    """No brand and no ``_`` chain, but the phrase stands where a word was, three times, and the article
    names nothing of what it sells anywhere else."""
    spam = "generic cialis online no prescription"
    article = ("Engineers closed the old bridge on Monday after inspectors found cracks in two of its piers. "
               "Commuters who cross the bridge every morning were sent on a detour through the town centre, "
               "and the council said the bridge would stay shut until the repairs are finished in spring.\n")
    source = article.replace("bridge", spam)
    assert {severity for rule, severity, _, _ in findings(scanner, source)
            if rule == "injection.repeated-phrase"} == {"high"}
    assert clean(scanner, source) == article.replace(" bridge", "")


def test_an_article_naming_its_subject_with_the_same_phrase_is_not_an_injection(scanner: Scanner) -> None:
    article = ("Kementerian memblokir ribuan situs judi online sepanjang tahun ini. Menurut kementerian, situs judi "
               "online kerap berganti alamat sehingga pemblokiran harus terus dilakukan. Polisi juga menangkap "
               "pelaku judi yang mengelola situs judi online dari luar negeri.\n")
    assert {severity for _, severity, _, _ in findings(scanner, article)} <= {"info", "low", "medium"}


def test_the_year_after_a_replaced_word_stays(scanner: Scanner) -> None:
    """"tahun" was replaced everywhere; the years after it are the article's, not the end of the chain."""
    spam = "slot gacor maxwin hoki88_situs judi hoki88_link alternatif hoki88"
    article = ("Pemilu serentak akan digelar pada tahun 2029 menurut rencana KPU. Sistem ini pertama kali dibahas "
               "pada tahun 1999, ketika reformasi dimulai. Anggaran tahun depan sudah disetujui DPR.\n")
    assert clean(scanner, article.replace("tahun", spam)) == article.replace(" tahun", "")


def test_a_number_ending_the_spam_string_goes_from_copied_descriptions_too(scanner: Scanner) -> None:
    spam = "xổ số lô đề online 9lode_soi cầu lô đề miền bắc_lô đề 1 ăn 99"
    description = "Thanh sắt rơi từ công trường đường sắt trên cao xuống phố."
    body = ("Một thanh sắt rơi từ công trường đường sắt trên cao. Ban quản lý công trường cho biết đã tạm dừng thi "
            "công để kiểm tra. Người dân đề nghị công ty xây dựng bảo đảm an toàn cho người đi đường.")
    page = (f'<html><head><meta name="description" content="{description}">'
            f'<meta property="og:description" content="{description}"></head><body><p>{body}</p></body></html>')
    cleaned = scanner.clean(Document("page.html", page.replace("công", spam).encode()), restore="off").data.decode()
    assert cleaned == page.replace(" công", "")


ENGLISH = ("<p>India and Russia are to work together in a series of energy deals, part of a pact which could see "
           "India invest in Russian oil fields. The agreement was signed in Moscow on Tuesday by the two countries' "
           "energy ministers, who said talks on a gas pipeline would continue next month.</p>\n"
           "<p>Analysts said the deal reflects India's growing appetite for energy as its economy expands, and "
           "Russia's wish to find new customers for its oil and gas beyond Europe. Officials from both sides "
           "described the talks as constructive and said further agreements could follow before the end of the year.</p>\n")


def html_clean(scanner: Scanner, source: str) -> str:
    return scanner.clean(Document("page.html", source.encode())).data.decode()


def test_a_japanese_shop_block_appended_to_an_article_goes_whole(scanner: Scanner) -> None:
    """The Japanese keyword hack: sentences and link texts of one shop advertisement are one foreign text."""
    spam = ("<p>人気のサプリメント 激安 通販 ランキング！ダイエット サプリ 効果 口コミ 最強、公式サイトより安い価格でお届けします。"
            "<a href=\"https://supple-yasui.example/ranking\">サプリ 激安 ランキング 2025</a> ・"
            "<a href=\"https://supple-yasui.example/diet\">ダイエット 成功 サプリ 通販</a></p>\n")
    cleaned = html_clean(scanner, ENGLISH + spam)
    assert cleaned.startswith(ENGLISH) and "サプリ" not in cleaned and "激安" not in cleaned


def test_a_japanese_shop_segment_ending_a_title_goes_with_its_separator(scanner: Scanner) -> None:
    page = ("<html><head><title>India and Russia in energy talks | The Northern Ledger | ルイヴィトン 財布 激安 通販 正規品 "
            "送料無料</title></head><body>" + ENGLISH + "</body></html>")
    assert html_clean(scanner, page) == page.replace(" | ルイヴィトン 財布 激安 通販 正規品 送料無料", "")


def test_a_japanese_example_in_a_code_sample_is_reported_not_removed(scanner: Scanner) -> None:
    page = ENGLISH + ("<p>Hacked sites showed up in search results with titles such as <code>ルイヴィトン 財布 激安 通販</code> "
                      "(Louis Vuitton wallet, cheap, mail order).</p>\n")
    result = scanner.scan(Document("page.html", page.encode()))
    assert [(f.rule_id, str(f.severity), f.action) for f in result.findings] == [
        ("injection.foreign-script", "medium", "report")]
    assert html_clean(scanner, page) == page


def test_a_long_honest_chinese_notice_with_two_everyday_offer_words_is_only_reported(scanner: Scanner) -> None:
    """"平台" (platform) and "下载" (download) are everyday words: two of them spread over a paragraph do not sell."""
    notice = ("工业区管理委员会通知各企业及外籍劳动者：自二零二五年十二月一日起，劳动许可证办理手续改为在线受理，"
              "申请人可通过省公共服务平台提交材料，所需表格可在管委会网站下载，如有疑问请致电一站式服务窗口咨询。")
    page = ENGLISH + "<p>" + notice + "</p>\n"
    result = scanner.scan(Document("page.html", page.encode()))
    assert result.verdict != "injected"
    assert html_clean(scanner, page) == page


def test_a_foreign_span_after_a_closing_bracket_still_breaks_the_sentence(scanner: Scanner) -> None:
    """"(Pemda) 开元棋牌官方网站 mempunyai": one betting word, inside a sentence of the article."""
    spam = "开元棋牌官方网站"
    source = ARTIKEL.replace("Kementerian menyebut", "Kementerian (Kominfo) " + spam + " menyebut")
    start = source.index(spam)
    assert findings(scanner, source) == [("injection.foreign-script", "high", start, start + len(spam))]


def test_a_foreign_span_ending_a_paragraph_of_the_article_is_an_injection(scanner: Scanner) -> None:
    """One betting word, but glued to the end of an article's paragraph, not a line of its own."""
    spam = "开元棋牌官方网站"
    source = ARTIKEL.replace("di media sosial.", "di media sosial. " + spam)
    start = source.index(spam)
    assert findings(scanner, source) == [("injection.foreign-script", "high", start, start + len(spam))]


def test_a_japanese_shop_segment_in_brackets_goes_with_its_brackets(scanner: Scanner) -> None:
    page = ("<html><head><title>Energy talks in Moscow 【激安通販】スーパーコピー ブランド 財布 送料無料 | The Northern Ledger"
            "</title></head><body>" + ENGLISH + "</body></html>")
    assert html_clean(scanner, page) == page.replace(" 【激安通販】スーパーコピー ブランド 財布 送料無料", "")


def test_a_phrase_with_a_strong_rule_match_in_every_copy_replacing_a_word_goes_whole(scanner: Scanner) -> None:
    """"cheap generic cialis" for every "said": one goods word, but a sales phrase of the rule packs in each copy;
    "cheap" goes with it, not left eleven times in the article."""
    article = ("The minister said the plans would help the police. Critics said the cards were too expensive, and "
               "the opposition said it would vote against them. A spokesman said the bill would return next week, "
               "while the campaigners said they would keep fighting it in the courts.\n")
    source = article.replace(" said ", " cheap generic cialis ")
    cleaned = clean(scanner, source)
    assert "cheap" not in cleaned and "cialis" not in cleaned


def test_an_offer_word_of_the_article_beside_one_copy_of_a_replacing_phrase_stays(scanner: Scanner) -> None:
    """"resmi" (official) is an offer word; glued to one copy of the spam that replaced "yang", it is the article's."""
    article = ("Menurut keterangan resmi yang diterima redaksi, sekolah yang terdampak banjir akan diliburkan. "
               "Siswa yang tinggal di daerah rawan diminta belajar dari rumah. Guru yang bertugas tetap masuk, "
               "dan orang tua yang membutuhkan bantuan dapat menghubungi dinas pendidikan.\n")
    source = article.replace("yang", "slot gacor maxwin togel88")
    assert clean(scanner, source) == article.replace(" yang", "")


def test_a_phrase_with_one_betting_word_replacing_a_word_many_times_is_an_injection(scanner: Scanner) -> None:
    """"online betting app" for every "government": one betting word, no brand, no rule; but five copies or more
    and no betting word anywhere else in the article."""
    article = ("The government announced a new housing plan on Tuesday. Critics said the government had promised "
               "the same homes two years ago, and the opposition asked the government to publish its figures. "
               "A spokesman for the government said the first sites would open in spring, while tenants' groups "
               "urged the government to cap rents as well.\n")
    source = article.replace("government", "online betting app")
    assert {severity for rule, severity, _, _ in findings(scanner, source)
            if rule == "injection.repeated-phrase"} == {"high"}
    assert "betting" not in clean(scanner, source)


def test_an_article_repeating_its_betting_subject_many_times_is_not_an_injection(scanner: Scanner) -> None:
    article = ("Regulators fined an online betting app on Tuesday. The online betting app had let minors open "
               "accounts, and the online betting app also failed to check deposits. Players of the online betting "
               "app complained for months, and gambling charities said the online betting app must close.\n")
    assert {severity for _, severity, _, _ in findings(scanner, article)} <= {"info", "low", "medium"}


def test_a_brand_phrase_with_a_rule_match_in_every_copy_goes_whole_where_it_ends_clauses(scanner: Scanner) -> None:
    """"slot88 resmi" for every "hari", which mostly ends a clause: the rule names "slot88" in each copy, so the
    offer word "resmi" after it is the spam's too (it was left ten times, and a word restored before it)."""
    article = ("Banjir merendam desa itu selama tiga hari. Warga mengungsi ke balai desa pada hari Senin, dan "
               "bantuan baru datang dua hari kemudian. Petugas bekerja siang dan malam setiap hari, sementara "
               "sekolah diliburkan lima hari.\n")
    source = article.replace("hari", "slot88 resmi")
    cleaned = clean(scanner, source)
    assert "slot88" not in cleaned and "resmi" not in cleaned


def test_the_tail_words_of_a_replacing_chain_go_with_it(scanner: Scanner) -> None:
    """A chain ending in words that are no betting term ("… cá cược bóng đá trực tuyến" for every "trường"):
    the words after its last term are the chain's in every copy, and used to stay where the word was."""
    article = ("Năm nay, hơn 100 trường đã báo cáo kết quả tuyển sinh. Nhiều trường ở phía Bắc đã đủ chỉ tiêu, "
               "nhưng vẫn còn 34 trường phải xét tuyển thêm. Các trường công lập được ưu tiên, và một số trường "
               "mới thành lập cũng tham gia.\n")
    source = article.replace("trường", "nhà cái sky88 uy tín link vào mới nhất tặng 100k cá cược bóng đá trực tuyến")
    cleaned = clean(scanner, source)
    assert "sky88" not in cleaned and "bóng đá" not in cleaned and "trực tuyến" not in cleaned
    assert "báo cáo kết quả tuyển sinh" in cleaned and "đủ chỉ tiêu" in cleaned


def test_a_chain_around_a_strong_rule_match_replacing_a_word_goes_whole(scanner: Scanner) -> None:
    """Only "replica rolex" is a known term; the rest of each copy ("fake passport online | buy uk driving
    licence") is the same chain wherever a word was replaced, and used to stay."""
    article = ("The firm said it would restate its accounts. Analysts asked why it had waited, and the board said "
               "it could not comment. Lenders warned it might need more cash, and it later agreed to sell two "
               "restaurants.\n")
    source = article.replace(" it ", " replica rolex | fake passport online | buy uk driving licence ")
    cleaned = clean(scanner, source)
    assert "passport" not in cleaned and "licence" not in cleaned and "|" not in cleaned
    assert "restate its accounts" in cleaned and "agreed to sell two restaurants" in cleaned


def test_a_language_switcher_and_names_in_other_scripts_are_not_reported(scanner: Scanner) -> None:
    """Short spans of another script that sell nothing are the page's own: "ភាសាខ្មែរ" (Khmer) in the language menu,
    a pupil's name in Persian; only a longer one is reported."""
    page = ENGLISH + ('<ul class="languages"><li><a href="/en/">English</a></li><li><a href="/km/">ភាសាខ្មែរ</a></li>'
                      '</ul>\n<p>Prizes went to Zeynab Hosseini (زینب حسین) and Shirin Rezaeifar (شیرین رضایی\u200cفر).</p>\n')
    assert scanner.scan(Document("page.html", page.encode())).findings == ()


def test_a_forum_member_name_written_with_an_underscore_is_no_chain(scanner: Scanner) -> None:
    """"hoangminh_fc" above each of a member's posts sells nothing: a name, not a chain of keyword strings."""
    posts = ["Trận này Tevez đá quá hay, hàng thủ không theo kịp.", "Mong đội nhà giữ được phong độ đến cuối mùa.",
             "Hiệp hai đội khách chơi tốt hơn hẳn, đáng tiếc là thiếu may mắn."]
    thread = "".join(f'<dl><dt><a href="./memberlist.php?u=300">hoangminh_fc</a></dt><dd>Thành viên tích cực</dd></dl>'
                     f'<p>by <a href="./memberlist.php?u=300">hoangminh_fc</a> &raquo; Tue Oct 21, 2025 7:{10 + i} pm</p>'
                     f'<div class="content">{post}</div>\n' for i, post in enumerate(posts))
    assert [f.rule_id for f in scanner.scan(Document("page.html", (ENGLISH + thread).encode())).findings] == []


def test_a_praising_spam_phrase_replacing_a_word_in_an_article_about_betting_leaves_its_sentences(scanner: Scanner) -> None:
    """"situs toto 4d terpercaya" for every "polisi" in a report on online gambling: the article names betting
    elsewhere, but it does not praise a site in every copy of a phrase the rules call spam. The phrase goes, the
    quoted sentences around it stay (they went whole, as advertisement sentences)."""
    article = ("Warga Medan membantah menjadi buronan kasus judi online. \"Saya minta polisi segera menjelaskan "
               "siapa buronan yang dimaksud,\" katanya kepada wartawan, Senin. Ia menyebut polisi salah menangkap "
               "orang yang namanya mirip. \"Apabila polisi tidak mengungkap pelaku yang sebenarnya, nama baik saya "
               "tetap tercemar,\" ujarnya. Kasus judi online di kota itu meningkat sepanjang tahun ini.\n")
    source = article.replace("polisi", "situs toto 4d terpercaya")
    assert clean(scanner, source) == article.replace("polisi ", "")


def test_text_the_page_marks_as_another_language_is_its_own(scanner: Scanner) -> None:
    """A Macau gaming story in English with its Chinese summary in <p lang="zh-Hant">: the page declares the
    language, which an injection does not; the same Chinese without the declaration is still found."""
    summary = "澳門十月份博彩毛收入為208億澳門元，按年上升12%，博彩監察協調局公布。"
    page = ('<html lang="en"><body><p>Gross gaming revenue in Macau reached 20.8 billion patacas in October, '
            "according to the Gaming Inspection and Coordination Bureau, up 12 per cent on a year earlier. "
            "Analysts had expected a smaller rise after a quiet holiday week.</p>{summary}</body></html>")
    declared = page.format(summary=f'<p lang="zh-Hant">{summary}</p>')
    assert scanner.clean(Document("page.html", declared.encode()), restore="off").data.decode() == declared
    undeclared = page.format(summary=f"<p>{summary}</p>")
    assert scanner.clean(Document("page.html", undeclared.encode()), restore="off").data.decode() != undeclared


def test_a_japanese_pages_own_title_is_not_foreign() -> None:
    """A Japanese business story's headline names online casinos; the page is written in Japanese, so its title is
    not a segment in another script."""
    page = ('<html lang="ja"><head><title>パチンコ店、ピーク時の半分以下に　オンラインカジノ利用も問題に - 経済ニュース</title></head>'
            '<body><h1>パチンコ店、ピーク時の半分以下に</h1><p>全国のパチンコ店の数は減り続けている。一方、海外のオンラインカジノを'
            '利用する人が増えており、警察庁は注意を呼びかけている。</p></body></html>')
    cleaned = Scanner().clean(Document("ja.html", page.encode()), restore="off")
    assert not cleaned.changed


def test_a_name_of_letters_and_digits_with_a_betting_word_replacing_a_word_is_a_brand(scanner: Scanner) -> None:
    """"joker369" has no betting affix, but with "gacor" where a word was, six times, it is a brand."""
    article = ("Shares rose after a fund opposed the planned takeover of the exchange. The takeover could fail, "
               "brokers said. One forecast the takeover bid would succeed. In opposing the takeover, the fund said it "
               "preferred a payout. The takeover appeared to be motivated by empire-building, a hedge fund said.\n")
    source = article.replace("takeover", "JOKER369 gacor")
    assert {rule for rule, severity, _, _ in findings(scanner, source) if severity == "high"} == {"injection.repeated-phrase"}
    assert "JOKER369" not in clean(scanner, source)


def test_japanese_words_an_english_page_cites_are_reported_not_removed(scanner: Scanner) -> None:
    page = ("<p>Counterfeit handbags are often sold on marketplace listings written in Japanese. If a listing says: "
            "激安 送料無料 and the price is 90% below retail for a designer bag, it is almost certainly fake.</p>")
    assert Scanner().clean(Document("guide.html", page.encode()), restore="off").data.decode() == page


def test_code_identifiers_named_in_prose_are_not_a_keyword_chain(scanner: Scanner) -> None:
    """"free_spins_remaining" is shown as code and named again in prose: an identifier, not a chain of keywords."""
    page = ("<p>Variables like <code>free_spins_remaining</code> and <code>casino_bonus_multiplier</code> are "
            "updated every spin.</p>\n<pre>free_spins_remaining = 0\ncasino_bonus_multiplier = 1.0</pre>\n"
            "<p>Identifiers used in this lesson: spin_reels, free_spins_remaining, casino_bonus_multiplier.</p>\n")
    assert Scanner().clean(Document("lesson.html", page.encode()), restore="off").data.decode() == page


def test_page_builder_shortcodes_written_for_every_block_are_no_repeated_phrase(scanner: Scanner) -> None:
    """Blind probe 41: a Divi page leaves ``[et_pb_text _builder_version="4.16"]`` before every block; "_pb_text
    _builder_", cut out of those names, repeated, made every such page suspicious."""
    block = '[et_pb_text _builder_version="4.16"]<p>{}</p>[/et_pb_text]\n'
    sentences = ["The council approved the budget for the new library on Tuesday.",
                 "Work on the building starts in March and should take a year.",
                 "Residents asked for longer opening hours at weekends.",
                 "The mayor said the old library will become a youth centre."]
    page = ('<html><body>[et_pb_section fb_built="1" _builder_version="4.16"][et_pb_row _builder_version="4.16"]\n'
            + "".join(block.format(s) for s in sentences) + "[/et_pb_row][/et_pb_section]</body></html>")
    assert not scanner.scan(Document("page.html", page.encode())).findings


def test_an_identifier_inside_a_longer_name_is_no_keyword_chain(scanner: Scanner) -> None:
    """``casino_edge`` in prose and inside ``simulate_casino_edge()``: the name of a variable, cut nowhere."""
    page = ("<p>We store each round with the columns <code>bet_amount</code> and <code>casino_edge</code>. Run the "
            "helper simulate_casino_edge() for a million hands.</p>\n<p>Variables like bet_amount, max_bet and "
            "casino_edge appear throughout.</p>\n")
    assert Scanner().clean(Document("blog.html", page.encode()), restore="off").data.decode() == page


def test_a_match_inside_a_token_joined_by_underscores_takes_the_whole_token(scanner: Scanner) -> None:
    """"replica_rolex_watches_aaa" in place of "residents": removing the rule's "replica_rolex" alone would leave
    "_watches_aaa" in the sentence."""
    page = "<p>\u201cWe have listened to {w},\u201d said the councillor. The path opens before the summer festival.</p>"
    cleaned = clean(scanner, page.format(w="replica_rolex_watches_aaa"))
    assert "_" not in cleaned and "watches" not in cleaned and "said the councillor" in cleaned


@pytest.mark.parametrize(("sentence", "spam"), [
    ("The Office for National Statistics (ONS){} said retail sales rose 0.6% on the month.",
     " write my essay cheap essaymill-pro.example"),
    ("Nhóm máu A: Chàng là{} người rất chăm chỉ, cần cù, sống và làm việc có trách nhiệm.",
     " nhà cái uy tín luckyspin88-casino.example"),
])
def test_a_site_address_after_the_spam_or_ending_its_brand_goes_with_it(scanner: Scanner, sentence: str,
                                                                       spam: str) -> None:
    """The advert names its site ("… essaymill-pro.example"); a match ending inside a host name takes the rest of it,
    not leaving ".example" glued to the article's word."""
    page = f"<p>{sentence}</p>"
    assert clean(scanner, page.format(spam)) == page.format("")


def test_a_repeated_replacement_stops_before_a_bracket_it_would_leave_open(scanner: Scanner) -> None:
    """Blind probe 42: "English" replaced in every cell "English (E2)": the repeat runs on to "(E2", the room,
    which the cells keep."""
    rows = [("Maths (M4)", "English (E2)", "Science (S1)"), ("English (E2)", "PE (Gym)", "French (L1)"),
            ("Geography (G2)", "Science (S2)", "English (E2)"), ("Music (MU1)", "English (E2)", "Art (A1)")]
    table = "<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows) + "</table>"
    page = "<html><body><h1>Timetable</h1>" + table + "</body></html>"
    cleaned = scanner.clean(Document("t.html", page.replace("English", "judi bola online sbobet").encode()),
                            restore="off").data.decode()
    assert cleaned.count("<td>(E2)</td>") == 4 and "sbobet" not in cleaned


def test_a_keyword_chain_does_not_start_at_an_amount_before_it(scanner: Scanner) -> None:
    """"$1.1bn in slot_gacor_maxwin88": the chain is the spam string, and the article's "$1.1bn in" stays."""
    page = "<p>The airline has managed to save $1.1bn in {w} without cutting jobs, it said on Monday.</p>"
    source = page.format(w="slot_gacor_maxwin88")
    assert {source[start:end] for _, severity, start, end in findings(scanner, source)
            if severity == "high"} == {"slot_gacor_maxwin88"}
    assert "$1.1bn in" in clean(scanner, page.format(w="slot_gacor_maxwin88"))


def test_a_brand_between_two_runs_of_foreign_betting_text_goes_with_them() -> None:
    article = ("<p>Thông cáo cũng nhấn mạnh, tăng trưởng mạnh mẽ ở khu vực Đông Á đã giúp giải thoát hơn 480 triệu người "
               "khỏi cảnh đói nghèo từ năm 1981. Tuy nhiên, số người nghèo giảm không đồng đều. Trong khi châu Á giảm "
               "đáng kể thì tại Châu Phi và Mỹ Latinh vẫn còn hàng triệu người nghèo đói. Riêng khu vực Sahara hiện có "
               "314 triệu người đang phải sống lay lắt ở mức 1 USD/ngày. WB kêu gọi tất cả các nước có "
               "các biện pháp thiết thực để đảm bảo cho các nước nghèo nhất cùng được hưởng thành quả của sự phục hồi "
               "kinh tế thế giới.{}</p>\n")
    spam = " บาคาร่าออนไลน์ เว็บตรง สล็อตเว็บตรง แทงบอลออนไลน์ UFABET168 สมัครรับเครดิตฟรี"
    cleaned = Scanner().clean(Document("wb.html", article.format(spam).encode()), restore="off").data.decode()
    assert cleaned == article.format("")


def test_the_piece_after_an_underscore_ending_a_chain_is_the_chains(scanner: Scanner) -> None:
    """"tải game bài đổi thưởng_mocvip" for every "được": "mocvip" carries no term, but the "_" joins it to the
    chain, and it used to stay at every place."""
    source = ARTICLE.replace("bảo", "tải game bài đổi thưởng_mocvip")
    assert "mocvip" not in clean(scanner, source)


def test_the_article_word_after_every_copy_of_a_phrase_stays(scanner: Scanner) -> None:
    """"Luckyspin casino bonus" for every "house" of "house arrest": "arrest" follows each copy but is the
    article's."""
    article = ("The prime minister defended plans to allow house arrest without trial. Critics said house arrest "
               "would be used against people never charged. The bill sets out when house arrest may be ordered, and "
               "a judge would review each house arrest within seven days.\n")
    cleaned = clean(scanner, article.replace("house", "Luckyspin casino bonus"))
    assert cleaned.count("arrest") == 4 and "casino" not in cleaned


def test_a_two_word_phrase_replacing_a_word_many_times_goes(scanner: Scanner) -> None:
    """"slot online" for every "oil", eight times: a betting term with a word of the advert beside it. One term
    alone repeated ("xổ số" in a lottery story) is an article's subject and stays."""
    article = ("Oil prices rose on Monday as traders weighed supply risks. The price of oil has climbed 20% this year, and "
               "oil stocks followed. Analysts said oil demand in Asia stayed strong, while oil output in the Gulf fell. "
               "Brent oil futures gained 2%, and US oil inventories dropped for a third week, lifting oil shares.\n")
    source = article.replace(" oil", " slot online")
    assert source.count("slot online") >= 6
    assert "slot online" not in clean(scanner, source)


def test_a_capitalised_brand_with_a_goods_word_replacing_a_word_goes(scanner: Scanner) -> None:
    """"StreamNova IPTV" for every "market": a name, but one that breaks every sentence it stands in and sells what
    the page names nowhere else."""
    article = ("Officials said the mobile market grew fast last year. The market for handsets doubled, and analysts "
               "expect the market to keep growing. Operators want the market opened to foreign investors, while "
               "regulators study how the market is shared.\n")
    assert "StreamNova" not in clean(scanner, article.replace("market", "StreamNova IPTV"))


def test_a_rule_match_from_one_copy_over_the_article_words_into_the_next_leaves_those_words(scanner: Scanner) -> None:
    """The chain pattern allows a few words after its last '_' term; two copies three words apart made one match
    over the article's "sehingga membuat" ("wajib pajak sehingga membuat pajak yang" became "wajib yang")."""
    article = ("Sebanyak 26 pegawai pajak dipecat karena kongkalikong dengan wajib pajak.\n"
               "Modus mereka adalah bernegosiasi dengan wajib pajak sehingga membuat pajak yang dibayarkan lebih rendah.\n"
               "Masyarakat dapat memantau kinerja pegawai pajak secara langsung.\n")
    spam = "slot88 login_link alternatif slot88_daftar slot88"
    cleaned = clean(scanner, article.replace("pajak", spam))
    assert cleaned == article.replace(" pajak", "")


def test_a_japanese_keyword_hack_in_the_description_and_opengraph_title_goes(scanner: Scanner) -> None:
    head = ('<html><head><title>Dollar gains on Greenspan speech{0}</title>'
            '<meta name="description" content="Dollar gains on Greenspan speech{0}">'
            '<meta property="og:title" content="Dollar gains on Greenspan speech{0}"></head>'
            '<body><p>The dollar rose against the euro after the Federal Reserve chairman spoke.</p></body></html>')
    spam = " ルイヴィトン 財布 スーパーコピー 激安 通販"
    cleaned = scanner.clean(Document("page.html", head.format(spam).encode()), restore="off").data.decode()
    assert cleaned == head.format("")


def test_a_description_that_gives_a_title_in_two_scripts_stays(scanner: Scanner) -> None:
    page = ('<html><head><title>Tokyo travel guide</title><meta name="description" content="Tokyo travel guide '
            '東京旅行ガイド: temples, food and trains"></head><body><p>Tokyo is a big city.</p></body></html>')
    assert scanner.clean(Document("page.html", page.encode()), restore="off").data.decode() == page


def test_a_japanese_keyword_run_prepended_to_a_title_goes_with_a_latin_letter_glued_to_it(scanner: Scanner) -> None:
    """"N級品" (top-grade copy) is one word of the run: the title keeps its headline, no "N" and no more."""
    page = ("<html><head><title>{}Band Aid 20 single storms to No 1 | City Herald</title></head><body><h1>Band Aid 20 "
            "single storms to No 1</h1><p>The charity single went straight to the top of the chart.</p></body></html>")
    spam = "ルイヴィトン スーパーコピー 激安 通販 送料無料 N級品 "
    cleaned = scanner.clean(Document("page.html", page.format(spam).encode()), restore="off").data.decode()
    assert cleaned == page.format("")


VI_ARTICLE = ("Những người dân trong xã đã họp bàn về việc sửa đường. Những con đường cũ bị hỏng sau mùa mưa, và những "
              "hộ gia đình ở gần sông phải đi đường vòng. Chính quyền hứa sẽ hỗ trợ những gia đình khó khăn và những "
              "người cao tuổi trong thôn, còn những thanh niên sẽ góp công, và những người ở xa gửi tiền về.\n")


def test_a_betting_brand_alone_replacing_a_word_everywhere_goes_and_the_word_comes_back(scanner: Scanner) -> None:
    """Blind probe 35: "kubet" for every "những" (lower case, between two words) was only a low mention."""
    source = VI_ARTICLE.replace("những", "kubet")
    assert {(rule, severity) for rule, severity, _, _ in findings(scanner, source)} == {("injection.repeated-phrase", "high")}
    assert clean(scanner, source) == VI_ARTICLE.replace("những ", "")  # the restorer's part is tested on its own


def test_a_brand_of_letters_and_digits_alone_where_a_word_was_is_found_without_other_betting_words(
        scanner: Scanner) -> None:
    """Blind probe 41: "kubet77" for every "những" left the page "clean": the detector's trigger wanted a betting
    word or a promotion word beside a brand, which a lone brand does not have."""
    source = VI_ARTICLE.replace("những", "kubet77")
    assert {(rule, severity) for rule, severity, _, _ in findings(scanner, source)} == {("injection.repeated-phrase", "high")}
    assert clean(scanner, source) == VI_ARTICLE.replace("những ", "")


def test_an_article_naming_a_betting_firm_again_and_again_is_no_replacement(scanner: Scanner) -> None:
    """The firm's name written with a capital, beside words of betting, is the article's subject; so are two
    copies of "the betting firm Bet365" in an article that writes of gambling besides."""
    police = ("Công an triệt phá đường dây cá độ bóng đá qua trang Kubet. Các đối tượng dùng Kubet để nhận tiền cược, "
              "rồi chuyển tiền từ Kubet về tài khoản riêng. Cơ quan điều tra đã khóa các tài khoản liên quan đến Kubet.\n")
    firm = ("The founder of the betting firm Bet365 was paid £220m last year. Gambling charities said the betting firm "
            "Bet365 should spend more on treatment, while the company said its online gambling profits had risen.\n")
    # blind probe 36: the firm's own styling, four times in a story about jobs, with no word of betting
    employer = ("Technology staff at bet365 will move to a new office in Stoke next year. The council praised bet365 for "
                "its apprenticeships, saying bet365 had invested in the city, and recruitment for bet365 roles opens "
                "in March.\n")
    for article in (police, firm, employer):
        assert {severity for _, severity, _, _ in findings(scanner, article)} <= {"info", "low", "medium"}, article


def test_a_brand_inside_a_keyword_chain_is_the_chains_not_a_brand_alone(scanner: Scanner) -> None:
    """Three "kubet" in one chain had been taken for a brand replacing three words: "tự <w> tiếng việt_đăng ký
    <w>_link vào <w> vệ" was left with the chain's other words."""
    chain = "kubet tiếng việt_đăng ký kubet_link vào kubet"
    source = "Người dùng nên tự bảo vệ mình trước các trang lừa đảo trên mạng.\n".replace("bảo", chain)
    assert chain not in clean(scanner, source) and "tiếng việt" not in clean(scanner, source)


@pytest.mark.parametrize("subject", ["judi online", "cá độ bóng đá"])
def test_the_name_news_gives_online_gambling_repeated_is_an_articles_subject(scanner: Scanner, subject: str) -> None:
    article = ("Satgas Judi Online memblokir 5.000 rekening yang terkait transaksi judi online selama Oktober. Ketua "
               "Satgas Judi Online mengatakan pemblokiran dilakukan bersama PPATK. Menurut Satgas Judi Online, nilai "
               "transaksi judi online pada 2024 mencapai Rp 900 triliun.\n").replace("judi online", subject)
    assert clean(scanner, article) == article


def test_a_headline_written_again_in_title_and_heading_is_no_repeated_phrase(scanner: Scanner) -> None:
    headline = "Triệt phá đường dây cá độ bóng đá qua trang Kubet ở Hà Nội"
    page = (f"<html><head><title>{headline}</title><meta property=\"og:title\" content=\"{headline}\"></head><body>"
            f"<h1>{headline}</h1><p>Công an thành phố cho biết các đối tượng đã bị bắt giữ.</p></body></html>")
    result = scanner.scan(Document("page.html", page.encode()))
    assert not [f for f in result.findings if f.rule_id == "injection.repeated-phrase"]
    assert result.verdict.value != "injected"


def test_a_headline_opening_its_lines_in_head_breadcrumb_and_heading_is_no_repeated_phrase(scanner: Scanner) -> None:
    """Blind probe 36: "Bet365 fined £582,000 by Gambling Commission" in title, description, og:title, breadcrumb and
    <h1> lost every copy (and the tags holding only it)."""
    headline = "Bet365 fined £582,000 by Gambling Commission"
    page = (f"<html><head><title>{headline} | Daily Herald</title><meta name=\"description\" content=\"{headline} over "
            f"failures.\"><meta property=\"og:title\" content=\"{headline}\"></head><body><nav><a href=\"/\">Home</a> "
            f"&gt; <span>{headline}</span></nav>\n<h1>{headline}</h1>\n<p>The regulator said the company had failed "
            "to check where money came from.</p></body></html>")
    result = scanner.scan(Document("page.html", page.encode()))
    assert not [f for f in result.findings if f.rule_id == "injection.repeated-phrase"]
    assert result.verdict.value != "injected"


@pytest.mark.parametrize("chain, tail", [("best online casino_real money slots_casino bonus codes", "codes"),
                                         ("bet365 login_bet365 link_bet365 app", "app")])
def test_a_chain_ending_in_a_word_of_its_offer_goes_with_that_word(scanner: Scanner, chain: str, tail: str) -> None:
    """Blind probe 35: "He codes the provisional figures", "the app maintains its commitment" were left where
    every "said" and "government" had been."""
    article = ("The minister said the budget would grow. He said the provisional figures were encouraging, and "
               "officials said the plan would be published in May. Critics said it came too late.\n")
    cleaned = clean(scanner, article.replace("said", chain))
    assert tail not in cleaned and "_" not in cleaned and "provisional figures" in cleaned


def test_a_chain_of_unknown_keyword_phrases_replacing_a_word_goes_whole() -> None:
    """The founding case's shape with a family no word list names ("tải truyện tranh hay_đọc truyện full chương" for
    every "bảo"): two phrases of several words joined by "_", repeated where a word was, are the spam string, all of
    it, not just the words touching the "_"."""
    scanner = Scanner(ruleset=RuleSet((), {}), detectors=[KeywordInjections()])  # this detector alone, no word list
    phrase = "tải truyện tranh hay_đọc truyện full chương"
    source = ARTICLE.replace("bảo", phrase)
    starts = [i for i in range(len(source)) if source.startswith(phrase, i)]
    assert len(starts) == 5
    assert findings(scanner, source) == [("injection.repeated-phrase", "high", s, s + len(phrase)) for s in starts]
    assert clean(scanner, source) == ARTICLE.replace("bảo ", "").replace(" bảo", "")


def test_a_phrase_in_another_script_replacing_a_word_everywhere_goes(scanner: Scanner) -> None:
    """"купить фальшивые деньги" for every "bảo": a phrase in another script, written where a word was, again and
    again, sells whatever it says; it went unremoved as a span in another script that names nothing the vocabulary
    knows."""
    source = ARTICLE.replace("bảo", "купить фальшивые деньги")
    assert clean(scanner, source) == ARTICLE.replace("bảo ", "").replace(" bảo", "")


def test_a_name_in_another_script_written_in_brackets_or_twice_stays(scanner: Scanner) -> None:
    """An article gives a foreign name in brackets each time, or quotes a phrase twice: not a word replaced."""
    article = ("The novelist Haruki Murakami (村上春樹作家) spoke on Monday. Fans of Murakami (村上春樹作家) queued for hours, "
               "and the publisher said Murakami (村上春樹作家) would tour again next year.\n"
               "Protesters chanted нет войне нет войне outside the embassy, and later нет войне нет войне again.\n")
    text = ("India and Russia are to work together in a series of energy deals, part of a pact which could see India "
            "invest in Russian oil fields. The agreement was signed in Moscow on Tuesday.\n" + article)
    assert clean(scanner, text) == text



def test_a_web_address_with_words_replacing_a_word_goes(scanner: Scanner) -> None:
    """"sharpbet247.com parlay picks" for every "been", "keluaran hk hari ini togelmaster.top" for every "yang": a
    phrase around a web address whose name sells (a brand, a betting word), written where a word was, is the spam
    string; neither names a term of the vocabulary beside the address, and both stayed (blind probe 51). A report that
    names a betting site's address three times, alone, keeps it."""
    english = ("Matt Dawson has been recalled to the squad and has been reinstated in the elite group. The coach said he "
               "had been impressed by his form, and the player had been training with the club all week.\n")
    cleaned = clean(scanner, english.replace("been", "sharpbet247.com parlay picks"))
    assert "sharpbet" not in cleaned and "parlay" not in cleaned and "recalled to the squad" in cleaned
    indonesian = ("Program yang diluncurkan pemerintah daerah itu menyasar warga yang belum memiliki rumah. Pejabat yang "
                  "hadir menyebut dana yang disiapkan cukup untuk tahun ini.\n")
    cleaned = clean(scanner, indonesian.replace("yang", "keluaran hk hari ini togelmaster.top"))
    assert "togelmaster" not in cleaned and "keluaran" not in cleaned and "menyasar warga" in cleaned
    report = ("Police said the site fb88.com had taken bets from thousands of users. Users of fb88.com lost their "
              "deposits when the police shut fb88.com down last week, the report said.\n")
    assert clean(scanner, report) == report


def test_a_number_and_its_unit_ending_a_replacing_phrase_go_with_it(scanner: Scanner) -> None:
    """"pinjaman dana tunai cair 10 menit" for every "bantuan": the vocabulary names "dana tunai", and the number
    after it with its unit ended the string; both stayed after every copy ("penerimaan cair 10 menit sosial", blind
    probe 51)."""
    article = ("Masyarakat dapat mengecek status penerimaan bantuan sosial melalui aplikasi. Penyaluran bantuan "
               "dilakukan bertahap, dan warga yang belum menerima bantuan diminta melapor ke kelurahan. Data penerima "
               "bantuan diperbarui setiap bulan, sehingga bantuan tepat sasaran.\n")
    cleaned = clean(scanner, article.replace("bantuan", "pinjaman dana tunai cair 10 menit"))
    assert "cair" not in cleaned and "menit" not in cleaned and "penerimaan" in cleaned and "kelurahan" in cleaned


def test_a_phrase_with_one_term_replacing_a_word_four_times_goes(scanner: Scanner) -> None:
    """"buy google reviews" for every "said", four times: one goods term, no brand, no chain. Five copies were
    needed, so four stayed in every sentence (blind probes 46 and 49: "buy google reviews", "buy high da guest
    posts"); a brand alone still needs five (see the next test)."""
    article = ("The minister said the budget would grow next year. He said the provisional figures were encouraging, "
               "and officials said the plan would be published in May. Critics said it came too late for schools.\n")
    assert clean(scanner, article.replace("said", "buy google reviews")) == article.replace(" said", "")


def test_a_brand_written_four_times_as_the_firm_styles_it_stays(scanner: Scanner) -> None:
    """An article about a betting firm's new office writes its name as the firm does, in lower case, four times
    between words of its sentences: its subject, not a brand put where words were (blind probe 36)."""
    article = ("Technology staff at bet365 will move into a new office in Hanley next spring. The new hub, which bet365 "
               "says will house 500 engineers, opens in March. The council welcomed the decision, saying bet365 had "
               "invested more in the city than any other company, and that bet365 staff would use the new station.\n")
    assert clean(scanner, article) == article


def test_a_foreign_phrase_an_article_is_about_stays_however_often_it_is_written(scanner: Scanner) -> None:
    """A travel piece about the Thai phrase ไม่เป็นไร writes it five times between words of its sentences, spelled
    out after the first (blind probe 51); one about a Japanese greeting writes it three times and spells it out
    nowhere. Neither replaced a word: the first is glossed, the second is one word of another script that sells
    nothing. Both were taken for a phrase written where a word was, and every copy was removed."""
    thai = ("The first Thai phrase I learned was ไม่เป็นไร (mai pen rai). The woman who sold me rice said ไม่เป็นไร when "
            "I dropped my change. It is usually translated as never mind, but ไม่เป็นไร carries more than that. When "
            "the bus broke down the driver shrugged and said ไม่เป็นไร to everyone. I still say ไม่เป็นไร more than any "
            "other phrase I know, and the tones are still wrong.\n")
    japanese = ("Visitors soon learn to say ありがとうございます after every meal. Our guide said ありがとうございます "
                "to the driver, and the children said ありがとうございます to the cook before the long walk home.\n")
    for text in (thai, japanese):
        assert clean(scanner, text) == text


def test_a_chain_no_word_list_names_stops_where_copies_of_one_description_go_on(scanner: Scanner) -> None:
    """A description written again as og:description and twitter:description holds the chain in copies of one
    sentence, where every pair of words is found only in the copies: the chain is not read on into the sentence."""
    chain = "tải truyện tranh hay_đọc truyện full chương"
    description = f"Ông Erdogan nói rằng lực lượng {chain} vệ tổng thống đã làm việc suốt đêm."
    body = ARTICLE.replace("bảo", chain)
    page = (f'<html><head><meta name="description" content="{description}">'
            f'<meta property="og:description" content="{description}">'
            f'<meta name="twitter:description" content="{description}"></head><body><p>{body}</p></body></html>')
    cleaned = scanner.clean(Document("page.html", page.encode()), restore="off").data.decode()
    assert cleaned.count("vệ tổng thống đã làm việc suốt đêm") == 3 and "truyện" not in cleaned
