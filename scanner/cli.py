"""The command line: a thin layer over ``scanner.api``.

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above --fail-on;
2 usage, input, config or rule error (one line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import difflib
import io
import json
import os
import signal
import sys
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Iterator, Sequence, TextIO

import regex
from rich.console import Console
from rich.markup import escape

from . import __version__
from .api import CleanResult, Scanner
from .cli_audit import add_audit_arguments, run_audit
from .cli_common import (EXIT_ERROR, EXIT_FAILED_PAGES, EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK, SEVERITIES, Parser,
                         CheckedOutput, Interrupts, add_common_options, kept_for_report, open_lines, report_output,
                         progress_bar, refuse_overwriting, scanner_from, without_outputs, write_failed, write_report)
from .cli_rules import add_rules_commands, run_rules
from .config import RESTORE_MODES
from .document import Document
from .errors import ScannerError, SourceError
from .findings import DocumentResult, Restored, Severity, verdict_of
from .history import History, changes_dict, changes_lines, default_path, scan_recorded, target_of
from .parallel import default_jobs
from .reports import FORMATS, RENDERERS, Summary, console as console_report, html as html_report, json_report
from .reports.console import visible
from .sources import NO_EXPORT_OF_PAGES, Unreadable, collect, documents
from .sources.exports import DEFAULT_FIELD, Skipped, check_export, clean_export, export_format
from .sources.exports.output import clean_export_to
from .sources.web import is_url
from .suppression import baseline_document, baseline_from_report
from .writing import output_paths, write_copy, write_in_place, write_output_file


def _export_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--field", default=DEFAULT_FIELD, metavar="NAME",
                        help=f"JSON Lines key (dotted path) or CSV column holding the HTML (default: {DEFAULT_FIELD})")


def _scale_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jobs", type=int, default=None, metavar="N",
                        help=f"processes scanning in parallel; with URLs, one fetches and the others scan "
                             f"(default: every core, here {default_jobs()})")
    parser.add_argument("--history", action="store_true",
                        help=f"record the scan of files in the scan history ({default_path()}); rerun to resume an "
                             "interrupted scan (not for site audits)")
    parser.add_argument("--db", type=Path, metavar="PATH", help="scan history database to record into (implies --history)")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="scanner", description="Find spam injected into web content, explain it, and clean it.")
    parser.add_argument("--version", action="version", version=f"scanner {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)

    scan = commands.add_parser("scan", help="scan files, folders or standard input (-) and report findings")
    scan.add_argument("paths", nargs="*", metavar="PATH", help="file, folder (recursive), - for standard input, or URL")
    scan.add_argument("--format", choices=(*FORMATS, "jsonl"), default="console",
                      help="report format (default: console); jsonl streams one document per line, then a summary line")
    scan.add_argument("-o", "--output", type=_report_file, metavar="FILE",
                      help="write the report to this file instead of standard output (-: standard output)")
    scan.add_argument("--fail-on", choices=SEVERITIES, help="lowest severity that makes the exit code 1 (default: high)")
    scan.add_argument("--show-clean", action="store_true", help="list clean documents in the console report too")
    add_common_options(scan)
    _export_options(scan)
    _scale_options(scan)
    add_audit_arguments(scan)

    clean = commands.add_parser("clean", help="remove injections: print, write copies, or rewrite in place")
    clean.add_argument("paths", nargs="+", metavar="PATH", help="file, folder (recursive) or - for standard input")
    where = clean.add_mutually_exclusive_group()
    where.add_argument("--output-dir", type=Path, help="write cleaned copies here, same relative paths")
    where.add_argument("--in-place", action="store_true", help="rewrite files atomically, keeping FILE.bak")
    clean.add_argument("--restore", choices=RESTORE_MODES, help="put back words an injection replaced (default: auto)")
    where.add_argument("--diff", action="store_true", help="show a unified diff of what cleaning would change; write nothing")
    add_common_options(clean)

    baseline = commands.add_parser("baseline", help="record the current findings so that later scans report only new ones")
    baseline_commands = baseline.add_subparsers(dest="baseline_command", required=True, parser_class=Parser)
    create = baseline_commands.add_parser("create", help="scan PATHs (or read a report) and write their findings' fingerprints")
    create.add_argument("paths", nargs="*", metavar="PATH", help="file, folder (recursive) or - for standard input")
    create.add_argument("--from-report", type=Path, metavar="REPORT",
                        help="record the findings of a 'scan --format json' or 'jsonl' report instead of scanning "
                             "(how a site audit gets a baseline)")
    create.add_argument("-o", "--output", type=Path, default=Path(".scanner-baseline.json"),
                        help="baseline file to write (default: .scanner-baseline.json)")
    add_common_options(create)
    _export_options(clean)

    history = commands.add_parser("history", help="what is new, fixed or came back since the previous scan")
    history.add_argument("paths", nargs="*", metavar="PATH", help="the paths scanned (default: the last scan's)")
    history.add_argument("--db", type=Path, metavar="PATH", help=f"scan history database (default: {default_path()})")
    history.add_argument("--format", choices=("console", "json"), default="console", help="output format")

    add_rules_commands(commands)
    return parser


def _config_folder(scanner: Scanner) -> Path | None:
    """The folder of the config file the scanner was built from (its ``ignore`` globs are read from there)."""
    return scanner.config.path.parent if scanner.config.path is not None else None


def _report_file(value: str) -> Path | None:
    """``-o``'s value: a file, or None for ``-`` (standard output, as ``-`` is standard input among the PATHs)."""
    if not value:
        raise argparse.ArgumentTypeError("needs a file name (or - for standard output)")
    return None if value == "-" else Path(value)


