"""The JS/TS semantic model: every way code reaches a client (issue 11 §1),
each shape with a flagged example and a clean twin."""

from __future__ import annotations

import textwrap

import pytest

from linter44s.config import Settings
from linter44s.facts import Evidence, ExportKind, External, Flavor
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


def test_upper_case_methods_need_a_receiver_known_to_be_a_client():
    """`redisApi.GET('/path')` matches the name pattern, but only node-redis spells commands in capitals."""
    assert commands("redisApi.GET('/users'); ctx.redis.get('k');") == [("GET", "ctx.redis")]


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
    "member",
    ["private redis: Map<string, Redis>;", "private redis: Set<string>;", "private redis = new Map();", "private redis: Redis[] = [];"],
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


# -- across files: what a file exports ------------------------------------------------


def exported(code: str, path: str = "store.js") -> list[tuple[str, str, tuple[str, ...]]]:
    return [(e.name, e.kind.value, e.attributes) for e in facts(code, path).exports]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("const Redis = require('ioredis');\nconst client = new Redis();\nmodule.exports = client;", ("default", "client")),
        ("const Redis = require('ioredis');\nmodule.exports = new Redis(process.env.URL);", ("default", "client")),
        ("const Redis = require('ioredis');\nexports.redis = new Redis();", ("redis", "client")),
        ("import Redis from 'ioredis';\nexport const redis = new Redis();", ("redis", "client")),
        ("import { createClient } from 'redis';\nexport default createClient();", ("default", "client")),
        ("import { createClient } from 'redis';\nexport default createClient({ url }).on('error', log);", ("default", "client")),
        ("const redis_1 = require('redis');\nconst c = (0, redis_1.createClient)();\nexports.default = c;", ("default", "client")),
        ("import Redis from 'ioredis';\nconst c = new Redis();\nexport function getClient() { return c; }", ("getClient", "factory")),
        ("const Redis = require('ioredis');\nconst c = new Redis();\nexports.getClient = () => c;", ("getClient", "factory")),
        ("const Redis = require('ioredis');\nfunction make() { return new Redis(); }\nmodule.exports = { make };", ("make", "factory")),
        ("import Redis from 'ioredis';\nexport default function () { return new Redis(); }", ("default", "factory")),
        ("import Redis from 'ioredis';\nexport class SafeRedis extends Redis {}", ("SafeRedis", "client-class")),
        ("const { Cluster } = require('ioredis');\nclass Shards extends Cluster {}\nmodule.exports = Shards;", ("default", "client-class")),
    ],
)
def test_exports(code, expected):
    assert [e[:2] for e in exported(code)] == [expected]


@pytest.mark.parametrize(
    "code",
    [
        "module.exports = new Map();",
        "export const cache = new Map();",
        "exports.redisKeyPrefix = 'app:';",
        "export function helper() { return 1; }",
        "export default function () { return {}; }",
        "class Store { constructor() { this.items = new Map(); } }\nmodule.exports = Store;",
        "const EventEmitter = require('events');\nexport class Bus extends EventEmitter {}",
    ],
)
def test_exports_clean_twins(code):
    assert exported("const Redis = require('ioredis');\n" + code) == []


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("export class Cache {\n  constructor() { this.client = new Redis(); this.local = new Map(); }\n}", "Cache"),
        ("export class Cache {\n  private client: Redis;\n}", "Cache"),
        ("export class Cache {\n  constructor(private readonly client: Redis) {}\n}", "Cache"),
        ("function Cache() { this.client = new Redis(); }\nmodule.exports = Cache;", "default"),
        ("function Cache() {}\nCache.prototype.init = function () { this.client = new Redis(); };\nexports.Cache = Cache;", "Cache"),
        ("function Cache() {}\nCache.prototype = { init() { this.client = new Redis(); } };\nexports.Cache = Cache;", "Cache"),
        ("function Cache() {}\nCache.prototype = {\n  init: function () { this.client = new Redis(); },\n};\nexports.Cache = Cache;",
         "Cache"),
    ],
)
def test_exported_holders(code, name):
    assert exported("import Redis from 'ioredis';\n" + code, "cache.ts") == [(name, "holder", ("client",))]


# -- across files: what a file imports ------------------------------------------------


