"""Every rule's examples are its tests: flagged ones report exactly that code
at exactly those lines; clean ones report nothing; `fixed` is what --fix gives."""

from __future__ import annotations

import ast

import pytest

from linter44s.registry import RULES
from tests.helpers import fixed, lint

EXAMPLES = [
    pytest.param(rule, i, example, id=f"{rule.code}-{example.kind}-{i}")
    for rule in RULES.values()
    for i, example in enumerate(rule.examples)
]

PATHS = {"python": "app/example.py", "javascript": "app/example.js", "typescript": "app/example.ts"}


@pytest.mark.parametrize(("rule", "index", "example"), EXAMPLES)
def test_example(rule, index, example):
    path = example.filename or PATHS[example.language]
    report = lint(example.code, path=path, select=(rule.code,))
    assert report.error is None, report.error
    lines = sorted(d.span.line for d in report.diagnostics)
    if example.kind == "flagged":
        assert lines == sorted(example.lines), [(d.code, d.span.line, d.message) for d in report.diagnostics]
        assert {d.code for d in report.diagnostics} == {rule.code}
    else:
        assert lines == [], [(d.code, d.span.line, d.message) for d in report.diagnostics]


FIXED = [
    pytest.param(rule, example, id=f"{rule.code}-fix-{i}")
    for rule in RULES.values()
    for i, example in enumerate(rule.examples)
    if example.fixed is not None
]


@pytest.mark.parametrize(("rule", "example"), FIXED)
def test_example_fix(rule, example):
    path = example.filename or PATHS[example.language]
    unsafe = rule.fix == "unsafe"
    out = fixed(example.code, unsafe=unsafe, path=path, select=(rule.code,))
    assert out == example.fixed
    if example.language == "python":
        ast.parse(out)
    # A second --fix changes nothing.
    assert fixed(out, unsafe=unsafe, path=path, select=(rule.code,)) == out
    if unsafe:
        # Without --unsafe-fixes, an unsafe fix is not applied.
        assert fixed(example.code, unsafe=False, path=path, select=(rule.code,)) == example.code


def test_every_rule_has_flagged_and_clean_examples():
    for rule in RULES.values():
        kinds = {e.kind for e in rule.examples}
        assert kinds == {"flagged", "clean"}, rule.code


def test_rules_with_a_machine_fix_show_it_in_an_example():
    for rule in RULES.values():
        if rule.fix in ("safe", "unsafe"):
            assert any(e.fixed for e in rule.examples), rule.code
