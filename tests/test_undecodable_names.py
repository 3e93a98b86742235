"""File names that are not UTF-8: every format prints them (lossily, as
ruff: U+FFFD for each bad byte; SARIF URIs percent-encode the exact bytes),
even to a strict UTF-8 stdout, and the exit code is the findings' one."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from linter44s.output import FORMATS

FINDING = "import redis\nr = redis.Redis()\nr.keys('*')\n"


@pytest.fixture
def odd_names(project):
    folder = os.fsencode(project.folder)
    with open(os.path.join(folder, b"bad\xff.py"), "w") as handle:
        handle.write(FINDING)
    with open(os.path.join(folder, b"broken\xfe.py"), "w") as handle:
        handle.write("import redis\ndef (:\n")  # a syntax error: a file error line
    return project


def _check(project, *args: str, strict: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8:strict") if strict else None
    return subprocess.run(
        [sys.executable, "-m", "linter44s", "check", "--no-cache", *args],
        cwd=project.folder, capture_output=True, timeout=60, check=False, env=env,
    )


@pytest.mark.parametrize("strict", [True, False], ids=["strict-stdout", "default-stdout"])
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_prints_a_name_that_is_not_utf8(odd_names, fmt, strict):
    result = _check(odd_names, "--output-format", fmt, ".", strict=strict)
    assert result.returncode == 1, result.stderr.decode(errors="replace")
    out = result.stdout.decode("utf-8")  # strict: valid UTF-8 whatever the names hold
    if fmt == "sarif":
        log = json.loads(out)
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
        assert uris == {"bad%FF.py"}
        notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        assert notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "broken%FE.py"
    else:
        assert "bad\ufffd.py" in out and "broken\ufffd.py" in out
    assert "RDS101" in out or fmt == "sarif" and "RDS101" in json.dumps(json.loads(out)["runs"][0]["results"])


def test_diff_and_statistics_print_a_name_that_is_not_utf8(odd_names):
    diff = _check(odd_names, "--diff", "--unsafe-fixes", "bad\udcff.py")
    assert diff.returncode == 1, diff.stderr
    assert "+++ b/bad\ufffd.py" in diff.stdout.decode("utf-8")
    stats = _check(odd_names, "--statistics", ".")
    assert stats.returncode == 1 and "RDS101" in stats.stdout.decode("utf-8")
