"""Which settings each file gets, as ruff does it: the nearest
`linter44s.toml` or `pyproject.toml` with `[tool.linter44s]` above the file
(or `--config` for every file), then the command line's rule selection.

Selection on the command line follows ruff: `--select` replaces the
configuration's `select`, `extend-select` and `ignore`; `--extend-select`
and `--ignore` add to what the configuration says.  Each option may be
given more than once: the values are merged (`--select RDS1 --select RDS2`
is `--select RDS1,RDS2`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from linter44s.config import Settings, find_config, resolve
from linter44s.diagnostics import RunResult


@dataclass(frozen=True)
class Overrides:
    """What the command line says about rules, over every file's configuration."""

    select: tuple[str, ...] | None = None  # None: as configured
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    file_timeout: float | None = None

    def apply(self, settings: Settings) -> Settings:
        if self.select is not None:
            settings = replace(settings, select=self.select, extend_select=(), ignore=())
        settings = replace(
            settings, extend_select=settings.extend_select + self.extend_select, ignore=settings.ignore + self.ignore
        )
        if self.file_timeout is not None:
            settings = replace(settings, file_timeout=self.file_timeout)
        return settings


class Resolver:
    """Settings per file, read once per folder and once per configuration file."""

    def __init__(self, config_file: str | None, overrides: Overrides) -> None:
        self.config_file = config_file
        self.overrides = overrides
        self._by_folder: dict[str, Settings] = {}
        self._by_file: dict[str | None, Settings] = {}

    def for_path(self, path: str | Path) -> Settings:
        """Raises ConfigError for a broken file."""
        folder = Path(path).parent if not Path(path).is_dir() else Path(path)
        key = str(folder)
        found = self._by_folder.get(key)
        if found is None:
            if self.config_file is not None:
                found = self._load(self.config_file)
            else:
                config = find_config(folder.resolve())
                found = self._load(str(config) if config else None)
            self._by_folder[key] = found
        return found

    def _load(self, config: str | None) -> Settings:
        if config not in self._by_file:
            # No configuration anywhere: the project is where the command runs (as in ruff).
            base = resolve(config, Path(".")) if config is not None else Settings(root=str(Path.cwd()))
            self._by_file[config] = self.overrides.apply(base)
        return self._by_file[config]

    def read(self, files: Iterable[str]) -> set[str]:
        """Every configuration file the files' settings depend on, present or not (for snapshot.py)."""
        from linter44s.config import config_candidates

        found: set[str] = set()
        for folder in {str(Path(f).parent) for f in files}:
            found.update(config_candidates(self.config_file, Path(folder)))
        for settings in self._by_file.values():
            found.update(settings.extends)
        return found

    def groups(self, files: Iterable[str]) -> list[tuple[Settings, list[str]]]:
        """The files, grouped by the settings they get (in first-seen order)."""
        out: dict[int, tuple[Settings, list[str]]] = {}
        for path in files:
            settings = self.for_path(path)
            out.setdefault(id(settings), (settings, []))[1].append(path)
        return list(out.values())


def merged(results: list[RunResult]) -> RunResult:
    """One result for runs over groups of files."""
    if len(results) == 1:
        return results[0]
    total = RunResult(sorted((d for r in results for d in r.diagnostics), key=lambda d: d.sort_key), [])
    for r in results:
        total.errors += r.errors
        total.files_checked += r.files_checked
        total.files_read += r.files_read
        total.files_parsed += r.files_parsed
        total.fixes_applied += r.fixes_applied
        total.fixable_safe += r.fixable_safe
        total.fixable_unsafe += r.fixable_unsafe
        total.files_skipped_minified += r.files_skipped_minified
    return total
