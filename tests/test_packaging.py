"""The wheel carries the rule files: `linter44s rules` must work from a plain install."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from linter44s.registry import RULES

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.network  # pip fetches the build backend (hatchling) into an isolated environment
def test_wheel_contains_every_rule_file(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(ROOT)],
        check=True,
        timeout=300,
    )
    wheel = next(tmp_path.glob("linter44s-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"linter44s/rules/{code}.toml" for code in RULES} <= names
    assert "linter44s/cli.py" in names and "linter44s/python/frontend.py" in names
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "linter44s = linter44s.launch:main" in entry_points
