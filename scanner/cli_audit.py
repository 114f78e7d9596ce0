"""``scanner scan URL...``: the site audit on the command line.

Exit codes, in order of precedence: 130 interrupted (the report written so far
is complete and valid); 3 some pages could not be fetched (each is listed with
its reason); 1 findings at or above --fail-on; 0 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import math
import re
import signal
import sys
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from .api import Scanner
from .cli_common import (EXIT_FAILED_PAGES, EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK, Interrupts,
                         kept_for_report, open_lines, report_output, scanner_from, write_failed)
from .errors import ScannerError, SourceError
from .parallel import default_jobs
from .findings import DocumentResult, Severity
from .reports import RENDERERS, Summary, console as console_report
from .reports.json_report import JsonStream, document_dict
from .reports.summary import SKIPPED_PAGES
from .sources.web import CLOAKING_RULES, AuditOptions, AuditState, FetchOptions, audit, is_url
from .sources.web.audit import LISTED_SKIPS
from .sources.web.safety import CREDENTIALS_REFUSED, parse_endpoint

DEFAULTS = AuditOptions()


def add_audit_arguments(parser: argparse.ArgumentParser) -> None:
    """The web audit's options on ``scan``; they apply when a PATH is an http(s) URL or with --urls."""
    group = parser.add_argument_group("web audit (a PATH that is an http or https URL, or --urls)")
    add = group.add_argument
    add("--urls", type=Path, metavar="FILE",
        help="file with one URL per line, - for standard input (blank lines and # comments skipped)")
    add("--allow-private", action="store_true",
        help="allow loopback, private and link-local addresses (intranet sites); refused by default")
    add("--allow-address", action="append", default=[], metavar="IP:PORT",
        help="allow this one private endpoint only (repeatable)")
    add("--ignore-robots", action="store_true", help="do not obey robots.txt")
    add("--max-pages", type=_positive, default=DEFAULTS.max_pages, metavar="N",
        help=f"stop after N pages (default: {DEFAULTS.max_pages})")
    add("--max-depth", type=_positive, default=DEFAULTS.max_depth, metavar="N",
        help=f"deepest sitemap index nesting followed (default: {DEFAULTS.max_depth})")
    add("--max-hosts", type=_positive, default=DEFAULTS.max_hosts, metavar="N",
        help=f"distinct hosts visited at most (default: {DEFAULTS.max_hosts})")
    add("--concurrency", type=_positive, default=DEFAULTS.fetch.concurrency, metavar="N",
        help=f"requests in flight overall (default: {DEFAULTS.fetch.concurrency})")
    add("--per-host", type=_positive, default=DEFAULTS.fetch.per_host, metavar="N",
        help=f"requests in flight per host (default: {DEFAULTS.fetch.per_host})")
    add("--timeout", type=_seconds, default=DEFAULTS.fetch.timeout, metavar="SECONDS",
        help=f"deadline for each whole response, body included (default: {DEFAULTS.fetch.timeout:g})")
    add("--max-bytes", type=_positive, default=DEFAULTS.fetch.max_bytes, metavar="N",
        help=f"largest decoded body accepted (default: {DEFAULTS.fetch.max_bytes})")
    add("--retries", type=int, default=DEFAULTS.fetch.retries, metavar="N",
        help=f"retries after connection errors, 429 and 503 (default: {DEFAULTS.fetch.retries})")
    add("--no-cloaking", action="store_true", help="fetch each page once, as a browser, without cloaking checks")
    add("--http-backend", choices=("aiohttp", "httpx"), default=DEFAULTS.fetch.backend,
        help=f"HTTP transport under httpx (default: {DEFAULTS.fetch.backend}; see bench/fetch_bench.py)")


