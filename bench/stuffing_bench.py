"""Keyword-stuffing benchmark: scan time of one page as its number of spam matches grows.

    python bench/stuffing_bench.py                  # 1,000 to 16,000 matches, median of 3 runs each
    python bench/stuffing_bench.py --matches 500 2000 --runs 1

A keyword-stuffed page ("slot gacor slot gacor ..." thousands of times, in HTML and as plain text), or one
with thousands of hidden link blocks, gives
every detector thousands of findings to relate to each other. The time per match should stay flat as the
page grows: a step that compares every finding with every other would show here as a time per match that
doubles with the page.
"""

from __future__ import annotations

import argparse
import statistics
import time

from scanner import Document, Scanner

PHRASES = ("slot gacor", "situs judi online terpercaya", "buy viagra online", "nhà cái uy tín")


def page(matches: int, kind: str) -> Document:
    """``text``: the phrases one after another; ``html``: the same in paragraphs; ``hidden``: a paragraph of news
    and a hidden block with one spam link, ``matches`` times."""
    words = " ".join(PHRASES[i % len(PHRASES)] for i in range(matches))
    if kind == "text":
        return Document("stuffed.txt", words.encode())
    if kind == "html":
        body = "".join(f"<p>{words[i:i + 2000]}</p>\n" for i in range(0, len(words), 2000))
    else:
        body = "".join(f'<p>Story {i} about the town council and its plans.</p><div style="display:none">'
                       f'<a href="https://casino{i % 7}.example/">{PHRASES[i % len(PHRASES)]}</a></div>\n'
                       for i in range(matches))
    return Document("stuffed.html", f"<html><head><title>Berita</title></head><body>{body}</body></html>".encode())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matches", type=int, nargs="+", default=[1000, 2000, 4000, 8000, 16000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    scanner = Scanner()
    print(f"{'kind':6} {'matches':>8} {'KB':>7} {'findings':>9} {'median s':>9} {'ms/match':>9}")
    for kind in ("text", "html", "hidden"):
        for matches in args.matches:
            document = page(matches, kind)
            times, findings = [], 0
            for _ in range(args.runs):
                start = time.perf_counter()
                findings = len(scanner.scan(document).findings)
                times.append(time.perf_counter() - start)
            median = statistics.median(times)
            print(f"{kind:6} {matches:>8} {len(document.data) / 1024:>7.0f} {findings:>9} "
                  f"{median:>9.2f} {median / matches * 1000:>9.3f}")


if __name__ == "__main__":
    main()
