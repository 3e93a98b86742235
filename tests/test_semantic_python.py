"""The Python semantic model (python/scopes.py and around): each shape of
issue 11 §1 through which code reaches a client, as a flagged example and a
clean twin that differs only in what the name stands for."""

from __future__ import annotations

import textwrap
from dataclasses import replace

import pytest

from linter44s.config import Settings
from linter44s.engine import lint_text
from linter44s.facts import ReceiverKind
from linter44s.python.frontend import analyze
from tests.helpers import codes_at

# name: (flagged source, clean twin, the finding the flagged one must have)
SHAPES: dict[str, tuple[str, str, tuple[str, int]]] = {
    "pytest fixture parameter named like the fixture": (
        """
        import pytest, redis
        @pytest.fixture
        def store():
            c = redis.Redis()
            yield c
            c.close()
        def test_purge(store):
            assert store.keys("a*") == []
        """,
        """
        import pytest
        @pytest.fixture
        def store():
            yield {"a": 1}
        def test_purge(store):
            assert store.keys() == []
        """,
        ("RDS101", 9),
    ),
    "a parameter shadows a module-level function of its name": (
        """
        def redis_client():
            return {"not": "a client"}
        def purge(redis_client):
            return redis_client.keys("a*")
        """,
        """
        def redis_client():
            return {"not": "a client"}
        def purge():
            return redis_client().keys()
        """,
        ("RDS101", 5),
    ),
    "a project subclass of a client class, as an annotation": (
        """
        from redis import Redis
        class SafeRedis(Redis):
            pass
        class Store:
            _client: "SafeRedis"
            def purge(self):
                return self._client.keys("a*")
        """,
        """
        class SafeDict(dict):
            pass
        class Store:
            _client: "SafeDict"
            def purge(self):
                return self._client.keys()
        """,
        ("RDS101", 8),
    ),
    "a subclass of a subclass, as a parameter annotation": (
        """
        import redis
        class Tracing(redis.Redis):
            pass
        class Safe(Tracing):
            pass
        def purge(c: Safe | None):
            return c.keys("a*")
        """,
        """
        class Tracing(dict):
            pass
        class Safe(Tracing):
            pass
        def purge(c: Safe | None):
            return c.keys()
        """,
        ("RDS101", 8),
    ),
    "an attribute set in a base class's __init__": (
        """
        import redis
        class Base:
            def __init__(self, url):
                self.connection = redis.Redis.from_url(url)
        class Worker(Base):
            def run(self):
                return self.connection.keys("q:*")
        """,
        """
        class Base:
            def __init__(self, url):
                self.connection = {"url": url}
        class Worker(Base):
            def run(self):
                return self.connection.keys()
        """,
        ("RDS101", 8),
    ),
    "an attribute a base class sets from a hook the subclass overrides (django-q2)": (
        """
        import redis
        class Broker:
            def __init__(self, list_key):
                self.connection = self.get_connection(list_key)
            @staticmethod
            def get_connection(list_key=None):
                return 0
        class RedisBroker(Broker):
            def purge(self, pattern):
                return self.connection.keys(pattern=pattern)
            @staticmethod
            def get_connection(list_key=None):
                return redis.StrictRedis(socket_timeout=5)
        """,
        """
        import redis
        class Broker:
            def __init__(self, list_key):
                self.connection = self.get_connection(list_key)
            @staticmethod
            def get_connection(list_key=None):
                return 0
        class DictBroker(Broker):
            def purge(self, pattern):
                return self.connection.keys()
            @staticmethod
            def get_connection(list_key=None):
                return {}
        """,
        ("RDS101", 11),
    ),
    "a base-class method declared to return a client, overridden elsewhere": (
        """
        from redis import Redis
        class Base:
            def get_connection(self) -> Redis:
                raise NotImplementedError
        class Worker(Base):
            def run(self):
                return self.get_connection().keys("q:*")
        """,
        """
        class Base:
            def get_connection(self) -> dict:
                raise NotImplementedError
        class Worker(Base):
            def run(self):
                return self.get_connection().keys()
        """,
        ("RDS101", 8),
    ),
    "a staticmethod factory called on its class": (
        """
        import redis
        class Conn:
            @staticmethod
            def create(url):
                return redis.Redis.from_url(url)
        def purge(url):
            c = Conn.create(url)
            return c.keys("a*")
        """,
        """
        class Conn:
            @staticmethod
            def create(url):
                return {"url": url}
        def purge(url):
            c = Conn.create(url)
            return c.keys()
        """,
        ("RDS101", 9),
    ),
    "a classmethod factory stored on self": (
        """
        import redis
        class Service:
            @classmethod
            def _connect(cls, url):
                return redis.Redis.from_url(url)
            def __init__(self, url):
                self.conn = self._connect(url)
            def purge(self):
                return self.conn.keys("a*")
        """,
        """
        class Service:
            @classmethod
            def _connect(cls, url):
                return {"url": url}
            def __init__(self, url):
                self.conn = self._connect(url)
            def purge(self):
                return self.conn.keys()
        """,
        ("RDS101", 10),
    ),
    "a client from Sentinel master_for kept on self": (
        """
        from redis.sentinel import Sentinel
        class Service:
            def __init__(self):
                self.sentinel = Sentinel([("h", 26379)], socket_timeout=1)
                self.master = self.sentinel.master_for("mymaster", socket_timeout=1)
            def purge(self):
                return self.master.keys("a*")
        """,
        """
        class Registry:
            def master_for(self, name):
                return {"name": name}
        class Service:
            def __init__(self):
                self.registry = Registry()
                self.master = self.registry.master_for("mymaster")
            def purge(self):
                return self.master.keys()
        """,
        ("RDS101", 8),
    ),
    "a @contextmanager that yields a client": (
        """
        import contextlib, redis
        @contextlib.contextmanager
        def conn():
            c = redis.Redis(socket_timeout=5)
            try:
                yield c
            finally:
                c.close()
        def purge():
            with conn() as r:
                return r.keys("a*")
        """,
        """
        import contextlib
        @contextlib.contextmanager
        def conn():
            yield {"a": 1}
        def purge():
            with conn() as r:
                return r.keys()
        """,
        ("RDS101", 12),
    ),
    "setattr then getattr with the same constant": (
        """
        import redis
        class Holder:
            pass
        h = Holder()
        setattr(h, "store", redis.Redis(socket_timeout=5))
        def purge():
            return getattr(h, "store").keys("a*")
        """,
        """
        import redis
        class Holder:
            pass
        h = Holder()
        setattr(h, "store", redis.Redis(socket_timeout=5))
        setattr(h, "names", {})
        def purge():
            return getattr(h, "names").keys()
        """,
        ("RDS101", 8),
    ),
    "a client a decorator passes to the function it wraps": (
        """
        import functools
        import redis
        pool = redis.ConnectionPool(max_connections=10, socket_timeout=5)
        def with_conn(fn):
            @functools.wraps(fn)
            def wrapper(*args, **kwargs):
                return fn(redis.Redis(connection_pool=pool), *args, **kwargs)
            return wrapper
        @with_conn
        def purge(conn, prefix):
            return conn.keys(prefix + "*")
        """,
        """
        import functools
        def with_conn(fn):
            @functools.wraps(fn)
            def wrapper(*args, **kwargs):
                return fn({"a": 1}, *args, **kwargs)
            return wrapper
        @with_conn
        def purge(conn, prefix):
            return conn.keys()
        """,
        ("RDS101", 12),
    ),
    "a Lua script kept in a class attribute": (
        """
        import redis
        class Store:
            SWEEP = "return redis.call('KEYS', 'lock:*')"
            def __init__(self):
                self.r = redis.Redis(socket_timeout=5)
            def sweep(self):
                return self.r.eval(self.SWEEP, 0)
        """,
        """
        import redis
        class Store:
            SWEEP = "return redis.call('DEL', KEYS[1])"
            def __init__(self):
                self.r = redis.Redis(socket_timeout=5)
            def sweep(self):
                return self.r.eval(self.SWEEP, 1, "lock:1")
        """,
        ("RDS101", 4),
    ),
    "a Lua script registered from the class's attribute": (
        """
        import redis
        class Store:
            RESET = "return redis.call('FLUSHDB')"
            def __init__(self):
                self.r = redis.Redis(socket_timeout=5)
                self.reset = self.r.register_script(Store.RESET)
        """,
        """
        import redis
        class Store:
            RESET = "return redis.call('DEL', KEYS[1])"
            def __init__(self):
                self.r = redis.Redis(socket_timeout=5)
                self.reset = self.r.register_script(Store.RESET)
        """,
        ("RDS102", 4),
    ),
    "a client returned by a method with arguments, from a per-loop layer (channels-redis 4)": (
        """
        import asyncio
        from redis import asyncio as aioredis
        class LoopLayer:
            def __init__(self, pools):
                self._connections = {}
                self.pools = pools
            def get_connection(self, index):
                if index not in self._connections:
                    self._connections[index] = aioredis.Redis(connection_pool=self.pools[index])
                return self._connections[index]
        class ChannelLayer:
            def __init__(self, pools):
                self._layers = {}
                self.pools = pools
            def connection(self, index):
                loop = asyncio.get_running_loop()
                try:
                    layer = self._layers[loop]
                except KeyError:
                    layer = self._layers[loop] = LoopLayer(self.pools)
                return layer.get_connection(index)
            async def flush(self):
                for i in range(len(self.pools)):
                    await self.connection(i).keys("asgi:*")
        """,
        """
        import asyncio
        class LoopLayer:
            def __init__(self, pools):
                self._connections = {}
                self.pools = pools
            def get_connection(self, index):
                if index not in self._connections:
                    self._connections[index] = {"pool": self.pools[index]}
                return self._connections[index]
        class ChannelLayer:
            def __init__(self, pools):
                self._layers = {}
                self.pools = pools
            def connection(self, index):
                loop = asyncio.get_running_loop()
                try:
                    layer = self._layers[loop]
                except KeyError:
                    layer = self._layers[loop] = LoopLayer(self.pools)
                return layer.get_connection(index)
            async def flush(self):
                for i in range(len(self.pools)):
                    self.connection(i).keys()
        """,
        ("RDS101", 25),
    ),
    "a context manager class whose __aenter__ gives a client (channels-redis 2)": (
        """
        import aioredis
        class ChannelLayer:
            def __init__(self, hosts):
                self.hosts = hosts
            async def flush(self):
                for i in range(len(self.hosts)):
                    async with self.connection(i) as connection:
                        await connection.keys("asgi:*")
            def connection(self, index):
                return self.ConnectionContextManager(self.hosts[index])
            class ConnectionContextManager:
                def __init__(self, kwargs):
                    self.kwargs = kwargs
                async def __aenter__(self):
                    self.conn = await aioredis.create_redis(**self.kwargs)
                    return self.conn
        """,
        """
        class ChannelLayer:
            def __init__(self, hosts):
                self.hosts = hosts
            async def flush(self):
                for i in range(len(self.hosts)):
                    async with self.connection(i) as connection:
                        connection.keys()
            def connection(self, index):
                return self.ConnectionContextManager(self.hosts[index])
            class ConnectionContextManager:
                def __init__(self, kwargs):
                    self.kwargs = kwargs
                async def __aenter__(self):
                    return dict(self.kwargs)
        """,
        ("RDS101", 9),
    ),
    "a module-level instance of a class that holds a client": (
        """
        import redis
        class Store:
            def __init__(self):
                self.conn = redis.Redis(socket_timeout=5)
        store = Store()
        def purge():
            return store.conn.keys("a*")
        """,
        """
        import redis
        class Store:
            def __init__(self):
                self.conn = redis.Redis(socket_timeout=5)
                self.names = {}
        store = Store()
        def purge():
            return store.names.keys()
        """,
        ("RDS101", 8),
    ),
    "retry options through a splatted dict": (
        """
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry
        kwargs = {"retry": Retry(NoBackoff(), 0), "socket_timeout": 5}
        r = redis.Redis(**kwargs)
        """,
        """
        import redis
        from redis.backoff import ExponentialBackoff
        from redis.retry import Retry
        kwargs = {"retry": Retry(ExponentialBackoff(), 3), "socket_timeout": 5}
        r = redis.Redis(**kwargs)
        """,
        ("RDS303", 6),
    ),
    "options from a helper method's dict": (
        """
        import redis
        class Service:
            def _options(self):
                return {"host": "h", "socket_connect_timeout": 1}
            def __init__(self):
                self.r = redis.Redis(**self._options())
        """,
        """
        import redis
        class Service:
            def _options(self):
                return {"host": "h", "socket_timeout": 5}
            def __init__(self):
                self.r = redis.Redis(**self._options())
        """,
        ("RDS304", 7),
    ),
    "pool options through dict(...)": (
        """
        import redis
        opts = dict(host="h", socket_timeout=5)
        pool = redis.ConnectionPool(**opts)
        """,
        """
        import redis
        opts = dict(host="h", socket_timeout=5, max_connections=20)
        pool = redis.ConnectionPool(**opts)
        """,
        ("RDS302", 4),
    ),
    "attributes bound by one tuple assignment, each to its own value": (
        """
        import redis
        class Store:
            def __init__(self):
                self.cache, self.conn = {}, redis.Redis()
            def purge(self):
                return self.conn.keys("a*")
        """,
        """
        import redis
        class Store:
            def __init__(self):
                self.conn, self.cache = {}, redis.Redis()
            def purge(self):
                return self.conn.keys()
        """,
        ("RDS101", 7),
    ),
    "names bound by one tuple assignment, each to its own value": (
        """
        import redis
        def purge():
            seen, r = {}, redis.Redis()
            return r.keys("a*")
        """,
        """
        import redis
        def purge():
            r, seen = {}, redis.Redis()
            return r.keys()
        """,
        ("RDS101", 5),
    ),
}


