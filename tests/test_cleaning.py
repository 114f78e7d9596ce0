"""Cleaning edits: spacing where removed findings overlap."""

from __future__ import annotations

import pytest

from scanner import Document, Scanner, cleaning
from scanner.findings import Finding, Severity


def finding(source: str, phrase: str, action: str = "remove") -> Finding:
    start = source.index(phrase)
    end = start + len(phrase)
    return Finding(rule_id="t", category="t", severity=Severity.HIGH, confidence=0.9, message="t", match=phrase,
                   start=start, end=end, line=1, column=start + 1, end_line=1, end_column=end + 1,
                   action=action, scope="text", ranges=((start, end),))  # type: ignore[arg-type]


def clean(source: str, *findings: Finding) -> str:
    return cleaning.apply(source, cleaning.plan(findings, source))


def test_overlapping_removals_keep_one_space_between_the_words_around_them() -> None:
    source = "Play at the best online sasino, claim your free spins and play slots for real money."
    first = finding(source, "best online sasino")  # ends before a comma: would take the space before it
    second = finding(source, "online sasino, claim your free spins and play slots")  # would take the space after it
    assert clean(source, first, second) == "Play at the for real money."


def test_removal_between_words_takes_one_space_and_before_punctuation_the_space_before() -> None:
    assert clean("về SPAM vệ", finding("về SPAM vệ", "SPAM")) == "về vệ"
    assert clean("chủ quyền SPAM.", finding("chủ quyền SPAM.", "SPAM")) == "chủ quyền."


def test_the_emoji_decorating_removed_spam_go_with_it_and_a_copyright_sign_stays() -> None:
    """Blind probe 35: "electronics 🔥 slot gacor 🔥 Hitachi" was left as "electronics 🔥 🔥 Hitachi"."""
    source = "Japanese electronics 🔥 slot gacor 🔥 Hitachi unveiled a robot."
    assert clean(source, finding(source, "slot gacor")) == "Japanese electronics Hitachi unveiled a robot."
    source = "Japanese electronics ✅✅ slot gacor⭐️ Hitachi unveiled a robot."
    assert clean(source, finding(source, "slot gacor")) == "Japanese electronics Hitachi unveiled a robot."
    source = "Visit slot gacor © 2024 Riverside Gazette"
    assert clean(source, finding(source, "slot gacor")) == "Visit © 2024 Riverside Gazette"


def test_adjacent_removals_do_not_take_each_others_text() -> None:
    source = "a SPAM1 SPAM2 b"
    assert clean(source, finding(source, "SPAM1"), finding(source, "SPAM2")) == "a b"


def test_a_rule_unwrapping_links_by_their_address_unwraps_the_link(tmp_path) -> None:
    """It emptied the address instead (``<a href="">council minutes</a>``, a link to the page itself)."""
    from scanner import Document, Scanner, load_rules

    (tmp_path / "solar.toml").write_text(
        '[[rules]]\nid = "solarscam.domain"\ndescription = "solar scam domains"\ncategory = "scam"\nseverity = "high"\n'
        'scope = ["links"]\naction = "unwrap-link"\nkeywords = ["zonnepaneel"]\npatterns = [\'zonnepaneel\\d{2,4}\\.com\']\n'
        '[rules.examples]\npositive = ["http://zonnepaneel88.com/"]\nnegative = ["https://example.org/"]\n', encoding="utf-8")
    page = '<p>Read the <a href="http://zonnepaneel88.com/">council minutes</a> online.</p>'
    cleaned = Scanner(ruleset=load_rules([tmp_path])).clean(Document("page.html", page.encode())).data.decode()
    assert cleaned == "<p>Read the council minutes online.</p>"


