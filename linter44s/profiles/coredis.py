"""coredis: an asyncio client with its own signatures.

Variadic commands take one collection (`delete(["a", "b"])`, `sadd(key,
["m"])`), `set` options are keyword-only with `condition=PureToken.NX`, a
pipeline runs when its `async with` block ends, and the read timeout is
`stream_timeout`.
"""

from __future__ import annotations

from linter44s.facts import Flavor
from linter44s.profiles.model import Constructor, Gives, Profile, Spelling, frozen_map

PROFILE = Profile(
    name="coredis",
    language="python",
    title="coredis (`coredis.Redis`, `RedisCluster`, `Sentinel`; asyncio)",
    roots=("coredis",),
    constructors=(
        Constructor("Redis", Gives.CLIENT, positional=("host", "port", "db")),
        Constructor("RedisCluster", Gives.CLUSTER, positional=("host", "port")),
        Constructor("from_url", Gives.CLIENT, takes_url=True),
        Constructor("ConnectionPool", Gives.POOL),
        Constructor("BlockingConnectionPool", Gives.POOL),
        Constructor("ClusterConnectionPool", Gives.POOL),
        Constructor("Sentinel", Gives.SENTINEL),
    ),
    spelling=Spelling(
        pipeline="`async with {client}.pipeline() as pipe:`, queue the commands, and they are sent when the block ends",
        queue="a `pipeline()` (`async with`)",
        iterators=frozen_map({"SCAN": "`scan_iter`", "SSCAN": "`sscan_iter`", "HSCAN": "`hscan_iter`", "ZSCAN": "`zscan_iter`"}),
        scan_match="`scan_iter(match=pattern)`",
        set_option="`{name}={value}`",
        set_with_ttl="`set(key, value, ex={ttl})`",
        lock="`set(key, token, condition=PureToken.NX, ex={ttl})`",
        retry="`retry_policy=ExponentialBackoffRetryPolicy(...)`",
        password_from_env='`password=os.environ["REDIS_PASSWORD"]`',
        timeouts="`stream_timeout=5` (seconds) and `connect_timeout=5`",
        pool_limit="`max_connections=50`",
        lock_timeout="timeout",
    ),
    method_style="snake",
    default_flavor=Flavor.ASYNC,
    client_types=("Redis", "RedisCluster"),
    pipeline_types=("Pipeline", "ClusterPipeline"),
    aliases=frozen_map({
        "delete": "DEL",
        "config_set": "CONFIG SET",
        "scan_iter": "SCAN",
        "sscan_iter": "SSCAN",
        "hscan_iter": "HSCAN",
        "zscan_iter": "ZSCAN",
        "lock": "LOCK",
        "register_script": "REGISTER_SCRIPT",
    }),
    missing=frozenset({"CONFIG", "DEBUG", "DEL"}),
    command_positional=frozen_map({
        "SET": ("key", "value"),  # the options are keyword-only
        "DEL": ("keys",),
        "UNLINK": ("keys",),
        "EXISTS": ("keys",),
        "TOUCH": ("keys",),
        "MGET": ("keys",),
        "HSET": ("key", "field_values"),
        "HDEL": ("key", "fields"),
        "HMGET": ("key", "fields"),
        "SADD": ("key", "members"),
        "SREM": ("key", "members"),
        "LPUSH": ("key", "elements"),
        "RPUSH": ("key", "elements"),
        "ZADD": ("key", "member_scores"),
    }),
    options=frozen_map({
        "stream_timeout": "socket_timeout",
        "connect_timeout": "connect_timeout",
        "max_connections": "max_connections",
        "retry_policy": "retry",
        "password": "password",
        "url": "url",
        "host": "host",
        "ex": "ex",
        "px": "px",
        "exat": "exat",
        "pxat": "pxat",
        "keepttl": "keepttl",
        "condition": "nx",
        "timeout": "ex",  # `lock(name, timeout)`
    }),
    raw_methods=("execute_command",),
    example_args=frozen_map({"HSET": "key, {field: value}"}),
    frontend_fixes=False,
    notes="coredis 4.x to 6.x; every command is awaited.",
)
