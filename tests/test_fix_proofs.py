"""Every fix example, run before and after its fix against a real redis-server
on the same data: same results, same keyspace, no new exception, beyond what
the rule's fix-safety section allows (tests/proofs/).  JavaScript examples run
under Node with the real ioredis and node-redis; TypeScript ones are not run
(Node 20 cannot strip types), their fixes being the same token edits."""

from __future__ import annotations

import pytest

from linter44s.registry import RULES
from tests.helpers import fixed
from tests.proofs.harness import differences, run
from tests.proofs.scenarios import FIX_TESTS, proof_for

# Fixes that edit only suppression comments (RDS001, RDS002): nothing runs differently,
# which is checked on the code itself (below) rather than on a server.
COMMENT_ONLY = frozenset({"RDS001", "RDS002"})
PYTHON_FIXES = [
    (rule, example)
    for rule in RULES.values()
    for example in rule.examples
    if example.fixed is not None and example.language in ("python", "javascript") and rule.code not in COMMENT_ONLY
]


def test_suppression_fixes_change_only_comments():
    import ast

    from linter44s.javascript.tokenizer import Kind, scan

    checked = 0
    for code in sorted(COMMENT_ONLY):
        for example in RULES[code].examples:
            if example.fixed is None:
                continue
            if example.language == "python":
                assert ast.dump(ast.parse(example.code)) == ast.dump(ast.parse(example.fixed)), code
            else:
                def tokens(text: str) -> list[str]:
                    return [t.text for t in scan(text)[0] if t.kind is not Kind.COMMENT]
                assert tokens(example.code) == tokens(example.fixed), code
            checked += 1
    assert checked >= 3
PATHS = {"python": "app/example.py", "javascript": "app/example.js"}


def test_every_fix_example_has_a_proof():
    missing = [f"{rule.code}: {example.code.strip().splitlines()[-1]}" for rule, example in PYTHON_FIXES
               if proof_for(rule.code, example.code) is None]
    assert not missing, f"add a proof to tests/proofs/scenarios.py for: {missing}"


@pytest.fixture(scope="module")
def observed():
    """Every example's runs, before and after, in one server start."""
    programs, where = [], []
    for rule, example in PYTHON_FIXES:
        proof = proof_for(rule.code, example.code)
        assert proof is not None
        after = fixed(example.code, unsafe=True, path=PATHS[example.language], select=(rule.code,))
        assert after == example.fixed  # the example's own text is what the proof runs
        for i, case in enumerate(proof.cases):
            where.append((rule.code, example.code, i))
            programs += [(example.code, case, False), (after, case, True)]
    results = run(programs)
    return {key: (results[2 * n], results[2 * n + 1]) for n, key in enumerate(where)}


@pytest.mark.parametrize(("rule", "example"), PYTHON_FIXES, ids=[f"{r.code}-{i}" for i, (r, _) in enumerate(PYTHON_FIXES)])
def test_fix_keeps_behaviour_on_a_real_server(observed, rule, example):
    proof = proof_for(rule.code, example.code)
    assert proof is not None
    for i, _case in enumerate(proof.cases):
        before, after = observed[(rule.code, example.code, i)]
        assert not differences(before, after, proof.allowed), (i, differences(before, after, proof.allowed))


@pytest.mark.parametrize(("code", "source"), list(FIX_TESTS), ids=[f"{c}-{i}" for i, (c, _) in enumerate(FIX_TESTS)])
def test_fix_tests_keep_behaviour_on_a_real_server(code, source):
    """The edge cases (tests/proofs/scenarios.py FIX_TESTS): each is fixed, and proven."""
    proof = FIX_TESTS[(code, source)]
    after = fixed(source, unsafe=True, path="app/example.py", select=(code,))
    assert after != source, "the fix must apply to be proven"
    results = run([(text, case, is_after) for case in proof.cases for text, is_after in ((source, False), (after, True))])
    for i in range(len(proof.cases)):
        found = differences(results[2 * i], results[2 * i + 1], proof.allowed)
        assert not found, (i, after, found)
