#!/usr/bin/env python3
"""Benchmark linter44s against ruff, flake8 and ESLint on pinned real trees.

    python bench/run.py [--repeat N] [--trees django,redis,npm]
                        [--workdir DIR] [--markdown docs/performance.md]

Downloads pinned packages from PyPI and npm into a work folder (kept, so a
rerun is quick; nothing lands in the repository), runs every tool on every
tree several times in turn, and prints medians, ratios and peak memory with
pass/fail against the targets of the performance issue.  See bench/README.md.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import venv
from dataclasses import dataclass, field
from pathlib import Path

from fetch import log, npm_pack, pip_download, unpack  # bench/ is on sys.path: run as a script

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_WORKDIR = Path(tempfile.gettempdir()) / "linter44s-bench"

# --- what is measured: pinned, so every run reads the same bytes ------------

DJANGO = ("Django", "6.1.3", "sdist")

# 13 packages that use redis-py, plus litellm (whose sdist needs a build
# toolchain to resolve, so its wheel is unpacked instead: same sources).
REDIS_HEAVY = [
    ("redis", "8.1.0", "sdist"),
    ("django-redis", "7.0.0", "sdist"),
    ("rq", "2.12.0", "sdist"),
    ("celery", "5.7.0", "sdist"),
    ("kombu", "5.7.0", "sdist"),
    ("flask-caching", "2.5.1", "sdist"),
    ("flask-limiter", "4.1.1", "sdist"),
    ("limits", "5.8.0", "sdist"),
    ("walrus", "0.9.8", "sdist"),
    ("fakeredis", "2.40.0", "sdist"),
    ("arq", "0.28.0", "sdist"),
    ("huey", "3.5.4", "sdist"),
    ("dramatiq", "2.2.1", "sdist"),
    ("litellm", "1.110.2", "wheel"),
]

NPM_PACKAGES = [
    ("bee-queue", "2.0.0"),
    ("bull", "4.16.5"),
    ("bullmq", "6.7.0"),
    ("connect-redis", "10.0.0"),
    ("ioredis", "6.0.0"),
    ("rate-limiter-flexible", "11.4.0"),
    ("redlock", "4.2.0"),
    ("@socket.io/redis-adapter", "8.3.0"),
]

# ESLint parses only JavaScript; the TypeScript files need this parser.
ESLINT_PACKAGES = [("eslint", "10.15.0"), ("@typescript-eslint/parser", "8.73.0")]
ESLINT_CONFIG = """\
import tsParser from "@typescript-eslint/parser";
export default [
  {files: ["**/*.{js,mjs,cjs,ts,mts,cts}"], rules: {}},
  {files: ["**/*.{ts,mts,cts}"], languageOptions: {parser: tsParser}},
];
"""

# Used only when ruff/flake8 are not next to this interpreter or on PATH.
PY_TOOLS = [("ruff", "0.17.6"), ("flake8", "7.5.0")]

# The file edited for the one-file-changed run: a leaf module that uses Redis.
# One file as a pre-commit hook gets it when only it is staged: one that imports
# from its own package, so the project index (linter44s/index.py) is consulted.
STAGED_FILE = {
    "django": "django/core/cache/backends/redis.py",
    "redis": "rq-2.12.0/rq/queue.py",
    "npm": "bullmq-6.7.0/package/dist/esm/classes/queue.js",
}
CHANGED_FILE = {
    "django": "django/core/cache/backends/redis.py",
    "redis": "django_redis-7.0.0/django_redis/cache.py",
    "npm": "connect-redis-10.0.0/package/index.ts",
}

TREES = ("django", "redis", "npm")
MB = 1024 * 1024


# --- measuring one run: a fresh wrapper process per run ---------------------


def _tree_rss(root: int) -> int:
    """Summed RSS in bytes of `root` and all its descendants (Linux /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        rss[pid] = int(fields[21]) * page
    total, todo = 0, [root]
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, ()))
    return total