def run_scan(args: argparse.Namespace, out: Console, err: Console) -> int:
    _check_fetch_limits(args)
    if any(is_url(p) for p in args.paths) or args.urls:
        return run_audit(args, out, err)
    if not args.paths:
        raise ScannerError("usage: scan needs at least one PATH or URL (or --urls FILE)")
    try:
        scanner = scanner_from(args)
        collected = collect(args.paths, scanner.config.ignore, _config_folder(scanner))
        refuse_overwriting(collected, args.output, "report")
        collected = without_outputs(collected, [args.output])
    except KeyboardInterrupt:  # loading the rules, walking the folders: the report still says what was done
        err.print("scanner: interrupted before the first document; the report lists none", highlight=False)
        lines, stream = _streamed_report(args)
        _end_report(args, out, lines, stream, [], Summary(interrupted=True), None)
        return EXIT_INTERRUPTED
    summary = Summary(skipped=collected.skipped, fail_on=scanner.config.fail_on)
    results: list[DocumentResult] = []
    worst = Severity.INFO
    total = len(collected.files) + int(collected.stdin)
    to_terminal = args.format == "console" and args.output is None
    lines, stream = _streamed_report(args)
    unreadable: list[Unreadable] = []
    skipped_members: list[Skipped] = []
    source_errors: list[SourceError] = []
    try:
        with progress_bar(err, total) as progress:
            task = progress.add_task("scanning", total=total)
            found = _noting_source_errors(documents(collected, args.field, unreadable, skipped_members), source_errors,
                                          recorded=bool(args.history or args.db))
            scanned = _scanned(args, scanner, found, err)
            for result in _with_unreadable(scanned, unreadable):
                with Interrupts.deferred():  # a partial report counts exactly the documents it lists
                    summary.add(result)
                    worst = max([worst, *(f.severity for f in result.findings)])
                    with report_output(args.output, lines):
                        if to_terminal:
                            console_report.print_document(out, result, args.show_clean)
                        elif stream is not None:
                            stream.add(result)
                        elif lines is not None:
                            lines.write(json.dumps(json_report.document_dict(result), ensure_ascii=False) + "\n")
                        else:
                            results.append(kept_for_report(result, args.format))
                progress.advance(task)
    except KeyboardInterrupt:
        summary.interrupted = True
        err.print(f"scanner: interrupted; the report covers the {summary.documents} document(s) done so far", highlight=False)
    except SourceError as error:
        if error not in source_errors:  # the report's own output failed: there is no report left to end
            raise
    summary.skipped += len(skipped_members)  # archive members, counted with the files a folder skips
    summary.stopped_by = str(source_errors[0]) if source_errors else None
    _end_report(args, out, lines, stream, results, summary, scanner)
    if source_errors:  # a malformed export halfway: the report has ended, covering what was done
        raise source_errors[0]
    if summary.interrupted:
        return EXIT_INTERRUPTED
    if summary.errors:
        return EXIT_FAILED_PAGES
    return EXIT_FINDINGS if summary.findings and worst >= scanner.config.fail_on else EXIT_OK


