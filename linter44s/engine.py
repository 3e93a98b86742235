"""The one road every file takes: read -> prefilter -> frontend -> facts ->
checks -> suppress -> diagnostics (-> fixes).

`lint_text` is the whole road for one text (the CLI's stdin mode, the
flake8 plugin and the editor server call it); `run_job` is it for one file;
`check_paths` runs that over a tree, in worker processes (workers.py), with
cross-module client tracking and the cache.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from linter44s import __version__, index
from linter44s.budget import OutOfTime, paused, timed_out, within
from linter44s.config import Settings
from linter44s.diagnostics import Diagnostic, FileError, Finding, RunResult, SourceError
from linter44s.fixer import applicable, fix_pass, recreated, write_atomic
from linter44s.prefilter import Mentions
from linter44s.registry import META
from linter44s.sources import Source, decode, language_of, looks_minified, read, read_bytes
from linter44s.stamps import Stamp
from linter44s.stamps import stamp as path_stamp

if TYPE_CHECKING:
    from linter44s.checks import CheckFailure
    from linter44s.facts import Export, External, FileFacts, ImportedName
    from linter44s.workers import Workers

_MAX_FIX_PASSES = 10


@dataclass(frozen=True)
class FileReport:
    path: str
    diagnostics: tuple[Diagnostic, ...] = ()
    error: FileError | None = None
    analyzed: bool = False
    # For cross-module client tracking.
    exported: tuple[Export, ...] = ()
    imports: tuple[tuple[str, str, str], ...] = ()  # (local, module, name): plain tuples pickle fast
    fixes_applied: int = 0
    diff: str = ""
    fixed_text: str | None = None
    skipped_minified: bool = False  # generated JS left unchecked (sources.looks_minified); counted in the summary
    # Left unanalysed: no rule that runs on it can report anything here (reportable.py).
    # Its exports are unknown until a job asks for them (Job.whole).
    deferred: bool = False
    # Told of imported clients it never uses (index.used): its plain report stands, and this one
    # (the pass over linked files, engine._check_all) only says so.
    unlinked: bool = False
    digest: str = ""  # sha256 of the bytes analysed, when the job asked (the cache keys by it)


def may_talk_to_redis(text: str, settings: Settings, external: tuple = (), mentions: Mentions | None = None) -> bool:
    """The prefilter (see prefilter.py); a file told of imported clients always passes."""
    return bool(external) or (mentions or Mentions(text, settings)).anywhere()


def _analyze(text: str, path: str, language: str, settings: Settings, external, focus: bool = True, mentions=None):
    # Imported here: a warm run answered from the cache never needs a frontend.
    ready(language, analyse=True)
    if language == "python":
        import warnings

        from linter44s.python.frontend import analyze as analyze_python

        with warnings.catch_warnings():  # `1if x else 2` warns while parsing: the checked code's business, not ours
            warnings.simplefilter("ignore", SyntaxWarning)
            return analyze_python(text, path, settings, external, focus, mentions)
    from linter44s.javascript.frontend import analyze as analyze_js  # only runs that meet JS pay for it

    return analyze_js(text, path, settings, external)


@lru_cache(maxsize=64)
def _absolute(root: str) -> str:
    return os.path.abspath(root)


def relative_all(paths: list[str], root: str) -> list[str]:
    """`relative` for many paths: where the working folder sits is worked out once."""
    cwd = os.getcwd()
    here = "" if os.path.normcase(cwd) == os.path.normcase(_absolute(root)) else relative(cwd, root)
    if os.path.isabs(here):  # working outside the root
        return [relative(p, root) for p in paths]
    prefix = here + "/" if here else ""
    return [prefix + p if _plain_path(p) else relative(p, root) for p in paths]


def _plain_path(path: str) -> bool:
    """A relative path with no `.`, `..` or doubled separator in it, as discovery yields."""
    return os.sep == "/" and not path.startswith("/") and "/." not in "/" + path and "//" not in path


def relative(path: str, root: str) -> str:
    """`path` relative to `root` with forward slashes, or as given when outside it."""
    full = os.path.join(os.getcwd(), path) if _plain_path(path) else os.path.abspath(path)
    base = _absolute(root).rstrip(os.sep) + os.sep
    if not full.startswith(base):
        return Path(path).as_posix()
    return full[len(base) :].replace(os.sep, "/")


def _diagnostic(finding: Finding, path: str) -> Diagnostic:
    rule = META[finding.code]
    return Diagnostic(finding.code, rule.name, rule.level, finding.message, path, finding.span, finding.fix, rule.url, finding.anchor_line)


def lint_text(
    text: str,
    path: str,
    settings: Settings,
    *,
    external: tuple = (),
    language: str | None = None,
    prefilter: bool = True,
    whole: bool = False,
) -> FileReport:
    """Check one decoded text as if it were the file at `path`.  `whole`: analyse
    it even where no rule can report (another module asks what it exports)."""
    language = language or language_of(path)
    if language is None:
        return FileReport(path)  # neither Python nor JS/TS (a .d.ts, a README named by pre-commit)
    if external:
        external = index.used(external, text)  # every invocation judges a file by what it uses
    mentions = Mentions(text, settings)  # lower-cases the text once, if needed, for the prefilter and the frontend
    if prefilter and not may_talk_to_redis(text, settings, external, mentions):
        return _unparsed(text, path, language)
    relpath = relative(path, settings.root)
    codes = settings.codes_for(relpath)
    from linter44s.reportable import unreportable  # here: a run answered from the cache reads no rule

    if prefilter and not whole and unreportable(text, mentions.lowered or text.lower(), language, codes, settings.is_test_path(relpath)):
        return replace(_unparsed(text, path, language), deferred=True)
    if language == "javascript" and looks_minified(path, text):
        return FileReport(path, skipped_minified=True)  # generated: see sources.looks_minified
    try:
        facts, syntax = _analyze(text, path, language, settings, external, focus=prefilter, mentions=mentions)
    except SourceError as exc:
        return FileReport(path, error=FileError(path, exc.message, exc.line, exc.col))
    from linter44s import profiles
    from linter44s.checks import Context, run_checks

    ctx = Context(settings, syntax, relpath, settings.is_test_path(relpath), profiles.for_text(text, language))
    from linter44s import hygiene

    # RDS001 judges each suppressed code: the rules a comment names run too, their findings only counted.
    judged = hygiene.named_codes(facts.suppressions, frozenset(META)) if hygiene.OWN & codes else frozenset()
    found, failures = run_checks(facts, ctx, codes | judged)
    # A name imported from a project module may be a client only a whole-project run knows of:
    # then an unused-looking suppression is not judged (precision first; the flake8 plugin and the editor see one file).
    judge = not facts.imports or bool(external)
    kept = hygiene.apply(found, facts.suppressions, codes, text, "python" if language == "python" else "javascript", judge)
    diagnostics = sorted((_diagnostic(f, path) for f in kept), key=lambda d: d.sort_key)
    error = _failed_checks(path, failures) if failures else None
    return FileReport(path, tuple(diagnostics), error, analyzed=True, exported=facts.exports, imports=_plain(facts.imports))


def _unparsed(text: str, path: str, language: str) -> FileReport:
    """A file left unparsed still says what it imports from the project: it may
    import a client another module exports, and be checked again knowing it."""
    if language == "python":
        from linter44s.python.imports import from_imports

        return FileReport(path, imports=from_imports(text))
    from linter44s.javascript.imports import relative_imports

    return FileReport(path, imports=relative_imports(text))


def facts_of(text: str, path: str, settings: Settings) -> FileFacts | None:
    """The facts of one text, for tools beside the checks (`check --inspect-report`
    reads the key templates); None when no frontend reads it, the prefilter
    finds no Redis in it, or it cannot be parsed in its time budget."""
    language = language_of(path)
    mentions = Mentions(text, settings) if language else None
    if language is None or not may_talk_to_redis(text, settings, (), mentions):
        return None
    try:
        with within(settings.file_timeout):
            facts, _ = _analyze(text, path, language, settings, (), mentions=mentions)
    except (SourceError, OutOfTime):
        return None
    return facts


def _failed_checks(path: str, failures: list[CheckFailure]) -> FileError:
    rules = ", ".join(f"{f.code} ({META[f.code].name})" if f.code in META else f.code for f in failures)
    why = "; ".join(f.message for f in failures)
    message = f"internal error in rule {rules}, please report it: {why} (the other rules' findings are shown)"
    return FileError(path, message, internal=True)


def _plain(imports: tuple[ImportedName, ...]) -> tuple[tuple[str, str, str], ...]:
    return tuple((i.local, i.module, i.name) for i in imports)


def fix_source(
    source: Source, settings: Settings, unsafe: bool, external: tuple = (), language: str | None = None,
    first: FileReport | None = None,
) -> FileReport:
    """Fix a text until nothing more applies; report what is left.  `first`:
    the report of the unfixed text, when the caller has it already."""
    language = language or language_of(source.path)
    if language is None:
        return FileReport(source.path)
    text = source.text
    report = first or lint_text(text, source.path, settings, external=external, language=language)
    applied = 0
    for _ in range(_MAX_FIX_PASSES):
        if report.error is not None:
            break
        fixed, done = fix_pass(text, report.diagnostics, unsafe, language, source.path)
        if not done or fixed == text:
            break
        text, applied = fixed, applied + len(done)
        report = lint_text(text, source.path, settings, external=external, language=language)
        if recreated(done, report.diagnostics, unsafe):
            break  # a fix that brings its finding back would be applied again and again
    return replace(report, fixes_applied=applied, fixed_text=text if text != source.text else None)


@dataclass(frozen=True)
class Job:
    path: str
    settings: Settings
    fix: bool = False
    unsafe: bool = False
    diff: bool = False
    external: tuple[External, ...] = ()  # what the names it imports from the project are
    exhaustive: bool = False  # parse every file, prefilter or not (tests prove they agree)
    digest: bool = False  # report the sha256 of the bytes analysed
    whole: bool = False  # analyse even a file no rule can report in: its exports are asked for (index.py)


def run_job(job: Job) -> FileReport:
    """One file, whatever happens: an internal error is that file's error line, not the run's end."""
    try:
        return _run_job(job)
    except Exception as exc:  # noqa: BLE001 - a bug in one check must not lose the other files
        message = f"internal error, please report it: {type(exc).__name__}: {exc}"
        return FileReport(job.path, error=FileError(job.path, message, internal=True))


# What checking a file of each language imports on first use (see ready): to
# read it (every file) and to analyse it (only files the prefilter lets through,
# so a tree of files that never mention Redis imports no frontend).
_LOADED_BY = {
    ("python", False): ("tokenize", "linter44s.python.imports"),
    ("python", True): ("linter44s.python.frontend",),
    ("javascript", False): ("linter44s.javascript.imports",),
    ("javascript", True): ("linter44s.javascript.frontend",),
}
_ready_for: set[tuple[str, bool]] = set()


def ready(language: str | None, analyse: bool = False) -> None:
    """Import what reading (or analysing) a file needs, with the file's clock
    stopped: start-up is not the file's fault, and an import cut short by the
    budget must not leave the rule catalog half loaded for every file after it."""
    if language is None or (language, analyse) in _ready_for:
        return
    import importlib

    with paused():
        for name in _LOADED_BY[(language, analyse)]:
            importlib.import_module(name)
        if analyse:
            from linter44s import checks

            checks._load_all()
    _ready_for.add((language, analyse))


def _run_job(job: Job) -> FileReport:
    ready(language_of(job.path))
    try:
        # The budget covers reading and checking, never the write below: a half-written file is worse than a slow one.
        with within(job.settings.file_timeout):
            loaded = read(job.path)
            if isinstance(loaded, FileError):
                return FileReport(job.path, error=loaded)
            if not (job.fix or job.diff):
                external = index.used(job.external, loaded.text) if job.external else ()
                if job.external and not external:
                    report = FileReport(job.path, unlinked=True)  # the caller has its plain report
                else:
                    report = lint_text(
                        loaded.text, job.path, job.settings, external=external, prefilter=not job.exhaustive,
                        whole=job.whole,
                    )
                if job.digest:  # the cache keys by what was read here, not what the caller read before
                    import hashlib

                    report = replace(report, digest=hashlib.sha256(loaded.raw).hexdigest())
                return report
            first = lint_text(loaded.text, job.path, job.settings, external=job.external)
            report = fix_source(loaded, job.settings, job.unsafe, job.external, first=first)
    except OutOfTime as exc:
        return FileReport(job.path, error=timed_out(job.path, exc.seconds))
    if report.fixed_text is None:
        return report
    if job.diff:
        import difflib

        diff = "".join(
            difflib.unified_diff(
                loaded.text.splitlines(keepends=True),
                report.fixed_text.splitlines(keepends=True),
                fromfile=f"a/{job.path}",
                tofile=f"b/{job.path}",
            )
        )
        return replace(report, diff=diff, fixed_text=None)
    try:
        write_atomic(job.path, report.fixed_text, loaded.encoding)
    except OSError as exc:  # the file is as it was: so are its findings
        return replace(first, error=FileError(job.path, f"cannot write the fixed file: {exc.strerror or exc}"))
    return replace(report, fixed_text=None)


@dataclass
class RunOptions:
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    jobs: int = 0  # 0: one per core
    cache_dir: str | None = None  # None: no cache
    progress: Callable[[int, int], None] | None = None
    exhaustive: bool = False  # no prefilter, no workers: the plain road, for comparison
    # The project's files (index.py), asked for only when a checked file imports from the project.
    project: Callable[[], list[str]] | None = None
    # The CLI's way to get `project` for each group of files that shares settings.
    project_of: Callable[[Settings], Callable[[], list[str]] | None] | None = None


def first_job(path: str, settings: Settings, options: RunOptions) -> Job:
    """The job of a file's plain report in a run with these options, as check_paths
    makes it: the CLI starts these while discovery still lists folders (Workers.ahead)."""
    return Job(path, settings, exhaustive=options.exhaustive, digest=bool(options.cache_dir))


def check_paths(
    files: Iterable[str], settings: Settings, options: RunOptions, workers: Workers | None = None
) -> tuple[list[FileReport], RunResult]:
    """Check these files (already discovered) and apply fixes as asked.
    `workers`: the caller's, kept open for its next call; else the run's own."""
    files = list(files)
    cache = None
    if options.cache_dir:  # (for --fix and --diff: only the plain reports that index the project)
        from linter44s.cache import ResultCache

        cache = ResultCache(Path(options.cache_dir), f"{__version__}|{settings.cache_token()}", settings.root, {"FileReport": FileReport})
    from linter44s.workers import Workers, worker_count

    own = workers is None
    workers = workers or Workers(worker_count(options))
    try:
        read: set[str] = set()
        reports = _check_all(files, settings, options, workers, cache, read)
    finally:
        if own:
            workers.close()
    if cache is not None:
        cache.flush()
    ordered = [reports[p] for p in files]
    result = summarize(ordered, options.unsafe_fixes)
    result.files_read = len(read)
    result.files_parsed = sum(1 for r in ordered if r.analyzed and r.path in read)
    named = set(files)
    result.index_files = tuple(p for p in reports if p not in named)
    return ordered, result


def _check_all(
    files: list[str], settings: Settings, options: RunOptions, workers: Workers, cache, read: set[str]
) -> dict[str, FileReport]:
    """Plain reports of the files (and, when one imports from the project, of the
    project's other files: index.py), then the files that import a client
    again, knowing it; or, to fix, each file once, knowing what it imports."""
    plain = first_job("", settings, options)  # the template of the plain pass: as the CLI starts files ahead
    fixing = options.fix or options.diff
    reports = _cached_map([(p, ()) for p in files], plain, workers, cache, set() if fixing else read,
                          None if fixing else options.progress)
    root = index.project_root(settings)
    importers = {p: r for p, r in reports.items() if index.needs_index(r)}
    if options.project is not None and importers:
        given = {_same_file(p) for p in files}
        others = [p for p in options.project() if _same_file(p) not in given]
        wanted = index.sources(importers, dict(zip(others, relative_all(others, root), strict=True)), _rels(importers, root))
        reports.update(_cached_map([(p, ()) for p in wanted], replace(plain, whole=True), workers, cache, set()))
    if importers and (deferred := {p for p, r in reports.items() if r.deferred}):
        # Files left unanalysed (no rule could report in them) that some import names: their exports count.
        asked = index.sources(importers, {p: r for p, r in _rels(reports, root).items() if p in deferred}, _rels(importers, root))
        reports.update(_cached_map([(p, ()) for p in asked], replace(plain, whole=True), workers, cache, set()))
    named = set(files)
    linked = {p: e for p, e in index.link(reports, _rels(reports, root)).items() if p in named}
    if fixing:
        template = Job("", settings, options.fix, options.unsafe_fixes, options.diff, exhaustive=options.exhaustive)
        reports.update(_cached_map([(p, linked.get(p, ())) for p in files], template, workers, None, read, options.progress))
    elif linked:
        relinked = _cached_map([(p, linked[p]) for p in files if p in linked], plain, workers, cache, read)
        reports.update({p: r for p, r in relinked.items() if not r.unlinked})  # else the plain report stands
    return reports


def _rels(reports: dict[str, FileReport], root: str) -> dict[str, str]:
    return dict(zip(reports, relative_all(list(reports), root), strict=True))


def _same_file(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


def _cached_map(
    items: list[tuple[str, tuple]], template: Job, workers: Workers, cache, read: set[str], progress=None
) -> dict[str, FileReport]:
    """Check (path, external clients) items as `template` says, taking what the
    cache already knows: first by the file's stamp (stamps.py), then by
    its bytes.  An entry is also keyed by what the file was told about other modules."""
    t = template

    def job(path: str, external: tuple) -> Job:  # made only for files the cache cannot answer
        return Job(path, t.settings, t.fix, t.unsafe, t.diff, external, t.exhaustive, digest=cache is not None, whole=t.whole)

    results: dict[str, FileReport] = {}
    todo: list[Job] = []
    pending: dict[str, tuple[str, bytes, Stamp, str]] = {}  # path -> (rel, digest, stamp, extra)
    if cache is None:  # (check_paths opens none for --fix or --diff)
        items, todo = [], [job(path, external) for path, external in items]
    rels = relative_all([path for path, _ in items], t.settings.root)
    for i, (path, external) in enumerate(items):
        rel = rels[i]
        extra = repr(external) if external else ""  # the settings are in the cache's token
        stamp = path_stamp(path)
        if stamp is None:
            todo.append(job(path, external))  # reported by the job itself
            continue
        hit = cache.get_unchanged(rel, stamp, extra)
        if t.whole and (not isinstance(hit, FileReport) or hit.deferred):
            # A report that was analysed serves both; one left unanalysed is kept apart from its analysis.
            extra = "whole|" + extra
            hit = cache.get_unchanged(rel, stamp, extra)
        if not isinstance(hit, FileReport):
            import hashlib  # here: a warm run over unchanged files hashes nothing

            raw = read_bytes(path)  # only regular files, capped: a named pipe must not block the run
            if isinstance(raw, FileError):
                todo.append(job(path, external))  # the job reports it
                continue
            digest = hashlib.sha256(raw).digest() + extra.encode()
            hit = cache.get(rel, digest)
            if isinstance(hit, FileReport):
                cache.put_unchanged(rel, stamp, extra, hit)
            else:
                pending[path] = (rel, digest, stamp, extra)
                todo.append(job(path, external))
                continue
        results[path] = hit if hit.path == path else replace(
            hit, path=path, diagnostics=tuple(replace(d, path=path) for d in hit.diagnostics)
        )
    read.update(job.path for job in todo)
    for report in workers.map(todo, progress):
        analysed = bytes.fromhex(report.digest) if report.digest else b""
        report = replace(report, digest="") if report.digest else report
        results[report.path] = report
        if report.path in pending and report.error is None and analysed:
            rel, digest, stamp, extra = pending[report.path]
            analysed += extra.encode()
            if report.analyzed:
                cache.put(rel, analysed, report)  # worth keeping by content: it cost a parse
            if analysed == digest:  # else the file changed after it was stamped: its stamp stands for other bytes
                cache.put_unchanged(rel, stamp, extra, report)
    return results


def summarize(reports: list[FileReport], unsafe: bool) -> RunResult:
    diagnostics = sorted((d for r in reports for d in r.diagnostics), key=lambda d: d.sort_key)
    errors = [r.error for r in reports if r.error is not None]
    safe_count = sum(1 for d in diagnostics if applicable(d.fix, False))
    unsafe_count = sum(1 for d in diagnostics if applicable(d.fix, True)) - safe_count
    return RunResult(
        diagnostics=diagnostics,
        errors=errors,
        files_checked=len(reports),
        fixes_applied=sum(r.fixes_applied for r in reports),
        fixable_safe=safe_count,
        fixable_unsafe=unsafe_count,
        files_skipped_minified=sum(1 for r in reports if r.skipped_minified),
    )


def stdin_language(path: str) -> str:
    """Standard input is Python unless its display name says otherwise."""
    return language_of(path) or "python"


def lint_source_bytes(raw: bytes, path: str, settings: Settings) -> tuple[FileReport, Source | None]:
    """For stdin: decode as a file at `path` would be, then check."""
    loaded = decode(raw, path)
    if isinstance(loaded, FileError):
        return FileReport(path, error=loaded), None
    from linter44s.alone import lint_in_project

    return lint_in_project(loaded.text, path, settings, language=stdin_language(path)), loaded


def lint_within(text: str, path: str, settings: Settings, **options) -> FileReport:
    """`lint_text` under the file's time budget: out of time, it is the file's error line."""
    ready(options.get("language") or language_of(path))
    try:
        with within(settings.file_timeout):
            return lint_text(text, path, settings, **options)
    except OutOfTime as exc:
        return FileReport(path, error=timed_out(path, exc.seconds))
