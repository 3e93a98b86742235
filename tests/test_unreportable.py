"""A file where no rule that runs can report is not analysed (engine.lint_text):
on test files only the rules that report inside `async def` run by default, so
a test module with no coroutine is read for its imports and left there.  Its
exports are worked out when an import asks for them (see the project-index
corpus in tests/integration/test_invocations_agree.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from linter44s import checks
from linter44s.config import Settings
from linter44s.diagnostics import Finding
from linter44s.engine import lint_text
from linter44s.registry import RULES
from linter44s.span import Span

SYNC_TEST = """\
import redis

from app.store import shared


def test_keys():
    r = redis.Redis()
    assert r.keys("user:*") == []
"""
ASYNC_TEST = SYNC_TEST + """

async def test_get():
    r = redis.Redis()
    assert r.get("user:1") is None
"""


def test_a_test_module_without_coroutines_is_not_analysed():
    report = lint_text(SYNC_TEST, "tests/test_store.py", Settings(root="."))
    assert report.deferred and not report.analyzed and report.diagnostics == ()
    assert report.imports == (("shared", "app.store", "shared"),)  # still linked by the index


@pytest.mark.parametrize(
    ("text", "path", "select"),
    [
        (ASYNC_TEST, "tests/test_store.py", None),  # a coroutine: RDS701 can report in it
        (SYNC_TEST, "app/store.py", None),  # not a test file: every rule runs
        (SYNC_TEST + "# noqa: RDS101\n", "tests/test_store.py", None),  # RDS001 judges the suppression
        (SYNC_TEST + "# noqa: rds701\n", "tests/test_store.py", None),  # in any case
        (SYNC_TEST, "app/store.py", ("RDS701", "RDS101")),  # a rule that reports outside coroutines, chosen
    ],
)
def test_a_file_where_a_rule_could_report_is_analysed(text, path, select):
    settings = Settings(root=".") if select is None else replace(Settings(root="."), select=select)
    report = lint_text(text, path, settings)
    assert report.analyzed and not report.deferred


def test_only_async_rules_chosen_defer_any_file_without_coroutines():
    settings = replace(Settings(root="."), select=("RDS701", "RDS702"))
    assert lint_text(SYNC_TEST, "app/store.py", settings).deferred
    assert lint_text(ASYNC_TEST, "app/store.py", settings).analyzed


def test_asked_for_its_exports_or_on_the_plain_road_it_is_analysed():
    assert lint_text(SYNC_TEST, "tests/test_store.py", Settings(root="."), whole=True).analyzed
    assert lint_text(SYNC_TEST, "tests/test_store.py", Settings(root="."), prefilter=False).analyzed


def test_the_engine_holds_a_rule_to_only_in_async(monkeypatch):
    """A check of a rule that declares `only-in-async` and reports outside a
    coroutine has that finding dropped: the declaration is what lets a file
    without coroutines go unanalysed, so it must be true."""
    assert {code for code, rule in RULES.items() if rule.only_in_async} == {"RDS701", "RDS702"}
    checks._load_all()
    real = checks.CHECKS["RDS701"]

    def everywhere(facts, ctx):
        found = list(real(facts, ctx))
        return found + [Finding("RDS701", "outside", Span(1, 0, 1, 12, 0, 12), 1)]  # line 1: `import redis`

    monkeypatch.setitem(checks.CHECKS, "RDS701", everywhere)
    report = lint_text(ASYNC_TEST, "tests/test_store.py", Settings(root="."))
    assert [(d.code, d.span.line) for d in report.diagnostics] == [("RDS701", 13)]


def test_a_javascript_test_file_is_not_analysed_async_or_not():
    """On JavaScript test files only the suppression rules run by default (the
    rules that report inside coroutines are Python's), so none can report."""
    text = "const Redis = require('ioredis');\nconst { make } = require('./helpers');\n\ntest('keys', async () => {\n  await new Redis().keys('*');\n});\n"
    report = lint_text(text, "test/keys.test.js", Settings(root="."))
    assert report.deferred and report.diagnostics == ()
    assert report.imports == (("make", "./helpers", "make"),)
    suppressed = text + "// linter44s-disable-next-line RDS101\nnew Redis().keys('*');\n"
    assert lint_text(suppressed, "test/keys.test.js", Settings(root=".")).analyzed  # RDS001 judges it
    assert lint_text(text, "src/keys.js", Settings(root=".")).analyzed


def test_what_counts_as_async_and_as_a_code():
    from linter44s.words import spelled

    def _says_async(text: str) -> bool:  # what reportable.unreportable asks of a text
        return spelled(text, "async")

    assert _says_async("async def f(): pass") and _says_async("x = 1\nasync with a: pass")
    assert not _says_async("import asyncio\nasyncio.run(main())\n# _async_helper\n")
    records = SYNC_TEST + "# the records and words of the standards\n"
    assert lint_text(records, "tests/test_store.py", Settings(root=".")).deferred  # `rds` in English words is no code
