"""Which files a run checks."""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from linter44s.config import Settings, path_matches
from linter44s.diagnostics import FileError
from linter44s.sources import language_of


@lru_cache(maxsize=32)
def _matchers(patterns: tuple[str, ...], root: str) -> tuple[re.Pattern[str] | None, tuple[str, ...], str]:
    """Name patterns (`dist`, `*.egg-info`) as one regex; path patterns (`src/gen/*`) kept for path_matches."""
    names = [p for p in patterns if "/" not in p]
    regex = re.compile("|".join(fnmatch.translate(p) for p in names)) if names else None
    return regex, tuple(p for p in patterns if "/" in p), os.path.abspath(root)


def _excluded(path: Path, settings: Settings) -> bool:
    return _excluded_at(path.name, str(path), settings)


def _excluded_at(name: str, path: str, settings: Settings) -> bool:
    patterns = settings.exclude + settings.extend_exclude
    if not patterns:
        return False
    by_name, by_path, root = _matchers(patterns, settings.root)
    if by_name is not None and by_name.match(name):
        return True
    if not by_path:
        return False
    full = os.path.abspath(path)
    rel = os.path.relpath(full, root).replace(os.sep, "/") if full.startswith(root) else path.replace(os.sep, "/")
    return path_matches(rel, by_path)


def discover(paths: list[str], settings: Settings, force_exclude: bool = False) -> Iterator[str | FileError]:
    """Files to check, in a stable order, and an error for each path that cannot be."""
    seen: set[str] = set()
    for given in paths:
        path = Path(given)
        if not path.exists() and not path.is_symlink():
            yield FileError(given, "no such file or directory")
            continue
        if path.is_file() or (path.is_symlink() and not path.is_dir()):
            if force_exclude and _excluded(path, settings):
                continue
            key = os.path.normpath(given)
            if key not in seen:
                seen.add(key)
                yield given
            continue
        if force_exclude and _excluded(path, settings):
            continue
        found: list[str] = []
        for folder, dirs, files in os.walk(given, onerror=None):
            dirs[:] = sorted(
                d for d in dirs
                if not _excluded_at(d, os.path.join(folder, d), settings)
                and not os.path.exists(os.path.join(folder, d, "pyvenv.cfg"))  # a virtualenv
            )
            for name in files:
                if language_of(name) is None:
                    continue
                file_path = os.path.normpath(os.path.join(folder, name))  # "app.py", not "./app.py"
                if not _excluded_at(name, file_path, settings):
                    found.append(file_path)
        for item in sorted(found):
            key = os.path.normpath(item)
            if key not in seen:
                seen.add(key)
                yield item
