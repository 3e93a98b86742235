"""valkey-py: the redis-py fork, `valkey.Valkey` (it keeps `Redis` as an alias)."""

from __future__ import annotations

from dataclasses import replace

from linter44s.profiles import redis_py

PROFILE = replace(
    redis_py.PROFILE,
    name="valkey-py",
    title="valkey-py (`valkey`: sync, `valkey.asyncio`, `ValkeyCluster`, `Sentinel`)",
    roots=("valkey",),
    constructors=redis_py.constructors("Valkey", "ValkeyCluster") + redis_py.constructors()[:3],
    client_types=("Valkey", "StrictValkey", "ValkeyCluster", "Redis", "StrictRedis", "RedisCluster"),
    spelling=replace(redis_py.SPELLING, async_client="`valkey.asyncio.Valkey`"),
    notes="valkey-py 6.x: redis-py's API under new names.",
)
