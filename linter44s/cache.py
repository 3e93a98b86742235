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
import hashlib
import io
import pickle
import time
from pathlib import Path
from typing import Self

from linter44s.atomic import write_bytes_atomic

__all__ = ["ResultCache"]

_MAGIC = b"L44C\x01"  # changes when the entry layout does
_DIGEST_SIZE = 16
_HEADER = len(_MAGIC) + _DIGEST_SIZE
_FLUSH_EVERY = 256  # pending entries held in memory before they are written
# Errors after which no later write can succeed either: stop trying.
_FATAL_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.EDQUOT, errno.ENOTDIR}

CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by linter44s.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)

# What an entry may name when it is unpickled.  A cache folder sits inside a
# checkout that may come from anyone, and plain pickle runs any callable an
# entry names; this keeps a planted entry from doing more than build a report.
_SAFE_GLOBALS = {
    "builtins": frozenset({"frozenset", "set", "tuple", "list", "dict", "str", "int", "float",
                           "bool", "bytes", "bytearray", "complex", "slice", "range"}),
    "collections": frozenset({"OrderedDict", "Counter", "deque"}),
    "pathlib": frozenset({"PurePath", "PurePosixPath", "PureWindowsPath", "Path", "PosixPath", "WindowsPath"}),
}


class _EntryUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> object:
        if module == "linter44s" or module.startswith("linter44s."):
            found = super().find_class(module, name)
            if isinstance(found, type):  # classes (dataclasses, enums), no functions
                return found
        elif name in _SAFE_GLOBALS.get(module, ()):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"cache entry names {module}.{name}")


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
        self._token = hashlib.sha256(token.encode("utf-8", "surrogatepass")).digest()
        self._pending: dict[str, bytes] = {}
        self._writable: bool | None = None  # unknown until the first write
        self.hits = 0
        self.misses = 0
        self._index_path = self.root / f"index-{hashlib.sha256(self._token).hexdigest()[:16]}"
        self._stamps: dict | None = None
        self._stamps_dirty = False

    # -- the stat index: a warm run over unchanged files reads one file, not all of them

    def _index(self) -> dict:
        if self._stamps is None:
            self._stamps = {}
            try:
                loaded = _decode(self._index_path.read_bytes())
            except (OSError, ValueError):
                loaded = None
            if isinstance(loaded, dict):
                self._stamps = loaded
        return self._stamps

    def get_unchanged(self, relpath: str, stamp: tuple, extra: str) -> object | None:
        """The value stored for a file whose size, mtime and inode are still `stamp`."""
        entry = self._index().get((relpath, extra))
        if entry is not None and entry[0] == stamp:
            self.hits += 1
            return entry[1]
        return None

    def put_unchanged(self, relpath: str, stamp: tuple, extra: str, value: object) -> None:
        # A file written in the last two seconds may change again within the
        # same mtime tick (git's "racy" case): trust its bytes, not its stamp.
        if time.time_ns() - stamp[1] < 2_000_000_000:
            return
        self._index()[(relpath, extra)] = (stamp, value)
        self._stamps_dirty = True

    def key(self, relpath: str, content: bytes) -> str:
        """The entry's name: sha256 of token, path and content."""
        h = hashlib.sha256(self._token)
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
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 -- an unpicklable report is simply not cached
            return
        digest = hashlib.blake2b(payload, digest_size=_DIGEST_SIZE).digest()
        self._pending[self.key(relpath, content)] = _MAGIC + digest + payload
        if len(self._pending) >= _FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        """Write the pending entries and the index; on an I/O error stop caching quietly."""
        if self._stamps_dirty and self._prepare():
            self._stamps_dirty = False
            try:
                payload = pickle.dumps(self._stamps, protocol=pickle.HIGHEST_PROTOCOL)
                digest = hashlib.blake2b(payload, digest_size=_DIGEST_SIZE).digest()
                _write_atomic(self._index_path, _MAGIC + digest + payload)
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
        """Create the root with its CACHEDIR.TAG and .gitignore, once."""
        if self._writable is None:
            try:
                self.entries.mkdir(parents=True, exist_ok=True)
                for name, text in ((".gitignore", "# Created by linter44s.\n*\n"), ("CACHEDIR.TAG", CACHEDIR_TAG)):
                    if not (self.root / name).exists():
                        _write_atomic(self.root / name, text.encode())
                self._writable = True
            except OSError:
                self._writable = False
        return self._writable

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.flush()


def _decode(blob: bytes) -> object | None:
    if len(blob) < _HEADER or not blob.startswith(_MAGIC):
        return None
    payload = memoryview(blob)[_HEADER:]
    if hashlib.blake2b(payload, digest_size=_DIGEST_SIZE).digest() != blob[len(_MAGIC):_HEADER]:
        return None
    try:
        return _EntryUnpickler(io.BytesIO(payload)).load()
    except Exception:  # noqa: BLE001 -- a class renamed since, or a planted entry: a miss
        return None


def _write_atomic(target: Path, data: bytes) -> None:
    write_bytes_atomic(target, data)