@pytest.mark.parametrize(("flagged", "clean", "expected"), SHAPES.values(), ids=SHAPES.keys())
def test_a_shape_is_seen_and_its_clean_twin_is_not(flagged: str, clean: str, expected: tuple[str, int]) -> None:
    code = expected[0]
    assert expected in codes_at(flagged, path="app/service.py")
    assert [found for found in codes_at(clean, path="app/service.py") if found[0] == code] == []


def test_a_dict_changed_after_it_is_built_is_not_read() -> None:
    # The code may add the option it seems to lack: say nothing rather than guess.
    source = """
    import redis
    opts = dict(host="h")
    opts["socket_timeout"] = 5
    r = redis.Redis(**opts)
    """
    assert [c for c in codes_at(source) if c[0] == "RDS304"] == []


def test_a_pipeline_from_a_factory_method_is_a_pipeline() -> None:
    source = textwrap.dedent("""
    import redis
    class Conn:
        @staticmethod
        def create(url):
            return redis.Redis.from_url(url)
    def load(url, ids):
        pipe = Conn.create(url).pipeline()
        for i in ids:
            pipe.get(f"user:{i}")
        return pipe.execute()
    """)
    facts, _ = analyze(source, "app/service.py", Settings(root="."))
    assert [(c.command, c.receiver_kind) for c in facts.calls] == [("GET", ReceiverKind.PIPELINE)]


