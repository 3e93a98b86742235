"""Reading a file: bytes, encoding, and the clear error when it cannot be read."""

from __future__ import annotations

import io
import os
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


def language_of(path: str) -> str | None:
    suffix = os.path.splitext(path)[1].lower()
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
            encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
        except SyntaxError as exc:
            return FileError(path, f"cannot read: {exc}")
        if encoding == "utf-8-sig":
            encoding = "utf-8"  # keep the BOM in the text so it is written back
    try:
        text = raw.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        where = getattr(exc, "start", None)
        line = raw[:where].count(b"\n") + 1 if where is not None else 1
        return FileError(path, f"cannot decode as {encoding}: {getattr(exc, 'reason', exc)}", line, 1)
    return Source(path, raw, text, encoding)


def read(path: str) -> Source | FileError:
    try:
        raw = Path(path).read_bytes()
    except IsADirectoryError:
        return FileError(path, "is a directory, not a file")
    except FileNotFoundError:
        return FileError(path, "no such file or directory")
    except PermissionError:
        return FileError(path, "permission denied")
    except OSError as exc:
        return FileError(path, f"cannot read: {exc.strerror or exc}")
    return decode(raw, path)


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

    chars, lines = code_shape(text[:_MINIFIED_SAMPLE], path)
    return chars > _MINIFIED_CHARS and lines * _MINIFIED_LINE < chars


_MINIFIED_CHARS = 20_000  # of code, comments and string contents left out
_MINIFIED_LINE = 400  # characters of code per line, on average, above which code is generated
_MINIFIED_SAMPLE = 200_000  # characters judged: tokenizing a whole 3 MB bundle to skip it takes seconds
