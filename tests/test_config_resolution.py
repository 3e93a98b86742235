"""Configuration and selection the way ruff users expect (issue 13, section 1):
per-file configuration, `extend`, ruff's --select rule, repeated options,
-q, the --diff note, and --statistics as JSON."""

from __future__ import annotations

import json

KEYS = """\
import redis

r = redis.Redis()
stale = r.keys("session:*")
"""


def _codes(result) -> list[str]:
    return sorted(f"{d['filename']}:{d['code']}" for d in json.loads(result.stdout))


def test_each_file_gets_the_nearest_configuration(project):
    project.write("tools/pyproject.toml", '[tool.linter44s]\nignore = ["RDS101"]\n')
    project.write("tools/sweep.py", KEYS)
    project.write("api/views.py", KEYS)
    for order in (("tools", "api"), ("api", "tools")):
        result = project.run("check", "--no-cache", "--output-format", "json", *order)
        assert _codes(result) == ["api/views.py:RDS101"], order


def test_extend_inherits_and_the_nearer_file_wins(project):
    project.write("pyproject.toml", '[tool.linter44s]\nignore = ["RDS101"]\nselect = ["RDS1"]\n')
    project.write("svc/linter44s.toml", 'extend = "../pyproject.toml"\nignore = []\n')
    project.write("svc/a.py", KEYS)
    project.write("lib/b.py", KEYS + "r.flushall()\n")
    result = project.run("check", "--no-cache", "--output-format", "json", ".")
    assert _codes(result) == ["lib/b.py:RDS102", "svc/a.py:RDS101"]


def test_an_extend_cycle_is_one_line(project):
    project.write("a/linter44s.toml", 'extend = "../b/linter44s.toml"\n')
    project.write("b/linter44s.toml", 'extend = "../a/linter44s.toml"\n')
    project.write("a/x.py", KEYS)
    result = project.run("check", "--no-cache", "a")
    assert result.returncode == 2
    assert len(result.stderr.decode().splitlines()) == 1 and "cycle" in result.stderr.decode()


def test_select_replaces_the_configuration_and_the_others_add(project):
    project.write("pyproject.toml", '[tool.linter44s]\nignore = ["RDS101"]\nextend-select = ["RDS102"]\n')
    project.write("app.py", KEYS + "r.flushall()\n")
    configured = project.run("check", "--no-cache", "--output-format", "json")
    assert _codes(configured) == ["app.py:RDS102"]
    selected = project.run("check", "--no-cache", "--output-format", "json", "--select", "RDS101")
    assert _codes(selected) == ["app.py:RDS101"]  # the configuration's ignore and extend-select are gone
    added = project.run("check", "--no-cache", "--output-format", "json", "--ignore", "RDS102")
    assert _codes(added) == []


def test_a_repeated_option_is_merged(project):
    project.write("app.py", KEYS + "r.flushall()\n")
    twice = project.run("check", "--no-cache", "--output-format", "json", "--select", "RDS101", "--select", "RDS102")
    assert _codes(twice) == ["app.py:RDS101", "app.py:RDS102"]
    ignored = project.run("check", "--no-cache", "--output-format", "json", "--ignore", "RDS101", "--ignore", "RDS102")
    assert _codes(ignored) == []


def test_quiet_prints_findings_only(project):
    project.write("app.py", KEYS)
    out = project.run("check", "--no-cache", "-q").stdout.decode()
    assert out.splitlines() == ["app.py:4:9: RDS101 `KEYS` walks every key and blocks Redis while it runs; use SCAN"]
    project.write("app.py", "x = 1\n")
    assert project.run("check", "--no-cache", "-q").stdout == b""


def test_diff_with_only_unsafe_fixes_says_so(project):
    project.write("app.py", KEYS)
    result = project.run("check", "--diff", "--select", "RDS101")
    assert result.stdout == b""
    assert result.stderr.decode() == "No safe fixes to show; 1 unsafe fix can be shown with `--diff --unsafe-fixes`.\n"
    unsafe = project.run("check", "--diff", "--unsafe-fixes", "--select", "RDS101")
    assert b"scan_iter" in unsafe.stdout and unsafe.stderr == b""


