"""GitHub Actions workflow commands: one annotation per finding.

`::warning file=F,line=L,col=C,endLine=L2,endColumn=C2,title=T::message`.
GitHub shows at most ten warnings and ten errors per step; the SARIF upload
has no such limit.
"""

from __future__ import annotations

from typing import TextIO

from linter44s.diagnostics import RunResult
from linter44s.output import RenderOptions
from linter44s.output.sarif import relative_path

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """The message after `::`."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A `key=value` property before `::`: the message escapes, and `:` `,`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(kind: str, properties: list[tuple[str, object]], message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties)
    return f"::{kind} {props}::{escape_data(message)}"


def render(result: RunResult, stream: TextIO, options: RenderOptions) -> None:
    for error in result.errors:
        where: list[tuple[str, object]] = [
            ("file", relative_path(error.path, options.cwd)),
            ("line", error.line),
            ("col", error.col),
            ("title", "linter44s (file not checked)"),
        ]
        stream.write(_command("error", where, error.message) + "\n")
    for diag in result.diagnostics:
        span = diag.span
        props: list[tuple[str, object]] = [("file", relative_path(diag.path, options.cwd)), ("line", span.line)]
        if span.end_line == span.line:
            props += [("col", span.col), ("endLine", span.end_line), ("endColumn", span.end_col)]
        else:  # GitHub ignores columns on a multi-line range
            props += [("endLine", span.end_line)]
        props.append(("title", f"{diag.code} ({diag.name})"))
        stream.write(_command(COMMANDS.get(diag.level, "warning"), props, diag.message) + "\n")