def test_an_appended_paragraph_goes_with_the_blank_line_before_it():
    """Plain text separates paragraphs with a blank line: an advert appended as a paragraph of its own takes one."""
    from scanner import Document, Scanner
    article = "Headline\n\nFirst paragraph of the story.\n\nSecond paragraph of the story.\n"
    advert = ("Quer lucrar com apostas esportivas? Entre no nosso canal VIP de dicas de apostas no Telegram: palpites "
              "certeiros, green garantido todos os dias.\n")
    for infected in (article + "\n" + advert,
                     article.replace("Second", advert + "\nSecond")):
        cleaned = Scanner().clean(Document("story.txt", infected.encode()), restore="off").data.decode()
        assert cleaned == article


@pytest.mark.parametrize("link", [
    "[best online casino](https://promo.example/g)",
    '[best online casino](https://promo.example/g "Play (now)")',
    "[best online casino][1]",
    '<a href="https://promo.example/x">best online casino</a>',
])
def test_spam_that_is_a_markdown_links_whole_text_goes_with_the_link(link: str) -> None:
    """Removing the words alone would leave "[](https://promo.example/g)": still a link to the spam site. The
    definition of a label that only the removed link used goes too (see the next test)."""
    page = f"# News\n\nThe council met on Tuesday. {link} The mayor agreed.\n\n[1]: https://promo.example/g\n"
    cleaned = Scanner().clean(Document("news.md", page.encode()), restore="off").data.decode()
    expected = page.replace(f" {link}", "")
    if link.endswith("[1]"):
        expected = expected.replace("\n\n[1]: https://promo.example/g\n", "\n")
    assert cleaned == expected


@pytest.mark.parametrize("word", ["G7", "F1", "MP3", "H5N1"])
def test_a_word_of_letters_and_a_digit_after_a_keyword_chain_stays(word: str) -> None:
    """A chain ends at a betting word or a brand with two digits or more ("kubet88"), not at the article's "G7"."""
    spam = "slot gacor kubet88_daftar maxwin"
    page = f"<p>Ministers met ahead of the {spam} {word} summit on Monday.</p>"
    cleaned = Scanner().clean(Document("a.html", page.encode()), restore="off").data.decode()
    assert cleaned == page.replace(f"{spam} ", "")


ADVERT = "Play now at LuckySpin88, the best online casino with 200 free spins no deposit bonus and instant withdrawals!"


def test_a_gutenberg_block_the_cleaning_emptied_goes_with_its_delimiters() -> None:
    """Blind probe 41, F10: removing the block's paragraph left "<!-- wp:paragraph -->\\n\\n<!-- /wp:paragraph -->"."""
    def block(text: str) -> str:
        return f"<!-- wp:paragraph -->\n<p>{text}</p>\n<!-- /wp:paragraph -->"
    first = block("The council approved the budget for the new library on Tuesday evening.")
    last = block("Construction is expected to begin in the spring and to last two years.")
    empty = "<!-- wp:paragraph -->\n<p></p>\n<!-- /wp:paragraph -->"  # the author's own empty block stays
    for article, infected in (
            (f"{first}\n\n{empty}\n\n{last}\n", f"{first}\n\n{block(ADVERT)}\n\n{empty}\n\n{last}\n"),
            (f"<div>\n{first}\n</div>\n", f"<div>\n{first}\n\n{block(ADVERT)}\n</div>\n"),
            (f"<div>\n{first}\n</div>\n", f"<div>\n{block(ADVERT)}\n\n{first}\n</div>\n")):
        page = f"<html><body><h1>Library</h1>\n{article}</body></html>"
        cleaned = Scanner().clean(Document("a.html", page.replace(article, infected).encode()), restore="off")
        assert cleaned.data.decode() == page


