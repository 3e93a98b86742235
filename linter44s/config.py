"""Configuration: `[tool.linter44s]` in pyproject.toml, or linter44s.toml.

Every error a user can make here is a `ConfigError` that names the key and
the file; the CLI prints it and exits 2.
"""

from __future__ import annotations

import fnmatch
import os
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any


class ConfigError(Exception):
    """A broken configuration: one clear line naming the key and the file."""


DEFAULT_TTL_REQUIRED = (
    "cache", "session", "sess", "tmp", "temp", "lock", "otp", "token",
    "rate_limit", "ratelimit", "throttle",
)
DEFAULT_KEY_PATTERN = r"^(?:[A-Za-z0-9_\-.]+|\{\})(?::(?:[A-Za-z0-9_\-.]*|\{\}))+$"
DEFAULT_CLIENT_NAME_PATTERN = r"(?i)redis|valkey"
DEFAULT_TEST_PATHS = (
    "test_*.py", "*_test.py", "tests.py", "conftest.py", "tests/*", "test/*", "__tests__/*",  # tests.py: Django's app tests
    "*.test.*", "*.spec.*", "testing/*",
)
# Folders that hold no code of the project's own: build output, dependencies,
# tool caches.  Setting `exclude` replaces this list (as in ruff); use
# `extend-exclude` to add to it.
DEFAULT_EXCLUDE = (
    ".git", ".hg", ".svn", ".venv", "venv", ".env", "env", "node_modules", "__pycache__", "build", "dist",
    ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".eggs", "*.egg-info", "site-packages",
    ".linter44s_cache", ".next", ".nuxt", "coverage", "bower_components", "__pypackages__",
)
DEFAULT_ADMIN_PATHS = ("scripts/*", "bin/*", "management/commands/*", "manage.py")
# Seconds one file may take (budget.py): far above any real file, well below a CI job's patience.
DEFAULT_FILE_TIMEOUT = 10.0


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] = ()  # empty: the rules that are on by default
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    client_name_pattern: str = DEFAULT_CLIENT_NAME_PATTERN
    key_pattern: str = DEFAULT_KEY_PATTERN
    default_ttl: int = 3600
    lock_ttl: int = 30
    persistent_prefixes: tuple[str, ...] = ()
    ttl_required_prefixes: tuple[str, ...] = DEFAULT_TTL_REQUIRED
    pipeline_threshold: int = 3
    test_paths: tuple[str, ...] = DEFAULT_TEST_PATHS
    admin_paths: tuple[str, ...] = DEFAULT_ADMIN_PATHS
    file_timeout: float = DEFAULT_FILE_TIMEOUT
    baseline: str | None = None  # a baseline file (baseline.py), relative to `root`
    # Where the settings came from, for messages; the folder paths are relative to.
    source: str | None = field(default=None, compare=False)
    root: str = field(default=".", compare=False)
    extends: tuple[str, ...] = field(default=(), compare=False)  # the files `extend` read, nearest first

    def enabled_codes(self) -> frozenset[str]:
        from linter44s.registry import META, expand_selector  # here: a run answered from the cache needs no rules

        if self.select:
            chosen = {c for sel in self.select for c in expand_selector(sel)}
        else:
            chosen = {code for code, rule in META.items() if rule.default}
        chosen |= {c for sel in self.extend_select for c in expand_selector(sel)}
        chosen -= {c for sel in self.ignore for c in expand_selector(sel)}
        return frozenset(chosen)

    def codes_for(self, relpath: str) -> frozenset[str]:
        from linter44s.registry import expand_selector

        codes = self.enabled_codes()
        for pattern, ignored in self.per_file_ignores:
            if path_matches(relpath, (pattern,)):
                codes -= {c for sel in ignored for c in expand_selector(sel)}
        return codes

    def is_test_path(self, relpath: str) -> bool:
        return path_matches(relpath, self.test_paths)

    def is_admin_path(self, relpath: str) -> bool:
        return path_matches(relpath, self.admin_paths)

    def cache_token(self) -> str:
        """Everything that can change a file's findings, as one string."""
        return repr({k: v for k, v in self.__dict__.items() if k not in ("source", "root", "file_timeout", "baseline", "extends")})


