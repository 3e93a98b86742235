"""A test helper with no coroutine in it: only rules that report inside
coroutines run on test files, so it is left unanalysed until a test imports
from it."""

import redis


def make_client():
    return redis.Redis(host="localhost", socket_timeout=5)


class Base:
    def setup_method(self):
        self.redis = redis.Redis(host="localhost", socket_timeout=5)
