"""What the JavaScript/TypeScript frontend reports about a file."""

from __future__ import annotations

import textwrap

import pytest

from linter44s.config import Settings
from linter44s.facts import Evidence, ReceiverKind
from linter44s.javascript.frontend import analyze


def facts(code: str, path: str = "app.js", **settings):
    found, _ = analyze(textwrap.dedent(code), path, Settings(**settings))
    return found


def commands(code: str, path: str = "app.js") -> list[tuple[str, str, str]]:
    return [(c.command, c.receiver, c.receiver_kind.value) for c in facts(code, path).calls]


# -- which receivers are clients --------------------------------------------


def test_ioredis_require_and_new():
    code = """
        const Redis = require('ioredis');
        const redis = new Redis();
        redis.keys('*');
    """
    (call,) = facts(code).calls
    assert (call.command, call.receiver_kind, call.evidence) == ("KEYS", ReceiverKind.CLIENT, Evidence.CONSTRUCTED)
    assert call.span.line == 4 and call.span.col == 1


@pytest.mark.parametrize(
    "setup",
    [
        "import Redis from 'ioredis';\nconst r = new Redis();",
        "import IORedis from 'ioredis';\nconst r = new IORedis(6379);",
        "import { Redis } from 'ioredis';\nconst r = new Redis();",
        "const Redis = require('ioredis');\nconst r = new Redis.Cluster([{ host: 'a' }]);",
        "import { createClient } from 'redis';\nconst r = createClient({ url });",
        "const { createClient } = require('@redis/client');\nconst r = createClient();",
        "const redis = require('redis');\nconst r = redis.createClient();",
        "import { createCluster } from 'redis';\nconst r = createCluster({ rootNodes: [] });",
    ],
)
def test_client_constructions(setup):
    found = facts(setup + "\nr.get('user:1');\n", "app.ts")
    assert [c.command for c in found.calls] == ["GET"]
    assert len(found.constructions) == 1
    assert found.constructions[0].fate == "module"


def test_this_field_and_or_fallback():
    code = """
        const { createClient } = require('redis');
        class Cache {
          constructor(opts) {
            this.client = opts.client || createClient();
          }
          async load(id) {
            return this.client.hGetAll(`user:${id}`);
          }
        }
    """
    found = facts(code)
    (call,) = found.calls
    assert (call.command, call.receiver) == ("HGETALL", "this.client")
    assert found.constructions[0].fate == "stored"


def test_typed_parameters_and_fields():
    code = """
        import Redis from 'ioredis';
        import type { RedisClientType } from 'redis';
        export class Store {
          private readonly cache: Redis;
          constructor(private readonly client: RedisClientType) {}
          async a(k: string) { await this.client.mGet([k]); }
          async b(k: string) { await this.cache.del(k); }
        }
        export async function helper(conn: Redis, key: string) { return conn.ttl(key); }
    """
    found = facts(code, "store.ts")
    assert [(c.command, c.evidence) for c in found.calls] == [
        ("MGET", Evidence.ANNOTATED), ("DEL", Evidence.ANNOTATED), ("TTL", Evidence.ANNOTATED),
    ]


def test_name_pattern_only_for_commands_and_unbound_names():
    code = """
        const redisConnections = [];
        const redisCache = new Map();
        redisConnections.keys();
        redisCache.get('a');
        ctx.redis.get('user:1');
        ctx.redis.frobnicate('x');
    """
    found = facts(code)
    assert [(c.command, c.receiver, c.evidence) for c in found.calls] == [("GET", "ctx.redis", Evidence.NAME)]


def test_zero_argument_call_receiver_by_name():
    assert commands("this.redis().get('k');") == [("GET", "this.redis()", "client")]


@pytest.mark.parametrize(
    "code",
    [
        "const map = new Map(); map.get(k);",
        "const cache = new LRU(); cache.get('k'); cache.set('k', 1);",
        "axios.get('/api'); fetch(url);",
        "const x = req.query.keys; Object.keys(x); arr.keys(); new Set(a).keys();",
        "import NodeCache from 'node-cache';\nconst redisLike = new NodeCache(); redisLike.get('k');",
        "import { RedisCache } from 'some-cache-lib';\nconst redisCache = new RedisCache(); redisCache.get('k');",
        "const Redis = require('ioredis'); Redis.keys; Redis.get('x');",
        "settings.get(); redisSettings.get();",
        "fn.call(this, 'keys', x);",
    ],
)
def test_hard_negatives(code):
    assert facts(code).calls == ()


# -- pipelines ----------------------------------------------------------------


