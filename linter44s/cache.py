"""The result cache: one file's report, keyed by what can change it.

An entry's key is the sha256 of the cache token (linter version and the
effective settings, as the engine builds it), the file's relative path
(findings carry it) and the file's bytes.  Entries live in
`<cache_dir>/entries/<2 hex>/<62 hex>` and are written whole to a temporary
file in the same folder, then renamed over the target, so a reader sees the
old entry, the new one or none, never half of one; two runs writing the
same entry at once both write the same bytes.

The cache is a convenience, never a reason to fail: an entry that is
missing, truncated, corrupt or from an older layout is a miss, and a folder
that cannot be written (read-only checkout, full disk) turns writing off for
the rest of the run.  Nothing here raises to the caller.
"""

from __future__ import annotations

import errno
import pickle
import sys
import zlib
from pathlib import Path
from typing import Self

from linter44s import framed
from linter44s.atomic import write_bytes_atomic
from linter44s.stamps import Stamp, stamp, too_fresh

__all__ = ["FolderListings", "ResultCache", "write_recording"]

_MAGIC = b"L44C\x02"  # changes when the entry layout does (see framed.py)
_FLUSH_EVERY = 256  # pending entries held in memory before they are written
# Errors after which no later write can succeed either: stop trying.
_FATAL_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.EDQUOT, errno.ENOTDIR}

CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by linter44s.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)

class ResultCache:
    """Per-file results, kept between runs under `cache_dir`.

    `token` must change whenever anything but the file's own bytes could
    change its report: the engine passes `f"{__version__}|{settings.cache_token()}"`.
    Call `flush()` once at the end of a run: `put` holds entries in memory and
    writes them in batches.
    """

    def __init__(self, cache_dir: Path, token: str) -> None:
        self.root = Path(cache_dir)
        self.entries = self.root / "entries"
        self._token = token
        self._token_digest: bytes | None = None  # for entry keys; only a run with misses needs it
        self._pending: dict[str, bytes] = {}
        self._writable: bool | None = None  # unknown until the first write
        self.hits = 0
        self.misses = 0
        self._index_path = self.root / f"index-{_short_name(token)}"
        self._stamps: dict | None = None
        self._stamps_dirty = False

    # -- the stat index: a warm run over unchanged files reads one file, not all of them

    def _index(self) -> dict:
        if self._stamps is None:
            self._stamps = _load_for(self._index_path, self._token)
        return self._stamps

    def get_unchanged(self, relpath: str, stamp: tuple, extra: str) -> object | None:
        """The value stored for a file whose size, mtime and inode are still `stamp`."""
        entry = self._index().get((relpath, extra))
        if entry is not None and entry[0] == stamp:
            self.hits += 1
            return entry[1]
        return None

    def put_unchanged(self, relpath: str, stamp: Stamp, extra: str, value: object) -> None:
        if too_fresh(stamp):  # trust its bytes, not its stamp (stamps.py)
            return
        self._index()[(sys.intern(relpath), extra)] = (stamp, value)
        self._stamps_dirty = True

    def key(self, relpath: str, content: bytes) -> str:
        """The entry's name: sha256 of token, path and content."""
        import hashlib  # here: a warm run whose files are all unchanged hashes nothing

        if self._token_digest is None:
            self._token_digest = hashlib.sha256(self._token.encode("utf-8", "surrogatepass")).digest()
        h = hashlib.sha256(self._token_digest)
        path = relpath.replace("\\", "/").encode("utf-8", "surrogateescape")
        h.update(len(path).to_bytes(4, "little"))
        h.update(path)
        h.update(content)
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.entries / key[:2] / key[2:]

    def get(self, relpath: str, content: bytes) -> object | None:
        """The stored value for this path and content, or None."""
        key = self.key(relpath, content)
        blob = self._pending.get(key)
        if blob is None:
            try:
                blob = self._path(key).read_bytes()
            except (OSError, ValueError):
                blob = None
        value = _decode(blob) if blob is not None else None
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def put(self, relpath: str, content: bytes, value: object) -> None:
        """Store `value` (picklable) for this path and content."""
        if self._writable is False:
            return
        try:
            blob = _encode(value)
        except Exception:  # noqa: BLE001 -- an unpicklable report is simply not cached
            return
        self._pending[self.key(relpath, content)] = blob
        if len(self._pending) >= _FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        """Write the pending entries and the index; on an I/O error stop caching quietly."""
        if self._stamps_dirty and self._prepare():
            self._stamps_dirty = False
            try:
                _write_atomic(self._index_path, _encode((self._token, self._stamps)))
            except (OSError, pickle.PicklingError):
                pass
        pending, self._pending = self._pending, {}
        if not pending or not self._prepare():
            return
        made: set[str] = set()
        for key, blob in pending.items():
            shard = self.entries / key[:2]
            try:
                if key[:2] not in made:
                    shard.mkdir(exist_ok=True)
                    made.add(key[:2])
                _write_atomic(shard / key[2:], blob)
            except OSError as exc:
                if exc.errno in _FATAL_ERRNOS:
                    self._writable = False
                    return
                # anything else (a reader holding the file on Windows): skip this entry

    def _prepare(self) -> bool:
        if self._writable is None:
            self._writable = _prepare_root(self.root, self.entries)
        return self._writable

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.flush()


