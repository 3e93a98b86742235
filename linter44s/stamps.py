"""A path's stamp, and when a stamp may stand for the contents.

Every cache layer (per-file results, folder listings, whole-run
recordings) trusts a path whose stamp is unchanged, as git's index does.
The stamp holds the ctime, which nobody can set: an edit that keeps the
size and puts the mtime back (`touch -r`, `rsync --inplace -t`) still
changes it.  A stamp whose mtime is from the last two seconds is not
trusted: a second change within the same mtime tick would leave it as it was.
"""

from __future__ import annotations

import os
import time

Stamp = tuple[int, int, int, int]  # (size, mtime in ns, inode, ctime in ns)

_FRESH_NS = 2_000_000_000


def stamp(path: str) -> Stamp | None:
    """The path's stamp now; None when there is no such path."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)


def too_fresh(found: Stamp | None) -> bool:
    """Changed so recently that an unchanged stamp would not prove unchanged contents."""
    return found is not None and time.time_ns() - found[1] < _FRESH_NS