def measure_main(argv: list[str]) -> int:
    """Wrapper mode: run argv[timeout, cmd...], print one JSON line.

    Being a fresh process, its RUSAGE_CHILDREN holds this one run only:
    ru_maxrss is the largest single process of the tool's tree; the /proc
    sampler adds up the whole tree (worker pools) every 50 ms.
    """
    import resource

    timeout = float(argv[0])
    cmd = argv[1:]
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
        # A blocking wait times the run exactly; polling with a timeout would
        # round a 0.1 s run up by tens of milliseconds.  The memory sampler
        # and the time limit live on other threads.
        done = threading.Event()
        peaks = [0]
        killed = threading.Timer(timeout, lambda: os.killpg(proc.pid, signal.SIGKILL))
        killed.start()

        def sample() -> None:
            while not done.wait(0.05):
                peaks[0] = max(peaks[0], _tree_rss(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        if sys.platform.startswith("linux"):
            sampler.start()
        proc.wait()
        wall = time.perf_counter() - start
        done.set()
        killed.cancel()
        timed_out = wall >= timeout and proc.returncode == -signal.SIGKILL
        if sampler.is_alive():
            sampler.join()
        tree_peak = peaks[0]
        err.seek(0)
        tail = err.read()[-2000:].decode("utf-8", "replace")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    maxrss = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    print(json.dumps({
        "wall": wall, "rc": proc.returncode, "timed_out": timed_out,
        "peak": max(maxrss, tree_peak), "maxrss": maxrss,
        "cpu": usage.ru_utime + usage.ru_stime, "stderr": tail,
    }))
    return 0


@dataclass
class Sample:
    wall: float
    peak: int
    cpu: float
    checked: int | None = None  # files linter44s checked again (its -v line), when asked


@dataclass
class Tool:
    name: str
    cmd: list[str]
    ok_codes: tuple[int, ...] = (0,)
    timeout: float = 900.0
    slow: bool = False
    samples: list[Sample] = field(default_factory=list)
    error: str | None = None
    env: dict[str, str] = field(default_factory=dict)  # on top of the run's environment
    baseline: str = ""  # the commit whose code this row runs (--baseline), else ""


def run_measured(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float) -> dict:
    wrapper = [sys.executable, str(Path(__file__).resolve()), "--_measure", str(timeout), "--", *cmd]
    out = subprocess.run(wrapper, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"measuring wrapper failed: {out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- fetching the trees (downloads: fetch.py) --------------------------------


def build_tree(tree: str, workdir: Path) -> Path:
    """The unpacked tree, built once; a `.ok` marker says it is complete."""
    root = workdir / "trees" / tree
    ok = workdir / "trees" / f"{tree}.ok"
    if ok.exists() and root.is_dir():
        return root
    dl = workdir / "downloads"
    dl.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(root, ignore_errors=True)
    log(f"fetching the {tree} tree")
    if tree == "django":
        archive = pip_download(*DJANGO, dl)
        with tempfile.TemporaryDirectory(dir=workdir) as tmp:
            unpack(archive, Path(tmp))
            (top,) = Path(tmp).iterdir()  # django-6.1.3/
            root.parent.mkdir(parents=True, exist_ok=True)
            os.replace(top, root)
    elif tree == "redis":
        for name, version, kind in REDIS_HEAVY:
            archive = pip_download(name, version, kind, dl)
            # sdists unpack to name-version/; a wheel gets a folder of that name.
            unpack(archive, root if kind == "sdist" else root / f"{name}-{version}")
    elif tree == "npm":
        for name, version in NPM_PACKAGES:
            archive = npm_pack(name, version, dl)
            unpack(archive, root / archive.name.removesuffix(".tgz"))
    ok.write_text("ok\n")
    return root


def ensure_eslint(workdir: Path) -> tuple[Path, Path]:
    """ESLint 10 and the TypeScript parser in workdir/eslint; its flat config."""
    home = workdir / "eslint"
    home.mkdir(parents=True, exist_ok=True)
    config = home / "eslint.config.mjs"
    config.write_text(ESLINT_CONFIG)
    binary = home / "node_modules" / ".bin" / "eslint"
    want = [f"{n}@{v}" for n, v in ESLINT_PACKAGES]
    stamp = home / ".installed"
    if not binary.exists() or not stamp.exists() or stamp.read_text() != " ".join(want):
        (home / "package.json").write_text(json.dumps({"name": "bench-eslint", "private": True, "type": "module"}))
        log(f"npm install {' '.join(want)}")
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--save-exact", *want],
                       cwd=home, check=True)
        stamp.write_text(" ".join(want))
    return binary, config


def find_py_tool(name: str, workdir: Path) -> Path:
    """ruff/flake8 next to this interpreter, else on PATH, else a bench venv."""
    here = Path(sys.executable).parent / name
    if here.exists():
        return here
    found = shutil.which(name)
    if found:
        return Path(found)
    env_dir = workdir / "venv"
    tool = env_dir / "bin" / name
    if not tool.exists():
        log(f"creating {env_dir} for ruff and flake8")
        venv.create(env_dir, with_pip=True)
        subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet",
                        *[f"{n}=={v}" for n, v in PY_TOOLS]], check=True)
    return tool