@pytest.mark.parametrize("source", [s for pair in SHAPES.values() for s in pair[:2]])
def test_the_focused_parse_finds_what_the_full_parse_finds(source: str) -> None:
    # Functions and classes that name nothing Redis-related are skipped on the fast
    # path: a class deriving a client holder, or a function a decorator hands a client, must not be.
    text = textwrap.dedent(source)
    settings = replace(Settings(root="."), select=("ALL",))
    fast = lint_text(text, "app/service.py", settings)
    full = lint_text(text, "app/service.py", settings, prefilter=False)
    assert fast.diagnostics == full.diagnostics


CYCLES = {
    "attributes bound to each other": """
    class A:
        def __init__(self):
            self.a = self.b
            self.b = self.a
        def f(self):
            return self.a.keys()
    """,
    "a base class that derives from its subclass": """
    class A(B):
        pass
    class B(A):
        def f(self):
            return self.x.keys()
    """,
    "an instance rebound from itself": """
    class Node:
        def child(self):
            return Node()
    n = Node()
    n = n.child()
    def f():
        return n.conn.keys()
    """,
    "a decorator that decorates itself": """
    def deco(fn):
        def wrapper(*a):
            return fn(*a)
        return wrapper
    @deco
    def deco2(fn):
        return deco(fn)
    @deco2
    def f(conn):
        return conn.keys()
    """,
    "a dict built from itself": """
    import redis
    opts = {"host": "h"}
    opts = dict(opts=opts)
    r = redis.Redis(**opts)
    """,
}


@pytest.mark.parametrize("source", CYCLES.values(), ids=CYCLES.keys())
def test_cycles_in_the_model_end_without_a_finding_or_an_error(source: str) -> None:
    assert [c for c in codes_at(source) if c[0] == "RDS101"] == []
