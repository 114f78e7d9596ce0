"""The founding case over the clean corpus: one word replaced everywhere, each page cleaned alone.

    python bench/replace_bench.py [--corpus ../shared/corpus] [--pages 20] [--show]

For each spam string below (brands, ``_`` chains, phrases with and without vocabulary, a brand in capitals, one in
emoji) and each of ``--pages`` articles of its language, a lowercase word found 2 to 8 times is replaced at every
case-exact occurrence; the page (HTML: title, heading, paragraphs) is scanned and cleaned on its own. Printed per
string and per language: pages, pages called injected, pages cleaned back exactly, spam words left, the article's
own words lost (not the replaced one), wrong words put in, and the replaced occurrences. Words are compared with
difflib over the visible words of the original and the cleaned page. The strings were written after blind probes
51 and 52, so the rules know some of their families and not others; the figures measure the cleaning's edges (what
goes with the spam, what stays) more than detection.
"""

from __future__ import annotations

import argparse
import difflib
import html
import random
import sys
from collections import Counter
from pathlib import Path

import regex

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from scanner import Document, Scanner, Verdict  # noqa: E402

STRINGS = {
    "vi": ["hu79club", "SpinVegas88", "🎰 jackpot777 🎁", "luckyreels casino", "bongdalu88 soi kèo", "nhà cái vipwin88 uy tín",
           "đá gà thomo_xem đá gà trực tiếp_đá gà cựa sắt", "tài xỉu online kimbet", "rồng hổ 3king", "mua bằng đại học giá rẻ"],
    "en": ["spinvegas88", "Jackpotcity Online Casino", "cheap cialis online", "betfury crypto casino bonus",
           "buy instagram followers cheap", "quickcash payday loans no credit check", "essaysharks pro writers",
           "slotmania77 free spins"],
    "id": ["slotgacor88", "situs slot gacor maxwin", "togel hongkong hari ini", "pinjol cepat cair tanpa ktp",
           "obat aborsi cytotec asli", "joki skripsi murah", "MPO888 daftar"],
}
SEED = 100
WORD = regex.compile(r"(?<!\w)[^\W\d_]+(?!\w)")
MEASURES = ("pages", "injected", "exact", "spam_left", "lost", "wrong", "replaced")


def page(text: str) -> str:
    lines = text.strip().split("\n")
    title = html.escape(lines[0])
    return (f"<html><head><title>{title}</title></head><body><h1>{title}</h1>"
            + "".join(f"<p>{html.escape(line)}</p>" for line in lines[1:] if line.strip()) + "</body></html>")


def visible_words(markup: str) -> list[str]:
    return regex.findall(r"[\p{L}\p{N}]+", html.unescape(regex.sub(r"<[^>]+>", " ", markup)))


def infect(text: str, rng: random.Random, spam: str) -> tuple[str, str, int] | None:
    """The text with one word (2 to 8 case-exact occurrences) replaced by ``spam``, the word and how often."""
    counts = Counter(m.group() for m in WORD.finditer(text))
    candidates = sorted(w for w, c in counts.items() if w.islower() and len(w) > 1 and 2 <= c <= 8)
    if not candidates:
        return None
    word = rng.choice(candidates)
    pattern = rf"(?<![\w-]){regex.escape(word)}(?![\w-])"
    found = len(regex.findall(pattern, text))
    return (regex.sub(pattern, spam, text), word, found) if found >= 2 else None


def compare(original: list[str], cleaned: list[str], word: str, spam_words: set[str]) -> Counter:
    """Spam words left, article words lost and wrong words put in, from the differences between the two pages."""
    counts: Counter = Counter()
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=original, b=cleaned, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        before, after = original[a1:a2], cleaned[b1:b2]
        counts["spam_left"] += sum(1 for w in after if w.lower() in spam_words and w not in original)
        counts["lost"] += sum(1 for w in before if w != word and w not in after)
        counts["wrong"] += sum(1 for w in after if w.lower() not in spam_words and w not in before)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--pages", type=int, default=20, help="pages per string (default 20)")
    parser.add_argument("--show", action="store_true", help="print each page that lost, kept or gained words")
    args = parser.parse_args()
    scanner = Scanner()
    totals: Counter = Counter()
    for language, strings in STRINGS.items():
        files = sorted((args.corpus / language).glob("*.txt"))
        for index, spam in enumerate(strings):
            rng = random.Random(SEED + index)
            done = 0
            for file in rng.sample(files, min(len(files), 4 * args.pages)):
                if done >= args.pages:
                    break
                text = file.read_text(encoding="utf-8")
                infected = infect(text, rng, spam)
                if infected is None:
                    continue
                done += 1
                dirty, word, found = infected
                document = Document(file.name + ".html", page(dirty).encode())
                result = scanner.scan(document)
                cleaned = scanner.clean(document).data.decode("utf-8")
                original = page(text)
                counts = compare(visible_words(original), visible_words(cleaned), word,
                                 {w.lower() for w in visible_words(spam)})
                counts.update(pages=1, injected=result.verdict == Verdict.INJECTED, exact=cleaned == original,
                              replaced=found)
                totals.update({(language, spam, measure): counts[measure] for measure in MEASURES})
                if args.show and (counts["lost"] or counts["spam_left"] or counts["wrong"]):
                    print(f"{language} {file.name} {word!r} -> {spam!r}: lost {counts['lost']}, spam left "
                          f"{counts['spam_left']}, wrong {counts['wrong']}")
    for language, strings in STRINGS.items():
        for spam in strings:
            print(f"{language} {spam[:36]:36}", " ".join(f"{m}={totals[language, spam, m]}" for m in MEASURES))
    for language, strings in STRINGS.items():
        print(f"{language} ALL{'':33}", " ".join(f"{m}={sum(totals[language, s, m] for s in strings)}" for m in MEASURES))


if __name__ == "__main__":
    main()
