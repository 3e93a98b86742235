"""Which receivers are Redis clients.  Precision lives here: a finding on a
dict's `.keys()` or a Django cache's `.get()` is a bug."""

from __future__ import annotations

import pytest

from tests.helpers import codes_at

# Each snippet calls `.keys()` (RDS101) on something that is NOT a Redis client.
NOT_CLIENTS = {
    "dict": "d = {'a': 1}\nfor k in d.keys():\n    pass\n",
    "django cache": "from django.core.cache import cache\nx = cache.keys('a*')\n",
    "django caches[]": "from django.core.cache import caches\nx = caches['default'].keys('a*')\n",
    "requests headers": "import requests\nr = requests.get('http://x')\nx = r.headers.keys()\n",
    "memcache": "import memcache\nmc = memcache.Client(['127.0.0.1:11211'])\nx = mc.keys()\n",
    "aiocache RedisCache": "from aiocache import RedisCache\nredis_cache = RedisCache()\nasync def f():\n    return await redis_cache.keys()\n",
    "redis config dict": "REDIS_CONFIG = {'host': 'x'}\nx = REDIS_CONFIG.keys()\n",
    "redis settings param": "def f(redis_settings):\n    return redis_settings.keys()\n",
    "redis listeners": "class A:\n    def __init__(self):\n        self.redis_listeners = {}\n    def f(self):\n        return self.redis_listeners.keys()\n",
    "redis module": "import redis\nx = redis.keys()\n",
    "typed str param": "def f(redis_url: str):\n    return redis_url.keys()\n",
    "os.environ": "import os\nx = os.environ.keys()\n",
    "pandas-like": "import pandas as pd\ndf = pd.DataFrame()\nx = df.keys()\n",
    "redis_keys list": "redis_keys = ['a']\nx = redis_keys.keys()\n",
    "django RedisCache backend": "from django_redis.cache import RedisCache\ndef f(cache: RedisCache):\n    return cache.keys('a*')\n",
}

# `.get()` / `.set()` that are not Redis either (RDS201, RDS401, RDS501 would fire on Redis).
NOT_CLIENTS_GET = {
    "django cache in loop": "from django.core.cache import cache\ndef f(ids):\n    return [cache.get(f'u{i}') for i in ids]\n",
    "requests in loop": "import requests\ndef f(urls):\n    return [requests.get(u) for u in urls]\n",
    "dict get in loop": "def f(d, ids):\n    return [d.get(f'u{i}') for i in ids]\n",
    "redis_conf.get": "def f(redis_conf, ids):\n    return [redis_conf.get(f'u{i}') for i in ids]\n",
    "get with default": "def f(redis_data, ids):\n    return [redis_data.get(i, None) for i in ids]\n",
    "session.set": "def f(session, ids):\n    for i in ids:\n        session.set(f'u{i}', 1)\n",
}


@pytest.mark.parametrize("source", NOT_CLIENTS.values(), ids=NOT_CLIENTS.keys())
def test_keys_on_non_clients_is_not_flagged(source):
    assert codes_at(source) == []


@pytest.mark.parametrize("source", NOT_CLIENTS_GET.values(), ids=NOT_CLIENTS_GET.keys())
def test_get_set_on_non_clients_is_not_flagged(source):
    assert codes_at(source) == []


