"""Nothing hangs: `global r` at module level, and a per-file time budget
that turns a pathological file into one error line (issue 10, item 9)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from linter44s.budget import OutOfTime, within

ROOT = Path(__file__).resolve().parent.parent
FLAGGED = 'import redis\nr = redis.Redis()\nr.keys("a:*")\n'
# Valid Python: `global` at module level is allowed and means nothing.
GLOBAL_R = 'import redis\nglobal r\nr = redis.Redis()\nr.keys("*")\n'


def run(cwd: Path, *args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, *args], check=False, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)


def check(cwd: Path, *args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return run(cwd, "-m", "linter44s", "check", "--no-cache", "--output-format", "concise", *args, timeout=timeout)


def test_module_level_global_is_checked_through_the_cli(tmp_path):
    (tmp_path / "g.py").write_text(GLOBAL_R)
    done = check(tmp_path, "g.py")
    assert done.stdout.splitlines()[0].startswith("g.py:4:1: RDS101"), done.stdout + done.stderr
    assert done.returncode == 1


def test_module_level_global_in_a_function_still_finds_the_module_client(tmp_path):
    (tmp_path / "g.py").write_text('import redis\nr = redis.Redis()\nglobal r\ndef f():\n    global r\n    r.keys("*")\n')
    done = check(tmp_path, "g.py")
    assert done.stdout.splitlines()[0].startswith("g.py:6:5: RDS101"), done.stdout + done.stderr


def test_module_level_global_in_worker_processes(tmp_path):
    for i in range(10):  # enough files for the run to start workers
        (tmp_path / f"m{i}.py").write_text(GLOBAL_R if i % 2 else FLAGGED)
    done = check(tmp_path, "-j", "2", ".")
    lines = done.stdout.splitlines()
    assert sum(" RDS101 " in line for line in lines) == 10, done.stdout + done.stderr
    assert "error" not in done.stdout


def test_module_level_global_through_flake8(tmp_path):
    (tmp_path / "g.py").write_text(GLOBAL_R)
    done = run(tmp_path, "-m", "flake8", "--isolated", "--select", "RDS", "g.py")
    assert done.stdout.startswith("./g.py:4:1: RDS101") or done.stdout.startswith("g.py:4:1: RDS101"), done.stdout + done.stderr


def _slow_file(path: Path, commands: int) -> None:
    """A large, real file: tens of thousands of commands take seconds to check, far above the budgets below.
    (Named `big.py`, it is checked first in one process, so it also pays for the imports.)"""
    lines = ["import redis", "r = redis.Redis()", *(f'r.set("user_{i}", {i})' for i in range(commands))]
    path.write_text("\n".join(lines) + "\n")


# In workers, a small file may be a worker's first and pay for the imports: a roomier budget there.
@pytest.mark.parametrize(("jobs", "budget", "commands"), [("1", "0.3", 20_000), ("2", "1.5", 60_000)])
def test_a_file_over_its_budget_is_one_error_line_and_the_rest_is_checked(tmp_path, jobs, budget, commands):
    _slow_file(tmp_path / "big.py", commands)
    for i in range(9):
        (tmp_path / f"m{i}.py").write_text(FLAGGED)
    started = time.monotonic()
    done = check(tmp_path, "--file-timeout", budget, "-j", jobs, ".", timeout=60)
    lines = done.stdout.splitlines()
    assert f"big.py:1:1: error: not checked: it took longer than the {budget} s allowed for one file" in "\n".join(lines), done.stdout
    assert sum(line.startswith(f"m{i}.py:3:1: RDS101") for i in range(9) for line in lines) == 9, done.stdout
    assert done.returncode == 1
    assert time.monotonic() - started < 40


def test_the_budget_comes_from_the_configuration_and_stdin_keeps_it(tmp_path):
    _slow_file(tmp_path / "big.py", 20_000)
    (tmp_path / "linter44s.toml").write_text("file-timeout = 0.3\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "linter44s", "check", "--output-format", "concise", "--stdin-filename", "big.py"],
        check=False, cwd=tmp_path, input=(tmp_path / "big.py").read_text(), capture_output=True, text=True, timeout=60, env=env,
    )
    assert "big.py:1:1: error: not checked: it took longer than the 0.3 s allowed for one file" in done.stdout, done.stdout + done.stderr


def test_flake8_reports_a_file_over_its_budget(tmp_path):
    _slow_file(tmp_path / "big.py", 5_000)  # flake8's own checks read it too: keep it smaller
    (tmp_path / "small.py").write_text(FLAGGED)
    args = ("--isolated", "-j", "1", "--select", "RDS", "--rds-file-timeout", "0.1", "big.py", "small.py")
    done = run(tmp_path, "-m", "flake8", *args, timeout=60)
    assert "big.py:1:1: RDS000 linter44s could not check this file: not checked: it took longer than the 0.1 s" in done.stdout, done.stdout
    assert "small.py:3:1: RDS101" in done.stdout


@pytest.mark.parametrize("value", ["0", "-1", "nope"])
def test_a_bad_file_timeout_is_a_usage_error(tmp_path, value):
    done = check(tmp_path, "--file-timeout", value, ".")
    assert done.returncode == 2
    assert "--file-timeout" in done.stderr


def test_a_bad_file_timeout_in_the_configuration_names_the_key(tmp_path):
    (tmp_path / "linter44s.toml").write_text('file-timeout = "soon"\n')
    done = check(tmp_path, ".")
    assert done.returncode == 2
    assert "linter44s.toml: `file-timeout` must be a number of seconds" in done.stderr


def test_within_interrupts_a_loop_and_puts_the_previous_handler_back():
    import signal

    before = signal.getsignal(signal.SIGALRM)
    with pytest.raises(OutOfTime), within(0.05):
        while True:
            pass
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    with within(5):
        pass  # done in time: nothing raised, nothing left armed
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_within_does_nothing_off_the_main_thread():
    import threading

    outcome: list[str] = []

    def work() -> None:
        with within(0.01):
            time.sleep(0.1)
        outcome.append("done")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert outcome == ["done"]


def test_paused_stops_the_clock_and_gives_back_what_is_left():
    import time

    from linter44s.budget import OutOfTime, paused, within

    with within(0.3):
        with paused():
            time.sleep(0.5)  # longer than the whole budget: the clock is stopped
        time.sleep(0.05)
    try:
        with within(0.2):
            with paused():
                pass
            time.sleep(1)
    except OutOfTime:
        pass
    else:
        raise AssertionError("the budget must still run out after a pause")


def test_within_in_a_process_that_holds_the_handler(tmp_path):
    """Workers and the console script keep the alarm handler installed (hold):
    a budget still interrupts, a nested one gives the outer its time back, and a
    block done in time leaves no timer armed."""
    script = """
import signal, time
from linter44s.budget import OutOfTime, hold, within
hold()
try:
    with within(0.05):
        while True:
            pass
except OutOfTime as exc:
    print("interrupted", exc.seconds)
with within(5):
    with within(2):
        pass
    print("outer left", round(signal.getitimer(signal.ITIMER_REAL)[0]))
print("armed after", signal.getitimer(signal.ITIMER_REAL))
try:
    with within(0.3):
        with within(5):  # the outer ends sooner: it decides
            time.sleep(1)
except OutOfTime as exc:
    print("outer decided", exc.seconds)
"""
    done = run(tmp_path, "-c", script)
    assert done.stdout.splitlines() == ["interrupted 0.05", "outer left 5", "armed after (0.0, 0.0)", "outer decided 0.3"], done.stderr
