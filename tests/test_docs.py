"""Every command and option of the command line is documented in the README (as sqlite-utils does)."""

from __future__ import annotations

import argparse

from scanner.cli import build_parser

from .conftest import REPO


def documented_names(parser: argparse.ArgumentParser, path: str = "scanner") -> list[tuple[str, str]]:
    names = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                names.append((path, name))
                names += documented_names(sub, f"{path} {name}")
        else:
            names += [(path, option) for option in action.option_strings
                      if option.startswith("--") and option not in ("--help", "--version")]
    return names


def test_every_command_and_option_is_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = sorted({f"{path} {name}" for path, name in documented_names(build_parser()) if name not in readme})
    assert missing == []
