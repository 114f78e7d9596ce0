"""Word restoration (issue 4) on the founding case and constructed pages,
with the real packaged tables."""
from __future__ import annotations


import re
from dataclasses import replace

import pytest

from scanner.restoration import Gap, detect_language, filler, restore
from scanner.restoration.restorer import decide, score, settings_for
from scanner.restoration.table import load_table

from .conftest import SEED  # the founding article, bundled in fixtures/seed/
SPAM = "bet365 tiếng việt_đặt cược bet365_cách vào bet365"


def gaps_of(texts: list[str], spam: str = SPAM) -> list[Gap]:
    gaps = []
    for d, text in enumerate(texts):
        i = text.find(spam)
        while i >= 0:
            gaps.append(Gap(d, i, i + len(spam)))
            i = text.find(spam, i + len(spam))
    return gaps


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED.read_text("utf-8")


@pytest.fixture(scope="module")
def clean(seed: str) -> str:
    """The seed article as it was before the injection."""
    return seed.replace(SPAM, "bảo")


def test_seed_restores_bao_at_all_four_gaps(seed: str) -> None:
    gaps = gaps_of([seed])
    assert len(gaps) == 4
    r = restore([seed], gaps)
    assert r.kind == "replaced"
    assert r.word == "bảo"
    assert r.fillers == ("bảo",) * 4
    assert r.language == "vi"
    assert r.confidence >= 0.99
    assert r.candidates[0].word == "bảo"
    assert r.evidence == "4 gaps on 1 page; vi table (Wikipedia)"
    restored = seed
    for g, f in sorted(zip(gaps, r.fillers), key=lambda x: -x[0].start):
        restored = restored[:g.start] + f + restored[g.end:]
    assert "tuyên truyền về bảo vệ chủ quyền" in restored


def test_gaps_not_passed_are_still_masked(seed: str) -> None:
    """Only one gap is passed; the other three occurrences are no context."""
    gaps = gaps_of([seed])
    r = restore([seed], gaps[:1])
    assert r.word == "bảo"
    assert r.fillers == ("bảo",)
    assert r.evidence.startswith("4 gaps on 1 page")


def test_inserted_spam_between_words_that_read_fine(clean: str) -> None:
    text = clean.replace("hoạt động của BCĐ và triển khai",
                         f"hoạt động của BCĐ và {SPAM} triển khai", 1)
    r = restore([text], gaps_of([text]))
    assert r.kind == "inserted"
    assert r.word is None
    assert r.fillers == ("",)


def test_abstains_when_hopeless() -> None:
    text = f"Xin chào {SPAM} nhé."
    r = restore([text], gaps_of([text]), language="vi")
    assert r.word is None
    assert r.fillers == ("",)
    assert r.confidence < 0.99


def test_capitalised_at_sentence_start(seed: str) -> None:
    text = seed + f"\n{SPAM} vệ chủ quyền biển, đảo là nhiệm vụ của toàn dân. Nhiều người {SPAM} vệ."
    gaps = gaps_of([text])
    r = restore([text], gaps)
    assert r.word == "bảo"
    assert r.fillers == ("bảo", "bảo", "bảo", "bảo", "Bảo", "bảo")


def test_absence_constraint_excludes_words_on_the_page(seed: str) -> None:
    text = seed + "\nCông tác bảo đảm an ninh."
    r = restore([text], gaps_of([text]))
    assert r.word != "bảo"
    assert "bảo" not in [c.word for c in r.candidates]


def test_capitalised_occurrence_does_not_exclude(seed: str) -> None:
    text = seed + "\nBảo đảm an ninh."
    r = restore([text], gaps_of([text]))
    assert r.word == "bảo"


def test_pooled_pages_sharing_the_spam(seed: str, clean: str) -> None:
    other = clean.replace("bảo", SPAM)
    r = restore([seed, other], gaps_of([seed, other]), site_texts=[clean[:200]])
    assert r.word == "bảo"
    assert r.evidence.startswith("8 gaps on 2 pages")
    assert "site statistics (1 page)" in r.evidence


