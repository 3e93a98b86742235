"""The user's regular expressions run in linear time (issue 10, item 11):
patterns that backtrack for ever in Python's `re` give the right answer at once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from linter44s.config import DEFAULT_CLIENT_NAME_PATTERN, DEFAULT_KEY_PATTERN
from linter44s.patterns import MAX_SUBJECT, compile_user, problem

ROOT = Path(__file__).resolve().parent.parent
LONG_NAME = "a" * 40 + "b"  # `(a+)+$` tries every split of the a's before it gives up on it
CLIENT_BY_NAME = f'import redis\naaaa.keys("*")\n{LONG_NAME}.keys("*")\n'


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, *args], check=False, cwd=cwd, capture_output=True, text=True, timeout=20, env=env)


def check(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run(cwd, "-m", "linter44s", "check", "--no-cache", "--output-format", "concise", *args)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("app.py", CLIENT_BY_NAME),
        ("app.js", f'const x = require("ioredis");\naaaa.keys("*");\n{LONG_NAME}.keys("*");\n'),
    ],
)
def test_nested_quantifier_client_name_pattern_through_the_cli(tmp_path, name, text):
    (tmp_path / "linter44s.toml").write_text('client-name-pattern = "(a+)+$"\n')
    (tmp_path / name).write_text(text)
    done = check(tmp_path, "--file-timeout", "60", name)  # a hang shows as the subprocess timeout, not the budget
    lines = done.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{name}:2:1: RDS101"), done.stdout + done.stderr


def test_nested_quantifier_client_name_pattern_through_flake8(tmp_path):
    (tmp_path / "app.py").write_text(CLIENT_BY_NAME)
    done = run(tmp_path, "-m", "flake8", "--isolated", "--select", "RDS", "--rds-client-name-pattern", "(a+)+$", "app.py")
    lines = done.stdout.splitlines()
    assert len(lines) == 1 and lines[0].endswith(":2:1: RDS101 `KEYS` walks every key and blocks Redis while it runs; use SCAN"), done.stdout


def test_overlapping_alternation_key_pattern_through_the_cli(tmp_path):
    # ^(a|aa)+$ on 41 a's and a digit: 33 s in `re`; the key is flat (a letter runs into a digit).
    (tmp_path / "linter44s.toml").write_text('key-pattern = "^(a|aa)+$"\nselect = ["RDS501"]\n')
    (tmp_path / "app.py").write_text(f'import redis\nr = redis.Redis()\nr.set("{"a" * 41}1", 1)\nr.set("{"a" * 41}", 1)\n')
    done = check(tmp_path, "app.py")
    lines = done.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("app.py:3:7: RDS501"), done.stdout + done.stderr


def test_overlapping_alternation_key_pattern_through_flake8(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.linter44s]\nkey-pattern = "^(a|aa)+$"\nselect = ["RDS501"]\n')
    (tmp_path / "app.py").write_text(f'import redis\nr = redis.Redis()\nr.set("{"a" * 41}1", 1)\n')
    done = run(tmp_path, "-m", "flake8", "--select", "RDS", "app.py")
    assert ":3:7: RDS501" in done.stdout, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("pattern", "says"),
    [("(?=redis)", "look-around"), (r"(r)\\1", "backreferences"), ("(", "is not a valid regular expression")],
)
def test_a_pattern_the_engine_cannot_take_is_one_config_error(tmp_path, pattern, says):
    (tmp_path / "linter44s.toml").write_text(f'client-name-pattern = "{pattern}"\n')
    (tmp_path / "app.py").write_text(CLIENT_BY_NAME)
    done = check(tmp_path, "app.py")
    assert done.returncode == 2
    [line] = done.stderr.splitlines()
    assert line.startswith("linter44s: error: ") and "linter44s.toml: `client-name-pattern` " in line and says in line


@pytest.mark.parametrize(
    "pattern",
    [DEFAULT_CLIENT_NAME_PATTERN, DEFAULT_KEY_PATTERN, r"(?i)redis|valkey|cache_conn", r"^[a-z]+(:[a-z0-9{}]+)*$", r"\bkv\d*$",
     r"(?P<app>\w+):(?P<id>\{\})"],
)
def test_ordinary_patterns_are_accepted(pattern):
    assert problem(pattern) is None


def test_a_long_subject_is_matched_on_its_first_characters():
    assert compile_user("(?i)^a+$").fullmatch("a" * (MAX_SUBJECT * 3))
    assert not compile_user("b").search("a" * MAX_SUBJECT + "b")
