"""What every subcommand of the command line shares: parsing, exit codes, the scanner from options, output files."""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import contextmanager, suppress
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO, Iterator, TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from .api import Scanner, unknown_ids
from .config import load_config
from .detection.detectors import default_detectors
from .errors import ScannerError, SourceError
from .findings import DocumentResult, Severity
from .rules import RuleSet, load_rules
from .sources import Collected

#: Exit codes (the README lists them): 3 is a site audit with failed pages (scanner.cli_audit).
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_FAILED_PAGES, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
SEVERITIES = [str(s) for s in Severity]


class Parser(argparse.ArgumentParser):
    """Usage errors end in one line and exit code 2, like every other user error."""

    def error(self, message: str) -> None:  # one line and exit 2, as for every user error
        raise ScannerError(f"usage: {message} (see '{self.prog} --help')")


def add_common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, help="config file (default: .scanner.toml or [tool.scanner] in pyproject.toml)")
    parser.add_argument("--rules", type=Path, action="append", default=[], metavar="PATH",
                        help="extra rule pack file or folder (repeatable)")
    parser.add_argument("--no-builtin-rules", action="store_true", help="use only the packs given with --rules")
    parser.add_argument("--disable", action="append", default=[], metavar="ID", help="rule or pack id to switch off (repeatable)")
    parser.add_argument("--baseline", type=Path, metavar="FILE", help="report only findings not in this baseline")


def scanner_from(args: argparse.Namespace) -> Scanner:
    """The scanner the options and the config file describe (options win)."""
    from_file = load_config(args.config)
    config = replace(
        from_file,
        rule_paths=from_file.rule_paths + tuple(args.rules),
        builtin_rules=from_file.builtin_rules and not args.no_builtin_rules,
        disable=from_file.disable | set(args.disable),
        fail_on=Severity.parse(args.fail_on) if getattr(args, "fail_on", None) else from_file.fail_on,
        baseline=args.baseline or from_file.baseline,
        restore=getattr(args, "restore", None) or from_file.restore,
    )
    ruleset = load_rules(list(config.rule_paths), builtin=config.builtin_rules)
    _check_disabled(args.disable, ruleset)
    return Scanner(config, ruleset=ruleset)


def _check_disabled(options: list[str], ruleset: RuleSet) -> None:
    """A --disable id that names nothing (a typo that would leave the rule on) is a usage error; the Scanner
    refuses such an id in the config file itself."""
    unknown = unknown_ids(options, ruleset, default_detectors())
    if unknown:
        raise ScannerError(f"usage: --disable: no rule or pack {unknown[0]!r} (see 'scanner rules list')")


def without_outputs(collected: Collected, outputs: list[Path | None]) -> Collected:
    """The collection minus what this run writes (a report file, an output folder): a folder scanned into
    itself would otherwise be read back, and cleaned copies cleaned again, deeper at every run."""
    written = [path.resolve() for path in outputs if path is not None]
    kept = [(file, root) for file, root in collected.files
            if not any(file.resolve().is_relative_to(output) for output in written)]
    return replace(collected, files=kept)


#: What the first bytes of a report this tool wrote hold, in each format a folder's scan may find again
#: (Markdown, HTML and console reports are documents of scanned types).
_REPORT_MARKS = (b"Spam-injection scan report", b"Scan summary", b'"schema": "scanner-report"', b"sarif-2.1.0")


def refuse_overwriting(collected: Collected, output: Path | None, what: str) -> None:
    """A report or baseline file that is one of the documents the run reads is a usage error: written at the end,
    it would replace the page (a typo in a CI step, ``-o page.html``), and the run would pass having read nothing.
    A report of an earlier run found in the scanned folder (``scan site -o site/report.md`` again) is replaced."""
    if output is None or not output.is_file():
        return
    target = output.resolve()
    for file, _root in collected.files:
        if file.resolve() == target and (file in collected.named or not _a_report(output)):
            raise ScannerError(f"usage: -o {output} is a document this run scans; writing the {what} there would "
                               f"replace it; name another file")


