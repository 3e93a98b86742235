"""Linked by its imports to what the store module exports, and using none of
it: judged as if nothing were linked (index.used)."""

import svc.store
from svc.store import make_client

import redis

cache = redis.Redis(host="cache", socket_timeout=2)


def sessions():
    return cache.keys("session:*")
