"""The pre-commit hooks, run by the real pre-commit against a throwaway repo.

`pre-commit try-repo` installs the hook repository with pip, so the project
is first copied into a temporary git repository and committed there: the
test then sees exactly the working tree, whatever the state of the checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FLAGGED = 'import redis\n\nr = redis.Redis()\nfor key in r.keys("user:*"):\n    print(key)\n'
# RDS702: a safe fix (insert `await`).
FIXABLE = 'import redis.asyncio as redis\n\nr = redis.Redis()\n\n\nasync def handler():\n    r.delete("user:1")\n'
CLEAN = 'import redis\n\nr = redis.Redis()\nfor key in r.scan_iter(match="user:*"):\n    print(key)\n'

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="needs git"),
    pytest.mark.skipif(subprocess.run([sys.executable, "-m", "pre_commit", "--version"], check=False, capture_output=True).returncode != 0,
                       reason="needs pre-commit"),
]


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def project_files() -> list[str]:
    """Tracked and untracked-but-not-ignored files of the checkout."""
    listed = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    return [name for name in listed.split("\0") if name and (ROOT / name).is_file()]


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("hook-repo")
    for name in project_files():
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    git(copy, "init", "-q")
    git(copy, "add", "-A")
    git(copy, "commit", "-q", "-m", "snapshot")
    return copy


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def user_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "user"
    repo.mkdir()
    (repo / "flagged.py").write_text(FLAGGED, encoding="utf-8")
    (repo / "clean.py").write_text(CLEAN, encoding="utf-8")
    (repo / "notes.txt").write_text("r.keys('*') in a text file is not code\n", encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "init")
    return repo


def try_repo(hook_repo: Path, home: Path, cwd: Path, hook: str, *files: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    env.pop("PYTHONPATH", None)  # the hook must run from its own installed env
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), hook, "--files", *files],
        cwd=cwd, env=env, check=False, capture_output=True, text=True, timeout=600,
    )


def test_hooks_file_lists_both_hooks():
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    by_id = {hook["id"]: hook for hook in hooks}
    assert set(by_id) == {"linter44s", "linter44s-fix"}
    for hook in hooks:
        assert hook["language"] == "python"
        assert hook["require_serial"] is True
        assert "--force-exclude" in hook["entry"].split()
    assert "--fix" in by_id["linter44s-fix"]["entry"].split()
    assert "--fix" not in by_id["linter44s"]["entry"].split()


@pytest.mark.network  # try-repo installs the hook's dependencies from PyPI
def test_fails_on_flagged_file(hook_repo, pre_commit_home, user_repo):
    done = try_repo(hook_repo, pre_commit_home, user_repo, "linter44s", "flagged.py")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "RDS101" in done.stdout
    assert "Failed" in done.stdout


@pytest.mark.network  # try-repo installs the hook's dependencies from PyPI
def test_passes_on_clean_file(hook_repo, pre_commit_home, user_repo):
    done = try_repo(hook_repo, pre_commit_home, user_repo, "linter44s", "clean.py", "notes.txt")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout


@pytest.mark.network  # try-repo installs the hook's dependencies from PyPI
def test_exclude_holds_for_named_files(hook_repo, pre_commit_home, user_repo):
    (user_repo / "linter44s.toml").write_text('extend-exclude = ["flagged.py"]\n', encoding="utf-8")
    done = try_repo(hook_repo, pre_commit_home, user_repo, "linter44s", "flagged.py", "clean.py")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.network  # try-repo installs the hook's dependencies from PyPI
def test_fix_hook_applies_safe_fixes(hook_repo, pre_commit_home, user_repo):
    (user_repo / "handler.py").write_text(FIXABLE, encoding="utf-8")
    git(user_repo, "add", "handler.py")  # pre-commit notices changes to tracked files
    git(user_repo, "commit", "-q", "-m", "handler")
    done = try_repo(hook_repo, pre_commit_home, user_repo, "linter44s-fix", "handler.py")
    # pre-commit fails a hook that changed files, so the user reviews them.
    assert done.returncode == 1, done.stdout + done.stderr
    assert "files were modified by this hook" in done.stdout
    assert '    await r.delete("user:1")\n' in (user_repo / "handler.py").read_text(encoding="utf-8")
    again = try_repo(hook_repo, pre_commit_home, user_repo, "linter44s-fix", "handler.py")
    assert again.returncode == 0, again.stdout + again.stderr