def test_relative_imports_of_every_shape():
    code = """
        import { redis, other as o } from './store';
        import store from '../store';
        import * as m from './m';
        import Redis from 'ioredis';
        const c = require('./c');
        const { conn, make: mk } = require('./db');
        import legacy = require('./legacy');
        const _ = require('lodash');
        var util = require('util')
          , opts = { a: [1, 2] }
          , jobs = require('./jobs');
        call(1, notImport = require('./side'));
    """
    found = {(i.local, i.module, i.name) for i in facts(code).imports}
    assert found == {
        ("redis", "./store", "redis"), ("o", "./store", "other"), ("store", "../store", "default"),
        ("m", "./m", "*"), ("c", "./c", "*"), ("conn", "./db", "conn"), ("mk", "./db", "make"),
        ("legacy", "./legacy", "*"), ("jobs", "./jobs", "*"),
    }


# -- across files: what the index says an imported name is ----------------------------


def _ext(local: str, kind: ExportKind, attributes: tuple[str, ...] = ()) -> External:
    return External(local, kind, Flavor.UNKNOWN, attributes)


_COMPILED = """
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    const store_1 = require("./store");
    async function purge() {
      await store_1.conn.keys("*");
      await (0, store_1.getConn)().flushall();
    }
"""


def test_typescript_compiled_commonjs_with_the_index():
    ext = (_ext("store_1.conn", ExportKind.CLIENT), _ext("store_1.getConn", ExportKind.FACTORY))
    found = facts(_COMPILED, "dist/jobs.js", ext).calls
    assert [(c.command, c.receiver, c.evidence) for c in found] == [
        ("KEYS", "store_1.conn", Evidence.IMPORTED), ("FLUSHALL", "(0, store_1.getConn)()", Evidence.FACTORY),
    ]
    assert facts(_COMPILED, "dist/jobs.js").calls == ()  # without the index nothing says they are clients


@pytest.mark.parametrize(
    ("code", "ext"),
    [
        ("const db = require('./db');\ndb.keys('*');", _ext("db", ExportKind.CLIENT)),
        ("import db from './db';\ndb.keys('*');", _ext("db", ExportKind.CLIENT)),
        ("import { conn } from './db';\nconn.keys('*');", _ext("conn", ExportKind.CLIENT)),
        ("import * as db from './db';\ndb.conn.keys('*');", _ext("db.conn", ExportKind.CLIENT)),
        ("const { make } = require('./db');\nconst c = make();\nc.keys('*');", _ext("make", ExportKind.FACTORY)),
        ("import { make } from './db';\n(await make()).keys('*');", _ext("make", ExportKind.FACTORY)),
        ("import { Safe } from './safe';\nconst r = new Safe();\nr.keys('*');", _ext("Safe", ExportKind.CLIENT_CLASS)),
        ("import { Safe } from './safe';\nclass S { constructor(private r: Safe) {}\n a() { this.r.keys('*'); } }",
         _ext("Safe", ExportKind.CLIENT_CLASS)),
        ("const Cache = require('./cache');\nCache.prototype.clear = function () { return this.conn.keys('*'); };",
         _ext("Cache", ExportKind.HOLDER, ("conn",))),
        ("import { Base } from './base';\nclass Mine extends Base { clear() { return this.conn.keys('*'); } }",
         _ext("Base", ExportKind.HOLDER, ("conn",))),
        ("import { Base } from './base';\nconst b = new Base();\nb.conn.keys('*');", _ext("Base", ExportKind.HOLDER, ("conn",))),
    ],
)
def test_imported_clients_factories_and_classes(code, ext):
    assert [c.command for c in facts(code, "use.ts", (ext,)).calls] == ["KEYS"]
    assert facts(code, "use.ts").calls == ()  # the clean twin: the same file, no index


def test_a_holder_member_that_keeps_no_client_stays_clean():
    code = "const Cache = require('./cache');\nCache.prototype.peek = function (k) { return this.local.keys(); };"
    assert facts(code, "use.js", (_ext("Cache", ExportKind.HOLDER, ("conn",)),)).calls == ()


