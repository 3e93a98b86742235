"""The `linter44s` command.  Exit codes: 0 clean, 1 findings, 2 usage or
configuration error, or an internal error (a bug: even with --exit-zero)."""

from __future__ import annotations

import io
import os
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from linter44s import __version__
from linter44s.config import ConfigError, resolve
from linter44s.diagnostics import RunResult
from linter44s.snapshot import not_on_terminal

if TYPE_CHECKING:
    from linter44s.cache import FolderListings
    from linter44s.config import Settings
    from linter44s.diagnostics import FileError
    from linter44s.discovery import FolderSeen
    from linter44s.engine import FileReport, RunOptions
    from linter44s.postrun import Extras as _Extras
    from linter44s.resolution import Resolver
    from linter44s.workers import Workers

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _fail(message: str) -> NoReturn:
    click.echo(f"linter44s: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _exit_code(result: RunResult, exit_zero: bool, reported: bool | None = None) -> int:
    """`reported`: what counts as findings when not the result's own (a --diff patch)."""
    if any(error.internal for error in result.errors):
        return EXIT_USAGE  # a bug in linter44s: a run that may have missed findings never passes
    if reported is None:
        reported = bool(result.diagnostics or result.errors)
    return EXIT_CLEAN if exit_zero or not reported else EXIT_FINDINGS


def _codes(values: tuple[str, ...], option: str) -> tuple[str, ...]:
    """The codes of an option given once or more (merged: `--select A --select B` is `--select A,B`)."""
    if not values:
        return ()
    from linter44s.registry import expand_selector

    items = tuple(v.strip() for value in values for v in value.split(",") if v.strip())
    for item in items:
        if not expand_selector(item):
            _fail(f"{option}: unknown rule code or prefix `{item}` (see `linter44s rules`)")
    return items


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="linter44s")
def main() -> None:
    """Find the Redis mistakes in Python and JavaScript/TypeScript code."""


def _formats() -> list[str]:
    from linter44s.output import FORMATS

    return list(FORMATS)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--select", multiple=True,
              help="Rules to run: codes or prefixes (RDS101, RDS4, RDS, ALL), comma-separated; replaces the configuration's select, extend-select and ignore. Repeated: merged.")
@click.option("--ignore", multiple=True, help="Rules to skip, comma-separated, on top of the configuration's. Repeated: merged.")
@click.option("--extend-select", multiple=True, help="Rules to run on top of the selected ones. Repeated: merged.")
@click.option("--fix", is_flag=True, help="Apply safe fixes.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, also apply fixes that may change behaviour.")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; change nothing.")
@click.option("--output-format", type=click.Choice(_formats()), default="text", show_default=True)
@click.option("--statistics", is_flag=True, help="Count findings per rule instead of listing them.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when something is reported.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")
@click.option("--cache-dir", type=click.Path(file_okay=False), help="Where the cache lives (default .linter44s_cache).")
@click.option("--config", "config_file", type=click.Path(), help="Use this configuration file.")
@click.option("--force-exclude", is_flag=True, help="Honour `exclude` for files named on the command line too (pre-commit).")
@click.option("--stdin-filename", help="Check standard input as if it were this file.")
@click.option("--jobs", "-j", type=click.IntRange(0, 64), default=0, help="Worker processes (0: one per core).")
@click.option("--quiet", "-q", is_flag=True, help="Print findings only, no summary or frames.")
@click.option("--file-timeout", type=click.FloatRange(0, 3600, min_open=True), metavar="SECONDS",
              help="Give up on a file that takes longer than this (default 10, or `file-timeout`); it becomes one error line.")
@click.option("--verbose", "-v", is_flag=True, help="Also say, on stderr, how many files were checked or answered from the cache.")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False),
              help="Report only findings this baseline does not hold (default: `baseline` in the configuration).")
@click.option("--write-baseline", type=click.Path(dir_okay=False), help="Record the current findings in this baseline file.")
@click.option("--add-noqa", is_flag=True, help="Add a suppression comment on each current finding's line.")
@click.option("--inspect-report", type=click.Path(dir_okay=False), metavar="REPORT.json",
              help="Add the runtime evidence of a saved `linter44s inspect --output-format json` to the findings.")
