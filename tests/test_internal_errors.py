"""A rule that raises on a file costs only its own findings: the other rules'
are still reported, the error line names the rule, and the run exits 2 (a
bug never passes, not even with --exit-zero).

No input makes a shipped check raise (that would be a bug to fix), so the
real command line runs in a process where one check is replaced by one that
raises: the only stand-in in the test, everything else is the real run."""

from __future__ import annotations

import subprocess
import sys

import pytest

SOURCE = """\
import redis

r = redis.Redis()

def clear():
    for key in r.keys("session:*"):
        r.delete(key)
    r.set("seen", 1)
"""

RUN_WITH_A_BROKEN_RULE = """
import sys
from linter44s.checks import CHECKS, _load_all

_load_all()

def broken(facts, ctx):
    raise ValueError("boom")
    yield

CHECKS[sys.argv.pop(1)] = broken
from linter44s.cli import entry
entry(sys.argv[1:])
"""


def _run(project, broken: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", RUN_WITH_A_BROKEN_RULE, broken, "check", "--no-cache", "--output-format", "concise", *args],
        cwd=project.folder, capture_output=True, timeout=60, check=False,
    )


@pytest.mark.parametrize("extra", [(), ("--exit-zero",)], ids=["plain", "exit-zero"])
def test_a_raising_rule_keeps_the_others_findings_and_exits_2(project, extra):
    project.write("app.py", SOURCE)
    healthy = project.run("check", "--no-cache", "--output-format", "concise", "app.py").stdout.decode().splitlines()
    assert any("RDS101" in line for line in healthy) and any("RDS201" in line for line in healthy)

    result = _run(project, "RDS101", "app.py", *extra)
    out = result.stdout.decode().splitlines()
    assert result.returncode == 2, (out, result.stderr)
    # Every finding of the other rules is still there.
    assert [line for line in healthy if "RDS101" not in line] == [line for line in out if "error:" not in line]
    (error,) = [line for line in out if "error:" in line]
    assert error.startswith("app.py:1:1: error: internal error in rule RDS101 (keys-command), please report it: ValueError: boom")


def test_an_internal_error_exits_2_in_a_worker_too(project):
    """Past the parallel threshold the checks run in worker processes, which
    fork from the process where the rule was replaced."""
    for n in range(10):
        project.write(f"app{n}.py", SOURCE)
    result = _run(project, "RDS201", "-j", "2", ".")
    out = result.stdout.decode()
    assert result.returncode == 2
    assert out.count("internal error in rule RDS201") == 10
    assert out.count(": RDS101 ") == 10


def test_stdin_and_diff_exit_2_on_an_internal_error(project):
    stdin = subprocess.run(
        [sys.executable, "-c", RUN_WITH_A_BROKEN_RULE, "RDS201", "check", "--exit-zero", "-"],
        cwd=project.folder, input=SOURCE.encode(), capture_output=True, timeout=60, check=False,
    )
    assert stdin.returncode == 2 and b"internal error in rule RDS201" in stdin.stdout
    project.write("app.py", SOURCE)
    diff = _run(project, "RDS201", "--diff", "--exit-zero", "app.py")
    assert diff.returncode == 2
