"""Precision of the rules that are on by default: what a finding says and
when it stays quiet (issue 11, section 5)."""

from __future__ import annotations

import textwrap

from tests.helpers import lint


def messages(code: str, *rules: str, **kwargs) -> list[tuple[int, str, str]]:
    report = lint(code, select=rules, **kwargs)
    assert report.error is None, report.error
    return [(d.span.line, d.message, d.fix.message if d.fix else "") for d in report.diagnostics]


def test_hget_of_one_field_across_many_hashes_is_a_pipeline_not_hmget() -> None:
    code = """
    import redis
    r = redis.Redis()
    def names(ids):
        return [r.hget(f"user:{uid}", "name") for uid in ids]
    """
    ((line, message, fix),) = messages(code, "RDS401")
    assert line == 5 and "pipeline" in message and "HMGET" not in message
    assert "pipeline" in fix and "hmget" not in fix


def test_hget_of_many_fields_of_one_hash_is_hmget() -> None:
    code = """
    import redis
    r = redis.Redis()
    def fields(names):
        return [r.hget("user:1", name) for name in names]
    """
    ((_, message, fix),) = messages(code, "RDS401")
    assert "HMGET" in message and "hmget" in fix


def test_flat_key_advice_never_proposes_an_empty_name() -> None:
    code = """
    import redis
    r = redis.Redis()
    def get(ns, uid):
        return r.get(ns + "_" + uid)
    """
    found = messages(code, "RDS501")
    assert found, "a separator other than `:` after the namespace is still flat"
    for _, message, fix in found:
        for text in (message, fix):
            assert "`{}`" not in text and "`:{}`" not in text and "`_{}`" not in text.split(":", 1)[-1]
        assert "join its parts with `:`" in message


def test_flat_key_advice_still_names_a_proposal_when_it_has_one() -> None:
    code = """
    import redis
    r = redis.Redis()
    def get(uid):
        return r.get("user" + uid)
    """
    ((_, message, _),) = messages(code, "RDS501")
    assert "such as `user:{}`" in message


def test_lock_helper_without_timeout_is_a_lock_without_ttl() -> None:
    code = """
    import redis
    r = redis.Redis()
    def work(i):
        a = r.lock("lock:a")
        b = r.lock("lock:b", timeout=None)
        c = r.lock("lock:c", timeout=10)
        d = r.lock("lock:d", 10)
        e = r.lock("lock:e", **opts)
        for n in range(3):
            r.lock(f"lock:{n}", timeout=5)
        cache = {}
        cache.lock("x")
    """
    found = messages(code, "RDS2")
    assert [(line, message.split(":")[0]) for line, message, _ in found] == [
        (5, "This lock has no `timeout`"),
        (6, "This lock has no `timeout`"),
    ]


def test_lock_helper_is_not_a_round_trip() -> None:
    """`lock()` builds an object; acquiring it is where Redis is asked."""
    code = """
    import redis.asyncio as aioredis
    r = aioredis.Redis()
    async def work(names):
        for name in names:
            lock = r.lock(f"lock:{name}", timeout=5)
        a = r.lock("lock:a", timeout=5)
        b = r.lock("lock:b", timeout=5)
        c = r.lock("lock:c", timeout=5)
    """
    assert messages(code, "RDS2", "RDS4", "RDS7") == []


def test_a_ttl_option_set_to_none_is_given_a_value_not_repeated() -> None:
    from tests.helpers import fixed

    out = fixed('import redis\nr = redis.Redis()\nr.set("a:1", 1, ex=None)\nr.lock("a:2", timeout=None)\n', unsafe=True)
    assert 'r.set("a:1", 1, ex=3600)' in out and 'r.lock("a:2", timeout=30)' in out
    compile(out, "fixed.py", "exec")  # `ex=None, ex=3600` parsed with ast but failed to compile


