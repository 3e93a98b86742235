"""One file checked alone (the flake8 plugin, the editor, standard input),
knowing what it imports from the rest of the project.

`check_paths` links the files of a run itself; a tool that sees one file at
a time asks here: the project's files are listed (through the cache's folder
listings), only the modules this file imports from are read (through the
result cache), and their exports are linked to its imports (index.py).
"""

from __future__ import annotations

from pathlib import Path

from linter44s import __version__, index
from linter44s.config import Settings
from linter44s.engine import FileReport, Job, _cached_map, _rels, _same_file, lint_within, relative_all
from linter44s.facts import External
from linter44s.workers import Workers

# (root, settings token) -> the project's files (path -> path from the root) and the plain reports read so far.
_kept_index: dict[tuple[str, str], tuple[dict[str, str], dict[str, FileReport]]] = {}


def project_externals(report: FileReport, settings: Settings, *, keep: bool = False) -> tuple[External, ...]:
    """What the names one file checked alone (the flake8 plugin, the editor)
    imports from the project are, by the project index (index.py) over the
    result cache.  `keep`: hold what was learnt for the rest of this process
    (a flake8 run checks many files and changes none)."""
    if not index.needs_index(report):
        return ()
    root = index.project_root(settings)
    key = (root, settings.cache_token())
    kept = _kept_index.get(key) if keep else None
    if kept is None:
        files = _listed_project(root, settings)
        kept = (dict(zip(files, relative_all(files, root), strict=True)), {})
        if keep:
            _kept_index[key] = kept
    candidates, known = kept
    own = _same_file(report.path)
    wanted = [p for p in index.sources({report.path: report}, candidates, _rels({report.path: report}, root)) if _same_file(p) != own]
    if missing := [p for p in wanted if p not in known]:
        known.update(_plain_reports(missing, settings))
    linked = {p: known[p] for p in wanted}
    linked[report.path] = report
    return index.link(linked, _rels(linked, root)).get(report.path, ())


def _listed_project(root: str, settings: Settings) -> list[str]:
    """The project's files, through the cache's folder listings where they can be used
    (the editor asks on every edit of a file that imports from the project)."""
    from linter44s.cache import FolderListings, listing_token

    listings: FolderListings | None = FolderListings(Path(settings.root, ".linter44s_cache"), listing_token(settings), tree=settings.root)
    if listings is not None and listings.problem:
        listings = None
    files = index.project_files(root, settings, listings)
    if listings is not None:
        listings.flush()
    return files


def _plain_reports(files: list[str], settings: Settings) -> dict[str, FileReport]:
    """Plain reports of these files, through the project's result cache where it can be used."""
    from linter44s.cache import ResultCache

    cache: ResultCache | None = ResultCache(
        Path(settings.root, ".linter44s_cache"), f"{__version__}|{settings.cache_token()}", settings.root, {"FileReport": FileReport}
    )
    if cache is not None and cache.problem:
        cache = None  # a planted cache folder: the index is built from the files alone
    # Asked for their exports: analysed even where no rule would report (engine.lint_text).
    reports = _cached_map([(p, ()) for p in files], Job("", settings, whole=True), Workers(1), cache, set())
    if cache is not None:
        cache.flush()
    return reports


def lint_in_project(text: str, path: str, settings: Settings, *, keep: bool = False, **options) -> FileReport:
    """`lint_within` for one file checked alone, knowing what it imports from the project."""
    report = lint_within(text, path, settings, **options)
    if report.error is None and (external := project_externals(report, settings, keep=keep)):
        report = lint_within(text, path, settings, external=external, **options)
    return report
