"""A checked repository controls its own `.linter44s_cache/`: whatever it
commits there can neither run code nor forge a pass, and the cache never
deletes or overwrites a file it did not write (issue 10, items 1-4, 6, 7)."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from linter44s import __version__, framed, snapshot
from linter44s.cache import ResultCache, report_types
from linter44s.config import resolve
from linter44s.engine import FileReport, RunOptions, check_paths

FLAGGED = 'import redis\n\nr = redis.Redis()\nr.keys("a:*")\n'
CLEAN = 'import redis\n\nr = redis.Redis()\nr.get("a:1")\n'
ENTRY_MAGIC = b"L44C\x03"


def linter(cwd: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    """The real console script's code path (launch.main: replay, then the CLI)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(home)}
    code = "import sys; from linter44s.launch import main; sys.argv[0] = 'linter44s'; main()"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=env, capture_output=True, timeout=120, check=False)


def age(folder: Path, minutes: int = 60) -> None:
    old = os.path.getmtime(folder) - minutes * 60
    for each in [folder, *folder.rglob("*")]:
        os.utime(each, (old, old), follow_symlinks=False)


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@x", "GIT_COMMITTER_NAME": "a",
                        "GIT_COMMITTER_EMAIL": "a@x"})


class Evil:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def forge_clean(cache: Path, secret: bytes, token: str) -> int:
    """Rewrite every entry and the index, signed with `secret`, to say "no findings"."""
    types = {**report_types(), "FileReport": FileReport}
    forged = 0
    for entry in (cache / "entries").rglob("*"):
        if entry.is_file():
            key = entry.parent.name + entry.name
            value = framed.decode(entry.read_bytes(), ENTRY_MAGIC, secret, key, types)
            assert isinstance(value, FileReport)
            entry.write_bytes(framed.encode(replace(value, diagnostics=()), ENTRY_MAGIC, secret, key))
            forged += 1
    for index in cache.glob("index-*"):
        rows = framed.decode(index.read_bytes(), ENTRY_MAGIC, secret, token, types)
        assert isinstance(rows, tuple)
        rows = tuple((rel, extra, st, replace(value, diagnostics=())) for rel, extra, st, value in rows)
        index.write_bytes(framed.encode(rows, ENTRY_MAGIC, secret, token))
        forged += 1
    return forged


def plant_pickles(cache: Path, token: str, marker: Path) -> None:
    """The old attack: a pickle naming os.system at the names the old layout read."""
    payload = pickle.dumps(Evil(marker))
    framed_old = b"L44C\x02" + zlib.crc32(payload).to_bytes(4, "little") + payload
    (cache / f"index-{zlib.crc32(token.encode()):08x}").write_bytes(framed_old)


def test_a_committed_cache_signed_by_someone_else_is_all_misses(tmp_path: Path) -> None:
    repo, attacker, victim = tmp_path / "repo", tmp_path / "attacker", tmp_path / "victim"
    repo.mkdir()
    (repo / "app.py").write_text(FLAGGED)
    age(repo)
    assert linter(repo, attacker, "check", "--output-format", "concise").returncode == 1
    cache = repo / ".linter44s_cache"
    token = f"{__version__}|{resolve(None, repo).cache_token()}"
    assert forge_clean(cache, (attacker / "linter44s" / "secret").read_bytes(), token) >= 2
    marker = tmp_path / "pwned"
    plant_pickles(cache, token, marker)
    # The forgery works where its signature is valid: on the attacker's own machine.
    fooled = linter(repo, attacker, "check", "-v", "--output-format", "concise")
    assert fooled.returncode == 0, fooled.stdout.decode()

    git(repo, "init", "-q")
    git(repo, "add", "-f", ".")
    git(repo, "commit", "-q", "-m", "a pull request with a cache in it")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(repo), str(clone))
    assert (clone / ".linter44s_cache" / "entries").is_dir()
    age(clone)

    concise = linter(clone, victim, "check", "--output-format", "concise")
    assert concise.returncode == 1 and "app.py:4:1: RDS101" in concise.stdout.decode()
    sarif = linter(clone, victim, "check", "--output-format", "sarif")
    assert sarif.returncode == 1
    assert len(json.loads(sarif.stdout)["runs"][0]["results"]) == 1
    again = linter(clone, victim, "check", "--output-format", "concise")  # warm now, from the victim's own cache
    assert again.returncode == 1 and "RDS101" in again.stdout.decode()
    assert not marker.exists()


def test_an_entry_cannot_name_a_class_it_was_not_given(tmp_path: Path) -> None:
    """Even a validly signed entry is built only into the listed classes."""
    cache = ResultCache(tmp_path / "c", "tok")
    key = cache.key("a.py", b"x")
    secret = cache._root.secret
    assert secret is not None
    payload = json.dumps({"@": "Popen", "v": [["touch", str(tmp_path / "pwned")]]}).encode()
    from linter44s import trust

    blob = ENTRY_MAGIC + trust.mac(secret, ENTRY_MAGIC, key.encode(), payload) + payload
    (tmp_path / "c" / "entries" / key[:2]).mkdir(parents=True)
    (tmp_path / "c" / "entries" / key[:2] / key[2:]).write_bytes(blob)
    assert cache.get("a.py", b"x") is None
    assert not (tmp_path / "pwned").exists()