def test_spam_glued_to_words_gets_spaces(seed: str) -> None:
    text = seed.replace(f" {SPAM} ", SPAM)
    r = restore([text], gaps_of([text]))
    assert r.word == "bảo"
    assert r.fillers == (" bảo ",) * 4


def test_language_without_table_uses_site_statistics() -> None:
    site = ["Le chat noir dort sur le canapé rouge."] * 5
    text = f"Le chien {SPAM} dort sur le canapé."
    r = restore([text], gaps_of([text]), language="fr", site_texts=site)
    assert "no table for fr" in r.evidence
    assert "site statistics (5 pages)" in r.evidence
    assert r.language == "fr"


def test_a_lone_page_without_a_table_abstains() -> None:
    """No table and no other page: the page's own words are the only candidates, and one fitting is no evidence."""
    text = f"Le chien dort. Le chat {SPAM} dort sur le canapé."
    r = restore([text], gaps_of([text]), language="fr")
    assert r.word is None and r.candidates == ()
    assert "too little text to choose a word" in r.evidence


def test_detect_language(seed: str) -> None:
    assert detect_language(seed) == "vi"
    assert detect_language("The minister said that the bank would raise rates in the spring.") == "en"
    assert detect_language("Menurut dia, pemerintah akan menaikkan harga yang tidak adil untuk rakyat.") == "id"
    assert detect_language("123 456") is None


@pytest.mark.parametrize("lang", ["vi", "en", "id"])
def test_tables_are_packaged(lang: str) -> None:
    table = load_table(lang)
    assert table is not None and table.language == lang
    assert table.unigrams


def test_offsets_of_decomposed_text_are_respected(seed: str) -> None:
    import unicodedata

    text = unicodedata.normalize("NFD", seed)
    gaps = gaps_of([text], unicodedata.normalize("NFD", SPAM))
    assert len(gaps) == 4
    r = restore([text], gaps)
    assert r.word == "bảo"
    assert r.fillers == ("bảo",) * 4


@pytest.mark.parametrize(("text", "expected"), [
    ("Ông Nguyễn SPAM Quang nói.", "Bảo"),      # inside a name
    ("Hết câu. SPAM vệ.", "Bảo"),               # sentence start
    ("HÀ SPAM NỘI", "BẢO"),                     # all capitals around
    ("UBND SPAM Quảng Nam", "bảo"),             # an office before a name
    ("về SPAM vệ", "bảo"),
    ("vềSPAMvệ", " bảo "),                      # glued to the words
    ("quyền,SPAM vệ", " bảo"),                  # glued to a comma
    ('"Mayoritas SPAM Jatim puas."', "bảo"),    # the word before is capitalised as the sentence opens: no name
    ('Kata dia, "Mayoritas SPAM Jatim puas."', "bảo"),  # ... as a quotation opens
])
def test_filler_case_and_spacing(text: str, expected: str) -> None:
    from scanner.restoration.restorer import _case_and_space

    i = text.index("SPAM")
    assert _case_and_space(text, i, i + 4, "bảo") == expected


@pytest.mark.parametrize(("text", "word", "expected"), [
    ("Công ty cổ phần Xi măng Thăng Long SPAM Việt Nam và Công ty Plysius AG", "của", "của"),
    ("đối tác thương mại lớn nhất của Việt Nam SPAM Liên minh châu Âu", "trong", "trong"),
    ("Ông Nguyễn SPAM Quang nói.", "văn", "Văn"),
])
def test_a_vietnamese_word_never_written_in_names_stays_lowercase_between_two(text: str, word: str,
                                                                              expected: str) -> None:
    """Between two capitalised words a syllable is part of a name, unless the table says the word is hardly ever
    written with a capital (a function word between two names)."""
    from scanner.restoration.restorer import _case_and_space

    i = text.index("SPAM")
    assert _case_and_space(text, i, i + 4, word).strip() == expected


@pytest.mark.parametrize(("text", "word", "expected"), [
    ("Mr McGuire SPAM Apple had sold more players.", "said", "said"),   # a verb between two names
    ("The Bank SPAM England raised rates.", "of", "of"),
    ("Hết câu. SPAM things.", "but", "But"),                          # a sentence start still opens with a capital
])
def test_an_english_word_between_two_names_keeps_its_case(text: str, word: str, expected: str) -> None:
    from scanner.restoration.restorer import _case_and_space

    i = text.index("SPAM")
    assert _case_and_space(text, i, i + 4, word, "en") == expected


