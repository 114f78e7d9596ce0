"""Extraction and decoding: offsets lead back to the raw source through every normalisation."""

from __future__ import annotations

import json
import unicodedata

from scanner import Document, Verdict
from scanner.document import decode
from scanner.extraction import extract, fold


def test_html_text_maps_back_to_source():
    source = '<p>Tin &amp; <b>tức</b>\n  mới</p><div style="display:none"><a href="https://x.example">casino</a></div>'
    extraction = extract(source, "html")
    text = extraction.view("text")
    assert text.text.strip() == "Tin & tức mới"
    start = text.text.index("tức")
    assert source[slice(*text.source_span(start, start + 3))] == "tức"
    amp = text.text.index("&")
    assert source[slice(*text.source_span(amp, amp + 1))] == "&amp;"
    assert extraction.view("hidden").text == "casino"
    assert extraction.view("links").text == "https://x.example"
    assert [(link.href, link.text, link.element.hidden) for link in extraction.links] == [
        ("https://x.example", "casino", "display:none")]


def test_empty_elements_and_text_runs_add_nothing():
    extraction = extract("<title></title><textarea></textarea><p>a</p><title>  </title>", "html")
    assert extraction.view("text").text.strip() == "a" and extraction.view("title").text.strip() == ""


def test_scopes_title_meta_alt_comments_scripts():
    source = ('<html><head><title>Judi</title><meta name="keywords" content="slot gacor"></head><body>'
              '<img alt="obat kuat" src="a.png"><!-- bokep --><script>var x = "togel";</script></body></html>')
    views = extract(source, "html").views
    assert views["title"].text.strip() == "Judi"
    assert views["meta"].text.strip() == "slot gacor"
    assert views["attributes"].text.strip() == "obat kuat"
    assert "bokep" in views["comments"].text
    assert 'var x = "togel";' in views["scripts"].text


def test_unclosed_and_misnested_tags_keep_all_text():
    source = "<div><p>one <b>two <i>three</b> four</p> five <a href='x'>six"
    assert extract(source, "html").view("text").text.split() == ["one", "two", "three", "four", "five", "six"]


def test_deep_nesting_drops_no_text():
    source = "<div>" * 5000 + "deep text" + "</div>" * 5000 + "after"
    text = extract(source, "html").view("text").text
    assert "deep text" in text and "after" in text


def test_fold_sees_through_case_nfd_zero_width_confusables_and_width():
    for raw in ("CASINO", "c\u200basino", "cаsino", "𝗰𝗮𝘀𝗶𝗻𝗼", "ｃａｓｉｎｏ"):
        folded = fold(raw)
        assert folded.text == "casino", raw
        assert (folded.starts[0], folded.ends[-1]) == (0, len(raw))
    nfd = unicodedata.normalize("NFD", "Đặt cược")
    assert fold(nfd).text == "đặt cược"


def test_decode_bom_declared_charset_and_fallback():
    assert decode(Document("a", "xin chào".encode("utf-16"))).text == "xin chào"
    declared = decode(Document("a.html", b'<meta charset="windows-1252"><p>caf\xe9</p>'))
    assert (declared.encoding, declared.how) == ("cp1252", "declared in the document")
    assert declared.text.endswith("café</p>")
    broken = decode(Document("a.txt", b"\xff\xfe\xfa" * 2 + b"abc"))
    assert broken.text  # never raises


def test_undecodable_document_is_scanned_but_never_rewritten(scanner):
    data = "Tin tức hôm nay: link vào fb88 để xem thêm. ".encode() * 3 + b"\xff\xfe broken"
    document = Document("bad.txt", data)
    result = scanner.scan(document)
    assert result.replaced_bytes and result.verdict is Verdict.INJECTED
    cleaned = scanner.clean(document)
    assert cleaned.refused and cleaned.data == data and not cleaned.changed


