"""A time budget for one file: a pathological input becomes one error line, never a hang.

`within(seconds)` arms a one-shot SIGALRM timer around a block and raises
`OutOfTime` in it when the time is up.  It needs the main thread of a
process on a POSIX system (CPython runs signal handlers only there); where
it cannot arm, it does nothing, and the caller stays as safe as before.  A
caller off the main thread (the language server's lint thread) keeps its
own watch and can still use `timed_out` for the same error line.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from linter44s.diagnostics import FileError


class OutOfTime(BaseException):
    """The budget ran out.  A BaseException: the engine's `except Exception`
    (one bug, one file's error line) must not take it for a bug and swallow it."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds


def timed_out(path: str, seconds: float) -> FileError:
    """The one error line for a file that used up its budget."""
    return FileError(
        path,
        f"not checked: it took longer than the {seconds:g} s allowed for one file "
        "(raise `file-timeout` in the configuration or pass --file-timeout)",
    )


@contextmanager
def paused() -> Iterator[None]:
    """Stop the clock of an enclosing `within` for a block (the imports the
    first file to need a frontend pays for are not that file's fault)."""
    if not can_arm():
        yield
        return
    delay, interval = signal.setitimer(signal.ITIMER_REAL, 0)
    try:
        yield
    finally:
        if delay:
            signal.setitimer(signal.ITIMER_REAL, delay, interval)


def can_arm() -> bool:
    """Whether `within` can interrupt a block here."""
    return _HAS_TIMER and threading.current_thread() is threading.main_thread()


_HAS_TIMER = hasattr(signal, "setitimer") and hasattr(signal, "SIGALRM")


class _Clock:
    """What the alarm handler reads: the budget armed now, if any."""

    armed: float | None = None  # seconds of the budget running now
    held = False  # our handler stays installed (hold): `within` only sets the timer


def _on_alarm(signum: int, frame: object) -> None:
    seconds = _Clock.armed
    if seconds is not None:  # a late alarm, after the block ended, raises nothing
        _Clock.armed = None
        raise OutOfTime(seconds)


def hold() -> None:
    """Keep the alarm handler installed in a process the engine owns (a
    worker, the console script): a budget per file then costs two timer
    calls, not two handler swaps.  Where the linter is a guest (flake8, a
    test run) each `within` puts the previous handler back instead."""
    if can_arm():
        signal.signal(signal.SIGALRM, _on_alarm)
        _Clock.held = True


class within:  # lower case: used as `with within(seconds):`, as it was a function
    """Raise OutOfTime in the block once `seconds` have passed (None or 0: no limit)."""

    __slots__ = ("outer", "outer_armed", "previous", "seconds", "started")

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds

    def __enter__(self) -> None:
        seconds = self.seconds
        self.outer = None
        if not seconds or seconds <= 0 or not can_arm():
            self.seconds = None
            return
        outer = signal.getitimer(signal.ITIMER_REAL)
        if outer[0] and outer[0] <= seconds:
            self.seconds = None  # an enclosing timer ends sooner: it decides
            return
        self.outer = outer if outer[0] else None
        self.outer_armed = _Clock.armed
        self.previous = None
        if not _Clock.held:
            previous = signal.signal(signal.SIGALRM, _on_alarm)
            # a handler set outside Python: the default is the closest we can put back
            self.previous = signal.SIG_DFL if previous is None else previous
        self.started = time.monotonic()
        _Clock.armed = seconds
        signal.setitimer(signal.ITIMER_REAL, seconds)

    def __exit__(self, *exc: object) -> None:
        if self.seconds is None:
            return
        try:
            _Clock.armed = None  # from here on, a late alarm raises nothing
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            if self.previous is not None:
                signal.signal(signal.SIGALRM, self.previous)
            _Clock.armed = self.outer_armed
            if self.outer is not None:  # give an enclosing timer back what is left of its time
                delay, interval = self.outer
                left = max(delay - (time.monotonic() - self.started), 1e-6)
                signal.setitimer(signal.ITIMER_REAL, left, interval)
