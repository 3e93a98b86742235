"""What the Redis client libraries for Python export: constructors and types.

Qualified names are resolved through the file's imports first
(`from redis import asyncio as aioredis` -> `redis.asyncio`).
"""

from __future__ import annotations

from dataclasses import dataclass

from linter44s.facts import ConstructionKind, Flavor

CLIENT_ROOTS = frozenset({"redis", "valkey", "aioredis", "fakeredis", "rediscluster", "django_redis"})
_CLIENT_CLASSES = frozenset(
    {"Redis", "StrictRedis", "RedisCluster", "FakeRedis", "FakeStrictRedis", "FakeAsyncRedis", "Valkey", "StrictValkey", "ValkeyCluster"}
)
_POOL_CLASSES = frozenset({"ConnectionPool", "BlockingConnectionPool", "SentinelConnectionPool", "ClusterConnectionPool"})
_PIPELINE_CLASSES = frozenset({"Pipeline", "ClusterPipeline", "StrictPipeline"})
_CLIENT_FUNCTIONS = frozenset({"from_url", "get_redis_connection", "create_redis_pool", "create_redis", "create_pool"})
# The last name of every call that can build something: a cheap first test.
CONSTRUCTOR_NAMES = frozenset(_CLIENT_CLASSES | _POOL_CLASSES | _CLIENT_FUNCTIONS | {"Sentinel"})
# from_url on these makes a client; on a pool class it makes a pool.
_LIBRARY_NAMES = {"django_redis": "django-redis", "redis": "redis-py", "rediscluster": "redis-py-cluster"}


@dataclass(frozen=True, slots=True)
class Made:
    """What a call to a qualified name makes."""

    kind: ConstructionKind
    flavor: Flavor
    library: str


def _flavor(parts: list[str]) -> Flavor:
    if parts[0] == "aioredis" or "asyncio" in parts or "aioredis" in parts or parts[-1] == "FakeAsyncRedis":
        return Flavor.ASYNC
    if parts[0] == "fakeredis" and parts[-1] == "FakeAsyncRedis":
        return Flavor.ASYNC
    return Flavor.SYNC


def constructed(qualname: str | None) -> Made | None:
    """`redis.Redis`, `redis.asyncio.from_url`, `redis.ConnectionPool.from_url`..."""
    if not qualname:
        return None
    parts = qualname.split(".")
    if parts[0] not in CLIENT_ROOTS or len(parts) < 2:
        return None
    library = _LIBRARY_NAMES.get(parts[0], parts[0])
    last = parts[-1]
    owner = parts[-2]
    if last == "from_url" and owner in _POOL_CLASSES:
        return Made("pool", _flavor(parts), library)
    if last in _POOL_CLASSES:
        return Made("pool", _flavor(parts), library)
    if last == "Sentinel":
        return Made("sentinel", _flavor(parts), library)
    if last in _CLIENT_CLASSES or last in _CLIENT_FUNCTIONS or (last == "from_url" and owner in _CLIENT_CLASSES):
        if parts[0] == "django_redis" and last != "get_redis_connection":
            return None
        return Made("client", _flavor(parts), library)
    return None


def annotated(qualname: str | None) -> tuple[str, Flavor] | None:
    """A type annotation naming a client or pipeline class: ("client"|"pipeline", flavor)."""
    if not qualname:
        return None
    parts = qualname.split(".")
    if parts[0] not in CLIENT_ROOTS or parts[0] == "django_redis":
        return None
    if parts[-1] in _CLIENT_CLASSES:
        return ("client", _flavor(parts))
    if parts[-1] in _PIPELINE_CLASSES:
        return ("pipeline", _flavor(parts))
    return None


def may_stand_for_client(qualname: str) -> bool:
    """Can a name imported from a client library (`from redis.client import
    Pipeline`) stand for a client: a client, pool or pipeline type, a
    constructor, or a module that holds them?  Its exceptions and helper
    classes (`ResponseError`, `Retry`) cannot."""
    if not is_library_module(qualname):
        return False
    last = qualname.rsplit(".", 1)[-1]
    return last[:1].islower() or constructed(qualname) is not None or annotated(qualname) is not None


def is_library_module(qualname: str) -> bool:
    return qualname.split(".")[0] in CLIENT_ROOTS


# redis-py's Redis(host, port, db, password, socket_timeout, ...) and
# ConnectionPool(connection_class, max_connections, ...) also take these by position.
_POSITIONAL = {
    "Redis": ("host", "port", "db", "password", "socket_timeout", "socket_connect_timeout"),
    "StrictRedis": ("host", "port", "db", "password", "socket_timeout", "socket_connect_timeout"),
    "Valkey": ("host", "port", "db", "password", "socket_timeout", "socket_connect_timeout"),
    "ConnectionPool": ("connection_class", "max_connections"),
    "BlockingConnectionPool": ("max_connections", "timeout"),
}


def positional_params(qualname: str) -> tuple[str, ...]:
    """Parameter names of a constructor's positional arguments, when known."""
    return _POSITIONAL.get(qualname.rsplit(".", 1)[-1], ()) if qualname.split(".")[0] in CLIENT_ROOTS else ()


# Commands whose redis-py methods take options by position after the key and
# value: `set(name, value, ex, px, nx, ...)`.  The frontend names them, so the
# checks see one spelling.
COMMAND_POSITIONAL = {
    "SET": ("name", "value", "ex", "px", "nx", "xx", "keepttl", "get", "exat", "pxat"),
}