def test_a_genuine_entry_moved_into_another_place_is_no_answer(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "c", "tok")
    cache.put("a.py", b"flagged", ("a.py", "one finding"))
    cache.put("a.py", b"clean", ("a.py", "nothing"))
    cache.flush()
    flagged, clean = (cache._path(cache.key("a.py", body)) for body in (b"flagged", b"clean"))
    flagged.write_bytes(clean.read_bytes())
    assert ResultCache(tmp_path / "c", "tok").get("a.py", b"flagged") is None


def test_the_secret_is_private_and_never_taken_from_the_checked_tree(tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = linter(tmp_path, home, "check", "--output-format", "concise", "--no-cache")
    assert result.returncode == 0
    project = tmp_path / "project"
    project.mkdir()
    (project / "app.py").write_text(FLAGGED)
    age(project)
    linter(project, home, "check")
    secret = home / "linter44s" / "secret"
    assert secret.stat().st_mode & 0o777 == 0o600
    assert (home / "linter44s").stat().st_mode & 0o777 == 0o700
    # HOME inside the checkout (a committed secret would be known to its author): no cache at all.
    inside = linter(project, project / ".home", "check", "--output-format", "concise")
    assert inside.returncode == 1 and "RDS101" in inside.stdout.decode()
    assert not list((project / ".linter44s_cache" / "entries").rglob("*")) or not (project / ".home" / "linter44s" / "secret").exists()
    # A secret others can read is not trusted.
    secret.chmod(0o644)
    loose = linter(project, home, "check", "-v", "--output-format", "concise")
    assert "0 answered from the cache" in loose.stderr.decode()


def old_recording(run_key: tuple, out: str, code: int) -> tuple[str, bytes]:
    """A recording as the old layout wrote it, and its name."""
    payload = pickle.dumps((run_key, (), (), out, "", code))
    name = f"run-{zlib.crc32(repr(run_key).encode('utf-8', 'surrogatepass')):08x}"
    return name, b"L44R\x01" + zlib.crc32(payload).to_bytes(4, "little") + payload


def test_a_recording_planted_in_a_folder_above_is_never_replayed(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text(FLAGGED)
    age(repo)
    home = tmp_path / "home"
    args = ["check", "--output-format", "concise"]
    env = {**os.environ, "XDG_CACHE_HOME": str(home)}
    volatile = snapshot._VOLATILE
    run_key = (__version__, tuple(args), str(repo), tuple(sorted((k, v) for k, v in env.items() if k not in volatile)))
    name, blob = old_recording(run_key, "", 0)
    for folder in (tmp_path / ".linter44s_cache", repo / ".linter44s_cache"):
        folder.mkdir(exist_ok=True)
        (folder / name).write_bytes(blob)
    result = linter(repo, home, *args)
    assert result.returncode == 1 and "RDS101" in result.stdout.decode()


def test_a_recording_from_another_home_is_no_answer(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text(CLEAN)
    age(repo)
    attacker, victim = tmp_path / "attacker", tmp_path / "victim"
    for _ in range(2):  # the first run makes the cache folder, which makes the tree new again
        assert linter(repo, attacker, "check", "--output-format", "concise").returncode == 0
        age(repo)
    (runs,) = [attacker / "linter44s" / "runs"]
    assert list(runs.glob("run-*"))
    (repo / "app.py").write_text(FLAGGED.replace('"a:*"', '"b:*"'))  # same size: only stamps tell
    age(repo)
    (victim / "linter44s").mkdir(parents=True, mode=0o700)
    subprocess.run(["cp", "-a", str(runs), str(victim / "linter44s" / "runs")], check=True)
    result = linter(repo, victim, "check", "--output-format", "concise")
    assert result.returncode == 1 and "RDS101" in result.stdout.decode()


def test_a_signed_recording_that_stamps_too_little_is_not_replayed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The paths a replay re-checks are rebuilt by the tool, never only the recording's word."""
    (tmp_path / "app.py").write_text(FLAGGED)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path.parent / f"{tmp_path.name}-home"))
    monkeypatch.chdir(tmp_path)
    argv = ["check", "--output-format", "concise"]
    where = snapshot._where(snapshot.key(argv))
    assert where is not None
    Path(where[0]).parent.mkdir(parents=True, exist_ok=True)

    def write(paths: tuple[str, ...]) -> None:
        stamps = tuple(snapshot.stamp(p) for p in paths)
        blob = framed.encode((paths, stamps, "forged\n", "", 0), snapshot._MAGIC, where[1], snapshot._context(snapshot.key(argv)))
        Path(where[0]).write_bytes(blob)

    write(())
    assert snapshot.replay(argv) is None
    write(tuple(sorted(snapshot._required(argv))))  # the control: what the tool asks for is there
    assert snapshot.replay(argv) == 0


def test_old_recordings_are_pruned_only_when_they_are_the_tools(tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    runs.mkdir()
    for n in range(40):
        path = runs / f"run-{n:016x}"
        path.write_bytes(snapshot._MAGIC + b"x")
        os.utime(path, ns=(n * 10**9, n * 10**9))
    strangers = [runs / "run-tests.sh", runs / f"run-{99:016x}"]
    strangers[0].write_text("#!/bin/sh\n")
    strangers[1].write_bytes(b"not a recording")
    for path in strangers:
        os.utime(path, ns=(0, 0))
    snapshot._prune(str(runs))
    kept = sorted(p.name for p in runs.iterdir())
    assert len(kept) == snapshot._KEPT + 2
    assert all(p.exists() for p in strangers)
    assert f"run-{39:016x}" in kept and f"run-{0:016x}" not in kept


def test_a_cache_folder_holding_other_files_is_not_used(tmp_path: Path) -> None:
    """`--cache-dir .` used to write `.gitignore` (`*`) into the project and prune its `run-*` files."""
    (tmp_path / "app.py").write_text(FLAGGED)
    (tmp_path / "run-tests.sh").write_text("#!/bin/sh\npytest\n")
    age(tmp_path)
    home = tmp_path.parent / f"{tmp_path.name}-home"
    for _ in range(3):
        result = linter(tmp_path, home, "check", "--cache-dir", ".", "--output-format", "concise")
        assert result.returncode == 1 and "RDS101" in result.stdout.decode()
        assert "not using . as the cache folder: it holds files that are not linter44s's" in result.stderr.decode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.py", "run-tests.sh"]


def test_a_cache_folder_that_is_a_link_is_not_used(tmp_path: Path) -> None:
    repo, elsewhere = tmp_path / "repo", tmp_path / "elsewhere"
    repo.mkdir()
    elsewhere.mkdir()
    (elsewhere / "notes.txt").write_text("mine")
    (repo / "app.py").write_text(FLAGGED)
    (repo / ".linter44s_cache").symlink_to("../elsewhere")
    age(repo)
    result = linter(repo, tmp_path / "home", "check", "--output-format", "concise")
    assert result.returncode == 1 and "RDS101" in result.stdout.decode()
    assert "it is a symbolic link" in result.stderr.decode()
    assert [p.name for p in elsewhere.iterdir()] == ["notes.txt"]


def test_a_link_inside_the_cache_folder_is_not_written_through(tmp_path: Path) -> None:
    repo, elsewhere = tmp_path / "repo", tmp_path / "elsewhere"
    (repo / ".linter44s_cache").mkdir(parents=True)
    elsewhere.mkdir()
    (repo / ".linter44s_cache" / "entries").symlink_to(elsewhere)
    (repo / "app.py").write_text(FLAGGED)
    age(repo)
    result = linter(repo, tmp_path / "home", "check", "--output-format", "concise")
    assert result.returncode == 1
    assert not list(elsewhere.iterdir())


class EditBeforeReading:
    """Workers that let the file change after the parent hashed it and before
    the worker reads it, as an editor saving mid-run does."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.text = path, text

    def map(self, jobs, progress=None):
        from linter44s.engine import run_job

        self.path.write_text(self.text)
        return [run_job(job) for job in jobs]

    def close(self) -> None:
        pass


def test_an_edit_during_a_run_does_not_poison_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = tmp_path / "app.py"
    app.write_text(FLAGGED)
    age(tmp_path)
    settings = resolve(None, tmp_path)
    options = RunOptions(cache_dir=str(tmp_path / ".linter44s_cache"), jobs=1)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("linter44s.workers.Workers", lambda count: EditBeforeReading(app, CLEAN))
    _, first = check_paths(["app.py"], settings, options)
    assert first.diagnostics == []  # the clean bytes were what got analysed
    monkeypatch.undo()
    monkeypatch.chdir(tmp_path)
    app.write_text(FLAGGED)  # back to the bytes the parent hashed
    age(tmp_path)
    _, again = check_paths(["app.py"], settings, options)
    assert [d.code for d in again.diagnostics] == ["RDS101"]


def test_a_same_size_edit_with_the_mtime_put_back_is_seen(tmp_path: Path) -> None:
    app = tmp_path / "app.py"
    app.write_text(FLAGGED.replace("keys", "scan"))
    assert len(app.read_text()) == len(FLAGGED)
    age(tmp_path)
    home = tmp_path.parent / f"{tmp_path.name}-home"
    assert linter(tmp_path, home, "check", "-v", "--output-format", "concise").returncode in (0, 1)
    before = os.stat(app)
    with open(app, "r+") as handle:  # in place: same inode, as `rsync --inplace -t` does
        handle.write(FLAGGED)
    os.utime(app, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = linter(tmp_path, home, "check", "-v", "--output-format", "concise")
    assert "app.py:4:1: RDS101" in after.stdout.decode()


def test_a_cache_file_that_is_a_link_to_a_device_is_not_read(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "c", "tok")
    cache.put("a.py", b"x", ("a.py", "stored"))
    cache.flush()
    entry = cache._path(cache.key("a.py", b"x"))
    entry.unlink()
    entry.symlink_to("/dev/zero")
    assert ResultCache(tmp_path / "c", "tok").get("a.py", b"x") is None  # at once, not after filling memory
