"""One `inspect` run: connect, read each primary, build the report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from linter44s.inspect import families as fam
from linter44s.inspect import stats
from linter44s.inspect.connect import InspectError, Target, explain, open_client
from linter44s.inspect.report import Report, SampleInfo, Server, family_flags, server_flags
from linter44s.inspect.sample import Sampling, sample_keys
from linter44s.patterns import UserPattern


@dataclass(frozen=True)
class Limits:
    sample: int  # keys, over all primaries
    budget: float  # seconds for sampling, over all primaries
    timeout: float  # seconds for connecting and for each reply


@dataclass(frozen=True)
class NodeResult:
    info: dict[str, Any]
    traffic: stats.Traffic
    families: list[fam.Family]
    sampling: Sampling


def _call(target: Target, timeout: float, action: Any) -> Any:
    """Run `action`; any failure of the connection is one clear line."""
    from redis import exceptions as rx

    try:
        return action()
    except (rx.RedisError, OSError) as exc:
        raise explain(exc, target, timeout) from None


def _node_lines(reply: Any) -> list[tuple[str, list[str]]]:
    """(host:port, flags) of each node, from CLUSTER NODES as text or as redis-py's parsed dict."""
    if isinstance(reply, dict):
        return [(str(address), str(node.get("flags", "")).split(",")) for address, node in reply.items()]
    text = reply.decode() if isinstance(reply, bytes) else str(reply)
    return [(fields[1].split("@")[0], fields[2].split(",")) for fields in map(str.split, text.splitlines()) if len(fields) >= 3]


def _primaries(client: Any, target: Target, timeout: float) -> list[Target]:
    """Each primary of a cluster, from CLUSTER NODES (`id host:port@bus flags ...`)."""
    reply = _call(target, timeout, lambda: client.execute_command("CLUSTER NODES"))
    found: list[Target] = []
    for address, flags in _node_lines(reply):
        if "master" not in flags or "fail" in flags:
            continue
        host, _, port = address.split("@")[0].rpartition(":")
        if "myself" in flags or not host:
            host = target.host  # as we reached it: a node may announce an address we cannot route
        found.append(target.node(host, int(port)))
    if not found:
        raise InspectError(f"{target.display}: cluster mode, but CLUSTER NODES names no primary")
    return found


def _node(target: Target, limits: Limits, sample: int, budget: float) -> NodeResult:
    client = open_client(target, limits.timeout)
    try:
        info = _call(target, limits.timeout, lambda: client.info("all"))
        traffic = _call(target, limits.timeout, lambda: stats.read_usage(client)) or stats.traffic_from_info(info)
        sampling = _call(target, limits.timeout, lambda: sample_keys(client, sample, budget)) if sample else Sampling((), False, False, 0.0)
    finally:
        client.close()
    return NodeResult(info, traffic, fam.group(sampling.keys), sampling)


def _probe(target: Target, limits: Limits) -> dict[str, Any]:
    client = open_client(target, limits.timeout)
    try:
        info = _call(target, limits.timeout, lambda: client.info("all"))
        if not isinstance(info, dict) or "redis_version" not in info:
            raise InspectError(f"{target.display}: the service there does not answer INFO as Redis does")
        if str(info.get("cluster_enabled", "0")) == "1":
            info["_primaries"] = _primaries(client, target, limits.timeout)
        return info
    finally:
        client.close()


def inspect_server(target: Target, limits: Limits, pattern: UserPattern, persistent: tuple[str, ...] = ()) -> tuple[Report, list[str]]:
    """The report, and notes for the user (a replica, a cluster) to print apart."""
    notes: list[str] = []
    info = _probe(target, limits)
    primaries: list[Target] = info.pop("_primaries", None) or [target]
    mode = "cluster" if len(primaries) > 1 or str(info.get("cluster_enabled", "0")) == "1" else "standalone"
    if mode == "cluster":
        notes.append(f"{target.display} is in cluster mode: sampling each of its {len(primaries)} primaries")
    if info.get("role") == "slave":
        notes.append(f"{target.display} is a read-only replica: its traffic is its own, its keys are its primary's")
    share = -(-limits.sample // len(primaries))  # 0 stays 0: no keyspace walk
    nodes = [_node(p, limits, share, limits.budget / len(primaries)) for p in primaries]
    db = f"db{target.db}"
    server = Server(
        target.display, str(info.get("redis_version", "?")), str(info.get("role", "?")), mode, len(primaries),
        str(info.get("maxmemory_policy", "?")), sum(stats.as_int(n.info.get("used_memory")) for n in nodes),
        sum(stats.as_int((n.info.get(db) or {}).get("keys")) for n in nodes),
    )
    families = tuple(fam.merge(n.families for n in nodes))
    commands = stats.merge_calls([stats.command_calls(n.info) for n in nodes])
    connections = stats.merge_connections([stats.connections_from_info(n.info) for n in nodes])
    sample = SampleInfo(
        sum(len(n.sampling.keys) for n in nodes), limits.sample, all(n.sampling.complete for n in nodes),
        any(n.sampling.out_of_time for n in nodes), round(sum(n.sampling.seconds for n in nodes), 3),
        sum(2 * len(n.sampling.keys) + sum(1 for k in n.sampling.keys if k.length is not None) for n in nodes),
    )
    flags = tuple(family_flags(families, pattern, server.maxmemory_policy, persistent) + server_flags(commands, connections))
    traffic = stats.merge_traffic([n.traffic for n in nodes])
    return Report(server, traffic, sample, families, commands, connections, flags), notes
