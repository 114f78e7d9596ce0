"""Spam sentences around a strong finding: where a sentence ends."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner import Document, Scanner
from scanner.rules import load_rules

RULE = '''[pack]
id = "probe"
description = "one Thai slot-site phrase"

[[rules]]
id = "probe.th.slot-site"
description = "Thai slot-site phrase"
category = "gambling"
severity = "high"
keywords = ["สล็อตเว็บตรง"]
[rules.examples]
positive = ["สมัครสล็อตเว็บตรง"]
negative = ["ตำรวจจับกุมผู้ต้องหา"]
'''


def test_thai_text_is_split_at_spaces_so_the_article_around_spam_stays(tmp_path: Path) -> None:
    """Thai has no full stop: a space ends a clause. The whole paragraph is not one sentence to remove."""
    pack = tmp_path / "probe.toml"
    pack.write_text(RULE, encoding="utf-8")
    honest_before = "ตำรวจจับกุมผู้ต้องหาสามคนในกรุงเทพฯ เจ้าหน้าที่ยึดคอมพิวเตอร์และโทรศัพท์มือถือหลายเครื่อง"
    honest_after = "ผู้ต้องหาทั้งหมดถูกนำตัวไปสอบสวนที่สถานีตำรวจ"
    page = f"<p>{honest_before} สมัครสล็อตเว็บตรง รับโบนัส 100% ฝากถอนไม่มีขั้นต่ำ {honest_after}</p>".encode()
    scanner = Scanner(ruleset=load_rules([pack], builtin=False))
    cleaned = scanner.clean(Document("th.html", page), restore="off").data.decode()
    assert "สล็อตเว็บตรง" not in cleaned
    assert honest_before in cleaned and honest_after in cleaned


def test_a_title_and_a_description_made_of_advertisement_go(tmp_path: Path) -> None:
    pack = tmp_path / "probe.toml"
    pack.write_text(RULE.replace('keywords = ["สล็อตเว็บตรง"]', 'keywords = ["สล็อตเว็บตรง", "judi online terpercaya"]'),
                    encoding="utf-8")
    spam = "Situs judi online terpercaya, daftar slot gacor bonus new member"
    page = (f'<html><head><title>{spam}</title><meta name="description" content="{spam}"></head>'
            "<body><p>Harga cabai turun menjelang panen raya.</p></body></html>").encode()
    scanner = Scanner(ruleset=load_rules([pack], builtin=False))
    cleaned = scanner.clean(Document("id.html", page), restore="off").data.decode()
    assert "slot" not in cleaned and "Situs" not in cleaned
    assert "<title" not in cleaned and "<meta" not in cleaned
    assert "<p>Harga cabai turun menjelang panen raya.</p>" in cleaned


def test_thai_spam_inside_a_vietnamese_sentence_goes_without_the_sentence(tmp_path: Path) -> None:
    """A run of Thai inside a sentence of another script is a clause of its own: widening a finding in it
    stops at the Vietnamese words around it."""
    pack = tmp_path / "probe.toml"
    pack.write_text(RULE.replace('keywords = ["สล็อตเว็บตรง"]', 'keywords = ["เว็บพนัน"]'), encoding="utf-8")
    article = "Giá vàng hôm nay tăng nhẹ trong phiên giao dịch sáng. Các nhà đầu tư vẫn thận trọng.\n"
    at = article.index(" trong")
    page = article[:at] + " เว็บพนันออนไลน์ ฝากถอนออโต้" + article[at:]
    scanner = Scanner(ruleset=load_rules([pack], builtin=False))
    cleaned = scanner.clean(Document("vi.txt", page.encode()), restore="off").data.decode()
    assert "เว็บพนัน" not in cleaned
    assert cleaned.startswith("Giá vàng hôm nay tăng nhẹ ") and "trong phiên giao dịch sáng. Các nhà" in cleaned


def test_pharmacy_advertisement_around_a_finding_goes_whole(tmp_path: Path) -> None:
    """Not only betting: the sentences next to a strong finding that name what other spam sells go with it."""
    pack = tmp_path / "probe.toml"
    pack.write_text(RULE.replace('keywords = ["สล็อตเว็บตรง"]', 'keywords = ["cheap viagra online"]'), encoding="utf-8")
    before = "Plant garlic cloves in autumn, pointed end up."
    after = "Harvest when the lower leaves turn brown."
    spam = "Buy cheap viagra online, no prescription. Generic cialis and tramadol shipped overnight."
    page = f"<p>{before} {spam} {after}</p>".encode()
    scanner = Scanner(ruleset=load_rules([pack], builtin=False))
    cleaned = scanner.clean(Document("en.html", page), restore="off").data.decode()
    assert cleaned == f"<p>{before} {after}</p>"


def test_a_crypto_doubler_advert_goes_whole() -> None:
    """The built-in packs: the send-to-receive offer is the rule's; "crypto doubler", "guaranteed profit" and "limited
    time giveaway" around it are the vocabulary's, and go with it."""
    article = "<p>Bitcoin fell 3% on Tuesday as traders awaited inflation data.</p>"
    advert = ("<p>Discover the most reliable crypto doubler: send ETH to "
              "0x3f5CE5FBFe3E9af3971dD833D26bA9b5C936f0bE and receive 2x back within 15 minutes, guaranteed profit, "
              "limited time giveaway.</p>\n")
    page = f"<html><body>{article}\n{advert}<p>Analysts expect volatility.</p></body></html>"
    cleaned = Scanner().clean(Document("en.html", page.encode()), restore="off").data.decode()
    assert cleaned == page.replace(advert, "")


