"""A run killed with SIGKILL leaves nothing behind for long: its workers
exit when they see their parent gone, and the temporary files of a write it
interrupted are removed by the next --fix."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from linter44s.atomic import is_own_temp

# Enough work per file that the workers are still busy when the parent dies.
BUSY = "import redis\n\nr = redis.Redis()\n\n" + "".join(
    f"def f{i}(k):\n    x = r.get(k)\n    return x + {i}\n\n" for i in range(800)
)


def _stat(pid: int) -> list[str] | None:
    """Fields of /proc/PID/stat after the command name, or None when gone."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            text = handle.read()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()


def _children(parent: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat(int(entry))
            if fields is not None and int(fields[1]) == parent:
                found.append(int(entry))
    return found


def _running(pid: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"  # a zombie has exited; who reaps it is not ours to say


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def test_workers_exit_when_the_main_process_is_killed(project):
    for n in range(12):
        project.write(f"m{n}.py", BUSY)
    main = subprocess.Popen(
        [sys.executable, "-m", "linter44s", "check", "--no-cache", "-j", "2", "-q", "."],
        cwd=project.folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []

    def started() -> bool:
        workers[:] = _children(main.pid)
        return len(workers) >= 2

    try:
        assert _wait_for(started, 60), "no workers started"
        main.kill()
        main.wait(10)
        assert _wait_for(lambda: not any(map(_running, workers)), 10), [p for p in workers if _running(p)]
    finally:
        main.kill()
        for pid in workers:
            if _running(pid):
                os.kill(pid, signal.SIGKILL)


def test_leftover_temporary_files_are_removed_by_the_next_fix(project):
    app = project.write("app.py", "import redis\nr = redis.Redis()\nr.keys('*')\n")
    leftover = app.parent / ".app.py.linter44s-ab12cd34.tmp"
    kept = [
        app.parent / ".x.tmp",  # not the tool's name
        app.parent / ".app.py.ab12cd34.tmp",  # not the tool's mark
        app.parent / ".gone.py.linter44s-ab12cd34.tmp",  # beside no file the run checks
        app.parent / ".app.py.linter44s-ab12cd34.tmp.bak",
    ]
    for path in (leftover, *kept):
        path.write_text("half a file")
    project.age()  # a fresh temp file may be another run's, still being written
    assert is_own_temp(leftover.name, "app.py")
    project.run("check", "--no-cache", "--fix", ".")
    assert not leftover.exists()
    assert all(path.exists() for path in kept)


def test_a_fresh_temporary_file_is_left_to_the_run_writing_it(project):
    app = project.write("app.py", "import redis\nr = redis.Redis()\nr.keys('*')\n")
    project.age()
    fresh = app.parent / ".app.py.linter44s-ab12cd34.tmp"
    fresh.write_text("being written")
    project.run("check", "--no-cache", "--fix", ".")
    assert fresh.exists()
