"""Plausible misuse of the Python API ends in a ScannerError naming the argument, never a bare TypeError."""

from __future__ import annotations

import array
import os
from pathlib import Path

import pytest

from scanner import Config, ConfigError, Document, RuleError, Scanner, SourceError, load_config, load_rules
from scanner.sources.files import collect

SPAM = "<p>Hello <a href='https://x.example'>buy viagra online</a> world.</p>"


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


def test_str_data_is_scanned_and_cleaned_as_utf8(scanner):
    document = Document("a.html", SPAM.replace("Hello", "Xin chào"))
    assert document.data == SPAM.replace("Hello", "Xin chào").encode("utf-8")
    assert [f.rule_id for f in scanner.scan(document).findings] == ["pharma.en.viagra-sales"]
    assert scanner.clean(document).data == "<p>Xin chào world.</p>".encode("utf-8")


@pytest.mark.parametrize("data", [bytearray(SPAM.encode()), memoryview(SPAM.encode()), array.array("B", SPAM.encode())])
def test_bytes_like_data_becomes_bytes(scanner, data):
    document = Document("a.html", data)
    assert type(document.data) is bytes and document.data == SPAM.encode()
    assert scanner.clean(document).data == b"<p>Hello world.</p>"


def test_path_source_becomes_its_string():
    assert Document(Path("site/a.html"), b"x").source == os.path.join("site", "a.html")


@pytest.mark.parametrize(("arguments", "named"), [
    (("a.html", None), "data"),
    (("a.html", 42), "data"),
    ((None, b"x"), "source"),
    (("a.html", b"x", "pdf"), "kind"),
    (("a.html", b"x", None, None, None), "metadata"),
])
def test_bad_document_arguments_raise_source_error(arguments, named):
    with pytest.raises(SourceError, match=named):
        Document(*arguments)


@pytest.mark.parametrize("call", [
    lambda s: s.scan(None), lambda s: s.scan("a.html"), lambda s: s.scan(b"abc"), lambda s: s.clean(None),
    lambda s: s.scan_many(None), lambda s: s.clean_many(None), lambda s: list(s.scan_many(["a"])),
    lambda s: list(s.scan_many("a.html")),
])
def test_scanner_entry_points_refuse_what_is_not_a_document(scanner, call):
    with pytest.raises(SourceError, match="Document"):
        call(scanner)


@pytest.mark.parametrize("jobs", [0, -1, "2", 1.5, True])
def test_scan_many_refuses_bad_jobs_before_the_first_result(scanner, jobs):
    with pytest.raises(ConfigError, match="jobs"):
        scanner.scan_many([Document("a.txt", b"x")], jobs=jobs)


@pytest.mark.parametrize("restore", ["yes", 1, "AUTO"])
def test_clean_refuses_an_unknown_restore_mode(scanner, restore):
    with pytest.raises(ConfigError, match="restore must be one of auto, mark, off"):
        scanner.clean(Document("a.html", SPAM), restore=restore)


@pytest.mark.parametrize("config", ["x", {}, [], 0])
def test_scanner_refuses_a_config_that_is_not_a_config(config):
    with pytest.raises(ConfigError, match="scanner.Config"):
        Scanner(config=config)


@pytest.mark.parametrize(("options", "named"), [
    ({"restore": "bogus"}, "restore"),
    ({"rule_paths": "rules/"}, "rule_paths"),
    ({"rule_paths": (42,)}, "rule_paths"),
    ({"disable": "adult"}, "disable"),
    ({"fail_on": True}, "fail_on"),  # blind probe 50, D9: True is 1, and was taken for "low"
])
def test_config_refuses_bad_values(options, named):
    with pytest.raises(ConfigError, match=named):
        Config(**options)