def test_a_client_per_host_in_a_loop_is_not_a_connection_per_request() -> None:
    code = """
    import redis
    def ping_all(hosts):
        for host in hosts:
            node = redis.Redis(host=host, port=6379)
            node.ping()
            node.close()
    """
    assert messages(code, "RDS301") == []


def test_a_connect_and_retry_loop_is_not_a_connection_per_request() -> None:
    code = """
    import time
    import redis
    def ready():
        for attempt in range(5):
            try:
                probe = redis.Redis(host="db")
                probe.ping()
                return True
            except redis.ConnectionError:
                time.sleep(attempt)
        return False
    """
    assert messages(code, "RDS301") == []


def test_a_client_built_on_both_branches_is_reported_once() -> None:
    code = """
    import redis
    def lookup(flag, key):
        if flag:
            r = redis.Redis(host="a")
        else:
            r = redis.Redis(host="b")
        return r.get(key)
    """
    assert [line for line, _, _ in messages(code, "RDS301")] == [5]


def test_a_client_per_item_in_a_loop_is_still_reported() -> None:
    code = """
    import redis
    def fetch(ids):
        for i in ids:
            c = redis.Redis()
            c.get(f"user:{i}")
    """
    assert [line for line, _, _ in messages(code, "RDS301")] == [5]


JS_CONCURRENT = """
const { createClient } = require("redis");
const client = createClient();
async function profiles(ids) {
  return Promise.all(ids.map((id) => client.get("user:" + id)));
}
async function one_by_one(ids) {
  const out = [];
  for (const id of ids) {
    out.push(await client.get("user:" + id));
  }
  return out;
}
"""


def test_concurrent_gets_from_a_map_callback_are_not_called_round_trips() -> None:
    found = messages(JS_CONCURRENT, "RDS401", path="app/profiles.js")
    assert [line for line, _, _ in found] == [5, 10]
    concurrent, sequential = found[0][1], found[1][1]
    assert "round trip per item" not in concurrent and "one command per item" in concurrent and "MGET" in concurrent
    assert "one round trip per item" in sequential


def test_a_loop_statement_ends_a_run_of_commands_in_javascript() -> None:
    code = """
    const { createClient } = require("redis");
    const client = createClient();
    async function sweep() {
      for await (const key of client.scanIterator({ MATCH: "tmp:*" })) {
        console.log(key);
      }
      await client.set("sweep:last", "now", { EX: 60 });
      await client.get("sweep:count");
    }
    """
    assert messages(code, "RDS404", path="app/sweep.js") == []


def test_a_ttl_of_none_or_undefined_is_no_ttl() -> None:
    python = 'import redis\nr = redis.Redis()\nr.set("a:1", 1, ex=None)\nr.set("a:2", 1, ex=60)\n'
    assert [line for line, _, _ in messages(python, "RDS201")] == [3]
    js = 'const Redis = require("ioredis");\nconst r = new Redis();\nr.set("a:1", "v", { EX: undefined });\nr.set("a:2", "v", { EX: 60 });\n'
    assert [line for line, _, _ in messages(js, "RDS201", path="app/x.js")] == [3]


def test_a_django_apps_tests_module_is_a_test_file() -> None:
    """django-defender's `tests.py` built a client per test and called CONFIG: normal in tests."""
    code = """
    import redis
    def test_conn():
        r = redis.Redis()
        r.config_set("maxmemory", "10mb")
        r.get("a:1")
    """
    assert messages(code, "RDS103", "RDS301", path="defender/tests.py") == []
    assert [c for _, c, _ in messages(code, "RDS103", "RDS301", path="defender/views.py")]


def test_a_sibling_branch_that_writes_the_key_with_setex_makes_no_ttl_a_choice() -> None:
    """dogpile.cache and saq: `if ttl: setex(...) else: set(...)`."""
    code = """
    import redis
    r = redis.Redis()
    def store(key, value, ttl):
        if ttl:
            r.setex(key, ttl, value)
        else:
            r.set(key, value)
    def store_pipe(key, value, ttl):
        pipe = r.pipeline()
        if ttl > 0:
            pipe.psetex(key, ttl, value)
        else:
            pipe.set(key, value)
        pipe.execute()
    def forever(key, value):
        r.set(key, value)
    """
    assert [line for line, _, _ in messages(code, "RDS201")] == [17]


