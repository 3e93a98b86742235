"""The default output: each finding with its code frame and its fix, then a summary."""

from __future__ import annotations

from collections import Counter
from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from linter44s.diagnostics import Diagnostic, RunResult
from linter44s.fixer import applicable
from linter44s.output import RenderOptions

_LEVEL_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold cyan"}


def _console(stream: TextIO, options: RenderOptions) -> Console:
    return Console(
        file=stream,
        force_terminal=options.color,
        no_color=not options.color,
        highlight=False,
        emoji=False,  # `type:id:field` is not an emoji
        soft_wrap=True,
        width=120,
    )


def _frame(d: Diagnostic, source: str | None) -> Text | None:
    if source is None:
        return None
    lines = source.splitlines()
    if not (0 < d.span.line <= len(lines)):
        return None
    text = Text()
    width = len(str(d.span.line + 1))
    first = max(1, d.span.line - 1)
    for number in range(first, min(len(lines), d.span.line + 1) + 1):
        line = lines[number - 1].lstrip("\ufeff").expandtabs(4) if number == 1 else lines[number - 1].expandtabs(4)
        text.append(f"{number:>{width}} | ", style="dim")
        text.append(line + "\n")
        if number == d.span.line:
            start = d.span.col - 1
            end = d.span.end_col - 1 if d.span.end_line == d.span.line else len(line)
            text.append(" " * width + " | ", style="dim")
            text.append(" " * start + "^" * max(1, end - start), style=_LEVEL_STYLE.get(d.level, "bold"))
            text.append("\n")
    return text


def render(result: RunResult, stream: TextIO, options: RenderOptions) -> None:
    console = _console(stream, options)
    sources = options.sources or {}
    for error in result.errors:
        console.print(f"[bold]{escape(error.path)}:{error.line}:{error.col}[/]: [bold red]error[/]: {escape(error.message)}")
    if options.statistics:
        _statistics(console, result)
    else:
        for d in result.diagnostics:
            marker = ""
            if applicable(d.fix, False):
                marker = " [*]"
            console.print(
                f"[bold]{escape(d.path)}:{d.span.line}:{d.span.col}[/]: "
                f"[{_LEVEL_STYLE.get(d.level, 'bold')}]{d.code}[/]{marker} {escape(d.message)}"
            )
            if options.show_fixes:
                frame = _frame(d, sources.get(d.path))
                if frame is not None:
                    console.print(frame, end="")
                if d.fix is not None:
                    kind = {"safe": "fix", "unsafe": "unsafe fix", "display-only": "help"}[d.fix.applicability.value]
                    console.print(f"  [bold cyan]{kind}[/]: {escape(d.fix.message)}")
                console.print()
    console.print(summary_line(result))


def summary_line(result: RunResult) -> str:
    n = len(result.diagnostics)
    parts = []
    if result.fixes_applied:
        parts.append(f"Fixed {result.fixes_applied} finding{'s' * (result.fixes_applied != 1)}.")
    if n == 0 and not result.errors:
        parts.append(f"All checks passed ({result.files_checked} file{'s' * (result.files_checked != 1)} checked).")
        return " ".join(parts + _skipped(result))
    found = f"Found {n} finding{'s' * (n != 1)}"
    extra = []
    if result.fixable_safe:
        extra.append(f"{result.fixable_safe} fixable with --fix")
    if result.fixable_unsafe:
        extra.append(f"{result.fixable_unsafe} more with --unsafe-fixes")
    if extra:
        found += f" ({'; '.join(extra)})"
    found += "."
    if result.errors:
        found += f" {len(result.errors)} file{'s' * (len(result.errors) != 1)} could not be checked."
    parts.append(found)
    return " ".join(parts + _skipped(result))


def _skipped(result: RunResult) -> list[str]:
    # Said aloud: a file skipped in silence could opt itself out of the checks.
    n = result.files_skipped_minified
    return [f"{n} file{'s' * (n != 1)} skipped as minified."] if n else []


def _statistics(console: Console, result: RunResult) -> None:
    counts = Counter((d.code, d.name) for d in result.diagnostics)
    fixable = Counter(d.code for d in result.diagnostics if applicable(d.fix, True))
    for (code, name), count in sorted(counts.items(), key=lambda item: (-item[1], item[0][0])):
        mark = "[*]" if fixable[code] else "   "
        console.print(f"{count:>6}  {code}  {mark} {name}")
