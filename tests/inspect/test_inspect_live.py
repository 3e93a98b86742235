"""`linter44s inspect` end to end against a real, seeded redis-server."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path

import pytest
import redis

from tests.inspect import seed as s
from tests.realredis import redis_server

ROOT = Path(__file__).resolve().parents[2]


def _json(project, url: str, *args: str) -> dict:
    result = project.run("inspect", "--url", url, "--output-format", "json", *args)
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


def _flags(report: dict) -> set[tuple[str, str]]:
    return {(f["code"], f["subject"]) for f in report["flags"]}


def test_the_families_of_the_seeded_server(project, seeded):
    report = _json(project, seeded.url)
    families = {f["shape"]: f for f in report["families"]}
    assert set(families) == {"user:{}:profile", "session_{}", "cart:{}:items", "queue:jobs", "featuredProducts"}
    users = families["user:{}:profile"]
    assert (users["type"], users["keys"], users["without_ttl"]) == ("string", s.USERS, len(range(0, s.USERS, 3)))
    assert users["no_ttl_share"] == round(len(range(0, s.USERS, 3)) / s.USERS, 4)
    assert families["session_{}"]["without_ttl"] == 0
    assert (families["cart:{}:items"]["type"], families["cart:{}:items"]["max_length"]) == ("hash", 5)
    assert families["queue:jobs"]["max_length"] == s.BIG_LIST
    assert all(f["memory_bytes"] > 0 for f in families.values())
    assert report["sample"] | {"seconds": 0} == {"keys": report["server"]["keys"], "limit": 5000, "complete": True,
                                                 "out_of_time": False, "seconds": 0, "lookups_added": report["sample"]["lookups_added"]}
    assert report["server"]["keys"] == s.USERS + s.SESSIONS + s.CARTS + 2


def test_flags_name_the_rules_they_are_evidence_for(project, seeded):
    report = _json(project, seeded.url)
    flags = _flags(report)
    assert {("RDS201", "user:{}:profile"), ("RDS201", "cart:{}:items"), ("RDS104", "queue:jobs"),
            ("RDS501", "session_{}"), ("RDS501", "featuredProducts"), ("RDS101", "KEYS"), ("RDS401", "GET")} <= flags
    assert ("RDS201", "session_{}") not in flags  # every session has a TTL
    assert not any(subject.startswith(("user:", "cart:")) for code, subject in flags if code == "RDS501")
    assert report["commands"]["keys"] == s.KEYS_CALLS
    assert report["commands"]["get"] >= s.GETS + s.MISSES


def test_traffic_comes_from_info_stats_with_its_hit_rate(project, seeded):
    traffic = _json(project, seeded.url, "--sample", "0")["traffic"]
    assert traffic["source"] == "info"
    assert traffic["misses"] == s.MISSES
    assert traffic["hit_rate"] == traffic["hits"] / (traffic["hits"] + traffic["misses"])
    assert traffic["requests"] > 0 and traffic["bytes_in"] > 0 and traffic["bytes_out"] > 0


def test_the_text_report_is_tables(project, seeded):
    result = project.run("inspect", "--url", seeded.url)
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    assert "Traffic (from INFO stats)" in out and "Key families" in out and "Flags" in out
    assert re.search(r"user:\{\}:profile\s+│ string\s+│\s+300 │\s+33% │", out)
    assert re.search(r"RDS104 │ `queue:jobs`: a list of 5,000 elements", out)


def test_min_hit_rate_is_a_gate(project, seeded):
    rate = _json(project, seeded.url, "--sample", "0")["traffic"]["hit_rate"]
    below = project.run("inspect", "--url", seeded.url, "--sample", "0", "--min-hit-rate", f"{min(rate + 0.001, 1):.4f}")
    above = project.run("inspect", "--url", seeded.url, "--sample", "0", "--min-hit-rate", f"{rate - 0.001:.4f}")
    assert below.returncode == 1 and "below --min-hit-rate" in below.stderr.decode()
    assert above.returncode == 0, above.stderr.decode()


def test_the_sample_is_bounded_by_count_and_by_time(project, seeded):
    small = _json(project, seeded.url, "--sample", "50")["sample"]
    assert (small["keys"], small["complete"]) == (50, False)
    rushed = _json(project, seeded.url, "--time-budget", "0.000001")["sample"]
    assert rushed["out_of_time"] and rushed["keys"] < 462


def test_url_from_redis_url(project, seeded):
    import os

    result = project.run("inspect", "--sample", "0", env={**os.environ, "REDIS_URL": seeded.url})
    assert result.returncode == 0 and seeded.url in result.stdout.decode()


def test_the_documented_acl_is_enough(project, seeded):
    """The ACL line docs/inspect.md gives an operator runs every inspect, and the server denies nothing."""
    docs = (ROOT / "docs" / "inspect.md").read_text()
    line = re.search(r"^ACL SETUSER .*$", docs, re.MULTILINE).group(0)
    admin = redis.Redis(port=seeded.port)
    admin.execute_command(*line.replace("CHOOSE-A-PASSWORD", "inspector-pw").split())
    admin.execute_command("ACL", "LOG", "RESET")
    try:
        result = project.run("inspect", "--url", f"redis://linter44s:inspector-pw@127.0.0.1:{seeded.port}/0")
        assert result.returncode == 0, result.stderr.decode()
        assert admin.execute_command("ACL", "LOG") == []
    finally:
        admin.execute_command("ACL", "DELUSER", "linter44s")


def test_connection_churn_shows(project):
    with redis_server() as server:
        for _ in range(120):
            with socket.create_connection(("127.0.0.1", server.port)) as conn:
                conn.sendall(b"*1\r\n$4\r\nPING\r\n")
                conn.recv(16)
        report = _json(project, server.url, "--sample", "0")
    assert report["connections"]["received"] >= 120
    assert ("RDS301", "server") in _flags(report)


def test_a_quiet_server_has_no_churn_flag(project):
    with redis_server() as server:
        report = _json(project, server.url)
    assert report["flags"] == [] and report["families"] == []
    assert report["traffic"]["hit_rate"] is None


def test_volatile_policy_with_no_ttls(project):
    with redis_server("--maxmemory", "100mb", "--maxmemory-policy", "volatile-lru") as server:
        client = redis.Redis(port=server.port)
        client.set("config:flags", "1")
        client.set("user:1:name", "a")
        report = _json(project, server.url)
    assert ("RDS201", "server") in _flags(report)
    assert "volatile-lru" in next(f["message"] for f in report["flags"] if f["kind"] == "volatile-policy-no-ttl")


def test_the_configuration_shapes_the_flags(project, seeded):
    project.write("linter44s.toml", """
        persistent-prefixes = ["cart:"]
        key-pattern = '^[A-Za-z_{}]+$'
    """)
    flags = _flags(_json(project, seeded.url))
    assert ("RDS201", "cart:{}:items") not in flags  # meant to live forever
    assert ("RDS201", "user:{}:profile") in flags
    assert ("RDS501", "session_{}") not in flags and ("RDS501", "featuredProducts") not in flags  # the pattern allows them


def test_the_docs_list_every_command_inspect_sends():
    from linter44s.inspect import READ_ONLY_COMMANDS

    docs = (ROOT / "docs" / "inspect.md").read_text()
    table = docs[docs.index("| command | why | cost |"):]
    for command in READ_ONLY_COMMANDS:
        assert f"`{command}" in table or f"`{command.split()[0]}`" in table, command


@pytest.mark.parametrize("grants", [["+info"], ["+info", "+scan"]], ids=["no-scan", "no-type"])
def test_a_user_without_a_needed_command_is_one_line(project, seeded, grants):
    admin = redis.Redis(port=seeded.port)
    admin.execute_command("ACL", "SETUSER", "partial", "on", ">pw", "~*", "-@all", *grants)
    try:
        result = project.run("inspect", "--url", f"redis://partial:pw@127.0.0.1:{seeded.port}/0")
    finally:
        admin.execute_command("ACL", "DELUSER", "partial")
    err = result.stderr.decode()
    assert result.returncode == 2 and len(err.strip().splitlines()) == 1, err
    assert "may not run a command inspect needs" in err and "docs/inspect.md" in err