def test_a_casino_advert_whose_calls_to_act_surround_its_phrases_goes_whole() -> None:
    """"Sign up at …" and "instant withdrawals" are the advert's calls to act: with them the sentence is an
    advertisement, and its link to the casino goes with it, not "Sign up at <a>LuckySpin</a>, the, instant
    withdrawals." left behind."""
    article = "<p>The council approved the budget for the new library on Tuesday.</p>"
    advert = ('<p>Sign up at <a href="https://luckyspin-casino.example/welcome">LuckySpin</a>, the best online casino '
              'real money site: 200 free spins no deposit, instant withdrawals.</p>\n')
    page = f"<html><body>{article}\n{advert}<p>Work starts in spring.</p></body></html>"
    cleaned = Scanner().clean(Document("en.html", page.encode()), restore="off").data.decode()
    assert cleaned == page.replace(advert, "")


@pytest.mark.parametrize(("before", "advert", "after"), [
    ('<p>"Ini kaitannya dengan pengentasan kemiskinan dan pemberdayaan masyarakat desa," ujar',
     " Pinjaman online tanpa jaminan cair dalam 5 menit tanpa BI checking, langsung hubungi WA 0812-3456-7890.",
     " Wakil Menteri Sosial Agus Jabo Priyono dalam keterangannya, Jumat (17/10/2025).</p>"),
    ("<p>Sở Giao thông Công chính TP HCM",
     " Nhận làm luận văn thuê, viết thuê tiểu luận giá rẻ, cam kết đạt điểm cao, liên hệ Zalo 0987654321.",
     " đã quyết định như trên vào chiều nay.</p>"),
    ("<figure><img src=\"/p.jpg\" alt=\"\"><figcaption>The committee met in the town hall on Tuesday. Photo: staff",
     " Buy replica watches Rolex AAA quality and cheap replica handbags with free shipping worldwide.",
     "</figcaption></figure>"),
    ("<figure><img src=\"/p.jpg\" alt=\"\"><figcaption>Suasana rapat di balai kota, Selasa. Foto: dok. redaksi",
     " Daftar sekarang di GACOR88 situs slot gacor hari ini gampang maxwin, deposit pulsa tanpa potongan!",
     "</figcaption></figure>"),
])
def test_an_advertisement_glued_into_an_article_sentence_leaves_the_article_words(before: str, advert: str,
                                                                                   after: str) -> None:
    """Inserted without a full stop before it, the advertisement opens with a capital after the article's words in
    lower case; those words, and the article's sentence after it, stay."""
    page = f"<html><body><p>The council met on Tuesday.</p>\n{before}{advert}{after}\n</body></html>"
    cleaned = Scanner().clean(Document("page.html", page.encode()), restore="off").data.decode()
    assert cleaned == page.replace(advert, "")


@pytest.mark.parametrize("advert", [
    '<p>Play at <a href="https://royalspin-casino.example/bonus">RoyalSpin online casino</a> and claim a 200% welcome '
    'bonus plus 100 free spins, fast withdrawals, no KYC.</p>\n',
    "<p>Top quality Rolex replica watches and AAA replica bags, order now with free shipping worldwide.</p>\n",
])
def test_an_advertisement_opening_with_a_name_goes_whole(advert: str) -> None:
    """"Play at" and "Top quality" are the advert's own first words, not an article's clause it was glued to."""
    page = f"<html><body><p>The council met on Tuesday.</p>\n{advert}<p>Work starts in spring.</p></body></html>"
    cleaned = Scanner().clean(Document("page.html", page.encode()), restore="off").data.decode()
    assert cleaned == page.replace(advert, "")


def test_the_english_pronoun_in_capitals_opens_no_sentence_inside_an_advertisement() -> None:
    """Blind probe 44: "I lost $85,000 to a fake investment platform until I found Mark Wilson, a crypto recovery
    expert …" kept its first words once a mention of "crypto recovery expert" made "I found" read as a new sentence."""
    advert = ("<p>I lost $85,000 to a fake investment platform until I found Mark Wilson, a crypto recovery expert who "
              "helped me recover stolen bitcoin within 48 hours. Contact him on WhatsApp +1 (555) 201-7788.</p>\n")
    page = f"<html><body><p>The council met on Tuesday.</p>\n{advert}<p>Work starts in spring.</p></body></html>"
    cleaned = Scanner().clean(Document("page.html", page.encode()), restore="off").data.decode()
    assert cleaned == page.replace(advert, "")


@pytest.mark.parametrize("advert", [
    "Get payday loans no credit check with instant approval and guaranteed cash in one hour at QuickCashNow.",
    "Jual obat aborsi cytotec asli, obat penggugur kandungan ampuh, pengiriman cepat dan rahasia.",
    "Bán đồng hồ Rolex replica siêu cấp 1:1 và túi xách hàng hiệu fake loại 1 giá rẻ, freeship toàn quốc.",
])
def test_the_words_of_a_loan_pharma_or_replica_advert_go_with_its_phrase(advert: str) -> None:
    """The vocabulary knows these adverts' offers (instant approval, guaranteed cash, abortion pills, fast delivery,
    first-grade fakes, free shipping): the sentence goes, not only the rule's phrase in it."""
    page = f"<html><body><p>The council met on Tuesday.</p>\n<p>{advert}</p>\n<p>Work starts in spring.</p></body></html>"
    cleaned = Scanner().clean(Document("page.html", page.encode()), restore="off").data.decode()
    assert cleaned == page.replace(f"<p>{advert}</p>\n", "")