# Each snippet calls `.keys()` on a Redis client, however it got there.
CLIENTS = {
    "module client": "import redis\nr = redis.Redis()\nx = r.keys('a*')\n",
    "StrictRedis": "import redis\nr = redis.StrictRedis(host='h')\nx = r.keys('a*')\n",
    "from import alias": "from redis import Redis as R\nr = R()\nx = r.keys('a*')\n",
    "from_url": "import redis\nr = redis.from_url('redis://h')\nx = r.keys('a*')\n",
    "Redis.from_url": "from redis import Redis\nr = Redis.from_url('redis://h')\nx = r.keys('a*')\n",
    "asyncio": "import redis.asyncio as aioredis\nr = aioredis.Redis()\nasync def f():\n    return await r.keys('a*')\n",
    "from redis import asyncio": "from redis import asyncio as aioredis\nr = aioredis.from_url('redis://h')\nasync def f():\n    return await r.keys('a*')\n",
    "cluster": "from redis.cluster import RedisCluster\nr = RedisCluster(host='h')\nx = r.keys('a*')\n",
    "valkey": "import valkey\nr = valkey.Valkey()\nx = r.keys('a*')\n",
    "fakeredis": "import fakeredis\nr = fakeredis.FakeRedis()\nx = r.keys('a*')\n",
    "sentinel master_for": "from redis.sentinel import Sentinel\ns = Sentinel([('h', 1)])\nm = s.master_for('mymaster')\nx = m.keys('a*')\n",
    "django_redis": "from django_redis import get_redis_connection\ndef f():\n    return get_redis_connection('default').keys('a*')\n",
    "django-redis raw client": "from django.core.cache import cache\ndef f():\n    c = cache.client.get_client()\n    return c.keys('a*')\n",
    "self attribute": "import redis\nclass S:\n    def __init__(self):\n        self.store = redis.Redis()\n    def f(self):\n        return self.store.keys('a*')\n",
    "annotated param": "import redis\ndef f(conn: redis.Redis):\n    return conn.keys('a*')\n",
    "Optional string annotation": "from typing import Optional\nfrom redis import Redis\ndef f(conn: Optional['Redis'] = None):\n    return conn.keys('a*')\n",
    "union annotation": "from redis import Redis\ndef f(conn: Redis | None):\n    return conn.keys('a*')\n",
    "asyncio annotation": "import redis.asyncio\nasync def f(conn: redis.asyncio.Redis):\n    return await conn.keys('a*')\n",
    "factory": "import redis\ndef get_redis():\n    return redis.Redis()\ndef f():\n    client = get_redis()\n    return client.keys('a*')\n",
    "app.state attribute": "import redis\nclass App: pass\napp = App()\napp.state = App()\napp.state.cache = redis.Redis()\ndef f():\n    return app.state.cache.keys('a*')\n",
    "name pattern": "def f(redis_conn):\n    return redis_conn.keys('a*')\n",
    "name pattern call": "class S:\n    def f(self):\n        return self.redis().keys('a*')\n",
    "execute_command": "import redis\nr = redis.Redis()\nx = r.execute_command('KEYS', 'a*')\n",
    "class field annotation": "from redis import Redis\nclass S:\n    conn: Redis\n    def f(self):\n        return self.conn.keys('a*')\n",
    "cached_property": "import functools, redis\nclass S:\n    @functools.cached_property\n    def conn(self):\n        return redis.Redis()\n    def f(self):\n        return self.conn.keys('a*')\n",
    "init param typed": "from redis import Redis\nclass S:\n    def __init__(self, conn: Redis):\n        self.conn = conn\n    def f(self):\n        return self.conn.keys('a*')\n",
}


@pytest.mark.parametrize("source", CLIENTS.values(), ids=CLIENTS.keys())
def test_keys_on_clients_is_flagged(source):
    assert [c for c, _ in codes_at(source, select=("RDS101",))] == ["RDS101"]


