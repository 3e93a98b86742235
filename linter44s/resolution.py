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

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from linter44s.config import CONFIG_FILES, Settings, config_in, resolve
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
        self._by_file: dict[str, Settings] = {}
        self._nearest_of: dict[str, str | None] = {}
        self._repo_of: dict[str, str | None] = {}
        self._cwd = os.getcwd()  # once: abspath asks the system for it on every call
        self._base = self._cwd.rstrip(os.sep) + os.sep
        self._holds: dict[str, tuple[str, ...]] = {}  # folder -> which of discovery.SETTINGS_NAMES it holds

    def saw(self, folder: str, names: tuple[str, ...]) -> None:
        """What discovery saw in a folder it listed (discovery.FolderSeen): there,
        only a settings file that is there is looked at (Django: 2,000 stats fewer)."""
        # Discovery spells folders `a/b` under the working folder: joined as strings (3,000 folders).
        plain = os.sep == "/" and not folder.startswith(("/", ".")) and "/." not in folder and "//" not in folder
        self._holds[self._base + folder if plain else os.path.normpath(os.path.join(self._cwd, folder))] = names

    def _config_in(self, folder: str) -> str | None:
        names = self._holds.get(folder)
        if names is not None and not any(name in names for name in CONFIG_FILES):
            return None
        return config_in(folder)

    def _git_in(self, folder: str) -> str | None:
        names = self._holds.get(folder)
        if names is not None and ".git" not in names:
            return None
        return _git_here(folder)

    def for_path(self, path: str | Path) -> Settings:
        """Raises ConfigError for a broken file."""
        given = Path(path)
        return self._for_folder(str(given if given.is_dir() else given.parent))

    def _for_folder(self, key: str) -> Settings:
        found = self._by_folder.get(key)
        if found is None:
            # Plain strings, not Path, and not resolve(): a realpath per folder costs more than the walk.
            folder = os.path.normpath(os.path.join(self._cwd, key or "."))
            if self.config_file is not None:
                found = self._load(self.config_file, folder)
            else:
                found = self._load(_walk_up(folder, self._config_in, self._nearest_of), folder)
            self._by_folder[key] = found
        return found

    def _load(self, config: str | None, folder: str) -> Settings:
        # No configuration anywhere: the project is the repository, else where the command runs (config.resolve).
        key = config if config is not None else f"<none>{_walk_up(folder, self._git_in, self._repo_of) or self._cwd}"
        if key not in self._by_file:
            self._by_file[key] = self.overrides.apply(resolve(config, Path(folder)))
        return self._by_file[key]

    def read(self, files: Iterable[str]) -> set[str]:
        """Every configuration file the files' settings depend on, present or not (for snapshot.py)."""
        from linter44s.config import config_candidates_of_folders

        found = config_candidates_of_folders(self.config_file, {os.path.dirname(f) for f in files})
        for settings in self._by_file.values():
            found.update(settings.extends)
        return found

    def of_file(self, path: str) -> Settings:
        """The settings of a file discovery gave (no stat needed); raises ConfigError."""
        return self._for_folder(os.path.dirname(path))

    def groups(self, files: Iterable[str]) -> list[tuple[Settings, list[str]]]:
        """The files, grouped by the settings they get (in first-seen order)."""
        out: dict[int, tuple[Settings, list[str]]] = {}
        for path in files:
            settings = self.of_file(path)
            out.setdefault(id(settings), (settings, []))[1].append(path)
        return list(out.values())


def _git_here(folder: str) -> str | None:
    return folder if os.path.exists(os.path.join(folder, ".git")) else None


def _walk_up(folder: str, here: Callable[[str], str | None], memo: dict[str, str | None]) -> str | None:
    """The first answer of `here` from `folder` upwards, remembered for every folder on the way."""
    chain: list[str] = []
    at, found = folder, None
    while True:
        if at in memo:
            found = memo[at]
            break
        chain.append(at)
        found = here(at)
        parent = os.path.dirname(at)
        if found is not None or parent == at:
            break
        at = parent
    for visited in chain:
        memo[visited] = found
    return found


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