def check(paths, select, ignore, extend_select, fix, unsafe_fixes, diff, output_format, statistics, exit_zero,
          no_cache, cache_dir, config_file, force_exclude, stdin_filename, jobs, quiet, file_timeout, verbose,
          baseline_file, write_baseline, add_noqa, inspect_report) -> None:
    """Check PATHS (default: the current folder)."""
    from linter44s.resolution import Overrides, Resolver

    started = time.perf_counter()
    paths = list(paths) or ["."]
    use_stdin = stdin_filename is not None or paths == ["-"]
    start = Path(stdin_filename).parent if stdin_filename else Path(paths[0] if paths[0] != "-" else ".")
    if not start.exists():
        start = Path(".")
    if sum(map(bool, (fix or diff, add_noqa, write_baseline))) > 1:
        _fail("--fix/--diff, --add-noqa and --write-baseline each change files: use one at a time")
    chosen = Overrides(
        select=_codes(select, "--select") or None,
        extend_select=_codes(extend_select, "--extend-select"),
        ignore=_codes(ignore, "--ignore"),
        file_timeout=file_timeout,
    )
    resolver = Resolver(config_file, chosen)
    try:
        settings = resolver.for_path(start)
    except ConfigError as exc:
        _fail(str(exc))
    from linter44s.postrun import Extras

    extras = Extras(baseline_file, write_baseline, add_noqa, unsafe_fixes, quiet)

    inspected = _inspected(inspect_report)
    if use_stdin:
        sys.exit(_check_stdin(stdin_filename or "-", settings, fix, unsafe_fixes, diff, output_format, statistics, exit_zero, extras,
                              (inspect_report, inspected)))

    from linter44s.engine import RunOptions
    from linter44s.workers import Workers, worker_count

    cache = None if no_cache else (cache_dir or os.path.join(settings.root, ".linter44s_cache"))
    listings = None
    if cache is not None:
        from linter44s.cache import FolderListings, listing_token

        listings = FolderListings(Path(cache), listing_token(settings), tree=settings.root)
        if listings.problem:  # a committed link or someone else's folder: run without a cache
            click.echo(f"linter44s: warning: {listings.problem}; running without a cache", err=True)
            cache, listings = None, None
    options = RunOptions(fix=fix, unsafe_fixes=unsafe_fixes, diff=diff, jobs=jobs, cache_dir=cache)
    workers = Workers(worker_count(options))  # one pool for every settings group and pass of the run
    try:
        if _cold_tree(paths, listings):
            workers.start()  # their start and imports overlap the listing below
        reports, result, files, errors = _discover_and_check(
            paths, settings, resolver, force_exclude, listings, options, (output_format, quiet), workers)
    finally:
        workers.close()
    # A run whose output goes to no terminal may be kept for replay (snapshot.py).
    record_as = (click.get_current_context().obj or {}).get("record_as")
    recording = (record_as is not None and listings is not None and not (verbose or fix or diff or inspect_report)
                 and not_on_terminal())
    if inspected is not None:
        from linter44s.evidence import read_facts

        result = _with_evidence(result, inspect_report, inspected, read_facts(files, settings))
    warning = ""
    if not files and not errors:
        warning = (
            "linter44s: warning: no Python or JavaScript/TypeScript files found "
            "(build, dist, node_modules and virtualenv folders are skipped; name files to check them)\n"
        )
        sys.stderr.write(warning)
    if diff:
        patch = "".join(r.diff for r in reports)
        _printable_stdout().write(patch)
        if not patch and result.fixable_unsafe and not unsafe_fixes and not quiet:
            n = result.fixable_unsafe
            click.echo(f"No safe fixes to show; {n} unsafe fix{'es' * (n != 1)} can be shown with `--diff --unsafe-fixes`.", err=True)
        sys.exit(_exit_code(result, exit_zero, reported=bool(patch)))
    result = _after_run(result, settings, extras)
    if add_noqa or write_baseline:
        sys.exit(_exit_code(result, True))
    out = io.StringIO() if recording else None
    _render(result, output_format, statistics, extras, stream=out)
    code = _exit_code(result, exit_zero)
    if out is not None:
        sys.stdout.write(out.getvalue())
    if out is not None and record_as is not None and listings is not None:
        from linter44s import snapshot
        from linter44s.config import config_candidates
        from linter44s.postrun import baseline_of

        read = [*paths, *listings.visited, *files, *result.index_files, *config_candidates(config_file, start), *resolver.read(files)]
        if (known := baseline_of(settings, extras)) is not None:
            read.append(known)  # a new baseline changes what is reported
        snapshot.record(record_as, read, out.getvalue(), warning, code)
    if verbose:
        cached = "cache off" if cache is None else f"{result.files_checked - result.files_read:,} answered from the cache"
        click.echo(
            f"linter44s: {result.files_checked:,} files in {time.perf_counter() - started:.2f} s: "
            f"{result.files_read:,} checked ({result.files_parsed:,} parsed), {cached}, "
            f"{result.files_skipped_minified:,} skipped as minified, "
            f"{len(result.index_files):,} more indexed for what they export",
            err=True,
        )
    sys.exit(code)


