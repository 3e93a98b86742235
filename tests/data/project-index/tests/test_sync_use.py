import redis

from tests.helpers import make_client


def test_reads():
    client = make_client()
    assert client.keys("user:*") == []  # KEYS is left alone in tests
    assert redis.Redis().keys("user:*") == []
