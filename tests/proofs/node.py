"""The Node packages the JavaScript fix proofs run with: the real ioredis and
node-redis, installed with npm on first use into a cache folder outside the
repository (`LINTER44S_NODE_CACHE`, else ~/.cache/linter44s/node-proofs), and
reused after that.  `.ci/run` needs nothing more than `node` and `npm`."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

# Pinned: the spellings the rules advise (`pipeline()/exec()`, `multi()/execAsPipeline()`).
PACKAGES = ("ioredis@5.4.1", "redis@4.7.1")


def node_folder() -> Path:
    folder = Path(os.environ.get("LINTER44S_NODE_CACHE") or Path.home() / ".cache" / "linter44s" / "node-proofs")
    stamp = folder / "installed.txt"
    if stamp.is_file() and stamp.read_text() == " ".join(PACKAGES):
        return folder
    assert shutil.which("node") and shutil.which("npm"), "the JavaScript fix proofs need node and npm"
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["npm", "install", "--no-save", "--no-audit", "--no-fund", "--silent", "--prefix", str(folder), *PACKAGES],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, f"npm install failed: {done.stderr[-1000:]}"
    stamp.write_text(" ".join(PACKAGES))
    return folder
