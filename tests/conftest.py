from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


class Runner:
    """Runs the real command line in a temporary project folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def write(self, name: str, text: str, encoding: str = "utf-8") -> Path:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(textwrap.dedent(text).encode(encoding))
        return path

    def run(self, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "linter44s", *args],
            cwd=self.folder,
            input=stdin,
            capture_output=True,
            timeout=120,
        )


    def concise(self, *args: str) -> tuple[subprocess.CompletedProcess, list[str]]:
        """`check --no-cache --output-format concise ARGS`: the result and its lines."""
        result = self.run("check", "--no-cache", "--output-format", "concise", *args)
        return result, result.stdout.decode().splitlines()


@pytest.fixture
def project(tmp_path: Path) -> Runner:
    return Runner(tmp_path)
