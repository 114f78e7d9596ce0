"""Headings and the rest of advertisement boxes: what is left when the spam they held is removed goes with it."""

from __future__ import annotations

import pytest

from scanner import Document, Scanner

ARTICLE = ("<article><h1>KPK periksa mantan Sekjen Kementan</h1><p>Pemeriksaan dijadwalkan dilakukan di gedung KPK, "
           "Kuningan, Jakarta Selatan. Namun belum dirincikan materi apa yang akan digali dalam pemeriksaan kali ini.</p>\n"
           "<p>Kasus korupsi pengolahan karet di Kementan ini menyebabkan kerugian negara mencapai Rp 75 miliar.</p>\n"
           "{section}</article>\n")
SPAM = ('<p>Bagi mahasiswa yang mencari hiburan, kami rekomendasikan <a href="https://bandarjitu77.example/">situs judi '
        "online terpercaya JITU77</a>, agen togel resmi dan bandar bola dengan pasaran terlengkap. Deposit via pulsa "
        "mulai Rp 10.000, proses withdraw cepat.</p>\n")
HONEST = "<p>Mahasiswa dapat mendaftar program magang di Kementan mulai bulan depan.</p>\n"


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


def cleaned(scanner: Scanner, source: str) -> str:
    return scanner.clean(Document("page.html", source.encode()), restore="off").data.decode()


def test_a_heading_introducing_only_spam_goes_with_it(scanner: Scanner) -> None:
    source = ARTICLE.format(section="<h3>Info Terbaru Mahasiswa</h3>\n" + SPAM)
    assert cleaned(scanner, source) == ARTICLE.format(section="")


def test_a_heading_whose_section_keeps_honest_text_stays(scanner: Scanner) -> None:
    source = ARTICLE.format(section="<h3>Info Terbaru Mahasiswa</h3>\n" + SPAM + HONEST)
    assert cleaned(scanner, source) == ARTICLE.format(section="<h3>Info Terbaru Mahasiswa</h3>\n" + HONEST)


GIVEAWAY_BOX = ('<div class="promo-box"><h3>OFFICIAL BITCOIN GIVEAWAY \u2013 5,000 BTC</h3><p>To celebrate the launch of '
                "our new exchange we are giving away 5,000 BTC to the community! Send from <b>0.1 BTC to 20 BTC</b> to "
                "the address below and receive <b>2X back</b> instantly. Only the first 1,000 transactions qualify.</p>"
                "<p><code>bc1q9h7xk2lz0m4v3y8c6r5w2e7t0u9p8a4s3d2f1g</code></p><p>Also accepting ETH: "
                '<a href="https://btc-giveaway2x.example/claim">Claim status here</a></p></div>\n')


def test_what_is_left_of_an_advertisement_box_goes_with_its_spam(scanner: Scanner) -> None:
    """The wallet address and the button link of a removed giveaway carry no spam word of their own."""
    assert cleaned(scanner, ARTICLE.format(section=GIVEAWAY_BOX)) == ARTICLE.format(section="")


def test_a_box_that_opens_with_the_article_keeps_it(scanner: Scanner) -> None:
    box = GIVEAWAY_BOX.replace('<div class="promo-box">', '<div class="promo-box"><p>Kurs hari ini.</p>')
    result = cleaned(scanner, ARTICLE.format(section=box))
    assert "Kurs hari ini." in result and "Claim status here" in result and "GIVEAWAY" not in result


def test_a_box_that_keeps_a_sentence_of_its_own_keeps_it(scanner: Scanner) -> None:
    box = GIVEAWAY_BOX.replace("Also accepting ETH: ", "Kementan juga membuka layanan pengaduan bagi petani karet "
                                                        "yang dirugikan oleh kasus ini. ")
    result = cleaned(scanner, ARTICLE.format(section=box))
    assert "layanan pengaduan bagi petani karet" in result and "GIVEAWAY" not in result


TABLE = ('<table class="ppid"><tr><th>No</th><th>Dokumen</th><th>Jenis</th><th>Ukuran</th></tr>\n'
         '<tr><td>1</td><td><a href="/uploads/laporan-kinerja-2024.pdf">Laporan Kinerja Kecamatan 2024</a></td>'
         '<td>Berkala</td><td>1,9 MB</td></tr>\n{}</table>\n')
ESSAY_ROW = ('<tr><td>2</td><td><a href="https://essays-pro.example/">Write my essay for me cheap - 100% plagiarism free '
             'essay writing service</a></td><td>Berkala</td><td>1 MB</td></tr>\n')


def test_a_table_row_whose_document_link_was_spam_goes_whole(scanner: Scanner) -> None:
    """The row's number, type and size are what the spam row was dressed in, not a document of the site."""
    assert cleaned(scanner, ARTICLE.format(section=TABLE.format(ESSAY_ROW))) == ARTICLE.format(section=TABLE.format(""))


def test_a_block_left_empty_goes_unless_it_keeps_an_image(scanner: Scanner) -> None:
    links = ('<a href="https://kubet-vn.example/">nhà cái uy tín</a> · '
             '<a href="https://cacuocbongda247.example/">cá cược bóng đá</a>')
    widget = '<div class="partners">{}</div>\n'
    assert cleaned(scanner, ARTICLE.format(section=widget.format(links))) == ARTICLE.format(section="")
    pictured = widget.format('<img src="/logo.png" alt="">' + links)
    assert cleaned(scanner, ARTICLE.format(section=pictured)) == ARTICLE.format(
        section=widget.format('<img src="/logo.png" alt="">'))


def test_a_script_loaded_from_the_site_a_removed_box_advertises_goes_with_it(scanner: Scanner) -> None:
    """The drainer's loader carries no spam word; it comes from the site the removed banner's button leads to.
    A script of another site (the page's analytics) stays."""
    analytics = '<script src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>\n'
    drainer = '<script src="https://cdn.btc-giveaway2x.example/web3-modal.min.js"></script>\n'
    page = "<html><body>\n{}</body></html>\n"
    result = cleaned(scanner, page.format(ARTICLE.format(section=GIVEAWAY_BOX) + analytics + drainer))
    assert result == page.format(ARTICLE.format(section="") + analytics)
