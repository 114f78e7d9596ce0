"""Derive the bundled fixtures from the clean corpus: short excerpts with one known injection each.

    python tools/make_fixtures.py [--corpus ../shared/corpus]

Writes fixtures/<lang>/<family>.txt|.html (infected), fixtures/<lang>/<article>.clean.txt|.html
(the excerpt as published) and fixtures/expected.json (rule, line, column and match of
each injection, and which clean file the cleaned output must equal). Run it again only
to regenerate; the output is committed.
"""

from __future__ import annotations

import argparse
import html
import json
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"

# family -> language -> (corpus article, injected phrase, rule expected to report it)
INJECTIONS = {
    "gambling": {"vi": ("vi-0003", "link vào fb88", "gambling.vi.brand-link"),
                 "en": ("en-0004", "best online casino", "gambling.en.seo-phrase"),
                 "id": ("id-0004", "slot gacor", "gambling.id.seo-phrase")},
    "pharma": {"vi": ("vi-0015", "mua viagra", "pharma.vi.sales-phrase"),
               "en": ("en-0030", "buy viagra online", "pharma.en.viagra-sales"),
               "id": ("id-0020", "jual obat kuat", "pharma.id.sales-phrase")},
    "adult": {"vi": ("vi-0027", "xem phim sex", "adult.vi.site-phrase"),
              "en": ("en-0061", "free porn", "adult.en.site-phrase"),
              "id": ("id-0033", "video bokep", "adult.id.site-phrase")},
    "counterfeit": {"vi": ("vi-0038", "đồng hồ super fake", "counterfeit.vi.replica"),
                    "en": ("en-0090", "replica watches", "counterfeit.en.replica"),
                    "id": ("id-0047", "tas kw super", "counterfeit.id.replica")},
    "crypto": {"vi": ("vi-0050", "nhân đôi bitcoin", "scams.crypto.giveaway"),
               "en": ("en-0120", "double your bitcoin", "scams.crypto.giveaway"),
               "id": ("id-0061", "investasi bitcoin terpercaya", "scams.crypto.giveaway")},
    "loan": {"vi": ("vi-0062", "vay tiền online duyệt nhanh", "scams.loan.predatory-ad"),
             "en": ("en-0150", "payday loans online", "scams.loan.predatory-ad"),
             "id": ("id-0075", "pinjol cepat cair", "scams.loan.predatory-ad")},
    "gambling-zh": {"vi": ("vi-0074", "网上赌场", "gambling.zh.seo-phrase")},
    "gambling-ja": {"en": ("en-0180", "おすすめオンラインカジノ", "gambling.ja.seo-phrase")},
    "gambling-th": {"id": ("id-0090", "สล็อตออนไลน์", "gambling.th.seo-phrase")},
}
EXCERPT = 900
PLACEHOLDER = "\uE000"


def excerpt(text: str) -> str:
    """The headline and the first paragraphs, cut at a sentence end near EXCERPT characters."""
    cut = text.find(". ", EXCERPT)
    body = text if cut == -1 else text[: cut + 1]
    return body.rstrip() + "\n"


def inject(text: str, phrase: str) -> tuple[str, int]:
    """Put the phrase after the second sentence end of the body, as a word of its own."""
    position = text.find("\n") + 1
    for _ in range(2):
        found = text.find(". ", position)
        if found == -1:
            break
        position = found + 2
    return text[:position] + phrase + " " + text[position:], position


def to_html(text: str, markup: dict[str, str] | None = None) -> str:
    """A plain CMS page for an excerpt; ``markup`` maps placeholders in ``text`` to raw HTML."""
    title, _, body = text.partition("\n")
    paragraphs = "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in body.split("\n") if p.strip())
    for placeholder, raw in (markup or {}).items():
        paragraphs = paragraphs.replace(placeholder, raw)
    return ("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{html.escape(title, quote=False)}</title>\n</head>\n<body>\n"
            f"<h1>{html.escape(title, quote=False)}</h1>\n{paragraphs}\n</body>\n</html>\n")


def position_of(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    args = parser.parse_args()
    expected: dict[str, dict] = {}
    for family, languages in INJECTIONS.items():
        for language, (article, phrase, rule_id) in languages.items():
            folder = FIXTURES / language
            folder.mkdir(parents=True, exist_ok=True)
            clean = excerpt((args.corpus / language / f"{article}.txt").read_text(encoding="utf-8"))
            infected, offset = inject(clean, phrase)
            link = f'<a href="https://promo.example/{family}">{phrase}</a>'
            infected_html = to_html(inject(clean, PLACEHOLDER)[0], {PLACEHOLDER: link})
            clean_html = to_html(clean)
            (folder / f"{article}.clean.txt").write_text(clean, encoding="utf-8")
            (folder / f"{article}.clean.html").write_text(clean_html, encoding="utf-8")
            (folder / f"{family}.txt").write_text(infected, encoding="utf-8")
            (folder / f"{family}.html").write_text(infected_html, encoding="utf-8")
            line, column = position_of(infected, offset)
            expected[f"{language}/{family}.txt"] = {"rule_id": rule_id, "match": phrase, "line": line, "column": column,
                                                    "clean": f"{language}/{article}.clean.txt"}
            link_offset = infected_html.index(link)
            line, column = position_of(infected_html, link_offset)
            expected[f"{language}/{family}.html"] = {"rule_id": rule_id, "match": phrase, "line": line, "column": column,
                                                     "clean": f"{language}/{article}.clean.html"}
    (FIXTURES / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