def test_imported_client_findings_through_the_engine():
    from dataclasses import replace

    from linter44s.engine import lint_text

    settings = replace(Settings(root="."), select=("RDS101", "RDS102"))
    ext = (_ext("store_1.conn", ExportKind.CLIENT), _ext("store_1.getConn", ExportKind.FACTORY))
    report = lint_text(textwrap.dedent(_COMPILED), "dist/jobs.js", settings, external=ext)
    assert [(d.code, d.span.line) for d in report.diagnostics] == [("RDS101", 6), ("RDS102", 7)]


def test_typescript_compiled_default_imports():
    """`import Redis from 'ioredis'` compiles to `__importDefault(require("ioredis"))` and `.default`."""
    code = """
        "use strict";
        const ioredis_1 = __importDefault(require("ioredis"));
        const store_1 = __importDefault(require("./store"));
        const r = new ioredis_1.default();
        r.keys("*");
        store_1.default.flushall();
    """
    found = facts(code, "dist/a.js", (_ext("store_1.default", ExportKind.CLIENT),))
    assert [(i.local, i.module, i.name) for i in found.imports] == [("store_1", "./store", "*")]
    assert [(c.command, c.receiver) for c in found.calls] == [("KEYS", "r"), ("FLUSHALL", "store_1.default")]
    clean = code.replace('"ioredis"', '"./not-redis"')
    assert [c.receiver for c in facts(clean, "dist/a.js").calls] == []


def test_a_subclass_of_a_holder_is_a_holder():
    local = """
        import Redis from 'ioredis';
        class Base { constructor() { this.conn = new Redis(); } }
        export class Sub extends Base {}
        export class Plain extends Array {}
    """
    assert exported(local, "a.ts") == [("Sub", "holder", ("conn",))]
    imported = "import { Base } from './base';\nexport class Sub extends Base {}\n"
    found = facts(imported, "b.ts", (_ext("Base", ExportKind.HOLDER, ("conn",)),)).exports
    assert [(e.name, e.kind.value, e.attributes) for e in found] == [("Sub", "holder", ("conn",))]
    assert facts(imported, "b.ts").exports == ()


def test_a_class_that_extends_a_client_class_makes_clients():
    code = """
        import Redis from 'ioredis';
        import { EventEmitter } from 'events';
        class SafeRedis extends Redis {}
        class Bus extends EventEmitter {}
        const r = new SafeRedis();
        const b = new Bus();
        class Store { constructor(private readonly s: SafeRedis, private readonly bus: Bus) {} }
        r.keys('*');
        b.keys();
        this.s.keys('*');
        this.bus.keys();
    """
    found = facts(code)
    assert [(c.command, c.receiver) for c in found.calls] == [("KEYS", "r"), ("KEYS", "this.s")]
    assert [(c.constructor, c.fate) for c in found.constructions] == [("SafeRedis", "module")]


_PROBE = """
    const Redis = require('ioredis');
    async function waitForRedis(url) {
      while (true) {
        const probe = new Redis(url);
        try {
          await probe.ping();
          await probe.quit();
          BODY
        } catch (e) {
          await sleep(100);
        }
      }
    }
"""


@pytest.mark.parametrize(
    ("body", "flagged"),
    [
        ("break;", False),
        ("return true;", False),
        ("switch (mode) { case 'a': break; }", True),
        ("for (const x of xs) { break; }", True),
        ("[1].forEach(() => { return; });", True),
        ("done = true;", True),
    ],
)
def test_rds301_connect_and_retry_loop(body, flagged):
    """A loop that leaves once a client connects makes one client, not one per item."""
    found = codes_at(_PROBE.replace("BODY", body), path="app/x.js", select=("RDS301",))
    assert found == ([("RDS301", 5)] if flagged else [])


def test_static_factories_of_exported_classes():
    code = """
        import Redis from 'ioredis';
        export class Db {
          static connect() { return new Redis(); }
          static async lazy() { const r = new Redis(); await r.connect(); return r; }
          static name() { return 'db'; }
          make() { return new Redis(); }
        }
        class Hidden { static connect() { return new Redis(); } }
    """
    assert exported(code, "db.ts") == [("Db.connect", "factory", ()), ("Db.lazy", "factory", ())]
    use = "import { Db } from './db';\nDb.connect().keys('*');\n"
    assert commands(use, "use.ts", (_ext("Db.connect", ExportKind.FACTORY),)) == [("KEYS", "Db.connect()")]
    assert commands(use, "use.ts") == []