def test_multi_chain_is_a_pipeline():
    code = """
        const Redis = require('ioredis');
        const redis = new Redis();
        async function hit(k) {
          await redis.multi().incr(k).expire(k, 60).exec();
        }
    """
    calls = facts(code).calls
    assert [(c.command, c.receiver_kind) for c in calls] == [
        ("INCR", ReceiverKind.PIPELINE), ("EXPIRE", ReceiverKind.PIPELINE),
    ]
    assert not any(c.awaited for c in calls)


def test_pipeline_variable_and_maybe_pipeline():
    code = """
        import Redis from 'ioredis';
        const redis = new Redis();
        const pipe = redis.pipeline();
        for (const id of ids) pipe.get(`u:${id}`);
        const conn = batch ? redis.pipeline() : redis;
        conn.set('a:b', 1);
    """
    calls = facts(code).calls
    assert [(c.command, c.receiver_kind) for c in calls] == [
        ("GET", ReceiverKind.PIPELINE), ("SET", ReceiverKind.MAYBE_PIPELINE),
    ]


# -- arguments, options and keys ------------------------------------------------


def test_options_object_and_positional_words():
    code = """
        const Redis = require('ioredis');
        const r = new Redis();
        r.set('a:1', v, { EX: 60, NX: true });
        r.set('a:2', v, 'EX', 60, 'NX');
        r.set('a:3', v, ...rest);
    """
    a, b, c = facts(code).calls
    assert [(o.keyword, o.literal) for o in a.options] == [("EX", 60), ("NX", True)]
    assert [(o.keyword, o.text) for o in b.options] == [("EX", "60"), ("NX", "'NX'")]
    assert c.has_splat and not a.has_splat


@pytest.mark.parametrize(
    "key, parts, literal, join_text",
    [
        ("`user:${id}`", ("user:", None), "`user:", "${"),
        ("'user:' + id", ("user:", None), "'user:'", "'"),
        ("`session${id}`", ("session", None), "`session", "${"),
        ("'u' + id + ':x'", ("u", None, ":x"), "'u'", "'"),
        ("key", (None,), None, None),
        ("`${ns}queues`", (None, "queues"), "queues", None),
        ("'plain'", ("plain",), "'plain'", None),
    ],
)
def test_key_expressions(key, parts, literal, join_text):
    code = f"const redis = require('redis').createClient();\nredis.get({key});\n"
    text = textwrap.dedent(code)
    (call,) = facts(code).calls
    (k,) = call.keys
    assert k.parts == parts
    if literal is None:
        assert k.literal_span is None
    else:
        assert text[k.literal_span.start : k.literal_span.end] == literal
    if join_text is None:
        assert k.join_offset is None
    else:
        assert text.startswith(join_text, k.join_offset)


def test_key_through_local_variable():
    code = """
        const redis = new Redis();
        async function f(id) {
          const key = 'temp_' + id;
          await redis.zcard(key);
        }
    """
    (call,) = facts(code).calls
    (k,) = call.keys
    assert k.via_variable and k.parts == ("temp_", None)
    assert k.literal_span.line == 4


def test_raw_commands():
    code = """
        const redis = createClient();
        await redis.sendCommand(['KEYS', pattern]);
        await redis.call('keys', '*');
        await redis.sendCommand(['CONFIG', 'SET', 'maxmemory', '1gb']);
        redis.send_command('FLUSHALL', []);
    """
    calls = facts(code, "a.mjs").calls
    assert [(c.command, c.raw) for c in calls] == [
        ("KEYS", True), ("KEYS", True), ("CONFIG SET", True), ("FLUSHALL", True),
    ]


def test_multi_key_commands_keys():
    code = """
        const redis = new Redis();
        redis.mget('a:1', 'a:2');
        redis.mGet(['b:1', 'b:2']);
        redis.mset({ 'c:1': 1, 'c:2': 2 });
        redis.del(...keys);
    """
    a, b, c, d = facts(code).calls
    assert [k.parts for k in a.keys] == [("a:1",), ("a:2",)]
    assert [k.parts for k in b.keys] == [("b:1",), ("b:2",)]
    assert [k.parts for k in c.keys] == [("c:1",), ("c:2",)]
    assert d.has_splat and d.keys == ()


def test_awaited_result_names_and_statements():
    code = """
        const redis = new Redis();
        async function f(k) {
          const v = await redis.get(k);
          const [a, b] = await redis.mget('x:1', 'x:2');
          redis.incr(k);
          return v;
        }
    """
    found = facts(code)
    g, m, i = found.calls
    assert g.awaited and g.result_names == ("v",) and not g.is_expression_statement
    assert m.result_names == ("a", "b")
    assert not i.awaited and i.is_expression_statement
    stmts = {s.id: s for s in found.statements}
    assert stmts[g.stmt].block == stmts[i.stmt].block
    assert [stmts[c.stmt].index for c in (g, m, i)] == [0, 1, 2]
    assert stmts[g.stmt].binds == frozenset({"v"}) and stmts[g.stmt].command_count == 1


