from __future__ import annotations

import pytest

from tests.inspect.seed import Seeded, seed


@pytest.fixture(scope="session")
def seeded():
    """A fresh redis-server of its own (its counters start at zero), seeded once: tests only read it."""
    import redis

    from tests.realredis import redis_server

    with redis_server() as server:
        client = redis.Redis(port=server.port)
        seed(client, server.port)
        client.close()
        yield Seeded(server.url, server.port)
