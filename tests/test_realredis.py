"""The test server itself: it starts, answers, and is gone afterwards."""

from __future__ import annotations

import os

import redis

from tests.realredis import _answers, redis_server


def test_a_started_server_answers_and_keeps_nothing():
    with redis_server() as server:
        client = redis.Redis.from_url(server.url)
        client.set("k", "v", ex=60)
        assert client.get("k") == b"v"
        assert client.config_get("save") == {"save": ""}
        client.close()
    assert not _answers(server.port)
    assert not os.path.exists(server.folder)
