"""Renderers: one module per output format, each `render(result, stream, options)`."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from linter44s.diagnostics import RunResult


@dataclass(frozen=True)
class RenderOptions:
    color: bool = False
    show_fixes: bool = True
    statistics: bool = False
    unsafe_fixes: bool = False
    cwd: str = "."
    # path -> decoded source, for code frames (text) and fingerprints (sarif/gitlab)
    sources: dict[str, str] | None = None
    summary: bool = True  # the summary lines after the findings (-q: none)


Renderer = Callable[[RunResult, TextIO, RenderOptions], None]

# format name -> module under linter44s.output
FORMATS: dict[str, str] = {
    "text": "text",
    "concise": "concise",
    "json": "json_format",
    "sarif": "sarif",
    "github": "github",
    "gitlab": "gitlab",
    "junit": "junit",
    "grouped": "grouped",
}


def available() -> list[str]:
    found = []
    for name, module in FORMATS.items():
        try:
            importlib.import_module(f"linter44s.output.{module}")
        except ImportError:
            continue
        found.append(name)
    return found


def renderer(name: str) -> Renderer:
    return importlib.import_module(f"linter44s.output.{FORMATS[name]}").render