def _inspected(report_path: str | None):
    """The --inspect-report file, read now: a bad one is a usage error before any work."""
    if not report_path:
        return None
    from linter44s.evidence import EvidenceError, load_report

    try:
        return load_report(report_path)
    except EvidenceError as exc:
        _fail(str(exc))


def _with_evidence(result: RunResult, report_path: str, inspected, facts: dict) -> RunResult:
    from linter44s.evidence import annotate, elsewhere_note, written_elsewhere

    note = elsewhere_note(report_path, *written_elsewhere(inspected, facts.values()))
    if note:
        click.echo(f"linter44s: note: {note}", err=True)
    return annotate(result, inspected, facts)


def _cold_tree(paths: list[str], listings: FolderListings | None) -> bool:
    """Whether this run will likely check many files itself: it names a folder
    (or many files), and no cache has listed a folder of it yet."""
    from linter44s.workers import PARALLEL_THRESHOLD

    if listings is not None and listings.known():
        return False  # a warm run: most files are answered from the cache, and may need no workers
    return len(paths) >= PARALLEL_THRESHOLD or any(os.path.isdir(p) for p in paths)


def _discover_and_check(
    paths: list[str], settings: Settings, resolver: Resolver, force_exclude: bool, listings: FolderListings | None,
    options: RunOptions, shown: tuple[str, bool], workers: Workers,
) -> tuple[list[FileReport], RunResult, list[str], list[FileError]]:
    """The files of `paths`, each settings group checked: (reports, result, files, errors)."""
    from linter44s.diagnostics import FileError
    from linter44s.discovery import discover
    from linter44s.engine import check_paths
    from linter44s.index import project_files, project_root

    files: list[str] = []
    errors: list[FileError] = []
    for item in discover(paths, settings, force_exclude, listings, _checked_ahead(resolver, workers, options)):
        if isinstance(item, FileError):
            errors.append(item)
        else:
            files.append(item)
    if listings is not None:
        listings.flush()
    if options.fix and not options.diff:
        from linter44s.atomic import remove_leftovers

        remove_leftovers(files)  # temporary files a killed --fix run left beside these files
    try:
        groups = resolver.groups(files)
    except ConfigError as exc:
        _fail(str(exc))
    # The project index (index.py) of each group's project; none needed where every file of it is named.
    named = {os.path.abspath(p) for p in paths}
    options.project_of = lambda s: (None if project_root(s) in named
                                    else lambda: project_files(project_root(s), s, listings))
    progress = _progress_bar(*shown) if len(files) > 200 else None
    if progress is not None:
        with progress as bar:
            task = bar.add_task("Checking", total=len(files))
            options.progress = lambda done, total: bar.update(task, completed=done)
            reports, result = _check_groups(groups, options, check_paths, workers)
    else:
        reports, result = _check_groups(groups, options, check_paths, workers)
    result.errors = errors + result.errors
    if listings is not None and result.index_files:
        listings.flush()  # the folders the project index listed
    return reports, result, files, errors


def _checked_ahead(resolver: Resolver, workers: Workers, options: RunOptions) -> FolderSeen:
    """What discovery tells of each folder it lists: the resolver notes its settings
    files and, on a pool already running, the folder's files start being checked
    with the settings they get, while the rest of the tree is listed.  (Not for
    --fix or --diff, whose runs check each file once more, knowing what it imports.)"""
    from linter44s.engine import first_job

    ahead = workers.running and not (options.fix or options.diff)

    def seen(folder: str, names: tuple[str, ...], found: list[str]) -> None:
        nonlocal ahead
        resolver.saw(folder, names)
        if not (ahead and found):
            return
        try:
            here = resolver.of_file(found[0])  # a folder's files share its settings
        except ConfigError:
            ahead = False  # the grouping after discovery reports it
            return
        workers.ahead([first_job(path, here, options) for path in found])

    return seen


