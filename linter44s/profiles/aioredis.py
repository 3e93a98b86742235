"""aioredis: 2.x copies redis-py's asyncio API; 1.x (`create_redis_pool`) has its own.

Both import as `aioredis`; the constructor tells them apart.
"""

from __future__ import annotations

from dataclasses import replace

from linter44s.facts import Flavor
from linter44s.profiles import redis_py
from linter44s.profiles.model import Constructor, Gives, Profile, Spelling, frozen_map

V2 = replace(
    redis_py.PROFILE,
    name="aioredis",
    title="aioredis 2.x (`aioredis.Redis`, `aioredis.from_url`)",
    roots=("aioredis",),
    constructors=redis_py.constructors()[:2] + redis_py.constructors()[3:],
    default_flavor=Flavor.ASYNC,
    async_modules=(),
    client_types=("Redis", "StrictRedis"),
    spelling=replace(redis_py.SPELLING, async_client=None),
    notes="aioredis 2.x is archived; it lives on as `redis.asyncio`.",
)

# aioredis 1.x: `set(key, value, *, expire=0, pexpire=0, exist=None)`,
# `iscan(match=...)` iterators, `create_redis_pool(address, minsize, maxsize, timeout)`.
V1 = Profile(
    name="aioredis-1",
    language="python",
    title="aioredis 1.x (`create_redis_pool`, `create_redis`, `create_pool`)",
    roots=("aioredis",),
    constructors=(
        Constructor("create_redis_pool", Gives.CLIENT, Flavor.ASYNC),
        Constructor("create_redis", Gives.CLIENT, Flavor.ASYNC),
        Constructor("create_pool", Gives.CLIENT, Flavor.ASYNC),
    ),
    spelling=Spelling(
        pipeline="`pipe = {client}.pipeline()`, queue the commands, then `await pipe.execute()`",
        queue="a `pipeline()`",
        iterators=frozen_map({"SCAN": "`iscan`", "SSCAN": "`isscan`", "HSCAN": "`ihscan`", "ZSCAN": "`izscan`"}),
        scan_match="`iscan(match=pattern)`",
        set_option="`{name}={value}`",
        set_with_ttl="`set(key, value, expire={ttl})`",
        lock="`set(key, token, expire={ttl}, exist=SET_IF_NOT_EXIST)`",
        retry="a reconnect loop around the call (aioredis 1.x does not retry)",
        password_from_env='`password=os.environ["REDIS_PASSWORD"]`',
        timeouts=None,  # `timeout` bounds connecting only: no read timeout to set
        pool_limit="`maxsize=10`",
    ),
    method_style="snake",
    default_flavor=Flavor.ASYNC,
    aliases=frozen_map({
        "delete": "DEL",
        "iscan": "SCAN",
        "isscan": "SSCAN",
        "ihscan": "HSCAN",
        "izscan": "ZSCAN",
    }),
    missing=redis_py.MISSING,
    command_positional=frozen_map({"SET": ("key", "value")}),  # the rest is keyword-only
    options=frozen_map({
        "timeout": "connect_timeout",
        "maxsize": "max_connections",
        "password": "password",
        "address": "url",
        "expire": "ex",
        "pexpire": "px",
        "exist": "nx",  # `exist=SET_IF_NOT_EXIST`
    }),
    pipeline_openers=("pipeline", "multi_exec"),
    example_args=frozen_map({"ZADD": "key, score, member", "ZREVRANGE": "key, 0, 9, withscores=True"}),
    frontend_fixes=False,
    notes="Archived; `SET` takes `expire=` and `exist=`, scans are `iscan()` iterators.",
)
