"""Which files no rule can report in, so that they need no analysis.

A rule's TOML says where it can report: `in-tests = false` keeps it off test
files, `only-in-async = true` keeps it inside `async def` (the engine drops
any finding of it elsewhere: checks._in_async).  On a Python test file only
the rules that report inside coroutines run by default, and on a JavaScript
test file only the suppression rules; such a file, when nothing in it could
be reported, is read for its imports and left there (engine.lint_text).
"""

from __future__ import annotations

from linter44s import hygiene
from linter44s.checks import speaks
from linter44s.registry import RULES


def unreportable(text: str, lowered: str, language: str, codes: frozenset[str], is_test: bool) -> bool:
    """No rule that runs on this file (`lowered`: its text in lower case) can
    report in it: each one that would run reports only inside `async def` and
    the file says no `async` at all (a Python test file, where only those run
    by default), or none runs at all but the suppression rules (a JavaScript
    test file).  Nor may a suppression comment name a code, in any case
    (RDS001 would judge it).  Then the file is not analysed at all."""
    if "rds" in lowered:  # a suppression comment's codes are read in any case (rds101 too)
        return False
    running = [RULES[c] for c in codes if speaks(RULES[c].languages, language) and (RULES[c].in_tests or not is_test)]
    if not all(r.only_in_async or r.code in hygiene.OWN for r in running):
        return False
    # Any `async` will do (`asyncio` too): a plain search, where a word-bounded one scans ten times slower.
    return not any(r.only_in_async for r in running) or "async" not in text
