"""The seeded server the `inspect` tests (and docs/inspect.md's sample) look at.

`python -m tests.inspect.seed` starts one, seeds it, and prints the
`inspect` text report (how the docs page's sample was made).
"""

from __future__ import annotations

import socket
from dataclasses import dataclass

USERS = 300  # user:{}:profile, one in three without a TTL
SESSIONS = 120  # session_{} (flat), every one with a TTL
CARTS = 40  # cart:{}:items, hashes, no TTL at all
BIG_LIST = 5000  # queue:jobs, a list large enough for RDS104
FEATURED = 20  # featuredProducts: a flat camelCase hash
KEYS_CALLS = 7
GETS, MISSES = 400, 40  # single GETs: hits and misses
CHURN = 150  # short-lived connections


@dataclass(frozen=True)
class Seeded:
    url: str
    port: int


def seed(client, port: int) -> None:
    """On a fresh server: write the families, run KEYS and single GETs, open and close many connections."""
    pipe = client.pipeline(transaction=False)
    for i in range(USERS):
        pipe.set(f"user:{1000 + i}:profile", "x" * 40, ex=None if i % 3 == 0 else 3600)
    for i in range(SESSIONS):
        pipe.set(f"session_{i:012x}f00d", "s", ex=1800)
    for i in range(CARTS):
        pipe.hset(f"cart:{i}:items", mapping={f"sku{j}": j for j in range(5)})
    pipe.rpush("queue:jobs", *range(BIG_LIST))
    pipe.hset("featuredProducts", mapping={str(j): j for j in range(FEATURED)})
    pipe.execute()
    for _ in range(KEYS_CALLS):
        client.keys("cart:*")
    for i in range(GETS):
        client.get(f"user:{1000 + i % USERS}:profile")
    for i in range(MISSES):
        client.get(f"user:missing{i}")
    for _ in range(CHURN):  # a client per request: connect, PING, hang up
        with socket.create_connection(("127.0.0.1", port)) as s:
            s.sendall(b"*1\r\n$4\r\nPING\r\n")
            s.recv(16)


if __name__ == "__main__":
    import subprocess
    import sys

    import redis

    from tests.realredis import redis_server

    with redis_server() as server:
        seed(redis.Redis(port=server.port), server.port)
        url = f"redis://127.0.0.1:{server.port}/0"
        subprocess.run([sys.executable, "-m", "linter44s", "inspect", "--url", url, *sys.argv[1:]], check=False)