def _streamed_report(args: argparse.Namespace) -> tuple[TextIO | None, json_report.JsonStream | None]:
    """The output of a JSON or JSON Lines report, written as the scan goes, and the JSON report's writer
    (its head written already); None for the formats written whole at the end."""
    lines = open_lines(args.output) if args.format in ("jsonl", "json") else None
    with report_output(args.output, lines):
        stream = json_report.JsonStream(lines) if lines is not None and args.format == "json" else None
    return lines, stream


def _end_report(args: argparse.Namespace, out: Console, lines: TextIO | None, stream: json_report.JsonStream | None,
                results: list[DocumentResult], summary: Summary, scanner: Scanner | None) -> None:
    """Close a streamed report with its summary, or write the whole report of the ``results`` kept; ``scanner``
    is None when the run was interrupted before it was ready (no rules to describe, no document scanned)."""
    with report_output(args.output, lines):
        if args.format == "console" and args.output is None:
            console_report.print_summary(out, summary)
        elif lines is not None:
            if stream is not None:
                stream.close(summary)
            else:
                lines.write(json.dumps({"summary": summary.as_dict(), "root": json_report.root_uri()}, ensure_ascii=False) + "\n")
            if lines is not sys.stdout:
                lines.close()
        else:
            write_report(args.output, _render(args.format, results, summary, scanner))
        sys.stdout.flush()  # here, not at exit, where a reader gone would fail it unseen


def _noting_source_errors(found: Iterator[Document], noted: list[SourceError], recorded: bool) -> Iterator[Document]:
    """``found``, ending where an error ends it (an export found malformed halfway, a --field no record has)
    and noting that error, so that the documents read before it are scanned and reported (on several processes
    too) before the run stops. A scan ``recorded`` in the history gets the error at once instead: it must not
    be marked finished."""
    try:
        yield from found
    except SourceError as error:
        noted.append(error)
        if recorded:
            raise


def _with_unreadable(results: Iterator[DocumentResult], unreadable: list[Unreadable]) -> Iterator[DocumentResult]:
    """The scan's results with an ``unreadable`` one for each file that could not be read, in input order
    (results come in input order, whatever the number of processes): a report lists what it could not scan."""
    done = 0
    for result in results:
        yield from _unreadable_before(unreadable, done)
        yield result
        done += 1
    yield from _unreadable_before(unreadable, done)


def _unreadable_before(unreadable: list[Unreadable], done: int) -> Iterator[DocumentResult]:
    """Results for the files found unreadable before the document at index ``done``, taken off the list."""
    while unreadable and unreadable[0].position <= done:
        failed = unreadable.pop(0)
        yield DocumentResult(source=failed.source, kind="text", encoding="", encoding_decision="", findings=(),
                             verdict=verdict_of([]), error=failed.error)


def _check_fetch_limits(args: argparse.Namespace) -> None:
    """--timeout and --retries, which cannot be refused by their type alone, as the other limits are."""
    if args.timeout <= 0:
        raise ScannerError(f"usage: argument --timeout: must be more than 0 seconds, not {args.timeout:g}")
    if args.retries < 0:
        raise ScannerError(f"usage: argument --retries: must be at least 0, not {args.retries}")


