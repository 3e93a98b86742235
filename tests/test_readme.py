"""The README works as written (issue 13, section 4): its test command is what
CI runs, the `network` marker is registered, and its pre-commit snippet runs
under the real pre-commit in a throwaway git repository."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
FLAGGED = 'import redis\n\nr = redis.Redis()\nstale = r.keys("user:*")\n'


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def test_ci_runs_exactly_the_readme_test_command():
    command = next(line for block in _blocks("sh") for line in block.splitlines() if "pytest" in line)
    tested = command.split("&&")[-1].strip()
    assert tested == ".venv/bin/python -m pytest -q"  # every test, the network ones included
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == tested


def test_the_network_marker_is_registered():
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert any(m.startswith("network:") for m in options["markers"])


def _git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, check=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_pre_commit_snippet_works_as_written(tmp_path):
    (snippet,) = _blocks("yaml")
    repo = tmp_path / "user"
    repo.mkdir()
    (repo / ".pre-commit-config.yaml").write_text(snippet, encoding="utf-8")
    (repo / "flagged.py").write_text(FLAGGED, encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    bin_dir = str(Path(sys.executable).parent)  # where `pip install` put the `linter44s` command
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""), "PRE_COMMIT_HOME": str(tmp_path / "home")}
    env.pop("PYTHONPATH", None)

    def run() -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=repo, env=env,
                              capture_output=True, text=True, timeout=300, check=False)

    failed = run()
    assert failed.returncode == 1 and "RDS101" in failed.stdout, failed.stdout + failed.stderr
    # The hook honours the configuration's baseline: the known finding no longer fails the commit.
    subprocess.run([bin_dir + "/linter44s", "check", "--write-baseline", ".linter44s-baseline.json"], cwd=repo, env=env, check=True)
    (repo / "pyproject.toml").write_text('[tool.linter44s]\nbaseline = ".linter44s-baseline.json"\n', encoding="utf-8")
    passed = run()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    (repo / "flagged.py").write_text(FLAGGED + 'again = r.keys("user:*")\n', encoding="utf-8")
    new = run()
    assert new.returncode == 1 and "flagged.py:5:9: RDS101" in new.stdout, new.stdout