PIPELINES = {
    "with pipeline": "import redis\nr = redis.Redis()\ndef f(ids):\n    with r.pipeline() as p:\n        for i in ids:\n            p.get(f'u:{i}')\n        return p.execute()\n",
    "assigned pipeline": "import redis\nr = redis.Redis()\ndef f(ids):\n    p = r.pipeline(transaction=False)\n    for i in ids:\n        p.incr(f'u:{i}')\n    p.execute()\n",
    "async with pipeline": "import redis.asyncio as a\nr = a.Redis()\nasync def f(ids):\n    async with r.pipeline() as p:\n        for i in ids:\n            p.get(f'u:{i}')\n        return await p.execute()\n",
    "annotated Pipeline": "from redis.client import Pipeline\ndef f(p: Pipeline, ids):\n    for i in ids:\n        p.get(f'u:{i}')\n",
    "maybe pipeline": "import redis\nclass S:\n    def __init__(self):\n        self.redis = redis.Redis()\n    def f(self, ids, pipe=None):\n        conn = pipe if pipe is not None else self.redis\n        for i in ids:\n            conn.sadd(f'u:{i}', 1)\n",
    "chained pipeline": "import redis\nr = redis.Redis()\ndef f(a, b, c):\n    r.pipeline().set(a, 1, ex=5).set(b, 2, ex=5).set(c, 3, ex=5).execute()\n",
}


@pytest.mark.parametrize("source", PIPELINES.values(), ids=PIPELINES.keys())
def test_pipelines_are_not_round_trips(source):
    assert [c for c, _ in codes_at(source, select=("RDS4", "RDS204"))] == []


def test_client_imported_from_another_checked_module(project):
    project.write("app/__init__.py", "")
    project.write("app/db.py", "import redis\nclient = redis.Redis()\nfactory_made = None\ndef make():\n    return redis.Redis()\n")
    project.write("app/views.py", "from app.db import client\nfrom .db import make\ndef f():\n    return client.keys('a*')\ndef g():\n    return make().keys('b*')\n")
    out = project.run("check", "--no-cache", "--select", "RDS101", "--output-format", "concise").stdout.decode().splitlines()
    assert [line.split(": ")[0] for line in out] == ["app/views.py:4:12", "app/views.py:6:12"]
    # Checked alone, views.py still knows what `client` is: the project index (index.py) says so.
    alone = project.run("check", "--no-cache", "--select", "RDS101", "--output-format", "concise", "app/views.py")
    assert alone.stdout.decode().splitlines() == out


def test_cache_follows_a_change_in_the_module_that_exports_the_client(project):
    project.write("app/__init__.py", "")
    project.write("app/db.py", "import redis\nclient = redis.Redis()\n")
    project.write("app/views.py", "from app.db import client\ndef f():\n    return client.keys('a*')\n")
    args = ("check", "--select", "RDS101", "--output-format", "concise")
    assert project.run(*args).stdout.decode().startswith("app/views.py:3:12: RDS101")
    project.write("app/db.py", "client = {}\n")  # no longer a Redis client
    assert project.run(*args).stdout.decode() == ""
    project.write("app/db.py", "import redis\nclient = redis.Redis()\n")
    assert project.run(*args).stdout.decode().startswith("app/views.py:3:12: RDS101")


def test_a_local_taken_from_a_client_like_attribute():
    source = (
        "async def models(request, key, body):\n"
        "    redis = getattr(request.app.state, 'redis', None)\n"
        "    redis_conn = request.app.state.redis\n"
        "    await redis.set('cache:models', body)\n"
        "    await redis_conn.set('cache:more', body)\n"
    )
    assert codes_at(source, select=("RDS201",)) == [("RDS201", 4), ("RDS201", 5)]


def test_cross_module_names_are_relative_to_where_the_command_runs(project):
    project.write("app/__init__.py", "")
    project.write("app/conn.py", "import redis\ndef get_conn():\n    return redis.Redis()\n")
    project.write("app/ws.py", "from app.conn import get_conn\ndef f():\n    return get_conn().keys('*')\n")
    _, lines = project.concise("--select", "RDS101", "app/")
    assert [line.split(": ")[0] for line in lines] == ["app/ws.py:3:12"]


def test_a_local_taken_from_a_settings_attribute_is_not_a_client():
    source = "from django.conf import settings\ndef f(ids):\n    cfg = settings.REDIS\n    return [cfg.get(f'u{i}') for i in ids]\n"
    assert codes_at(source) == []
