"""The JS/TS semantic model: every way code reaches a client (issue 11 §1),
each shape with a flagged example and a clean twin."""

from __future__ import annotations

import textwrap

import pytest

from linter44s.config import Settings
from linter44s.facts import Evidence, External
from linter44s.javascript.frontend import analyze
from tests.helpers import codes_at


def facts(code: str, path: str = "app.ts", external: tuple[External, ...] = ()):
    found, _ = analyze(textwrap.dedent(code), path, Settings(), external)
    return found


def commands(code: str, path: str = "app.ts", external: tuple[External, ...] = ()) -> list[tuple[str, str]]:
    return [(c.command, c.receiver) for c in facts(code, path, external).calls]


# -- the command surface ------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "command"),
    [
        ("r.getBuffer('k')", "GET"),
        ("r.hgetallBuffer('h')", "HGETALL"),
        ("r.keysBuffer('*')", "KEYS"),
        ("r.scanBufferStream({ match: 'a:*' })", "SCAN"),
    ],
)
def test_ioredis_buffer_commands(call, command):
    code = f"import Redis from 'ioredis';\nconst r = new Redis();\n{call};\n"
    assert commands(code) == [(command, "r")]


def test_buffer_suffix_on_something_else_is_no_command():
    code = "import Redis from 'ioredis';\nconst r = new Redis();\nr.toBuffer('k'); r.fromBuffer(b); Buffer.from('x');\n"
    assert commands(code) == []


@pytest.mark.parametrize(
    ("call", "command"),
    [("c.SET('k', 'v')", "SET"), ("c.KEYS('*')", "KEYS"), ("c.HGETALL('h')", "HGETALL"), ("c.CONFIG_SET('a', 'b')", "CONFIG SET")],
)
def test_node_redis_upper_case_methods(call, command):
    code = f"import {{ createClient }} from 'redis';\nconst c = createClient();\n{call};\n"
    assert commands(code) == [(command, "c")]


def test_upper_case_names_that_are_no_command_are_left_alone():
    code = "import { createClient } from 'redis';\nconst c = createClient();\nc.URL('x'); c.LOCK('k'); c.DEFINE_COMMAND('x', {});\n"
    assert commands(code) == []


def test_upper_case_keys_is_rds101_and_scan_is_not():
    flagged = "import { createClient } from 'redis';\nconst c = createClient();\nawait c.KEYS('user:*');\n"
    clean = "import { createClient } from 'redis';\nconst c = createClient();\nfor await (const k of c.scanIterator({ MATCH: 'user:*' })) {}\n"
    assert codes_at(flagged, path="app/a.mjs", select=("RDS101",)) == [("RDS101", 3)]
    assert codes_at(clean, path="app/a.mjs", select=("RDS101",)) == []


def test_upper_case_multi_is_a_pipeline():
    code = "import { createClient } from 'redis';\nconst c = createClient();\nconst m = c.MULTI();\nm.SET('a', '1');\n"
    (call,) = facts(code).calls
    assert call.receiver_kind.value == "pipeline"


@pytest.mark.parametrize(
    ("line", "flagged"),
    [
        ("await c.sendCommand(['KEYS', '*']);", True),
        ("await r.call('KEYS', '*');", True),
        ("await r.call('flushall');", True),
        ("await c.sendCommand(['SCAN', '0', 'MATCH', 'a:*']);", False),
        ("await r.call('GET', 'k');", False),
    ],
)
def test_raw_command_forms(line, flagged):
    code = (
        "import { createClient } from 'redis';\nimport Redis from 'ioredis';\n"
        f"const c = createClient();\nconst r = new Redis();\n{line}\n"
    )
    found = codes_at(code, path="app/a.mjs", select=("RDS101", "RDS102"))
    assert bool(found) == flagged


# -- classes: fields, constructor parameters, prototypes ---------------------------


@pytest.mark.parametrize(
    "member",
    [
        "private redis: Redis;",
        "private redis!: Redis;",
        "private readonly redis: Redis | null = null;",
        "@InjectRedis() private readonly redis: Redis;",
    ],
)
def test_class_fields_typed_as_a_client(member):
    code = f"""
        import Redis from 'ioredis';
        export class Store {{
          {member}
          async all() {{ return this.redis.keys('*'); }}
        }}
    """
    (call,) = facts(code).calls
    assert (call.command, call.receiver, call.evidence) == ("KEYS", "this.redis", Evidence.ANNOTATED)


@pytest.mark.parametrize(
    "member", ["private redis: Map<string, Redis>;", "private redis: Set<string>;", "private redis = new Map();"]
)
def test_class_fields_typed_as_something_else(member):
    code = f"""
        import Redis from 'ioredis';
        export class Store {{
          {member}
          async all() {{ return this.redis.keys(); }}
        }}
    """
    assert facts(code).calls == ()


def test_constructor_parameter_properties():
    code = """
        import { RedisClientType } from 'redis';
        export class Store {
          constructor(private readonly client: RedisClientType, private readonly cache: Map<string, string>) {}
          async a() { await this.client.KEYS('*'); await this.cache.get('k'); }
        }
    """
    assert commands(code) == [("KEYS", "this.client")]


def test_prototype_methods_see_the_constructor_fields():
    code = """
        const Redis = require('ioredis');
        function Cache(opts) {
          this.client = new Redis(opts);
          this.local = new Map();
        }
        Cache.prototype.clear = function () { return this.client.keys('cache:*'); };
        Cache.prototype.peek = function (k) { return this.local.get(k); };
    """
    assert commands(code, "cache.js") == [("KEYS", "this.client")]
    assert codes_at(code, path="lib/cache.js", select=("RDS101",)) == [("RDS101", 7)]


# -- §5: one finding for one client made on either branch ---------------------------


def test_rds301_once_for_a_client_made_on_both_branches_of_an_if():
    code = """
        const Redis = require('ioredis');
        app.get('/x', async (req, res) => {
          let r;
          if (req.query.cluster) {
            r = new Redis.Cluster([{ host: 'a' }]);
          } else {
            r = new Redis(6380);
          }
          res.json(await r.get('k'));
        });
    """
    assert codes_at(code, path="app/x.js", select=("RDS301",)) == [("RDS301", 6)]


def test_rds301_twice_for_two_clients():
    code = """
        const Redis = require('ioredis');
        app.get('/x', async (req, res) => {
          const a = new Redis(6380);
          const b = new Redis(6381);
          res.json([await a.get('k'), await b.get('k')]);
        });
    """
    assert codes_at(code, path="app/x.js", select=("RDS301",)) == [("RDS301", 4), ("RDS301", 5)]


def test_a_lazy_singleton_guard_tests_the_whole_name():
    """`if (!r)` guards r; `if (req.x)` mentions an `r` only inside another name."""
    guarded = """
        const Redis = require('ioredis');
        let r;
        function get() {
          if (!r) { r = new Redis(); }
          return r;
        }
    """
    assert facts(guarded, "a.js").constructions[0].fate == "singleton"