def path_matches(relpath: str, patterns: tuple[str, ...]) -> bool:
    """Glob match against the whole relative path, any trailing part of it,
    and each folder on it (`tests/*` matches `pkg/tests/x.py`)."""
    p = relpath.replace("\\", "/").lstrip("./") if relpath.startswith("./") else relpath.replace("\\", "/")
    parts = p.split("/")
    for pattern in patterns:
        pat = pattern.rstrip("/")
        if "/" not in pat:
            # One name: the file's or a folder's, never a run of them (`*` of fnmatch
            # crosses `/`: `test_*.py` must not match `test_run0/app/cache.py`).
            if any(fnmatch.fnmatchcase(part, pat) for part in parts):
                return True
            continue
        for i in range(len(parts)):
            tail = "/".join(parts[i:])
            if fnmatch.fnmatchcase(tail, pat) or fnmatch.fnmatchcase(tail, pat + "/*"):
                return True
    return False


# key in the file -> (field name, kind)
_OPTIONS: dict[str, tuple[str, str]] = {
    "select": ("select", "codes"),
    "ignore": ("ignore", "codes"),
    "extend-select": ("extend_select", "codes"),
    "per-file-ignores": ("per_file_ignores", "per-file"),
    "exclude": ("exclude", "strings"),
    "extend-exclude": ("extend_exclude", "strings"),
    "client-name-pattern": ("client_name_pattern", "regex"),
    "key-pattern": ("key_pattern", "regex"),
    "default-ttl": ("default_ttl", "positive-int"),
    "lock-ttl": ("lock_ttl", "positive-int"),
    "persistent-prefixes": ("persistent_prefixes", "strings"),
    "ttl-required-prefixes": ("ttl_required_prefixes", "strings"),
    "pipeline-threshold": ("pipeline_threshold", "threshold"),
    "test-paths": ("test_paths", "strings"),
    "admin-paths": ("admin_paths", "strings"),
    "file-timeout": ("file_timeout", "seconds"),
    "baseline": ("baseline", "string"),
}
# Read by load_file, never a setting: `extend = "../pyproject.toml"` inherits that file's settings.
_EXTEND = "extend"
OPTION_NAMES = tuple(_OPTIONS)


