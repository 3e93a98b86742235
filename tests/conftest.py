from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

# Sample projects read by the tests, whose own `test_*.py` files are data, not tests.
collect_ignore_glob = ["data/*"]

ROOT = Path(__file__).resolve().parent.parent

# The user's cache folder (its secret signs every cache file, and run
# recordings live there): one throwaway folder for the whole session, set in
# the environment so every linter44s the tests start uses it, never ~/.cache.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="linter44s-test-home-")


class Runner:
    """Runs the real command line in a temporary project folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def write(self, name: str, text: str, encoding: str = "utf-8") -> Path:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(textwrap.dedent(text).encode(encoding))
        return path

    def run(self, *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "linter44s", *args],
            cwd=self.folder,
            input=stdin,
            capture_output=True,
            timeout=120, check=False,
            env=env,
        )

    def age(self, path: Path | None = None, minutes: int = 60) -> None:
        """Make a file, or a folder and all in it (default: the project), look
        older: the caches trust a stamp only when it is not seconds old."""
        path = path or self.folder
        old = time.time() - minutes * 60
        for each in [path, *(path.rglob("*") if path.is_dir() else ())]:
            os.utime(each, (old, old))


    def concise(self, *args: str) -> tuple[subprocess.CompletedProcess, list[str]]:
        """`check --no-cache --output-format concise ARGS`: the result and its lines."""
        result = self.run("check", "--no-cache", "--output-format", "concise", *args)
        return result, result.stdout.decode().splitlines()


@pytest.fixture
def project(tmp_path: Path) -> Runner:
    return Runner(tmp_path)


@pytest.fixture(scope="session")
def redis_server():
    """One real redis-server for the session (tests flush what they use)."""
    from tests.realredis import redis_server as start

    with start() as server:
        yield server
