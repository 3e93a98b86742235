"""A finding's identity across edits: its code, its path, the flagged source
text with whitespace normalised, and the function around it, never its line
number, so moving code or adding lines above it keeps the identity, while a
second copy of the same mistake in the same function is told apart by its
occurrence count.  The baseline (baseline.py), SARIF `partialFingerprints`
and the GitLab `fingerprint` all carry it."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from linter44s.diagnostics import Diagnostic
from linter44s.sources import language_of

_PY_DEF = re.compile(r"(?:async\s+)?(?:def|class)\s+(\w+)")
_JS_DEF = re.compile(
    r"(?:export\s+)?(?:default\s+)?(?:async\s+)?(?:function\s*\*?\s*(\w+)|class\s+(\w+)"
    r"|(?:const|let|var)\s+(\w+)\s*=\s*(?:async\s+)?(?:function\b|\([^)]*\)\s*=>|\w+\s*=>)"
    r"|(?:static\s+)?(?:async\s+)?(?:get\s+|set\s+)?(\w+)\s*\([^)]*\)\s*\{)"
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_NOT_A_METHOD = frozenset({"if", "for", "while", "switch", "catch", "with", "return", "function"})


class Identity(NamedTuple):
    """What a baseline stores for a finding (all but the occurrence)."""

    code: str
    path: str  # forward slashes, relative to the folder the identity is for
    function: str  # dotted name of the enclosing functions and classes; "" at module level
    digest: str  # sha256 of code, path, function and the normalised flagged text, shortened


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def enclosing(lines: list[str], line: int, python: bool) -> str:
    """The dotted name of the functions and classes around `line` (1-based),
    read from indentation: cheap, and stable when code moves as a block."""
    if not 0 < line <= len(lines):
        return ""
    limit = _indent(lines[line - 1])
    names: list[str] = []
    pattern = _PY_DEF if python else _JS_DEF
    for text in reversed(lines[: line - 1]):
        stripped = text.strip()
        if not stripped or stripped.startswith(("#", "//", "*", "/*", "@", ")", "}", "]")) or _indent(text) >= limit:
            continue
        limit = _indent(text)
        m = pattern.match(stripped)
        name = next((g for g in m.groups() if g), None) if m else None
        if name and name not in _NOT_A_METHOD:
            names.append(name)
        if limit == 0:
            break
    return ".".join(reversed(names))


def split_lines(text: str) -> list[str]:
    """Lines as the engine counts them (str.splitlines also breaks at form feeds)."""
    return _LINE_BREAK.split(text)


def normalised(text: str) -> str:
    return " ".join(text.split())


def identity(diag: Diagnostic, path: str, source: str | None, lines: list[str] | None = None) -> Identity:
    """`path`: the finding's path as the caller wants it stored (relative, `/`)."""
    flagged = normalised(source[diag.span.start : diag.span.end]) if source is not None else diag.message
    if source is not None and lines is None:
        lines = split_lines(source)
    function = enclosing(lines or [], diag.span.line, language_of(diag.path) != "javascript")
    digest = hashlib.sha256(f"{diag.code}\0{path}\0{function}\0{flagged}".encode("utf-8", "surrogatepass")).hexdigest()[:20]
    return Identity(diag.code, path, function, digest)


def identities(
    diagnostics: Iterable[Diagnostic], path_of: Callable[[str], str], text_of: Callable[[str], str | None]
) -> Iterator[tuple[Diagnostic, Identity, int]]:
    """Each diagnostic with its identity and its occurrence (1-based) among
    the diagnostics with the same identity, in the order given."""
    seen: dict[Identity, int] = {}
    split: dict[str, list[str]] = {}
    for diag in diagnostics:
        source = text_of(diag.path)
        if source is not None and diag.path not in split:
            split[diag.path] = split_lines(source)
        found = identity(diag, path_of(diag.path), source, split.get(diag.path))
        seen[found] = seen.get(found, 0) + 1
        yield diag, found, seen[found]
