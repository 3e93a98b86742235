"""django-redis: `get_redis_connection(alias)` hands out the redis-py client
behind a Django cache.  The cache itself (`cache.get`) is not a client."""

from __future__ import annotations

from dataclasses import replace

from linter44s.facts import Flavor
from linter44s.profiles import redis_py
from linter44s.profiles.model import Constructor, Gives

PROFILE = replace(
    redis_py.PROFILE,
    name="django-redis",
    title="django-redis (`get_redis_connection`)",
    roots=("django_redis",),
    constructors=(Constructor("get_redis_connection", Gives.CLIENT, Flavor.SYNC),),
    async_modules=(),
    client_types=(),
    pipeline_types=(),
    spelling=replace(redis_py.SPELLING, async_client=None),
    notes="Only the raw client is checked; Django's cache API is left alone.",
)
