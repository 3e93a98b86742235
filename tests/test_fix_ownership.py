"""--fix and the file it replaces: owner and group stay, a hard-linked or
read-only file is left alone with one line, and a file that could not be
written keeps its findings and the exit code says so.

These tests run as root here: root may chown to anyone, and writes past any
permission, so the read-only case is decided by the mode bits (see
fixer._refusal) and that is what the test checks."""

from __future__ import annotations

import os
import resource
import subprocess
import sys

SOURCE = """\
import redis.asyncio as aioredis

r = aioredis.Redis()

async def touch(uid):
    r.set(f"seen:{uid}", 1, ex=60)
"""
FIXED = SOURCE.replace("    r.set", "    await r.set")


def _fix(project, *extra):
    return project.run("check", "--no-cache", "--fix", "--select", "RDS702", "--output-format", "concise", *extra)


def test_owner_and_group_are_kept(project):
    path = project.write("app.py", SOURCE)
    ids = (4321, 8765) if os.geteuid() == 0 else (os.getuid(), os.getgid())  # only root may give a file away
    os.chown(path, *ids)
    result = _fix(project)
    assert path.read_text() == FIXED, result.stdout
    info = path.stat()
    assert (info.st_uid, info.st_gid) == ids


def test_a_hard_linked_file_is_left_alone_with_its_findings(project):
    path = project.write("app.py", SOURCE)
    other = project.folder / "backup" / "app.py.orig"
    other.parent.mkdir()
    os.link(path, other)
    result = _fix(project)
    out = result.stdout.decode()
    assert path.read_text() == SOURCE and other.read_text() == SOURCE
    assert path.stat().st_nlink == 2 and path.stat().st_ino == other.stat().st_ino
    assert "app.py:1:1: error: cannot write the fixed file: the file has 2 hard links" in out
    assert "app.py:6:5: RDS702" in out  # the finding is still reported
    assert result.returncode == 1


def test_a_read_only_file_is_not_replaced(project):
    path = project.write("app.py", SOURCE)
    path.chmod(0o444)
    result = _fix(project)
    out = result.stdout.decode()
    assert path.read_text() == SOURCE
    assert (path.stat().st_mode & 0o777) == 0o444
    assert "app.py:1:1: error: cannot write the fixed file: the file is read-only" in out
    assert "app.py:6:5: RDS702" in out
    assert result.returncode == 1


def test_a_failed_write_keeps_the_findings_and_exits_non_zero(project):
    """A real failure: a file-size limit (Python ignores SIGXFSZ, so the
    write fails with EFBIG) lets no fixed file be written."""
    path = project.write("app.py", SOURCE + "# padding\n" * 20)

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))

    result = subprocess.run(
        [sys.executable, "-m", "linter44s", "check", "--no-cache", "--fix", "--select", "RDS702", "--output-format", "concise"],
        cwd=project.folder, capture_output=True, timeout=60, check=False, preexec_fn=small_files,
    )
    out = result.stdout.decode()
    assert path.read_text() == SOURCE + "# padding\n" * 20
    assert "app.py:1:1: error: cannot write the fixed file: File too large" in out, out + result.stderr.decode()
    assert "app.py:6:5: RDS702" in out
    assert result.returncode == 1
    assert [p.name for p in project.folder.iterdir()] == ["app.py"]  # no temporary file left
