"""``scanner rules list | show ID | test [PATH...]``: the rule packs, as a table, in detail, and tested."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.table import Table

from .api import Scanner, check_rule_ids
from .cli_common import EXIT_FINDINGS, EXIT_OK, Parser, add_common_options, scanner_from
from .errors import ScannerError
from .findings import RuleInfo
from .fixturecheck import fixture_failures
from .rules import Rule, example_failures, load_rules


def add_rules_commands(commands: argparse._SubParsersAction) -> None:
    rules = commands.add_parser("rules", help="list, show or test rule packs")
    rule_commands = rules.add_subparsers(dest="rules_command", required=True, parser_class=Parser)
    listing = rule_commands.add_parser("list", help="table of packs, rules, categories and severities")
    add_common_options(listing)
    show = rule_commands.add_parser("show", help="everything about one rule")
    show.add_argument("rule_id", metavar="ID")
    add_common_options(show)
    test = rule_commands.add_parser("test", help="run each rule's own positive and negative examples")
    test.add_argument("files", nargs="*", type=Path, metavar="PATH",
                      help="rule pack files (.toml), folders of packs, or fixture files/folders marked 'scanner-expect: RULE, ...'")
    add_common_options(test)


def run_rules(args: argparse.Namespace, out: Console, err: Console) -> int:
    if args.rules_command == "test":
        return _test_rules(args, out)
    scanner = scanner_from(args)
    audit_rules = _audit_rules()
    infos = {**scanner.rule_infos(), **audit_rules}
    if args.rules_command == "show":
        rule = scanner.ruleset.by_id(args.rule_id)
        detector = infos.get(args.rule_id)
        if rule is None and detector is None:
            raise ScannerError(f"no rule with id {args.rule_id!r} (see 'scanner rules list')")
        if rule is not None:
            details = rule_details(rule)
        else:
            details = audit_rule_details(detector) if args.rule_id in audit_rules else detector_details(detector)
        out.print(details, highlight=False, markup=False)
        return EXIT_OK
    rows = [(info.pack, info.id, info.category, str(info.severity), info.action,
             "(site audit)" if info.id in audit_rules else _scope(scanner.ruleset.by_id(info.id)))
            for info in sorted(infos.values(), key=lambda i: (i.pack, i.id))]
    if out.is_terminal:
        out.print(_table(rows))
    else:  # piped: whole rows, tab-separated, for grep and cut; a table would be cut to 80 columns
        out.file.write("".join("\t".join(row) + "\n" for row in [_COLUMNS, *rows]))
    return EXIT_OK


_COLUMNS = ("pack", "rule", "category", "severity", "action", "scope")


def _audit_rules() -> dict[str, RuleInfo]:
    """The rules only a site audit reports (its cloaking checks): ``--disable`` and ``[[allow]]`` accept their ids,
    so the listing names them too."""
    from .sources.web import CLOAKING_RULES  # only here: the web package is slow to import
    return {info.id: info for info in CLOAKING_RULES}


def _scope(rule: Rule | None) -> str:
    return ", ".join(rule.scope) if rule else "(detector)"


def _table(rows: list[tuple[str, ...]]) -> Table:
    """The rules as a table for a terminal: ids are never shortened, the other columns give way instead."""
    table = Table(title="Rules", header_style="bold")
    longest_id = max((len(row[1]) for row in rows), default=0)
    for column in _COLUMNS:
        table.add_column(column, no_wrap=column == "rule", min_width=longest_id if column == "rule" else None)
    for row in rows:
        table.add_row(*row)
    return table


def _test_rules(args: argparse.Namespace, out: Console) -> int:
    """Each rule's own examples, then any marked fixture files among the PATHs."""
    packs = [p for p in args.files if p.suffix == ".toml" or (p.is_dir() and any(p.glob("*.toml")))]
    fixtures = [p for p in args.files if p not in packs]
    scanner = scanner_from(args)
    if packs and scanner.config.builtin_rules:
        load_rules(packs, builtin=True)  # an id the built-in packs use is refused here as scan refuses it
    ruleset = load_rules(packs, builtin=False) if packs else scanner.ruleset
    check_rule_ids(ruleset, scanner.detectors)
    failures = [failure for rule in ruleset.rules for failure in example_failures(rule)]
    examples = sum(len(r.positive) + len(r.negative) for r in ruleset.rules)
    if packs and fixtures:  # the fixtures are scanned with the packs under test too
        scanner = Scanner(scanner.config, ruleset=load_rules([*scanner.config.rule_paths, *packs],
                                                             builtin=scanner.config.builtin_rules))
    checked, fixture_problems = fixture_failures(scanner, fixtures) if fixtures else (0, [])
    for failure in failures + fixture_problems:
        out.print(failure, highlight=False, markup=False, soft_wrap=True)
    out.print(f"{len(ruleset.rules)} rules, {examples} examples: {examples - len(failures)} passed, {len(failures)} failed")
    if fixtures:
        failed_files = len({problem.split(": ")[0] for problem in fixture_problems})
        out.print(f"{checked} marked fixture files: {checked - failed_files} passed, {failed_files} failed")
    return EXIT_FINDINGS if failures or fixture_problems else EXIT_OK


def detector_details(info: RuleInfo) -> str:
    """What ``rules show`` tells of a rule a code detector reports (it has no keywords or examples of its own).
    Its severity is the usual one: the detector rates each finding on its evidence (a hidden block with off-site
    links and spam terms is critical), so a report may show it higher or lower."""
    return "\n".join([f"{info.id}  ({info.pack}: a code detector, see the README's 'Detectors' table)",
                      f"  {info.description}",
                      f"  category: {info.category}   severity: {info.severity}   action: {info.action}",
                      "  each finding is rated on its evidence: a report may show it at another severity"])


def audit_rule_details(info: RuleInfo) -> str:
    """What ``rules show`` tells of a rule only site audits report (the cloaking checks)."""
    return "\n".join([f"{info.id}  (site audits: compares the page served to crawlers and search visitors with "
                      f"the page served to others; --no-cloaking turns it off)",
                      f"  {info.description}",
                      f"  category: {info.category}   severity: {info.severity}   action: {info.action}"])


def rule_details(rule: Rule) -> str:
    lines = [f"{rule.id}  ({rule.pack}, {rule.path})", f"  {rule.description}",
             f"  category: {rule.category}   severity: {rule.severity}   action: {rule.action}   confidence: {rule.confidence}",
             f"  scope: {', '.join(rule.scope)}"]
    if rule.keywords:
        lines.append(f"  keywords ({len(rule.keywords)}): " + ", ".join(rule.keywords))
    for pattern in rule.patterns:
        lines.append(f"  pattern: {pattern}")
    lines += [f"  + {example}" for example in rule.positive] + [f"  - {example}" for example in rule.negative]
    return "\n".join(lines)
