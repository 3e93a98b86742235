"""redis-py-cluster (`rediscluster`): the cluster client before redis-py 4 had one."""

from __future__ import annotations

from dataclasses import replace

from linter44s.profiles import redis_py
from linter44s.profiles.model import Constructor, Gives

PROFILE = replace(
    redis_py.PROFILE,
    name="redis-py-cluster",
    title="redis-py-cluster (`rediscluster.RedisCluster`)",
    roots=("rediscluster",),
    constructors=(
        Constructor("RedisCluster", Gives.CLUSTER),
        Constructor("StrictRedisCluster", Gives.CLUSTER),
        Constructor("ClusterConnectionPool", Gives.POOL),
        Constructor("from_url", Gives.CLUSTER, takes_url=True),
    ),
    async_modules=(),
    client_types=("RedisCluster", "StrictRedisCluster"),
    spelling=replace(redis_py.SPELLING, async_client=None),
    notes="Unmaintained since redis-py 4.1 ships `redis.cluster.RedisCluster`.",
)
