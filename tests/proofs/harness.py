"""Run code before and after a fix on the same data in a real redis-server,
and say how the two runs differ.

The code runs as written, against `localhost:6379` as it names it: the
runner (runner.py) starts its own server inside a private network namespace
(`unshare -rn`, util-linux), so parallel test runs never share a server."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from tests.proofs.node import node_folder

RUNNER = Path(__file__).with_name("runner.py")

# How an unsafe fix may change what the code does (its rule page's fix-safety section):
# "none": identical; "order": SCAN order instead of KEYS order; "ttl-added": a key
# gains a TTL; "keys-renamed": the data lives under the new names; "now-written": a
# write that never happened now happens; "fifo": the same items popped, in another order.
Allowed = Literal["none", "order", "ttl-added", "keys-renamed", "now-written", "fifo"]


@dataclass(frozen=True)
class Case:
    calls: tuple[str, ...]  # expressions evaluated after the module ran
    seed: tuple[tuple[str, ...], ...] = ()  # commands run on an empty database first
    seed_after: tuple[tuple[str, ...], ...] | None = None  # "keys-renamed": the data under its new names
    inject: dict[str, str] = field(default_factory=dict)  # names the example leaves to its caller
    env: dict[str, str] = field(default_factory=dict)  # environment variables while it runs
    language: str = "python"  # "javascript": run under Node with the real ioredis / node-redis


@dataclass(frozen=True)
class Proof:
    cases: tuple[Case, ...]
    allowed: Allowed = "none"


def run(programs: list[tuple[str, Case, bool]]) -> list[dict]:
    """Run each (code, case, after?) on fresh data in one server; their observations in order."""
    assert shutil.which("unshare") and shutil.which("redis-server"), "the proofs need util-linux unshare and redis-server"
    jobs = [
        {"code": code, "calls": list(case.calls), "inject": case.inject, "env": case.env, "language": case.language,
         "seed": [list(c) for c in (case.seed_after if after and case.seed_after is not None else case.seed)]}
        for code, case, after in programs
    ]
    folder = tempfile.mkdtemp(prefix="linter44s-proof-")
    node = str(node_folder()) if any(case.language != "python" for _, case, _ in programs) else ""
    try:
        done = subprocess.run(
            ["unshare", "-rn", sys.executable, str(RUNNER), folder, node],
            input=json.dumps(jobs), capture_output=True, text=True, timeout=120, check=False,
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def differences(before: dict, after: dict, allowed: Allowed) -> list[str]:
    """What differs between the runs beyond what `allowed` permits."""
    found = []
    # The exception's class is compared, not its text (a pipeline names the command it failed on).
    b_out, a_out = _classes(before["outcomes"]), _classes(after["outcomes"])
    b_printed, a_printed = before["printed"], after["printed"]
    if allowed == "fifo":
        b_out, a_out = sorted(b_out, key=repr), sorted(a_out, key=repr)
    if allowed == "order":
        b_out, a_out = _sorted(b_out), _sorted(a_out)
        b_printed, a_printed = sorted(b_printed), sorted(a_printed)
    if allowed != "now-written" and b_out != a_out:
        found.append(f"results: {b_out} -> {a_out}")
    if allowed == "now-written" and [o for o in a_out if "raised" in o] != [o for o in b_out if "raised" in o]:
        found.append(f"exceptions: {b_out} -> {a_out}")
    if b_printed != a_printed:
        found.append(f"printed: {b_printed} -> {a_printed}")
    found += _keyspace_differences(before["keyspace"], after["keyspace"], allowed)
    return found


def _keyspace_differences(before: dict, after: dict, allowed: Allowed) -> list[str]:
    if allowed == "keys-renamed":
        before, after = _by_content(before), _by_content(after)
    elif allowed == "ttl-added":
        gained = [k for k in after if k in before and after[k]["ttl"] and not before[k]["ttl"]]
        after = {k: ({**v, "ttl": False} if k in gained else v) for k, v in after.items()}
    elif allowed == "now-written":
        after = {k: v for k, v in after.items() if k in before}
    return [] if before == after else [f"keyspace: {before} -> {after}"]


def _by_content(keyspace: dict) -> list:
    return sorted(json.dumps(v, sort_keys=True) for v in keyspace.values())


def _classes(outcomes: list) -> list:
    return [{k: v for k, v in o.items() if k != "where"} for o in outcomes]


def _sorted(outcomes: list) -> list:
    """SCAN order: lists as multisets, and a name a loop left bound (its last
    item, which depends on the order) only as bound."""
    def order(value: object) -> object:
        if isinstance(value, list):
            return sorted((order(v) for v in value), key=repr)
        if isinstance(value, dict):
            return {k: order(v) for k, v in value.items()}
        return value

    def bound(names: dict) -> dict:
        return {k: order(v) if isinstance(v, list | dict) else "(bound)" for k, v in names.items()}

    return [{"globals": bound(o["globals"])} if "globals" in o else order(o) for o in outcomes]