def _positive(value: str) -> int:
    """A whole number of 1 or more (argparse would name this function in its message for a ValueError)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return number


def _seconds(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of seconds, not {value!r}") from None
    if not math.isfinite(number) or number <= 0:
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, not {value}")
    return number


def _targets(args: argparse.Namespace) -> list[str]:
    local = [p for p in args.paths if not is_url(p)]
    if local:
        raise ScannerError(f"usage: cannot scan files and URLs together ({local[0]!r} is not an http(s) URL)")
    if args.history or args.db:  # the history resumes by content hash and keys targets by path: files only
        raise ScannerError("usage: --history and --db record scans of files; a site audit is not recorded "
                           "(compare two audits with --baseline instead)")
    targets = list(args.paths)
    for target in targets:
        _check_url(target, "")
    if args.urls:
        for number, line in enumerate(_url_lines(args.urls), 1):
            line = _TRAILING_COMMENT.sub("", line).strip()
            if not line or line.startswith("#"):
                continue
            if not is_url(line):
                raise SourceError(f"{args.urls}:{number}: not an http(s) URL: {line!r}")
            _check_url(line, f"{args.urls}:{number}: ")
            targets.append(line)
        if not targets:
            raise SourceError(f"{args.urls}: no URL in it (one per line; # starts a comment)")
    return targets


#: '# note' after a URL and white space (a '#' inside an address is its fragment).
_TRAILING_COMMENT = re.compile(r"\s+#.*")


def _url_lines(listing: Path) -> list[str]:
    """The lines of --urls FILE (standard input for ``-``), without a byte-order mark a Windows editor left."""
    try:
        text = sys.stdin.read() if str(listing) == "-" else listing.read_text(encoding="utf-8")
    except OSError as error:
        raise SourceError(f"{listing}: cannot read: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise SourceError(f"{listing}: cannot read: not UTF-8 ({error.reason} at byte {error.start})") from None
    return text.removeprefix("\ufeff").splitlines()


def _check_url(url: str, where: str) -> None:
    """A URL that cannot even be parsed is a user error, reported before any fetching."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as error:
        raise SourceError(f"{where}{url}: bad URL: {error}") from None
    if not parts.hostname:
        raise SourceError(f"{where}{url}: bad URL: no host name")
    if any(character.isspace() for character in url):
        raise SourceError(f"{where}{url!r}: bad URL: white space (write it as %20)")
    if parts.username is not None or parts.password is not None:
        # named without them, since every report names the page by its address
        shown = parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()
        raise SourceError(f"{where}{shown}: {CREDENTIALS_REFUSED}; audit a copy the scanner can reach without a password")


def _options(args: argparse.Namespace) -> AuditOptions:
    try:
        allowed = frozenset(parse_endpoint(value) for value in args.allow_address)
    except ValueError as error:
        raise ScannerError(f"usage: --allow-address: {error}") from None
    fetch = FetchOptions(timeout=args.timeout, max_bytes=args.max_bytes, retries=max(args.retries, 0),
                         concurrency=args.concurrency, per_host=args.per_host, allow_private=args.allow_private,
                         allowed=allowed, respect_robots=not args.ignore_robots, backend=args.http_backend)
    if args.jobs is not None and args.jobs < 1:
        raise ScannerError(f"usage: --jobs must be at least 1, not {args.jobs}")
    jobs = args.jobs or default_jobs()  # the fetching process and jobs - 1 scanning ones
    return AuditOptions(fetch=fetch, max_pages=args.max_pages, max_depth=args.max_depth,
                        max_hosts=args.max_hosts, cloaking=not args.no_cloaking, scan_processes=jobs - 1)


def _progress(err: Console) -> Progress:
    return Progress(SpinnerColumn(), TextColumn("auditing"), TextColumn("{task.completed} pages"),
                    TextColumn("[red]{task.fields[errors]} errors"), TextColumn("[yellow]{task.fields[findings]} findings"),
                    TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal)


def _audit_tail(state: AuditState, interrupted: bool) -> dict:
    return {"campaigns": [c.as_dict() for c in state.campaigns.found()],
            "failed": [{"source": s, "reason": r} for s, r in state.failed],
            "skipped_pages": state.skipped, "skipped": [{"source": s, "reason": r} for s, r in state.passed_over],
            "interrupted": interrupted}


#: Skipped pages named in the console summary.
SKIPS_SHOWN = 20


def print_audit_summary(console: Console, state: AuditState) -> None:
    """Campaigns, then failed pages; the counts are in the scan summary printed before."""
    campaigns = state.campaigns.found()
    if campaigns:
        table = Table(title="Campaigns (the same injection on several pages)", header_style="bold")
        for column in ("pages", "kind", "injection", "rules", "seen"):
            table.add_column(column)
        for c in campaigns:
            key = c.key if len(c.key) <= 60 else c.key[:59] + "…"
            table.add_row(str(c.count), c.kind, key, ", ".join(sorted(c.rules)), f"{c.first_seen}\n{c.last_seen}")
        console.print(table)
    if state.failed:
        console.print(f"[bold red]{len(state.failed)} page(s) failed:[/]")
        for source, reason in state.failed:
            console.print(f"  {source}: {reason}", highlight=False, markup=False)
    if state.skipped:
        console.print(f"{state.skipped} page(s) skipped:", highlight=False)
        for source, reason in state.passed_over[:SKIPS_SHOWN]:
            console.print(f"  {source}: {reason}", highlight=False, markup=False)
        if state.skipped > SKIPS_SHOWN:
            console.print(f"  … and {state.skipped - SKIPS_SHOWN} more (all of them named in --format json, up to "
                          f"{LISTED_SKIPS})", highlight=False, markup=False)


