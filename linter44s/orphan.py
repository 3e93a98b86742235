"""Worker processes end when the process that started them dies.

A pool worker waits on a pipe the other workers also hold open, so after a
`kill -9` of the main process it would wait forever.  A daemon thread
watches the parent's pid instead: when the worker is handed to another
parent (init, a subreaper), it exits.
"""

from __future__ import annotations

import os
import time

_INTERVAL = 0.5  # seconds between looks: cheap, and an orphan lives at most this long


def exit_with_parent() -> None:
    """Start the watch in this process (a worker initializer calls it once)."""
    import threading  # here: only workers need it

    parent = os.getppid()
    threading.Thread(target=_watch, args=(parent,), name="linter44s-parent-watch", daemon=True).start()


def _watch(parent: int) -> None:
    while True:
        time.sleep(_INTERVAL)
        if os.getppid() != parent:
            os._exit(1)  # no cleanup to run: the parent that wanted the results is gone
