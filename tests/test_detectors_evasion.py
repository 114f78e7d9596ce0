"""Evasion: invisible, look-alike, mathematical and full-width characters, reported with exact spans."""

from __future__ import annotations

import pytest

from scanner import Document, Scanner
from scanner.detection.detectors.evasion import tricks_in


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


def findings(scanner: Scanner, source: str) -> list[tuple[str, str, int, int, str]]:
    result = scanner.scan(Document("page.txt", source.encode()))
    return [(f.rule_id, str(f.severity), f.start, f.end, f.action) for f in result.findings]


def clean(scanner: Scanner, source: str) -> str:
    return scanner.clean(Document("page.txt", source.encode()), restore="off").data.decode()


def test_rule_match_written_with_evasion_is_raised(scanner: Scanner) -> None:
    source = "Người dân được khuyến cáo. Vào ngay ｓｌｏｔ ｇａｃｏｒ hôm nay.\nThời tiết đẹp."
    start = source.index("ｓ")
    assert findings(scanner, source) == [("evasion.confusable", "critical", start, start + 10, "remove")]
    assert clean(scanner, source) == "Người dân được khuyến cáo. Vào ngay hôm nay.\nThời tiết đẹp."


def test_zero_width_inside_a_weak_mention(scanner: Scanner) -> None:
    source = "Giá vàng tăng. Chơi ca\u200bsino trực tuyến."
    start = source.index("ca\u200b")
    assert findings(scanner, source) == [("evasion.invisible", "high", start, start + 7, "remove")]
    assert clean(scanner, source) == "Giá vàng tăng. Chơi trực tuyến."


def test_unknown_brand_in_math_letters_beside_betting_words(scanner: Scanner) -> None:
    source = "Đội nhà thắng 2-0. Đăng ký 𝗞𝗜𝗡𝗚𝗕𝗘𝗧𝟴𝟲 nhận thưởng.\n"
    start = source.index("𝗞")
    assert findings(scanner, source)[0] == ("evasion.confusable", "high", start, start + 9, "remove")
    assert clean(scanner, source) == "Đội nhà thắng 2-0. Đăng ký nhận thưởng.\n"


def test_fancy_letters_without_betting_words_are_only_reported(scanner: Scanner) -> None:
    source = "Bài thơ mới. Tôi thích chữ 𝓭𝓮𝓹 trong thiệp cưới.\n\nHội nghị diễn ra ở Hà Nội hôm qua."
    start = source.index("𝓭")
    assert findings(scanner, source) == [("evasion.confusable", "medium", start, start + 3, "report")]


def test_word_stored_backwards_behind_a_right_to_left_override(scanner: Scanner) -> None:
    source = "Giá vàng tăng. Chơi \u202eonisac\u202c trực tuyến."
    start = source.index("\u202e")
    assert findings(scanner, source) == [("evasion.invisible", "high", start, start + 8, "remove")]
    assert clean(scanner, source) == "Giá vàng tăng. Chơi trực tuyến."


@pytest.mark.parametrize(("text", "tricks"), [
    ("cаsino", {"confusable", "mixed-script"}),
    ("slo\u200bt", {"invisible"}),
    ("𝗦𝗟𝗢𝗧", {"math"}),
    ("ｃａｓｉｎｏ", {"full-width"}),
    ("Москва and London", set()),
    ("soft\u00adhyphen", set()),
    ("đặt cược", set()),
    ("\u202eonisac\u202c", {"bidi-override"}),
])
def test_tricks_in(text: str, tricks: set[str]) -> None:
    assert tricks_in(text) == tricks


def test_full_width_latin_inside_japanese_or_chinese_text_on_another_page_is_ordinary(scanner: Scanner) -> None:
    """A donate list on an English page: "寄付する（ＰａｙＰａｌ・カード）" writes Latin in full width, as Japanese does."""
    source = ("The charity thanks every donor. Donate: Donate · 寄付する（ＰａｙＰａｌ・カード） · "
              "捐款（支付宝／ＷｅＣｈａｔ）\nThe trust runs three shelters in the city.")
    assert [f for f in findings(scanner, source) if f[0].startswith("evasion")] == []
    assert clean(scanner, source) == source


def test_a_paragraph_stored_backwards_behind_one_override_goes_whole(scanner: Scanner) -> None:
    """Every word after the override is stored reversed, not only the first: the paragraph reads "Cassino online:
    bônus de R$500 e 200 giros grátis no BETRIO777, apostas esportivas com saque via Pix"."""
    shown = "Cassino online: bônus de R$500 e 200 giros grátis no BETRIO777, apostas esportivas com saque via Pix"
    article = "<p>O Banco Central manteve a taxa Selic em 10,5% ao ano nesta quarta-feira.</p>\n"
    page = article + f"<p>\u202e{shown[::-1]}\u202c</p>\n"
    cleaned = scanner.clean(Document("noticia.html", page.encode()), restore="off").data.decode()
    assert cleaned == article


@pytest.mark.parametrize("spam", [
    "Best cas\u0301ino bon\u0300us: vi\u0308agra online without prescr\u0301iption, cheap ci\u0301alis overnight delivery.",
    "Best caśino boǹus: vïagra online without prescŕiption, cheap cíalis overnight delivery.",
])
def test_spam_words_disguised_with_accents_are_an_evasion(scanner: Scanner, spam: str) -> None:
    """Blind probe 37: accents or combining marks over plain letters ("caśino", "vïagra") hide words from word
    lists; written as combining marks or as accented letters, they are an evasion and the advert goes."""
    article = "The council approved the budget on Tuesday.\n{}\nWork on the new library starts in spring.\n"
    assert clean(scanner, article.format(spam)) == article.format("").replace("\n\n", "\n")


def test_accents_a_language_writes_are_no_disguise(scanner: Scanner) -> None:
    """Vietnamese syllables without their tones are plain words ("trọng", "trạng" read "trong", "trang"), and
    Portuguese writes "bônus": their pages stay clean."""
    vietnamese = ("Tình trạng ùn tắc trên tuyến đường trọng điểm được cải thiện. Cây xanh được trồng dọc hai bên, "
                  "vỉa hè lát đá trắng, đèn chiếu sáng được thay mới.\n")
    portuguese = "Os funcionários receberão um bônus de fim de ano, e a promoção vale para todos os setores.\n"
    for article in (vietnamese, portuguese):
        assert not [f for f in findings(scanner, article) if f[0].startswith("evasion")], article


def test_letters_the_page_writes_in_other_words_are_its_language_not_a_disguise(scanner: Scanner) -> None:
    """Blind probe 45: Turkish "Süper Lig" and "İddaa" read "super" and "iddaa" without their marks, but the page
    writes ü and İ in many other words: its language's letters, and the legal notice about İddaa stays."""
    turkish = ("<p>Süper Lig'de haftanın maçları İstanbul, İzmir ve Trabzon'da oynanacak. Türkiye'nin en çok izlenen "
               "ligi için bütün gözler cumartesi günü oynanacak derbide.</p>\n<p>İddaa, Spor Toto Teşkilatı tarafından "
               "düzenlenen yasal bir şans oyunudur. 18 yaşından küçükler oynayamaz.</p>\n")
    assert clean(scanner, turkish) == turkish
    disguised = turkish + "<p>En iyi caśino bonusu: vïagra ve cíalis ucuz, hemen üye ol.</p>\n"
    assert "caśino" not in clean(scanner, disguised)
