"""Only regular files are read, and never more than 10 MiB of one; a bad
entry is its own error line while the rest of its folder is checked
(issue 10, item 10)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from linter44s.sources import MAX_BYTES, read

ROOT = Path(__file__).resolve().parent.parent
FLAGGED = 'import redis\nr = redis.Redis()\nr.keys("a:*")\n'


def _limit_memory() -> None:
    # Reading /dev/zero whole must fail fast here, not take the machine's memory.
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def check(cwd: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    done = subprocess.run(
        [sys.executable, "-m", "linter44s", "check", "--output-format", "concise", *args],
        check=False, cwd=cwd, capture_output=True, text=True, timeout=30, env={**os.environ, "PYTHONPATH": str(ROOT)},
        preexec_fn=_limit_memory,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done, done.stdout.splitlines()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A folder with every kind of bad entry beside good files, at the top and below."""
    (tmp_path / "sub").mkdir()
    for name in ("good.py", "sub/deep.py"):
        (tmp_path / name).write_text(FLAGGED)
    os.mkfifo(tmp_path / "pipe.py")
    (tmp_path / "zero.py").symlink_to("/dev/zero")
    (tmp_path / "loop.py").symlink_to("loop.py")
    (tmp_path / "sub" / "loop.js").symlink_to("loop.js")
    (tmp_path / "huge.py").write_bytes(b"#" * (MAX_BYTES + 1))
    return tmp_path


EXPECTED_ERRORS = [
    "huge.py:1:1: error: larger than 10 MiB, the most linter44s reads of one file; skipped",
    "loop.py:1:1: error: cannot read: Too many levels of symbolic links",
    "pipe.py:1:1: error: not a regular file (a named pipe); skipped",
    "sub/loop.js:1:1: error: cannot read: Too many levels of symbolic links",
    "zero.py:1:1: error: not a regular file (a character device); skipped",
]


@pytest.mark.parametrize("cache", [("--no-cache",), ()])
def test_a_tree_with_special_files_is_checked_and_each_is_one_line(tree, cache):
    for _ in range(2):  # the second run, with the cache, answers the good files from it
        done, lines = check(tree, *cache, "-j", "1")
        assert sorted(line for line in lines if ": error: " in line) == EXPECTED_ERRORS
        assert any(line.startswith("good.py:3:1: RDS101") for line in lines)
        assert any(line.startswith("sub/deep.py:3:1: RDS101") for line in lines), lines
        assert done.returncode == 1


def test_special_files_named_on_the_command_line(tree):
    # pre-commit passes names, with --force-exclude
    _, lines = check(tree, "--no-cache", "--force-exclude", "pipe.py", "zero.py", "loop.py", "good.py")
    assert lines[:3] == [
        "pipe.py:1:1: error: not a regular file (a named pipe); skipped",
        "zero.py:1:1: error: not a regular file (a character device); skipped",
        "loop.py:1:1: error: cannot read: Too many levels of symbolic links",
    ]
    assert lines[3].startswith("good.py:3:1: RDS101")


def test_special_files_in_worker_processes(tree):
    for i in range(10):
        (tree / f"m{i}.py").write_text(FLAGGED)
    _, lines = check(tree, "--no-cache", "-j", "2")
    assert sorted(line for line in lines if ": error: " in line) == EXPECTED_ERRORS
    assert sum(" RDS101 " in line for line in lines) == 12


def test_read_takes_a_file_of_exactly_the_cap(tmp_path):
    path = tmp_path / "edge.py"
    path.write_bytes(b"#" * MAX_BYTES)
    loaded = read(str(path))
    assert len(loaded.raw) == MAX_BYTES
