"""A path's stamp, and when a stamp may stand for the contents.

Every cache layer (per-file results, folder listings, whole-run
recordings) trusts a path whose stamp is unchanged, as git's index does.
A stamp written in the last two seconds is not trusted: a second change
within the same mtime tick would leave it as it was.
"""

from __future__ import annotations

import os
import time

Stamp = tuple[int, int, int]  # (size, mtime in ns, inode)

_FRESH_NS = 2_000_000_000


def stamp(path: str) -> Stamp | None:
    """The path's stamp now; None when there is no such path."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def too_fresh(found: Stamp | None) -> bool:
    """Changed so recently that an unchanged stamp would not prove unchanged contents."""
    return found is not None and time.time_ns() - found[1] < _FRESH_NS