# -- scopes, handlers and loops ---------------------------------------------------


def handler_names(code: str, path: str = "app.js") -> list[bool]:
    found = facts(code, path)
    return [s.is_handler for s in found.scopes[1:]]


@pytest.mark.parametrize(
    "code",
    [
        "app.get('/x', async (req, res) => { x(); });",
        "router.post('/x', auth, function (request, response) { x(); });",
        "fastify.get('/x', async (request, reply) => { x(); });",
        "app.use(async (ctx, next) => { await next(); });",
        "export default function handler(req, res) { x(); }",
        "exports.handler = async (event, context) => { x(); };",
        "export const handler = async (event) => { x(); };",
        "export async function GET(request) { x(); }",
        "server.on('request', (req, res) => { x(); });",
        "app.get('/x', (c) => c.text('hi'));",
    ],
)
def test_handlers(code):
    assert handler_names(code) == [True]


def test_not_handlers():
    assert handler_names("function helper(a, b) { x(); }\nitems.forEach(x => y(x));") == [False, False]


def test_nest_decorated_methods_are_handlers():
    code = """
        @Controller('users')
        export class UsersController {
          constructor(private readonly redis: Redis) {}
          @Get(':id')
          async find(@Param('id') id: string) { return this.redis.get(`user:${id}`); }
          private helper() { return 1; }
        }
    """
    found = facts(code, "users.controller.ts")
    by_name = {s.name: s for s in found.scopes}
    assert by_name["find"].is_handler and by_name["find"].is_async
    assert not by_name["helper"].is_handler
    assert found.calls[0].scope == by_name["find"].id


def test_loops_of_every_kind():
    code = """
        const redis = new Redis();
        async function f(ids, obj) {
          for (let i = 0; i < ids.length; i++) await redis.get(ids[i]);
          for (const id of ids) { const k = `user:${id}`; await redis.get(k); }
          for (const k in obj) await redis.del(k);
          let n = 0;
          while (n < ids.length) { await redis.incr(ids[n]); n++; }
          do { await redis.ping(); } while (false);
          ids.forEach(id => redis.sadd('s:a', id));
          await Promise.all(ids.map(async (id) => redis.get(`u:${id}`)));
          const total = ids.reduce((acc, id) => acc + 1, 0);
        }
    """
    found = facts(code)
    loops = {lp.id: lp for lp in found.loops}
    kinds_of = [tuple(loops[i].kind for i in c.loops) for c in found.calls]
    assert kinds_of == [("for",), ("for",), ("for",), ("while",), ("while",), ("callback",), ("callback",)]
    second = loops[found.calls[1].loops[0]]
    assert second.targets >= {"id", "k"} and second.iterable_text == "ids"
    assert loops[found.calls[0].loops[0]].targets == frozenset({"i"})
    assert loops[found.calls[3].loops[0]].batches
    assert not loops[found.calls[4].loops[0]].batches
    assert loops[found.calls[6].loops[0]].targets == frozenset({"id"})


def test_polling_and_cursor_loops():
    code = """
        const redis = new Redis();
        async function worker() {
          while (true) { const job = await redis.brpop('q:jobs', 0); }
        }
        async function scanAll() {
          let cursor = '0';
          do {
            const [next, keys] = await redis.scan(cursor, 'MATCH', 'u:*');
            cursor = next;
          } while (cursor !== '0');
        }
    """
    found = facts(code)
    poll, scan = found.loops
    assert not poll.batches
    assert not scan.batches and {"next", "keys", "cursor"} <= scan.reply_names
    assert [o.keyword for o in found.calls[1].options] == ["MATCH"]


def test_outer_loop_seen_through_callback():
    code = """
        const redis = new Redis();
        for (const group of groups) {
          group.ids.forEach((id) => redis.get(id));
        }
    """
    found = facts(code)
    assert [found.loops[i - 1].kind for i in found.calls[0].loops] == ["for", "callback"]


# -- constructions and their fate ---------------------------------------------------


def fates(code: str, path: str = "app.js") -> list[str]:
    return [c.fate for c in facts(code, path).constructions]


