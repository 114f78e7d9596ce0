"""User configuration from .scanner.toml or pyproject.toml's [tool.scanner]."""

from __future__ import annotations

import json
import shutil

import pytest

from scanner import ConfigError, load_config
from scanner.findings import Severity

from .conftest import FIXTURES, SEED, run_cli


def test_defaults_without_any_file(tmp_path):
    config = load_config(folder=tmp_path)
    assert (config.fail_on, config.restore, config.builtin_rules) == (Severity.HIGH, "auto", True)


def test_pyproject_table_is_read(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.scanner]\nfail_on = "low"\ndisable = ["adult"]\n')
    config = load_config(folder=tmp_path)
    assert config.fail_on is Severity.LOW and config.disable == {"adult"}


@pytest.mark.parametrize("text, problem", [
    ('colour = "red"', "unknown key 'colour'"),
    ('restore = "maybe"', "restore must be one of"),
    ("ignore = 3", "'ignore' must be a list of strings"),
    ("fail_on = [", "not valid TOML"),
])
def test_bad_config_is_rejected(tmp_path, text, problem):
    (tmp_path / ".scanner.toml").write_text(text)
    with pytest.raises(ConfigError, match=problem):
        load_config(folder=tmp_path)


def test_disable_and_ignore_change_the_scan(tmp_path):
    shutil.copytree(FIXTURES / "en", tmp_path / "site")
    shutil.copy(SEED, tmp_path / "site" / "seed.txt")
    (tmp_path / ".scanner.toml").write_text('disable = ["gambling", "pharma.en.sales-phrase"]\nignore = ["*.html"]\n')
    report = json.loads(run_cli("scan", "site", "--format", "json", cwd=tmp_path).stdout)
    sources = {d["source"] for d in report["documents"]}
    assert all(s.endswith(".txt") for s in sources)
    rules = {f["rule_id"] for d in report["documents"] for f in d["findings"]}
    assert rules and not any(r.startswith("gambling") or r == "pharma.en.sales-phrase" for r in rules)


def test_an_ignore_pattern_opening_with_any_folders_matches_at_the_top_too(tmp_path):
    """Black-box probe 33: "**/draft.html" ignored site/a/draft.html but not site/draft.html (.gitignore ignores both)."""
    from scanner.sources.files import collect
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    for name in ("draft.html", "a/draft.html", "a/post.html"):
        (site / name).write_text("<p>Library hours.</p>")
    found = collect([str(site)], ("**/draft.html",)).files
    assert sorted(file.relative_to(site).as_posix() for file, _ in found) == ["a/post.html"]


@pytest.mark.parametrize("options", [
    {"allow_inline": "false"},  # a truthy string would honour an injection's own allow comment
    {"builtin_rules": 1}, {"fail_on": "hgh"}, {"ignore": "vendor"}, {"marker": 5}, {"allowlist": ["gambling.*"]},
])
def test_config_values_given_in_python_are_checked_like_the_file(options) -> None:
    from scanner.config import Config

    with pytest.raises(ConfigError):
        Config(**options)


def test_config_accepts_severity_names_and_string_paths(tmp_path) -> None:
    from scanner.config import Config

    assert Config(fail_on="medium").fail_on is Severity.MEDIUM
    (tmp_path / "c.toml").write_text('fail_on = "low"\n', encoding="utf-8")
    assert load_config(str(tmp_path / "c.toml")).fail_on is Severity.LOW
    with pytest.raises(ConfigError, match="is a folder"):
        load_config(str(tmp_path))
    (tmp_path / "m.toml").write_text("marker = 5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="marker must be a string"):
        load_config(tmp_path / "m.toml")


@pytest.mark.parametrize("scanned", [".", "site", "./site/", "ABSOLUTE"])
def test_ignore_globs_are_read_from_the_config_files_folder_however_the_folder_is_typed(tmp_path, scanned):
    """Blind probe 50, D2: "site/drafts/**" ignored the drafts when "." was scanned, not when "site" was."""
    (tmp_path / "site" / "drafts").mkdir(parents=True)
    shutil.copy(SEED, tmp_path / "site" / "drafts" / "d.txt")
    (tmp_path / "site" / "a.html").write_text("<p>Library hours.</p>")
    (tmp_path / ".scanner.toml").write_text('ignore = ["site/drafts/**"]\n')
    argument = str(tmp_path / "site") if scanned == "ABSOLUTE" else scanned
    report = json.loads(run_cli("scan", argument, "--format", "json", cwd=tmp_path).stdout)
    assert [d["source"].rsplit("/", 1)[-1] for d in report["documents"]] == ["a.html"]
