"""Fixtures for the renderer tests; the sample data lives in output_samples.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# The tests import output_samples by name, whatever pytest's import mode.
if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))

from output_samples import APP, APP_PATH, ODD, ODD_PATH, make_result

from linter44s.diagnostics import RunResult
from linter44s.output import RenderOptions


@pytest.fixture
def result() -> RunResult:
    return make_result()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The files of make_result() on disk, for renderers that read sources."""
    (tmp_path / "app").mkdir()
    (tmp_path / APP_PATH).write_text(APP, encoding="utf-8")
    (tmp_path / "my dir").mkdir()
    (tmp_path / ODD_PATH).write_text(ODD, encoding="utf-8")
    return tmp_path


@pytest.fixture
def options(project: Path) -> RenderOptions:
    return RenderOptions(cwd=str(project))


@pytest.fixture
def empty() -> RunResult:
    return RunResult(diagnostics=[], errors=[])
