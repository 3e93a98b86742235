"""Fetching pinned packages for the bench scripts (run.py, stress.py).

Each download lands once in a folder the caller names, with a marker file
beside it, so a rerun with the same folder starts at once.  Nothing here
writes into the repository.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def pip_download(name: str, version: str, kind: str, dest: Path) -> Path:
    """One pinned sdist or wheel, downloaded once into dest."""
    marker = dest / f".{name}=={version}.{kind}"
    if marker.exists():
        path = dest / marker.read_text().strip()
        if path.exists():
            return path
    with tempfile.TemporaryDirectory(dir=dest) as tmp:
        binary = ["--no-binary", ":all:"] if kind == "sdist" else ["--only-binary", ":all:"]
        cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--ignore-requires-python",
               *binary, "--dest", tmp, f"{name}=={version}"]
        log(f"  pip download {name}=={version} ({kind})")
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        (got,) = Path(tmp).iterdir()
        final = dest / got.name
        os.replace(got, final)
    marker.write_text(final.name)
    return final


def npm_pack(name: str, version: str, dest: Path) -> Path:
    marker = dest / f".{name.replace('/', '__')}@{version}"
    if marker.exists():
        path = dest / marker.read_text().strip()
        if path.exists():
            return path
    log(f"  npm pack {name}@{version}")
    out = subprocess.run(["npm", "pack", "--silent", f"{name}@{version}", "--pack-destination", str(dest)],
                         check=True, capture_output=True, text=True, cwd=dest)
    filename = out.stdout.strip().splitlines()[-1]
    marker.write_text(filename)
    return dest / filename


def unpack(archive: Path, into: Path) -> None:
    into.mkdir(parents=True, exist_ok=True)
    if archive.suffix in (".whl", ".zip"):
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(into)
    else:
        with tarfile.open(archive) as tf:
            tf.extractall(into, filter="data")
