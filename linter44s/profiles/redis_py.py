"""redis-py: `redis.Redis`, `redis.asyncio`, `RedisCluster`, `Sentinel`.

Its spelling is also the one the Python frontend's fixes write, and the
libraries that copy its API (valkey-py, aioredis 2.x, fakeredis,
django-redis) start from the tables here.
"""

from __future__ import annotations

from linter44s.profiles.model import Constructor, Gives, Profile, Spelling, frozen_map

CLIENT_POSITIONAL = ("host", "port", "db", "password", "socket_timeout", "socket_connect_timeout")

ALIASES = frozen_map({
    "delete": "DEL",
    "config_set": "CONFIG SET",
    "debug_object": "DEBUG",
    "debug_sleep": "DEBUG",
    "debug_segfault": "DEBUG",
    "scan_iter": "SCAN",
    "hscan_iter": "HSCAN",
    "sscan_iter": "SSCAN",
    "zscan_iter": "ZSCAN",
    "lock": "LOCK",  # a client-side helper: its name is a key, its `timeout` the TTL
    "register_script": "REGISTER_SCRIPT",
})
MISSING = frozenset({"CONFIG", "DEBUG", "DEL"})  # `config_get`/`config_set`, `debug_object`, `delete`

OPTIONS = frozen_map({
    "socket_timeout": "socket_timeout",
    "socket_connect_timeout": "connect_timeout",
    "max_connections": "max_connections",
    "retry": "retry",
    "password": "password",
    "url": "url",
    "host": "host",
    "ex": "ex",
    "px": "px",
    "exat": "exat",
    "pxat": "pxat",
    "keepttl": "keepttl",
    "nx": "nx",
    # `lock(name, timeout=)`, and the cache wrappers a client-like name may be
    # (`cache.set(key, value, timeout=300)`): a TTL either way.
    "timeout": "ex",
})

# `set(name, value, ex, px, nx, xx, keepttl, get, exat, pxat)`: options by position too.
COMMAND_POSITIONAL = frozen_map({
    "SET": ("name", "value", "ex", "px", "nx", "xx", "keepttl", "get", "exat", "pxat"),
})

SPELLING = Spelling(
    pipeline="`pipe = {client}.pipeline()`, queue the commands, then `pipe.execute()`",
    queue="a `pipeline()`",
    iterators=frozen_map({"SCAN": "`scan_iter`", "SSCAN": "`sscan_iter`", "HSCAN": "`hscan_iter`", "ZSCAN": "`zscan_iter`"}),
    scan_match="`scan_iter(match=pattern)`",
    set_option="`{name}={value}`",
    set_with_ttl="`set(key, value, ex={ttl})`",
    lock="`set(key, token, nx=True, ex={ttl})`",
    retry="`retry=Retry(ExponentialBackoff(), 3)`",
    password_from_env='`password=os.environ["REDIS_PASSWORD"]`',
    timeouts="`socket_timeout=5` (seconds) and `socket_connect_timeout=5`",
    pool_limit="`max_connections=50`",
    async_client="`redis.asyncio.Redis`",
    lock_timeout="timeout",
    retry_class="Retry",
)


def constructors(client: str = "Redis", cluster: str = "RedisCluster") -> tuple[Constructor, ...]:
    """redis-py's constructors, named for a library that renames its classes (valkey-py)."""
    return (
        Constructor(client, Gives.CLIENT, positional=CLIENT_POSITIONAL),
        Constructor(f"Strict{client}", Gives.CLIENT, positional=CLIENT_POSITIONAL),
        Constructor(cluster, Gives.CLUSTER),
        Constructor("from_url", Gives.CLIENT, takes_url=True),
        Constructor("ConnectionPool", Gives.POOL, positional=("connection_class", "max_connections")),
        Constructor("BlockingConnectionPool", Gives.POOL, positional=("max_connections", "timeout")),
        Constructor("SentinelConnectionPool", Gives.POOL),
        Constructor("Sentinel", Gives.SENTINEL),
    )


PIPELINE_TYPES = ("Pipeline", "ClusterPipeline", "StrictPipeline")

PROFILE = Profile(
    name="redis-py",
    language="python",
    title="redis-py (`redis`: sync, `redis.asyncio`, `RedisCluster`, `Sentinel`)",
    roots=("redis",),
    constructors=constructors(),
    spelling=SPELLING,
    method_style="snake",
    async_modules=("asyncio",),
    client_types=("Redis", "StrictRedis", "RedisCluster"),
    pipeline_types=PIPELINE_TYPES,
    aliases=ALIASES,
    missing=MISSING,
    command_positional=COMMAND_POSITIONAL,
    options=OPTIONS,
    raw_methods=("execute_command",),
    notes="redis-py 3.x to 6.x; `redis.asyncio` (4.2+) is the same API awaited.",
)