def version_of(cmd: list[str]) -> str:
    try:
        out = subprocess.run([*cmd, "--version"], capture_output=True, text=True, timeout=60, check=False)
    except OSError as exc:
        return f"unavailable ({exc})"
    return (out.stdout.strip() or out.stderr.strip()).splitlines()[0] if (out.stdout or out.stderr) else "?"


def count_files(root: Path, suffixes: tuple[str, ...]) -> tuple[int, int]:
    files = lines = 0
    for path in root.rglob("*"):
        if path.suffix in suffixes and path.is_file():
            files += 1
            with open(path, "rb") as fh:
                lines += sum(1 for _ in fh)
    return files, lines


# --- the run ---------------------------------------------------------------


@dataclass
class TreeResult:
    tree: str
    files: int
    lines: int
    tools: dict[str, Tool]


L44S_COLD = "linter44s (cold, --no-cache)"
L44S_FILL = "linter44s (cache fill)"
L44S_WARM = "linter44s (warm, unchanged)"
L44S_WARM_FILES = "linter44s (warm, per-file cache)"
L44S_ONE = "linter44s (one file changed)"
L44S_STAGED_COLD = "linter44s (one staged file, cold index)"
L44S_STAGED_WARM = "linter44s (one staged file, warm index)"


def export_baseline(rev: str, workdir: Path) -> Path:
    """The `linter44s` package and its `rules/` as they were at commit `rev`,
    unpacked and compiled once under workdir/baseline/REV (it runs on this
    checkout's dependencies).  Without its rules, the old code would load no
    rule, parse almost nothing and look far faster than it was."""
    home = workdir / "baseline" / rev
    if not (home / "linter44s" / "__init__.py").is_file() or not (home / "rules").is_dir():
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", rev, "linter44s", "rules"],
                                 capture_output=True, check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(home, filter="data")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(home / "linter44s")], check=True,
                   stdout=subprocess.DEVNULL)
    loaded = subprocess.run([sys.executable, "-c", "from linter44s.registry import RULES; print(len(RULES))"],
                            check=False, env=dict(os.environ, PYTHONPATH=str(home)), cwd=home, capture_output=True, text=True)
    if loaded.returncode != 0 or not loaded.stdout.strip().isdigit() or int(loaded.stdout) == 0:
        sys.exit(f"bench: the code of {rev} in {home} loads no rules: {loaded.stderr.strip()[-300:]}")
    return home


