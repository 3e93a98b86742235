"""One pool of worker processes per run (engine.Workers): started early for a
cold run over a folder, and serving every settings group and pass, each job
with its own settings."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from linter44s.cache import FolderListings
from linter44s.cli import _cold_tree
from linter44s.config import Settings
from linter44s.engine import RunOptions, Workers, check_paths

KEYS = 'import redis\n\nr = redis.Redis()\nstale = r.keys("session:*")\n'


def _files(folder: Path, count: int) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        (folder / f"m{n}.py").write_text(KEYS)
        paths.append(str(folder / f"m{n}.py"))
    return paths


def test_an_early_pool_serves_groups_with_different_settings(tmp_path: Path) -> None:
    flagged, quiet = _files(tmp_path / "api", 12), _files(tmp_path / "tools", 12)
    plain = Settings(root=str(tmp_path))
    muted = replace(plain, ignore=("RDS101",))
    workers = Workers(2)
    try:
        workers.start()
        pool = workers._pool
        _, first = check_paths(quiet, muted, RunOptions(jobs=2), workers)
        _, second = check_paths(flagged, plain, RunOptions(jobs=2), workers)
        assert workers._pool is pool  # the same processes served both groups
    finally:
        workers.close()
    assert first.diagnostics == []
    assert sorted({d.path for d in second.diagnostics}) == sorted(flagged)
    assert {d.code for d in second.diagnostics} == {"RDS101"}


def test_the_command_line_gives_each_group_its_settings_in_parallel(project) -> None:
    project.write("tools/pyproject.toml", '[tool.linter44s]\nignore = ["RDS101"]\n')
    for n in range(10):
        project.write(f"tools/t{n}.py", KEYS)
        project.write(f"api/a{n}.py", KEYS)
    result = project.run("check", "--no-cache", "-j", "2", "--output-format", "json", ".")
    found = sorted(d["filename"] for d in json.loads(result.stdout))
    assert found == sorted(f"api/a{n}.py" for n in range(10))


def test_workers_start_early_only_for_a_cold_run_over_a_folder_or_many_files(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "one.py").write_text(KEYS)
    assert _cold_tree([str(tmp_path / "pkg")], None)
    assert _cold_tree([f"f{n}.py" for n in range(8)], None)
    assert not _cold_tree([str(tmp_path / "one.py")], None)  # the pre-commit hook with one staged file
    listings = FolderListings(tmp_path / "cache", "token", tree=str(tmp_path))
    assert _cold_tree([str(tmp_path / "pkg")], listings)  # an empty cache: cold
    listings.put(str(tmp_path / "pkg"), (0, 1, 2, 3), ((), (), ()))
    assert not _cold_tree([str(tmp_path / "pkg")], listings)  # a cache that has listed folders: warm
