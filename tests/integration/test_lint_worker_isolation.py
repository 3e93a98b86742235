"""The editor's lint worker never imports code from the workspace it runs in."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from linter44s.adapters.lint_worker import LintWorker

PLANTED = 'import pathlib\npathlib.Path(__file__).with_name("RAN").write_text("x")\nraise ImportError("planted")\n'


def test_modules_planted_in_the_workspace_are_never_imported(tmp_path: Path, monkeypatch):
    # A stranger's repository, opened in the editor: the server (and so its worker) runs there.
    for name in ("struct.py", "pickle.py", "linter44s.py"):
        (tmp_path / name).write_text(PLANTED, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    source = 'import redis\nr = redis.Redis()\nnames = r.keys("user:*")\n'

    async def lint():
        worker = LintWorker()
        try:
            return await worker.run("lint", source, str(tmp_path / "app.py"), "python")
        finally:
            process = worker._process
            worker.close()
            if process is not None:
                await process.wait()  # reaped on this loop, before it closes

    kind, found = asyncio.run(lint())
    assert not (tmp_path / "RAN").exists()
    assert kind == "ok" and [d.code for d in found] == ["RDS101"]
    assert os.getcwd() == str(tmp_path)