def test_a_client_returned_through_await_is_handed_out() -> None:
    """aioredlock: `return await aioredis.create_redis_pool(...)`."""
    code = """
    import aioredis
    async def connect(url):
        return await aioredis.create_redis_pool(url)
    """
    assert messages(code, "RDS301") == []


def test_a_client_yielded_by_a_context_manager_is_handed_out() -> None:
    """taskiq-redis: `async with sentinel.master_for(...) as c: yield c`."""
    code = """
    from contextlib import asynccontextmanager
    from redis.asyncio import Redis
    @asynccontextmanager
    async def client(url):
        async with Redis.from_url(url) as conn:
            yield conn
    async def use_once(url):
        async with Redis.from_url(url) as conn:
            await conn.get("a:1")
    """
    assert [line for line, _, _ in messages(code, "RDS301")] == [9]


def test_a_script_command_points_at_its_line_and_column() -> None:
    code = 'import redis\nr = redis.Redis()\nr.eval("""\n  local ks = redis.call(\'KEYS\', ARGV[1])\n  return #ks\n""", 0)\n'
    report = lint(code, select=("RDS101",))
    ((d,),) = [report.diagnostics]
    assert (d.span.line, d.span.col) == (4, 14)
    assert code[d.span.start : d.span.end] == "redis.call('KEYS'"


def test_scripts_that_send_no_keys_or_flush_are_not_flagged() -> None:
    code = """
    import redis
    r = redis.Redis()
    get = r.register_script("return redis.call('GET', KEYS[1])")
    r.eval("return redis.call('SCAN', ARGV[1])", 0)
    notes = {"keys": "redis.call('KEYS', '*') is slow"}
    """
    assert messages(code, "RDS1") == []


def test_aliases_of_this_reach_the_client() -> None:
    """express-redis-cache: `var self = this; self.client.keys(...)`."""
    code = """
    const redis = require("redis");
    function Cache(opts) {
      this.client = redis.createClient(opts);
    }
    Cache.prototype.size = function (cb) {
      var self = this;
      self.client.keys("cache:*", cb);
    };
    class Store {
      constructor() { this.conn = redis.createClient(); }
      all() { const that = this; return that.conn.keys("s:*"); }
    }
    const self = { client: new Map() };
    self.client.keys();
    """
    assert [line for line, _, _ in messages(code, "RDS101", path="app/cache.js")] == [8, 12]


def test_annotated_assignments_say_what_a_name_is_at_every_level() -> None:
    code = """
    from redis import Redis
    from app.factory import make
    store: Redis = make()
    store.keys("a:*")
    class Service:
        def __init__(self):
            self.conn: Redis = make()
        def sweep(self):
            return self.conn.keys("b:*")
    def local():
        r: Redis = make()
        return r.keys("c:*")
    def not_a_client():
        d: dict[str, int] = make()
        return d.keys()
    """
    assert [line for line, _, _ in messages(code, "RDS101")] == [5, 10, 13]


def test_loading_scripts_in_a_loop_is_start_up_work() -> None:
    code = """
    import redis
    r = redis.Redis()
    def register(scripts):
        return [r.script_load(s) for s in scripts]
    """
    assert messages(code, "RDS4") == []


def test_a_script_kept_in_a_name_is_read_where_it_is_written() -> None:
    """channels-redis: the Lua text in a local, then `await connection.eval(delete_prefix, 0, ...)`."""
    code = '''
import redis.asyncio as aioredis
SWEEP = "return redis.call('FLUSHDB')"
conn = aioredis.Redis()
async def flush(prefix):
    delete_prefix = """
        local keys = redis.call('keys', ARGV[1])
        for i=1,#keys,5000 do
            redis.call('del', unpack(keys, i, math.min(i+4999, #keys)))
        end
    """
    await conn.eval(delete_prefix, 0, prefix + "*")
    await conn.eval(SWEEP, 0)
'''
    found = messages(code, "RDS101", "RDS102")
    assert [(line, message.split(" ")[0]) for line, message, _ in found] == [(3, "`FLUSHDB`"), (7, "`KEYS`")]


