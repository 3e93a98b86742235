"""A baseline: today's findings, recorded so that only new ones are reported.

`linter44s check --write-baseline FILE` records them; `--baseline FILE` (or
`baseline = "FILE"` in the configuration) hides them.  Findings are matched
by identity (fingerprint.py), never by line, and counted: a baseline that
holds two copies of a finding in a function hides two, and a third is new.
Paths are stored relative to the baseline file's folder, so the run may
start anywhere.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from linter44s.diagnostics import Diagnostic
from linter44s.fingerprint import Identity, identities

FORMAT_VERSION = 1
TextOf = Callable[[str], "str | None"]


class BaselineError(Exception):
    """A baseline that cannot be read or written: one line naming the file."""


@dataclass(frozen=True)
class Filtered:
    diagnostics: list[Diagnostic]  # the new findings
    hidden: int  # findings the baseline knew
    stale: int  # baseline entries that no longer occur (rewrite the baseline to prune them)


def _path_of(folder: Path) -> Callable[[str], str]:
    base = os.path.abspath(folder)

    def path_of(path: str) -> str:
        full = os.path.abspath(path)
        rel = os.path.relpath(full, base) if os.path.splitdrive(full)[0] == os.path.splitdrive(base)[0] else full
        return rel.replace(os.sep, "/")

    return path_of


def load(file: str) -> Counter[Identity]:
    path = Path(file)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{file}: no such baseline file (write one with --write-baseline {file})") from None
    except OSError as exc:
        raise BaselineError(f"{file}: cannot read the baseline ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, ValueError):
        raise BaselineError(f"{file}: not a linter44s baseline (invalid JSON); write it again with --write-baseline") from None
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{file}: not a linter44s baseline (version {FORMAT_VERSION}); write it again with --write-baseline")
    counts: Counter[Identity] = Counter()
    try:
        for entry in data["findings"]:
            found = Identity(str(entry["code"]), str(entry["path"]), str(entry["function"]), str(entry["fingerprint"]))
            counts[found] += int(entry["count"])
    except (KeyError, TypeError, ValueError):
        raise BaselineError(f"{file}: a baseline entry lacks code, path, function, fingerprint or count; write it again") from None
    return counts


def apply(diagnostics: Iterable[Diagnostic], known: Counter[Identity], file: str, text_of: TextOf) -> Filtered:
    """The findings the baseline does not hold; the first `count` of each identity are known."""
    left = Counter(known)
    new: list[Diagnostic] = []
    hidden = 0
    for diag, found, _ in identities(diagnostics, _path_of(Path(file).parent), text_of):
        if left[found] > 0:
            left[found] -= 1
            hidden += 1
        else:
            new.append(diag)
    return Filtered(new, hidden, sum(n for n in left.values() if n > 0))


def write(file: str, diagnostics: Iterable[Diagnostic], text_of: TextOf) -> int:
    """Record these findings (replacing the file, stale entries gone); returns how many."""
    counts: Counter[Identity] = Counter()
    messages: dict[Identity, str] = {}
    for diag, found, _ in identities(diagnostics, _path_of(Path(file).parent), text_of):
        counts[found] += 1
        messages.setdefault(found, diag.message)
    entries = [
        {"code": i.code, "path": i.path, "function": i.function, "fingerprint": i.digest, "count": n, "message": messages[i]}
        for i, n in sorted(counts.items())
    ]
    data = json.dumps({"version": FORMAT_VERSION, "tool": "linter44s", "findings": entries}, indent=2, ensure_ascii=False)
    _replace(Path(file), data + "\n")
    return sum(counts.values())


def _replace(target: Path, text: str) -> None:
    """Atomically, and never through a symlink planted at `target`: the rename
    replaces the link itself, so no file it points at is written."""
    from linter44s.atomic import write_bytes_atomic

    if target.is_dir():
        raise BaselineError(f"{target}: is a folder, not a baseline file")
    umask = os.umask(0)
    os.umask(umask)
    try:
        write_bytes_atomic(target, text.encode("utf-8"), mode=0o666 & ~umask)
    except OSError as exc:
        raise BaselineError(f"{target}: cannot write the baseline ({exc.strerror or exc})") from None


_loaded: dict[str, tuple[float, Counter[Identity]]] = {}


def cached_load(file: str) -> Counter[Identity]:
    """`load`, read again only when the file changed (the editor and flake8 check file after file)."""
    try:
        mtime = os.stat(file).st_mtime
    except OSError:
        return load(file)  # raises the one clear message
    hit = _loaded.get(file)
    if hit is None or hit[0] != mtime:
        hit = _loaded[file] = (mtime, load(file))
    return hit[1]


def configured(settings_root: str, setting: str | None) -> str | None:
    """The `baseline` a configuration names, as a path (relative to its file's folder)."""
    return None if setting is None else os.path.join(settings_root, setting)


def hide_known(diagnostics: Iterable[Diagnostic], file: str, text: str) -> list[Diagnostic]:
    """One file's findings (the flake8 plugin, the language server) less those the baseline holds."""
    return apply(diagnostics, cached_load(file), file, lambda _: text).diagnostics
