"""Server-wide numbers: traffic and hit rate, watched commands, connections.

Each comes from one INFO reply (or 44S.USAGE where the server has it), so a
cluster's numbers are the sum over its primaries (`merge_*`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

TrafficSource = Literal["44s.usage", "info"]

# INFO commandstats names (subcommands joined with `|`) -> the rule they are evidence for.
WATCHED: dict[str, str] = {
    "keys": "RDS101",
    "flushall": "RDS102",
    "flushdb": "RDS102",
    "monitor": "RDS103",
    "debug": "RDS103",
    "config|set": "RDS103",
    "config|rewrite": "RDS103",
    "config|resetstat": "RDS103",
}
_BATCHING = ("get", "mget")  # single-key GET against MGET: RDS401


@dataclass(frozen=True)
class Traffic:
    source: TrafficSource
    requests: int
    bytes_in: int
    bytes_out: int
    hits: int
    misses: int
    evicted_keys: int | None = None  # INFO only
    expired_keys: int | None = None

    @property
    def hit_rate(self) -> float | None:
        """hits / (hits + misses); None before the first lookup."""
        lookups = self.hits + self.misses
        return self.hits / lookups if lookups else None


@dataclass(frozen=True)
class Connections:
    received: int  # total_connections_received since start
    uptime_seconds: int
    connected_clients: int
    rejected: int

    @property
    def per_second(self) -> float:
        return self.received / max(self.uptime_seconds, 1)

    @property
    def since(self) -> str:
        """How long the server has been up, in words for a message."""
        return "under a second" if self.uptime_seconds < 1 else f"{self.uptime_seconds:,} s"


def as_int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def traffic_from_info(info: dict[str, Any]) -> Traffic:
    return Traffic(
        "info", as_int(info.get("total_commands_processed")), as_int(info.get("total_net_input_bytes")),
        as_int(info.get("total_net_output_bytes")), as_int(info.get("keyspace_hits")), as_int(info.get("keyspace_misses")),
        as_int(info.get("evicted_keys")), as_int(info.get("expired_keys")),
    )


_USAGE_FIELDS = {"requests": "requests", "bytes_in": "bytes_in", "bytes_out": "bytes_out",
                 "cache_hits": "hits", "hits": "hits", "cache_misses": "misses", "misses": "misses"}


def parse_usage(reply: Any) -> Traffic | None:
    """44S.USAGE as the guide shows it (`requests: 1523456` lines), as a flat
    [name, value, ...] array, or as a map; None when it has no hit counts."""
    pairs: list[tuple[Any, Any]] = []
    if isinstance(reply, bytes | str):
        text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
        pairs = [tuple(line.split(":", 1)) for line in text.splitlines() if ":" in line]  # type: ignore[misc]
    elif isinstance(reply, dict):
        pairs = list(reply.items())
    elif isinstance(reply, list | tuple):
        flat = [item for item in reply]
        if all(isinstance(item, list | tuple) and len(item) == 2 for item in flat):
            pairs = [tuple(item) for item in flat]
        else:
            pairs = list(zip(flat[::2], flat[1::2], strict=False))
    values: dict[str, int] = {}
    for name, value in pairs:
        name = name.decode() if isinstance(name, bytes) else str(name)
        value = value.decode() if isinstance(value, bytes) else value
        field = _USAGE_FIELDS.get(name.strip().lower())
        if field is not None:
            values[field] = as_int(str(value).strip())
    if "hits" not in values or "misses" not in values:
        return None
    return Traffic("44s.usage", values.get("requests", 0), values.get("bytes_in", 0), values.get("bytes_out", 0),
                   values["hits"], values["misses"])


def read_usage(client: Any) -> Traffic | None:
    """44S.USAGE, or None where the server does not know it (or the ACL forbids it)."""
    from redis import exceptions as rx

    try:
        return parse_usage(client.execute_command("44S.USAGE"))
    except rx.ResponseError:
        return None


def command_calls(info: dict[str, Any]) -> dict[str, int]:
    """Calls since start of the watched commands and of GET and MGET."""
    calls: dict[str, int] = {}
    for name, stats in info.items():
        if not name.startswith("cmdstat_") or not isinstance(stats, dict):
            continue
        command = name[len("cmdstat_"):].lower()
        if command in WATCHED or command in _BATCHING:
            calls[command] = calls.get(command, 0) + as_int(stats.get("calls"))
    return calls


def connections_from_info(info: dict[str, Any]) -> Connections:
    return Connections(as_int(info.get("total_connections_received")), as_int(info.get("uptime_in_seconds")),
                       as_int(info.get("connected_clients")), as_int(info.get("rejected_connections")))


def merge_traffic(parts: list[Traffic]) -> Traffic:
    def total(name: str) -> int:
        return sum(getattr(p, name) or 0 for p in parts)

    first = parts[0]
    return Traffic(first.source, total("requests"), total("bytes_in"), total("bytes_out"), total("hits"), total("misses"),
                   None if first.evicted_keys is None else total("evicted_keys"),
                   None if first.expired_keys is None else total("expired_keys"))


def merge_connections(parts: list[Connections]) -> Connections:
    return Connections(sum(p.received for p in parts), max(p.uptime_seconds for p in parts),
                       sum(p.connected_clients for p in parts), sum(p.rejected for p in parts))


def merge_calls(parts: list[dict[str, int]]) -> dict[str, int]:
    merged: dict[str, int] = {}
    for part in parts:
        for name, count in part.items():
            merged[name] = merged.get(name, 0) + count
    return merged