def _a_report(path: Path) -> bool:
    """Whether ``path`` holds a report this tool wrote (see ``_REPORT_MARKS``)."""
    try:
        with path.open("rb") as stream:
            head = stream.read(4096)
    except OSError:
        return False
    return any(mark in head for mark in _REPORT_MARKS)


def progress_bar(console: Console, total: int) -> Progress:
    return Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeRemainingColumn(), console=console, transient=True, disable=total < 2 or not console.is_terminal)


def open_lines(path: Path | None) -> TextIO:
    if path is None:
        return sys.stdout
    try:
        return path.open("w", encoding="utf-8")
    except OSError as error:
        raise SourceError(f"{path}: cannot write report: {error.strerror or error}") from None


def discard_standard_output() -> None:
    """Send what is still written to standard output nowhere (its reader went away: ``| head``), so that no
    write or flush fails again, at exit either."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def write_failed(path: Path | None, error: OSError, what: str = "report") -> SourceError:
    """The one-line error for output that could not be written (a full disk, ``/dev/full``), ``path`` None for
    standard output. That is sent nowhere first: what is still buffered would fail again, unseen, at exit."""
    if path is None:
        discard_standard_output()
    return SourceError(f"{path or 'standard output'}: cannot write {what}: {error.strerror or error}")


@contextmanager
def report_output(path: Path | None, lines: TextIO | None = None) -> Iterator[None]:
    """Writes of a report to ``path`` (None: standard output) through ``lines`` when it is streamed. A reader of
    standard output gone away (``| head``) stops them but not the run, so that the exit code still covers every
    document; any other failed write ends the run in one line, exit 2 (see ``write_failed``)."""
    try:
        yield
    except BrokenPipeError:
        discard_standard_output()
    except OSError as error:
        if lines is not None and lines is not sys.stdout:
            with suppress(OSError):  # closed all the same; only its buffered end is lost
                lines.close()
        raise write_failed(path, error) from None


class CheckedOutput:
    """A binary stream (standard output for ``clean``) whose failed writes end the run in one line, exit 2;
    a reader gone away (``BrokenPipeError``) is left to the caller, as it is no failure of the run."""

    def __init__(self, stream: BinaryIO, path: Path | None, what: str) -> None:
        self.stream, self.path, self.what = stream, path, what

    def write(self, data: bytes) -> int:
        with self._checked():
            return self.stream.write(data)

    def flush(self) -> None:
        with self._checked():
            self.stream.flush()

    @contextmanager
    def _checked(self) -> Iterator[None]:
        try:
            yield
        except BrokenPipeError:
            raise
        except OSError as error:
            raise write_failed(self.path, error, self.what) from None


def write_report(path: Path | None, rendered: str) -> None:
    if path is None:
        sys.stdout.write(rendered)
        return
    try:
        path.write_text(rendered, encoding="utf-8")
    except OSError as error:
        raise write_failed(path, error) from None


def kept_for_report(result: DocumentResult, fmt: str) -> DocumentResult:
    """What a report collected until the end needs of a result: the document text only where findings are
    shown in context (HTML and console), so that memory does not grow with every clean page scanned."""
    if result.text and (not result.findings or fmt not in ("html", "console")):
        return replace(result, text="")
    return result


class Interrupts:
    """Ctrl-C and SIGTERM end the command with a partial report, but never halfway through one document's
    bookkeeping: inside ``deferred()`` an interrupt is remembered and raised when the block ends."""

    deferring = False
    pending = False

    @classmethod
    def handle(cls, signum: int, frame: object) -> None:
        if cls.deferring:
            cls.pending = True
            return
        raise KeyboardInterrupt

    @classmethod
    @contextmanager
    def deferred(cls) -> Iterator[None]:
        cls.deferring = True
        try:
            yield
        finally:
            cls.deferring = False
        if cls.pending:
            cls.pending = False
            raise KeyboardInterrupt
