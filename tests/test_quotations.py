"""A rule match inside quotation marks is a quotation: reported for a reader, not removed."""

from __future__ import annotations

import pytest

from scanner import Document, Scanner
from scanner.detection.engine import quoted

ARTICLE = ("<html><head><title>Regulator warns about illegal online pharmacies</title></head><body>"
           "<p>The regulator has issued a fresh warning about websites {claim}. Inspectors said the pills they "
           "bought contained the wrong dose or none at all.</p><p>Patients should talk to their doctor.</p></body></html>")


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


@pytest.mark.parametrize(("text", "phrase", "inside"), [
    ("websites that promise customers \u201cbuy viagra online\u201d today", "buy viagra", True),
    ('websites that promise customers "buy viagra online" today', "buy viagra", True),
    ("\u00abcasino online sin verificaci\u00f3n\u00bb, dijo", "casino online", True),
    # low-high quotation marks: Polish and Hungarian close with \u201d, German and Czech with \u201c
    ("has\u0142a \u201ebonus bez depozytu\u201d w reklamach", "bonus bez depozytu", True),
    ("Slogans wie \u201ebuy viagra online\u201c sind verboten", "buy viagra", True),
    ("\u201aslot gacor\u2019 in single low-high marks", "slot gacor", True),
    ('He said "hello" and buy viagra online now', "buy viagra", False),
    ('"one" and "two" then buy viagra online "three"', "buy viagra", False),
    ("\u201cone\u201d then buy viagra online \u201cthree\u201d", "buy viagra", False),
    ('buy viagra online "now"', "buy viagra", False),
    ('a "quotation that opens\nand buy viagra online" on the next line', "buy viagra", False),
    ('"' + "x" * 150 + ' buy viagra online"', "buy viagra", False),
    ("met termen als 'casino zonder CRUKS' en 'gratis spins zonder storting'.", "gratis spins", True),
    ("websites \u2018buy viagra online\u2019 here", "buy viagra", True),
    ('kalimat seperti "slot gacor hari ini gampang maxwin" agar', "maxwin", True),
    ("l'ADM said the players' money and don't buy viagra online 'now'", "buy viagra", False),
    # spam inserted into an article's quotation of a person: the quotation holds many other words
    ('"Minta buy viagra online tolong untuk terus dilatih dan bisa terampil," tambahnya.', "buy viagra", False),
    # a message quoted as a whole item of a list of examples
    ('"Win big! 100 free spins no deposit, join today"', "free spins no deposit", True),
    # a scam message a warning quotes whole, after a colon
    ('One text read: "APPROVED! Get $5,000 cash in 10 minutes, no credit check, bad credit OK. Just pay a $99 '
     'activation fee via gift card. WhatsApp +1 555 0199 to claim now." Lenders never ask', "no credit check", True),
    ('Pesan itu berbunyi: "Pinjaman cair 5 menit tanpa BI checking, limit sampai 20 juta, cukup KTP! Hubungi WA '
     '0812-5555-0199." Menurut Kepala Diskominfo', "Pinjaman cair 5 menit", True),
    # blind probe 36: a search term a spokesman's words quote is quoted, however long his words
    ('"Fans searching for \'nfl live stream free\' or \'premier league stream reddit\' find sites that steal their '
     'card details, and we will keep blocking them," a spokesman said.', "nfl live stream free", True),
])
def test_quoted(text: str, phrase: str, inside: bool) -> None:
    start = text.index(phrase)
    assert quoted(text, start, start + len(phrase)) is inside


def test_a_quoted_spam_phrase_is_reported_not_removed(scanner: Scanner) -> None:
    page = ARTICLE.format(claim="that promise \u201cbuy viagra online, no prescription needed\u201d")
    result = scanner.scan(Document("page.html", page.encode()))
    assert result.verdict.value == "suspicious"
    assert {(f.rule_id, str(f.severity), f.action, "quoted" in f.signals) for f in result.findings if f.severity >= 2} == {
        ("pharma.en.viagra-sales", "medium", "report", True), ("pharma.en.sales-phrase", "medium", "report", True)}
    assert scanner.clean(Document("page.html", page.encode())).data.decode() == page


