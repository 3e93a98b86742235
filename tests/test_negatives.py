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
