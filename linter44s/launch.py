"""The console script: replay a run over an unchanged tree (snapshot.py),
else start the command line.  Kept apart from cli.py so that a replayed run
imports neither click nor anything of the linter."""

from __future__ import annotations

import sys


def main() -> None:
    argv = sys.argv[1:]
    from linter44s import snapshot

    try:
        code = snapshot.replay(argv)
    except Exception:  # noqa: BLE001 -- a shortcut must never be why a run fails
        code = None
    if code is not None:
        sys.exit(code)
    from linter44s.budget import hold
    from linter44s.cli import entry

    hold()  # the console script owns its process (budget.py)
    entry(argv, record=True)