def make_tools(tree: str, root: Path, args: argparse.Namespace, workdir: Path) -> dict[str, Tool]:
    tools: dict[str, Tool] = {}
    if tree != "npm":
        ruff = str(find_py_tool("ruff", workdir))
        tools["ruff"] = Tool("ruff", [ruff, "check", "--isolated", "--no-cache",
                                      "--exit-zero", "--output-format", "concise", "."])
        if not args.skip_slow:
            flake8 = str(find_py_tool("flake8", workdir))
            tools["flake8"] = Tool("flake8", [flake8, "--isolated", "--exit-zero", "."],
                                   timeout=args.slow_timeout, slow=True)
    else:
        eslint, config = ensure_eslint(workdir)
        # exit 1 means "found problems", which is fine here; 2 is a crash
        tools["eslint"] = Tool("eslint", [str(eslint), "--config", str(config), "--no-inline-config", "."],
                               ok_codes=(0, 1))
        tools["regex tokenizer"] = Tool("regex tokenizer", [sys.executable, str(HERE / "jstok.py"), "."])
    if not args.no_linter44s:
        base = [*args.linter44s_cmd, "check", "--exit-zero", "--output-format", "concise"]
        if tree == "npm":
            # npm packages ship their code in dist/, which linter44s skips by
            # default as build output; ESLint reads it, so linter44s must too.
            # At the tree's root, as a user's would be: its folder is the project.
            (root / "linter44s.toml").write_text('exclude = ["node_modules", ".git"]\n')
        cache = str(workdir / "cache" / tree)
        tools[L44S_COLD] = Tool(L44S_COLD, [*base, "--no-cache", "."])
        for rev, home in args.baselines.items():
            # The same cold run by the code of an older commit, measured in the same repetitions.
            name = f"linter44s {rev} (cold, --no-cache)"
            tools[name] = Tool(name, [sys.executable, "-m", "linter44s", "check", "--exit-zero", "--output-format",
                                      "concise", "--no-cache", "."], env={"PYTHONPATH": str(home)}, baseline=rev)
        tools[L44S_FILL] = Tool(L44S_FILL, [*base, "--cache-dir", cache, "."])
        tools[L44S_WARM] = Tool(L44S_WARM, [*base, "--cache-dir", cache, "."])
        # -v turns the replay of the whole run off: every file is answered from
        # the per-file cache, as on a terminal or after an edit elsewhere.
        tools[L44S_WARM_FILES] = Tool(L44S_WARM_FILES, [*base, "--cache-dir", cache, "--verbose", "."])
        # -v says how many files were checked again, which is what this run is about.
        tools[L44S_ONE] = Tool(L44S_ONE, [*base, "--cache-dir", cache, "--verbose", "."])
        # A pre-commit run with one staged file: its imports are linked through the
        # project index, first with an empty cache, then with the one that run left.
        staged = str(workdir / "cache" / f"{tree}-staged")
        tools[L44S_STAGED_COLD] = Tool(L44S_STAGED_COLD, [*base, "--cache-dir", staged, "--verbose", STAGED_FILE[tree]])
        tools[L44S_STAGED_WARM] = Tool(L44S_STAGED_WARM, [*base, "--cache-dir", staged, "--verbose", STAGED_FILE[tree]])
    return tools