def test_the_same_phrase_unquoted_is_an_injection(scanner: Scanner) -> None:
    page = ARTICLE.format(claim="selling pills. Buy viagra online, no prescription needed")
    result = scanner.scan(Document("page.html", page.encode()))
    assert result.verdict.value == "injected"
    assert "Buy viagra" not in scanner.clean(Document("page.html", page.encode())).data.decode()


def test_a_spam_message_shown_as_a_block_quotation_is_reported_not_removed(scanner: Scanner) -> None:
    page = ("<p>Readers keep forwarding us messages like this one:</p>"
            "<blockquote><p>Cheap meds for everyone, buy viagra online without a doctor, click the link and claim "
            "your discount before the offer ends today.</p></blockquote><p>Do not click such links.</p>")
    result = scanner.scan(Document("page.html", page.encode()))
    assert {(f.rule_id.split(".")[0], str(f.severity), f.action) for f in result.findings
            if f.severity >= 2} == {("pharma", "medium", "report")}
    assert scanner.clean(Document("page.html", page.encode())).data.decode() == page


def test_spam_inserted_into_a_block_quotation_of_prose_is_removed(scanner: Scanner) -> None:
    """A pull quote of a person's words is prose: an advert inserted between its sentences is the injection's, as
    in a quotation of many other words between quotation marks. A quoted advert or scam message is spam all along
    and stays reported (the test above)."""
    quote = ("<blockquote><p>With winter temperatures staying relatively high in the northern US, a barrel of light "
             "crude ended Monday down $1.33 to $42.12.{spam} However crude prices have rebounded in Asia, rising to "
             "$42.30 a barrel for February delivery. In London, trading of Brent crude was suspended for a public "
             "holiday.</p></blockquote>")
    page = "<p>Oil prices fell on Monday.</p>" + quote
    spam = " Play now at LuckySpin88, the best online casino with 200 free spins no deposit bonus!"
    cleaned = scanner.clean(Document("page.html", page.format(spam=spam).encode()), restore="off").data.decode()
    assert cleaned == page.format(spam="")
    giveaway = ("<p>Scammers posted this on hacked accounts:</p><blockquote><p>ELON MUSK BITCOIN GIVEAWAY! Send 0.1 "
                "to 1 BTC to the address below and get 2X back instantly! Only 5,000 BTC left. "
                "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh</p></blockquote><p>Never send coins to a stranger.</p>")
    assert scanner.clean(Document("page.html", giveaway.encode()), restore="off").data.decode() == giveaway


@pytest.mark.parametrize("quote", [
    "The text message said: instant payday loans, no credit check, same day cash, apply now. I needed money for the "
    "rent, so I clicked it. Within six months I owed more than three times what I had borrowed.",
    "One patient showed me an email promising cheap Viagra and Cialis without prescription, discreet worldwide "
    "shipping. He had taken the tablets for two months before coming to see me. The pills held a different drug.",
])
def test_a_person_quoted_telling_of_a_spam_message_keeps_their_words(scanner: Scanner, quote: str) -> None:
    """Blind probe 43: a pull quote of prose in which a person tells of the spam they were sent ("The text message
    said: …", "an email promising …") quotes the spam; only an advert put in its own voice goes."""
    page = f"<p>Consumer groups warned about lending scams.</p><blockquote><p>{quote}</p></blockquote>"
    assert scanner.clean(Document("page.html", page.encode()), restore="off").data.decode() == page


def test_a_phrase_that_replaced_a_word_everywhere_goes_inside_a_block_quotation_too(scanner: Scanner) -> None:
    """The injection replaced the word in the article's quotations as well: a copy there is one of its copies."""
    sentences = ["Sekolah menyiapkan tahun ajaran {w} dengan kurikulum yang lebih sederhana.",
                 "Guru {w} akan mengikuti pelatihan selama dua minggu di kantor dinas.",
                 "Orang tua murid {w} diminta melengkapi berkas pendaftaran sebelum akhir bulan."]
    quote = '<blockquote><p>"Menjelang tahun ajaran {w}, kami mendorong sekolah menerbitkan surat edaran," kata juru bicara.</p></blockquote>'
    page = "".join(f"<p>{s}</p>" for s in sentences) + quote
    infected = page.replace("{w}", "situs_judi_gacor77")
    cleaned = scanner.clean(Document("page.html", infected.encode()), restore="mark").data.decode()
    assert "situs_judi_gacor77" not in cleaned


