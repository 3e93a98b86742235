"""Checks: one pure function per rule, over facts only.

A check never imports a parser.  It reads `FileFacts`, the settings, and
asks `ctx.syntax` (the file's frontend) when a fix needs spelling.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from linter44s.config import Settings
from linter44s.diagnostics import Finding
from linter44s.facts import FileFacts
from linter44s.profiles import Profile
from linter44s.registry import META
from linter44s.syntax import FixSyntax


@dataclass(frozen=True)
class Context:
    settings: Settings
    syntax: FixSyntax
    relpath: str
    is_test_file: bool
    # The file's client library (profiles.for_text): how advice is spelled.
    profile: Profile


Check = Callable[[FileFacts, Context], Iterable[Finding]]
CHECKS: dict[str, Check] = {}


def check(code: str) -> Callable[[Check], Check]:
    """Register a check function for a rule code."""

    def register(fn: Check) -> Check:
        CHECKS[code] = fn
        return fn

    return register


@dataclass(frozen=True)
class CheckFailure:
    """A check that raised on a file: a bug, reported as one line naming the rule."""

    code: str
    message: str  # "ValueError: ..."


def run_checks(facts: FileFacts, ctx: Context, codes: frozenset[str]) -> tuple[list[Finding], list[CheckFailure]]:
    """Every selected check, each on its own: one that raises costs only its
    own findings, and is returned among the failures."""
    _load_all()
    findings: list[Finding] = []
    failures: list[CheckFailure] = []
    for code in sorted(codes):
        fn = CHECKS.get(code)
        rule = META[code]
        if fn is None or not speaks(rule.languages, facts.language):
            continue  # a rule runs only on the languages its TOML declares
        if ctx.is_test_file and not rule.in_tests:
            continue  # nor on test files, when its TOML says `in-tests = false`
        try:
            found = list(fn(facts, ctx))  # all of a check's findings or none of them
            findings.extend(_in_async(found, facts) if rule.only_in_async else found)
        except Exception as exc:  # noqa: BLE001 - a bug in one rule must not hide the others' findings
            failures.append(CheckFailure(code, f"{type(exc).__name__}: {exc}"))
    return findings, failures


def _in_async(found: list[Finding], facts: FileFacts) -> list[Finding]:
    """A rule that declares `only-in-async` is held to it: a file with no
    `async def` is not even analysed for it (reportable.py)."""
    spans = [s.span for s in facts.scopes if s.is_async and s.span is not None]
    return [f for f in found if any(s.start <= f.span.start and f.span.end <= s.end for s in spans)]


def speaks(languages: tuple[str, ...], language: str) -> bool:
    """Whether a rule that declares `languages` applies to a file of `language`
    ("python" or "javascript"; TypeScript is read by the JavaScript frontend)."""
    return language in languages or (language == "javascript" and "typescript" in languages)


def _load_all() -> None:
    # Importing the family modules registers their checks.
    from linter44s.checks import batching, commands, connections, datastructures, expiry, keys, misuse  # noqa: F401
