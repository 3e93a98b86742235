"""The text-edit fixes added with issue 12, beyond their rule examples: what
they do to the shapes around them, and what they leave alone."""

from __future__ import annotations

import pytest

from tests.helpers import fixed

PY = "import redis\n\n"
IOREDIS = "const Redis = require('ioredis');\nconst redis = new Redis();\n\n"


def test_a_password_fix_reuses_an_existing_import_of_os():
    code = "import os\nimport redis\n\nr = redis.Redis(password='pw')\n"
    assert fixed(code, unsafe=True, select=("RDS305",)) == "import os\nimport redis\n\nr = redis.Redis(password=os.environ[\"REDIS_PASSWORD\"])\n"


def test_a_password_fix_adds_import_os_after_a_docstring_and_future_import():
    code = '"""Doc."""\nfrom __future__ import annotations\n\nimport redis\n\nr = redis.Redis(password="pw")\n'
    out = fixed(code, unsafe=True, select=("RDS305",))
    assert out == '"""Doc."""\nfrom __future__ import annotations\n\nimport os\nimport redis\n\nr = redis.Redis(password=os.environ["REDIS_PASSWORD"])\n'


def test_a_timeout_given_as_none_gets_the_value_and_no_second_keyword():
    out = fixed(PY + "r = redis.Redis(socket_timeout=None)\n", unsafe=True, select=("RDS304",))
    assert out == PY + "r = redis.Redis(socket_timeout=5, socket_connect_timeout=5)\n"


def test_a_pool_with_keyword_splat_gets_no_edit():
    code = PY + "pool = redis.ConnectionPool(**options)\n"
    assert fixed(code, unsafe=True, select=("RDS302",)) == code


@pytest.mark.parametrize(("method", "other"), [("lpop", "rpop"), ("blpop", "brpop")])
def test_the_pop_moves_to_the_other_end(method, other):
    code = PY + f"r = redis.Redis()\nr.lpush('q', 1)\nr.{method}('q')\n"
    assert fixed(code, unsafe=True, select=("RDS602",)) == code.replace(f"r.{method}(", f"r.{other}(")


def test_node_redis_spelling_of_the_pop_is_kept():
    code = "import { createClient } from 'redis';\nconst c = createClient();\nawait c.lPush('q', 'a');\nawait c.lPop('q');\n"
    assert "await c.rPop('q');" in fixed(code, unsafe=True, path="app/q.ts", select=("RDS602",))


@pytest.mark.parametrize(
    "body",
    [
        "async function f() {\n  const found = await redis.keys('a:*'), more = 1;\n}\n",  # two declarations
        "async function f() {\n  return redis.keys('a:*');\n}\n",  # not a declaration
        "async function f() {\n  const found = await redis.keys('a:*'); // why\n}\n",  # a comment on its line
    ],
)
def test_javascript_keys_shapes_it_cannot_rewrite_keep_their_advice(body):
    assert fixed(IOREDIS + body, unsafe=True, path="app/k.js", select=("RDS101",)) == IOREDIS + body


@pytest.mark.parametrize(
    "body",
    [
        "async function f(p) {\n  await redis.incr(p);\n  // count it\n  await redis.expire(p, 60);\n  await redis.sadd('s', p);\n}\n",
        "async function f(p) {\n  const n = await redis.incr(p);\n  await redis.expire(p, 60);\n  await redis.sadd('s', n);\n}\n",
        "async function f(p) {\n  redis.incr(p);\n  redis.expire(p, 60);\n  redis.sadd('s', p);\n}\n",
    ],
)
def test_javascript_runs_it_cannot_pipeline_are_left_alone(body):
    assert fixed(IOREDIS + body, unsafe=True, path="app/r.js", select=("RDS404",)) == IOREDIS + body


def test_a_hoisted_client_keeps_the_blank_line_after_the_imports_and_is_done_once():
    code = PY + "def a():\n    r = redis.Redis()\n    return r.get('a')\n\ndef b():\n    r = redis.Redis()\n    return r.get('b')\n"
    out = fixed(code, unsafe=True, select=("RDS301",))
    assert out.startswith("import redis\n\nr = redis.Redis()\n\ndef a():\n    return r.get('a')\n")
    assert "def b():\n    r = redis.Redis()\n" in out  # `r` is now taken at module level: left as it was


def test_a_client_built_from_a_parameter_is_not_hoisted():
    code = PY + "def a(host):\n    r = redis.Redis(host=host)\n    return r.get('a')\n"
    assert fixed(code, unsafe=True, select=("RDS301",)) == code


@pytest.mark.parametrize(
    "body",
    [
        "async function f(id) {\n  await redis.incr('rate_limit:' + keyOf(id));\n}\n",  # the key would be computed twice
        "async function f(id) {\n  const n = await redis.incr(`rate_limit:${id}`);\n  return n;\n}\n",  # the reply is used
    ],
)
def test_javascript_expiry_shapes_it_cannot_rewrite_are_left_alone(body):
    code = IOREDIS.replace("new Redis();", "new Redis();\nconst keyOf = (id) => `rate_limit:${id}`;") + body
    assert fixed(code, unsafe=True, path="app/t.js", select=("RDS202",)) == code


def test_javascript_expiry_is_added_in_one_transaction():
    code = IOREDIS + "async function f(id) {\n  await redis.incr(`rate_limit:${id}`);\n}\n"
    out = fixed(code, unsafe=True, path="app/t.js", select=("RDS202",))
    assert "  await redis.multi().incr(`rate_limit:${id}`).expire(`rate_limit:${id}`, 3600).exec();\n" in out


def test_a_javascript_counter_whose_value_is_read_later_keeps_its_advice():
    body = "async function f(id, n) {\n  const c = Number(await redis.get(`p:${id}`));\n  await redis.set(`p:${id}`, c + n);\n  return c;\n}\n"
    assert fixed(IOREDIS + body, unsafe=True, path="app/c.js", select=("RDS605",)) == IOREDIS + body
