"""Baselines, allowlists and the clean --diff dry run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import regex

from scanner import Config, Document, Scanner
from scanner.suppression import AllowEntry

from .conftest import FIXTURES, SEED, run_cli


def test_baseline_reports_only_the_new_injection(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "en", site)
    baseline = tmp_path / "baseline.json"
    assert run_cli("baseline", "create", str(site), "-o", str(baseline)).returncode == 0
    quiet = json.loads(run_cli("scan", str(site), "--baseline", str(baseline), "--format", "json").stdout)
    assert quiet["summary"]["findings"] == 0 and quiet["summary"]["suppressed"] > 0
    article = site / "en-0004.clean.txt"
    text = article.read_text(encoding="utf-8")
    article.write_text("A new first paragraph.\n\n" + text.replace("pressure on the euro.", "pressure on the euro. mua viagra"), encoding="utf-8")
    edited = site / "pharma.txt"
    edited.write_text("Edited above the old injection.\n" + edited.read_text(encoding="utf-8"), encoding="utf-8")
    process = run_cli("scan", str(site), "--baseline", str(baseline), "--format", "json")
    report = json.loads(process.stdout)
    new = [(d["source"], f["rule_id"], f["match"]) for d in report["documents"] for f in d["findings"]]
    assert new == [(str(article), "pharma.vi.sales-phrase", "mua viagra")]
    assert process.returncode == 1


def test_a_baseline_matches_the_same_files_however_their_path_is_spelled(tmp_path):
    """Created from the repository root as 'site', used by CI from the folder itself, from above, or by an
    absolute path: the accepted findings stay accepted."""
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "en", repo / "site")
    assert run_cli("baseline", "create", "site", "-o", "baseline.json", cwd=repo).returncode == 0
    for cwd, target, baseline in ((repo / "site", ".", "../baseline.json"), (tmp_path, "repo/site", "repo/baseline.json"),
                                  (repo, str(repo / "site"), "baseline.json"), (repo, "./site/", "baseline.json")):
        report = json.loads(run_cli("scan", target, "--baseline", baseline, "--format", "json", cwd=cwd).stdout)
        assert report["summary"]["findings"] == 0 and report["summary"]["suppressed"] > 0, (cwd, target)


def test_bad_baseline_is_one_line_error(tmp_path):
    bad = tmp_path / "b.json"
    bad.write_text("{}")
    process = run_cli("scan", str(SEED), "--baseline", str(bad))
    assert process.returncode == 2 and "not a scanner baseline" in process.stderr.decode()


def test_a_baseline_of_another_version_is_one_line_error(tmp_path):
    other = tmp_path / "b.json"
    other.write_text('{"schema": "scanner-baseline", "version": 2, "findings": []}')
    process = run_cli("scan", str(SEED), "--baseline", str(other))
    assert process.returncode == 2 and "version 2" in process.stderr.decode()


def test_an_allowlist_rule_that_names_no_rule_is_refused(tmp_path):
    (tmp_path / ".scanner.toml").write_text('[[allow]]\nrule = "gamblng.*"\n')
    process = run_cli("scan", str(SEED), cwd=tmp_path)
    assert process.returncode == 2 and "gamblng.*" in process.stderr.decode()


def test_allowlist_by_rule_path_match_and_domain():
    page = Document("news/sport/odds.html", b'<p>Odds from <a href="https://www.bet365.com/promo">best online casino</a> here.</p>')
    def findings(*entries: AllowEntry) -> list[str]:
        return [f.rule_id for f in Scanner(Config(allowlist=entries)).scan(page).findings]
    everything = findings()
    assert "gambling.en.seo-phrase" in everything
    # an allowed match hides nothing around it: the link it is the text of is still judged, and still injected
    assert findings(AllowEntry(rule="gambling.*")) == [r for r in everything if not r.startswith("gambling.")] \
        + ["link.injected"]
    assert findings(AllowEntry(path="sport/*")) == []
    assert findings(AllowEntry(path="other/*")) == everything
    assert "gambling.en.seo-phrase" not in findings(AllowEntry(match=regex.compile("online casino")))
    link_rules = [r for r in everything if r.startswith("link.")]
    if link_rules:
        assert not set(link_rules) & set(findings(AllowEntry(domain="bet365.com")))
        assert set(link_rules) <= set(findings(AllowEntry(domain="example.org")))


def test_a_link_domain_allows_the_rule_findings_on_the_links_words_and_is_no_evidence_for_the_rest():
    """A betting-news site allows its bookmakers: the rule match on a link's words is on the link's domain, and the
    allowed links do not make the partner list around them a link farm, so cleaning changes nothing."""
    page = ('<h1>Our partners</h1><p>The club thanks its partners for the season.</p>\n<ul><li><a href="https://www.sbobet'
            '.com/">sbobet</a></li><li><a href="https://fb88.com/">fb88</a></li><li><a href="https://bakery.example/">'
            'Town bakery</a></li></ul>\n<p>Read <a href="https://www.sbobet.com/promo">best online casino bonus</a> '
            'offers.</p>\n')
    document = Document("club.html", page.encode())
    scanner = Scanner(Config(allowlist=(AllowEntry(domain="sbobet.com"), AllowEntry(domain="fb88.com"))))
    assert scanner.scan(document).findings == () and scanner.scan(document).suppressed >= 2
    assert scanner.clean(document).data == document.data
    assert b"Town bakery" not in Scanner().clean(document).data  # without the allowlist the list is spam


def test_allowlist_from_config_file(tmp_path):
    shutil.copy(SEED, tmp_path / "seed.txt")
    (tmp_path / ".scanner.toml").write_text('[[allow]]\nrule = "gambling.keyword-chain"\npath = "seed.txt"\n')
    report = json.loads(run_cli("scan", "seed.txt", "--format", "json", cwd=tmp_path).stdout)
    assert report["summary"]["suppressed"] == 4
    assert all(f["rule_id"] != "gambling.keyword-chain" for f in report["documents"][0]["findings"])


def test_inline_allow_comments_are_ignored_unless_enabled():
    page = Document("a.html", b"<p>mua viagra <!-- scanner:allow pharma.* --></p>")
    assert Scanner().scan(page).findings
    assert not [f for f in Scanner(Config(allow_inline=True)).scan(page).findings if f.rule_id.startswith("pharma")]


def test_clean_diff_writes_nothing(tmp_path):
    target = tmp_path / "seed.txt"
    shutil.copy(SEED, target)
    process = run_cli("clean", str(target), "--diff", "--restore", "off")
    assert process.returncode == 0
    diff = process.stdout.decode()
    assert diff.startswith(f"--- a/{target}\n+++ b/{target}\n")
    body = diff.splitlines()[2:]
    removed = [line for line in body if line.startswith("-")]
    added = [line for line in body if line.startswith("+")]
    assert len(removed) == len(added) == 2
    assert all("bet365" in line for line in removed) and not any("bet365" in line for line in added)
    assert target.read_bytes() == SEED.read_bytes()


def test_a_baseline_from_a_report_equals_the_one_from_scanning(tmp_path):
    shutil.copytree(FIXTURES / "en", tmp_path / "site")
    assert run_cli("baseline", "create", "site", "-o", "scanned.json", cwd=tmp_path).returncode == 0
    assert run_cli("scan", "site", "--format", "json", "-o", "report.json", cwd=tmp_path).returncode == 1
    made = run_cli("baseline", "create", "--from-report", "report.json", "-o", "reported.json", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "reported.json").read_text() == (tmp_path / "scanned.json").read_text()


def test_a_baseline_from_something_else_than_a_report_is_one_line_error(tmp_path):
    (tmp_path / "notes.json").write_text('{"documents": 3}')
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe\x00")
    cases = {"notes.json": "not a scanner report", "binary.json": "not a scanner report",
             "missing.json": "cannot read report"}
    for name, message in cases.items():
        process = run_cli("baseline", "create", "--from-report", name, cwd=tmp_path)
        err = process.stderr.decode()
        assert process.returncode == 2 and message in err and "Traceback" not in err and len(err.splitlines()) == 1, err
    both = run_cli("baseline", "create", "site", "--from-report", "notes.json", cwd=tmp_path)
    assert both.returncode == 2 and "not both" in both.stderr.decode()
    nothing = run_cli("baseline", "create", cwd=tmp_path)
    assert nothing.returncode == 2 and "at least one PATH" in nothing.stderr.decode()


def test_a_baseline_from_a_report_made_in_another_folder_still_matches(tmp_path):
    """The report names the folder the scan ran in; relative sources are resolved against it, not against the
    folder 'baseline create' runs in."""
    (tmp_path / "site").mkdir()
    shutil.copy(SEED, tmp_path / "site" / "seed.txt")
    (tmp_path / "reports").mkdir()
    for fmt in ("json", "jsonl"):
        report = tmp_path / "reports" / f"r.{fmt}"
        assert run_cli("scan", "site", "--format", fmt, "-o", str(report), cwd=tmp_path).returncode == 1
        made = run_cli("baseline", "create", "--from-report", report.name, "-o", "../b.json", cwd=tmp_path / "reports")
        assert made.returncode == 0, made.stderr
        again = json.loads(run_cli("scan", "site", "--baseline", "b.json", "--format", "json", cwd=tmp_path).stdout)
        assert again["summary"]["findings"] == 0 and again["summary"]["suppressed"] == 4


def test_baseline_create_says_how_many_documents_it_scanned_apart_from_the_findings(tmp_path):
    """Black-box probe 33: "2 finding(s) in 2 document(s)" when both findings were in one of the two documents."""
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(SEED, site / "seed.txt")
    (site / "clean.html").write_text("<p>Library hours: nine to five.</p>")
    done = run_cli("baseline", "create", str(site), "-o", str(tmp_path / "b.json"))
    count = len(json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))["findings"])
    assert done.returncode == 0 and count > 1
    said = " ".join(done.stderr.decode().split())  # the console wraps long lines
    assert f"baseline: {count} finding(s) recorded in " in said and said.endswith("(2 document(s) scanned)")


def test_an_allowlist_path_matches_the_same_files_however_the_folder_is_typed(tmp_path):
    """Blind probe 38, D14: 'path = "site/sub/*"' allowed site/sub/pharma.txt when the folder was scanned as ./site/
    or by its absolute path, and not when scanned as '.' from inside it. Paths are relative to the config file's
    folder, as a baseline's are relative to the baseline file."""
    shutil.copytree(FIXTURES / "en", tmp_path / "site" / "sub")
    shutil.copytree(FIXTURES / "en", tmp_path / "site" / "top")
    (tmp_path / "allow.toml").write_text('[[allow]]\nrule = "pharma.*"\npath = "site/sub/*"\n')
    for cwd, target, config in ((tmp_path / "site", ".", "../allow.toml"), (tmp_path, "./site/", "allow.toml"),
                                (tmp_path.parent, str(tmp_path / "site"), str(tmp_path / "allow.toml"))):
        report = json.loads(run_cli("scan", target, "--config", config, "--format", "json", cwd=cwd).stdout)
        flagged = sorted(Path(d["source"]).parent.name for d in report["documents"]
                         if any(f["rule_id"].startswith("pharma.") for f in d["findings"]))
        assert flagged and set(flagged) == {"top"} and report["summary"]["suppressed"] > 0, (cwd, target, flagged)
