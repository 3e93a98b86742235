"""The result cache: one file's report, keyed by what can change it.

What it trusts, and why (see also docs/cache.md):
- nothing it reads can run code: entries are JSON (framed.py), never pickle;
- nothing it reads counts unless this user wrote it: every file carries an
  HMAC made with the user's secret (trust.py), which lives outside any
  checkout.  A cache folder committed to a repository, or written by another
  user, is all misses;
- every name in it is derived from that secret too, so a planted file can
  never sit where the cache will write: the cache overwrites only files it
  made, and deletes none;
- it keeps to its own folder: a cache root that is a symbolic link, or that
  holds files that are not the cache's (`--cache-dir .`), is not used, and
  the run says so in one line.

An entry's key covers the cache token (linter version and the effective
settings, as the engine builds it), the file's relative path and the bytes
that were analysed.  Entries live in `<root>/entries/<2 hex>/<62 hex>` and are
written whole to a temporary file, then renamed over the target, so a reader
sees the old entry, the new one or none.  The cache is a convenience, never
a reason to fail: anything missing, damaged or foreign is a miss, and a
folder that cannot be written turns writing off for the rest of the run.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from linter44s import framed, trust
from linter44s.atomic import write_bytes_atomic

if TYPE_CHECKING:
    from linter44s.config import Settings
from linter44s.stamps import Stamp, stamp, too_fresh

__all__ = ["FolderListings", "ResultCache", "root_problem"]

_MAGIC = b"L44C\x03"  # changes when the entry layout does (see framed.py)
_FLUSH_EVERY = 256  # pending entries held in memory before they are written
# Errors after which no later write can succeed either: stop trying.
_FATAL_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.EDQUOT, errno.ENOTDIR}
_GITIGNORE = "# Created by linter44s.\n*\n"
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by linter44s.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
# What a cache root may hold: the tool's own names (older layouts' too).
_OWN_NAMES = re.compile(
    r"(entries|CACHEDIR\.TAG|\.gitignore|(index|listings)-[0-9a-f]{8,16}|run-[0-9a-f]{8}"
    r"|\.((index|listings|run)-[0-9a-f]{8,16}|\.gitignore|CACHEDIR\.TAG)\..*tmp)"  # temporary files of a killed run
)


def root_problem(root: str) -> str | None:
    """Why `root` cannot be a cache folder (one line), or None when it can."""
    try:
        st = os.lstat(root)
    except FileNotFoundError:
        return None  # made on first write
    except OSError as exc:
        return f"cannot use {root} as the cache folder: {exc.strerror or exc}"
    if stat.S_ISLNK(st.st_mode):
        return f"not using {root} as the cache folder: it is a symbolic link"
    if not stat.S_ISDIR(st.st_mode):
        return f"not using {root} as the cache folder: it is not a folder"
    try:
        names = os.listdir(root)
    except OSError as exc:
        return f"cannot use {root} as the cache folder: {exc.strerror or exc}"
    foreign = sorted(n for n in names if not _OWN_NAMES.fullmatch(n) or not _looks_own(os.path.join(root, n), n))
    if foreign:
        shown = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
        return f"not using {root} as the cache folder: it holds files that are not linter44s's ({shown})"
    return None


def _looks_own(path: str, name: str) -> bool:
    """The tool's names, and for the few with fixed contents, those contents."""
    try:
        st = os.lstat(path)
    except OSError:
        return True  # gone meanwhile
    if name == "entries":
        return stat.S_ISDIR(st.st_mode)
    if not stat.S_ISREG(st.st_mode):
        return False
    if name == ".gitignore":
        try:
            with open(path, "rb") as handle:
                return handle.read(64).startswith(_GITIGNORE.encode())
        except OSError:
            return False
    return True


class _Root:
    """A cache folder and the secret that signs what is in it; `usable` is
    False (and `problem` says why, when the user should hear it) otherwise."""

    def __init__(self, root: Path, tree: str | None) -> None:
        self.path = Path(root)
        self.problem = root_problem(str(self.path))
        self.secret = None if self.problem else trust.secret(avoid=tree)
        self.usable = self.secret is not None
        self._prepared: bool | None = None

    def name(self, kind: str, *parts: bytes, size: int = 16) -> str:
        assert self.secret is not None
        return trust.mac(self.secret, kind.encode(), *parts).hex()[:size]

    def prepare(self) -> bool:
        """Make the folder, with its CACHEDIR.TAG and .gitignore, before the first write."""
        if self._prepared is None:
            self._prepared = self.usable and _make_root(self.path)
        return self._prepared

    def read(self, path: Path, context: str, types: framed.Types | None) -> object | None:
        blob = _read_own(path)
        return None if blob is None else self.decode(blob, context, types)

    def decode(self, blob: bytes, context: str, types: framed.Types | None) -> object | None:
        assert self.secret is not None
        return framed.decode(blob, _MAGIC, self.secret, context, types)

    def encode(self, value: object, context: str) -> bytes:
        assert self.secret is not None
        return framed.encode(value, _MAGIC, self.secret, context)


