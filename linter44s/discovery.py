"""Which files a run checks."""

from __future__ import annotations

import fnmatch
import os
import re
import stat
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, Protocol

from linter44s.config import CONFIG_FILES, Settings, path_matches
from linter44s.diagnostics import FileError
from linter44s.sources import language_of

# What one folder holds that a run cares about: the sub-folders to enter and
# the files to check, both already filtered by `exclude`, and which of
# SETTINGS_NAMES are there; None for a virtualenv.
Listing = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]] | None

# The names whose presence in a folder decides its files' settings (resolution.py):
# noted while the folder is listed, so that resolving settings looks only where one is.
SETTINGS_NAMES = frozenset({*CONFIG_FILES, ".git"})


# Told of each folder as it is listed: (folder, which of SETTINGS_NAMES it holds, its files to check).
# The CLI resolves settings and starts checking them while the walk goes on.
FolderSeen = Callable[[str, tuple[str, ...], list[str]], None]


class Listings(Protocol):
    """A store of folder listings kept between runs (cache.FolderListings)."""

    def get(self, folder: str, /) -> tuple[Any, Listing | Literal[False]]: ...  # (stamp, listing or False: not known)

    def put(self, folder: str, stamp: Any, listing: Listing, /) -> None: ...


@lru_cache(maxsize=32)
def _matchers(patterns: tuple[str, ...], root: str) -> tuple[re.Pattern[str] | None, tuple[str, ...], str]:
    """Name patterns (`dist`, `*.egg-info`) as one regex; path patterns (`src/gen/*`) kept for path_matches."""
    names = [p for p in patterns if "/" not in p]
    regex = re.compile("|".join(fnmatch.translate(p) for p in names)) if names else None
    return regex, tuple(p for p in patterns if "/" in p), os.path.abspath(root)


def _excluded(path: Path, settings: Settings) -> bool:
    return _exclusion(settings)(path.name, str(path))


def _exclusion(settings: Settings) -> Callable[[str, str], bool]:
    """Whether an entry (its name, its path) is excluded: the patterns worked out
    once per walk, not once per entry (Django: 6,300 entries)."""
    patterns = settings.exclude + settings.extend_exclude
    if not patterns:
        return lambda name, path: False
    by_name, by_path, root = _matchers(patterns, settings.root)

    def excluded(name: str, path: str) -> bool:
        if by_name is not None and by_name.match(name):
            return True
        if not by_path:
            return False
        full = os.path.abspath(path)
        rel = os.path.relpath(full, root).replace(os.sep, "/") if full.startswith(root) else path.replace(os.sep, "/")
        return path_matches(rel, by_path)

    return excluded


def discover(
    paths: list[str], settings: Settings, force_exclude: bool = False, listings: Listings | None = None,
    seen_folder: FolderSeen | None = None,
) -> Iterator[str | FileError]:
    """Files to check, in a stable order, and an error for each path that cannot be.
    `seen_folder` is told of each folder as it is listed, before any file is yielded."""
    seen: set[str] = set()
    for given in paths:
        path = Path(given)
        folder = _is_folder(given)
        if folder is None:
            yield FileError(given, "no such file or directory")
            continue
        if not folder:
            if force_exclude and _excluded(path, settings):
                continue
            key = os.path.normpath(given)
            if key not in seen:
                seen.add(key)
                yield given
            continue
        if force_exclude and _excluded(path, settings):
            continue
        found, unreadable = _walk(os.path.normpath(given), settings, listings, seen_folder)
        yield from unreadable
        for item in sorted(found):
            if item not in seen:
                seen.add(item)
                yield item


def _is_folder(path: str) -> bool | None:
    """True for a folder (or a link to one); False for anything else, which
    reading then judges (a file, a named pipe, a broken or looping link);
    None when nothing is there."""
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except FileNotFoundError:
        return False if os.path.lexists(path) else None
    except OSError:
        return False


def _walk(
    top: str, settings: Settings, listings: Listings | None, seen_folder: FolderSeen | None
) -> tuple[list[str], list[FileError]]:
    """Every file to check under `top` ("app.py", not "./app.py"), unsorted."""
    found: list[str] = []
    unreadable: list[FileError] = []
    excluded = _exclusion(settings)
    stack = [(top, "" if top == os.curdir else os.path.join(top, ""))]
    while stack:
        folder, prefix = stack.pop()
        # The stamp is taken before the folder is read, so a change made while
        # it is read makes the stored listing stale at once, never trusted.
        stamp: Any = None
        known: Listing | Literal[False] = False
        if listings is not None:
            stamp, known = listings.get(folder)
        listing: Listing
        if known is not False:
            listing = known
        else:
            try:
                listing = _list(folder, prefix, excluded)
            except OSError as exc:
                unreadable.append(FileError(folder, f"cannot list this folder: {exc.strerror or exc}"))
                continue
            if listings is not None and stamp is not None:
                listings.put(folder, stamp, listing)
        if listing is None:
            if folder != top:  # a virtualenv: never its code, unless named
                continue
            listing = _list(folder, prefix, excluded, venv_ok=True)
        subfolders, files, names = listing or ((), (), ())  # (a named virtualenv is listed with venv_ok, never None)
        here = [prefix + name for name in files]
        if seen_folder is not None:
            seen_folder(folder, names, here)
        found += here
        stack.extend((prefix + name, prefix + name + os.sep) for name in subfolders)
    return found, unreadable


def _list(folder: str, prefix: str, excluded: Callable[[str, str], bool], venv_ok: bool = False) -> Listing:
    subfolders: list[str] = []
    files: list[str] = []
    names: list[str] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name
            if name in SETTINGS_NAMES:
                names.append(name)
            try:
                is_dir = entry.is_dir()
            except OSError:  # a looping link: kept as a file, whose read reports it, while the rest is listed
                is_dir = False
            # A symlinked folder is not entered (as os.walk does), so a link cannot loop.
            if is_dir:
                if not entry.is_symlink() and not excluded(name, prefix + name):
                    subfolders.append(name)
            elif name == "pyvenv.cfg" and not venv_ok:
                return None
            elif language_of(name) is not None and not excluded(name, prefix + name):
                files.append(name)
    return tuple(subfolders), tuple(files), tuple(sorted(names))  # (the cache keeps tuples, not sets)