def _build_lm():
    """tools/build_lm.py as a module (tools/ is not a package)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "tools" / "build_lm.py"
    spec = importlib.util.spec_from_file_location("build_lm", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pruned_kneser_ney_table_sums_to_one(tmp_path, seed: str, clean: str) -> None:
    """A table built from the seed articles (pruned bigrams and trigrams)
    gives every history a distribution over the (pseudo-)vocabulary that
    sums to one: pruning moved mass to the lower order, nothing was lost."""
    import gzip

    from scanner.restoration.model import UNSEEN_VOCAB, SiteCounts, TrigramModel
    from scanner.restoration.table import parse_table

    build_lm = _build_lm()
    corpus = tmp_path / "corpus.txt.gz"
    corpus.write_bytes(gzip.compress(f"{clean}\n{seed}\n".encode()))
    out = tmp_path / "vi.lm.gz"
    build_lm.write_table(out, "vi", build_lm.build_counted(corpus, 1, 2, 2))
    table = parse_table(gzip.decompress(out.read_bytes()).decode())
    d2, d3 = table.discounts
    assert 0 < d2 < 1 and 0 < d3 < 1
    model = TrigramModel(table, SiteCounts(), 1.0)
    vocab = list(table.unigrams)
    unseen = UNSEEN_VOCAB - len(vocab)
    histories = [("chủ", "quyền"), ("bảo", "vệ"), ("</s>", "</s>"), ("không", "có")]
    assert sum(f"{u} {v}" in table.trigrams for u, v in histories) == 3
    for u, v in histories:
        total = sum(model.p3(x, u, v) for x in vocab) + unseen * model.p3("\x01", u, v)
        assert total == pytest.approx(1.0, abs=1e-3)


def test_packaged_tables_kinds() -> None:
    """vi and id are Kneser-Ney (a discount per order), en Witten-Bell."""
    for lang in ("vi", "id"):
        d2, d3 = load_table(lang).discounts
        assert 0 < d2 < 1 and 0 < d3 < 1
    assert load_table("en").discounts == (0.0, 0.0)


def test_lowercase_share_marks_name_syllables() -> None:
    vi = load_table("vi")
    assert vi.lowercase_share("việt") < 0.1       # almost always "Việt"
    assert vi.lowercase_share("bảo") > 0.5
    assert vi.lowercase_share("\x01") == 1.0     # unknown: no evidence
    assert load_table("en").lowercase_share("the") == 1.0  # no case data


def test_skip_pairs_sum_to_one_and_count_the_page(tmp_path, seed: str, clean: str) -> None:
    """Skip pairs ``x _ y`` (one word between): unpruned, ``P(y | x _)``
    sums to one over the (pseudo-)vocabulary; the page's own pairs count
    like site ones, and pairs with the gap at either end are left out."""
    import gzip

    from scanner.restoration.model import UNSEEN_VOCAB, SiteCounts, SkipCounts, TrigramModel
    from scanner.restoration.restorer import GAP
    from scanner.restoration.table import parse_table

    build_lm = _build_lm()
    corpus = tmp_path / "corpus.txt.gz"
    corpus.write_bytes(gzip.compress(f"{clean}\n{seed}\n".encode()))
    out = tmp_path / "vi.lm.gz"
    build_lm.write_table(out, "vi", build_lm.build_counted(corpus, 1, 2, 2, 1))
    table = parse_table(gzip.decompress(out.read_bytes()).decode())
    assert table.skips is not None and "bảo" in table.skips
    t, g, followers = table.skips.get("về")
    assert followers["vệ"] >= 1 and t == sum(followers.values()) and g == len(followers)
    model = TrigramModel(table, SiteCounts(), 1.0)
    none = SkipCounts([], GAP)
    vocab = list(table.unigrams)
    unseen = UNSEEN_VOCAB - len(vocab)
    for x in ("về", "bảo", "</s>"):
        total = sum(model.p_skip(y, x, none) for y in vocab) + unseen * model.p_skip("\x01", x, none)
        assert total == pytest.approx(1.0, abs=1e-3)
    page = SkipCounts([["</s>", "về", GAP, "vệ", "xyz", "về", "abc", "xyz"]], GAP)
    assert page.pairs == {("về", "vệ"): 1, ("vệ", "về"): 1, ("xyz", "abc"): 1, ("về", "xyz"): 1}
    assert page.totals["về"] == 2 and page.types["về"] == 2
    assert model.p_skip("xyz", "về", page) > model.p_skip("xyz", "về", none)
    # without a skip section the table gives no skip evidence
    build_lm.write_table(out, "vi", build_lm.build_counted(corpus, 1, 2, 2))
    assert parse_table(gzip.decompress(out.read_bytes()).decode()).skips is None


def test_vietnamese_uses_skip_pairs() -> None:
    assert load_table("vi").skips is not None
    assert settings_for("vi").skip_weight > 0


def test_site_pages_in_another_script_give_no_candidates() -> None:
    """A Korean page's replaced word is Korean: English pages of the same run offer nothing for it."""
    page = "서울시는 올해 SPAM 예산을 늘렸다. 시민들은 SPAM 정책을 환영했다. 구청장은 SPAM 사업을 설명했다."
    english = ["The city council said the budget and the new plan are good for the people of the city."] * 5
    result = restore([page], gaps_of([page], "SPAM"), site_texts=english)
    assert all(not c.word.isascii() for c in result.candidates)
    assert "site statistics" not in result.evidence