def run_tree(tree: str, root: Path, tools: dict[str, Tool], rep: int, args: argparse.Namespace,
             env: dict[str, str], workdir: Path) -> None:
    changed = root / CHANGED_FILE[tree]
    for tool in tools.values():
        if tool.error or (tool.slow and rep >= args.slow_repeat):
            continue
        if tool.name == L44S_FILL:
            shutil.rmtree(workdir / "cache" / tree, ignore_errors=True)
        if tool.name == L44S_STAGED_COLD:
            shutil.rmtree(workdir / "cache" / f"{tree}-staged", ignore_errors=True)
        original = None
        if tool.name == L44S_ONE:
            original, stat = changed.read_bytes(), changed.stat()
            # new content every repetition, so the edit is never a cache hit
            changed.write_bytes(original + f"\n# linter44s bench edit {rep} {time.time_ns()}\n".encode())
        try:
            res = run_measured(tool.cmd, root, {**env, **tool.env}, tool.timeout)
        finally:
            if original is not None:
                # Back as it was, mtime too: the next repetition's runs see the
                # same unchanged tree as this one's did.
                changed.write_bytes(original)
                os.utime(changed, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        if res["timed_out"]:
            tool.error = f"timed out after {tool.timeout:.0f} s"
        elif res["rc"] not in tool.ok_codes:
            tool.error = f"exit code {res['rc']}: {res['stderr'].strip()[-600:]}"
        if tool.error:
            log(f"  {tree:6} {tool.name:32} FAILED: {tool.error}")
            continue
        found = re.search(r"(\d[\d,]*) checked \(", res["stderr"])
        checked = int(found.group(1).replace(",", "")) if found else None
        tool.samples.append(Sample(res["wall"], res["peak"], res["cpu"], checked))
        log(f"  {tree:6} {tool.name:32} {res['wall']:8.2f} s  {res['peak'] / MB:7.0f} MB")


# --- the report -------------------------------------------------------------


def median(tool: Tool | None) -> float | None:
    if tool is None or not tool.samples:
        return None
    return statistics.median(s.wall for s in tool.samples)


def targets(result: TreeResult) -> dict[str, tuple[str, bool | None]]:
    """tool name -> (the target in words, passed?)."""
    t = result.tools
    ruff, eslint = median(t.get("ruff")), median(t.get("eslint"))
    cold, warm = median(t.get(L44S_COLD)), median(t.get(L44S_WARM))
    out: dict[str, tuple[str, bool | None]] = {}

    def check(name: str, words: str, ok: bool | None) -> None:
        if name in t:
            out[name] = (words, ok if t[name].samples else None)

    limit = {"django": 1.5, "redis": 3.0}.get(result.tree)
    if limit is not None:
        check(L44S_COLD, f"<= {limit}x ruff", None if cold is None or ruff is None else cold <= limit * ruff)
        check(L44S_WARM, "<= 0.2x ruff", None if warm is None or ruff is None else warm <= 0.2 * ruff)
    else:
        check(L44S_COLD, "<= 0.5x eslint", None if cold is None or eslint is None else cold <= 0.5 * eslint)
    for name, tool in t.items():
        if tool.baseline and L44S_COLD in out:
            # An older commit's cold run: this code must be no slower (a tenth of slack for the VM's noise).
            older = median(tool)
            words, ok = out[L44S_COLD]
            rev = tool.baseline
            within_older = None if older is None or cold is None else cold <= BASELINE_SLACK * older
            out[L44S_COLD] = (f"{words}; <= {BASELINE_SLACK}x {rev}",
                              None if ok is None or within_older is None else ok and within_older)
            out[name] = (f"this code: {cold / older:.2f}x of it" if older and cold else "", None)
    # Re-checking only what one edit can affect: the edited file is a leaf
    # (no module imports a client from it), so it alone is checked again.
    if L44S_ONE in t and t[L44S_ONE].samples:
        counts = {s.checked for s in t[L44S_ONE].samples}
        check(L44S_ONE, f"checks 1 file again (checked: {', '.join(str(c) for c in sorted(counts, key=str))})",
              counts == {1})
    for name in (L44S_COLD, L44S_FILL, L44S_WARM, L44S_WARM_FILES, L44S_ONE, L44S_STAGED_COLD, L44S_STAGED_WARM):
        if name in t and t[name].samples:
            peak = max(s.peak for s in t[name].samples) / MB
            words, ok = out.get(name, ("", True))
            out[name] = (f"{words}; peak < 400 MB".lstrip("; "), (ok is not False) and peak < 400)
    return out


BASELINE_SLACK = 1.1


def rows(result: TreeResult) -> list[list[str]]:
    t = result.tools
    ruff, eslint = median(t.get("ruff")), median(t.get("eslint"))
    checks = targets(result)
    table = []
    for name, tool in t.items():
        med = median(tool)
        ok = checks.get(name)
        verdict = "" if ok is None or tool.baseline else ("n/a" if ok[1] is None else ("PASS" if ok[1] else "FAIL"))
        if tool.error and not tool.samples:
            table.append([name, "error", "", "", "", "", tool.error.splitlines()[0][:60], "FAIL" if ok else ""])
            continue
        ratio_ref = ruff if ruff is not None else eslint
        table.append([
            name,
            f"{med:.2f}" if med is not None else "-",
            f"{min(s.wall for s in tool.samples):.2f}" if tool.samples else "-",
            str(len(tool.samples)),
            f"{med / ratio_ref:.2f}x" if med is not None and ratio_ref else "-",
            f"{max(s.peak for s in tool.samples) / MB:.0f}" if tool.samples else "-",
            ok[0] if ok else "",
            verdict,
        ])
    return table


def header(result: TreeResult) -> list[str]:
    ref = "ruff" if "ruff" in result.tools else "eslint"
    return ["tool", "median s", "min s", "runs", f"vs {ref}", "peak MB", "target", "result"]


def tree_title(result: TreeResult) -> str:
    kind = "JS/TS" if result.tree == "npm" else "Python"
    return f"{result.tree}: {result.files:,} {kind} files, {result.lines:,} lines"


def text_table(results: list[TreeResult]) -> str:
    out = []
    for result in results:
        head, body = header(result), rows(result)
        widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]
        out.append(tree_title(result))
        for r in [head, *body]:
            out.append("  " + "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
        out.append("")
    return "\n".join(out)


def markdown_table(results: list[TreeResult], meta: list[str]) -> str:
    out = [f"- {m}" for m in meta] + [""]
    for result in results:
        out.append(f"**{tree_title(result)}**")
        out.append("")
        head = header(result)
        out.append("| " + " | ".join(head) + " |")
        out.append("|" + "|".join(" --- " for _ in head) + "|")
        for r in rows(result):
            out.append("| " + " | ".join(c.replace("|", "\\|") for c in r) + " |")
        out.append("")
    return "\n".join(out)


MD_START, MD_END = "<!-- bench:start -->", "<!-- bench:end -->"
MD_INTRO = """\
# Performance

How fast linter44s is next to ruff, flake8 and ESLint on real trees, as
measured by `python bench/run.py` (see `bench/README.md` to rerun it).  The
table between the markers below is rewritten by
`python bench/run.py --markdown docs/performance.md`.

Targets: a cold run at most 1.5x ruff on Django and 3x ruff on the
Redis-heavy tree, at most half of ESLint on the JS/TS tree; a warm re-run
on an unchanged tree at most a fifth of ruff; after a one-file edit only
what that edit can affect is re-checked; peak memory under 400 MB.

"""


def write_markdown(path: Path, block: str) -> None:
    text = path.read_text() if path.exists() else MD_INTRO + f"{MD_START}\n{MD_END}\n"
    if MD_START not in text or MD_END not in text:
        text = text.rstrip("\n") + f"\n\n{MD_START}\n{MD_END}\n"
    before, rest = text.split(MD_START, 1)
    _, after = rest.split(MD_END, 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{before}{MD_START}\n{block}\n{MD_END}{after}")


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--repeat", type=int, default=5, help="runs of each tool per tree (default 5)")
    p.add_argument("--trees", default=",".join(TREES), help="comma-separated: django,redis,npm")
    p.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR,
                   help=f"downloads, trees and caches (default {DEFAULT_WORKDIR})")
    p.add_argument("--markdown", type=Path, help="write the table into this file between bench markers")
    p.add_argument("--linter44s", dest="linter44s", default=None,
                   help="command that runs linter44s (default: the linter44s script beside this interpreter, else its `-m linter44s`)")
    p.add_argument("--no-linter44s", action="store_true", help="measure only the other tools")
    p.add_argument("--skip-slow", action="store_true", help="do not run flake8")
    p.add_argument("--slow-repeat", type=int, default=1,
                   help="runs of flake8 per tree (default 1: it takes minutes)")
    p.add_argument("--slow-timeout", type=float, default=600.0, help="seconds before a flake8 run is stopped")
    p.add_argument("--fetch-only", action="store_true", help="download and unpack, then stop")
    p.add_argument("--baseline", action="append", default=[], metavar="REV",
                   help="also time the cold run of the linter44s code at this commit (repeatable)")
    args = p.parse_args(argv)
    args.trees = [t.strip() for t in args.trees.split(",") if t.strip()]
    unknown = set(args.trees) - set(TREES)
    if unknown:
        p.error(f"unknown tree(s): {', '.join(sorted(unknown))}; choose from {', '.join(TREES)}")
    # Users run the `linter44s` script pip installs (pre-commit does too), which
    # starts faster than `python -m` (no runpy); PYTHONPATH points either at this checkout.
    script = Path(sys.executable).parent / "linter44s"
    default = [str(script)] if script.is_file() else [sys.executable, "-m", "linter44s"]
    args.linter44s_cmd = shlex.split(args.linter44s) if args.linter44s else default
    return args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--_measure"]:
        return measure_main(argv[1:2] + argv[3:])  # skip the "--"
    args = parse_args(argv)
    workdir = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    roots = {tree: build_tree(tree, workdir) for tree in args.trees}
    if args.fetch_only:
        for tree, root in roots.items():
            print(f"{tree}: {root}")
        return 0

    env = dict(os.environ)
    # `python -m linter44s` must import this checkout whatever the cwd
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    if args.linter44s is None:
        # An installed wheel ships compiled bytecode (pip compiles it); a checkout
        # run with PYTHONDONTWRITEBYTECODE set would compile every module on every
        # run, in every worker.  Measure what users run.
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "linter44s")], check=True,
                       stdout=subprocess.DEVNULL)

    args.baselines = {rev: export_baseline(rev, workdir) for rev in args.baseline}
    results: list[TreeResult] = []
    for tree, root in roots.items():
        suffixes = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts") if tree == "npm" else (".py",)
        files, lines = count_files(root, suffixes)
        results.append(TreeResult(tree, files, lines, make_tools(tree, root, args, workdir)))

    if not args.no_linter44s:
        probe = subprocess.run([*args.linter44s_cmd, "check", "--help"], env=env, capture_output=True, text=True,
                               check=False)
        if probe.returncode != 0:
            log(f"linter44s does not run yet ({probe.stderr.strip().splitlines()[-1:]}); measuring the others")
            for result in results:
                for name in [n for n in result.tools if n.startswith("linter44s")]:
                    del result.tools[name]

    versions = {}
    for result in results:
        for tool in result.tools.values():
            key = tool.name.split(" ")[0]
            if key not in versions and key != "regex":
                versions[key] = version_of(args.linter44s_cmd if key == "linter44s" else tool.cmd[:1])
    for rep in range(args.repeat):
        log(f"repetition {rep + 1}/{args.repeat}")
        for result in results:
            run_tree(result.tree, roots[result.tree], result.tools, rep, args, env, workdir)

    meta = [
        (f"{platform.node() or 'host'}: {os.cpu_count()} cores, {platform.system()} {platform.machine()}, "
         f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}"),
        "; ".join(f"{k}: {v}" for k, v in versions.items()),
        (f"{args.repeat} runs per tool, interleaved (flake8: {args.slow_repeat}); wall time median; "
         "peak MB = highest resident memory of the tool's process tree"),
    ]
    print("\n".join(meta) + "\n")
    print(text_table(results))
    if args.markdown:
        write_markdown(args.markdown, markdown_table(results, meta))
        log(f"wrote {args.markdown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