class FolderListings:
    """Folder listings kept between runs: a warm run stats each folder instead
    of reading it.  A listing is trusted while the folder's stamp (stamps.py)
    is what it was before it was read: adding, removing or renaming an entry
    changes its folder's mtime.  `token` must change with anything that filters
    a listing (the exclude patterns, the root, the working folder)."""

    def __init__(self, cache_dir: Path, token: str) -> None:
        self.root = Path(cache_dir)
        self._path = self.root / f"listings-{_short_name(token)}"
        self._token = token
        self._known: dict | None = None
        self._dirty = False
        self.visited: list[str] = []  # every folder asked about, for a run's recording

    def _load(self) -> dict:
        if self._known is None:
            self._known = _load_for(self._path, self._token)
        return self._known

    def get(self, folder: str) -> tuple[Stamp | None, object]:
        """The folder's stamp now, and its stored listing if that is still true (else False)."""
        self.visited.append(folder)
        now = stamp(folder)
        if now is None:
            return None, False
        entry = self._load().get(folder)
        return now, entry[1] if entry is not None and entry[0] == now else False

    def put(self, folder: str, stamped: Stamp, listing: object) -> None:
        if too_fresh(stamped):  # list it again next time (stamps.py)
            return
        self._load()[folder] = (stamped, listing)
        self._dirty = True

    def flush(self) -> None:
        if not self._dirty or not _prepare_root(self.root, self.root):
            return
        self._dirty = False
        try:
            _write_atomic(self._path, _encode((self._token, self._known)))
        except (OSError, pickle.PicklingError):
            pass


_RECORDINGS_KEPT = 16  # one per distinct command line; pre-commit makes a new one per commit


def write_recording(root: Path, name: str, blob: bytes) -> None:
    """Store a whole run's recording (snapshot.py) in the cache folder, and
    drop the oldest beyond the last few; quietly not, if it cannot be written."""
    if not _prepare_root(root, root):
        return
    try:
        _write_atomic(root / name, blob)
        recordings = sorted(root.glob("run-*"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in recordings[_RECORDINGS_KEPT:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def _prepare_root(root: Path, folder: Path) -> bool:
    """Create `folder` under a cache root with its CACHEDIR.TAG and .gitignore."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in ((".gitignore", "# Created by linter44s.\n*\n"), ("CACHEDIR.TAG", CACHEDIR_TAG)):
            if not (root / name).exists():
                _write_atomic(root / name, text.encode())
        return True
    except OSError:
        return False


def _short_name(token: str) -> str:
    """A file name for a token.  Two tokens may share one; the file holds its
    token, and one written for the other token is read as empty."""
    return f"{zlib.crc32(token.encode('utf-8', 'surrogatepass')):08x}"


def _load_for(path: Path, token: str) -> dict:
    try:
        loaded = _decode(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if isinstance(loaded, tuple) and len(loaded) == 2 and loaded[0] == token and isinstance(loaded[1], dict):
        return loaded[1]
    return {}


def _encode(value: object) -> bytes:
    return framed.encode(value, _MAGIC)


def _decode(blob: bytes) -> object | None:
    return framed.decode(blob, _MAGIC)


def _write_atomic(target: Path, data: bytes) -> None:
    write_bytes_atomic(target, data)
