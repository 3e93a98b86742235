#!/usr/bin/env python3
"""The plain road over a whole tree, for stress.py: every file parsed.

    python bench/fullparse.py [--config FILE] [--jobs N] [--timeout S]   (run in the tree's root)

The CLI's prefilter never parses a file that cannot talk to Redis, so on
the standard library it parses almost nothing.  This runs every discovered
file through the engine with the prefilter off (`Job(exhaustive=True)`, as
tests/test_fast_path.py does), in N processes, each file under a time limit,
then links modules and checks again the files told of imported clients, as
the engine does.  It prints one JSON object: files, seconds, diagnostics,
file errors, internal errors with their tracebacks, files over the time
limit and the slowest files.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import signal
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from linter44s import engine
from linter44s.config import Settings, resolve
from linter44s.diagnostics import FileError
from linter44s.discovery import discover
from linter44s.engine import FileReport, Job

TIMED_OUT = "stress: still running after"


class _TimeUp(BaseException):
    """Raised by the alarm; a BaseException so the engine's own `except Exception` cannot swallow it."""


def _alarm(signum, frame) -> None:
    raise _TimeUp


@dataclass(frozen=True)
class _Worker:
    """What each process needs: set once by `_init`, in the parent and in every worker."""

    settings: Settings
    limit: float


_state: list[_Worker] = []


def _init(config: str | None, limit: float) -> _Worker:
    _state[:] = [_Worker(resolve(config, Path(".")), limit)]
    signal.signal(signal.SIGALRM, _alarm)
    return _state[0]


def _one(item: tuple[str, tuple]) -> tuple[FileReport, float, str | None]:
    """One file: (report, seconds, traceback of an internal error or None)."""
    path, external = item
    state = _state[0]
    job = Job(path, state.settings, external=external, exhaustive=True)
    # Without run_job's catch-all, so an internal error keeps its traceback.
    inner = getattr(engine, "_run_job", engine.run_job)
    started = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, state.limit)
    try:
        return inner(job), time.perf_counter() - started, None
    except _TimeUp:
        message = f"{TIMED_OUT} {state.limit:.0f} s"
        return FileReport(path, error=FileError(path, message)), time.perf_counter() - started, None
    except Exception as exc:  # noqa: BLE001 -- what we are here to find
        message = f"internal error, please report it: {type(exc).__name__}: {exc}"
        return FileReport(path, error=FileError(path, message)), time.perf_counter() - started, traceback.format_exc()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def run(config: str | None, jobs: int, limit: float) -> dict:
    settings = _init(config, limit).settings
    files = [item for item in discover(["."], settings, False, None) if not isinstance(item, FileError)]
    started = time.perf_counter()
    out: dict[str, tuple[FileReport, float, str | None]] = {}
    with multiprocessing.get_context("fork").Pool(jobs, initializer=_init, initargs=(config, limit)) as pool:
        for result in pool.imap_unordered(_one, [(p, ()) for p in files], chunksize=8):
            out[result[0].path] = result
        # Cross-module client tracking, as engine._check_all does it.
        linked = engine.link_modules({p: r for p, (r, _, _) in out.items()}, settings.root)
        for result in pool.imap_unordered(_one, sorted(linked.items()), chunksize=4):
            out[result[0].path] = result
    seconds = time.perf_counter() - started
    reports = [out[p][0] for p in files]
    return {
        "files": len(files),
        "seconds": round(seconds, 2),
        "diagnostics": sorted([d.path, d.code, d.span.line, d.span.col, d.message] for r in reports for d in r.diagnostics),
        "errors": [{"path": r.path, "message": r.error.message, "line": r.error.line} for r in reports if r.error],
        "tracebacks": {p: tb for p, (_, _, tb) in out.items() if tb},
        "slowest": [[p, round(s, 2)] for s, p in sorted(((s, p) for p, (_, s, _) in out.items()), reverse=True)[:5]],
    }


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--config", help="the linter44s configuration file, as for `check --config`")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--timeout", type=float, default=60.0, help="seconds one file may take")
    args = p.parse_args(argv)
    json.dump(run(args.config, max(1, args.jobs), args.timeout), sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