def test_spam_appended_to_a_front_matter_description_goes_and_the_value_stays_quoted(scanner: Scanner) -> None:
    """``description: "…"`` is a YAML value, not a message quoted after a colon; the value's closing quotation mark
    stays with it."""
    page = ('---\ntitle: "Polantas di Medan disebut kena OTT"\ndate: 2024-03-12\ndescription: "Dua anggota polisi '
            'lalu lintas awalnya disebut terjaring Operasi Tangkap Tangan oleh Paminal Polda Sumut.{}"\n---\n\n'
            "Dua anggota polisi lalu lintas di Medan disebut terjaring operasi tangkap tangan pada Selasa pagi.\n")
    spam = " Daftar slot gacor hari ini GACOR88 maxwin"
    cleaned = scanner.clean(Document("post.md", page.format(spam).encode()), restore="off").data.decode()
    assert cleaned == page.format("")


def test_a_negated_list_of_what_a_firm_will_not_do_is_a_warning(scanner: Scanner) -> None:
    """Blind probe 42: "will never ask for your seed phrase or offer to double your crypto" lost "double your
    crypto": the negation governs both parts of the list. An advert's own "double your crypto" still goes."""
    warning = ("<p>Coinvale will never ask for your seed phrase or offer to double your crypto. How to spot giveaway "
               "scams and fake support numbers.</p>")
    assert scanner.clean(Document("page.html", warning.encode()), restore="off").data.decode() == warning
    advert = "<p>Send 0.5 ETH today and we double your crypto within one hour, guaranteed profit.</p>"
    assert "double your crypto" not in scanner.clean(Document("page.html", advert.encode()), restore="off").data.decode()


def test_advice_against_what_something_offers_is_a_warning(scanner: Scanner) -> None:
    """Blind probe 43: "never reply to texts offering instant payday loans" is advice, however many words stand
    between the negation and what is offered (up to six)."""
    page = ("<h1>How to keep your family safe from scams</h1><p>Never reply to texts offering instant payday loans, "
            "and do not trust emails selling cheap Viagra online without a prescription.</p>")
    assert scanner.clean(Document("page.html", page.encode()), restore="off").data.decode() == page


@pytest.mark.parametrize("warning", [
    "<p>Polisi mengimbau warga jangan tergiur pinjaman online cepat cair tanpa bi checking yang ditawarkan lewat SMS.</p>",
    "<p>Don't be fooled by websites selling cheap Viagra online without a prescription: the pills are often fake.</p>",
    "<p>Công an khuyến cáo người dân đừng sập bẫy các trang vay tiền online không cần thẩm định đang quảng cáo "
    "trên mạng.</p>",
])
def test_advice_not_to_be_lured_by_an_offer_is_a_warning(scanner: Scanner, warning: str) -> None:
    """Blind probe 48: "jangan tergiur …" (do not be lured by) warns against the offer that follows it."""
    assert scanner.clean(Document("page.html", warning.encode()), restore="off").data.decode() == warning


def test_a_lure_warning_does_not_reach_past_its_clause(scanner: Scanner) -> None:
    """An advert that opens with "don't be fooled by other sites" and then sells is still an advert."""
    advert = "<p>Jangan tertipu situs abal-abal, daftar slot gacor hari ini gampang maxwin di sini.</p>"
    assert "gacor" not in scanner.clean(Document("page.html", advert.encode()), restore="off").data.decode()


