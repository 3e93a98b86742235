"""Applying fixes: non-overlapping edits, then an atomic write that keeps
the file's encoding, BOM, line endings and permissions."""

from __future__ import annotations

import errno
import os
import stat
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from linter44s.atomic import write_bytes_atomic
from linter44s.diagnostics import Applicability, Diagnostic, Edit, Fix

T = TypeVar("T")


def applicable(fix: Fix | None, unsafe: bool) -> bool:
    if fix is None or not (fix.edits or fix.request):
        return False
    return fix.applicability is Applicability.SAFE or (unsafe and fix.applicability is Applicability.UNSAFE)


def apply_edits(text: str, fixes: Iterable[Fix]) -> tuple[str, int]:
    """Apply whole fixes whose edits overlap no edit already taken; the rest
    wait for the next pass (the engine re-checks and fixes again)."""
    taken = _non_overlapping(fixes, lambda f: f)
    return _splice(text, [e for f in taken for e in f.edits]), len(taken)


def _non_overlapping(items: Iterable[T], fix_of: Callable[[T], Fix]) -> list[T]:
    taken: list[T] = []
    edits: list[Edit] = []
    for item in sorted(items, key=lambda i: min(e.start for e in fix_of(i).edits)):
        if any(_overlaps(e, t) for e in fix_of(item).edits for t in edits):
            continue
        edits.extend(fix_of(item).edits)
        taken.append(item)
    return taken


def _splice(text: str, edits: list[Edit]) -> str:
    out = text
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        out = out[: edit.start] + edit.content + out[edit.end :]
    return out


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.start == a.end == b.start == b.end:
        return True
    return a.start < b.end and b.start < a.end or (a.start == b.start)


def still_parses(text: str, language: str, path: str = "", original: str | None = None) -> bool:
    """Python: it compiles (runs nothing: the compiler also refuses what `ast`
    lets through, such as a keyword given twice).  JavaScript/TypeScript (no
    parser here): the tokens are no worse than `original`'s (see javascript/wellformed.py)."""
    if language != "python":
        from linter44s.javascript.wellformed import adds_problems, problems

        return not adds_problems(text, problems(original, path) if original is not None else Counter(), path)
    import warnings  # here: a run with nothing to fix never pays for it

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            compile(text.removeprefix("\ufeff"), path or "<fixed>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def fix_text(text: str, diagnostics: Iterable[Diagnostic], unsafe: bool, language: str, path: str = "") -> tuple[str, int]:
    """One pass (see `fix_pass`), counting the fixes applied."""
    fixed, done = fix_pass(text, diagnostics, unsafe, language, path)
    return fixed, len(done)


def fix_pass(
    text: str, diagnostics: Iterable[Diagnostic], unsafe: bool, language: str, path: str = ""
) -> tuple[str, list[Diagnostic]]:
    """One pass: apply what applies; if the result would not parse, keep
    only the fixes that parse on their own.  Returns the new text and the
    findings whose fixes were applied.  `path` tells JSX and TypeScript."""
    wanted = [d for d in diagnostics if applicable(d.fix, unsafe)]
    if not wanted:
        return text, []
    if any(_fix_of(d).request for d in wanted):
        from linter44s.rewrites import resolve  # builds the requested rewrites (libcst): only when fixing

        wanted = [d for d in resolve(text, language, wanted) if applicable(d.fix, unsafe)]
    parses = _checker(text, language, path)
    fixed, done = _apply(text, wanted)
    if parses(fixed):
        return fixed, done
    fixed, done = _apply(text, [d for d in wanted if parses(_apply(text, [d])[0])])
    return (fixed, done) if parses(fixed) else (text, [])


def _apply(text: str, diagnostics: list[Diagnostic]) -> tuple[str, list[Diagnostic]]:
    done = _non_overlapping(diagnostics, _fix_of)
    return _splice(text, [e for d in done for e in _fix_of(d).edits]), done


def _fix_of(diagnostic: Diagnostic) -> Fix:
    assert diagnostic.fix is not None  # only applicable ones get here
    return diagnostic.fix


def recreated(done: Iterable[Diagnostic], after: Iterable[Diagnostic], unsafe: bool) -> bool:
    """Did a pass's fixes bring back a finding they fixed (the same code at the
    same place in the new text)?  Then fixing again would apply it twice."""
    done = list(done)
    edits = [e for d in done for e in _fix_of(d).edits]
    fixed = {(d.code, _moved(d.span.start, edits)) for d in done}
    return any((d.code, d.span.start) in fixed for d in after if applicable(d.fix, unsafe))


def _moved(offset: int, edits: list[Edit]) -> int:
    """Where `offset` of the old text is in the text with `edits` applied
    (text inserted at the offset goes before it)."""
    moved = offset
    for e in edits:
        if e.end <= offset:
            moved += len(e.content) - (e.end - e.start)
        elif e.start < offset:  # inside a replaced range: its start
            moved -= offset - e.start
    return moved


def _checker(original: str, language: str, path: str) -> Callable[[str], bool]:
    if language == "python":
        return lambda fixed: still_parses(fixed, language)
    from linter44s.javascript.wellformed import adds_problems, problems

    before = problems(original, path)  # once per pass, not once per fix tried
    return lambda fixed: not adds_problems(fixed, before, path)


def write_atomic(path: str, text: str, encoding: str) -> None:
    """Write next to the file, keep its mode, owner and group, then rename
    over it.  Raises OSError, changing nothing, for a file that must not be
    replaced: one that is read-only, or one with other names (hard links)."""
    target = Path(os.path.realpath(path))  # through a symlink, not over it
    data = text.encode(encoding)
    info = target.stat()
    refusal = _refusal(target, info)
    if refusal:
        raise OSError(errno.EPERM, refusal)
    write_bytes_atomic(target, data, stat.S_IMODE(info.st_mode), (info.st_uid, info.st_gid))


def _refusal(target: Path, info: os.stat_result) -> str:
    """Why the fixed text must not replace this file ("" when it may).

    Read-only: no write bit at all (`chmod a-w`) or none for this user.  Root
    may write anything, so for root only the mode bits say so: a file made
    read-only is left alone whoever runs the fix.
    Hard links: renaming a new file over one name would split it from the
    others, and writing through all names would change every copy (a backup
    made with `cp -al`, a package store that links files into projects): the
    file is left as it is and its findings reported."""
    if not info.st_mode & 0o222 or not os.access(target, os.W_OK, effective_ids=os.access in os.supports_effective_ids):
        return "the file is read-only; left unchanged (make it writable to fix it)"
    if info.st_nlink > 1:
        return f"the file has {info.st_nlink} hard links; left unchanged so its other names keep their content (use --diff)"
    return ""
