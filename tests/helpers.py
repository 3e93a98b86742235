"""Shared test helpers: lint a snippet the way the CLI would."""

from __future__ import annotations

import textwrap
from dataclasses import replace

from linter44s.config import Settings
from linter44s.engine import fix_source, lint_text
from linter44s.sources import Source


def lint(code: str, *, path: str = "app/service.py", select: tuple[str, ...] = ("ALL",), **options):
    settings = replace(Settings(root="."), select=select, **options)
    return lint_text(textwrap.dedent(code), path, settings)


def codes_at(code: str, **kwargs) -> list[tuple[str, int]]:
    report = lint(code, **kwargs)
    assert report.error is None, report.error
    return [(d.code, d.span.line) for d in report.diagnostics]


def fixed(code: str, *, unsafe: bool = False, path: str = "app/service.py", select=("ALL",), **options) -> str:
    settings = replace(Settings(root="."), select=select, **options)
    text = textwrap.dedent(code)
    report = fix_source(Source(path, text.encode(), text, "utf-8"), settings, unsafe)
    return report.fixed_text if report.fixed_text is not None else text