def test_unspaced_script_abstains_and_says_why() -> None:
    page = "東京都は今年SPAMの予算を増やした。区長はSPAMの計画を説明した。"
    result = restore([page], gaps_of([page], "SPAM"))
    assert result.word is None and result.candidates == ()
    assert "not written apart" in result.evidence


def test_a_template_line_that_other_pages_share_does_not_rule_the_word_out(seed: str) -> None:
    """The injection rewrote the article; the site's comment form, on every page, still says "bảo mật"."""
    form = "Thông tin của bạn được bảo mật tuyệt đối."
    page = seed + "\n" + form + "\n"
    others = [f"Bài viết khác số {n} về kinh tế địa phương.\n{form}\n" for n in range(3)]
    assert restore([page], gaps_of([page]), site_texts=others).word == "bảo"
    # a line of this page alone is the article's own text: the word it holds is not the one replaced
    assert restore([page], gaps_of([page]), site_texts=others[:0]).word != "bảo"


def test_a_gap_written_against_a_possessive_is_a_replaced_word_not_an_insertion() -> None:
    """"The <spam>'s plans": however well "The's plans" scores, the spam took a word's place."""
    spam = "online casino real money no deposit bonus"
    text = (f"The {spam}'s plans were unveiled on Monday. Ministers said the {spam} would publish the details "
            f"next week, and the opposition asked the {spam} to explain the cost.\n")
    gaps = [Gap(0, m.start(), m.end()) for m in re.finditer(re.escape(spam), text)]
    scores = score([text], gaps, language="en")
    assert scores.glued
    high_join = replace(scores, join_margin=50.0)
    assert decide(high_join, [text], gaps, 0.99, settings_for("en")).kind == "replaced"
    assert decide(replace(high_join, glued=False), [text], gaps, 0.99, settings_for("en")).kind == "inserted"


@pytest.mark.parametrize(("before", "after", "written"), [
    ("Tin vắn.\n“", " ấy đã về.", "Người"),      # a quotation opening a sentence
    ("Tin vắn.\n[", " dân]", "Người"),           # a bracket opening one
    ("Ông nói. (", " dân đến.", "Người"),
    ('ông nói "vâng" rồi ', " dân đến", "người"),  # a closing quotation mark does not end a sentence
    ("đã gặp (", " dân)", "người"),               # a bracket inside a sentence
])
def test_a_word_restored_after_an_opening_quotation_mark_or_bracket_takes_the_sentence_case(
        before: str, after: str, written: str) -> None:
    text = before + "SPAM" + after
    assert filler(text, len(before), len(before) + 4, "người", "vi") == written