def test_an_injected_string_shown_as_code_is_reported_not_removed(scanner: Scanner) -> None:
    """A security write-up shows what attackers inject, in <code> and <pre>: the page's own example, not spam."""
    page = ("<p>The attackers replace a common syllable with a keyword chain, for instance "
            "<code>bet365 tiếng việt_đặt cược bet365_cách vào bet365</code>, in every article.</p>"
            "<pre>&lt;p&gt;PENGUMUMAN: daftar &lt;a href=\"https://casino.example/\"&gt;slot gacor maxwin&lt;/a&gt; "
            "sekarang&lt;/p&gt;</pre>"
            "<p>Search your database for <code>gacor</code>, <code>maxwin</code>, <code>casino</code> and "
            "<code>viagra</code>, and for blocks you did not write.</p>")
    result = scanner.scan(Document("page.html", page.encode()))
    assert result.verdict == "suspicious"
    assert all(f.action == "report" for f in result.findings)
    assert scanner.clean(Document("page.html", page.encode())).data.decode() == page


def test_spam_in_visible_text_next_to_a_code_sample_is_still_removed(scanner: Scanner) -> None:
    page = ("<p>Search your database for <code>gacor</code>.</p>"
            "<p>Daftar slot gacor hari ini gampang maxwin, bonus new member 100%.</p>")
    cleaned = scanner.clean(Document("page.html", page.encode())).data.decode()
    assert "maxwin" not in cleaned and "<code>gacor</code>" in cleaned


def test_a_quoted_keyword_chain_made_only_of_matches_is_reported_not_removed(scanner: Scanner) -> None:
    """A write-up quotes the injected chain in prose: longer than a slogan, but nothing in it is the article's."""
    page = ("<p>When we clean up a compromised site, the injected text is easy to recognise: long chains of keywords "
            "such as \u201cbet365 tiếng việt_đặt cược bet365_cách vào bet365\u201d, glued together with underscores so "
            "that a single replaced word turns into a block of anchor text.</p><p>Restore from a backup first.</p>")
    result = scanner.scan(Document("page.html", page.encode()))
    assert result.verdict == "suspicious"
    assert all(f.action == "report" for f in result.findings)
    assert scanner.clean(Document("page.html", page.encode())).data.decode() == page


def test_a_keyword_chain_in_quotation_marks_with_the_article_words_after_it_is_removed(scanner: Scanner) -> None:
    """Where the chain replaced a word inside a quotation, the quotation goes on with the article's words."""
    page = ("<p>Khẩu hiệu \u201cbet365 tiếng việt_đặt cược bet365_cách vào bet365 vệ chủ quyền biển đảo\u201d được "
            "treo khắp nơi trong huyện.</p>")
    result = scanner.scan(Document("page.html", page.encode()))
    assert result.verdict == "injected"


@pytest.mark.parametrize(("sentence", "kept"), [
    ("Do not buy viagra online without a prescription from your doctor.", True),
    ("Never buy cheap cialis online: a pharmacist's warning.", True),
    ("Health officials urged readers not to buy tramadol online, however cheap it looks.", True),
    ("Don't miss out! Buy viagra online today, no prescription needed.", False),  # spam's own call, not advice
    ("Looking for cheap viagra? Buy viagra online today, no prescription needed.", False),  # a hook asks no FAQ
])
def test_a_sales_phrase_warned_against_is_reported_not_removed(scanner: Scanner, sentence: str, kept: bool) -> None:
    page = f"<html><body><p>Patients should talk to their doctor. {sentence}</p></body></html>"
    cleaned = scanner.clean(Document("page.html", page.encode())).data.decode()
    assert (cleaned == page) is kept


