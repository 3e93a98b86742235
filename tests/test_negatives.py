"""Must-not-flag cases for each rule, taken from shapes seen in real code."""

from __future__ import annotations

import pytest

from tests.helpers import codes_at

HEAD = "import redis\nr = redis.Redis()\n"

CLEAN = {
    # RDS1xx
    "scan_iter": "for k in r.scan_iter(match='a:*'):\n    pass\n",
    "flush in conftest": ("def teardown():\n    r.flushdb()\n", "tests/conftest.py"),
    "zrange bounded": "x = r.zrange('board:top', 0, 9)\n",
    # RDS2xx
    "set positional ttl": "def f(k, v, ttl):\n    r.set(f'cache:{k}', v, ttl)\n",
    "set px": "def f(k, v):\n    r.set(f'cache:{k}', v, px=500)\n",
    "set keepttl": "def f(k, v):\n    r.set(f'cache:{k}', v, keepttl=True)\n",
    "set ex attribute": "class C:\n    ttl = 5\n    def f(self, k, v):\n        r.set(f'cache:{k}', v, ex=self.ttl)\n",
    "set kwargs": "def f(k, v, **kw):\n    r.set(f'cache:{k}', v, **kw)\n",
    "setex": "def f(k, v):\n    r.setex(f'cache:{k}', 60, v)\n",
    "hset on permanent key": "def f(uid, name):\n    r.hset(f'user:{uid}', 'name', name)\n",
    "lock with ex": "def f(k):\n    return r.set(f'lock:{k}', 1, nx=True, ex=10)\n",
    "lock with px": "def f(k):\n    return r.set(f'lock:{k}', 1, nx=True, px=10000)\n",
    "expire in pipeline": "def f(k):\n    with r.pipeline() as p:\n        p.incr(k)\n        p.expire(k, 60)\n        p.execute()\n",
    # RDS3xx
    "client in __init__": "class Store:\n    def __init__(self, url):\n        self.r = redis.Redis.from_url(url)\n",
    "factory returns": "def make(url):\n    client = redis.Redis.from_url(url)\n    client.ping()\n    return client\n",
    "singleton": "_c = None\ndef get():\n    global _c\n    if _c is None:\n        _c = redis.Redis()\n    return _c\n",
    "shared pool per request": "pool = redis.ConnectionPool(max_connections=10)\ndef view(request):\n    return redis.Redis(connection_pool=pool).get('a:b')\n",
    "script main": "def main():\n    c = redis.Redis()\n    c.set('a:b', 1, ex=5)\n",
    "passed on": "def start(app):\n    c = redis.Redis()\n    app.register(c)\n",
    "pool with limit": "p = redis.ConnectionPool(max_connections=5)\n",
    "password from env": "import os\nc = redis.Redis(password=os.getenv('REDIS_PASSWORD'))\n",
    "password in test": ("c = redis.Redis(password='secret')\n", "tests/test_x.py"),
    "url without password": "c = redis.from_url('redis://cache:6379/0')\n",
    "max retries is not retry-disabled": "from redis.retry import Retry\nfrom redis.backoff import ExponentialBackoff\nc = redis.Redis(retry=Retry(ExponentialBackoff(), 5))\n",
    # RDS4xx
    "receiver per item": "def f(nodes, k):\n    return [n.get(k) for n in nodes]\n",
    "cluster nodes": "def f(clients, k):\n    for c in clients:\n        c.delete(k)\n",
    "delete chunks": "def f(chunks):\n    for chunk in chunks:\n        r.delete(*chunk)\n",
    "mget chunks": "def f(chunks):\n    return [r.mget(chunk) for chunk in chunks]\n",
    "blocking worker": "def work():\n    while True:\n        item = r.blpop('queue:a', 5)\n        r.incr('stats:done')\n",
    "polling loop": "import time\ndef poll():\n    while True:\n        if r.get('flag:stop'):\n            break\n        time.sleep(1)\n",
    "scan cursor": "def f():\n    cursor = 0\n    while True:\n        cursor, keys = r.scan(cursor)\n        for k in keys:\n            pass\n        if not cursor:\n            break\n",
    "hscan cursor": "def f(h):\n    cursor = '0'\n    while cursor != 0:\n        cursor, data = r.hscan(h, cursor)\n        r.hdel(h, *data)\n",
    "retry loop": "def f(k):\n    for _ in range(3):\n        try:\n            return r.get(k)\n        except redis.ConnectionError:\n            pass\n",
    "two commands": "def f(a, b):\n    r.set(a, 1, ex=9)\n    r.set(b, 2, ex=9)\n",
    "dependent run": "def f(a):\n    v = r.get(a)\n    r.set(v, 1, ex=5)\n    w = r.get(v)\n    r.set(w, 2, ex=5)\n",
    # RDS5xx
    "namespace prefix": "def f(prefix, uid):\n    return r.get('%s:%s' % (prefix, uid))\n",
    "prefix joined": "PREFIX = 'app:'\ndef f(uid):\n    return r.get(PREFIX + 'user:' + uid)\n",
    "plain lower word": "r.incr('page_views')\n",
    "hash tag": "r.get('{user1000}.following')\n",
    "dynamic": "def f(key):\n    return r.get(key)\n",
    "channel is no key": "r.publish('userEvents', 'x')\n",
    # RDS7xx
    "async client in async": "import redis.asyncio as a\nar = a.Redis()\nasync def f():\n    return await ar.get('a:b')\n",
    "sync in thread": "import asyncio\nasync def f():\n    return await asyncio.to_thread(lambda: r.get('a:b'))\n",
    "gathered": "import asyncio, redis.asyncio as a\nar = a.Redis()\nasync def f(ks):\n    return await asyncio.gather(ar.get(ks[0]), ar.get(ks[1]))\n",
    "task": "import asyncio, redis.asyncio as a\nar = a.Redis()\nasync def f():\n    asyncio.create_task(ar.incr('a:b'))\n",
    "awaitable returned from sync def": "import redis.asyncio as a\nar = a.Redis()\ndef f():\n    return ar.get('a:b')\n",
}


