"""A whole run, replayed while nothing it read has changed.

A `check` run whose output goes to no terminal (pre-commit, CI, scripts)
records what it printed, its exit code and the stamp of everything it read:
each folder it listed, each file it checked, each place it looked for a
configuration file, and linter44s's own code and rules.  The next run with
the same arguments, working folder and environment prints the same output
if every stamp still holds, before the command line, the rules or any
frontend is imported.  Any difference, and the run goes the usual way (with
its per-file cache).

A path changed too recently to trust its stamp (stamps.py) means the run is
not recorded.  This module imports little, and nothing of the checker: it
runs before everything else.
"""

from __future__ import annotations

import os
import sys
import zlib

from linter44s import __version__
from linter44s.stamps import stamp, too_fresh

_MAGIC = b"L44R\x01"
# Environment variables that change from one shell or run to the next and
# that nothing in a run reads; every other variable is part of the key.
_VOLATILE = frozenset({"_", "OLDPWD", "PWD", "SHLVL", "PS1", "PS2", "PROMPT_COMMAND", "HISTFILE", "TERM_SESSION_ID",
                       "WINDOWID", "SSH_AUTH_SOCK", "SSH_AGENT_PID", "GPG_AGENT_INFO"})
_CACHE_FOLDER = ".linter44s_cache"


def key(argv: list[str]) -> tuple:
    env = tuple(sorted((k, v) for k, v in os.environ.items() if k not in _VOLATILE))
    return (__version__, tuple(argv), os.getcwd(), env)


def _name(run_key: tuple) -> str:
    return f"run-{zlib.crc32(repr(run_key).encode('utf-8', 'surrogatepass')):08x}"


def not_on_terminal() -> bool:
    """Only output that goes to no terminal is the same bytes every time
    (colour, width and the progress bar depend on the terminal)."""
    return not (sys.stdout.isatty() or sys.stderr.isatty())


def _cache_dirs(argv: list[str]) -> list[str]:
    """Where a recording of this command line may be: its --cache-dir, else the
    default cache folder of the working folder or of a folder above it (the
    project root, when a configuration file put it there)."""
    if "--no-cache" in argv:
        return []
    for i, arg in enumerate(argv):
        if arg == "--cache-dir" and i + 1 < len(argv):
            return [argv[i + 1]]
        if arg.startswith("--cache-dir="):
            return [arg.split("=", 1)[1]]
    here = os.getcwd()
    found = []
    while True:
        candidate = os.path.join(here, _CACHE_FOLDER)
        if os.path.isdir(candidate):
            found.append(candidate)
        parent = os.path.dirname(here)
        if parent == here:
            return found
        here = parent


def _load(path: str) -> tuple | None:
    try:
        with open(path, "rb") as handle:
            blob = handle.read()
    except OSError:
        return None
    from linter44s import framed  # here: most runs find no recording

    found = framed.decode(blob, _MAGIC, classes=False)  # a recording is plain data
    return found if isinstance(found, tuple) else None


def replay(argv: list[str]) -> int | None:
    """Print a recorded run's output and return its exit code, or None when
    this run must be done for real."""
    if not argv or argv[0] != "check" or not not_on_terminal():
        return None
    run_key = key(argv)
    for folder in _cache_dirs(argv):
        recorded = _load(os.path.join(folder, _name(run_key)))
        if not (isinstance(recorded, tuple) and len(recorded) == 6 and recorded[0] == run_key):
            continue
        _, paths, stamps, out, err, code = recorded
        if any(stamp(p) != s for p, s in zip(paths, stamps, strict=True)):
            return None
        sys.stdout.write(out)
        sys.stdout.flush()
        if err:
            sys.stderr.write(err)
        return code
    return None


def own_files() -> list[str]:
    """linter44s's code and rules: a recording made by other code is no answer."""
    from linter44s.registry import rules_dir

    here = os.path.dirname(os.path.abspath(__file__))
    found = []
    for folder, dirs, files in os.walk(here):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        found.extend(os.path.join(folder, f) for f in files if f.endswith(".py"))
    rules = str(rules_dir())
    found.extend(os.path.join(rules, f) for f in os.listdir(rules) if f.endswith(".toml"))
    return sorted(found)


def record(argv: list[str], cache_dir: str, read: list[str], out: str, err: str, code: int) -> None:
    """Keep this run for replay.  `read` names every path the run read (or
    looked for).  They are stamped now, after the run: a path changed while it
    ran has a fresh mtime, and a fresh mtime means no recording."""
    if not not_on_terminal():
        return
    stamped = {p: stamp(p) for p in [*read, *own_files()]}
    if any(too_fresh(s) for s in stamped.values()):
        return
    # Newest first: what was edited last is the likeliest to have changed, and
    # replay stops at the first path that did.
    paths = tuple(sorted(stamped, key=lambda p: -(stamped[p] or (0, 0))[1]))
    stamps = tuple(stamped[p] for p in paths)
    from pathlib import Path

    from linter44s import framed
    from linter44s.cache import write_recording

    run_key = key(argv)
    write_recording(Path(cache_dir), _name(run_key), framed.encode((run_key, paths, stamps, out, err, code), _MAGIC))