def test_spam_glued_after_a_korean_full_stop_leaves_the_sentence_before_it() -> None:
    """"… 늘릴 예정이다.토토사이트 …": a full stop before Korean, Chinese or Japanese letters ends the sentence (in
    "x2.io" or "£1.65bn" it does not), so the article's sentence stays."""
    article = "<p>도서관장은 더 많은 시민이 책을 가까이하기를 바란다고 말했다. 열람실 좌석도 스무 석 늘릴 예정이다.{}</p>"
    spam = "토토사이트 먹튀검증 완료 안전놀이터 추천 카지노 가입머니 3만원 지급 바카라사이트 바로가기"
    page = "<html><body>" + article + "</body></html>"
    cleaned = Scanner().clean(Document("ko.html", page.format(spam).encode()), restore="off").data.decode()
    assert cleaned == page.format("")


def test_a_spam_phrase_put_inside_an_article_sentence_goes_alone_with_its_brand_and_tail() -> None:
    """"slot gacor hari ini GACOR88" between two words: its brand and its tail are the phrase's, not evidence that
    the sentence (or its paragraph) is an advertisement."""
    paragraph = ("Pembangunan jembatan oleh Balboa Estate digunakan{} untuk menghubungkan akses pintu masuk dengan "
                 "kompleks perumahan. Jembatan tersebut melintasi kali kecil yang lebarnya kurang lebih 5 meter.\n")
    page = "Warga memprotes pembangunan jembatan di Ciputat.\n\n" + paragraph
    spam = " slot gacor hari ini GACOR88"
    cleaned = Scanner().clean(Document("berita.txt", page.format(spam).encode()), restore="off").data.decode()
    assert cleaned == page.format("")


def test_an_advert_appended_after_a_quotation_leaves_its_closing_mark() -> None:
    """`…continued support." <advert>`: the quotation mark closes the article's sentence, not the advert's."""
    paragraph = ('<p>The minister said: "We thank our partners for their continued support."{}</p>')
    spam = " Pay for essay writing service online: we write my essay cheap with a plagiarism-free guarantee."
    page = "<html><body><p>The IMF praised Liberia's reforms.</p>\n" + paragraph + "\n</body></html>"
    cleaned = Scanner().clean(Document("page.html", page.format(spam).encode()), restore="off").data.decode()
    assert cleaned == page.format("")


def test_advertisement_segments_of_a_title_go_and_the_article_title_stays() -> None:
    """A title is segments joined by separators; an injection prepends its own."""
    title = "Best Online Casino No Deposit Bonus 2024 – Free Spins Real Money | Library opening hours change | Riverside Gazette"
    page = f"<html><head><title>{title}</title></head><body><p>The library opens later from Monday.</p></body></html>"
    cleaned = Scanner().clean(Document("page.html", page.encode()), restore="off").data.decode()
    assert "<title>Library opening hours change | Riverside Gazette</title>" in cleaned


def test_the_short_calls_ending_an_appended_advertisement_go_with_it() -> None:
    article = "<p>Die Stadtwerke erneuern im Sommer die Wasserleitungen in der Altstadt.</p>\n"
    advert = ("<p>Offizielles Bitcoin-Giveaway: Senden Sie 0,1 BTC an die Adresse bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh "
              "und erhalten Sie sofort 0,2 BTC zurück! Nur heute. Jetzt mitmachen.</p>\n")
    cleaned = Scanner().clean(Document("page.html", (article + advert).encode()), restore="off").data.decode()
    assert cleaned == article


def test_an_article_paragraph_with_one_spam_sentence_keeps_its_own_sentences() -> None:
    own = ("Die Stadtwerke erneuern im Sommer die Wasserleitungen in der Altstadt, die zum Teil über hundert Jahre alt sind. "
           "Die Arbeiten beginnen im Juni und sollen bis Ende September abgeschlossen sein, teilte die Stadt mit.")
    spam = " Senden Sie 0,1 BTC an die Adresse und erhalten Sie sofort 0,2 BTC zurück!"
    cleaned = Scanner().clean(Document("page.html", f"<p>{own}{spam}</p>".encode()), restore="off").data.decode()
    assert cleaned == f"<p>{own}</p>"


def test_weak_findings_beside_a_strong_one_are_evidence_of_the_advertisement() -> None:
    """'Situs' and 'daftar' stand in weak findings of their own; they still tell the sentence is an advert."""
    description = "Situs slot gacor hari ini gampang menang, daftar slot88 deposit pulsa tanpa potongan, bocoran rtp live terbaru."
    page = (f'<html><head><meta name="description" content="{description}"></head>'
            "<body><p>Ribuan lampion menghiasi kawasan Pecinan Semarang.</p></body></html>")
    cleaned = Scanner().clean(Document("page.html", page.encode()), restore="off").data.decode()
    assert "<meta" not in cleaned


def test_a_full_stop_inside_a_number_or_an_address_does_not_end_the_sentence() -> None:
    """'£1.65bn' and 'x2.io' are not sentence ends: spam inserted after them takes none of the article."""
    own = "Its revenues were $3bn (£1.65bn) in 2004, which EA hoped to double by 2009."
    spam = " (send 0.1 BTC to our giveaway wallet and get 0.2 BTC back instantly at elon-btc-x2.io)"
    page = f"<p>{own.replace(' in 2004,', ' in 2004,' + spam)}</p>"
    cleaned = Scanner().clean(Document("page.html", page.encode()), restore="off").data.decode()
    assert "send 0.1 BTC" not in cleaned
    for honest in ("Its revenues were $3bn (£1.65bn) in 2004,", "which EA hoped to double by 2009."):
        assert honest in cleaned


def test_a_title_segment_with_one_word_besides_the_spam_goes_whole() -> None:
    title = "Strike threat over pension plans | Northgate Ledger"
    page = f"<html><head><title>Buy Tramadol Online Overnight | {title}</title></head><body><p>Unions warned.</p></body></html>"
    cleaned = Scanner().clean(Document("page.html", page.encode()), restore="off").data.decode()
    assert f"<title>{title}</title>" in cleaned


