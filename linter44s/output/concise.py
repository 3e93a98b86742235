"""`path:line:col: CODE message`, one line each: the shape flake8 prints and editors parse."""

from __future__ import annotations

from typing import TextIO

from linter44s.diagnostics import RunResult
from linter44s.output import RenderOptions


def render(result: RunResult, stream: TextIO, options: RenderOptions) -> None:
    stream.writelines(f"{error.path}:{error.line}:{error.col}: error: {error.message}\n" for error in result.errors)
    stream.writelines(f"{d.path}:{d.span.line}:{d.span.col}: {d.code} {d.message}\n" for d in result.diagnostics)
