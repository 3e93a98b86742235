"""node-redis: `createClient()` from `redis` (v3, v4, v5) or `@redis/client`.

v4 and v5 name commands in camelCase (`hGetAll`) and also as the command
(`client.SET`); options go in an object (`set(key, value, { EX: 30 })`);
keys are iterated with `scanIterator` / `sScanIterator` / `hScanIterator` /
`zScanIterator` (there is no `*Stream`); a batch is `multi()` sent with
`exec()` (a transaction) or `execAsPipeline()`.  v3 took lower-case names
and `'EX', 30` words, as ioredis does: both spellings are read.
"""

from __future__ import annotations

from linter44s.facts import Flavor
from linter44s.profiles.model import Constructor, Gives, Profile, Spelling, frozen_map

ITERATORS = {"SCAN": "scanIterator", "SSCAN": "sScanIterator", "HSCAN": "hScanIterator", "ZSCAN": "zScanIterator"}

PROFILE = Profile(
    name="node-redis",
    language="javascript",
    title="node-redis (`redis` v3/v4/v5, `@redis/client`: `createClient`, `createCluster`)",
    roots=("redis", "@redis/client", "@node-redis/client"),
    constructors=(
        Constructor("createClient", Gives.CLIENT, positional=("options",)),
        Constructor("createCluster", Gives.CLUSTER, positional=("options",)),
        Constructor("createClientPool", Gives.POOL, positional=("options",)),  # v5
        Constructor("createSentinel", Gives.SENTINEL, positional=("options",)),  # v5
    ),
    spelling=Spelling(
        pipeline="`{client}.multi()...execAsPipeline()`",
        queue="a `multi()` sent with `execAsPipeline()`",
        iterators=frozen_map({command: f"`{name}`" for command, name in ITERATORS.items()}),
        scan_match="`scanIterator({ MATCH: pattern })`",
        set_option="`{ {name}: {value} }`",
        set_with_ttl="`set(key, value, { EX: {ttl} })`",
        lock="`set(key, token, { NX: true, EX: {ttl} })`",
        retry="`socket: { reconnectStrategy: (retries) => Math.min(retries * 50, 2000) }`",
        password_from_env="`password: process.env.REDIS_PASSWORD`",
        timeouts="`socket: { socketTimeout: 5000, connectTimeout: 5000 }` (milliseconds)",
        pool_limit=None,
    ),
    method_style="camel",
    upper_case=True,
    default_flavor=Flavor.ASYNC,
    client_types=("RedisClientType", "RedisClusterType", "RedisClient"),
    pipeline_types=("RedisClientMultiCommandType", "Multi"),
    aliases=frozen_map({name: command for command, name in ITERATORS.items()}),
    options=frozen_map({
        "socketTimeout": "socket_timeout",
        "connectTimeout": "connect_timeout",
        "connect_timeout": "connect_timeout",  # v3
        "reconnectStrategy": "retry_strategy",
        "retry_strategy": "retry_strategy",  # v3
        "password": "password",
        "url": "url",
        "host": "host",
        "EX": "ex",
        "PX": "px",
        "EXAT": "exat",
        "PXAT": "pxat",
        "KEEPTTL": "keepttl",
        "expiration": "ex",  # v5 `{ expiration: { type: 'EX', value: 30 } }`
        "NX": "nx",
        "condition": "nx",  # v5 `{ condition: 'NX' }`
    }),
    raw_methods=("sendCommand", "send_command"),  # v4+, v3
    pipeline_openers=("multi", "batch"),
    example_args=frozen_map({"MSET": "{ key: value }", "ZADD": "key, { score, value: member }"}),
    notes="v4/v5 spelling in advice; v3's callbacks and lower-case methods are read too.",
)
