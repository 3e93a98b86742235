"""44S.USAGE: served by a small RESP server, since redis-server has no such command."""

from __future__ import annotations

import json

import pytest

from linter44s.inspect.stats import parse_usage
from tests.inspect.fakes import array, bulk, resp_server

GUIDE_REPLY = "requests: 1523456\nbytes_in: 892345678\nbytes_out: 234567890\ncache_hits: 1234567\ncache_misses: 288889\n"
INFO = ("# Server\r\nredis_version:7.2.4\r\nuptime_in_seconds:100\r\n# Clients\r\nconnected_clients:3\r\n"
        "# Stats\r\ntotal_connections_received:10\r\nkeyspace_hits:5\r\nkeyspace_misses:5\r\n"
        "# Replication\r\nrole:master\r\n# Keyspace\r\n")


def _server(usage: bytes):
    def reply(words: list[bytes]) -> bytes:
        name = words[0].upper()
        if name == b"INFO":
            return bulk(INFO)
        if name == b"44S.USAGE":
            return usage
        if name == b"SCAN":
            return array(bulk("0"), array())
        return b"-ERR unknown command\r\n"

    return resp_server(reply)


@pytest.mark.parametrize("usage", [
    bulk(GUIDE_REPLY),  # the guide's shape: one text of `name: value` lines
    array(*(bulk(w) for w in ["requests", "1523456", "bytes_in", "892345678", "bytes_out", "234567890", "cache_hits", "1234567", "cache_misses", "288889"])),
], ids=["lines", "flat-array"])
def test_traffic_from_44s_usage(project, usage):
    with _server(usage) as port:
        result = project.run("inspect", "--url", f"redis://127.0.0.1:{port}/0", "--output-format", "json", "--timeout", "3")
    assert result.returncode == 0, result.stderr.decode()
    traffic = json.loads(result.stdout)["traffic"]
    assert traffic["source"] == "44s.usage"
    assert (traffic["requests"], traffic["bytes_in"], traffic["bytes_out"]) == (1523456, 892345678, 234567890)
    assert traffic["hit_rate"] == 1234567 / (1234567 + 288889)


def test_the_text_report_names_its_source_and_the_gate_uses_it(project):
    with _server(bulk(GUIDE_REPLY)) as port:
        result = project.run("inspect", "--url", f"redis://127.0.0.1:{port}/0", "--min-hit-rate", "0.9", "--timeout", "3")
    assert "Traffic (from 44S.USAGE)" in result.stdout.decode()
    assert "81.0%" in result.stdout.decode()  # 1234567 / 1523456 lookups
    assert result.returncode == 1 and "below --min-hit-rate 90.0%" in result.stderr.decode()


def test_a_server_without_44s_usage_falls_back_to_info(project):
    with _server(b"-ERR unknown command '44S.USAGE'\r\n") as port:
        result = project.run("inspect", "--url", f"redis://127.0.0.1:{port}/0", "--output-format", "json", "--timeout", "3")
    traffic = json.loads(result.stdout)["traffic"]
    assert (traffic["source"], traffic["hits"], traffic["misses"], traffic["hit_rate"]) == ("info", 5, 5, 0.5)


@pytest.mark.parametrize("reply", [b"", b"requests: 10\n", [], {b"requests": b"1"}])
def test_a_usage_reply_without_hit_counts_is_not_used(reply):
    assert parse_usage(reply) is None


def test_a_map_reply():
    traffic = parse_usage({b"cache_hits": 9, b"cache_misses": 1, b"requests": 12})
    assert traffic is not None and (traffic.hits, traffic.misses, traffic.requests, traffic.hit_rate) == (9, 1, 12, 0.9)