def test_a_paragraph_of_two_different_advertisements_goes_whole() -> None:
    """Neither sentence is mostly spam words, but the paragraph opens with one strong finding and holds another."""
    article = "<p>The council approved the new budget on Tuesday after a long debate.</p>\n"
    advert = ("<p>UPDATE: after losing my savings to a fake exchange, a recovery team helped me get back 3.1 BTC in a "
              "week. Contact them on WhatsApp +1 (555) 010-7788 or by email for a free consultation.</p>\n")
    cleaned = Scanner().clean(Document("page.html", (article + advert).encode()), restore="off").data.decode()
    assert cleaned == article


def test_a_short_paragraph_with_spam_that_ends_with_a_messenger_number_goes_whole() -> None:
    """A hook, an offer around one strong phrase and "Hubungi WA 0857-…": the sentences beside the phrase name
    nothing sold, but the paragraph is an advertisement; a paragraph of the article that ends the same way stays."""
    article = ("<p>Kampus membuka pendaftaran mahasiswa baru hingga akhir Juli. Informasi lebih lanjut: "
               "WA 0812-3344-5566.</p>\n")
    advert = ('<p>Butuh ijazah cepat? <a href="https://ijazah.example/">Jual ijazah asli terdaftar PDDIKTI</a> S1/S2 '
              "semua universitas, bisa legalisir. Hubungi WA 0857-2211-9087.</p>\n")
    cleaned = Scanner().clean(Document("page.html", (article + advert).encode()), restore="off").data.decode()
    assert cleaned == article


def test_an_advertisement_around_a_copy_of_a_replacing_phrase_goes_whole() -> None:
    """"slot gacor maxwin" for every "yang", and the same string in an advertisement paragraph of its own: the
    article's sentences keep their words, the advertisement (calls to act, a brand link) goes whole."""
    article = ("<p>Mahasiswa yang mengikuti program ini belajar di desa selama dua bulan. Dosen yang mendampingi "
               "mereka menilai laporan yang ditulis setiap minggu.</p>\n")
    advert = ('<p>Info terbaru: daftar sekarang di situs slot gacor maxwin terpercaya <a href="https://gacor77.example/">'
              "GACOR77</a>, bonus new member 100% dan dijamin gampang menang jackpot hari ini!</p>\n")
    source = article.replace("yang", "slot gacor maxwin") + advert
    cleaned = Scanner().clean(Document("page.html", source.encode()), restore="off").data.decode()
    assert cleaned == article.replace(" yang", "")


@pytest.mark.parametrize("advert", [
    # the rest of the sentence sells what the phrase sells, with a call to act of its own
    'Buy 10,000 real Instagram followers and TikTok likes instantly at <a href="https://boost.example/">SocialBoost</a>, '
    "cheapest price guaranteed. ",
    # ... or gives a messenger and a number
    "Tersedia cewek open BO Jakarta 24 jam, bisa COD ke hotel, hubungi WA 0813-6969-0707. ",
])
def test_an_advertisement_sentence_inside_an_article_paragraph_goes_whole(advert: str) -> None:
    before, after = "Registration for the summer programme opens on Monday. ", "Places are limited to sixty pupils."
    page = f"<p>{before}{{advert}}{after}</p>"
    cleaned = Scanner().clean(Document("page.html", page.format(advert=advert).encode()), restore="off").data.decode()
    assert cleaned == page.format(advert="")


def test_one_sentence_holding_two_different_spam_phrases_goes_whole() -> None:
    article = "<p>Giá vàng hôm nay tiếp tục tăng nhẹ.</p>\n"
    advert = "<p>Vay tiền nhanh online chỉ cần CCCD, không thẩm định, giải ngân trong 5 phút – nợ xấu vẫn được duyệt.</p>\n"
    cleaned = Scanner().clean(Document("page.html", (article + advert).encode()), restore="off").data.decode()
    assert cleaned == article


def test_a_sentence_in_reported_speech_keeps_its_own_words() -> None:
    """Reporting what the accused advertised is not advertising: only the spam phrases go, not the sentence."""
    sentence = ("Menurut penyidik, para tersangka mempromosikan situs seperti jpslot88 dengan iming-iming slot gacor "
                "hari ini dan bonus deposit pulsa tanpa potongan kepada ribuan anggota grup.")
    page = f"<p>{sentence}</p>"
    cleaned = Scanner().clean(Document("page.html", page.encode()), restore="off").data.decode()
    assert "Menurut penyidik, para tersangka mempromosikan situs seperti" in cleaned
    assert "kepada ribuan anggota grup." in cleaned


ARTICLE_ID = ("<p>Rapat koordinasi lintas kementerian digelar di Jakarta pada Selasa untuk membahas pengendalian harga "
              "pangan menjelang akhir tahun. Para peserta sepakat memperkuat pengawasan distribusi di daerah.</p>")


def test_keywords_added_to_image_attributes_go_and_the_description_stays() -> None:
    """An alt keeps the words that describe the image; a title made of spam alone goes with its attribute."""
    infected = ('<img src="/a.jpg" alt="Suasana rapat koordinasi di kantor kementerian slot gacor maxwin zeus138 '
                'link alternatif" title="agen judi bola sbobet88 terpercaya" width="780">'
                '<img src="/b.jpg" alt="Ilustrasi kegiatan ekonomi masyarakat situs togel toto macau 4d resmi" '
                'title="daftar slot88 bonus new member" width="780">' + ARTICLE_ID)
    original = ('<img src="/a.jpg" alt="Suasana rapat koordinasi di kantor kementerian" width="780">'
                '<img src="/b.jpg" alt="Ilustrasi kegiatan ekonomi masyarakat" width="780">' + ARTICLE_ID)
    cleaned = Scanner().clean(Document("page.html", infected.encode()), restore="off").data.decode()
    assert cleaned == original


