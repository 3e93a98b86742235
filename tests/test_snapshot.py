"""A run over an unchanged tree is replayed from its recording, and any
change to what it read means a real run."""

from __future__ import annotations

import os

FLAGGED = 'import redis\n\nr = redis.Redis()\nr.keys("a:*")\n'
ARGS = ("check", "--output-format", "concise")


def imports_click(result) -> bool:
    """Did the run start the command line?  (PYTHONPROFILEIMPORTTIME lists every import on stderr.)"""
    return any(line.split("|")[-1].strip() == "click" for line in result.stderr.decode().splitlines())


def profiled() -> dict[str, str]:
    return {**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}


def home(project):
    """The user's cache folder for this test's runs (recordings live there, never in the project)."""
    return project.folder.parent / f"{project.folder.name}-home"


def recordings(project) -> list:
    return list((home(project) / "linter44s" / "runs").glob("run-*"))


def run(project, *args: str, **env: str):
    """Every run here lists its imports (the environment is part of a recording's key)."""
    return project.run(*args, env={**profiled(), "XDG_CACHE_HOME": str(home(project)), **env})


def recorded(project) -> None:
    """A project whose run has been recorded."""
    project.write("app.py", FLAGGED)
    project.write("pkg/clean.py", "x = 1\n")
    project.age()
    assert run(project, *ARGS).returncode == 1  # makes the cache folder: the project folder is new again
    project.age()
    assert run(project, *ARGS).returncode == 1
    assert recordings(project), "the run was not recorded"


def test_unchanged_tree_is_replayed_without_starting_the_command_line(project):
    recorded(project)
    real = run(project, *ARGS, "--no-cache")
    replayed = run(project, *ARGS)
    assert not imports_click(replayed)
    assert (replayed.stdout, replayed.returncode) == (real.stdout, real.returncode)
    assert replayed.stdout.decode().startswith("app.py:4:1: RDS101")


def test_an_edited_file_means_a_real_run(project):
    recorded(project)
    project.write("app.py", FLAGGED.replace("r.keys", "r.scan_iter"))
    project.age(project.folder / "app.py", minutes=30)  # an edit that keeps the size and looks old
    again = run(project, *ARGS)
    assert imports_click(again)
    assert again.returncode == 0 and again.stdout == b""


def test_a_new_file_means_a_real_run(project):
    recorded(project)
    project.write("pkg/more.py", FLAGGED)  # only its folder's stamp tells
    again = run(project, *ARGS)
    assert "pkg/more.py:4:1: RDS101" in again.stdout.decode()


def test_a_new_configuration_file_means_a_real_run(project):
    recorded(project)
    project.write("pyproject.toml", '[tool.linter44s]\nignore = ["RDS101"]\n')
    again = run(project, *ARGS)
    assert again.returncode == 0 and "RDS101" not in again.stdout.decode()


def test_an_edited_configuration_file_means_a_real_run(project):
    project.write("pyproject.toml", "[project]\nname = 'app'\n")
    recorded(project)
    # Rewritten in place: no folder changes, only the file's own stamp tells.
    project.write("pyproject.toml", '[tool.linter44s]\nignore = ["RDS101"]\n')
    again = run(project, *ARGS)
    assert again.returncode == 0 and "RDS101" not in again.stdout.decode()


def test_other_arguments_or_environment_mean_a_real_run(project):
    recorded(project)
    assert imports_click(run(project, "check", "--output-format", "json"))
    assert imports_click(run(project, *ARGS, COLUMNS="33"))


def test_a_tree_edited_seconds_ago_is_not_recorded(project):
    project.write("app.py", FLAGGED)  # just written: its mtime could hide a second edit
    run(project, *ARGS)
    assert not recordings(project)


def test_a_damaged_recording_is_ignored(project):
    recorded(project)
    (recording,) = recordings(project)
    recording.write_bytes(recording.read_bytes()[:-10])
    again = run(project, *ARGS)
    assert imports_click(again)
    assert again.stdout.decode().startswith("app.py:4:1: RDS101")


def test_fix_and_verbose_runs_are_never_recorded_or_replayed(project):
    recorded(project)
    verbose = run(project, *ARGS, "-v")
    assert imports_click(verbose) and "answered from the cache" in verbose.stderr.decode()
    fixed = run(project, "check", "--fix", "--unsafe-fixes", "--output-format", "concise")
    assert imports_click(fixed)


def test_only_the_last_recordings_are_kept(project):
    """pre-commit names other files at every commit: each command line has its
    own recording, and the oldest go."""
    for n in range(36):
        project.write(f"m{n}.py", FLAGGED)
    project.age()
    run(project, *ARGS)  # makes the cache folder
    project.age()
    for n in range(36):
        run(project, *ARGS, f"m{n}.py")
    assert len(recordings(project)) == 32


def test_a_run_with_its_own_cache_folder_is_replayed(project):
    """`--cache-dir X` is an option's value, not a checked path: X changes on
    every run, and stamping it kept every such run from being recorded."""
    project.write("app.py", FLAGGED)
    args = (*ARGS, "--cache-dir", str(project.folder.parent / f"{project.folder.name}-cache"))
    project.age()
    run(project, *args)  # makes the cache folder
    project.age()
    run(project, *args)  # recorded
    assert not imports_click(run(project, *args))


def test_every_valued_option_of_check_is_known_to_the_replay():
    import click

    from linter44s.cli import check
    from linter44s.snapshot import _VALUED

    valued = {name for p in check.params if isinstance(p, click.Option) and not p.is_flag for name in p.opts}
    assert valued == set(_VALUED)


def test_a_nested_configuration_or_a_baseline_edited_means_a_real_run(project):
    """Per-file configuration (issue 13): a config file beside a checked file
    is read, and so is the configuration's baseline."""
    project.write("tools/pyproject.toml", '[tool.linter44s]\nignore = ["RDS101"]\n')
    project.write("tools/sweep.py", FLAGGED)
    recorded(project)
    assert "tools/sweep.py" not in run(project, *ARGS).stdout.decode()
    project.write("tools/pyproject.toml", '[tool.linter44s]\nignore = ["RDS102"]\n')
    project.age(project.folder / "tools" / "pyproject.toml", minutes=30)
    again = run(project, *ARGS)
    assert imports_click(again) and "tools/sweep.py:4:1: RDS101" in again.stdout.decode()
    project.write("pyproject.toml", '[tool.linter44s]\nbaseline = "b.json"\n')
    project.write("b.json", '{"version": 1, "findings": []}')
    project.age()
    run(project, *ARGS)
    project.age()
    assert run(project, *ARGS).returncode == 1
    run(project, "check", "--write-baseline", "b.json")
    project.age()
    known = run(project, *ARGS)
    assert imports_click(known) and known.returncode == 0