def _check_codes(value: object, key: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: `{key}` must be a list of rule codes, like [\"RDS101\", \"RDS2\"]")
    from linter44s.registry import expand_selector

    for code in value:
        if not expand_selector(code):
            raise ConfigError(f"{where}: `{key}` names an unknown rule code `{code}`")
    return tuple(value)


def _convert(key: str, kind: str, value: object, where: str) -> object:
    if kind == "codes":
        return _check_codes(value, key, where)
    if kind == "strings":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: `{key}` must be a list of strings")
        return tuple(value)
    if kind == "string":
        if not isinstance(value, str) or not value:
            raise ConfigError(f"{where}: `{key}` must be a path (a non-empty string)")
        return value
    if kind == "regex":
        if not isinstance(value, str):
            raise ConfigError(f"{where}: `{key}` must be a string (a regular expression)")
        from linter44s.patterns import problem  # here: patterns.py reads this module's defaults

        found = problem(value)
        if found is not None:
            raise ConfigError(f"{where}: `{key}` {found}")
        return value
    if kind in ("positive-int", "threshold"):
        low = 2 if kind == "threshold" else 1
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ConfigError(f"{where}: `{key}` must be a whole number of at least {low}, not {value!r}")
        return value
    if kind == "seconds":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 3600:
            raise ConfigError(f"{where}: `{key}` must be a number of seconds above 0 and at most 3600, not {value!r}")
        return float(value)
    if kind == "per-file":
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: `{key}` must be a table of glob = [codes]")
        return tuple((pattern, _check_codes(codes, f"{key}.\"{pattern}\"", where)) for pattern, codes in value.items())
    raise AssertionError(kind)


def settings_from_table(table: dict, where: str, base: Settings | None = None) -> Settings:
    """Validate a `[tool.linter44s]` table and turn it into Settings."""
    changes: dict[str, Any] = {}  # each value converted and checked by _convert
    for key, value in table.items():
        if key not in _OPTIONS:
            hint = _closest(key)
            raise ConfigError(f"{where}: unknown option `{key}`" + (f" (did you mean `{hint}`?)" if hint else ""))
        attr, kind = _OPTIONS[key]
        changes[attr] = _convert(key, kind, value, where)
    return replace(base or Settings(), **changes)


def _closest(key: str) -> str | None:
    import difflib

    found = difflib.get_close_matches(key, OPTION_NAMES, n=1)
    return found[0] if found else None


def load_file(path: Path, _seen: tuple[Path, ...] = ()) -> Settings:
    """Settings from one config file (pyproject.toml or linter44s.toml), on
    top of the file its `extend` names (relative to it), as in ruff."""
    where = str(path)
    if path.resolve() in _seen:
        raise ConfigError(f"{where}: `extend` comes back to this file (a cycle)")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{where}: cannot read the configuration file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{where}: the configuration file is not UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("linter44s", {})
        where = f"{path} [tool.linter44s]"
    else:
        table = data
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table")
    base = None
    if _EXTEND in table:
        table = dict(table)
        parent = table.pop(_EXTEND)
        if not isinstance(parent, str) or not parent:
            raise ConfigError(f"{where}: `extend` must be the path of another configuration file")
        target = path.parent / parent
        if not target.is_file():
            raise ConfigError(f"{where}: `extend` names {target}, which does not exist")
        base = load_file(target, (*_seen, path.resolve()))
        if base.baseline is not None:  # relative to the file that says it
            base = replace(base, baseline=os.path.relpath(Path(base.root) / base.baseline, path.parent))
    settings = settings_from_table(table, where, base)
    extends = (str(base.source), *base.extends) if base is not None and base.source else ()
    return replace(settings, source=str(path), root=str(path.parent), extends=extends)


def find_config(start: Path) -> Path | None:
    """The nearest linter44s.toml, or pyproject.toml with [tool.linter44s],
    from `start` upwards."""
    folder = start if start.is_dir() else start.parent
    return next((found for c in (folder, *folder.parents) if (found := config_here(c)) is not None), None)


def config_here(folder: Path) -> Path | None:
    """This folder's own configuration file, if it has one."""
    found = config_in(str(folder))
    return None if found is None else Path(found)


# The files that may configure a folder, as config_in looks for them
# (discovery notes which of them, and `.git`, each folder it lists holds).
CONFIG_FILES = ("linter44s.toml", "pyproject.toml")


def config_in(folder: str) -> str | None:
    """config_here on a plain path (the per-folder resolution asks it of every folder)."""
    own = os.path.join(folder, "linter44s.toml")
    if os.path.isfile(own):
        return own
    pyproject = os.path.join(folder, "pyproject.toml")
    if os.path.isfile(pyproject):
        try:
            with open(pyproject, encoding="utf-8") as f:
                text = f.read()
        except (OSError, UnicodeDecodeError):
            return None
        if "[tool.linter44s" in text:
            return pyproject
    return None


def config_candidates(config_file: str | None, start: Path) -> list[str]:
    """Every file whose presence or contents `resolve` depends on."""
    folder = start if start.is_dir() else start.parent
    return sorted(config_candidates_of_folders(config_file, [str(folder)]))


def config_candidates_of_folders(config_file: str | None, folders: Iterable[str]) -> set[str]:
    """Every file whose presence or contents `resolve` depends on, for files in
    these folders: each folder's and its parents' `linter44s.toml`,
    `pyproject.toml` and `.git`.  A folder above several is listed once (a
    tree of 700 folders shares most of its parents)."""
    if config_file is not None:
        return {config_file}
    found: set[str] = set()
    seen: set[str] = set()
    for folder in folders:
        real = os.path.realpath(folder or ".")
        while real not in seen:
            seen.add(real)
            found.update(os.path.join(real, name) for name in (*CONFIG_FILES, ".git"))
            parent = os.path.dirname(real)
            if parent == real:
                break
            real = parent
    return found


def repository_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds a `.git`."""
    folder = start if start.is_dir() else start.parent
    return next((c for c in (folder, *folder.parents) if (c / ".git").exists()), None)


def resolve(config_file: str | None, start: Path) -> Settings:
    """The settings for a run: an explicit --config, else the nearest file."""
    if config_file is not None:
        path = Path(config_file)
        if not path.is_file():
            raise ConfigError(f"{config_file}: no such configuration file")
        return load_file(path)
    found = find_config(start.resolve())
    if found:
        return load_file(found)
    # With no configuration, the project is the repository the path is in, else
    # where the command runs: module names, the project index and path globs
    # (test paths) are relative to it, so the CLI, the hook, flake8 and the
    # editor, started from different folders, judge a file alike.
    return Settings(root=str(repository_root(start.resolve()) or Path.cwd()))