@pytest.mark.parametrize("body", [
    # examples "such as" introduces earlier in the sentence
    "<p>Regulators warned the public on Monday. Consumer group Which? found dozens of adverts for loans such as "
    "guaranteed approval no credit check payday loans, none of them from authorised lenders.</p>",
    '<p>Polisi mengimbau warga. Iklan tersebut biasanya memakai kalimat seperti "slot gacor hari ini", "situs slot '
    'online terpercaya", atau "deposit pulsa tanpa potongan, maxwin pasti cair".</p>',
    # keywords a report lists
    "<p>The keywords injected included buy viagra online, cheap cialis, slot gacor maxwin and togel online.</p>",
    "<p>Kata kunci yang sering disisipkan: slot88, rtp slot, scatter hitam, bandar togel.</p>",
    # items of a list a line naming examples introduces
    "<p>Examples of messages reported to us:</p><ul><li>Your parcel is waiting, pay the fee today.</li>"
    "<li>slot gacor hari ini maxwin, daftar sekarang bonus 100%</li></ul>",
    "<p>Berikut contoh pesan yang kerap diterima warga melalui WhatsApp:</p><ul>"
    "<li>Daftar situs slot gacor terpercaya, bonus deposit 100%</li></ul>",
    # terms a glossary defines
    "<h2>Istilah judi online yang perlu dikenali orang tua</h2><dl><dt>Maxwin</dt><dd>Kemenangan maksimal yang "
    "dijanjikan situs judi untuk memancing pemain.</dd><dt>RTP live</dt><dd>Angka yang diklaim menunjukkan peluang "
    "menang.</dd></dl>",
    # a phrase running into the quotation of the offer's own words
    '<p>Many callers say it started with a free bet or a welcome bonus of "100 free spins".</p>',
    # a warning earlier in the sentence
    "<p>Beware of phishing websites and fake social media accounts promising to double your crypto.</p>",
    "<h2>How to tell a replica Rolex from the real thing</h2><p>Check the weight and the movement.</p>",
    # a question the page asks its reader
    "<h3>Can I buy Viagra online without seeing a doctor?</h3><p>No legitimate pharmacy will sell it.</p>",
    # a write-up naming the injection
    "<h1>Anatomy of the slot gacor injection campaign</h1><p>Hundreds of university sites were hit.</p>",
    # a glossary table: the first cell names the term the rest of the row explains
    "<table><tr><th>Term</th><th>Language</th><th>Meaning</th></tr><tr><td>deneme bonusu</td><td>Turkish</td>"
    "<td>trial bonus</td></tr><tr><td>slot gacor</td><td>Indonesian</td><td>a slot said to pay out often</td></tr>"
    "</table>",
    # a blocklist of addresses written not to be links
    "<p>Daftar situs yang diblokir:</p><ul><li>gacor88-slot[.]com</li><li>maxwin-jp777[.]net</li>"
    "<li>hxxps://slot88vip.site/daftar</li></ul>",
    # a victim's comment
    "<p>My grandad was scammed by one of these fake pharmacy sites selling viagra without prescription. Report them!</p>",
    # a screenshot a write-up describes
    '<figure><img src="/d.png" alt="Screenshot of phishing page: Claim your $PEPE airdrop now, connect wallet to receive '
    '5,000 PEPE"></figure>',
    # a Korean quotation followed by its particle
    "<p>이들은 해외에 서버를 두고 '먹튀 없는 안전놀이터'라고 광고하며 회원을 모집했다.</p>",
    # a term the text names: a quotative ending on the next word, "so-called" before it
    '<p>경찰 관계자는 "먹튀검증 커뮤니티라고 소개하는 사이트 상당수가 실제로는 불법 도박 사이트의 광고 창구"라며 주의를 '
    "당부했다.</p>",
    "<p>Investigators said the group advertised through so-called safe playground forums, known as 안전놀이터 "
    "in Korea, that claimed to vet gambling sites.</p>",
])
def test_text_a_page_cites_is_reported_not_removed(scanner: Scanner, body: str) -> None:
    page = f"<html><body>{body}<p>Jangan klik tautannya.</p></body></html>"
    assert scanner.clean(Document("page.html", page.encode())).data.decode() == page


def test_the_terms_a_markdown_glossary_table_explains_stay_and_a_table_without_a_header_is_no_glossary(
        scanner: Scanner) -> None:
    glossary = ("# Spam terms\n\n| Term | Language | Meaning |\n|---|---|---|\n"
                "| slot gacor | Indonesian | a slot said to pay out often |\n| deneme bonusu | Turkish | trial bonus |\n")
    assert scanner.clean(Document("terms.md", glossary.encode())).data.decode() == glossary
    advert = ("<p>Jadwal kuliah semester ganjil.</p><table><tr><td>slot gacor</td><td>daftar sekarang juga</td></tr>"
              "</table>")
    assert "slot gacor" not in scanner.clean(Document("page.html", advert.encode())).data.decode()


