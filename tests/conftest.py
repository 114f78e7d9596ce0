from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
SEED = FIXTURES / "seed" / "quangtri-bet365.txt"


@pytest.fixture(scope="session")
def scanner():
    from scanner import Scanner

    return Scanner()


@pytest.fixture(scope="module")
def site():
    """A web site on 127.0.0.1 (``tests.websim``), one per test module."""
    from .websim import Site

    with Site() as running:
        yield running


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The real command line, in a subprocess, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "scanner", *args], input=stdin, capture_output=True, cwd=cwd, timeout=120)