def _scanned(args: argparse.Namespace, scanner: Scanner, found: Iterator[Document], err: Console) -> Iterator[DocumentResult]:
    """Results on --jobs processes; with --history or --db, recorded per document and resumed when interrupted."""
    if args.jobs is not None and args.jobs < 1:
        raise ScannerError(f"usage: --jobs must be at least 1, not {args.jobs}")
    if not (args.history or args.db):
        yield from scanner.scan_many(found, jobs=args.jobs)
        return
    history = History(args.db or default_path())
    try:
        scan_id, recorded = history.start(target_of(args.paths))
        if recorded:
            err.print(f"resuming scan {scan_id}: {len(recorded)} document(s) already recorded", highlight=False)
        yield from scan_recorded(history, scan_id, recorded, found, lambda fresh: scanner.scan_many(fresh, jobs=args.jobs),
                                 settings=scanner.settings_key())
    finally:
        history.close()


def run_history(args: argparse.Namespace, out: Console, err: Console) -> int:
    """Exit 1 when the last scan has new or returning findings, as a CI gate."""
    path = args.db or default_path()
    if not path.is_file():
        raise ScannerError(f"no scan history at {path} (record one with 'scanner scan --history PATH')")
    history = History(path)
    try:
        target = target_of(args.paths) if args.paths else history.last_target()
        if target is None:
            raise ScannerError(f"{path}: no scan recorded yet")
        changes, scans = history.changes(target), history.scans(target)
    finally:
        history.close()
    if args.format == "json":
        sys.stdout.write(json.dumps(changes_dict(changes, scans), ensure_ascii=False, indent=2) + "\n")
    else:
        for line in changes_lines(changes, scans):
            out.print(line, highlight=False, markup=False, soft_wrap=True)
    return EXIT_FINDINGS if changes.new or changes.returned else EXIT_OK


def _render(fmt: str, results: list[DocumentResult], summary: Summary, scanner: Scanner | None) -> str:
    rules = scanner.rule_infos() if scanner else {}
    if fmt == "html":  # its cleaning previews show the words cleaning would put back
        return html_report.render(results, summary, rules, scanner.fillers(results) if scanner else None)
    if fmt in RENDERERS:
        return RENDERERS[fmt](results, summary, rules)
    recorder = Console(record=True, width=120, force_terminal=False, file=io.StringIO())
    for result in results:
        console_report.print_document(recorder, result)
    console_report.print_summary(recorder, summary)
    return recorder.export_text()


