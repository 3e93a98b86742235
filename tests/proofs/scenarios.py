"""The data and calls each fix example is proven on (tests/test_fix_proofs.py).

Keyed by rule and a piece of the example's code that tells it apart.  Each
proof includes the edge cases that break naive fixes where they apply: no
keys at all, a missing key, many keys (more than one batch or SCAN page),
and many keys that do not match (SCAN returns empty pages)."""

from __future__ import annotations

from tests.proofs.harness import Case, Proof

Seed = tuple[tuple[str, ...], ...]


def strings(*names: str, ttl: int | None = None) -> Seed:
    return tuple(("SET", n, f"v-{n}", *(("EX", str(ttl)) if ttl else ())) for n in names)


def many(prefix: str, count: int) -> Seed:
    """`count` keys in one MSET (a seed of thousands stays one command)."""
    pairs = [part for i in range(count) for part in (f"{prefix}{i}", str(i))]
    return (("MSET", *pairs),)


SESSIONS = strings("session:1", "session:2", "session:3", "other:1")
# Few matches among many keys: most SCAN pages of a pattern come back empty.
SPARSE = many("noise:", 3000) + strings("session:9")

PROOFS: dict[tuple[str, str], Proof] = {
    ("RDS101", 'stale = r.keys("session:*")'): Proof(
        (Case((), SESSIONS), Case(()), Case((), SPARSE)), "order"),
    ("RDS101", 'for key in r.keys("cache:*")'): Proof(
        (Case((), strings("cache:a", "cache:b", "x")), Case(()), Case((), many("noise:", 2000))), "order"),
    ("RDS104", 'fields = r.hkeys("user:1:settings")'): Proof(
        (Case((), (("HSET", "user:1:settings", "theme", "dark", "lang", "en"),)), Case(()),
         Case((), (("HSET", "user:1:settings", *[f"f{i}" for i in range(600) for _ in (0, 1)]),))), "order"),
    ("RDS104", "return r.smembers(f\"user:{uid}:roles\")"): Proof(
        (Case(("snapshot(1)", "snapshot(2)"), (("SADD", "user:1:roles", "admin", "dev"), ("HSET", "user:1:profile", "name", "Ada"))),
         Case(("snapshot(3)",), (("SADD", "user:3:roles", *[f"r{i}" for i in range(700)]),
                                 ("HSET", "user:3:profile", *[f"f{i}" for i in range(700) for _ in (0, 1)])))), "none"),
    ("RDS201", "def cache_profile(uid, body):\n    r.set("): Proof(
        (Case(("cache_profile(7, 'body')", "cache_profile(7, 'again')")),), "ttl-added"),
    ("RDS202", 'r.hset(f"session:{sid}", mapping={"user": user})'): Proof(
        (Case(("login('s1', 'ada')", "login('s1', 'bob')")), Case(("login('s2', 'ada')",), strings("session:s2"))), "ttl-added"),
    ("RDS202", 'count = r.incr(f"rate_limit:{ip}")'): Proof(
        (Case(("hit('1.2.3.4')", "hit('1.2.3.4')")), Case(("hit('x')",), (("SET", "rate_limit:x", "100"),)),
         Case(("hit('y')",), strings("rate_limit:y"))), "ttl-added"),
    ("RDS203", "return r.set(f\"lock:{name}\", token, nx=True)"): Proof(
        (Case(("acquire('report', 't1')", "acquire('report', 't2')")),
         Case(("acquire('report', 't1')",), strings("lock:report"))), "ttl-added"),
    ("RDS203", 'with r.lock("lock:nightly-report", blocking_timeout=5)'): Proof(
        (Case(("nightly_report()",), inject={"build_report": "lambda: r.incr('reports:built')"}),), "ttl-added"),
    ("RDS204", "def remember(key, value):"): Proof(
        (Case(("remember('k', 'v')", "remember('k', 'w')")), Case(("remember('k', 'v')",), strings("k", ttl=999))), "none"),
    ("RDS301", "def get_count(name):\n    r = redis.Redis()"): Proof(
        (Case(("get_count('a')", "get_count('b')"), strings("count:a")),), "none"),
    ("RDS302", 'pool = redis.ConnectionPool(host="cache.internal", port=6379)'): Proof((Case(()),), "none"),
    ("RDS302", "pool = redis.ConnectionPool()\n"): Proof(
        (Case(("visit('home')", "visit('home')", "visit('about')")), Case(("visit('x')",), strings("visits:x"))), "none"),
    ("RDS303", 'retry=Retry(NoBackoff(), 0)'): Proof((Case(()),), "none"),
    ("RDS303", "retry=Retry(ExponentialBackoff(), retries=0)"): Proof(
        (Case(("visits('a')", "visits('a')")), Case(("visits('b')",), strings("visits:b"))), "none"),
    ("RDS304", 'r = redis.Redis(host="cache.internal")'): Proof((Case(()),), "none"),
    ("RDS304", 'redis.from_url("redis://localhost:6379/0")'): Proof(
        (Case(("remember('k', 'v')", "r.get('k')")),), "none"),
    ("RDS305", 'password="s3cr3t-Pa55"'): Proof(
        (Case(("r.connection_pool.connection_kwargs['password']", "q.connection_pool.connection_kwargs['password']"),
              env={"REDIS_PASSWORD": "s3cr3t-Pa55", "REDIS_URL": "rediss://app:s3cr3t-Pa55@cache.internal:6380/0"}),), "none"),
    ("RDS401", 'return [r.get(f"user:{uid}:profile") for uid in ids]'): Proof(
        (Case(("profiles([1, 2, 3])",), strings("user:1:profile", "user:3:profile")),
         Case(("profiles([])",)), Case(("profiles(iter([1, 2]))", "profiles(x for x in [])"), strings("user:2:profile"))), "none"),
    ("RDS401", 'found[uid] = r.get(f"user:{uid}:name")'): Proof(
        (Case(("names([1, 2, 3])", "names([])", "names(iter([1, 2]))", "names(x for x in [])"),
              strings("user:1:name", "user:3:name")),
         Case(("names(range(1200))",), many("user:", 5))), "none"),
    ("RDS402", 'r.set(f"cache:product:{p.id}", p.json, ex=600)'): Proof(
        (Case(("warm([P(1, 'a'), P(2, 'b')])", "warm([])", "warm(iter([P(1, 'c')]))"),
              inject={"P": "__import__('collections').namedtuple('P', 'id json')"}),), "none"),
    ("RDS403", 'r.sadd(f"tag:{tag}:posts", pid)'): Proof(
        (Case(("tag([1, 2, 2], 'x')", "tag([], 'y')", "tag(iter([3]), 'x')")),
         Case(("tag([1], 'x')",), strings("tag:x:posts"))), "none"),
    ("RDS403", "for k in keys: r.delete(k)"): Proof(
        (Case(("forget(['a', 'b', 'missing'])",), strings("a", "b", "c")),
         Case(("forget([])", "forget(set())", "forget(iter([]))"), strings("a")),
         Case(("forget(iter(['a']))", "forget({'b'})", "forget(k for k in ['c'])"), strings("a", "b", "c", "d")),
         Case(("forget([f'n:{i}' for i in range(1200)])",), many("n:", 1500))), "none"),
    ("RDS403", "for key in r.keys(f\"session:{user_id}:*\")"): Proof(
        (Case(("end_sessions(1)",), strings("session:1:a", "session:1:b", "session:2:a")),
         Case(("end_sessions(1)",)), Case(("end_sessions(9)",), many("session:1:", 100)),
         Case(("end_sessions(1)",), many("noise:", 3000) + strings("session:1:z")),
         Case(("end_sessions(1)",), many("session:1:", 1700))), "none"),
    ("RDS404", 'r.incr(f"page_views:{page}")'): Proof(
        (Case(("track('home')", "track('home')")), Case(("track('a')",), strings("pages:seen"))), "none"),
    ("RDS404", 'name = r.get(f"user:{uid}:name")'): Proof(
        (Case(("load(1)", "load(2)"), strings("user:1:name") + (("HSET", "user:1:prefs", "theme", "dark"),)),
         Case(("load(1)",), (("SET", "stats:loads", "not a number"),))), "none"),
    ("RDS501", 'return r.get(f"user{uid}")'): Proof(
        (Case(("profile(1)", "profile(2)"), (("SET", "user1", "Ada"),), seed_after=(("SET", "user:1", "Ada"),)),), "keys-renamed"),
    ("RDS502", 'r.get("cache:featuredProducts")'): Proof(
        (Case((), (("SET", "cache:featuredProducts", "[1, 2]"),), seed_after=(("SET", "cache:featured_products", "[1, 2]"),)),),
        "keys-renamed"),
    ("RDS602", 'return r.lpop("queue:jobs")'): Proof(
        (Case(("enqueue('a')", "enqueue('b')", "next_job()", "enqueue('c')", "next_job()", "next_job()", "next_job()")),), "fifo"),
    ("RDS605", "count += 1"): Proof(
        (Case(("like(1)", "like(1)", "like(2)"), (("SET", "post:2:likes", "41"),)),), "none"),
    ("RDS605", "total += points"): Proof(
        (Case(("award(1, 5)", "award(1, -2)", "award(2, 0)"), (("SET", "points:1", "10"),)),), "none"),
    ("RDS702", 'async def touch(uid):\n    r.set(f"seen:{uid}", 1, ex=60)'): Proof(
        (Case(("touch(5)",)),), "now-written"),
}