def test_str_rule_paths_work_like_paths(tmp_path):
    assert Config(rule_paths=(str(tmp_path),)).rule_paths == (tmp_path,)
    with pytest.raises(RuleError, match="no such rule file or folder"):
        Scanner(Config(rule_paths=("/nonexist",)))
    with pytest.raises(RuleError, match="no such rule file or folder"):
        load_rules(["/nonexist"])
    pack = tmp_path / "local.toml"
    pack.write_text('[[rules]]\nid = "local.x"\ndescription = "x"\ncategory = "spam"\nseverity = "high"\n'
                    'keywords = ["zzqx"]\n[rules.examples]\npositive = ["zzqx"]\nnegative = ["plain"]\n')
    assert [rule.id for rule in load_rules([str(pack)], builtin=False).rules] == ["local.x"]


def test_unknown_disable_id_is_refused_by_the_scanner(tmp_path):
    Scanner(Config(disable=frozenset({"adult", "pharma.en.sales-phrase", "hidden.block", "cloaking.crawler-only-content"})))
    with pytest.raises(ConfigError, match="no rule or pack 'nope.rule'"):
        Scanner(Config(disable=frozenset({"nope.rule"})))
    (tmp_path / "w.toml").write_text('disable = ["nope.rule"]\n')
    with pytest.raises(ConfigError, match=r"w\.toml: disable: no rule or pack 'nope.rule'"):
        Scanner(load_config(tmp_path / "w.toml"))


def _inline_findings(body: str) -> list[str]:
    page = Document("a.html", body.encode())
    return [f.rule_id for f in Scanner(Config(allow_inline=True)).scan(page).findings if f.rule_id.startswith("pharma")]


@pytest.mark.parametrize("directive", ["scanner:allow-everything-please", "scanner:allow-file", "scanner:allowed"])
def test_misspelt_inline_directives_do_not_suppress(directive):
    assert _inline_findings(f"<p>mua viagra <!-- {directive} --></p>")


def test_inline_directive_on_its_own_line_covers_the_next_line_only():
    for directive in ("<!-- scanner:allow -->", "<!-- scanner:allow pharma.* -->", "<!--scanner:allow-->",
                      "<!-- scanner:allow pharma.*, adult -->"):
        assert not _inline_findings(f"<p>Intro</p>\n{directive}\n<p>mua viagra</p>\n"), directive
        assert _inline_findings(f"{directive}\n<p>Intro</p>\n<p>mua viagra</p>\n"), directive


def test_inline_directive_on_the_first_line_covers_it_in_a_longer_document():
    assert not _inline_findings("<p>mua viagra <!-- scanner:allow --></p>\n<p>one</p>\n<p>two</p>\n")


def test_broken_symlink_in_a_folder_is_counted_as_skipped(tmp_path):
    (tmp_path / "ok.html").write_text("<p>ok</p>")
    (tmp_path / "gone.html").symlink_to(tmp_path / "missing.html")
    collected = collect([str(tmp_path)])
    assert [file.name for file, _ in collected.files] == ["ok.html"]
    assert collected.skipped == 1


def test_broken_symlink_named_directly_says_so(tmp_path):
    (tmp_path / "gone.html").symlink_to(tmp_path / "missing.html")
    with pytest.raises(SourceError, match="broken symbolic link"):
        collect([str(tmp_path / "gone.html")])


@pytest.mark.parametrize("call", [
    lambda s: s.fillers(None),
    lambda s: s.fillers(["x"]),
    lambda s: s.fillers([s.scan(Document("a.html", SPAM))], restore="nah"),
    lambda s: s.scan_many(["abc"]),
    lambda s: s.clean_many(["abc"]),
    lambda s: s.scan_many([Document("a.txt", b"x"), None]),   # None is a wrong item too
    lambda s: s.clean_many([None]),
    lambda s: s.fillers([None]),
])
def test_bad_arguments_of_many_document_calls_raise_at_the_call(scanner, call):
    with pytest.raises((SourceError, ConfigError)):
        call(scanner)


def test_module_helpers_refuse_a_scanner_that_is_not_one():
    from scanner.api import clean_document, scan_document, scan_many

    for call in (lambda: scan_document(Document("a.html", SPAM), scanner="x"),
                 lambda: scan_many([Document("a.html", SPAM)], scanner="x"),
                 lambda: clean_document(Document("a.html", SPAM), scanner="zz")):
        with pytest.raises(ConfigError, match="scanner must be a scanner.Scanner"):
            call()
