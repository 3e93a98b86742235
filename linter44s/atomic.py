"""Replace a file all at once: readers see the old bytes or the new, never half."""

from __future__ import annotations

import os
from pathlib import Path


def write_bytes_atomic(target: Path, data: bytes, mode: int | None = None) -> None:
    """Write to a temporary file beside `target` (same filesystem), then rename it over."""
    import tempfile  # here: a warm run that writes nothing never loads it

    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