def _check_groups(groups, options, check_paths, workers):
    """Each group of files with its own settings (per-file configuration), as one run."""
    from linter44s.resolution import merged

    reports, results = [], []
    for settings, files in groups:
        project = options.project_of(settings) if options.project_of is not None else None
        got, result = check_paths(files, settings, replace(options, project=project), workers)
        reports += got
        results.append(result)
    if not results:
        return [], RunResult([], [])
    return reports, merged(results)


def _after_run(result: RunResult, settings, extras: _Extras, texts=None) -> RunResult:
    from linter44s.postrun import Texts, after_run

    try:
        return after_run(result, settings, extras, Texts(texts))
    except Exception as exc:
        from linter44s.baseline import BaselineError  # here: only a run with a baseline loads it

        if not isinstance(exc, BaselineError):
            raise
        _fail(str(exc))


def _check_stdin(path, settings, fix, unsafe_fixes, diff, output_format, statistics, exit_zero, extras: _Extras,
                 evidence=(None, None)) -> int:
    from linter44s.budget import OutOfTime, timed_out, within
    from linter44s.engine import FileReport, fix_source, lint_source_bytes, stdin_language, summarize

    raw = sys.stdin.buffer.read()
    report, source = lint_source_bytes(raw, path, settings)
    if (fix or diff) and source is not None:
        try:
            with within(settings.file_timeout):
                report = fix_source(source, settings, unsafe_fixes, language=stdin_language(path), first=report)
        except OutOfTime as exc:
            report = FileReport(path, error=timed_out(path, exc.seconds))
        fixed = report.fixed_text if report.fixed_text is not None else source.text
        if diff:
            import difflib

            patch = "".join(difflib.unified_diff(source.text.splitlines(True), fixed.splitlines(True), f"a/{path}", f"b/{path}"))
            _printable_stdout().write(patch)
        else:
            sys.stdout.buffer.write(fixed.encode(source.encoding))
        result = summarize([report], unsafe_fixes)
        result = _after_run(result, settings, replace(extras, add_noqa=False, write_baseline=None), {path: fixed})
        # The fixed source owns stdout; what is left goes to stderr.
        _render(result, output_format, statistics, extras, stream=sys.stderr, texts={path: fixed})
    else:
        result = summarize([report], unsafe_fixes)
        texts = {path: source.text} if source else None
        if extras.add_noqa:
            _fail("--add-noqa changes files: it cannot read standard input")
        if evidence[1] is not None:
            from linter44s.engine import facts_of

            facts = facts_of(source.text, path, settings) if source else None
            result = _with_evidence(result, evidence[0], evidence[1], {path: facts} if facts else {})
        result = _after_run(result, settings, extras, texts)
        _render(result, output_format, statistics, extras, texts=texts)
    return _exit_code(result, exit_zero)


def _printable_stdout():
    from linter44s.output.printable import PrintableStream

    return PrintableStream(sys.stdout)


def _progress_bar(output_format: str, quiet: bool):
    if output_format != "text" or quiet or not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=Console(stderr=True), transient=True,
    )


def _render(result: RunResult, output_format: str, statistics: bool, extras: _Extras, stream=None, texts=None) -> None:
    from linter44s.output import RenderOptions, renderer
    from linter44s.output.printable import PrintableStream
    from linter44s.sources import read

    # A StringIO (a recorded run) is written to stdout afterwards: made printable for it.
    stream = PrintableStream(stream or sys.stdout, getattr(stream, "encoding", None) or sys.stdout.encoding)
    sources = dict(texts or {})
    wants_source = output_format in ("text", "json", "sarif", "gitlab") and not statistics
    if wants_source:
        for d in result.diagnostics:
            if d.path not in sources and (output_format != "json" or d.fix is not None):
                loaded = read(d.path)
                sources[d.path] = loaded.text if hasattr(loaded, "text") else None
    color = stream.isatty() and "NO_COLOR" not in os.environ
    options = RenderOptions(
        color=color, show_fixes=not extras.quiet, statistics=statistics, unsafe_fixes=extras.unsafe_fixes,
        cwd=os.getcwd(), sources=sources, summary=not extras.quiet,
    )
    renderer(output_format)(result, stream, options)


