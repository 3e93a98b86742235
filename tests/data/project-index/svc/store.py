import redis

client = redis.Redis(host="cache", socket_timeout=2)


def make_client():
    return redis.Redis(host="cache", socket_timeout=2)


class SafeRedis(redis.Redis):
    """A project subclass: its instances are clients."""


class BaseStore:
    def __init__(self):
        self.connection = redis.Redis(host="cache", socket_timeout=2)