def run_clean(args: argparse.Namespace, out: Console, err: Console) -> int:
    scanner = scanner_from(args)
    if args.output_dir:
        _refuse_inputs_in_output_folder(args.paths, args.output_dir)
    collected = without_outputs(collect(args.paths, scanner.config.ignore, _config_folder(scanner)), [args.output_dir])
    if collected.stdin and (args.in_place or args.output_dir):
        raise ScannerError("usage: standard input (-) can only be cleaned to standard output")
    if not (args.in_place or args.output_dir or args.diff) and len(collected.files) + int(collected.stdin) > 1:
        raise ScannerError("usage: cleaning several documents needs --output-dir DIR, --in-place or --diff")
    changed = refused = seen = marked = 0
    targets = output_paths(args.output_dir, collected.files) if args.output_dir else {}
    exports = [(file, root) for file, root in collected.files if export_format(file)]
    not_exports = [place for place in exports if not _export_to_clean(place[0], args.field, collected.named, err)]
    exports = [place for place in exports if place not in not_exports]
    if args.output_dir:
        _make_output_folder(args.output_dir)
    collected = replace(collected, files=[place for place in collected.files if place not in exports + not_exports])
    # a result goes where its own document came from: a file that could not be read has none
    file_of = {str(file): file for file, _root in collected.files}
    unreadable: list[Unreadable] = []
    stdout = CheckedOutput(sys.stdout.buffer, None, "cleaned output")
    for result in scanner.clean_many(documents(collected, unreadable=unreadable)):
        file = None if collected.stdin and result.source == "-" else file_of[result.source]
        refused += _report_cleaned(result, err)
        changed += result.changed
        seen += 1
        if args.diff:
            stdout.write(unified_diff(result).encode("utf-8"))
        elif args.output_dir and result.refused:
            # the output folder holds cleaned copies: a document cleaning refused would be its spam, published
            err.print(f"{escape(visible(str(file)))}: left out of {escape(visible(str(args.output_dir)))}", highlight=False,
                      soft_wrap=True)
        elif args.output_dir:
            with _cleaned_copy_written(targets[file]):
                write_copy(targets[file], result.data, mode=file.stat().st_mode & 0o777)
        elif args.in_place:
            if result.changed:
                with _cleaned_copy_written(file):
                    backup = write_in_place(file, result.data)
                err.print(f"cleaned {visible(str(file))} (backup: {visible(str(backup))})", highlight=False, markup=False)
        elif result.refused:
            # printed, the refused document would be its spam, taken for the cleaned copy by a redirect
            err.print(f"{escape(visible(result.source))}: nothing written to standard output", highlight=False,
                      soft_wrap=True)
        else:
            stdout.write(result.data)
            stdout.flush()
    for file, _root in exports:
        with open(os.devnull, "wb") as discarded:
            if args.diff:  # a dry run: each changed record as a diff, the cleaned export itself is not written
                results = clean_export(file, discarded, scanner, args.field)
            elif args.output_dir:
                results = clean_export_to(file, targets[file], scanner, args.field)
            elif args.in_place:
                real = Path(os.path.realpath(file))  # a link stays a link: its target is cleaned
                results = clean_export_to(real, real, scanner, args.field, backup=True)
            else:
                results = clean_export(file, stdout, scanner, args.field)
            records = 0
            for result in results:
                refused += _report_cleaned(result, err, dry_run=args.diff)
                records += result.changed
                marked += result.marked_spam
                seen += 1
                if args.diff:
                    if result.marked_spam:  # outside the content the diff shows: said on a line of its own
                        stdout.write(f"# {_diff_name('', result.source)}: <wp:comment_approved> would be set to spam\n"
                                     .encode("utf-8"))
                    stdout.write(unified_diff(result).encode("utf-8"))
        changed += records
        if args.in_place and records:
            err.print(f"cleaned {records} record(s) in {visible(str(file))}", highlight=False, markup=False)
    stdout.flush()
    if args.output_dir or args.in_place:
        counted = " (export records counted one by one)" if exports else ""
        spam = f"; {marked} comment(s) marked as spam" if marked else ""
        unread = f"; {len(unreadable)} could not be read" if unreadable else ""
        err.print(f"{changed} document(s) cleaned, {refused} refused, of {seen}{counted}{spam}{unread}", highlight=False,
                  soft_wrap=True)
    return EXIT_FAILED_PAGES if unreadable else EXIT_FINDINGS if refused else EXIT_OK


def _export_to_clean(file: Path, field: str, named: set[Path], err: Console) -> bool:
    """Whether an export can be cleaned. One named on the command line that cleaning must refuse is refused
    before anything is written (exit 2); one found in a folder that is no export of pages (a ``data.csv``
    without the HTML column) is left alone with a warning, as ``scan`` skips it."""
    try:
        check_export(file, field)
    except ScannerError as error:
        if file in named:
            raise
        err.print(f"scanner: {error}; {NO_EXPORT_OF_PAGES}", highlight=False, markup=False)
        return False
    return True


