"""False-positive check on the clean corpus: every finding on these honest articles is a false positive.

    python bench/corpus_fp.py [--corpus ../shared/corpus] [--html] [-v]

Prints, per language and set (general / topical), how many articles got any
finding, how many were called suspicious and how many injected. General
articles must give none; no topical article may be called injected.
"""

from __future__ import annotations

import argparse
import html
import sys
from collections import Counter
from pathlib import Path

from scanner import Document, Scanner, Verdict

REPO = Path(__file__).resolve().parent.parent


def as_html(text: str) -> str:
    """Wrap an article the way a CMS would: title, paragraphs, a navigation menu."""
    title, _, body = text.partition("\n")
    paragraphs = "".join(f"<p>{html.escape(p)}</p>\n" for p in body.split("\n") if p.strip())
    return (f"<!doctype html><html><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title></head><body>"
            f"<nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav><h1>{html.escape(title)}</h1>\n{paragraphs}</body></html>")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--html", action="store_true", help="also scan each article wrapped in HTML")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every finding")
    args = parser.parse_args()
    scanner = Scanner()
    rows = []
    failed = False
    for language in sorted(p.name for p in args.corpus.iterdir() if p.is_dir()):
        for subset, files in (("general", sorted((args.corpus / language).glob("*.txt"))),
                              ("topical", sorted((args.corpus / language / "topical").glob("*.txt")))):
            counts: Counter[str] = Counter()
            for file in files:
                text = file.read_text(encoding="utf-8")
                variants = [Document(str(file), text.encode())]
                if args.html:
                    variants.append(Document(str(file) + ".html", as_html(text).encode()))
                for document in variants:
                    result = scanner.scan(document)
                    counts["documents"] += 1
                    counts["with findings"] += bool(result.findings)
                    counts[result.verdict.value] += 1
                    if args.verbose:
                        for f in result.findings:
                            print(f"{document.source}:{f.line}:{f.column} {f.severity} {f.rule_id} {f.match!r}", file=sys.stderr)
            rows.append((language, subset, counts))
            if subset == "general" and counts["with findings"] or counts[Verdict.INJECTED.value]:
                failed = True
    print(f"{'lang':<5} {'set':<8} {'docs':>5} {'any finding':>12} {'suspicious':>11} {'injected':>9} {'FP rate':>8}")
    for language, subset, c in rows:
        flagged = c["with findings"] if subset == "general" else c[Verdict.INJECTED.value]
        print(f"{language:<5} {subset:<8} {c['documents']:>5} {c['with findings']:>12} {c['suspicious']:>11} "
              f"{c['injected']:>9} {flagged / max(c['documents'], 1):>8.1%}")
    print("FP rate: general = share with any finding; topical = share called injected")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
