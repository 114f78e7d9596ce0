"""An injection that opens a page's title or description: its segments go up to the page's own headline or lead."""

from __future__ import annotations

import pytest

from scanner import Document, Scanner

BODY = ("<body><header><a href=\"/\">Northfield Gazette</a></header><main><h1>{headline}</h1>"
        "<p>{lead} The works are paid for by the regional transport fund and should be finished next autumn, "
        "the mayor said.</p></main></body>")


def page(title: str, description: str, headline: str, lead: str) -> str:
    return (f'<html><head><meta charset="utf-8"><title>{title}</title>\n'
            f'<meta name="description" content="{description}"></head>\n'
            + BODY.format(headline=headline, lead=lead) + "</html>")


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


def cleaned(scanner: Scanner, source: str) -> str:
    return scanner.clean(Document("page.html", source.encode()), restore="off").data.decode()


def test_segments_before_the_headline_go_with_the_spam_one_and_the_lead_sentences_stay(scanner: Scanner) -> None:
    headline = "Council approves new cycle lanes"
    lead = "The council approved twelve kilometres of new cycle lanes on Wednesday. Work starts in May."
    original = page(f"{headline} | Northfield Gazette", lead, headline, lead)
    infected = page(f"Buy Cheap Viagra Online - Discreet Pharmacy - {headline} | Northfield Gazette",
                    "Buy cheap Viagra online without prescription at our pharmacy: overnight delivery in discreet "
                    f"packaging, 70% off. Order now! {lead}", headline, lead)
    assert cleaned(scanner, infected) == original


def test_a_title_segment_repeating_the_removed_description_offer_goes_too(scanner: Scanner) -> None:
    headline = "Productores de café buscan nuevos mercados en Asia"
    lead = "Una cooperativa de productores de café firmó un acuerdo para exportar su primera cosecha orgánica."
    original = page(f"{headline} | Diario del Valle", lead, headline, lead)
    infected = page(f"Casino en Línea sin Depósito - Bono de Bienvenida - {headline} | Diario del Valle",
                    "Juega en el mejor casino en línea sin depósito: bono sin depósito de 500 pesos y 100 giros gratis "
                    f"al registrarte. Tragamonedas con dinero real. ¡Regístrate hoy y gana! {lead}", headline, lead)
    assert cleaned(scanner, infected) == original


def test_a_chinese_title_opened_by_spam_keeps_its_headline(scanner: Scanner) -> None:
    headline = "成都地铁新线路年底开通 沿线居民出行更便利"
    lead = "成都市交通运输局日前表示，地铁十三号线一期工程已完成主体建设，预计年底前开通试运营。"
    original = page(f"{headline} | 城市日报网", lead, headline, lead)
    infected = page(f"代孕公司_试管婴儿包成功_供卵代孕 - {headline} | 城市日报网",
                    f"专业代孕公司，试管婴儿包成功，供卵代孕、包生男孩，全程保密。咨询微信：dy8888。 {lead}", headline, lead)
    assert cleaned(scanner, infected) == original


def test_an_honest_title_and_description_about_the_topic_stay(scanner: Scanner) -> None:
    headline = "Regulator fines online casino for bonus adverts"
    lead = "The gambling regulator fined an online casino operator for adverts promising free spins to new players."
    source = page(f"Online casinos - {headline} | Northfield Gazette", lead, headline, lead)
    assert cleaned(scanner, source) == source


def test_a_phrase_that_replaced_a_word_inside_the_first_segment_takes_only_itself(scanner: Scanner) -> None:
    spam = "replica rolex watches cheap"
    headline = f"3 bedroom semi-detached {spam}, Elm Grove, Norwich"
    lead = f"A well kept semi-detached {spam} on a quiet road. The {spam} has been extended at the rear."
    infected = page(f"3 bed semi-detached {spam} for sale, Elm Grove | Northfield Gazette",
                    f"Three bedroom semi-detached {spam} for sale in Elm Grove. {lead}", headline, lead)
    result = cleaned(scanner, infected)
    assert "rolex" not in result and "<title>3 bed semi-detached" in result and "for sale, Elm Grove | Northfield" in result


def test_a_lead_the_advertisement_was_glued_to_without_a_full_stop_stays(scanner: Scanner) -> None:
    headline = "Harbour ferry returns after winter repairs"
    lead = "The harbour ferry resumed its crossings on Monday after three months of repairs to its engines."
    original = page(f"{headline} | Northfield Gazette", lead, headline, lead)
    infected = page(f"{headline} | Northfield Gazette",
                    "Buy cheap Viagra online without prescription, overnight delivery and discreet packag " + lead,
                    headline, lead)
    assert cleaned(scanner, infected) == original


def test_a_headline_split_by_its_own_dash_and_the_site_name_after_it_stay(scanner: Scanner) -> None:
    headline = "Meryl Streep - a life on the stage and the screen"
    lead = "The actress spoke to students about her first roles in the theatre and the films that followed."
    original = page(f"{headline} | Northfield Gazette", lead, headline, lead)
    infected = page(f"Buy Cheap Viagra Online - Discreet Pharmacy - {headline} | Northfield Gazette", lead,
                    headline, lead)
    assert cleaned(scanner, infected) == original


def test_a_title_opening_that_repeats_the_description_advertisement_goes_with_it(scanner: Scanner) -> None:
    headline = "Library extends opening hours for exam season"
    lead = "The central library will stay open until midnight during the exam season, the council said."
    original = page(f"{headline} | Northfield Gazette", lead, headline, lead)
    # no rule names the title's words; the description's advertisement, removed around its rule phrase, holds them
    infected = page(f"Call Girls In Northfield - {headline} | Northfield Gazette",
                    f"Independent call girls in Northfield available 24/7, cash payment. {lead}", headline, lead)
    assert cleaned(scanner, infected) == original


def test_a_hindi_advertisement_ends_at_its_full_stop_before_the_lead(scanner: Scanner) -> None:
    headline = "Pemkot perpanjang jam layanan perpustakaan"
    lead = "Pemerintah kota memperpanjang jam layanan perpustakaan daerah selama masa ujian sekolah."
    original = page(f"{headline} | Warta Kota", lead, headline, lead)
    infected = page(f"{headline} | Warta Kota",
                    f"सट्टा किंग रिजल्ट देखें, आज का सट्टा नंबर। क्रिकेट सट्टा आईडी पर 500% बोनस। {lead}", headline, lead)
    assert cleaned(scanner, infected) == original
