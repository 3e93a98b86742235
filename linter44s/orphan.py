"""Worker processes end when the process that started them dies.

A pool worker waits on a pipe the other workers also hold open, so after a
`kill -9` of the main process it would wait forever.  On Linux the kernel
kills it when its parent dies (PR_SET_PDEATHSIG); elsewhere a daemon thread
watches the parent's pid: when the worker is handed to another parent
(init, a subreaper), it exits.
"""

from __future__ import annotations

import os
import time

_INTERVAL = 0.5  # seconds between looks: cheap, and an orphan lives at most this long


def exit_with_parent() -> None:
    """Start the watch in this process (a worker initializer calls it once)."""
    parent = os.getppid()
    if _kernel_watches(parent):
        return
    import threading  # here: only where the kernel cannot watch for us

    threading.Thread(target=_watch, args=(parent,), name="linter44s-parent-watch", daemon=True).start()


def _kernel_watches(parent: int) -> bool:
    """On Linux, ask the kernel to kill this worker when its parent dies
    (PR_SET_PDEATHSIG): no thread polling beside the work, which costs a busy
    worker its share of the GIL."""
    if os.uname().sysname != "Linux":
        return False
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(1, int(signal.SIGKILL), 0, 0, 0) != 0:  # 1 = PR_SET_PDEATHSIG
            return False
    except (OSError, AttributeError):
        return False
    if os.getppid() != parent:  # the parent died before the watch was set
        os._exit(1)
    return True


def _watch(parent: int) -> None:
    while True:
        time.sleep(_INTERVAL)
        if os.getppid() != parent:
            os._exit(1)  # no cleanup to run: the parent that wanted the results is gone