def run_audit(args: argparse.Namespace, out: Console, err: Console) -> int:
    """Audit the URL targets; stream console, JSON or JSON Lines output, or write one SARIF/Markdown/JUnit/HTML report at the end."""
    scanner = scanner_from(args)
    targets, options = _targets(args), _options(args)
    state, summary, kept = AuditState(), Summary(skipped_what=SKIPPED_PAGES, fail_on=scanner.config.fail_on), []
    stream: IO[str] | None = None
    if args.format in ("jsonl", "json"):
        stream = open_lines(args.output)
    with report_output(args.output, stream):
        report = JsonStream(stream) if stream is not None and args.format == "json" else None
    recorder = out if args.output is None else Console(record=True, width=120, force_terminal=False, file=io.StringIO())
    worst = Severity.INFO

    async def run(progress: Progress) -> None:
        nonlocal worst
        task = progress.add_task("audit", total=None, errors=0, findings=0)
        async for result in audit(targets, scanner, options, state):
            with Interrupts.deferred():  # a partial report counts exactly the pages it lists
                summary.add(result)
                worst = max([worst, *(f.severity for f in result.findings)])
                with report_output(args.output, stream):
                    if report is not None:
                        report.add(result)
                    elif stream is not None:
                        stream.write(json.dumps(document_dict(result), ensure_ascii=False) + "\n")
                        stream.flush()
                    elif args.format == "console":
                        console_report.print_document(recorder, result, args.show_clean)
                    else:
                        kept.append(kept_for_report(result, args.format))
            progress.update(task, advance=1, errors=len(state.failed), findings=state.findings)

    interrupted = False

    async def until_interrupted(progress: Progress) -> None:
        """``run``, ended by Ctrl-C or SIGTERM as a cancellation at its next ``await``: a KeyboardInterrupt raised
        by the signal handler could land anywhere in the event loop (starting a scan process, say) and leave
        tasks that are never finished."""
        loop, task = asyncio.get_running_loop(), asyncio.current_task()
        assert task is not None

        def stop() -> None:
            nonlocal interrupted
            interrupted = True
            task.cancel()

        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop)
        try:
            await run(progress)
        except asyncio.CancelledError:
            if not interrupted:
                raise

    try:
        with _progress(err) as progress:
            asyncio.run(until_interrupted(progress))
    except KeyboardInterrupt:  # before the loop's handlers were in place
        interrupted = True
    for signum in (signal.SIGINT, signal.SIGTERM):  # the closed loop put the defaults back
        signal.signal(signum, Interrupts.handle)
    if interrupted:
        err.print("scanner: interrupted; the report covers the pages done so far", highlight=False)
    with report_output(args.output, stream):
        _finish(args, stream, report, recorder, summary, state, kept, scanner, interrupted)
    if interrupted:
        return EXIT_INTERRUPTED
    if state.failed:
        return EXIT_FAILED_PAGES
    return EXIT_FINDINGS if summary.findings and worst >= scanner.config.fail_on else EXIT_OK


def _finish(args: argparse.Namespace, stream: IO[str] | None, report: JsonStream | None, recorder: Console,
            summary: Summary, state: AuditState, kept: list[DocumentResult], scanner: Scanner, interrupted: bool) -> None:
    summary.skipped = state.skipped  # pages not scanned, as a file scan counts files of other types
    summary.interrupted = interrupted
    if stream is not None:
        if report is not None:
            report.close(summary, audit=_audit_tail(state, interrupted))
        else:
            stream.write(json.dumps({"summary": summary.as_dict(), **_audit_tail(state, interrupted)}, ensure_ascii=False) + "\n")
        if stream is not sys.stdout:
            stream.close()
        return
    if args.format == "console":
        console_report.print_summary(recorder, summary)
        print_audit_summary(recorder, state)
        if args.output is not None:
            _write(args.output, recorder.export_text())
        return
    rendered = RENDERERS[args.format](kept, summary, {**scanner.rule_infos(), **{i.id: i for i in CLOAKING_RULES}})
    if args.output is None:
        sys.stdout.write(rendered)
    else:
        _write(args.output, rendered)


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise write_failed(path, error) from None
