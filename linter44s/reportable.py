"""Which files no rule can report in, so that they need no analysis.

A rule's TOML says where it can report: `in-tests = false` keeps it off test
files, `only-in-async = true` keeps it inside `async def` (the engine drops
any finding of it elsewhere: checks._in_async).  On a Python test file only
the rules that report inside coroutines run by default, and on a JavaScript
test file only the suppression rules; such a file, when nothing in it could
be reported, is read for its imports and left there (engine.lint_text).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from linter44s import hygiene
from linter44s.checks import speaks
from linter44s.registry import META
from linter44s.words import spelled


def unreportable(text: str, lowered: str, language: str, codes: frozenset[str], is_test: bool) -> bool:
    """No rule that runs on this file (`lowered`: its text in lower case) can
    report in it: each one that would run reports only inside `async def` and
    the file has no `async` in it (a Python test file, where only those run
    by default), or none runs at all but the suppression rules (a JavaScript
    test file).  Nor may a suppression comment name a code, in any case
    (RDS001 would judge it).  Then the file is not analysed at all."""
    if _CODE.search(lowered):  # a suppression comment's codes are read in any case (rds101 too)
        return False
    reach = _reach(language, codes, is_test)
    return reach == "nowhere" or (reach == "async" and not spelled(text, "async"))  # the word, not `asyncio`


@lru_cache(maxsize=64)
def _reach(language: str, codes: frozenset[str], is_test: bool) -> Literal["nowhere", "async", "anywhere"]:
    """Where the rules that run on such a file can report, judged once per run
    (a run has a few kinds of file, and thousands of files)."""
    running = [META[c] for c in codes if speaks(META[c].languages, language) and (META[c].in_tests or not is_test)]
    if not all(r.only_in_async or r.code in hygiene.OWN for r in running):
        return "anywhere"
    return "async" if any(r.only_in_async for r in running) else "nowhere"


# Literal first, so the regex engine can jump to each candidate (a case-blind or
# word-bounded pattern would try every character): 0.3 s on the Redis-heavy tree.
_CODE = re.compile(r"rds\d")
