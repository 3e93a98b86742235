"""The user's secret: what makes a cache file this user's own work.

A cache folder sits inside a checkout, and a checkout may come from anyone:
a pull request can commit `.linter44s_cache/` with any bytes in it.  So a
cache file is trusted only when it carries an HMAC made with a secret that
never lives in a checkout: 32 random bytes in the user's cache folder
(`$XDG_CACHE_HOME/linter44s/secret`, else `~/.cache/linter44s/secret`),
readable by the user alone.  A file that fails the check is a miss, never
an error; without a usable secret the run has no cache at all.
"""

from __future__ import annotations

import hmac
import os
import stat
from functools import lru_cache
from hashlib import sha256

SECRET_SIZE = 32
MAC_SIZE = 32  # HMAC-SHA256


def home() -> str | None:
    """The user's own linter44s folder (it holds the secret and the run recordings)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):
        return None  # `~` could not be expanded, or a relative path that depends on the working folder
    return os.path.join(base, "linter44s")


def secret(avoid: str | None = None) -> bytes | None:
    """The user's secret, made on first use; None when it cannot be had or
    cannot be trusted.  `avoid`: a checked tree the secret must not lie in
    (were HOME inside the checkout, a committed secret would be read)."""
    folder = home()
    if folder is None:
        return None
    if avoid is not None and _inside(folder, avoid):
        return None
    return _load_or_make(folder)


def mac(key: bytes, *parts: bytes) -> bytes:
    """HMAC-SHA256 of the parts, each length-prefixed so no two splits collide."""
    h = hmac.new(key, digestmod=sha256)
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.digest()


def same(a: bytes, b: bytes) -> bool:
    return hmac.compare_digest(a, b)


def private_folder(path: str) -> bool:
    """Create `path` (0700) if missing; True when it is a real folder of this user's
    that no one else may write (a link or another owner's folder is refused)."""
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.geteuid() and not st.st_mode & 0o022


@lru_cache(maxsize=4)
def _load_or_make(folder: str) -> bytes | None:
    if not private_folder(folder):
        return None
    path = os.path.join(folder, "secret")
    found = _read(path)
    if found is not None or os.path.lexists(path):
        return found
    try:
        _make(folder, path)
    except OSError:
        return None
    return _read(path)


def _read(path: str) -> bytes | None:
    """The secret, when it is a regular file of this user's that nobody else can read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid() or st.st_mode & 0o077:
            return None
        data = os.read(fd, SECRET_SIZE + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) == SECRET_SIZE else None


def _make(folder: str, path: str) -> None:
    """Write the secret whole under a temporary name, then link it into place:
    two first runs at once agree on one secret, and no reader sees half of one."""
    tmp = os.path.join(folder, f".secret.{os.getpid()}.{os.urandom(4).hex()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(os.urandom(SECRET_SIZE))
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another run made it first: use theirs
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def _inside(path: str, tree: str) -> bool:
    real, top = os.path.realpath(path), os.path.realpath(tree)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)
