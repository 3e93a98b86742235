"""Fix requests become edits here, only when a fix is applied or offered
(`--fix`, `--diff`, an editor's code action): a plain `check` run never
imports a rewriter (libcst for Python)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from linter44s.diagnostics import Diagnostic, Edit, Fix, FixRequest, Rewrite


def resolve(text: str, language: str, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics with each fix request turned into edits (a request that
    cannot be built leaves a fix with no edits, which nothing applies)."""
    out = list(diagnostics)
    wanted = [i for i, d in enumerate(out) if d.fix is not None and d.fix.request is not None]
    if not wanted:
        return out
    built = _build(text, language, [_request(out[i].fix) for i in wanted])
    for i, edits in zip(wanted, built, strict=True):
        fix = out[i].fix
        assert fix is not None
        out[i] = replace(out[i], fix=replace(fix, edits=edits, request=None))
    return out


def resolve_fix(fix: Fix | None, text: str, language: str) -> Fix | None:
    if fix is None or fix.request is None:
        return fix
    (edits,) = _build(text, language, [fix.request])
    return replace(fix, edits=edits, request=None)


def _request(fix: Fix | None) -> FixRequest:
    assert fix is not None and fix.request is not None
    return fix.request


def _build(text: str, language: str, requests: list[FixRequest]) -> list[tuple[Edit, ...]]:
    if language != "python":
        return [() for _ in requests]
    from linter44s.python.rewrites import build

    return [edits if _inside(edits, r) else () for edits, r in zip(build(text, requests), requests, strict=True)]


def _inside(edits: tuple[Edit, ...], request: FixRequest) -> bool:
    """A rewrite never touches code outside the finding's statement (a hoisted
    client also adds one line above, after the module's imports)."""
    return all(
        request.span.start <= e.start and e.end <= request.span.end
        or (request.rewrite is Rewrite.HOIST and e.start == e.end <= request.span.start and e.content.strip().count("\n") == 0)
        for e in edits
    )