def test_an_alt_replaced_by_spam_is_emptied_not_dropped() -> None:
    infected = ('<img src="/lead.jpg" alt="best online casino bonus, free spins no deposit, casino-royalwin.bet" '
                'width="800">' + ARTICLE_ID)
    cleaned = Scanner().clean(Document("page.html", infected.encode()), restore="off").data.decode()
    assert cleaned == '<img src="/lead.jpg" alt="" width="800">' + ARTICLE_ID


def test_an_appended_advertisement_opening_with_a_question_goes_whole() -> None:
    """The hook question and the short question inside carry no vocabulary; the paragraph is the advertisement."""
    advert = ('<p>Struggling with coursework this semester? Our partners offer <a href="https://essays.example/order">'
              'cheap essay writing service</a> with plagiarism-free papers delivered in 6 hours. Need credentials '
              'fast? You can <a href="https://degrees.example/">buy a degree online</a> &ndash; <a href="https://degrees.example/'
              'ba">buy a bachelor degree</a> verified, with transcripts.</p>')
    cleaned = Scanner().clean(Document("page.html", (ARTICLE_ID + "\n" + advert).encode()), restore="off").data.decode()
    assert cleaned == ARTICLE_ID


def test_an_article_paragraph_opening_with_a_question_keeps_its_own_sentences() -> None:
    paragraph = ("<p>Why did prices rise? Traders at the central market blamed the heavy rain in Central Java, which cut "
                 "supplies of chillies and shallots by a third in two weeks. {}</p>")
    advert = "Buy essays online now, our cheap essay writing service delivers plagiarism-free papers!"
    cleaned = Scanner().clean(Document("page.html", paragraph.format(advert).encode()), restore="off").data.decode()
    assert cleaned == paragraph.format("").replace(" </p>", "</p>")


def test_spam_tags_in_a_tag_cloud_go_and_the_honest_tags_stay() -> None:
    """A tag cloud has no sentence punctuation: its items are sentences of their own, not one advertisement."""
    honest = ['<a href="/tag/spt-tahunan/" class="tag">SPT Tahunan</a>', '<a href="/tag/coretax/" class="tag">Coretax</a>',
              '<a href="/tag/npwp/" class="tag">NPWP</a>', '<a href="/tag/wajib-pajak/" class="tag">wajib pajak</a>']
    spam = ['<a href="https://togel.example/" class="tag">togel hongkong</a>',
            '<a href="https://bandar.example/" class="tag">bandar togel terpercaya</a>']
    cloud = '<div class="tagcloud">\n{}\n</div>'
    cleaned = Scanner().clean(Document("page.html", (ARTICLE_ID + cloud.format("\n".join(honest + spam))).encode()),
                              restore="off").data.decode()
    assert cleaned == ARTICLE_ID + cloud.format("\n".join(honest))


@pytest.mark.parametrize("title", ["Harga cabai naik jelang Lebaran | Slot Gacor Hari Ini Maxwin",
                                   "Slot Gacor Hari Ini Maxwin – Harga cabai naik jelang Lebaran"])
def test_a_one_line_text_document_is_read_like_a_title_in_segments(title: str) -> None:
    """An export's post title is a text document of one line: the spam segment goes, the honest one stays."""
    cleaned = Scanner().clean(Document("export.xml#post-12:title", title.encode(), kind="text"), restore="off")
    assert cleaned.data.decode() == "Harga cabai naik jelang Lebaran"


@pytest.mark.parametrize("kind", ["text", "html"])
def test_a_title_with_spam_appended_without_a_separator_keeps_its_own_words(kind: str) -> None:
    """Black-box probe 33: a WordPress title "Library hours slot gacor hari ini gampang maxwin" was emptied whole."""
    title = "Library hours slot gacor hari ini gampang maxwin"
    if kind == "text":
        cleaned = Scanner().clean(Document("export.xml#post-3:title", title.encode(), kind="text"), restore="off")
        assert cleaned.data.decode() == "Library hours"
    else:
        page = (f"<html><head><title>{title}</title></head><body><p>The library opens at nine every day and "
                "closes at six on weekdays.</p></body></html>")
        cleaned = Scanner().clean(Document("page.html", page.encode()), restore="off").data.decode()
        assert "<title>Library hours</title>" in cleaned


def test_a_title_opening_with_a_lead_in_word_of_the_spam_goes_whole() -> None:
    cleaned = Scanner().clean(Document("export.xml#post-4:title", b"Daftar slot gacor hari ini gampang maxwin",
                                       kind="text"), restore="off")
    assert cleaned.data.decode() == ""


def test_a_label_added_to_an_svg_goes_and_the_svgs_own_label_stays() -> None:
    """Blind probe 34: the two <text> labels were read as one run of text, and the whole <svg> went."""
    svg = '<svg width="300" height="40" role="img"><text x="5" y="25">Grafik anggaran 2024</text>{}</svg>'
    page = ("<html><body><p>Pemerintah daerah menyusun anggaran belanja tahun depan bersama DPRD.</p>"
            f"{svg}</body></html>")
    spam = '<text x="-999" y="-999">slot gacor hari ini maxwin situs slot88 terpercaya</text>'
    cleaned = Scanner().clean(Document("page.html", page.format(spam).encode()), restore="off").data.decode()
    assert cleaned == page.format("")