def test_a_script_loaded_twice_is_one_finding() -> None:
    code = '''
import redis
r = redis.Redis()
RESET = "return redis.call('KEYS', 'lock:*')"
def a():
    return r.register_script(RESET)
def b():
    return r.register_script(RESET)
'''
    assert [line for line, _, _ in messages(code, "RDS101")] == [4]


def test_javascript_advice_is_spelled_for_javascript_clients() -> None:
    code = """
    const Redis = require("ioredis");
    const redis = new Redis();
    async function f() {
      await redis.incr("page:views");
      await redis.get("page:title");
      await redis.get("page:body");
      return redis.smembers("page:tags");
    }
    """
    found = {message.split(" ")[0]: fix for _, message, fix in messages(code, "RDS404", "RDS104", path="app/page.js")}
    fixes = " ".join(found.values())
    # An ioredis file is told ioredis's API only (node-redis's is in tests/test_profiles.py).
    assert "execute()" not in fixes and "pipeline()...exec()" in fixes and "execAsPipeline()" not in fixes
    assert "sscanStream" in fixes and "sScanIterator" not in fixes


def test_commands_gathered_by_asyncio_are_not_one_round_trip_after_another():
    """`asyncio.gather(*(r.set(...) for ...))` runs the commands concurrently (cashews
    does this per cluster slot); a plain comprehension awaits each in turn."""
    report = lint(
        "import asyncio\nimport redis.asyncio as redis\nr = redis.Redis()\n"
        "async def f(items):\n"
        "    await asyncio.gather(*(r.set(k, v, px=5) for k, v in items.items()))\n"
        "    return [await r.get(k) for k in items]\n"
    )
    by_line = {d.span.line: d.message for d in report.diagnostics}
    assert "concurrent" in by_line[5] and "round trip per item" not in by_line[5]
    assert "one round trip per item" in by_line[6]


def test_shutdown_on_a_receiver_known_only_by_its_name_is_a_wrappers_close():
    """redis-smq's `this.redisClient.shutdown(next)` closes its own wrapper; a real client's SHUTDOWN is flagged."""
    wrapper = "class M {\n  stop(next) {\n    this.redisClient.shutdown(next);\n  }\n}\n"
    real = "const Redis = require('ioredis');\nconst redis = new Redis();\nasync function stop() {\n  await redis.shutdown();\n}\n"
    assert [d.code for d in lint(wrapper, path="app/m.js").diagnostics if d.code == "RDS103"] == []
    assert [(d.code, d.span.line) for d in lint(real, path="app/m.js").diagnostics if d.code == "RDS103"] == [("RDS103", 4)]


def test_an_option_the_library_lacks_that_says_expiry_is_a_ttl() -> None:
    """redis-smq's client: `set(key, value, {expire: {mode: 'PX', value}}, cb)`.  A
    wrapper's TTL we cannot read is not "no TTL"; an option that says nothing of expiry is."""
    js = (
        'const { createClient } = require("redis");\nconst redisClient = createClient();\n'
        'redisClient.set("beat:1", "v", { expire: { mode: "PX", value: 5000 } }, () => {});\n'
        'redisClient.set("beat:2", "v", { retries: 3 }, () => {});\n'
        'redisClient.set("beat:3", "v", { throttle: true }, () => {});\n'
        'redisClient.set("beat:4", "v", { expiresIn: 30, keyTtl: 5 }, () => {});\n'
    )
    assert [line for line, _, _ in messages(js, "RDS201", path="app/x.js")] == [4, 5]
    python = 'import redis\nredis_store = redis.Redis()\nredis_store.set("a:1", 1, ttl=60)\nredis_store.set("a:2", 1, ttl=None)\nredis_store.set("a:3", 1, nx=True)\n'
    assert [line for line, _, _ in messages(python, "RDS201", "RDS203")] == [4, 5]