def _case(value):
    return value if isinstance(value, tuple) else (value, "app/service.py")


@pytest.mark.parametrize("case", CLEAN.values(), ids=CLEAN.keys())
def test_not_flagged(case):
    source, path = _case(case)
    select = tuple(code for code in ("RDS1", "RDS2", "RDS3", "RDS4", "RDS5", "RDS7"))
    assert codes_at(HEAD + source, path=path, select=select, ignore=("RDS304",)) == []


# Reproductions from the survey of real packages (rq, dramatiq, kombu, arq,
# django-rq, redis-py, cacheops): each was a false positive once.
SURVEY = {
    "sentinel client returned": "from redis.sentinel import Sentinel\ndef make(hosts):\n    sentinel = Sentinel(hosts, socket_timeout=1)\n    master = sentinel.master_for('m')\n    return master\n",
    "pool of a sentinel client returned": "from redis.sentinel import Sentinel\ndef make_pool(hosts):\n    return Sentinel(hosts).master_for('m', redis.Redis).connection_pool\n",
    "client or Redis()": "class Broker:\n    def __init__(self, client=None, **parameters):\n        self.client = client or redis.Redis(**parameters)\n",
    "shard clients kept": "class Shards:\n    def __init__(self, hosts):\n        self.nodes = [redis.Redis(host=h, socket_timeout=5) for h in hosts]\n",
    "django get_redis_connection in a view": "from django_redis import get_redis_connection\ndef counter_view(request):\n    conn = get_redis_connection('default')\n    return conn.incr('stats:hits')\n",
    "maybe pipeline pair": "class Result:\n    def __init__(self):\n        self.redis = redis.Redis()\n    def save(self, key, ttl, pipe=None):\n        conn = pipe if pipe is not None else self.redis\n        conn.incr(key)\n        conn.expire(key, ttl)\n",
    "positional socket_timeout": ("c = redis.Redis('h', 6379, 0, None, 5)\n", "RDS304"),
    "first match wins": "def pop_any(keys):\n    for k in keys:\n        blob = r.lpop(k)\n        if blob is not None:\n            return k, blob\n",
    "from_url with a URL from settings": "def make(url):\n    return redis.ConnectionPool.from_url(url)\n",
}


@pytest.mark.parametrize("case", SURVEY.values(), ids=SURVEY.keys())
def test_survey_false_positives_stay_fixed(case):
    source, only = case if isinstance(case, tuple) else (case, None)
    head = "import redis\n" if only else HEAD  # RDS304 alone: without the unconfigured `r`
    if only:
        assert codes_at(head + source, select=(only,)) == []
    else:
        assert codes_at(HEAD + source, select=("RDS",), ignore=("RDS304",)) == []


SURVEY_MISSED = {
    "imported client-like name": ("from somewhere import redis_client\ndef f():\n    redis_client.flushdb()\n", "RDS102"),
    "relative import of a project module named redis": ("from .redis import redis_client\ndef f():\n    return redis_client.keys('a*')\n", "RDS101"),
    "subclass of the client": ("import redis.asyncio\nclass ArqRedis(redis.asyncio.Redis):\n    async def all_jobs(self):\n        return await self.keys('arq:job:*')\n", "RDS101"),
    "instance of a subclass": ("import redis\nclass Database(redis.Redis):\n    pass\ndb = Database()\nx = db.keys('a:*')\n", "RDS101"),
    "raw MSET with splat": ("def f(pairs):\n    r.execute_command('MSET', *pairs)\n", "RDS201"),
    "positional password": ("c = redis.Redis('h', 6379, 0, 's3cret')\n", "RDS305"),
}