def test_statistics_as_json_in_ruffs_shape(project):
    project.write("app.py", KEYS + "r.flushall()\n" + "for k in ['a', 'b']:\n    r.delete(k)\n")
    plain = json.loads(project.run("check", "--no-cache", "--statistics", "--output-format", "json").stdout)
    assert plain == [
        {"code": "RDS101", "name": "keys-command", "count": 1, "fixable": False},
        {"code": "RDS102", "name": "flush-command", "count": 1, "fixable": False},
        {"code": "RDS403", "name": "command-in-loop", "count": 1, "fixable": False},
    ]
    unsafe = json.loads(project.run("check", "--no-cache", "--statistics", "--output-format", "json", "--unsafe-fixes").stdout)
    assert [s["fixable"] for s in unsafe] == [True, False, True]


def test_candidates_of_many_folders_are_each_folders_candidates(tmp_path, monkeypatch):
    """A run records where a configuration could be for every folder it checked
    (snapshot.py); listing shared parents once must list the same files."""
    import os
    from pathlib import Path

    from linter44s.config import config_candidates, config_candidates_of_folders

    for folder in ("a/b/c", "a/d", "e"):
        (tmp_path / folder).mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    folders = ["a/b/c", "a/d", "e", "", "a/b"]
    each = {c for f in folders for c in config_candidates(None, Path(f or "."))}
    assert config_candidates_of_folders(None, folders) == each
    assert str(tmp_path / "a" / "b" / "linter44s.toml") in each and os.path.join(str(tmp_path), ".git") in each
    assert config_candidates_of_folders("cfg.toml", folders) == {"cfg.toml"}


def test_settings_files_are_seen_through_stored_folder_listings(project):
    """Settings are looked for only where discovery saw a settings file, and a
    warm run's listings come from the cache: an added `linter44s.toml` (the
    folder changes) and a section added to a `pyproject.toml` that was there
    (the folder does not) must both count."""
    project.write("svc/app.py", KEYS)
    project.write("svc/pyproject.toml", '[project]\nname = "svc"\n')
    project.write("lib/b.py", KEYS)
    project.age()
    run = ("check", "--output-format", "json", "-v", ".")  # -v: never a replayed recording
    assert _codes(project.run(*run)) == ["lib/b.py:RDS101", "svc/app.py:RDS101"]
    project.write("svc/pyproject.toml", '[project]\nname = "svc"\n\n[tool.linter44s]\nignore = ["RDS101"]\n')
    assert _codes(project.run(*run)) == ["lib/b.py:RDS101"]
    project.write("lib/linter44s.toml", 'ignore = ["RDS101"]\n')
    assert _codes(project.run(*run)) == []
    (project.folder / "svc" / "pyproject.toml").unlink()
    assert _codes(project.run(*run)) == ["svc/app.py:RDS101"]


def test_discovery_notes_the_settings_files_of_each_folder(tmp_path, monkeypatch):
    from linter44s.config import Settings
    from linter44s.discovery import discover

    for name in ("a/pyproject.toml", "a/b/linter44s.toml", "c/x.py", "a/b/y.py", ".git/HEAD"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    monkeypatch.chdir(tmp_path)
    seen: dict[str, tuple[tuple[str, ...], list[str]]] = {}
    found = discover(["."], Settings(root=str(tmp_path)), seen_folder=lambda folder, names, files: seen.update({folder: (names, files)}))
    assert next(found) == "a/b/y.py"
    # Every folder was told of before the first file was yielded: the CLI starts checking them meanwhile.
    assert seen == {".": ((".git",), []), "a": (("pyproject.toml",), []), "a/b": (("linter44s.toml",), ["a/b/y.py"]),
                    "c": ((), ["c/x.py"])}
    assert list(found) == ["c/x.py"]
