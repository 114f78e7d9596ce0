"""Weak signals adding up: different weak findings side by side become one high verdict."""

from __future__ import annotations

from scanner.detection.detectors import default_detectors
from scanner.detection.detectors.spam_text import SpamSentences
from scanner import Document, Scanner


def test_different_weak_signals_side_by_side_add_up() -> None:
    link = '<a href="https://www.bet365.com/">bet365</a>'
    source = f"<p>Trận đấu tối nay. Xem tỷ lệ ở {link}, nhà cái Singbet và sòng bạc.</p><p>Thời tiết đẹp.</p>"
    # Without the widening to whole spam sentences, which would cover these three with one finding.
    scanner = Scanner(detectors=[d for d in default_detectors() if not isinstance(d, SpamSentences)])
    result = scanner.scan(Document("page.html", source.encode()))
    texts = [(f.rule_id, str(f.severity), source[f.start:f.end], f.action) for f in result.findings if f.scope == "text"]
    assert texts == [
        ("score.combined", "high", link, "remove"),
        ("score.combined", "high", "nhà cái Singbet", "remove"),
        ("score.combined", "high", "sòng bạc", "remove"),
    ]
    assert result.verdict.value == "injected"
    assert "rule:link.injected" in result.findings[-1].signals


def test_one_kind_of_weak_evidence_stays_weak() -> None:
    source = "Theo nhà cái Bet365, đội chủ nhà có lợi thế. Nhà cái Bet365 cũng dự đoán hòa.\n"
    result = Scanner().scan(Document("page.txt", source.encode()))
    assert result.verdict.value == "suspicious"
    assert all(f.rule_id != "score.combined" for f in result.findings)


def test_topics_of_several_packs_named_side_by_side_are_one_kind_of_evidence() -> None:
    """A consumer council's list of scams names counterfeit money, crypto recovery experts, SMM panels, mod APKs and
    the Hidden Wiki in one sentence: five packs' topic mentions, which used to add up to a removal."""
    from scanner import Document, Scanner
    page = ("<h1>Five scams to watch for this winter</h1><p>The consumer council published its list of online frauds "
            "on Monday.</p><p>Sellers of counterfeit money, so-called crypto recovery experts and every cheap SMM panel "
            "topped the list, followed by mod APK download sites and links to the Hidden Wiki.</p>")
    result = Scanner().scan(Document("page.html", page.encode()))
    assert str(result.verdict) == "suspicious" and all(f.action == "report" for f in result.findings)
