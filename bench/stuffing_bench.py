"""Keyword-stuffing benchmark: scan time of one page as its number of spam matches grows.

    python bench/stuffing_bench.py                  # 1,000 to 16,000 matches, median of 3 runs each
    python bench/stuffing_bench.py --matches 500 2000 --runs 1

A keyword-stuffed page ("slot gacor slot gacor ..." thousands of times, in HTML and as plain text) gives
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


def page(matches: int, html: bool) -> Document:
    words = " ".join(PHRASES[i % len(PHRASES)] for i in range(matches))
    if html:
        body = "".join(f"<p>{words[i:i + 2000]}</p>\n" for i in range(0, len(words), 2000))
        return Document("stuffed.html", f"<html><head><title>Berita</title></head><body>{body}</body></html>".encode())
    return Document("stuffed.txt", words.encode())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matches", type=int, nargs="+", default=[1000, 2000, 4000, 8000, 16000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    scanner = Scanner()
    print(f"{'kind':5} {'matches':>8} {'KB':>7} {'findings':>9} {'median s':>9} {'ms/match':>9}")
    for html in (False, True):
        for matches in args.matches:
            document = page(matches, html)
            times, findings = [], 0
            for _ in range(args.runs):
                start = time.perf_counter()
                findings = len(scanner.scan(document).findings)
                times.append(time.perf_counter() - start)
            median = statistics.median(times)
            print(f"{'html' if html else 'text':5} {matches:>8} {len(document.data) / 1024:>7.0f} {findings:>9} "
                  f"{median:>9.2f} {median / matches * 1000:>9.3f}")


if __name__ == "__main__":
    main()
