"""ioredis: `new Redis(port, host, options)`, `new Redis.Cluster(nodes)`.

Every command also has a `*Buffer` twin (`getBuffer`, `hgetallBuffer`) that
replies with Buffers, options go as words (`set(key, value, 'EX', 30, 'NX')`),
and keys are iterated with streams (`scanStream`, `hscanStream`...).
"""

from __future__ import annotations

from linter44s.facts import Flavor
from linter44s.profiles.model import Constructor, Gives, Profile, Spelling, frozen_map

ITERATORS = {"SCAN": "scanStream", "SSCAN": "sscanStream", "HSCAN": "hscanStream", "ZSCAN": "zscanStream"}


SPELLING = Spelling(
    pipeline="`{client}.pipeline()...exec()`",
    queue="a `pipeline()` sent with `exec()`",
    iterators=frozen_map({command: f"`{name}`" for command, name in ITERATORS.items()}),
    scan_match="`scanStream({ match: pattern })`",
    set_option="`'{name}', {value}`",
    set_with_ttl="`set(key, value, 'EX', {ttl})`",
    lock="`set(key, token, 'EX', {ttl}, 'NX')`",
    retry="`retryStrategy: (times) => Math.min(times * 50, 2000)`",
    password_from_env="`password: process.env.REDIS_PASSWORD`",
    timeouts="`socketTimeout: 5000` and `connectTimeout: 5000` (milliseconds)",
    pool_limit=None,  # one connection per client: no pool to bound
)

OPTIONS = frozen_map({
    "socketTimeout": "socket_timeout",
    "commandTimeout": "socket_timeout",
    "connectTimeout": "connect_timeout",
    "retryStrategy": "retry_strategy",
    "password": "password",
    "host": "host",
    "EX": "ex",
    "PX": "px",
    "EXAT": "exat",
    "PXAT": "pxat",
    "KEEPTTL": "keepttl",
    "NX": "nx",
})

PROFILE = Profile(
    name="ioredis",
    language="javascript",
    title="ioredis (`new Redis()`, `new Redis.Cluster()`)",
    roots=("ioredis", "ioredis-mock"),
    constructors=(
        Constructor("default", Gives.CLIENT, positional=("port", "host", "options")),
        Constructor("Redis", Gives.CLIENT, positional=("port", "host", "options")),
        Constructor("Cluster", Gives.CLUSTER, positional=("nodes", "options")),
    ),
    spelling=SPELLING,
    method_style="lower",
    suffixes=("Buffer",),
    default_flavor=Flavor.ASYNC,
    client_types=("Redis", "IORedis", "Cluster", "RedisType"),
    pipeline_types=("Pipeline", "ChainableCommander"),
    aliases=frozen_map({**{name: command for command, name in ITERATORS.items()}, "defineCommand": "DEFINE_COMMAND"}),
    options=OPTIONS,
    raw_methods=("call", "send_command", "sendCommand"),
    globals=("Redis", "IORedis", "Redis.Cluster", "IORedis.Cluster"),
    pipeline_openers=("pipeline", "multi"),
    example_args=frozen_map({"MSET": "{ key: value }", "ZADD": "key, score, member"}),
    notes="ioredis 4.x and 5.x; `ioredis-mock` speaks the same API.",
)