JS = "javascript"
JS_PROOFS: dict[tuple[str, str], Proof] = {
    ("RDS101", "const keys = await redis.keys('session:*');"): Proof(
        (Case(("clearSessions()", "redis.disconnect()"), SESSIONS, language=JS), Case(("clearSessions()", "redis.disconnect()"), language=JS),
         Case(("clearSessions()", "redis.disconnect()"), SPARSE, language=JS)), "none"),
    ("RDS202", "await redis.sadd(`session:${id}:pages`, page);"): Proof(
        (Case(("track(1, '/a')", "track(1, '/b')", "redis.disconnect()"), language=JS),), "ttl-added"),
    ("RDS605", "const current = Number(await redis.get(`points:${id}`));"): Proof(
        (Case(("addPoints(1, 5)", "addPoints(1, 2)", "addPoints(2, 0)", "redis.get('points:1')", "redis.disconnect()"),
              (("SET", "points:2", "40"),), language=JS),), "none"),
    ("RDS104", "const roles = await redis.smembers(`user:${id}:roles`);"): Proof(
        (Case(("load(1)", "load(2)", "redis.disconnect()"), (("SADD", "user:1:roles", "admin", "dev"), ("HSET", "user:1:profile", "name", "Ada")), language=JS),
         Case(("load(3)", "redis.disconnect()"), (("SADD", "user:3:roles", *[f"r{i}" for i in range(700)]),
                                                  ("HSET", "user:3:profile", *[f"f{i}" for i in range(700) for _ in (0, 1)])), language=JS)), "none"),
    ("RDS402", "async function save(users)"): Proof(
        (Case(("save([{ id: 1 }, { id: 2 }])", "save([])", "redis.disconnect()"), language=JS),), "none"),
    ("RDS403", "async function clear(keys)"): Proof(
        (Case(("clear(['a', 'b', 'missing'])", "clear([])", "redis.disconnect()"), strings("a", "b", "c"), language=JS),), "none"),
    ("RDS404", "await redis.incr(`views:${page}`);"): Proof(
        (Case(("pageView('home')", "pageView('home')", "redis.disconnect()"), language=JS),), "none"),
    ("RDS201", "async function cacheUser(user)"): Proof(
        (Case(("cacheUser({ id: 1, name: 'Ada' })", "redis.get('user:1')"), language=JS),), "ttl-added"),
    ("RDS303", "retryStrategy: () => null"): Proof(
        (Case(("redis.get('k')", "redis.disconnect()"), strings("k"), env={"REDIS_HOST": "localhost"}, language=JS),), "none"),
    ("RDS602", "return redis.lpop('queue:jobs')"): Proof(
        (Case(("enqueue({ id: 1 })", "enqueue({ id: 2 })", "next()", "next()", "next()", "redis.disconnect()"), language=JS),), "fifo"),
    ("RDS305", "password: 'hunter2'"): Proof(
        (Case(("redis.options.password", "redis.disconnect()"), env={"REDIS_PASSWORD": "hunter2"}, language=JS),), "none"),
    ("RDS502", "return redis.get('cache:featuredProducts')"): Proof(
        (Case(("featured()", "redis.disconnect()"), (("SET", "cache:featuredProducts", "[1]"),),
              seed_after=(("SET", "cache:featured_products", "[1]"),), language=JS),), "keys-renamed"),
    ("RDS401", "return Promise.all(ids.map((id) => redis.get(`user:${id}`)));"): Proof(
        (Case(("users([1, 2, 3])", "users([])", "users([2, 2])", "redis.disconnect()"), strings("user:1", "user:2"), language=JS),), "none"),
    ("RDS401", "out.push(await redis.get(`user:${id}:name`));"): Proof(
        (Case(("names([1, 9, 2])", "names([])", "names(new Set([2, 1]))", "names((function* () { yield 1; })())", "redis.disconnect()"),
              strings("user:1:name", "user:2:name"), language=JS),), "none"),
    ("RDS301", "async function showVisits(req, res)"): Proof(
        (Case(("showVisits({}, { json: (body) => console.log(JSON.stringify(body)) })",
               "showVisits({}, { json: (body) => console.log(JSON.stringify(body)) })"), strings("other"), language=JS),
         Case(("showVisits({}, { json: (body) => console.log(JSON.stringify(body)) })",), (("SET", "visits:home", "41"),), language=JS)),
        "none"),
    ("RDS501", "return redis.get(`user${id}`)"): Proof(
        (Case(("load(1)", "load(2)"), (("SET", "user1", "Ada"),), seed_after=(("SET", "user:1", "Ada"),), language=JS),),
        "keys-renamed"),
}


