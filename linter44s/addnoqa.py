"""`linter44s check --add-noqa`: a suppression on each current finding's line
(noqa.py writes it), so a team can adopt the linter and fix the old findings later."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from linter44s.diagnostics import Diagnostic, Edit, FileError
from linter44s.fixer import write_atomic
from linter44s.noqa import add_javascript, add_python, python_comment_lines
from linter44s.sources import language_of, read


@dataclass(frozen=True)
class Added:
    directives: int  # lines given a suppression (or more codes on one)
    files: int
    skipped: int  # findings on a line no comment can end (inside a string, after a backslash)
    errors: tuple[FileError, ...] = ()


def add_noqa(diagnostics: Iterable[Diagnostic]) -> Added:
    by_path: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in diagnostics:
        by_path[d.path].append(d)
    directives = files = skipped = 0
    errors: list[FileError] = []
    for path, found in by_path.items():
        loaded = read(path)
        if isinstance(loaded, FileError):
            errors.append(loaded)
            continue
        edits, missed = _edits(loaded.text, found, language_of(path) or "python")
        skipped += missed
        if not edits:
            continue
        text = loaded.text
        for edit in sorted(edits, key=lambda e: e.start, reverse=True):
            text = text[: edit.start] + edit.content + text[edit.end :]
        try:
            write_atomic(path, text, loaded.encoding)
        except OSError as exc:
            errors.append(FileError(path, f"cannot write the file: {exc.strerror or exc}"))
            continue
        directives, files = directives + len(edits), files + 1
    return Added(directives, files, skipped, tuple(errors))


def _edits(text: str, found: list[Diagnostic], language: str) -> tuple[list[Edit], int]:
    """One edit per line that needs one, with every code for that line."""
    lines: dict[int, list[str]] = defaultdict(list)
    missed = 0
    ok = python_comment_lines(text) if language == "python" else None
    for d in found:
        candidates = [d.noqa_line or d.span.line, d.span.line]
        line = next((n for n in candidates if ok is None or n in ok), None) if language == "python" else candidates[0]
        if line is None:
            missed += 1
            continue
        lines[line].append(d.code)
    write = add_python if language == "python" else add_javascript
    edits = [e for line, codes in lines.items() if (e := write(text, line, sorted(set(codes)))) is not None]
    return edits, missed