def test_a_sales_phrase_after_a_warning_word_is_reported_not_removed(scanner: Scanner) -> None:
    page = ("<html><head><title>Dokter Ingatkan Bahaya Obat Kuat Tahan Lama Tanpa Resep</title></head><body>"
            "<p>Dokter spesialis urologi meminta pasien berkonsultasi sebelum minum obat apa pun.</p></body></html>")
    assert scanner.clean(Document("page.html", page.encode())).data.decode() == page


@pytest.mark.parametrize("sentence", [
    "Verbraucherschützer warnen, dass Seiten, die mit einem Online Casino ohne OASIS werben, keinen Spielerschutz bieten.",
    "Border Force officers have seized more than 40,000 counterfeit items, including fake Louis Vuitton handbags, "
    "replica Rolex watches and copies of trainers, with an estimated retail value of £3 million.",
    "The regulator warned that sites offering cheap Cialis online without checks often sell fake pills.",
    # what sellers are said to advertise, in a quoted official's words
    '"Websites advertising that you can buy Wegovy online with no consultation are breaking the law," she said.',
    # "so-called" in Italian and Spanish
    "La polizia ha chiuso i cosiddetti siti scommesse non AAMS che promettevano bonus senza deposito.",
    "La policía cerró los llamados casinos online sin licencia que ofrecían tiradas gratis sin depósito.",
])
def test_a_spam_phrase_a_report_warns_against_or_says_was_seized_is_reported_not_removed(scanner: Scanner,
                                                                                          sentence: str) -> None:
    page = f"<html><body><p>{sentence}</p><p>Weitere Informationen folgen.</p></body></html>"
    result = scanner.scan(Document("page.html", page.encode()))
    assert result.verdict.value != "injected"
    assert scanner.clean(Document("page.html", page.encode())).data.decode() == page


def test_the_same_phrases_as_an_advert_still_go(scanner: Scanner) -> None:
    page = "<p>Das Wetter bleibt mild.</p><p>Bestes Online Casino ohne OASIS: jetzt spielen und Bonus sichern!</p>"
    assert "OASIS" not in scanner.clean(Document("page.html", page.encode())).data.decode()


def test_a_list_of_spam_links_after_a_plain_heading_still_goes(scanner: Scanner) -> None:
    page = ("<html><body><p>Mahasiswa baru wajib mengisi formulir sebelum Jumat.</p><p>Link resmi:</p>"
            '<ul><li><a href="https://slot88-gacor.example/">slot gacor hari ini maxwin</a></li></ul></body></html>')
    assert "slot gacor" not in scanner.clean(Document("page.html", page.encode())).data.decode()


@pytest.mark.parametrize("document", [
    "# Fake pharmacies\n\nWe received e-mails like this one:\n\n> buy cialis online no prescription, discreet shipping\n\n"
    "Never answer them.\n",
    "# Blocklist\n\n| list | entries |\n|---|---|\n| `gambling.txt` | `slot88-gacor.example`, `togel-hk.example` |\n",
    "# Incident\n\nThe injected paragraph read:\n\n```\nslot gacor hari ini gampang maxwin, daftar sekarang\n```\n",
])
def test_markdown_quotations_and_code_are_reported_not_removed(scanner: Scanner, document: str) -> None:
    result = scanner.scan(Document("page.md", document.encode()))
    assert result.verdict.value != "injected"
    assert scanner.clean(Document("page.md", document.encode())).data.decode() == document


def test_spam_in_markdown_prose_beside_a_quotation_still_goes(scanner: Scanner) -> None:
    document = "# Notes\n\n> A quoted line.\n\nBuy cialis online no prescription, discreet shipping worldwide.\n"
    assert "cialis" not in scanner.clean(Document("page.md", document.encode())).data.decode()


