"""A JSON list with ruff's field names, so tools that read ruff's JSON read ours."""

from __future__ import annotations

import json
from typing import TextIO

from linter44s.diagnostics import Diagnostic, RunResult
from linter44s.output import RenderOptions


def _position(line: int, col: int) -> dict:
    return {"row": line, "column": col}


def _edit_positions(text: str | None, start: int, end: int) -> tuple[dict, dict]:
    if text is None:
        return _position(0, 0), _position(0, 0)

    def at(offset: int) -> dict:
        before = text[:offset]
        line = before.count("\n") + 1
        return _position(line, offset - (before.rfind("\n") + 1) + 1)

    return at(start), at(end)


def diagnostic_to_dict(d: Diagnostic, source: str | None = None) -> dict:
    fix = None
    if d.fix is not None:
        edits = []
        for e in d.fix.edits:
            loc, end = _edit_positions(source, e.start, e.end)
            edits.append({"content": e.content, "location": loc, "end_location": end})
        fix = {"applicability": d.fix.applicability.value, "message": d.fix.message, "edits": edits}
    return {
        "code": d.code,
        "name": d.name,
        "severity": d.level,
        "message": d.message,
        "filename": d.path,
        "location": _position(d.span.line, d.span.col),
        "end_location": _position(d.span.end_line, d.span.end_col),
        "fix": fix,
        "noqa_row": d.noqa_line or d.span.line,
        "url": d.url,
    }


def render(result: RunResult, stream: TextIO, options: RenderOptions) -> None:
    if options.statistics:  # ruff's shape for `--statistics --output-format json`
        from dataclasses import asdict

        from linter44s.output.summary import statistics

        json.dump([asdict(s) for s in statistics(result, options.unsafe_fixes)], stream, indent=2, ensure_ascii=False)
        stream.write("\n")
        return
    sources = options.sources or {}
    items = [
        {
            "code": None,
            "name": "file-error",
            "severity": "error",
            "message": e.message,
            "filename": e.path,
            "location": _position(e.line, e.col),
            "end_location": _position(e.line, e.col),
            "fix": None,
            "noqa_row": None,
            "url": None,
        }
        for e in result.errors
    ]
    items += [diagnostic_to_dict(d, sources.get(d.path)) for d in result.diagnostics]
    json.dump(items, stream, indent=2, ensure_ascii=False)
    stream.write("\n")