_MAX_FILE = 512 * 1024 * 1024  # no cache file of ours comes near; a planted /dev/zero link must not fill memory


def _read_own(path: Path) -> bytes | None:
    """A cache file's bytes: a regular file, not through a link, of a sane size."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except (OSError, ValueError):
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > _MAX_FILE:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(_MAX_FILE + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def _make_root(root: Path) -> bool:
    try:
        root.mkdir(parents=True, exist_ok=True)
        if root_problem(str(root)) is not None:  # changed since it was checked
            return False
        for name, text in ((".gitignore", _GITIGNORE), ("CACHEDIR.TAG", CACHEDIR_TAG)):
            if not os.path.lexists(root / name):
                write_bytes_atomic(root / name, text.encode())
        return True
    except OSError:
        return False


def _real_folder(path: Path) -> bool:
    """Make `path` if needed; True only when it is a folder, not a link to one."""
    try:
        path.mkdir(exist_ok=True)
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def report_types() -> dict[str, type]:
    """The classes a cached value may be made of (framed.py builds no others)."""
    from linter44s.diagnostics import Applicability, Diagnostic, Edit, FileError, Finding, Fix, FixRequest, Rewrite
    from linter44s.facts import Export, ExportKind, Flavor
    from linter44s.span import Span

    return {c.__name__: c for c in (Applicability, Diagnostic, Edit, FileError, Finding, Fix, FixRequest, Rewrite, Span,
                                    Export, ExportKind, Flavor)}


class ResultCache:
    """Per-file results, kept between runs under `cache_dir`.

    `token` must change whenever anything but the file's own bytes could
    change its report: the engine passes `f"{__version__}|{settings.cache_token()}"`.
    `tree` is the checked project (the user's secret must not lie in it);
    `types` the classes a value may hold beyond plain data.  Call `flush()`
    once at the end of a run: `put` holds entries in memory and writes them in batches.
    """

    def __init__(self, cache_dir: Path, token: str, tree: str | None = None, types: Mapping[str, type] | None = None) -> None:
        self._root = _Root(Path(cache_dir), tree)
        self.root = self._root.path
        self.entries = self.root / "entries"
        self.problem = self._root.problem
        self._token = token
        self._token_bytes = token.encode("utf-8", "surrogatepass")
        self._types = {**report_types(), **(types or {})}
        self._pending: dict[str, bytes] = {}
        self._writable = self._root.usable
        self.hits = 0
        self.misses = 0
        self._index_path = self.root / f"index-{self._root.name('index', self._token_bytes)}" if self._root.usable else None
        self._stamps: dict | None = None
        self._stamps_dirty = False

    # -- the stat index: a warm run over unchanged files reads one file, not all of them

    def _index(self) -> dict:
        if self._stamps is None:
            self._stamps = {}
            if self._index_path is not None:
                loaded = self._root.read(self._index_path, self._token, self._types)
                if isinstance(loaded, tuple):
                    self._stamps = {(rel, extra): (st, value) for rel, extra, st, value in loaded}
        return self._stamps

    def get_unchanged(self, relpath: str, stamp: Stamp, extra: str) -> object | None:
        """The value stored for a file whose stamp (stamps.py) is still `stamp`."""
        entry = self._index().get((relpath, extra))
        if entry is not None and entry[0] == stamp:
            self.hits += 1
            return entry[1]
        return None

    def put_unchanged(self, relpath: str, stamp: Stamp, extra: str, value: object) -> None:
        if too_fresh(stamp) or not self._root.usable:  # trust its bytes, not its stamp (stamps.py)
            return
        self._index()[(relpath, extra)] = (stamp, value)
        self._stamps_dirty = True

    def key(self, relpath: str, content: bytes) -> str:
        """The entry's name: keyed by the user's secret, so nobody else can tell it."""
        path = relpath.replace("\\", "/").encode("utf-8", "surrogateescape")
        return self._root.name("entry", self._token_bytes, path, content, size=64)

    def _path(self, key: str) -> Path:
        return self.entries / key[:2] / key[2:]

    def get(self, relpath: str, content: bytes) -> object | None:
        """The stored value for this path and content, or None."""
        value = None
        if self._root.usable:
            key = self.key(relpath, content)
            blob = self._pending.get(key)
            if blob is not None:
                value = self._root.decode(blob, key, self._types)
            else:
                value = self._root.read(self._path(key), key, self._types)
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def put(self, relpath: str, content: bytes, value: object) -> None:
        """Store `value` (plain data and the report classes) for this path and content."""
        if not self._writable:
            return
        key = self.key(relpath, content)
        try:
            blob = self._root.encode(value, key)
        except (TypeError, ValueError):  # what JSON cannot carry is simply not cached
            return
        self._pending[key] = blob
        if len(self._pending) >= _FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        """Write the pending entries and the index; on an I/O error stop caching quietly."""
        if self._stamps_dirty and self._index_path is not None and self._root.prepare():
            self._stamps_dirty = False
            rows = [(rel, extra, st, value) for (rel, extra), (st, value) in (self._stamps or {}).items()]
            try:
                write_bytes_atomic(self._index_path, self._root.encode(rows, self._token))
            except (OSError, TypeError, ValueError):
                pass
        pending, self._pending = self._pending, {}
        if not pending or not self._writable or not self._root.prepare() or not _real_folder(self.entries):
            return
        made: set[str] = set()
        for key, blob in pending.items():
            shard = self.entries / key[:2]
            try:
                if key[:2] not in made:
                    if not _real_folder(shard):
                        continue
                    made.add(key[:2])
                write_bytes_atomic(shard / key[2:], blob)
            except OSError as exc:
                if exc.errno in _FATAL_ERRNOS:
                    self._writable = False
                    return
                # anything else (a reader holding the file on Windows): skip this entry

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.flush()


def listing_token(settings: Settings) -> str:
    """What a stored folder listing depends on beyond the folder itself."""
    from linter44s import __version__

    # "listing 2": a listing also says which settings files a folder holds (discovery.Listing).
    return repr(("listing 2", __version__, os.getcwd(), settings.root, settings.exclude, settings.extend_exclude))


class FolderListings:
    """Folder listings kept between runs: a warm run stats each folder instead
    of reading it.  A listing is trusted while the folder's stamp (stamps.py)
    is what it was before it was read: adding, removing or renaming an entry
    changes its folder's mtime.  `token` must change with anything that filters
    a listing (the exclude patterns, the root, the working folder)."""

    def __init__(self, cache_dir: Path, token: str, tree: str | None = None) -> None:
        self._root = _Root(Path(cache_dir), tree)
        self.root = self._root.path
        self.problem = self._root.problem
        self._token = token
        self._path = self.root / f"listings-{self._root.name('listings', token.encode('utf-8', 'surrogatepass'))}" if self._root.usable else None
        self._known: dict | None = None
        self._dirty = False
        self.visited: list[str] = []  # every folder asked about, for a run's recording

    def _load(self) -> dict:
        if self._known is None:
            self._known = {}
            if self._path is not None:
                loaded = self._root.read(self._path, self._token, None)
                if isinstance(loaded, tuple):
                    self._known = {folder: (st, listing) for folder, st, listing in loaded}
        return self._known

    def known(self) -> bool:
        """Whether an earlier run stored any listing here (a warm cache)."""
        return bool(self._load())

    def get(self, folder: str) -> tuple[Stamp | None, Any]:  # the listing (discovery.Listing) or False
        """The folder's stamp now, and its stored listing if that is still true (else False)."""
        self.visited.append(folder)
        now = stamp(folder)
        if now is None:
            return None, False
        entry = self._load().get(folder)
        return now, entry[1] if entry is not None and entry[0] == now else False

    def put(self, folder: str, stamped: Stamp, listing: Any) -> None:
        if too_fresh(stamped) or self._path is None:  # list it again next time (stamps.py)
            return
        self._load()[folder] = (stamped, listing)
        self._dirty = True

    def flush(self) -> None:
        if not self._dirty or self._path is None or not self._root.prepare():
            return
        self._dirty = False
        rows = [(folder, st, listing) for folder, (st, listing) in (self._known or {}).items()]
        try:
            write_bytes_atomic(self._path, self._root.encode(rows, self._token))
        except (OSError, TypeError, ValueError):
            pass
