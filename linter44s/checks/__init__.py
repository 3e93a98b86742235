"""Checks: one pure function per rule, over facts only.

A check never imports a parser.  It reads `FileFacts`, the settings, and
asks `ctx.syntax` (the file's frontend) when a fix needs spelling.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from linter44s.config import Settings
from linter44s.diagnostics import Finding
from linter44s.facts import FileFacts
from linter44s.syntax import FixSyntax


@dataclass(frozen=True)
class Context:
    settings: Settings
    syntax: FixSyntax
    relpath: str
    is_test_file: bool


Check = Callable[[FileFacts, Context], Iterable[Finding]]
CHECKS: dict[str, Check] = {}


def check(code: str) -> Callable[[Check], Check]:
    """Register a check function for a rule code."""

    def register(fn: Check) -> Check:
        CHECKS[code] = fn
        return fn

    return register


def run_checks(facts: FileFacts, ctx: Context, codes: frozenset[str]) -> Iterator[Finding]:
    _load_all()
    for code in sorted(codes):
        fn = CHECKS.get(code)
        if fn is not None:
            yield from fn(facts, ctx)


def _load_all() -> None:
    # Importing the family modules registers their checks.
    from linter44s.checks import batching, commands, connections, datastructures, expiry, keys, misuse  # noqa: F401
