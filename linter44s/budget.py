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
    return hasattr(signal, "setitimer") and hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()


@contextmanager
def within(seconds: float | None) -> Iterator[None]:
    """Raise OutOfTime in the block once `seconds` have passed (None or 0: no limit)."""
    if not seconds or seconds <= 0 or not can_arm():
        yield
        return
    outer_delay, outer_interval = signal.getitimer(signal.ITIMER_REAL)
    if outer_delay and outer_delay <= seconds:
        yield  # an enclosing timer ends sooner: it decides
        return
    armed = [True]

    def on_alarm(signum: int, frame: object) -> None:
        if armed[0]:
            armed[0] = False
            raise OutOfTime(seconds)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    if previous is None:  # a handler set outside Python: the default is the closest we can put back
        previous = signal.SIG_DFL
    started = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        try:
            armed[0] = False  # from here on, a late alarm raises nothing
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
            if outer_delay:  # give an enclosing timer back what is left of its time
                left = max(outer_delay - (time.monotonic() - started), 1e-6)
                signal.setitimer(signal.ITIMER_REAL, left, outer_interval)
