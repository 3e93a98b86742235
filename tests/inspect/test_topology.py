"""A read-only replica, and a real three-primary cluster on loopback."""

from __future__ import annotations

import contextlib
import json
import subprocess
import time

import redis
from redis.cluster import ClusterNode, RedisCluster

from tests.realredis import redis_server


def _wait(check, what: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def test_a_replica_is_named_and_inspected(project):
    with redis_server() as primary:
        client = redis.Redis(port=primary.port)
        for i in range(30):
            client.set(f"user:{i}:name", "x")
        with redis_server("--replicaof", "127.0.0.1", str(primary.port)) as replica:
            copy = redis.Redis(port=replica.port)
            _wait(lambda: copy.info("replication").get("master_link_status") == "up" and copy.dbsize() == 30, "replication")
            result = project.run("inspect", "--url", replica.url, "--output-format", "json")
    assert result.returncode == 0, result.stderr.decode()
    assert "is a read-only replica" in result.stderr.decode()
    report = json.loads(result.stdout)
    assert report["server"]["role"] == "slave"
    assert report["families"][0]["shape"] == "user:{}:name" and report["families"][0]["keys"] == 30


def _cluster_ok(port: int) -> bool:
    info = redis.Redis(port=port).cluster("info")
    return info.get("cluster_state") == "ok"


def test_a_cluster_samples_each_primary(project):
    with contextlib.ExitStack() as stack:
        nodes = [stack.enter_context(redis_server("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"))
                 for _ in range(3)]
        subprocess.run(["redis-cli", "--cluster", "create", *(f"127.0.0.1:{n.port}" for n in nodes),
                        "--cluster-replicas", "0", "--cluster-yes"], check=True, capture_output=True, timeout=60)
        for n in nodes:
            _wait(lambda n=n: _cluster_ok(n.port), "the cluster")
        cluster = RedisCluster(startup_nodes=[ClusterNode("127.0.0.1", n.port) for n in nodes])
        for i in range(90):
            cluster.set(f"user:{i}:profile", "x", ex=None if i % 2 else 600)
        for i in range(30):
            cluster.set(f"cart:{i}", "y")
        spread = [redis.Redis(port=n.port).dbsize() for n in nodes]
        cluster.close()
        result = project.run("inspect", "--url", nodes[0].url, "--output-format", "json")
    assert result.returncode == 0, result.stderr.decode()
    assert "cluster mode: sampling each of its 3 primaries" in result.stderr.decode()
    assert all(spread), spread  # every primary holds some keys: sampling one would miss them
    report = json.loads(result.stdout)
    assert (report["server"]["mode"], report["server"]["nodes"], report["server"]["keys"]) == ("cluster", 3, 120)
    families = {f["shape"]: f for f in report["families"]}
    assert (families["user:{}:profile"]["keys"], families["user:{}:profile"]["without_ttl"]) == (90, 45)
    assert families["cart:{}"]["keys"] == 30
