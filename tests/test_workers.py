"""One pool of worker processes per run (workers.Workers): started early for a
cold run over a folder, checking each folder's files while discovery lists
the rest (Workers.ahead), and serving every settings group and pass, each job
with its own settings."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from linter44s.cache import FolderListings
from linter44s.cli import _cold_tree
from linter44s.config import Settings
from linter44s.engine import RunOptions, check_paths, first_job
from linter44s.workers import Workers

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


def test_jobs_started_ahead_give_the_reports_check_paths_would(tmp_path: Path) -> None:
    files = _files(tmp_path / "api", 20) + [str(tmp_path / "missing.py")]
    settings = Settings(root=str(tmp_path))
    options = RunOptions(jobs=2)
    _, alone = check_paths(files, settings, RunOptions(jobs=1))
    workers = Workers(2)
    try:
        workers.start()
        workers.ahead([first_job(p, settings, options) for p in files[:7]])  # fewer than a chunk: sent by map
        workers.ahead([first_job(p, settings, options) for p in files[7:]])
        reports, result = check_paths(files, settings, options, workers)
        assert workers.taken_ahead == len(files)
    finally:
        workers.close()
    assert [r.path for r in reports] == files
    assert result.diagnostics == alone.diagnostics and len(result.diagnostics) == 20
    assert [e.message for e in result.errors] == [e.message for e in alone.errors] == ["no such file or directory"]


def test_a_job_started_ahead_with_other_settings_is_not_taken(tmp_path: Path) -> None:
    files = _files(tmp_path / "api", 4)
    plain = Settings(root=str(tmp_path))
    twin = replace(plain)  # equal, but not the object the run's groups hold: known by identity only
    workers = Workers(2)
    try:
        workers.start()
        workers.ahead([first_job(p, twin, RunOptions(jobs=2)) for p in files])
        workers.ahead([first_job(p, plain, RunOptions(jobs=2, cache_dir=str(tmp_path / "c"))) for p in files])
        _, result = check_paths(files, plain, RunOptions(jobs=2), workers)
        assert workers.taken_ahead == 0  # other settings, or a job that would report a digest
    finally:
        workers.close()  # and the jobs no one took do not hold the run up
    assert len(result.diagnostics) == 4


def test_the_command_line_checks_folders_while_it_lists_them(project, monkeypatch) -> None:
    """In process: the reports map took were the ones discovery started."""
    from click.testing import CliRunner

    from linter44s.cli import main

    for n in range(20):
        project.write(f"pkg/sub{n % 3}/m{n}.py", KEYS)
    project.write("pkg/sub2/linter44s.toml", 'ignore = ["RDS101"]\n')
    taken: list[int] = []
    close = Workers.close

    def closing(self: Workers) -> None:
        taken.append(self.taken_ahead)
        close(self)

    monkeypatch.setattr(Workers, "close", closing)
    monkeypatch.chdir(project.folder)
    result = CliRunner().invoke(main, ["check", "--no-cache", "-j", "2", "--output-format", "json", "."])
    found = sorted(d["filename"] for d in json.loads(result.output))
    assert found == sorted(f"pkg/sub{n % 3}/m{n}.py" for n in range(20) if n % 3 != 2)
    assert taken == [20]  # the folder with its own settings too: each folder's files get the settings they will have


def test_a_few_jobs_go_to_a_pool_already_running(tmp_path: Path, monkeypatch) -> None:
    """Its processes have the frontends loaded; the main process would import them for three files."""
    from linter44s import workers as pool

    files = _files(tmp_path / "api", 3)
    settings = Settings(root=str(tmp_path))
    in_main: list[str] = []
    workers = Workers(2)
    try:
        workers.start()  # forked now: the processes keep the run_job they were given
        run_job = pool.run_job
        monkeypatch.setattr(pool, "run_job", lambda job: in_main.append(job.path) or run_job(job))
        _, result = check_paths(files, settings, RunOptions(jobs=2), workers)
    finally:
        workers.close()
    assert in_main == []
    assert len(result.diagnostics) == 3
    _, alone = check_paths(files, settings, RunOptions(jobs=2))  # no pool running: three files are checked here
    assert sorted(in_main) == sorted(files) and alone.diagnostics == result.diagnostics


def test_jobs_started_ahead_serve_a_run_that_fills_the_cache(tmp_path: Path) -> None:
    files = _files(tmp_path / "api", 10)
    settings = Settings(root=str(tmp_path))
    options = RunOptions(jobs=2, cache_dir=str(tmp_path / ".linter44s_cache"))
    workers = Workers(2)
    try:
        workers.start()
        workers.ahead([first_job(p, settings, options) for p in files])  # each asks for its digest, as the cache wants
        _, result = check_paths(files, settings, options, workers)
        assert workers.taken_ahead == len(files)
    finally:
        workers.close()
    assert len(result.diagnostics) == 10
    _, again = check_paths(files, settings, options)  # answered by the cache the first run filled
    assert again.diagnostics == result.diagnostics and again.files_read == 0
