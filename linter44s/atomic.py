"""Replace a file all at once: readers see the old bytes or the new, never half.

The temporary file sits beside the target (same filesystem) and is named
`.{name}.linter44s-XXXXXXXX.tmp`, so a run killed between writing and
renaming leaves a name the next run recognises as its own (`leftovers`)
and nobody else's file is ever mistaken for one.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable
from pathlib import Path

_MARK = "linter44s-"
_RANDOM = re.compile(r"[a-z0-9_]{8}")  # what tempfile.mkstemp puts between prefix and suffix
_SETTLED = 10.0  # seconds: a temp file younger than this may belong to a run still writing it


def temp_prefix(name: str) -> str:
    return f".{name}.{_MARK}"


def is_own_temp(entry: str, name: str) -> bool:
    """Is `entry` a temporary file this module made while replacing `name`?"""
    prefix = temp_prefix(name)
    return entry.startswith(prefix) and entry.endswith(".tmp") and bool(_RANDOM.fullmatch(entry[len(prefix) : -4]))


def write_bytes_atomic(target: Path, data: bytes, mode: int | None = None, owner: tuple[int, int] | None = None) -> None:
    """Write to a temporary file beside `target`, give it `owner` (uid, gid)
    as far as the process may and `mode`, then rename it over `target`."""
    import tempfile  # here: a warm run that writes nothing never loads it

    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(target.name), suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if owner is not None:
            _chown(tmp, *owner)
        if mode is not None:
            os.chmod(tmp, mode)  # after chown, which may clear setuid bits
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _chown(path: str, uid: int, gid: int) -> None:
    """Keep the owner and group; a user who may not give a file away may
    still keep its group when they belong to it."""
    if (uid, gid) == (os.geteuid(), os.getegid()):
        return
    for ids in ((uid, gid), (-1, gid)):
        try:
            os.chown(path, *ids)
            return
        except PermissionError:
            continue
        except OSError:
            return  # a filesystem without owners (FAT, some mounts): nothing to keep


def remove_leftovers(paths: Iterable[str]) -> int:
    """Delete this module's temporary files left beside these files by a run
    that was killed mid-write; only names `is_own_temp` recognises, one listing
    per folder.  Returns how many were removed."""
    by_folder: dict[str, set[str]] = {}
    for path in paths:
        folder, name = os.path.split(path)
        by_folder.setdefault(folder or ".", set()).add(name)
    removed = 0
    now = time.time()
    for folder, names in by_folder.items():
        try:
            entries = [e for e in os.scandir(folder) if e.name.startswith(".") and _MARK in e.name]
        except OSError:
            continue
        for entry in entries:
            owner = entry.name[1 : entry.name.rfind("." + _MARK)]
            if owner not in names or not is_own_temp(entry.name, owner):
                continue
            try:
                if entry.is_file(follow_symlinks=False) and now - entry.stat(follow_symlinks=False).st_mtime > _SETTLED:
                    os.unlink(entry.path)
                    removed += 1
            except OSError:
                pass  # gone already, or not ours to remove
    return removed