@contextmanager
def _cleaned_copy_written(path: Path) -> Iterator[None]:
    """A cleaned copy or rewrite that fails (a full disk, a folder without write permission) ends the run in
    one line, exit 2; the atomic write has left the file as it was. An interrupt waits until the document is
    written: a page is never left with its backup made but not rewritten, nor a temporary file beside it."""
    try:
        with Interrupts.deferred():
            yield
    except OSError as error:
        raise write_failed(path, error, "cleaned document") from None


def _refuse_inputs_in_output_folder(paths: list[str], output_dir: Path) -> None:
    """A PATH that is the --output-dir folder or lies inside it is a usage error: the output folder is never read
    back (see ``without_outputs``), so such a run would silently clean nothing. An output folder inside a PATH
    is fine: it is left out of that PATH's files."""
    output = output_dir.resolve()
    for argument in paths:
        if argument != "-" and Path(argument).resolve().is_relative_to(output):
            raise ScannerError(f"usage: {argument} is inside the --output-dir folder {output_dir}, which this run "
                               f"writes and never reads; choose another output folder")


def _make_output_folder(path: Path) -> None:
    """The --output-dir folder, created if need be; one that is a file or cannot be created is a usage error."""
    if path.exists() and not path.is_dir():
        raise SourceError(f"{path}: --output-dir is not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SourceError(f"{path}: cannot create the --output-dir folder: {error.strerror or error}") from None


def _report_cleaned(result: CleanResult, err: Console, dry_run: bool = False) -> int:
    """Say on stderr why a document was refused and which words were restored; 1 when refused."""
    source = escape(visible(result.source))
    if result.refused:
        err.print(f"[yellow]not cleaned[/] {source}: {escape(result.refused)}", highlight=False)
    if result.marked_spam:
        done = "would be marked" if dry_run else "marked"
        err.print(f"{source}: comment {done} as spam (wp:comment_approved), kept in the export unpublished",
                  highlight=False, soft_wrap=True)
    for restored in result.restorations:
        err.print(f"{source}: {escape(_describe(restored))}", highlight=False)
    return int(result.refused is not None)


def unified_diff(result: CleanResult) -> str:
    """What cleaning changes in one document, as a unified diff (empty when nothing changes). Characters that would
    act on a terminal (escape sequences, bidi overrides) are spelled out, as in the console report: the removed
    lines are spam, written by whoever wants them to act there."""
    if not result.changed:
        return ""
    before = result.original_text.splitlines(keepends=True)
    after = result.data.decode(result.encoding).lstrip("\ufeff").splitlines(keepends=True)
    lines = difflib.unified_diff(before, after, _diff_name("a/", result.source), _diff_name("b/", result.source))
    return "".join(_inert(line) if line.endswith("\n") else _inert(line) + "\n\\ No newline at end of file\n"
                   for line in lines)


#: What a diff line may not hold as it is: control characters but the tab and a line's own end (LF, CRLF), C1
#: controls and bidi overrides.
_ACTS_ON_TERMINAL = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n\Z)")


def _inert(line: str) -> str:
    """A diff line with what would act on a terminal written ``\\xNN`` / ``\\uNNNN``, as ``visible`` writes it."""
    return _ACTS_ON_TERMINAL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), line)


def _diff_name(prefix: str, source: str) -> str:
    """A file name for a diff header, quoted as git does when it holds a quote, a backslash or a character
    that would break the header or act on the terminal (a newline, ESC, a bidi override)."""
    name = prefix + source
    quoted = "".join(_c_escaped(char) for char in name)
    return name if quoted == name else f'"{quoted}"'


_C_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _c_escaped(char: str) -> str:
    """One character of a quoted name: C escapes, octal UTF-8 bytes for other unsafe characters, and the byte
    itself for a byte of the name that is not UTF-8 (a lone surrogate from ``surrogateescape``), as git does."""
    if char in _C_ESCAPES:
        return _C_ESCAPES[char]
    if visible(char) == char:
        return char
    stray_byte = "\udc80" <= char <= "\udcff"
    return "".join(f"\\{byte:03o}" for byte in char.encode("utf-8", "surrogateescape" if stray_byte else "surrogatepass"))


