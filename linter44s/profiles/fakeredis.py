"""fakeredis: an in-memory stand-in for redis-py in tests, with its API."""

from __future__ import annotations

from dataclasses import replace

from linter44s.facts import Flavor
from linter44s.profiles import redis_py
from linter44s.profiles.model import Constructor, Gives

PROFILE = replace(
    redis_py.PROFILE,
    name="fakeredis",
    title="fakeredis (`FakeRedis`, `FakeAsyncRedis`), redis-py's API in memory",
    roots=("fakeredis",),
    constructors=(
        Constructor("FakeRedis", Gives.CLIENT),
        Constructor("FakeStrictRedis", Gives.CLIENT),
        Constructor("FakeAsyncRedis", Gives.CLIENT, Flavor.ASYNC),
        Constructor("from_url", Gives.CLIENT, takes_url=True),
    ),
    async_modules=("aioredis",),  # `fakeredis.aioredis.FakeRedis`
    client_types=("FakeRedis", "FakeStrictRedis", "FakeAsyncRedis"),
    notes="A test double: findings in tests follow the test-path settings.",
)
