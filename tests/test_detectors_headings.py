"""A heading whose whole section is removed spam goes with it."""

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
