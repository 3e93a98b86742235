"""RDS401 in JavaScript: GETs per item become one MGET only in the two shapes where
that gives the same array (rules/RDS401.toml has the ioredis examples and their proofs);
here node-redis's spelling proven on a real server, and the loops left alone."""

from __future__ import annotations

import pytest

from tests.helpers import fixed
from tests.proofs.harness import Case, differences, run
from tests.proofs.scenarios import strings

NODE_REDIS = "import { createClient } from 'redis';\nconst client = createClient();\nawait client.connect();\n"
GATHERED = "export async function users(ids) {\n  return Promise.all(ids.map((id) => client.get(`user:${id}`)));\n}\n"
PUSHED = (
    "export async function names(ids) {\n  const out = [];\n"
    "  for (const id of ids) out.push(await client.get(`user:${id}`));\n  return out;\n}\n"
)


def _fix(code: str) -> str:
    return fixed(code, unsafe=True, path="app/example.js", select=("RDS401",))


@pytest.mark.parametrize(("body", "function"), [(GATHERED, "users"), (PUSHED, "names")])
def test_node_redis_mget_keeps_results_on_a_real_server(body, function):
    source = NODE_REDIS + body
    after = _fix(source)
    assert "client.mGet(" in after and "client.get(" not in after
    calls = (f"{function}([1, 9, 2])", f"{function}([])", f"{function}([2, 2])", "client.quit()")
    case = Case(calls, strings("user:1", "user:2"), language="javascript")
    before, now = run([(source, case, False), (after, case, True)])
    assert before["outcomes"][0] == {"value": ["v-user:1", None, "v-user:2"]}
    assert before["outcomes"][1] == {"value": []}
    assert not differences(before, now, "none")


IOREDIS = "const Redis = require('ioredis');\nconst r = new Redis();\n"
LEFT_ALONE = {
    "reply used for something else": "async function f(ks) {\n  const out = [];\n  for (const k of ks) out.push(JSON.parse(await r.get(k)));\n  return out;\n}\n",
    "a second statement in the body": "async function f(ks) {\n  const out = [];\n  for (const k of ks) {\n    out.push(await r.get(k));\n    seen(k);\n  }\n  return out;\n}\n",
    "early break": "async function f(ks) {\n  const out = [];\n  for (const k of ks) {\n    if (out.length > 3) break;\n    out.push(await r.get(k));\n  }\n  return out;\n}\n",
    "array not declared just before": "async function f(ks, out) {\n  for (const k of ks) out.push(await r.get(k));\n  return out;\n}\n",
    "array not empty": "async function f(ks) {\n  const out = [1];\n  for (const k of ks) out.push(await r.get(k));\n  return out;\n}\n",
    "awaited inside other logic": "async function f(ks) {\n  return Promise.all(ks.map(async (k) => (await r.get(k)) || 'none'));\n}\n",
    "reply transformed in the callback": "async function f(ks) {\n  return Promise.all(ks.map((k) => r.get(k).then(Number)));\n}\n",
    "items from a call, read twice": "async function f() {\n  return Promise.all(load().map((k) => r.get(k)));\n}\n",
    "a var loop item, read after the loop": "async function f(ks) {\n  const out = [];\n  for (var k of ks) out.push(await r.get(k));\n  return [out, k];\n}\n",
}


@pytest.mark.parametrize("body", list(LEFT_ALONE.values()), ids=list(LEFT_ALONE))
def test_loops_where_one_mget_is_not_the_same_are_left_alone(body):
    source = IOREDIS + body
    assert "mget" not in _fix(source)