@pytest.mark.parametrize("br", ["<br />\n<br />\n", "<br><br>\n", "<br>\n"])
def test_a_line_removed_between_line_breaks_goes_with_the_breaks_after_it(br: str) -> None:
    """Blind probe 41, F10: "para.<br><br>\\nSPAM<br><br>\\nnext" became "para.<br><br>\\n<br><br>\\nnext", a blank line."""
    article = (f"The council approved the budget for the new library on Tuesday evening.{br}"
               f"Construction is expected to begin in the spring and to last two years.{br}"
               "The mayor thanked the residents who had campaigned for it.")
    page = f"<html><body><div>\n{article}\n</div></body></html>"
    infected = page.replace(f"evening.{br}", f"evening.{br}{ADVERT}{br}")
    cleaned = Scanner().clean(Document("a.html", infected.encode()), restore="off").data.decode()
    assert cleaned == page


def test_line_breaks_of_different_runs_around_a_removed_line_stay() -> None:
    """Which of "<br>" and "<br><br>" the article had is unknown: both stay rather than guess."""
    page = f"<html><body><p><b>Library</b><br>\n{ADVERT}<br><br>\nThe council approved the budget on Tuesday.</p></body></html>"
    cleaned = Scanner().clean(Document("a.html", page.encode()), restore="off").data.decode()
    assert cleaned == page.replace(ADVERT, "")


@pytest.mark.parametrize("bullet", ["-", "*", "+", "1."])
def test_a_list_item_whose_whole_text_is_removed_goes_with_its_bullet(bullet: str) -> None:
    """Blind probe 41, F9: a bare "-" was left on its own line."""
    items = [f"{bullet} [Council minutes](https://city.example/minutes)",
             f"{bullet} [jasa joki skripsi](https://essaymill-pro.example/order)",
             f"{bullet} [Library plans](https://city.example/library)"]
    page = "# News\n\nThe council met on Tuesday.\n\n" + "\n".join(items) + "\n"
    cleaned = Scanner().clean(Document("news.md", page.encode()), restore="off").data.decode()
    assert cleaned == page.replace(items[1] + "\n", "")


def test_a_list_item_that_an_indented_line_continues_keeps_its_bullet() -> None:
    """Without its bullet line, the item's indented continuation would join the item before it."""
    page = ("# News\n\n- [Council minutes](https://city.example/minutes)\n"
            "- [jasa joki skripsi](https://essaymill-pro.example/order)\n  - [Library plans](https://city.example/library)\n")
    cleaned = Scanner().clean(Document("news.md", page.encode()), restore="off").data.decode()
    assert cleaned == page.replace(" [jasa joki skripsi](https://essaymill-pro.example/order)", "")


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_a_removed_block_on_a_line_of_its_own_takes_its_line_whatever_the_line_ends(newline: str) -> None:
    """Blind probe 50, D12: with old-Mac line ends (CR only) an empty line was left where the block was."""
    lines = ["<html><body>", "<p>Council minutes.</p>",
             '<div style="display:none"><a href="https://slot-gacor88.example/">slot gacor</a></div>', "</body></html>"]
    page = newline.join(lines) + newline
    cleaned = Scanner().clean(Document("page.html", page.encode()), restore="off").data.decode()
    assert cleaned == newline.join(lines[:2] + lines[3:]) + newline
    last = newline.join(lines[:3])  # the block on the last line, with no line end after it
    assert Scanner().clean(Document("page.html", last.encode()), restore="off").data.decode() == newline.join(lines[:2])


def test_a_markdown_reference_definition_goes_with_the_last_link_that_used_it() -> None:
    """Blind probe 50, D18: "[situs judi online terpercaya][j]" went with its sentence, but "[j]: https://…" stayed,
    the spam site's address in the source still. A definition another link still uses stays."""
    page = ("See also [slot gacor hari ini](https://slot-gacor88.example/) and [situs judi online terpercaya][j] for "
            "details.\n\nThe council met on Tuesday to discuss [roads][r] and schools in the district.\n\n"
            "[j]: https://judi-online.example/\n[r]: https://city.example/roads\n")
    cleaned = Scanner().clean(Document("news.md", page.encode()), restore="off").data.decode()
    assert "judi" not in cleaned and "[r]: https://city.example/roads\n" in cleaned
