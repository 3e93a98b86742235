#!/usr/bin/env python3
"""Stress linter44s on large trees of real code nobody here wrote.

    python bench/stress.py [--trees stdlib,django,pypi,npm] [--json]
                           [--workdir DIR] [--keep] [--no-full-parse]

Trees: the running interpreter's standard library (copied first), Django,
a few large PyPI packages and a few npm packages that ship TypeScript
sources, downloaded into a temporary folder at run time (fetch.py).  Per
tree it runs the real CLI with `--output-format json`: `--no-cache`, then
twice with a fresh `--cache-dir` (fill, warm replay) and once more with
`-v` (per-file cache, no replay), and it parses every file with the
prefilter off (fullparse.py).  It reports files, findings, parse errors,
internal errors and wall times, and exits 1 if any run had an internal
error, a traceback, a time-out or an exit code other than 0/1, or if the
cached runs, the uncached run and the full parse disagree.  See
docs/stress.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from fetch import log, npm_pack, pip_download, unpack  # bench/ is on sys.path: run as a script
from run import DJANGO

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TREES = ("stdlib", "django", "pypi", "npm")

PYPI = [
    ("redis", "8.1.0", "sdist"),
    ("celery", "5.7.0", "sdist"),
    ("kombu", "5.7.0", "sdist"),
    ("fakeredis", "2.40.0", "sdist"),
    ("SQLAlchemy", "2.1.9", "wheel"),  # its sdist needs Cython just to be downloaded
]
# Redis clients (compiled JS and .d.ts) and packages that ship their .ts sources.
NPM = [
    ("ioredis", "6.0.0"),
    ("@redis/client", "6.3.1"),
    ("bullmq", "6.7.0"),
    ("connect-redis", "9.0.0"),
    ("rxjs", "7.8.2"),
    ("zod", "4.6.7"),
    ("@trpc/server", "11.25.2"),
]
# Packages keep their code in dist/, which check skips by default as build output.
NPM_CONFIG = 'exclude = ["node_modules", ".git"]\n'
SUFFIXES = {"npm": (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".tsx", ".jsx")}
INTERNAL = re.compile(r"internal error|Traceback \(most recent call last\)")
RUNS = ("no-cache", "fill", "warm", "warm -v")


@dataclass
class Problem:
    tree: str
    kind: str  # internal error, time-out, exit code, bad output, mismatch
    file: str
    detail: str


@dataclass
class Session:
    """What every tree's checks share."""

    args: argparse.Namespace
    env: dict[str, str]  # for the CLI: PYTHONPATH points at this checkout
    workdir: Path
    problems: list[Problem] = field(default_factory=list)


@dataclass
class TreeReport:
    tree: str
    files: int = 0
    findings: int = 0
    parse_errors: int = 0
    internal_errors: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # run name -> wall time
    cache_equal: bool | None = None
    full_parse: dict | None = None  # files, seconds, errors, internal, equal, slowest


# --- the trees --------------------------------------------------------------


def build_tree(tree: str, workdir: Path) -> Path:
    """The tree, fetched and unpacked once per workdir (a `.ok` marker says it is complete)."""
    root, ok = workdir / "trees" / tree, workdir / "trees" / f"{tree}.ok"
    if ok.exists() and root.is_dir():
        return root
    shutil.rmtree(root, ignore_errors=True)
    dl = workdir / "downloads"
    dl.mkdir(parents=True, exist_ok=True)
    log(f"preparing the {tree} tree")
    if tree == "stdlib":
        # A copy, so nothing (a cache, bytecode) is ever written into the interpreter's folder.
        ignore = shutil.ignore_patterns("site-packages", "dist-packages", "__pycache__", "*.pyc", "lib-dynload")
        shutil.copytree(sysconfig.get_paths()["stdlib"], root, symlinks=True, ignore=ignore)
    elif tree == "django":
        unpack(pip_download(*DJANGO, dl), root)
    elif tree == "pypi":
        for name, version, kind in PYPI:
            unpack(pip_download(name, version, kind, dl), root / f"{name}-{version}")
    else:
        for name, version in NPM:
            archive = npm_pack(name, version, dl)
            unpack(archive, root / archive.name.removesuffix(".tgz"))
        (workdir / "linter44s-npm.toml").write_text(NPM_CONFIG)
    ok.write_text("ok\n")
    return root


# --- one CLI run ------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    items: list[dict]  # the JSON output
    files: int | None  # from the -v line
    failed: str | None = None  # why the run itself is a problem


