"""A whole run, replayed while nothing it read has changed.

A `check` run whose output goes to no terminal (pre-commit, CI, scripts)
records what it printed, its exit code and the stamp of everything it read:
each folder it listed, each file it checked, each place it looked for a
configuration file, and linter44s's own code and rules.  The next run with
the same arguments, working folder and environment prints the same output
if every stamp still holds, before the command line, the rules or any
frontend is imported.  Any difference, and the run goes the usual way (with
its per-file cache).

What a replay trusts: recordings live in the user's own folder
(trust.home()/runs), never in a checkout or a folder above it, and each is
signed with the user's secret (trust.py), so a recording nobody of this
user's runs wrote is no answer.  The paths a replay re-stamps are never
only the recording's word: linter44s's own files, the working folder and
every path named on the command line must be among them, or the run is real.

A path changed too recently to trust its stamp (stamps.py) means the run is
not recorded.  This module imports little, and nothing of the checker: it
runs before everything else.
"""

from __future__ import annotations

import os
import re
import stat
import sys

from linter44s import __version__
from linter44s.stamps import stamp, too_fresh

_MAGIC = b"L44R\x02"
# Environment variables that change from one shell or run to the next and
# that nothing in a run reads; every other variable is part of the key.
_VOLATILE = frozenset({"_", "OLDPWD", "PWD", "SHLVL", "PS1", "PS2", "PROMPT_COMMAND", "HISTFILE", "TERM_SESSION_ID",
                       "WINDOWID", "SSH_AUTH_SOCK", "SSH_AGENT_PID", "GPG_AGENT_INFO"})
_KEPT = 32  # recordings kept, one per distinct command line (pre-commit makes a new one per commit)
_NAME = re.compile(r"run-[0-9a-f]{16}")


def key(argv: list[str]) -> tuple:
    env = tuple(sorted((k, v) for k, v in os.environ.items() if k not in _VOLATILE))
    return (__version__, tuple(argv), os.getcwd(), env)


def _context(run_key: tuple) -> str:
    return repr(run_key)


def not_on_terminal() -> bool:
    """Only output that goes to no terminal is the same bytes every time
    (colour, width and the progress bar depend on the terminal)."""
    return not (sys.stdout.isatty() or sys.stderr.isatty())


def _where(run_key: tuple) -> tuple[str, bytes] | None:
    """The recording's path for this key, and the secret that signs it."""
    from linter44s import trust  # here: a --no-cache run is never replayed, and needs no hmac

    folder, secret = trust.home(), trust.secret(avoid=os.getcwd())
    if folder is None or secret is None:
        return None
    name = trust.mac(secret, b"run", _context(run_key).encode("utf-8", "surrogatepass")).hex()[:16]
    return os.path.join(folder, "runs", f"run-{name}"), secret


# `check` options that take a value (the next word, unless given as `--opt=value`).
_VALUED = frozenset({"--select", "--ignore", "--extend-select", "--output-format", "--cache-dir", "--config",
                     "--stdin-filename", "--jobs", "-j", "--file-timeout", "--baseline", "--write-baseline",
                     "--inspect-report"})  # a run with it is never recorded: the report is not stamped


def _named_paths(argv: list[str]) -> list[str]:
    """The PATHS of a `check` command line (not option values: `--cache-dir X`
    changes on every run, and a path that just changed means no recording)."""
    named, skip = [], False
    for word in argv[1:]:
        if skip:
            skip = False
        elif word.startswith("-"):
            skip = word in _VALUED
        else:
            named.append(word)
    return named or ["."]


def _required(argv: list[str]) -> set[str]:
    """What a replay must find stamped, whatever the recording says."""
    return {os.getcwd(), *own_files(), *(p for p in _named_paths(argv) if os.path.exists(p))}


def replay(argv: list[str]) -> int | None:
    """Print a recorded run's output and return its exit code, or None when
    this run must be done for real."""
    if not argv or argv[0] != "check" or "--no-cache" in argv or not not_on_terminal():
        return None
    run_key = key(argv)
    where = _where(run_key)
    if where is None:
        return None
    try:  # the user's own folder, but still: a regular file, not through a link
        fd = os.open(where[0], os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        try:
            st = os.fstat(fd)
            blob = os.read(fd, st.st_size + 1) if stat.S_ISREG(st.st_mode) and st.st_size < 64 << 20 else b""
        finally:
            os.close(fd)
    except OSError:
        return None
    from linter44s import framed  # here: most runs find no recording

    recorded = framed.decode(blob, _MAGIC, where[1], _context(run_key))
    if not (isinstance(recorded, tuple) and len(recorded) == 5):
        return None
    paths, stamps, out, err, code = recorded
    if len(paths) != len(stamps) or not _required(argv) <= set(paths):
        return None
    if any(stamp(p) != s for p, s in zip(paths, stamps, strict=True)):
        return None
    sys.stdout.write(out)
    sys.stdout.flush()
    if err:
        sys.stderr.write(err)
    return code


def own_files() -> list[str]:
    """linter44s's code and rules: a recording made by other code is no answer."""
    from linter44s.rules_folder import rules_folder

    here = os.path.dirname(os.path.abspath(__file__))
    found: list[str] = []
    for folder, dirs, files in os.walk(here):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        found.extend(os.path.join(folder, f) for f in files if f.endswith(".py"))
    rules = rules_folder()
    found.extend(os.path.join(rules, f) for f in os.listdir(rules) if f.endswith(".toml"))
    return sorted(found)


def record(argv: list[str], read: list[str], out: str, err: str, code: int) -> None:
    """Keep this run for replay.  `read` names every path the run read (or
    looked for).  They are stamped now, after the run: a path changed while it
    ran has a fresh mtime, and a fresh mtime means no recording."""
    if not not_on_terminal():
        return
    stamped = {p: stamp(p) for p in {*read, *_required(argv)}}
    if any(too_fresh(s) for s in stamped.values()):
        return
    run_key = key(argv)
    where = _where(run_key)
    from linter44s import trust

    if where is None or not trust.private_folder(os.path.dirname(where[0])):
        return
    # Newest first: what was edited last is the likeliest to have changed, and
    # replay stops at the first path that did.
    paths = tuple(sorted(stamped, key=lambda p: -(stamped[p] or (0, 0))[1]))
    stamps = tuple(stamped[p] for p in paths)
    from pathlib import Path

    from linter44s import framed
    from linter44s.atomic import write_bytes_atomic

    blob = framed.encode((paths, stamps, out, err, code), _MAGIC, where[1], _context(run_key))
    try:
        write_bytes_atomic(Path(where[0]), blob)
    except OSError:
        return
    _prune(os.path.dirname(where[0]))


def _prune(folder: str) -> None:
    """Drop the oldest recordings beyond the last few: only files of the tool's
    own name that start with its own magic, in its own folder."""
    try:
        with os.scandir(folder) as entries:
            mine = [(e.stat(follow_symlinks=False).st_mtime_ns, e.path) for e in entries
                    if _NAME.fullmatch(e.name) and e.is_file(follow_symlinks=False)]
    except OSError:
        return
    for _, path in sorted(mine, reverse=True)[_KEPT:]:
        try:
            with open(path, "rb") as handle:
                ours = handle.read(len(_MAGIC)) == _MAGIC
            if ours:
                os.unlink(path)
        except OSError:
            pass