@pytest.mark.parametrize(("source", "code"), SURVEY_MISSED.values(), ids=SURVEY_MISSED.keys())
def test_survey_false_negatives_stay_fixed(source, code):
    assert code in [c for c, _ in codes_at(HEAD + source, select=(code,))]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("def f(k, v):\n    r.set(k, v, 60)\n", []),  # ex by position
        ("def f(k, v):\n    r.set(k, v, None, 500)\n", []),  # px by position
        ("def f(k, v):\n    return r.set(k, v, None, None, True)\n", [("RDS203", 4)]),  # nx by position
        ("def f(k, v):\n    r.execute_command('SET', k, v, 'EX', 60)\n", []),
        ("def f(k, v):\n    r.execute_command('SET', k, v, 'NX')\n", [("RDS203", 4)]),
    ],
)
def test_set_options_by_position_and_by_word(source, expected):
    assert codes_at(HEAD + source, select=("RDS2",)) == expected


def test_a_set_without_ttl_beside_the_same_set_with_one_is_a_decision():
    source = "def f(k, v, ttl=None):\n    if ttl:\n        r.set(k, v, ex=ttl)\n    else:\n        r.set(k, v)\n"
    assert codes_at(HEAD + source, select=("RDS201",)) == []


# From a survey of application code (litellm, open-webui): each was a false positive once.
def test_a_factory_in_another_module_keeps_its_asyncio_flavour(project):
    project.write("pkg/__init__.py", "")
    project.write("pkg/factory.py", "from redis.asyncio import Redis\ndef make_async():\n    return Redis(host='x', socket_timeout=5)\n")
    project.write("pkg/use.py", "from .factory import make_async\nasync def handler(key):\n    client = make_async()\n    client.set(key, 1, ex=5)\n    return await client.get(key)\n")
    _, lines = project.concise("--select", "RDS7")
    assert [line.split(": ")[1].split()[0] for line in lines] == ["RDS702"]  # the missing await, no RDS701


APPS = {
    "early return before the expire": "import redis.asyncio as aioredis\nasync def incr(r: aioredis.Redis, key, ttl):\n    if ttl is None:\n        return await r.incrbyfloat(key, 1.0)\n    async with r.pipeline(transaction=False) as pipe:\n        pipe.incrbyfloat(key, 1.0)\n        pipe.ttl(key)\n        result, current = await pipe.execute()\n    if current == -1:\n        await r.expire(key, ttl)\n    return float(result)\n",
    "a local dict class named like redis": "from collections import OrderedDict\nclass LimitedDict(OrderedDict):\n    pass\nclass DualCache:\n    def __init__(self):\n        self.last_redis_access = LimitedDict()\n    def reserve(self, keys):\n        for key in keys:\n            x = self.last_redis_access.get(key)\n",
    "async for over scan_iter": "import redis.asyncio as a\nar = a.Redis()\nasync def f():\n    async for k in ar.scan_iter(match='a:*'):\n        print(k)\n",
    "sync pipeline buffering in async def": "async def f(keys):\n    pipe = r.pipeline()\n    pipe.incr('a:b')\n    return pipe\n",
}


@pytest.mark.parametrize("source", APPS.values(), ids=APPS.keys())
def test_application_false_positives_stay_fixed(source):
    assert codes_at(HEAD + source, select=("RDS2", "RDS4", "RDS7")) == []


@pytest.mark.parametrize(
    ("source", "path", "expected"),
    [
        ("from redis.retry import Retry\nfrom redis.backoff import NoBackoff\nc = redis.Redis(retry=Retry(NoBackoff(), retries=0))\n", "app/a.py", [("RDS303", 3)]),
        ("from redis.retry import Retry\nfrom redis.backoff import NoBackoff\nc = redis.Redis(retry=Retry(NoBackoff(), 2))\n", "app/a.py", []),
        # a multi-line strategy that never returns a delay (a regex over its text missed it)
        ("const Redis = require('ioredis');\nconst r = new Redis({\n  retryStrategy(times) {\n    log(times);\n    return null;\n  },\n});\n", "app/a.js", [("RDS303", 2)]),
        ("const Redis = require('ioredis');\nconst r = new Redis({\n  retryStrategy: function (times) {\n    if (times > 5) { return null; }\n    return Math.min(times * 50, 2000);\n  },\n});\n", "app/a.js", []),
    ],
)
def test_retry_disabled_reads_facts_not_text(source, path, expected):
    head = HEAD if path.endswith(".py") else ""
    shift = 2 if head else 0
    assert codes_at(head + source, path=path, select=("RDS303",)) == [(c, line + shift) for c, line in expected]
