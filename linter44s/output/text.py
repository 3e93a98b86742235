"""The default output: each finding with its code frame and its fix, then a summary."""

from __future__ import annotations

import re
from typing import TextIO

from rich.console import Console
from rich.text import Text

from linter44s.diagnostics import Diagnostic, RunResult
from linter44s.fixer import applicable
from linter44s.output import RenderOptions
from linter44s.output.summary import statistics, summary_lines

_LEVEL_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold cyan"}


class _Out:
    """Prints styled text: through rich when in colour; else its plain
    characters straight to the stream (the same text, many times faster)."""

    def __init__(self, stream: TextIO, options: RenderOptions) -> None:
        self._stream = stream
        self._console = Console(
            file=stream,
            force_terminal=True,
            highlight=False,
            emoji=False,  # `type:id:field` is not an emoji
            soft_wrap=True,
            width=120,
        ) if options.color else None

    def print(self, text: Text) -> None:
        """`text` and a line break."""
        if self._console is not None:
            self._console.print(text)
        else:
            self._stream.write(text.plain + "\n")


_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # the line breaks the frontends count lines by
_MAX_WIDTH = 120  # source characters shown per frame line, as ruff: a longer line is cut around the finding
_ELLIPSIS = "\u2026"


class _Lines:
    """Each file's lines, split once however many findings it has."""

    def __init__(self, sources: dict[str, str]) -> None:
        self._sources = sources
        self._lines: dict[str, list[str] | None] = {}

    def of(self, path: str) -> list[str] | None:
        if path not in self._lines:
            text = self._sources.get(path)
            lines = _LINE_BREAK.split(text) if text is not None else None
            if lines and not lines[-1]:
                lines.pop()  # what follows the last line break is no line
            self._lines[path] = lines
        return self._lines[path]


def _window_start(length: int, start: int) -> int:
    """Where the shown part of a line `length` long begins: 0, or a little
    before the finding's start when the line is longer than _MAX_WIDTH."""
    if length <= _MAX_WIDTH:
        return 0
    return max(0, min(start - _MAX_WIDTH // 4, length - _MAX_WIDTH))


def _shown(line: str, left: int) -> str:
    """The shown part of a line: tabs expanded, an ellipsis where cut."""
    right = left + _MAX_WIDTH
    return (_ELLIPSIS if left > 0 else "") + line[left:right].expandtabs(4) + (_ELLIPSIS if right < len(line) else "")


def _row(lines: list[str], number: int) -> str:
    return lines[0].lstrip("\ufeff") if number == 1 else lines[number - 1]  # a BOM is not a column


def _frame(d: Diagnostic, lines: list[str] | None) -> Text | None:
    if lines is None or not (0 < d.span.line <= len(lines)):
        return None
    text = Text()
    width = len(str(d.span.line + 1))
    line = _row(lines, d.span.line)
    start = d.span.col - 1
    end = d.span.end_col - 1 if d.span.end_line == d.span.line else len(line)
    left = _window_start(len(line), start)  # the same window on every line, so columns line up
    for number in range(max(1, d.span.line - 1), min(len(lines), d.span.line + 1) + 1):
        text.append(f"{number:>{width}} | ", style="dim")
        text.append(_shown(_row(lines, number), left) + "\n")
        if number == d.span.line:
            lead = (1 if left > 0 else 0) + len(line[left:start].expandtabs(4))
            marks = len(line[max(left, start) : min(end, left + _MAX_WIDTH)].expandtabs(4))
            text.append(" " * width + " | ", style="dim")
            text.append(" " * lead + "^" * max(1, marks), style=_LEVEL_STYLE.get(d.level, "bold"))
            text.append("\n")
    return text


def render(result: RunResult, stream: TextIO, options: RenderOptions) -> None:
    out = _Out(stream, options)
    lines = _Lines(options.sources or {})
    for error in result.errors:
        where = f"{error.path}:{error.line}:{error.col}"
        out.print(Text.assemble((where, "bold"), ": ", ("error", "bold red"), f": {error.message}"))
    if options.statistics:
        _statistics(out, result, options.unsafe_fixes)
    else:
        for d in result.diagnostics:
            out.print(_finding(d, lines, options.show_fixes))
    if options.summary:
        out.print(Text(summary_line(result, options.unsafe_fixes)))


def _finding(d: Diagnostic, lines: _Lines, show_fixes: bool) -> Text:
    """One finding's block (one print each: printing is what costs)."""
    marker = " [*]" if applicable(d.fix, False) else ""
    where = f"{d.path}:{d.span.line}:{d.span.col}"
    block = Text.assemble((where, "bold"), ": ", (d.code, _LEVEL_STYLE.get(d.level, "bold")), f"{marker} {d.message}")
    if not show_fixes:
        return block
    block.append("\n")
    frame = _frame(d, lines.of(d.path))
    if frame is not None:
        block.append_text(frame)
    if d.fix is not None:
        kind = {"safe": "fix", "unsafe": "unsafe fix", "display-only": "help"}[d.fix.applicability.value]
        block.append_text(Text.assemble("  ", (kind, "bold cyan"), f": {d.fix.message}\n"))
    return block


def summary_line(result: RunResult, unsafe_fixes: bool = False) -> str:
    """The summary (output/summary.py), one line after another."""
    return "\n".join(summary_lines(result, unsafe_fixes))


def _statistics(out: _Out, result: RunResult, unsafe_fixes: bool) -> None:
    for stat in statistics(result, unsafe_fixes):
        mark = "[*]" if stat.fixable else "   "
        out.print(Text(f"{stat.count:>6}  {stat.code}  {mark} {stat.name}"))