def proof_for(code: str, example_code: str) -> Proof | None:
    found = [p for (c, marker), p in (*PROOFS.items(), *JS_PROOFS.items()) if c == code and marker in example_code]
    return found[0] if len(found) == 1 else None


# Fixes proven beyond the rule examples: the edge cases that break naive fixes.
# (rule, code): the code is fixed with that rule selected and --unsafe-fixes.
FIX_TESTS: dict[tuple[str, str], Proof] = {
    # HMGET with no fields is an error (measured): an empty list must still give [] / {}.
    ("RDS401", "import redis\nr = redis.Redis()\n\ndef prefs(uid, names):\n    return [r.hget(f'user:{uid}', n) for n in names]\n"): Proof(
        (Case(("prefs(1, ['a', 'b', 'x'])", "prefs(1, [])", "prefs(1, iter([]))", "prefs(1, iter(['a']))"),
              (("HSET", "user:1", "a", "1", "b", "2"),)),), "none"),
    ("RDS401", "import redis\nr = redis.Redis()\n\ndef prefs(uid, names):\n    return {n: r.hget(f'user:{uid}', n) for n in names}\n"): Proof(
        (Case(("prefs(1, ['a', 'x'])", "prefs(1, [])", "prefs(1, (n for n in ['a', 'b']))"), (("HSET", "user:1", "a", "1", "b", "2"),)),), "none"),
    # A KEYS loop that deletes: every matched key goes, none of the others, whatever the page sizes.
    ("RDS403", "import redis\nr = redis.Redis()\n\ndef purge():\n    for key in r.scan_iter(match='tmp:*'):\n        r.delete(key)\n"): Proof(
        (Case(("purge()",), many("tmp:", 1234) + many("keep:", 2000)), Case(("purge()",)), Case(("purge()",), many("keep:", 3000))), "none"),
    # The loop's item read after the loop: the pipelined loop keeps it bound.
    ("RDS403", "import redis\nr = redis.Redis()\n\ndef forget(ks):\n    for k in ks:\n        r.delete(k)\n    return k\n"): Proof(
        (Case(("forget(['a', 'b'])",), strings("a", "b", "c")), Case(("forget([])",))), "none"),
    # Results used after the loop, and a loop that is empty.
    ("RDS401", "import redis\nr = redis.Redis()\n\ndef total(ids):\n    n = 0\n    for i in ids:\n        n += int(r.get(f'c:{i}') or 0)\n    return n\n"): Proof(
        (Case(("total([1, 2, 3])", "total([])", "total(range(800))"), (("SET", "c:1", "4"), ("SET", "c:3", "5"))),), "none"),
    # A pipelined run whose middle command fails: the same exception, the same keys.
    ("RDS404", "import redis\nr = redis.Redis()\n\ndef go():\n    a = r.get('a')\n    r.incr('b')\n    c = r.get('c')\n    return a, c\n"): Proof(
        (Case(("go()",), strings("a", "c")), Case(("go()",))), "none"),
}
