"""Which files a run checks, and the folder listings a warm run reuses."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from linter44s.cache import FolderListings
from linter44s.config import Settings
from linter44s.diagnostics import FileError
from linter44s.discovery import discover

FLAGGED = 'import redis\nr = redis.Redis()\nr.keys("a:*")\n'
AN_HOUR_AGO = time.time() - 3600


def age(root: Path) -> None:
    """Make every folder under `root` look untouched for an hour (listings of
    folders changed in the last seconds are not kept)."""
    for folder, _, _ in os.walk(root):
        os.utime(folder, (AN_HOUR_AGO, AN_HOUR_AGO))


def files_under(root: Path, listings=None) -> list[str]:
    here = os.getcwd()
    os.chdir(root)
    try:
        return [f for f in discover(["."], Settings(root=str(root)), listings=listings) if isinstance(f, str)]
    finally:
        os.chdir(here)


def tree(root: Path) -> None:
    for name in ("app.py", "pkg/a.py", "pkg/sub/b.ts", "pkg/sub/notes.md", "node_modules/x/c.js"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x = 1\n")


def test_stable_sorted_relative_paths_without_skipped_folders(tmp_path: Path) -> None:
    tree(tmp_path)
    assert files_under(tmp_path) == ["app.py", "pkg/a.py", "pkg/sub/b.ts"]


def test_symlinked_folder_is_not_entered_so_a_loop_ends(tmp_path: Path) -> None:
    tree(tmp_path)
    (tmp_path / "pkg" / "loop").symlink_to(tmp_path)
    assert files_under(tmp_path) == ["app.py", "pkg/a.py", "pkg/sub/b.ts"]


def test_virtualenv_is_skipped_unless_named(tmp_path: Path) -> None:
    (tmp_path / "env2").mkdir()
    (tmp_path / "env2" / "pyvenv.cfg").write_text("home = /usr\n")
    (tmp_path / "env2" / "tool.py").write_text("x = 1\n")
    assert files_under(tmp_path) == []
    named = [f for f in discover([str(tmp_path / "env2")], Settings(root=str(tmp_path))) if isinstance(f, str)]
    assert named == [str(tmp_path / "env2" / "tool.py")]


def test_unreadable_folder_is_one_error_and_the_rest_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Run as root (as CI is), chmod cannot make a folder unreadable; scandir's own error is raised instead.
    tree(tmp_path)
    real = os.scandir

    def scandir(path):
        if os.path.basename(path) == "sub":
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = list(discover([str(tmp_path)], Settings(root=str(tmp_path))))
    errors = [f for f in found if isinstance(f, FileError)]
    assert [e.message for e in errors] == ["cannot list this folder: Permission denied"]
    assert errors[0].path.endswith("pkg/sub")
    assert [f for f in found if isinstance(f, str)] == [str(tmp_path / "app.py"), str(tmp_path / "pkg" / "a.py")]


def test_listings_are_reused_while_folders_are_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree(tmp_path)
    age(tmp_path)
    first = FolderListings(tmp_path / "cache", "t")
    assert files_under(tmp_path, first) == ["app.py", "pkg/a.py", "pkg/sub/b.ts"]
    first.flush()

    again = FolderListings(tmp_path / "cache", "t")
    monkeypatch.chdir(tmp_path)
    _, listing = again.get("pkg/sub")
    assert listing == ((), ("b.ts",), ())  # known: the folder was not read again
    assert files_under(tmp_path, again) == ["app.py", "pkg/a.py", "pkg/sub/b.ts"]


@pytest.mark.parametrize("change", ["add", "remove", "rename", "new folder"])
def test_a_changed_folder_is_read_again(tmp_path: Path, change: str) -> None:
    tree(tmp_path)
    age(tmp_path)
    listings = FolderListings(tmp_path / "cache", "t")
    files_under(tmp_path, listings)
    listings.flush()
    sub = tmp_path / "pkg" / "sub"
    expected = {
        "add": ["app.py", "pkg/a.py", "pkg/sub/b.ts", "pkg/sub/new.py"],
        "remove": ["app.py", "pkg/a.py"],
        "rename": ["app.py", "pkg/a.py", "pkg/sub/c.ts"],
        "new folder": ["app.py", "pkg/a.py", "pkg/sub/b.ts", "pkg/sub/deeper/d.py"],
    }[change]
    if change == "add":
        (sub / "new.py").write_text("x = 1\n")
    elif change == "remove":
        (sub / "b.ts").unlink()
    elif change == "rename":
        (sub / "b.ts").rename(sub / "c.ts")
    else:
        (sub / "deeper").mkdir()
        (sub / "deeper" / "d.py").write_text("x = 1\n")
    assert files_under(tmp_path, FolderListings(tmp_path / "cache", "t")) == expected


def test_recently_changed_folder_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree(tmp_path)  # folders touched just now: a change in the same mtime tick would go unseen
    listings = FolderListings(tmp_path / "cache", "t")
    files_under(tmp_path, listings)
    listings.flush()
    monkeypatch.chdir(tmp_path)
    assert FolderListings(tmp_path / "cache", "t").get("pkg")[1] is False


def test_other_token_or_damaged_file_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree(tmp_path)
    age(tmp_path)
    listings = FolderListings(tmp_path / "cache", "t")
    files_under(tmp_path, listings)
    listings.flush()
    monkeypatch.chdir(tmp_path)
    assert FolderListings(tmp_path / "cache", "t").get("pkg")[1] == (("sub",), ("a.py",), ())
    assert FolderListings(tmp_path / "cache", "other").get("pkg")[1] is False
    (stored,) = (tmp_path / "cache").glob("listings-*")
    stored.write_bytes(stored.read_bytes()[:-5])
    assert FolderListings(tmp_path / "cache", "t").get("pkg")[1] is False
    assert files_under(tmp_path, FolderListings(tmp_path / "cache", "t")) == ["app.py", "pkg/a.py", "pkg/sub/b.ts"]


def test_warm_run_sees_a_file_added_to_an_old_folder(project) -> None:
    project.write("pkg/clean.py", "x = 1\n")
    age(project.folder)
    first = project.run("check", "--output-format", "concise")
    assert first.returncode == 0, first.stdout
    project.write("pkg/new.py", FLAGGED)
    second = project.run("check", "--output-format", "concise")
    assert second.stdout.decode().startswith("pkg/new.py:3:1: RDS101"), second.stdout
