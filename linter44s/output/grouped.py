"""Findings grouped by file, as ruff's `grouped` format:

    app/cache.py:
      12:5  RDS101 [*] `KEYS` blocks the server ...
"""

from __future__ import annotations

from typing import TextIO

from linter44s.diagnostics import Diagnostic, FileError, RunResult
from linter44s.fixer import applicable
from linter44s.output import RenderOptions
from linter44s.output.text import summary_line

_BOLD, _CYAN, _RED, _DIM, _RESET = "\x1b[1m", "\x1b[36m", "\x1b[31m", "\x1b[2m", "\x1b[0m"


def _fixable(diag: Diagnostic, options: RenderOptions) -> bool:
    return applicable(diag.fix, options.unsafe_fixes)


def _indent(message: str, by: int) -> str:
    """Continuation lines of a multi-line message stay inside the group."""
    return message.replace("\r\n", "\n").replace("\n", "\n" + " " * by)


def render(result: RunResult, stream: TextIO, options: RenderOptions) -> None:
    def paint(text: str, *styles: str) -> str:
        return "".join(styles) + text + _RESET if options.color else text

    groups: dict[str, tuple[list[FileError], list[Diagnostic]]] = {}
    for error in result.errors:
        groups.setdefault(error.path, ([], []))[0].append(error)
    for diag in result.diagnostics:
        groups.setdefault(diag.path, ([], []))[1].append(diag)

    for path in sorted(groups):
        errors, diags = groups[path]
        diags.sort(key=lambda d: d.sort_key)
        stream.write(paint(path, _BOLD) + paint(":", _CYAN) + "\n")
        positions = [f"{e.line}:{e.col}" for e in errors] + [f"{d.span.line}:{d.span.col}" for d in diags]
        width = max(map(len, positions))
        code_width = max((len(d.code) for d in diags), default=0)
        for error in errors:
            where = f"{error.line}:{error.col}".ljust(width)
            stream.write(f"  {paint(where, _DIM)} {paint('error', _RED, _BOLD)}: {_indent(error.message, width + 10)}\n")
        for diag in diags:
            where = f"{diag.span.line}:{diag.span.col}".ljust(width)
            marker = " [*]" if _fixable(diag, options) else ""
            code = paint(diag.code.ljust(code_width), _RED, _BOLD)
            stream.write(f"  {paint(where, _DIM)} {code}{marker} {_indent(diag.message, width + code_width + 4)}\n")
        stream.write("\n")

    # The same closing line as the text format.
    if options.summary:
        stream.write(summary_line(result, options.unsafe_fixes) + "\n")