def test_a_stray_single_letter_is_never_a_candidate() -> None:
    """Tables and pages count "e" and "x" from formulas and initials; no injection replaced such a letter
    ("seizes 5,000 e watches" was restored at confidence 0.999). English "a" stays a candidate."""
    from collections import Counter

    from scanner.restoration.model import SiteCounts, TrigramModel
    from scanner.restoration.restorer import GAP, SENT, _candidates, settings_for

    site = SiteCounts([["seizes", "e", "watches"] * 20, ["seizes", "a", "watches"] * 5, ["seizes", "fake", "watches"]])
    model = TrigramModel(None, site, 1.0)
    windows = Counter({(SENT, "seizes", GAP, "watches", SENT): 1})
    shortlist = _candidates(model, windows, set(), settings_for("en"))
    assert "e" not in shortlist and {"a", "fake"} <= set(shortlist)


def test_pages_sharing_a_spam_string_are_pooled_with_pages_of_their_own_language_only() -> None:
    """Blind probe 34: an English and an Indonesian page whose different words "slot gacor" replaced were pooled
    ("language unknown") and judged as one."""
    from scanner.restoration import restore_pages
    spam = "slot gacor"
    english = ("The court heard that the man was charged with slot gacor after a fight outside a bar. His lawyer said "
               "the slot gacor charge should be dropped because the victim could not identify him in court.")
    indonesian = ("Program ini menyasar anak usia slot gacor dan guru di daerah. Pemerintah juga membangun slot gacor "
                  "baru di desa yang belum memiliki gedung untuk belajar.")
    texts = [english, indonesian]
    gaps = [Gap(d, m.start(), m.end()) for d, text in enumerate(texts) for m in re.finditer(spam, text)]
    groups = restore_pages(texts, gaps)
    assert sorted((documents, result.language) for documents, result in groups) == [([0], "en"), ([1], "id")]


def test_a_page_sure_of_its_word_keeps_it_where_the_pool_puts_none_back(monkeypatch) -> None:
    """Two pages share a spam string: on one it replaced "yang" three times, on the other "nomor" once, and that page
    writes "yang". Pooled, "yang" is ruled out and nothing fits; the first page alone is sure of "yang" (blind probe
    51: a page that restored "yang" ×7 alone got nothing in the whole run). The pool's best word is made acceptable
    to both pages (no page is split off for ruling it out), so only the fallback can give the page its word."""
    from scanner.restoration import restore_pages, restorer
    monkeypatch.setattr(restorer, "SPLIT_RATIO", 0.0)
    spam = "top up diamond ml murah_joki rank mythic_tokogame77"
    market = ("Pemerintah kota meresmikan pasar baru yang dibangun di atas lahan bekas terminal. Pedagang yang "
              "sebelumnya berjualan di pinggir jalan kini mendapat kios baru. Wali kota mengatakan pasar ini dilengkapi "
              "tempat parkir dan saluran air. Warga yang datang pada hari pertama menyambut baik perubahan itu, meski "
              "sebagian mengeluhkan harga sewa kios. Dinas perdagangan akan mengevaluasi tarif sewa dalam tiga bulan, "
              "dan pedagang diminta untuk menjaga kebersihan di dalam pasar dengan baik. Ini adalah pasar ketiga dari "
              "lima pasar untuk direnovasi tahun ini.")
    police = ("Polisi meminta warga yang kehilangan kendaraan segera melapor ke kantor polisi terdekat. Petugas mencatat "
              "nomor rangka dan nomor mesin setiap kendaraan, lalu mencocokkan data dengan kendaraan yang ditemukan di "
              "gudang. Warga juga diminta menyimpan nomor polisi kendaraan mereka di tempat yang aman.")
    texts = [market.replace("yang", spam), police.replace("nomor polisi", spam + " polisi")]
    gaps = [Gap(d, m.start(), m.end()) for d, text in enumerate(texts) for m in re.finditer(re.escape(spam), text)]
    words = {tuple(documents): result.word for documents, result in restore_pages(texts, gaps)}
    assert words[(0,)] == "yang" and words.get((1,)) is None