def test_fates():
    code = """
        const Redis = require('ioredis');
        const shared = new Redis();
        let cached;
        function make() { return new Redis(); }
        function keep() { cached = new Redis(); }
        function once() { if (!cached) cached = new Redis(); return cached; }
        function pass() { return new RedisStore({ client: new Redis() }); }
        async function drop() { const c = new Redis(); await c.get('a'); }
        async function local() { const c = new Redis(); await c.connect(); return c; }
        class Svc { constructor() { this.redis = new Redis(); } }
        function arrow() { const get = () => new Redis(); }
    """
    assert fates(code) == ["module", "returned", "stored", "singleton", "passed", "dropped", "returned", "stored", "returned"]


def test_construction_options_and_scope():
    code = """
        import Redis from 'ioredis';
        app.get('/x', async (req, res) => {
          const r = new Redis({ host: 'h', password: 'secret', retryStrategy: () => null, socket: { reconnectStrategy: false } });
          res.send(await r.get('a:b'));
        });
    """
    found = facts(code, "app.ts")
    (c,) = found.constructions
    assert c.library == "ioredis" and c.constructor == "ioredis" and c.fate == "dropped"
    options = {o.keyword: o for o in c.options}
    assert options["password"].literal == "secret"
    assert options["retryStrategy"].text == "() => null"
    assert options["reconnectStrategy"].is_literal and options["reconnectStrategy"].literal is False
    assert found.scopes[c.scope].is_handler


def test_exported_clients():
    code = """
        import { createClient } from 'redis';
        export const redis = createClient();
        const other = createClient();
        export { other as second };
        export function getClient() { return redis; }
    """
    found = facts(code, "db.ts")
    assert [(e.name, e.kind.value) for e in found.exports] == [("redis", "client"), ("second", "client"), ("getClient", "factory")]


# -- suppressions ----------------------------------------------------------------------


def test_suppression_comments():
    code = """
        // linter44s-disable-next-line RDS101
        redis.keys('*');
        redis.keys('*'); // linter44s-disable-line
        /* linter44s-disable RDS201, RDS501 */
        redis.set('a', 1);
        /* linter44s-enable */
        /* linter44s-disable */
        x();
    """
    sup = facts(code).suppressions
    assert [(s.line, s.end_line, s.codes) for s in sup] == [
        (3, 3, frozenset({"RDS101"})),
        (4, 4, None),
        (5, 7, frozenset({"RDS201", "RDS501"})),
        (8, 10, None),
    ]


def test_bom_crlf_and_positions():
    text = "\ufeffconst redis = new Redis();\r\nredis.keys('*');\r\n"
    found, syntax = analyze(text, "a.js", Settings())
    (call,) = found.calls
    assert (call.span.line, call.span.col) == (2, 1)
    assert syntax.text(call.span) == "redis.keys('*')"
    assert text[call.span.start : call.span.end] == "redis.keys('*')"


def test_fix_syntax_edits():
    code = "const redis = new Redis();\nasync function f() { redis.set('a:b', 1); }\n"
    found, syntax = analyze(code, "a.js", Settings())
    (call,) = found.calls
    (edit,) = syntax.add_option(call, "ex", "3600")
    assert code[: edit.start] + edit.content + code[edit.end :] == code.replace("1)", "1, 'EX', 3600)")
    (edit,) = syntax.insert_await(call)
    assert edit.start == call.span.start and edit.content == "await "
    assert syntax.keys_to_scan(call) is None


# -- reply data flow (RDS6xx) ---------------------------------------------------------


def test_reply_flows():
    code = """
        const redis = new Redis();
        async function rename(id, name) {
          const user = JSON.parse(await redis.get(`user:${id}`));
          user.name = name;
          await redis.set(`user:${id}`, JSON.stringify(user));
        }
        async function add(id, n) {
          const current = Number(await redis.get(`points:${id}`));
          await redis.set(`points:${id}`, current + n);
        }
        async function follow(u, o) {
          const list = await redis.lrange(`f:${u}`, 0, -1);
          if (!list.includes(o)) await redis.rpush(`f:${u}`, o);
        }
    """
    found = facts(code)
    flows = {found.calls[f.reply].keys[0].parts[0]: f for f in found.flows}
    blob = flows["user:"]
    assert {"decode", "mutate", "encode"} <= set(blob.through)
    assert found.calls[blob.written_by].command == "SET"
    counter = flows["points:"]
    assert "arith" in counter.through and "decode" not in counter.through
    assert counter.written_by is not None
    assert "in" in flows["f:"].through and flows["f:"].written_by is None


def test_compiled_commonjs_comma_call_makes_a_client():
    """TypeScript/esbuild emit `(0, mod.createClient)(...)` for imported calls."""
    from tests.helpers import codes_at

    source = 'const redis_1 = require("redis");\nconst c = (0, redis_1.createClient)();\nc.keys("*");\n'
    assert codes_at(source, path="app/store.cjs", select=("RDS101",)) == [("RDS101", 3)]