@pytest.mark.parametrize("page", [
    # a headline that names its topic before a colon or a question mark
    "<html><head><title>Préstamos rápidos sin buró: qué revisar antes de firmar | Finanzas Claras</title></head><body>"
    "<h1>Préstamos rápidos sin buró: qué revisar antes de firmar</h1><p>La Condusef recomienda comparar el costo anual "
    "total antes de contratar.</p></body></html>",
    "<html><body><h2>Buy Ozempic online? What the regulator says about it</h2><p>Only pharmacies that check a "
    "prescription may sell it.</p></body></html>",
    # the site's own tag for the topic of its article
    '<html><body><h1>Harm reduction at festivals</h1><p>Testing services report more fake pills sold as MDMA online '
    'this summer.</p>'
    '<ul class="tags"><li><a href="/tag/buy-mdma-online/" rel="tag">buy MDMA online</a></li>'
    '<li><a href="/tag/festivals/" rel="tag">festivals</a></li></ul></body></html>',
    # another story of the site on the same topic, among the related stories
    "<html><body><h1>Polisi menggerebek tempat judi</h1><p>Polisi menyita ponsel yang dipakai untuk slot gacor dan "
    'togel.</p><ul class="related"><li><a href="/2025/06/razia-slot-gacor-di-kampung-baru">Razia slot gacor di Kampung '
    "Baru, tiga orang diamankan polisi</a></li></ul></body></html>",
    # the headline of a story the page cites, naming the phrase unquoted
    '<html><body><p>See also: <a href="https://www.news.example/health/123">Why people who buy cialis online risk '
    "fake pills, study finds</a>.</p></body></html>",
    # a headline linked to a news site whose address carries the story's words, quoting the phrase
    '<html><body><p>Read more: <a href="https://www.news.example/uk/police-shut-buy-weed-online-shops">Police shut '
    "'buy weed online' shops that shipped cannabis in pizza boxes</a></p></body></html>",
])
def test_a_headline_a_tag_or_a_cited_story_that_names_the_offer_stays(scanner: Scanner, page: str) -> None:
    assert scanner.clean(Document("page.html", page.encode())).data.decode() == page


@pytest.mark.parametrize("page, phrase", [
    # an advert's headline goes on with its promises after the colon
    ("<html><body><h1>Buy Ozempic online: cheap pens, overnight delivery</h1><p>Order today.</p></body></html>",
     "Buy Ozempic online"),
    # a doorway page of the site linked under an article on something else
    ('<html><body><p>The council approved the budget.</p><ul class="related"><li><a href="/wp-content/x/cialis.html">'
     "buy cialis online cheap with fast discreet delivery today</a></li></ul></body></html>", "buy cialis online"),
    # keywords filed as the site's own tags under an article on something else
    ('<html><body><p>The council approved the budget.</p><ul class="tags"><li><a href="/tag/buy-mdma-online/" '
     'rel="tag">buy MDMA online</a></li></ul></body></html>', "buy MDMA online"),
    # a long link to a neutral-named site that opens with the phrase is no cited story
    ('<html><body><p>See also: <a href="https://dailyfinds-hub.example/">buy cialis online cheap fast discreet '
     "worldwide delivery</a>.</p></body></html>", "buy cialis online"),
    # a warning or a headline whose line links to the seller
    ('<html><body><p>Never buy cialis online without a prescription, unless you order at '
     '<a href="https://cheap-rx-pills.example/">our partner pharmacy</a>.</p></body></html>', "buy cialis online"),
    ("<html><body><h2>Payday loans no credit check? Apply today at "
     '<a href="https://quickcash-loans.example/">QuickCash</a></h2></body></html>', "Payday loans no credit check"),
    # a tag link to another site is the injection's
    ('<html><body><p>News.</p><ul class="tags"><li><a href="https://pills-shop.example/tag/buy-mdma-online/" rel="tag">'
    "buy MDMA online</a></li></ul></body></html>", "buy MDMA online"),
])
def test_the_same_phrase_in_an_advert_headline_or_a_tag_to_another_site_goes(scanner: Scanner, page: str,
                                                                             phrase: str) -> None:
    assert phrase not in scanner.clean(Document("page.html", page.encode())).data.decode()


def test_a_phrase_quoted_by_an_element_that_is_itself_a_link_to_another_site_goes(scanner: Scanner) -> None:
    """No text quotes an offer by making it a link to another site: the quotation is the disguise."""
    page = ('<html><body><p>The council approved the budget. <q><a href="https://essays-now.example/">write my essay for '
            "me</a></q></p></body></html>")
    cleaned = scanner.clean(Document("page.html", page.encode())).data.decode()
    assert "essays-now" not in cleaned and "write my essay" not in cleaned