@main.command()
@click.argument("code")
@click.option("--output-format", type=click.Choice(["text", "json", "markdown"]), default="text")
def rule(code: str, output_format: str) -> None:
    """Explain one rule: what it flags, why, and what to write instead."""
    from linter44s.docs import rule_markdown, rule_to_dict
    from linter44s.registry import RULES

    found = RULES.get(code.upper()) or next((r for r in RULES.values() if r.name == code), None)
    if found is None:
        _fail(f"unknown rule `{code}` (see `linter44s rules`)")
    if output_format == "json":
        import json

        click.echo(json.dumps(rule_to_dict(found), indent=2))
    elif output_format == "markdown" or not sys.stdout.isatty():
        click.echo(rule_markdown(found))
    else:
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(rule_markdown(found)))


@main.command()
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text")
def rules(output_format: str) -> None:
    """List every rule."""
    from linter44s.docs import rule_to_dict
    from linter44s.registry import RULES

    if output_format == "json":
        import json

        click.echo(json.dumps([rule_to_dict(r) for r in RULES.values()], indent=2))
        return
    for r in RULES.values():
        on = "on " if r.default else "off"
        click.echo(f"{r.code}  {r.name:<28} {r.level:<8} {on}  fix: {r.fix}")


@main.command("inspect")
@click.option("--url", help="The server: redis://[user@]host:port/db or rediss://... (default: REDIS_URL). "
              "The password comes from the URL or REDIS_PASSWORD and is never shown.")
@click.option("--sample", type=click.IntRange(0, 10_000_000), default=5000, show_default=True,
              help="Keys to sample with SCAN (over all primaries of a cluster); 0 skips the keyspace.")
@click.option("--time-budget", type=click.FloatRange(0, 3600, min_open=True), default=10.0, show_default=True,
              metavar="SECONDS", help="Stop sampling after this long, whatever --sample says.")
@click.option("--timeout", type=click.FloatRange(0, 600, min_open=True), default=5.0, show_default=True, metavar="SECONDS",
              help="Give up on connecting, or on any one reply, after this long.")
@click.option("--min-hit-rate", type=click.FloatRange(0, 1), metavar="RATE",
              help="Exit 1 when the hit rate is below this (0.9 for 90%): a CI or cron gate.")
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--config", "config_file", type=click.Path(), help="Use this configuration file (for `key-pattern`).")
@click.option("--tls-ca-cert", type=click.Path(dir_okay=False), help="With rediss://: trust this CA certificate (a private CA).")
def inspect_command(url, sample, time_budget, timeout, min_hit_rate, output_format, config_file, tls_ca_cert) -> None:
    """Look at a live Redis, read-only: hit rate, key families, commands, connections."""
    from linter44s.inspect.cli import run_inspect

    try:
        settings = resolve(config_file, Path("."))
    except ConfigError as exc:
        _fail(str(exc))
    sys.exit(run_inspect(url, sample, time_budget, timeout, min_hit_rate, output_format, settings, tls_ca_cert))


@main.command()
def server() -> None:
    """Run the language server on stdio (for editors)."""
    try:
        from linter44s.adapters.lsp_server import main as serve
    except ImportError as exc:
        _fail(f"the language server needs pygls: pip install 'linter44s[lsp]' ({exc})")
    serve()


def entry(argv: list[str] | None = None, record: bool = False) -> None:
    """The command line (launch.py is the console script): a bug is one line
    and exit 2, never a traceback.  With `record`, a check run may be kept
    for replay (snapshot.py)."""
    try:
        main(args=argv, obj={"record_as": argv if record else None})
    except Exception as exc:
        if os.environ.get("LINTER44S_DEBUG"):
            raise
        click.echo(f"linter44s: internal error, please report it: {type(exc).__name__}: {exc} (LINTER44S_DEBUG=1 shows the traceback)", err=True)
        sys.exit(EXIT_USAGE)


if __name__ == "__main__":
    entry()