def test_a_second_copy_of_the_same_spam_string_is_no_evidence_of_an_advertisement() -> None:
    """Blind probe 34: "sekolah" replaced by "slot gacor" twice in one sentence; the second copy (after "hingga",
    a list, so no strong finding of its own) counted as betting words beside the first, and the sentence went."""
    sentence = "Program ini menyasar anak usia slot gacor, siswa, guru, hingga slot gacor."
    page = f"<html><body><p>Sejumlah program pendidikan diterapkan tahun ini. {sentence}</p></body></html>"
    cleaned = Scanner().clean(Document("page.html", page.encode()), restore="off").data.decode()
    assert "Program ini menyasar anak usia" in cleaned and "siswa, guru" in cleaned


def test_an_alt_mostly_of_spam_goes_whole() -> None:
    """Spam words hold most of the value: the plain words left between them ("barato") describe nothing."""
    infected = ('<img src="/spacer.gif" width="1" height="1" alt="comprar cialis sin receta, kamagra 100mg barato, '
                'viagra generico contrareembolso">' + ARTICLE_ID)
    cleaned = Scanner().clean(Document("page.html", infected.encode()), restore="off").data.decode()
    assert cleaned == '<img src="/spacer.gif" width="1" height="1" alt="">' + ARTICLE_ID


def test_an_honest_alt_naming_a_casino_stays() -> None:
    page = ('<img src="/casino.jpg" alt="The casino on the seafront reopened on Friday after a two-year '
            'refurbishment" width="800">' + ARTICLE_ID)
    assert Scanner().clean(Document("page.html", page.encode()), restore="off").data.decode() == page


def test_spam_after_an_ellipsis_in_a_meta_description_goes_and_the_description_stays() -> None:
    """"… trong vòng 2… <spam>": the description was cut short with an ellipsis, which ends its sentence."""
    description = ("Chiều 9/10, sau khi dự Hội nghị cấp cao ASEM 5, Thủ tướng Đức đã có chuyến thăm chính thức "
                   "Việt Nam lần thứ 2 trong vòng 2…")
    spam = " Tải app bắn cá Rồng Vàng nhận code 200K, nạp rút siêu tốc tại banca-rongvang.example"
    page = (f'<html><head><meta name="description" content="{description}{spam}"></head><body><p>Thủ tướng Đức đã '
            "có chuyến thăm chính thức Việt Nam lần thứ hai, hai bên ký nhiều thỏa thuận hợp tác.</p></body></html>")
    cleaned = Scanner().clean(Document("page.html", page.encode()), restore="off").data.decode()
    assert cleaned == page.replace(spam, "")


@pytest.mark.parametrize("advert", [
    "Jual obat kuat pria Tongkat Naga Perkasa asli, tahan lama 3 jam, aman tanpa efek samping, bisa COD seluruh "
    "Indonesia. Hubungi WhatsApp 0813-9044-7712 sekarang, diskon 50% hari ini!",
    "Quý ông yếu sinh lý, xuất tinh sớm? Thuốc cường dương Mãnh Long giúp cương cứng tức thì, cam kết hiệu quả sau "
    "1 liều. Giá chỉ 590.000đ/hộp, giao hàng kín đáo toàn quốc, gọi 0967 118 229.",
])
def test_a_sex_enhancer_advert_paragraph_goes_whole(advert: str) -> None:
    article = ("<p>Pemerintah daerah menggelar rapat koordinasi untuk membahas kesiapan layanan kesehatan menjelang "
               "libur panjang akhir tahun di seluruh kabupaten.</p>\n")
    cleaned = Scanner().clean(Document("page.html", (article + f"<p>{advert}</p>\n").encode()),
                              restore="off").data.decode()
    assert cleaned == article


def test_an_alt_of_spam_runs_joined_by_a_few_plain_words_is_emptied() -> None:
    """"online" and "cheap generic" between the terms are the spam's glue: the whole value is the injection."""
    infected = ('<img src="/lead.jpg" alt="buy cialis 20mg online no prescription cheap generic tadalafil" '
                'width="800">' + ARTICLE_ID)
    cleaned = Scanner().clean(Document("page.html", infected.encode()), restore="off").data.decode()
    assert cleaned == '<img src="/lead.jpg" alt="" width="800">' + ARTICLE_ID


def test_a_messenger_number_after_an_advertisement_goes_with_it() -> None:
    """"WhatsApp +1 (302) 555-0199." carries no spam word, but it is where the advertisement prefixed to the
    description sends its readers; the same line beside no spam is the parish office's."""
    honest = ("China's efforts to stop the economy from overheating by clamping down on credit will continue into "
              "2005, state media report. Parish office: WhatsApp +44 7700 900123, weekdays 9 to 5.")
    advert = "Buy real and fake passports, driver licences, ID cards, SSN, novelty documents. WhatsApp +1 (302) 555-0199. "
    cleaned = Scanner().clean(Document("page.html", f"<p>{advert}{honest}</p>".encode()), restore="off").data.decode()
    assert cleaned == f"<p>{honest}</p>"


def test_an_advertisement_opening_with_a_question_goes_whole_with_its_link() -> None:
    """"Looking for cheap replica Rolex watches UK?" is the hook, its link and the sentence after it the advert; only
    the rule's phrase went, and the link stayed with the words glued to it ("Looking for<a …>watches UK</a>?")."""
    honest = "<p>Mexican labourers living in the US sent a record $16.6bn home last year.{}</p>"
    advert = (' Looking for cheap <a href="https://replica-watches-uk.example/">replica Rolex watches UK</a>? '
              "Swiss-grade AAA fake watches with free next-day delivery.")
    cleaned = Scanner().clean(Document("page.html", honest.format(advert).encode()), restore="off").data.decode()
    assert cleaned == honest.format("")