def run_baseline(args: argparse.Namespace, out: Console, err: Console) -> int:
    root = Path(os.path.abspath(args.output)).parent
    unreadable: list[Unreadable] = []
    if args.from_report:
        if args.paths:
            raise ScannerError("usage: baseline create takes PATHs or --from-report REPORT, not both")
        text, count, total = baseline_from_report(_report_text(args.from_report), str(args.from_report), root)
    elif args.paths:
        scanner = scanner_from(args)
        collected = collect(args.paths, scanner.config.ignore, _config_folder(scanner))
        refuse_overwriting(collected, args.output, "baseline")
        results = list(scanner.scan_many(documents(collected, unreadable=unreadable)))
        text, count, total = baseline_document(results, root), sum(len(r.findings) for r in results), len(results)
    else:
        raise ScannerError("usage: baseline create needs at least one PATH (or --from-report REPORT)")
    try:
        write_output_file(args.output, text.encode("utf-8"))
    except OSError as error:
        raise SourceError(f"{args.output}: cannot write baseline: {error.strerror or error}") from None
    unread = f"; {len(unreadable)} could not be read, so their findings are not in it" if unreadable else ""
    err.print(f"baseline: {count} finding(s) recorded in {args.output} ({total} document(s) scanned{unread})",
              highlight=False, soft_wrap=True)
    return EXIT_FAILED_PAGES if unreadable else EXIT_OK


def _report_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise SourceError(f"{path}: cannot read report: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise SourceError(f"{path}: not a scanner report (not UTF-8 text)") from None


def _describe(restored: Restored) -> str:
    if restored.kind == "inserted":
        options = ", ".join(f"{w} {p:.2f}" for w, p in restored.candidates[:3])
        return (f"nothing put back in {restored.gaps} gap(s): the text reads whole without the spam (judged inserted, "
                f"confidence {restored.confidence:.3f}; best-fitting words: {options or 'none'}; {restored.evidence})")
    if restored.word:
        return f"restored {restored.word!r} in {restored.gaps} place(s) (confidence {restored.confidence:.3f}; {restored.evidence})"
    options = ", ".join(f"{w} {p:.2f}" for w, p in restored.candidates[:3])
    return f"could not restore the word behind {restored.gaps} gap(s) (candidates: {options or 'none'}; {restored.evidence})"


COMMANDS = {"scan": run_scan, "clean": run_clean, "rules": run_rules, "history": run_history, "baseline": run_baseline}


def _reports_in_utf8() -> None:
    """Standard output and error in UTF-8 whatever the locale says (a cp1252 console, ``PYTHONIOENCODING=ascii``):
    reports are UTF-8, and a character the locale's encoding lacks would otherwise end the run in a traceback."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")


#: Width of a console whose output goes to a file or a pipe: wide enough for any line the reports print.
PIPED_WIDTH = 10_000


def _console(stderr: bool = False) -> Console:
    """A console for standard output or error: piped or redirected (no terminal, no COLUMNS), lines are not broken at
    80 columns, so that a pattern ``rules show`` prints, or a finding's line in a CI log, stays whole for grep and
    copying."""
    console = Console(stderr=stderr)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console = Console(stderr=stderr, width=PIPED_WIDTH)
    return console


def main(argv: Sequence[str] | None = None) -> int:
    _reports_in_utf8()
    out = _console()
    err = _console(stderr=True)
    signal.signal(signal.SIGTERM, Interrupts.handle)  # a stopped CI job or a killed container ends like Ctrl-C
    signal.signal(signal.SIGINT, Interrupts.handle)
    try:
        args = build_parser().parse_args(argv)
        return COMMANDS[args.command](args, out, err)
    except ScannerError as error:
        err.print(f"scanner: error: {error}", highlight=False, markup=False, soft_wrap=True)
        return EXIT_ERROR
    except KeyboardInterrupt:
        err.print("scanner: interrupted", highlight=False)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
