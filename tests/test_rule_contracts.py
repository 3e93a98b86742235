"""The engine keeps each rule to what its TOML declares (issue 11, section 4)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from linter44s.checks import CHECKS, _load_all, speaks
from linter44s.registry import META, RULES, RuleMeta, _Catalog, _load_meta
from tests.helpers import lint

# Codes the engine reports itself, with no check function behind them.
ENGINE_CODES: frozenset[str] = frozenset({"RDS001", "RDS002"})  # hygiene.py: suppression comments


def test_every_check_has_a_rule_file_and_every_rule_file_a_check() -> None:
    _load_all()
    assert set(CHECKS) - set(RULES) == set(), "a check with no TOML"
    assert set(RULES) - set(CHECKS) - ENGINE_CODES == set(), "a TOML with no check"


def test_every_rule_declares_languages_the_engine_knows() -> None:
    for code, rule in RULES.items():
        assert rule.languages, code
        assert set(rule.languages) <= {"python", "javascript", "typescript"}, code


def _meta_of(rule) -> RuleMeta:
    return RuleMeta(**{f.name: getattr(rule, f.name) for f in dataclasses.fields(RuleMeta)})


def test_each_rule_meta_is_read_from_the_head_of_its_file_and_agrees_with_the_whole() -> None:
    for code, path in RULES._paths().items():
        head = _load_meta(path)
        assert head is not None, f"{code}: keep code, name, family, level and the defaulted keys above the first long text"
        assert head == _meta_of(RULES[code]) == _meta_of(META[code]), code


def test_a_meta_key_past_the_head_is_read_from_the_whole_file(tmp_path: Path, monkeypatch) -> None:
    text = RULES._paths()["RDS101"].read_text(encoding="utf-8")
    assert text.count("in-tests = false\n") == 1 and "[[examples]]" in text
    # Still a top-level key, but after the long texts, just before the first example.
    moved = text.replace("in-tests = false\n", "").replace("[[examples]]", "in-tests = false\n\n[[examples]]", 1)
    (tmp_path / "RDS101.toml").write_text(moved, encoding="utf-8")
    assert _load_meta(tmp_path / "RDS101.toml") is None  # the head alone would say in-tests = true
    monkeypatch.setattr("linter44s.registry.rules_dir", lambda: tmp_path)
    catalog = _Catalog()
    assert catalog.meta("RDS101").in_tests is False
    assert catalog["RDS101"].in_tests is False


def test_typescript_is_read_as_javascript() -> None:
    assert speaks(("python", "javascript"), "javascript")
    assert speaks(("typescript",), "javascript")
    assert not speaks(("python",), "javascript")
    assert not speaks(("javascript",), "python")


SORTED_SCORES_JS = """
const Redis = require("ioredis");
const redis = new Redis();
async function top() {
  const scores = await redis.hvals("leaderboard:scores");
  return scores.sort((a, b) => b - a);
}
"""


def test_a_python_only_rule_does_not_run_on_javascript() -> None:
    assert RULES["RDS604"].languages == ("python",)
    report = lint(SORTED_SCORES_JS, path="app/top.js", select=("RDS6", "RDS104"))
    assert [d.code for d in report.diagnostics] == ["RDS104"]  # the same file, other rules still run
    python = """
    import redis
    r = redis.Redis()
    def top():
        return sorted(r.hgetall("leaderboard:scores").items(), key=lambda kv: -float(kv[1]))
    """
    assert "RDS604" in [d.code for d in lint(python, select=("RDS604",)).diagnostics]


def _first_flagged_python(rule):
    return next((e for e in rule.examples if e.kind == "flagged" and e.language == "python" and not e.filename), None)


def test_a_rule_kept_out_of_tests_is_not_run_on_test_files() -> None:
    """`in-tests = false` (KEYS on a test namespace, fixtures without TTLs) is
    enforced by the engine: each such rule's own flagged example is flagged in
    application code and quiet in a test file; the others still speak there."""
    checked = 0
    for code, rule in RULES.items():
        example = _first_flagged_python(rule)
        if example is None:
            continue
        here = {d.code for d in lint(example.code, select=(code,)).diagnostics}
        in_tests = {d.code for d in lint(example.code, path="tests/test_service.py", select=(code,)).diagnostics}
        assert code in here, code
        assert (code in in_tests) is rule.in_tests, code
        checked += 1
    assert checked >= 20
    assert not RULES["RDS101"].in_tests and RULES["RDS702"].in_tests