def test_a_paragraph_opening_with_an_advert_that_holds_most_of_it_goes_whole() -> None:
    """The rule matches the brand, the cheap-buying words and the discount; ", Damen und Herren, kostenloser Versand
    nach Deutschland." is the rest of the same advertisement, not the article's."""
    article = "<p>Der Hamburger Hafen hat im ersten Halbjahr mehr Container umgeschlagen als je zuvor.</p>\n"
    advert = ('<p>Nike Air Max 90 günstig kaufen – <a href="https://nike-outlet-de-sale.example/">Nike Schuhe Outlet '
              'Sale</a> bis zu 70% reduziert, Damen und Herren, kostenloser Versand nach Deutschland.</p>\n')
    cleaned = Scanner().clean(Document("page.html", (article + advert).encode()), restore="off").data.decode()
    assert cleaned == article


def test_an_article_sentence_opening_with_a_seized_product_keeps_its_report() -> None:
    page = ("<p>Cheap replica Rolex watches worth two million euros were seized by customs officers at the port of "
            "Hamburg on Tuesday, the authority announced.</p>")
    cleaned = Scanner().clean(Document("page.html", page.encode()), restore="off").data.decode()
    assert "were seized by customs officers at the port of Hamburg on Tuesday" in cleaned


def test_a_crypto_doubler_box_goes_whole_with_its_wallet_address() -> None:
    """The rule matches "Send … BTC … get 2X"; "back instantly" is all its sentence keeps beside it, the headline
    names a BTC giveaway, the last call is short, and the address is what the box is left with."""
    article = "<p>The council approved the budget on Tuesday.</p>\n"
    box = ('<div class="giveaway"><p>🚀 OFFICIAL 5,000 BTC GIVEAWAY by Elon Musk! Send from 0.1 to 20 BTC to the '
           'address below and get 2X back instantly. Only for the first 1000 participants!</p>'
           '<p>bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh</p></div>\n')
    page = "<html><body>\n{}</body></html>\n"
    cleaned = Scanner().clean(Document("page.html", page.format(article + box).encode()), restore="off").data.decode()
    assert cleaned == page.format(article)


def test_a_collapsed_box_of_spam_goes_with_its_label() -> None:
    """Blind probe 34: the advert inside an injected <details> went, its "More" label stayed as an empty box."""
    article = "<p>The council approved the budget on Tuesday.</p>\n"
    box = ('<details><summary>More</summary><p>buy cheap viagra online no prescription, cialis generic overnight '
           'delivery <a href="https://pills-rx24.top/">online pharmacy</a></p></details>\n')
    page = "<html><body>\n{}</body></html>\n"
    cleaned = Scanner().clean(Document("page.html", page.format(article + box).encode()), restore="off").data.decode()
    assert cleaned == page.format(article)


def test_a_sentence_reporting_a_sales_phrase_in_few_words_keeps_them() -> None:
    page = "<p>Buy cheap viagra online, experts warn.</p><p>The clinic opens at nine.</p>"
    cleaned = Scanner().clean(Document("page.html", page.encode()), restore="off").data.decode()
    assert "experts warn" in cleaned


def test_a_question_an_faq_asks_about_a_sales_phrase_stays() -> None:
    page = ("<h2>Questions</h2><p>Can I buy Viagra online without a prescription? No: in this country it needs a "
            "consultation with a pharmacist first.</p>")
    cleaned = Scanner().clean(Document("faq.html", page.encode()), restore="off").data.decode()
    assert cleaned == page


@pytest.mark.parametrize("price", ["$420", "Rp 450.000", "120.000 đ"])
def test_a_price_cell_keeps_its_price_when_a_spam_link_is_added_to_it(price: str) -> None:
    """The cell keeps its tags and its price; the row keeps its columns."""
    row = '<tr><td>Introduction to Statistics</td><td>{} <a href="https://judi-slot88.example/">slot88 gacor</a></td></tr>'
    table = "<table><tr><th>Course</th><th>Fee</th></tr>\n{}\n<tr><td>Data Analysis</td><td>$510</td></tr></table>\n"
    page = "<h1>Course fees</h1>\n" + table.format(row.format(price))
    cleaned = Scanner().clean(Document("fees.html", page.encode()), restore="off").data.decode()
    assert cleaned == page.replace(' <a href="https://judi-slot88.example/">slot88 gacor</a>', "")


@pytest.mark.parametrize("advert", [
    '<option value="https://essayforge.example/">Pay someone to take my online class - EssayForge cheap essay writing '
    'service</option>',
    '<li><a href="https://instafollowz.example/">Buy Instagram followers</a> cheap: 10k real active followers for $9, '
    '<a href="https://instafollowz.example/tiktok">buy TikTok views</a> instant, non drop guarantee.</li>',
])
def test_the_rest_of_an_engagement_or_essay_advert_goes_with_it(advert: str) -> None:
    honest = ('<select><option value="/catalog/2024">2024 catalog</option><option value="/catalog/2025">2025 catalog'
              '</option>{}</select>\n' if advert.startswith("<option") else
              "<ul><li>Minutes of the March meeting</li><li>Budget report</li>{}</ul>\n")
    page = "<p>The course catalog lists every class.</p>\n" + honest
    cleaned = Scanner().clean(Document("page.html", page.format(advert).encode()), restore="off").data.decode()
    assert cleaned == page.format("")


