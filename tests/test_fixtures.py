"""Every bundled infected fixture: the exact finding, the exact cleaned output, idempotence."""

from __future__ import annotations

import json

import pytest

from scanner import Document, Severity, Verdict

from .conftest import FIXTURES

EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
CLEAN_FILES = sorted(FIXTURES.glob("*/*.clean.*"))


def document(path) -> Document:
    return Document(str(path), path.read_bytes())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_injection_found_at_its_exact_place(scanner, name):
    expected = EXPECTED[name]
    result = scanner.scan(document(FIXTURES / name))
    serious = [f for f in result.findings if f.severity >= Severity.HIGH]
    assert [(f.rule_id, f.line, f.column) for f in serious] == [(expected["rule_id"], expected["line"], expected["column"])]
    assert expected["match"] in serious[0].match
    assert result.verdict is Verdict.INJECTED


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cleaning_gives_back_the_published_article(scanner, name):
    expected = EXPECTED[name]
    cleaned = scanner.clean(document(FIXTURES / name), restore="off")
    assert cleaned.changed
    assert cleaned.data == (FIXTURES / expected["clean"]).read_bytes()
    again = scanner.clean(Document(name, cleaned.data), restore="off")
    assert not again.changed and again.data == cleaned.data
    assert scanner.scan(Document(name, cleaned.data)).verdict is Verdict.CLEAN


@pytest.mark.parametrize("path", CLEAN_FILES, ids=lambda p: p.name)
def test_clean_articles_have_no_findings(scanner, path):
    result = scanner.scan(document(path))
    assert result.findings == ()
    assert scanner.clean(document(path)).data == path.read_bytes()


def test_every_family_is_covered_in_three_languages_as_text_and_html():
    families = {name.split("/")[1].rsplit(".", 1)[0] for name in EXPECTED}
    for family in {"gambling", "pharma", "adult", "counterfeit", "crypto", "loan"}:
        assert family in families
        for language in ("vi", "en", "id"):
            assert f"{language}/{family}.txt" in EXPECTED and f"{language}/{family}.html" in EXPECTED