def run_cli(cmd: list[str], root: Path, env: dict[str, str], timeout: float) -> Run:
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return Run(time.perf_counter() - started, [], None, f"time-out: still running after {timeout:.0f} s")
    seconds = time.perf_counter() - started
    stderr = err.decode("utf-8", "replace")
    found = re.search(r"linter44s: ([\d,]+) files in", stderr)
    files = int(found.group(1).replace(",", "")) if found else None
    try:
        items = json.loads(out)
    except ValueError:
        return Run(seconds, [], files, f"bad output: exit {proc.returncode}, stdout is not JSON; stderr: {stderr[-1500:]}")
    if proc.returncode not in (0, 1):
        return Run(seconds, items, files, f"exit code: {proc.returncode}; stderr: {stderr[-1500:]}")
    if INTERNAL.search(stderr):
        return Run(seconds, items, files, f"internal error: stderr: {stderr[-1500:]}")
    return Run(seconds, items, files)


def is_internal(item: dict) -> bool:
    return item["code"] is None and bool(INTERNAL.search(item["message"]))


def traceback_of(base: list[str], root: Path, path: str, env: dict[str, str]) -> str:
    """The traceback of an internal error, by checking the file alone on stdin with LINTER44S_DEBUG=1."""
    try:
        data = (root / path).read_bytes()
        proc = subprocess.run([*base, "--no-cache", "--stdin-filename", path, "-"], cwd=root, input=data,
                              capture_output=True, timeout=120, env={**env, "LINTER44S_DEBUG": "1"}, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"(could not re-run alone: {exc})"
    err = proc.stderr.decode("utf-8", "replace")
    return err[-3000:] if "Traceback" in err else "(not reproduced when the file is checked alone on stdin)"


def differences(a: list[dict], b: list[dict], limit: int = 5) -> str:
    """What one output has that the other lacks, at most `limit` lines each way."""
    ca = Counter(json.dumps(i, sort_keys=True) for i in a)
    cb = Counter(json.dumps(i, sort_keys=True) for i in b)
    only_a, only_b = list((ca - cb).elements()), list((cb - ca).elements())
    lines = [f"  only in first: {x}" for x in only_a[:limit]] + [f"  only in second: {x}" for x in only_b[:limit]]
    return f"{len(only_a)} vs {len(only_b)} items differ\n" + "\n".join(lines)


# --- one tree ---------------------------------------------------------------


def check_tree(tree: str, root: Path, session: Session) -> TreeReport:
    args, env, workdir, problems = session.args, session.env, session.workdir, session.problems
    report = TreeReport(tree)
    config = ["--config", str(workdir / "linter44s-npm.toml")] if tree == "npm" else []
    base = [*args.linter44s_cmd, "check", "--output-format", "json", *config]
    cache = workdir / "cache" / tree
    shutil.rmtree(cache, ignore_errors=True)
    argv = {
        "no-cache": [*base, "--no-cache", "-v", "."],
        "fill": [*base, "--cache-dir", str(cache), "."],
        "warm": [*base, "--cache-dir", str(cache), "."],
        "warm -v": [*base, "--cache-dir", str(cache), "-v", "."],
    }
    runs: dict[str, Run] = {}
    for name in RUNS:
        log(f"  {tree}: check ({name})")
        runs[name] = run = run_cli(argv[name], root, env, args.timeout)
        report.seconds[name] = round(run.seconds, 2)
        if run.failed:
            kind, _, detail = run.failed.partition(": ")
            problems.append(Problem(tree, kind, f"(whole run: {name})", detail))
    cold = runs["no-cache"]
    report.files = cold.files or 0
    report.findings = sum(1 for i in cold.items if i["code"] is not None)
    report.parse_errors = sum(1 for i in cold.items if i["code"] is None and not is_internal(i))
    internal = {i["filename"]: i["message"] for r in runs.values() for i in r.items if is_internal(i)}
    report.internal_errors = len(internal)
    for path, message in sorted(internal.items()):
        problems.append(Problem(tree, "internal error", path, f"{message}\n{traceback_of(base, root, path, env)}"))
    compared = [n for n in RUNS[1:] if not runs[n].failed and not cold.failed]  # a failed run is a problem already
    report.cache_equal = True if compared else None
    for name in compared:
        if Counter(map(_key, runs[name].items)) != Counter(map(_key, cold.items)):
            report.cache_equal = False
            problems.append(Problem(tree, "mismatch", f"(--no-cache vs {name})", differences(cold.items, runs[name].items)))
    if args.full_parse:
        report.full_parse = full_parse(tree, root, config, cold, session)
    return report


def _key(item: dict) -> str:
    return json.dumps(item, sort_keys=True)


def full_parse(tree: str, root: Path, config: list[str], cold: Run, session: Session) -> dict:
    """Every file parsed (fullparse.py): its errors, and whether its findings are the CLI's."""
    args, problems = session.args, session.problems
    log(f"  {tree}: every file parsed")
    cmd = [sys.executable, str(HERE / "fullparse.py"), *config, "--jobs", str(args.jobs), "--timeout", str(args.file_timeout)]
    proc = subprocess.run(cmd, cwd=root, env=session.env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        problems.append(Problem(tree, "full parse failed", "(fullparse.py)", proc.stderr[-3000:]))
        return {"failed": True}
    got = json.loads(proc.stdout)
    internal = [e for e in got["errors"] if INTERNAL.search(e["message"])]
    slow = [e for e in got["errors"] if e["message"].startswith("stress: ")]
    for e in internal:
        problems.append(Problem(tree, "internal error (full parse)", e["path"], got["tracebacks"].get(e["path"], e["message"])))
    for e in slow:
        problems.append(Problem(tree, "time-out (full parse)", e["path"], e["message"]))
    fast = sorted([i["filename"], i["code"], i["location"]["row"], i["location"]["column"], i["message"]]
                  for i in cold.items if i["code"] is not None)
    equal = fast == got["diagnostics"] if not cold.failed else None
    if equal is False:
        plain = [json.dumps(d) for d in got["diagnostics"]]
        quick = [json.dumps(d) for d in fast]
        detail = differences([{"d": d} for d in quick], [{"d": d} for d in plain])
        problems.append(Problem(tree, "mismatch", "(CLI --no-cache vs every file parsed)", detail))
    return {"files": got["files"], "seconds": got["seconds"], "findings": len(got["diagnostics"]),
            "errors": len(got["errors"]) - len(internal) - len(slow), "internal": len(internal) + len(slow),
            "equal": equal, "slowest": got["slowest"]}


# --- the report -------------------------------------------------------------


def table(reports: list[TreeReport]) -> str:
    head = ["tree", "files", "findings", "parse errors", "internal", *(f"{r} s" for r in RUNS), "cache = no-cache",
            "full parse s", "full: errors", "full: internal", "full = CLI"]
    rows = [head]
    for r in reports:
        fp = r.full_parse or {}
        yes = {True: "yes", False: "NO", None: "-"}
        rows.append([r.tree, f"{r.files:,}", f"{r.findings:,}", str(r.parse_errors), str(r.internal_errors),
                     *(f"{r.seconds.get(n, 0):.2f}" for n in RUNS), yes[r.cache_equal],
                     str(fp.get("seconds", "-")), str(fp.get("errors", "-")), str(fp.get("internal", "-")),
                     yes[fp.get("equal")]])
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]

    def line(row: list[str]) -> str:  # the tree's name to the left, numbers to the right
        return "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))

    return "\n".join(line(row) for row in rows)


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--trees", default=",".join(TREES), help=f"comma-separated, from {','.join(TREES)}")
    p.add_argument("--workdir", type=Path,
                   help="downloads, trees and caches, kept for a rerun (default: a new temp folder, removed)")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    p.add_argument("--no-full-parse", dest="full_parse", action="store_false", help="skip parsing every file")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes for the full parse")
    p.add_argument("--timeout", type=float, default=900.0, help="seconds one CLI run may take")
    p.add_argument("--file-timeout", type=float, default=60.0, help="seconds one file may take in the full parse")
    p.add_argument("--linter44s", help="command that runs linter44s (default: this interpreter's -m linter44s)")
    args = p.parse_args(argv)
    args.trees = [t.strip() for t in args.trees.split(",") if t.strip()]
    if set(args.trees) - set(TREES):
        p.error(f"unknown tree(s): {', '.join(sorted(set(args.trees) - set(TREES)))}; choose from {', '.join(TREES)}")
    args.linter44s_cmd = shlex.split(args.linter44s) if args.linter44s else [sys.executable, "-m", "linter44s"]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    workdir = (args.workdir or Path(tempfile.mkdtemp(prefix="linter44s-stress-"))).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    # `-m linter44s` and fullparse.py must import this checkout whatever the cwd.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    session = Session(args, env, workdir)
    reports: list[TreeReport] = []
    try:
        for tree in args.trees:
            reports.append(check_tree(tree, build_tree(tree, workdir), session))
    finally:
        if args.workdir is None and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            log(f"kept {workdir}")
    problems = session.problems
    if args.json:
        json.dump({"ok": not problems, "trees": [asdict(r) for r in reports], "problems": [asdict(p) for p in problems]},
                  sys.stdout, indent=2)
        print()
    else:
        print(table(reports))
        for p in problems:
            print(f"\n{p.tree}: {p.kind}: {p.file}\n{p.detail.rstrip()}")
        print(f"\n{len(problems)} problem(s)" if problems else "\nno problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