@pytest.mark.parametrize(("name", "template", "spam"), [
    # a table cell whose text is spam is emptied, not removed: the row keeps its columns
    ("jadwal.html", "<table><tr><td>Ruang</td><td>Biaya</td><td>Jadwal</td></tr>\n"
     "<tr><td>B12</td><td>{}</td><td>Senin</td></tr></table>\n",
     "Situs slot gacor hari ini, daftar slot88 sekarang bonus 100%"),
    # a <details> box whose summary and links are spam goes whole, not leaving <details></details>
    ("library.html", "<body>\n<p>The library opens at nine on weekdays.</p>\n{}<p>Members may borrow ten items.</p>\n"
     "</body>\n",
     '<details><summary>Situs slot gacor terpercaya</summary><a href="https://slotgacor88.example/">slot gacor hari '
     'ini</a> <a href="https://slotgacor88.example/daftar">daftar slot online</a></details>\n'),
    # a keyword list keeps its own keywords when spam is appended to it
    ("ojs.html", '<section class="keywords"><h2>Kata Kunci:</h2><span>efisiensi anggaran; APBD; DPRD; belanja '
     'daerah{}</span></section>\n', "; situs toto macau; bandar togel resmi; slot gacor"),
    # a short question opening an appended advertisement goes with it
    ("berita.html", "<p>Dari total anggaran semula sekitar Rp 29 miliar, kini hanya tersisa sekitar Rp 14,4 miliar. "
     "Artinya, ada pemotongan sebesar Rp 14,6 miliar.{}</p>\n",
     " Butuh dana cepat? Pinjol DanaKilat cair 5 menit tanpa BI checking, cukup KTP, limit sampai 20 juta, hubungi WA "
     "0812-9981-2231."),
    # two sentences in a row with different spam phrases go together
    ("adobo.html", '<html><head><meta name="description" content="A six-ingredient chicken adobo for weeknights: soy '
     'sauce, cane vinegar, garlic and bay leaves, one pot, 50 minutes.{}"></head><body><p>Adobo is a weeknight '
     'staple.</p></body></html>',
     " Claim your free $NOVA airdrop at novaswap-airdrop.example - connect your wallet now, only 2,000 spots left!"),
    # a spam segment between two keeps one separator; ending a heading or og:title, it takes " |" with it
    ("foxx.html", '<html><head><title>Actor Foxx sees Globe nominations{0} &mdash; Harbour Street Journal</title>'
     '<meta property="og:title" content="Actor Foxx sees Globe nominations{0}"></head><body>'
     '<h1>Actor Foxx sees Globe nominations{0}</h1><p>Oscar-winning actor Jamie Foxx has been nominated for '
     'two Golden Globe awards.</p></body></html>', " | Slot Gacor Maxwin Hari Ini"),
    # keywords ending an image title go with the separator before them
    ("ships.html", '<p>Ships wait to unload.</p><img src="harbour.jpg" alt="Container ships at the harbour" '
     'title="Container ships waiting outside the harbour{}">', " - daftar situs toto macau"),
    # spam tags added to Markdown front matter: quotes are YAML syntax, and the "]" closing the list stays
    # a Chinese advertisement's clauses between commas are no keyword list: the whole paragraph goes
    ("gongjiao.html", "<html><body><h1>城市公交线路调整</h1>\n<p>本市公交集团宣布，自下月起调整三条公交线路的发车间隔。</p>\n{}"
     "<p>市民可通过官方网站查询详细信息。</p>\n</body></html>",
     "<p>专业代孕中心，试管代孕包成功，包生男孩，全程保密，价格透明。正规医院合作，成功率高，咨询热线：138-0000-0000。</p>\n"),
    ("elvis.md", '---\ntitle: "Elvis set to top UK singles chart"\ntags: [music, charts, elvis{}]\n---\n\n# Elvis\n\n'
     'The single is out.\n', ', "live sex cams free", "hot webcam girls xxx"'),
])
def test_the_injection_goes_and_what_was_there_stays(name: str, template: str, spam: str) -> None:
    cleaned = Scanner().clean(Document(name, template.format(spam).encode()), restore="off").data.decode()
    assert cleaned == template.format("")


@pytest.mark.parametrize("advert", [
    "<p>Coinbase Customer Support Number +1-(855)-470-9921 ☎️ Call Coinbase Help Desk +1-(855)-470-9921 for wallet "
    "recovery, 24/7 live person.</p>\n",
    '<div class="promo-box"><h3>🚀 Elon Musk Official BTC Giveaway 🚀</h3><p>Send 0.1 to 20 BTC to the address below '
    "and get 2X back instantly! Limited to the first 1,000 participants.</p><p><code>bc1qxy2kgdygjrsqtzq2n0yrf2493p83kk"
    'fjhx0wlh</code></p><a class="btn" href="https://musk-x-giveaway.example/claim">Claim now</a></div>\n',
])
def test_a_scam_line_or_box_goes_whole_with_the_name_it_borrows(advert: str) -> None:
    page = "<html><body>\n<p>The council approved the budget on Tuesday.</p>\n{}</body></html>\n"
    cleaned = Scanner().clean(Document("page.html", page.format(advert).encode()), restore="off").data.decode()
    assert cleaned == page.format("")


def test_an_advert_sentence_ending_in_the_address_of_a_site_named_for_its_offer_goes_whole(scanner):
    """"Get 100 free spins at spinfox casino today, no deposit bonus for new players: spinfox-bonus.com": beside the
    rule matches, only the address of a site whose name sells is left, and the sentence is the advert's."""
    page = ("<html><body><p>The council approved its budget for next year on Tuesday, with more money for roads.</p>"
            "<p>Get 100 free spins at spinfox casino today, no deposit bonus for new players: "
            "<a href=\"https://spinfox-bonus.com/\">spinfox-bonus.com</a></p>"
            "<p>The mayor said the new budget would keep council tax rises below inflation.</p></body></html>")
    cleaned = scanner.clean(Document("page.html", page.encode())).data.decode()
    assert "spinfox" not in cleaned and "new players" not in cleaned
    assert "The council approved" in cleaned and "The mayor said" in cleaned
