"""What `inspect` found, the flags it raises (each the runtime evidence of a
rule), and the JSON that `check --inspect-report` reads back."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum
from typing import Any

from linter44s.inspect.families import HOLE, Family
from linter44s.inspect.stats import WATCHED, Connections, Traffic
from linter44s.patterns import UserPattern

REPORT_VERSION = 1
BIG_COLLECTION = 1000  # elements: reading it whole (RDS104) moves that many in one reply
GET_MGET_RATIO = 10  # single GETs per MGET above which batching is missing (RDS401)
GET_MGET_FLOOR = 100  # ...once there are this many GETs at all
CHURN_PER_SECOND = 1.0  # new connections a second, on average since start (RDS301)
CHURN_PER_CLIENT = 20  # ...and this many connections made for each one open now


class FlagKind(str, Enum):
    NO_TTL = "no-ttl"
    FLAT_NAME = "flat-name"
    BIG_COLLECTION = "big-collection"
    VOLATILE_NO_TTL = "volatile-policy-no-ttl"
    COMMAND = "command"
    GET_WITHOUT_MGET = "get-without-mget"
    CONNECTION_CHURN = "connection-churn"
    REJECTED = "rejected-connections"


@dataclass(frozen=True)
class Flag:
    code: str  # the rule whose runtime evidence this is
    kind: FlagKind
    subject: str  # a family shape, a command, or "server"
    message: str


@dataclass(frozen=True)
class Server:
    target: str  # Target.display: never credentials
    version: str
    role: str  # "master" | "slave"
    mode: str  # "standalone" | "cluster"
    nodes: int  # primaries inspected
    maxmemory_policy: str
    used_memory: int
    keys: int  # in the inspected database (dbsize), over all primaries


@dataclass(frozen=True)
class SampleInfo:
    keys: int
    limit: int
    complete: bool
    out_of_time: bool
    seconds: float
    # TYPE, PTTL and the length commands count as keyspace hits: what this
    # sampling added to the server's counters (read before it, so this run's
    # hit rate is clean; a later run's is not, by this much).
    lookups_added: int = 0


@dataclass(frozen=True)
class Report:
    server: Server
    traffic: Traffic
    sample: SampleInfo
    families: tuple[Family, ...]
    commands: dict[str, int]
    connections: Connections
    flags: tuple[Flag, ...]

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["version"] = REPORT_VERSION
        data["traffic"]["hit_rate"] = self.traffic.hit_rate
        data["connections"]["per_second"] = round(self.connections.per_second, 3)
        for family, out in zip(self.families, data["families"], strict=True):
            out["no_ttl_share"] = round(family.no_ttl_share, 4)
        for out in data["flags"]:
            out["kind"] = out["kind"].value
        return data


def is_flat(shape: str, pattern: UserPattern) -> bool:
    """A name RDS501 would flag: not the configured `key-pattern`, and an id
    or a camelCase word run into a name (a lone word such as `config` is no
    family name worth a flag)."""
    import re

    if pattern.fullmatch(shape):
        return False
    return HOLE in shape or bool(re.search(r"[a-z][A-Z]", shape))


def family_flags(families: tuple[Family, ...], pattern: UserPattern, policy: str, persistent: tuple[str, ...] = ()) -> list[Flag]:
    """`persistent`: the `persistent-prefixes` setting, families meant to live forever (as RDS201 reads it)."""
    flags: list[Flag] = []
    for f in families:
        if f.without_ttl and not f.shape.startswith(persistent):
            share = (f"{f.no_ttl_share:.0%} of {f.keys:,} sampled keys have" if f.without_ttl < f.keys
                     else "the one sampled key has" if f.keys == 1 else f"all {f.keys:,} sampled keys have")
            flags.append(Flag("RDS201", FlagKind.NO_TTL, f.shape, f"`{f.shape}`: {share} no TTL"))
        if is_flat(f.shape, pattern):
            flags.append(Flag("RDS501", FlagKind.FLAT_NAME, f.shape, f"`{f.shape}` is a flat name: not `type:id:field` (key-pattern)"))
        if f.max_length is not None and f.max_length >= BIG_COLLECTION:
            flags.append(Flag("RDS104", FlagKind.BIG_COLLECTION, f.shape,
                              f"`{f.shape}`: a {f.type} of {f.max_length:,} elements: reading it whole is one huge reply"))
    without = sum(f.without_ttl for f in families)
    if policy.startswith("volatile-") and families and without == sum(f.keys for f in families):
        flags.append(Flag("RDS201", FlagKind.VOLATILE_NO_TTL, "server",
                          f"maxmemory-policy is {policy} but no sampled key has a TTL: nothing can be evicted, "
                          "writes fail once memory is full"))
    return flags


def server_flags(commands: dict[str, int], connections: Connections) -> list[Flag]:
    flags = [
        Flag(WATCHED[name], FlagKind.COMMAND, name.upper().replace("|", " "),
             f"{name.upper().replace('|', ' ')} ran {'once' if calls == 1 else f'{calls:,} times'} since the server started")
        for name, calls in sorted(commands.items()) if name in WATCHED and calls
    ]
    get, mget = commands.get("get", 0), commands.get("mget", 0)
    if get >= GET_MGET_FLOOR and get > GET_MGET_RATIO * mget:
        flags.append(Flag("RDS401", FlagKind.GET_WITHOUT_MGET, "GET",
                          f"{get:,} single-key GET calls against {mget:,} MGET: batch lookups of many keys"))
    c = connections
    if c.per_second >= CHURN_PER_SECOND and c.received > CHURN_PER_CLIENT * max(c.connected_clients, 1):
        flags.append(Flag("RDS301", FlagKind.CONNECTION_CHURN, "server",
                          f"{c.per_second:,.1f} new connections a second since start ({c.received:,} in {c.since}) "
                          f"for {c.connected_clients:,} open now: clients connect per request"))
    if c.rejected:
        flags.append(Flag("RDS301", FlagKind.REJECTED, "server",
                          f"{c.rejected:,} connections rejected (maxclients reached)"))
    return flags
