"""Reading a file: bytes, encoding, and the clear error when it cannot be read."""

from __future__ import annotations

import io
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from linter44s.diagnostics import FileError

PYTHON_SUFFIXES = frozenset({".py"})
JS_SUFFIXES = frozenset({".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx"})


@dataclass(frozen=True)
class Source:
    path: str
    raw: bytes
    text: str  # decoded as is: BOM and line endings kept, so offsets match the file
    encoding: str


_OTHER_SEPARATOR = os.sep != "/"  # Windows: the backslash too (its altsep is `/`)


def language_of(path: str) -> str | None:
    # Called for every entry of every folder listed: the last dot of the name, as
    # os.path.splitext finds it (a name of dots and a suffix, `.py`, has none), at a third of its cost.
    dot = path.rfind(".")
    if dot < 0 or len(path) - dot > 4:  # no dot, or a suffix longer than `.mjs`
        return None
    start = path.rfind("/", 0, dot) + 1
    if _OTHER_SEPARATOR:
        start = max(start, path.rfind(os.sep, 0, dot) + 1)
    if dot == start or (path[dot - 1] == "." and not path[start:dot].strip(".")):
        return None
    suffix = path[dot:].lower()
    if suffix in PYTHON_SUFFIXES:
        return "python"
    if suffix in JS_SUFFIXES and not path.endswith(".d.ts"):
        return "javascript"
    return None


def decode(raw: bytes, path: str) -> Source | FileError:
    if b"\0" in raw[:8192]:
        return FileError(path, "binary file (it contains NUL bytes); skipped")
    encoding = "utf-8"
    if language_of(path) == "python":
        import tokenize  # here: a warm run reads no file

        try:
            encoding, head = tokenize.detect_encoding(io.BytesIO(raw).readline)
        except SyntaxError as exc:
            return FileError(path, f"cannot read: {exc}")
        if encoding == "utf-8-sig":
            encoding = "utf-8"  # keep the BOM in the text so it is written back
        elif encoding != "utf-8" and not _declares_itself(b"".join(head), encoding):
            return FileError(
                path, f"encoding problem: the file declares {encoding}, which does not read its own declaration (Python refuses it too)",
                len(head), 1,
            )
    try:
        text = raw.decode(encoding)
    except (UnicodeError, LookupError) as exc:  # UnicodeError: a codec such as punycode fails without a position
        where = getattr(exc, "start", None)
        line = raw[:where].count(b"\n") + 1 if where is not None else 1
        return FileError(path, f"cannot decode as {encoding}: {getattr(exc, 'reason', exc)}", line, 1)
    return Source(path, raw, text, encoding)


# A coding declaration, as Python's tokenizer finds it (PEP 263).
_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", re.ASCII)


def _declares_itself(head: bytes, encoding: str) -> bool:
    """Python reads the declaration before it knows the encoding: one that
    does not read the declaration back as written (UTF-16 on these bytes, a
    bytes-to-bytes codec like rot13) cannot be the file's."""
    try:
        lines = head.decode(encoding).splitlines()
    except (UnicodeError, LookupError):
        return False
    return bool(lines) and _COOKIE.match(lines[-1].encode("utf-8", "replace")) is not None


def read(path: str) -> Source | FileError:
    raw = read_bytes(path)
    return raw if isinstance(raw, FileError) else decode(raw, path)


def read_bytes(path: str) -> bytes | FileError:
    """A regular file's bytes, up to MAX_BYTES.  Anything else is a clear error:
    a named pipe would block the run, a link to /dev/zero would never end."""
    try:
        return _read_regular(path)
    except IsADirectoryError:
        return FileError(path, "is a directory, not a file")
    except FileNotFoundError:
        return FileError(path, "no such file or directory")
    except PermissionError:
        return FileError(path, "permission denied")
    except _NotRegular as exc:
        return FileError(path, f"not a regular file ({exc.kind}); skipped")
    except _TooLarge:
        return FileError(path, f"larger than {MAX_BYTES // _MIB} MiB, the most linter44s reads of one file; skipped")
    except OSError as exc:  # a looping link (ELOOP), an I/O error
        return FileError(path, f"cannot read: {exc.strerror or exc}")


MAX_BYTES = 10 * 1024 * 1024  # far above any hand-written source; the bundles above it are skipped as minified anyway
_MIB = 1024 * 1024
# Non-blocking: opening a named pipe that slipped in between the checks below must not wait for a writer.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


class _NotRegular(OSError):
    def __init__(self, mode: int) -> None:
        super().__init__()
        self.kind = next((kind for test, kind in _KINDS if test(mode)), "a special file")


class _TooLarge(OSError):
    pass


def _check_regular(mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise IsADirectoryError
    if not stat.S_ISREG(mode):
        raise _NotRegular(mode)


def _read_regular(path: str) -> bytes:
    _check_regular(os.stat(path).st_mode)  # before opening: opening a device can itself do things
    fd = os.open(path, _OPEN_FLAGS)
    try:
        found = os.fstat(fd)
        _check_regular(found.st_mode)  # what was opened, in case the path changed meanwhile
        if found.st_size > MAX_BYTES:
            raise _TooLarge
        chunks, size, want = [], 0, found.st_size + 1  # one read for the whole file, one to see its end
        while size <= MAX_BYTES:  # a file that grows while it is read is capped all the same
            chunk = os.read(fd, max(want - size, 65536))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_BYTES:
            raise _TooLarge
        return b"".join(chunks)
    finally:
        os.close(fd)


def looks_minified(path: str, text: str) -> bool:
    """A minified or bundled script (`*.min.js`, a 1.5 MB one-line bundle):
    generated code nobody edits, so nothing to report and much to read.

    Judged on code only: a long comment or string line does not make a
    hand-written file look generated (it would let a file opt out of checks)."""
    name = Path(path).name
    if ".min." in name or name.endswith((".bundle.js", "-bundle.js")):
        return True
    if len(text) <= _MINIFIED_CHARS or text.count("\n") * _MINIFIED_LINE >= len(text):
        return False  # short, or plenty of lines: no need to tokenize
    from linter44s.javascript.tokenizer import code_shape  # only a suspect file pays for it

    sample = text[:_MINIFIED_SAMPLE]
    # Code never starts on more lines than the sample has, so past this much code the
    # answer is yes whatever follows: the count stops there (a one-line bundle is
    # then known after its first few kilobytes, not after 200,000 characters).
    enough = max(_MINIFIED_CHARS, _MINIFIED_LINE * (sample.count("\n") + 1))
    chars, lines = code_shape(sample, path, enough)
    return chars > enough or (chars > _MINIFIED_CHARS and lines * _MINIFIED_LINE < chars)


_MINIFIED_CHARS = 20_000  # of code, comments and string contents left out
_MINIFIED_LINE = 400  # characters of code per line, on average, above which code is generated
_MINIFIED_SAMPLE = 200_000  # characters judged: tokenizing a whole 3 MB bundle to skip it takes seconds
