"""Applying fixes: non-overlapping edits, then an atomic write that keeps
the file's encoding, BOM, line endings and permissions."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from linter44s.atomic import write_bytes_atomic
from linter44s.diagnostics import Applicability, Diagnostic, Edit, Fix


def applicable(fix: Fix | None, unsafe: bool) -> bool:
    if fix is None or not fix.edits:
        return False
    return fix.applicability is Applicability.SAFE or (unsafe and fix.applicability is Applicability.UNSAFE)


def apply_edits(text: str, fixes: Iterable[Fix]) -> tuple[str, int]:
    """Apply whole fixes whose edits overlap no edit already taken; the rest
    wait for the next pass (the engine re-checks and fixes again)."""
    taken: list[Edit] = []
    count = 0
    for fix in sorted(fixes, key=lambda f: min(e.start for e in f.edits)):
        if any(_overlaps(e, t) for e in fix.edits for t in taken):
            continue
        taken.extend(fix.edits)
        count += 1
    out = text
    for edit in sorted(taken, key=lambda e: (e.start, e.end), reverse=True):
        out = out[: edit.start] + edit.content + out[edit.end :]
    return out, count


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.start == a.end == b.start == b.end:
        return True
    return a.start < b.end and b.start < a.end or (a.start == b.start)


def still_parses(text: str, language: str) -> bool:
    if language != "python":
        return True
    import ast  # here: a run with nothing to fix never pays for it

    try:
        ast.parse(text[1:] if text.startswith("\ufeff") else text)
    except (SyntaxError, ValueError):
        return False
    return True


def fix_text(text: str, diagnostics: Iterable[Diagnostic], unsafe: bool, language: str) -> tuple[str, int]:
    """One pass: apply what applies; if the result would not parse, keep
    only the fixes that parse on their own."""
    fixes = [d.fix for d in diagnostics if applicable(d.fix, unsafe)]
    if not fixes:
        return text, 0
    fixed, count = apply_edits(text, fixes)
    if still_parses(fixed, language):
        return fixed, count
    good = [f for f in fixes if still_parses(apply_edits(text, [f])[0], language)]
    fixed, count = apply_edits(text, good)
    return (fixed, count) if still_parses(fixed, language) else (text, 0)


def write_atomic(path: str, text: str, encoding: str) -> None:
    """Write next to the file, keep its mode, then rename over it."""
    target = Path(os.path.realpath(path))  # through a symlink, not over it
    data = text.encode(encoding)
    mode = target.stat().st_mode & 0o7777
    write_bytes_atomic(target, data, mode)