def test_encoding_decisions_are_recorded():
    assert decode(Document("a", "<p>xin chào</p>".encode("utf-16-le"))).how == "UTF-16 without byte order mark (from its NUL bytes)"
    contradicted = decode(Document("a", b'\xef\xbb\xbf<meta charset="iso-8859-1"><p>caf\xc3\xa9</p>'))
    assert (contradicted.encoding, contradicted.how) == ("utf-8", "byte order mark (overrides the declared iso-8859-1)")
    assert contradicted.text.endswith("café</p>")
    mislabelled = decode(Document("a", '<meta charset="windows-1252"><p>Tiếng Việt</p>'.encode()))
    assert (mislabelled.encoding, mislabelled.how) == ("utf-8", "declared windows-1252, but the bytes are valid UTF-8")
    assert mislabelled.text.endswith("Tiếng Việt</p>")


def test_mixed_line_endings_and_bom_survive_cleaning(scanner):
    original = "\ufeffLine one\r\nThe shop said mua viagra today\rLine three\nend".encode("utf-8")
    cleaned = scanner.clean(Document("mixed.txt", original), restore="off")
    assert cleaned.data == "\ufeffLine one\r\nThe shop said today\rLine three\nend".encode("utf-8")
    utf16 = "Line one\r\nmua viagra\r\nLine three\n".encode("utf-16")
    assert scanner.clean(Document("u16.txt", utf16), restore="off").data == "Line one\r\nLine three\n".encode("utf-16")


def test_structured_data_prose_citing_an_address_is_prose_and_its_spam_goes(scanner):
    """A description that names a shop's address ("... at https://rx-cheapmeds.example/viagra") is still prose."""
    data = ('{"@context":"https://schema.org","@type":"Article","headline":"Council approves library budget",'
            '"description":"Cheap Viagra online no prescription at https://rx-cheapmeds.example/viagra"}')
    page = (f'<html><head><script type="application/ld+json">{data}</script></head>'
            '<body><p>The council approved the budget for the new library on Tuesday.</p></body></html>')
    meta = extract(page, "html").view("meta")
    assert meta.text.split("\n") == ["Council approves library budget",
                                     "Cheap Viagra online no prescription at https://rx-cheapmeds.example/viagra"]
    cleaned = scanner.clean(Document("page.html", page.encode()), restore="off").data.decode()
    block = cleaned.split('json">')[1].split("</script>")[0]
    assert json.loads(block) == {"@context": "https://schema.org", "@type": "Article",
                                 "headline": "Council approves library budget"}


def test_structured_data_prose_is_read_like_a_meta_description(scanner):
    data = ('{"@context":"https://schema.org","@type":"Recipe","name":"Grandma\'s apple crumble",'
            '"description":"Best online casino real money, free spins no deposit \\"now\\"",'
            '"sameAs":["https://example.org/a b"],"author":{"@type":"Person","name":"Anna"}}')
    page = f'<html><head><script type="application/ld+json">{data}</script></head><body><p>Recipe.</p></body></html>'
    meta = extract(page, "html").view("meta")
    assert meta.text.split("\n") == ["Grandma's apple crumble", 'Best online casino real money, free spins no deposit \\"now\\"']
    start = meta.text.index("Best")
    assert page[slice(*meta.source_span(start, start + 4))] == "Best"
    cleaned = scanner.clean(Document("page.html", page.encode()), restore="off").data.decode()
    # a value all spam goes with its key and one comma: the block stays valid JSON
    block = cleaned.split('json">')[1].split("</script>")[0]
    assert json.loads(block) == {"@context": "https://schema.org", "@type": "Recipe", "name": "Grandma's apple crumble",
                                 "sameAs": ["https://example.org/a b"], "author": {"@type": "Person", "name": "Anna"}}


def test_spam_after_an_entity_in_an_attribute_is_cut_where_it_stands(scanner):
    """``&quot;`` is six characters of the source and one of the text: what follows it maps back exactly."""
    spam = "kubet77 tiếng việt_đặt cược kubet77_link vào kubet77"
    page = ('<html><head><meta name="description" content="Phim &quot;Biển nhớ&quot; của đạo diễn {s} trẻ gây tranh cãi.">'
            '</head><body><p>Tin văn hóa.</p><img src="a.jpg" alt="Ảnh &amp; chú thích {s} ở đây"></body></html>')
    cleaned = scanner.clean(Document("page.html", page.format(s=spam).encode()), restore="off").data.decode()
    assert cleaned == page.format(s="").replace("  ", " ")
