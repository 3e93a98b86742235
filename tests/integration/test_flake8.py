"""The flake8 plugin, run by the real flake8, agrees with `linter44s check`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "flake8"
FORMAT = "%(path)s|%(row)d|%(col)d|%(code)s|%(text)s"
CONCISE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>RDS\d{3}) (?P<text>.*)$")


def env() -> dict[str, str]:
    # Run against this checkout, installed or not; entry points come from the
    # installed distribution (`pip install -e .`).
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{path}" if path else str(ROOT)}


def plugin_registered() -> bool:
    done = subprocess.run([sys.executable, "-m", "flake8", "--version"], check=False, capture_output=True, text=True, env=env())
    return done.returncode == 0 and "linter44s" in done.stdout


pytestmark = pytest.mark.skipif(not plugin_registered(), reason="the flake8 plugin is not installed (pip install -e .)")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The fixture files in a folder with no configuration above it."""
    app = tmp_path / "app"
    app.mkdir()
    for source in DATA.glob("*.py"):
        shutil.copy(source, app / source.name)
    return tmp_path


def flake8(cwd: Path, *args: str, stdin: str | None = None, isolated: bool = True) -> list[tuple[str, int, int, str, str]]:
    command = [sys.executable, "-m", "flake8", *(["--isolated"] if isolated else []), "--select", "RDS", "--format", FORMAT, *args]
    done = subprocess.run(command, cwd=cwd, input=stdin, check=False, capture_output=True, text=True, encoding="utf-8", env=env())
    assert done.returncode in (0, 1), done.stderr
    found = []
    for line in done.stdout.splitlines():
        path, row, col, code, text = line.split("|", 4)
        found.append((path.removeprefix("./"), int(row), int(col), code, text))
    return found


def linter44s(cwd: Path, *files: str) -> list[tuple[str, int, int, str, str]]:
    command = [sys.executable, "-m", "linter44s", "check", "--output-format", "concise", *files]
    done = subprocess.run(command, cwd=cwd, check=False, capture_output=True, text=True, encoding="utf-8", env=env())
    assert done.returncode in (0, 1), done.stdout + done.stderr
    found = []
    for line in done.stdout.splitlines():
        match = CONCISE.match(line)
        if match:
            found.append((match["path"].removeprefix("./"), int(match["line"]), int(match["col"]), match["code"], match["text"]))
    return found


def test_plugin_is_registered():
    done = subprocess.run([sys.executable, "-m", "flake8", "--version"], check=False, capture_output=True, text=True, env=env())
    assert "linter44s" in done.stdout


@pytest.mark.parametrize("name", ["flagged.py", "clean.py", "noqa.py", "name_pattern.py"])
def test_same_findings_as_the_cli(project, name):
    path = f"app/{name}"
    by_flake8 = flake8(project, path)
    assert by_flake8 == linter44s(project, path)


def test_flagged_file_columns_count_characters(project):
    found = flake8(project, "app/flagged.py")
    assert [(row, col, code) for _, row, col, code, _ in found] == [(4, 16, "RDS101"), (5, 12, "RDS101")]
    # Line 4 starts `names = ["𝄞é", r.keys(`: `r` is the 16th character (UTF-8 byte 21).
    line = (project / "app" / "flagged.py").read_text(encoding="utf-8").splitlines()[3]
    assert line.index("r.keys") + 1 == 16


def test_clean_file(project):
    assert flake8(project, "app/clean.py") == []


def test_noqa_honoured(project):
    found = flake8(project, "app/noqa.py")
    assert [(row, code) for _, row, _, code, _ in found] == [(11, "RDS101"), (15, "RDS101")]


def test_stdin_with_display_name(project):
    source = (project / "app" / "flagged.py").read_text(encoding="utf-8")
    from_stdin = flake8(project, "--stdin-display-name", "app/flagged.py", "-", stdin=source)
    assert from_stdin == flake8(project, "app/flagged.py")
    assert {path for path, *_ in from_stdin} == {"app/flagged.py"}


def test_stdin_sees_the_buffer_not_the_file(project):
    buffer = "import redis\nr = redis.Redis()\n\n\nr.keys('x:*')\n"
    found = flake8(project, "--stdin-display-name", "app/clean.py", "-", stdin=buffer)
    assert [(row, col, code) for _, row, col, code, _ in found] == [(5, 1, "RDS101")]


def test_flake8_config_option_honoured(project):
    assert flake8(project, "app/name_pattern.py", isolated=False) == []
    (project / ".flake8").write_text("[flake8]\nrds-client-name-pattern = (?i)redis|cache_conn\n", encoding="utf-8")
    found = flake8(project, "app/name_pattern.py", isolated=False)
    assert [(row, code) for _, row, _, code, _ in found] == [(2, "RDS101")]


def test_command_line_option_honoured(project):
    found = flake8(project, "--rds-client-name-pattern", "cache_conn", "app/name_pattern.py")
    assert [(row, code) for _, row, _, code, _ in found] == [(2, "RDS101")]


def test_int_option_rejects_junk(project):
    done = subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", "--rds-default-ttl", "soon", "app/clean.py"],
        cwd=project, check=False, capture_output=True, text=True, env=env(),
    )
    assert done.returncode != 0
    assert "rds-default-ttl" in done.stderr


def test_documented_vscode_severity_map_matches_the_catalog():
    """docs/integrations.md maps every warning and info rule for VS Code's flake8 extension."""
    from linter44s.registry import RULES

    docs = (ROOT / "docs" / "integrations.md").read_text(encoding="utf-8")
    block = docs.split('"flake8.severity": {', 1)[1].split("}", 1)[0]
    mapped = dict(re.findall(r'"(RDS\d{3})": "(\w+)"', block))
    expected = {"warning": "Warning", "info": "Information"}
    assert mapped == {code: expected[rule.level] for code, rule in RULES.items() if rule.level in expected}
