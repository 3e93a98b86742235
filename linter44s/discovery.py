"""Which files a run checks."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator
from pathlib import Path

from linter44s.config import Settings, path_matches
from linter44s.diagnostics import FileError
from linter44s.sources import language_of

def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _excluded(path: Path, settings: Settings) -> bool:
    patterns = settings.exclude + settings.extend_exclude
    if not patterns:
        return False
    if any(fnmatch.fnmatchcase(path.name, p) for p in patterns):
        return True  # the common case (`node_modules`, `dist`): no path arithmetic
    return path_matches(_rel(path, Path(settings.root).resolve()), patterns)


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
        for folder, dirs, files in os.walk(path, onerror=None):
            here = Path(folder)
            dirs[:] = sorted(
                d for d in dirs
                if not _excluded(here / d, settings)
                and not (here / d / "pyvenv.cfg").exists()
            )
            for name in files:
                if language_of(name) is None:
                    continue
                file_path = here / name
                if _excluded(file_path, settings):
                    continue
                if not os.access(file_path, os.R_OK):
                    found.append(str(file_path))  # reported as unreadable when read
                    continue
                found.append(str(file_path))
        for item in sorted(found):
            key = os.path.normpath(item)
            if key not in seen:
                seen.add(key)
                yield item
