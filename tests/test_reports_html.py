"""The HTML report: attacker-written text never becomes markup, and the page has what a reader needs."""

from __future__ import annotations

from dataclasses import replace
from html.parser import HTMLParser

from scanner.findings import Verdict
from scanner.reports import RENDERERS, Summary, html
from tests.test_reports_golden import fixture_reports

ATTACK = '"><script>alert(1)</script><img src=x onerror=alert(2)></details></pre><svg onload=alert(3)>\u202e\u200b'


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each script element."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def parsed(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    return tags


def hostile_page() -> str:
    results, summary, rules = fixture_reports()
    injected = next(r for r in results if r.verdict is Verdict.INJECTED)
    text = injected.text + "\n" + ATTACK
    finding = replace(injected.findings[0], start=len(injected.text) + 1, end=len(text), match=ATTACK,
                      category=ATTACK, signals=(ATTACK,), ranges=((len(injected.text) + 1, len(text)),))
    evil = replace(injected, source=ATTACK, text=text, findings=(finding,), metadata={})
    summary.add(evil)
    return RENDERERS["html"]([*results, evil], summary, rules)


def test_document_text_never_becomes_markup() -> None:
    page = hostile_page()
    tags = parsed(page)
    assert [tag for tag, _ in tags.tags if tag in {"img", "iframe", "object", "embed"}] == []
    assert [tag for tag, _ in tags.tags if tag == "script"] == ["script"]
    assert tags.scripts == [html.SCRIPT]
    assert not [(tag, name) for tag, attrs in tags.tags for name in attrs if name.startswith("on")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\u202e" not in page and '<span class="cc">U+202E</span>' in page


def test_only_the_report_script_may_run_and_nothing_loads_from_the_network() -> None:
    tags = parsed(RENDERERS["html"](*fixture_reports()))
    csp = next(attrs["content"] for tag, attrs in tags.tags if attrs.get("http-equiv") == "Content-Security-Policy")
    assert csp == html.CSP and "default-src 'none'" in csp and f"'sha256-{html._SCRIPT_HASH}'" in csp
    assert not [attrs for tag, attrs in tags.tags if tag in {"link", "img"} or "src" in attrs]


def test_documents_are_collapsed_clean_ones_hidden_and_filters_present() -> None:
    tags = parsed(RENDERERS["html"](*fixture_reports()))
    documents = [attrs for tag, attrs in tags.tags if tag == "details" and attrs.get("class") == "doc"]
    assert [(d["data-verdict"], "hidden" in d, "open" in d) for d in documents] == [
        ("injected", False, True), ("injected", False, False), ("suspicious", False, False), ("clean", True, False)]
    assert documents[2]["data-categories"] == "pharma scam"
    ids = {attrs.get("id") for _, attrs in tags.tags}
    assert {"f-verdict", "f-category", "f-text", "f-open", "f-close", "f-count"} <= ids
    assert [attrs["value"] for tag, attrs in tags.tags if tag == "option" and attrs.get("value") in {"gambling", "pharma", "scam"}] == [
        "gambling", "pharma", "scam"]


def test_finding_highlighted_in_context_and_cleaning_shown_before_and_after() -> None:
    results, summary, rules = fixture_reports()
    chain = next(r for r in results if r.source == "documents/keyword-chain.txt")
    section = html.document_section(chain, rules)
    assert "tuyên truyền về đặt <mark>cược bet365_cách vào bet365_link mới nhất</mark> vệ chủ quyền" in section
    assert '<del>cược bet365_cách vào bet365_link mới nhất </del>vệ chủ quyền' in section
    assert '<span class="tag">after</span>Chính quyền tăng cường tuyên truyền về đặt vệ chủ quyền biển đảo.' in section
    assert "Người dân hưởng ứng tích cực." in section  # the cleaned text, in full


def test_report_only_findings_have_nothing_to_clean() -> None:
    results, summary, rules = fixture_reports()
    promo = next(r for r in results if r.source == "documents/promo.md")
    mention = replace(promo, findings=tuple(f for f in promo.findings if f.action == "report"))
    assert "Nothing to clean" in html.cleaning_view(mention)


def test_unreadable_document_shows_its_error() -> None:
    results, summary, rules = fixture_reports()
    broken = replace(results[0], source="gone.html", error="cannot read: <permission denied>", findings=())
    section = html.document_section(broken, rules)
    assert 'data-verdict="error"' in section and "cannot read: &lt;permission denied&gt;" in section


def test_long_matches_are_shortened_and_thousands_of_documents_stay_small() -> None:
    results, summary, rules = fixture_reports()
    chain = next(r for r in results if r.source == "documents/keyword-chain.txt")
    long_text = "x" * 1000 + " " + "cược bet365_" * 400 + "y"
    long_finding = replace(chain.findings[0], start=1001, end=len(long_text) - 1, ranges=((1001, len(long_text) - 1),))
    section = html.document_section(replace(chain, text=long_text, findings=(long_finding,)), rules)
    assert "more characters" in section and len(section) < 20_000
    many = [replace(r, source=f"{r.source}#{i}") for i in range(500) for r in results]
    summary = Summary()
    for result in many:
        summary.add(result)
    assert len(RENDERERS["html"](many, summary, rules)) < 5_000_000


def test_an_empty_scan_renders_a_page() -> None:
    page = RENDERERS["html"]([], Summary(), {})
    assert "0 of 0 documents injected or suspicious" in page and page.endswith("</html>\n")


def test_the_cleaning_preview_shows_the_restored_word(tmp_path) -> None:
    """The founding case: the report of a scan shows "bảo" back at each of the four places, as clean puts it."""
    from tests.conftest import SEED, run_cli

    report = tmp_path / "report.html"
    process = run_cli("scan", str(SEED), "--format", "html", "--output", str(report))
    assert process.returncode == 1
    page = report.read_text(encoding="utf-8")
    after = "".join(view.split("</div>")[0] for view in page.split('<span class="tag">after</span>')[1:])
    assert after.count("<ins>bảo</ins> vệ chủ quyền") == 4


def test_a_rule_that_timed_out_is_a_warning_in_the_report_even_on_a_clean_document(tmp_path) -> None:
    """Blind probe 38, D19: every other format said that a rule timed out and was skipped for a document; the
    HTML report showed that document as clean, hidden with the clean ones, with no sign of it."""
    from tests.conftest import run_cli
    (tmp_path / "slow.toml").write_text(
        '[pack]\nid = "slow"\ndescription = "slow"\n[[rules]]\nid = "slow.backtracking"\ndescription = "backtracking"\n'
        'category = "gambling"\nseverity = "high"\naction = "report"\nkeywords = ["zzq"]\n'
        "patterns = ['zzq (?:(?:a|aa|aaa)+)+c']\n[rules.examples]\npositive = [\"zzq aaa c\"]\n"
        'negative = ["nothing here"]\n', encoding="utf-8")
    (tmp_path / "doc.txt").write_text("zzq " + "a" * 60 + "b\n", encoding="utf-8")
    process = run_cli("scan", "doc.txt", "--rules", "slow.toml", "--format", "html", "-o", "report.html", cwd=tmp_path)
    assert process.returncode == 0, process.stderr
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    warnings = page[page.index('<section id="warnings">'):page.index('<h2>Documents</h2>')]
    assert "<b>doc.txt</b>: rule &#x27;slow.backtracking&#x27; timed out" in warnings
    section = page[page.index('<details class="doc"'):]
    assert 'data-verdict="clean"' in section and "Warning:</strong> rule &#x27;slow.backtracking&#x27; timed out" in section


def test_a_report_without_warnings_has_no_warnings_section() -> None:
    assert '<section id="warnings">' not in RENDERERS["html"](*fixture_reports())