def test_a_write_with_its_own_ttl_then_a_renewing_expire_is_no_race() -> None:
    """node-resque's leader lock: SET ... EX NX, then EXPIRE by the holder to renew it."""
    python = """
    import redis
    r = redis.Redis()
    def hold(me):
        r.set("leader", me, nx=True, ex=30)
        r.expire("leader", 30)
    def count(ip):
        r.incr(f"rate:{ip}")
        r.expire(f"rate:{ip}", 60)
    """
    assert [line for line, _, _ in messages(python, "RDS204")] == [8]


REDIS_DICT = """
from contextlib import contextmanager
from redis import StrictRedis


class RedisDict:
    def __init__(self, redis=None):
        self.redis = redis or StrictRedis()
        self._temp_redis = None

    @contextmanager
    def pipeline(self):
        top_level = False
        if self._temp_redis is None:
            self.redis, self._temp_redis, top_level = self.redis.pipeline(), self.redis, True
        try:
            yield
        finally:
            if top_level:
                _, self._temp_redis, self.redis = self.redis.execute(), None, self._temp_redis
"""


def test_a_wrapper_that_swaps_its_client_for_a_pipeline_batches_its_block() -> None:
    """redis-dict: `with self.pipeline():` sets `self.redis` to a pipeline of itself
    for the block, so a DEL per key in it is one round trip in all."""
    subclass = textwrap.dedent("""
    class PythonRedisDict(RedisDict):
        def clear(self, keys):
            with self.pipeline():
                for key in keys:
                    self.redis.delete(key)
    """)
    assert messages(REDIS_DICT + subclass, "RDS403") == []
    # In another module the attribute is only known to hold a client: the block still batches.
    elsewhere = "from redis_dict.core import RedisDict\n" + subclass
    assert messages(elsewhere, "RDS403", path="redis_dict/python_dict.py") == []


def test_with_pipeline_on_a_client_itself_batches_nothing() -> None:
    """`with r.pipeline():` without `as` throws the pipeline away: r is still a client."""
    code = """
    import redis
    r = redis.Redis()
    def clear(keys):
        with r.pipeline():
            for key in keys:
                r.delete(key)
    """
    assert [line for line, _, _ in messages(code, "RDS403")] == [7]


def test_js_commands_sent_without_waiting_are_no_run_of_round_trips() -> None:
    """Fire-and-forget or callback commands go out one after another without waiting
    for replies: their round trips overlap.  Awaited ones wait, each in turn."""
    code = """
    const Redis = require("ioredis");
    const redis = new Redis();
    function record(id) {
      redis.incr("views:" + id);
      redis.set("last:" + id, Date.now(), "EX", 60);
      redis.sadd("seen", id);
    }
    async function load(id) {
      await redis.get("a:" + id);
      await redis.get("b:" + id);
      await redis.get("c:" + id);
    }
    function each(ids) {
      for (const id of ids) { redis.hgetall("user:" + id); }
    }
    async function eachAwaited(ids) {
      for (const id of ids) { await redis.hgetall("user:" + id); }
    }
    """
    line_of = {text.strip(): n for n, text in enumerate(textwrap.dedent(code).splitlines(), 1)}
    assert [line for line, _, _ in messages(code, "RDS404", path="app/x.js")] == [line_of['await redis.get("a:" + id);']]
    loops = {line: message for line, message, _ in messages(code, "RDS403", path="app/x.js")}
    assert "concurrent calls share round trips" in loops[line_of['for (const id of ids) { redis.hgetall("user:" + id); }']]
    assert "one round trip per item" in loops[line_of['for (const id of ids) { await redis.hgetall("user:" + id); }']]
