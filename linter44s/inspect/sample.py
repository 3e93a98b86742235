"""A bounded sample of the keyspace: SCAN with COUNT, never KEYS.

It stops at whichever comes first: `limit` keys, the end of the keyspace, or
the time budget.  Each SCAN page is followed by two pipelined round trips:
TYPE, PTTL and MEMORY USAGE ... SAMPLES for every key, then the length
command of each collection.  Every command is O(1) or bounded by SAMPLES.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

SCAN_COUNT = 200  # keys the server looks at per SCAN call: short calls, few round trips
MEMORY_SAMPLES = 5  # MEMORY USAGE estimates a collection from this many elements
_LENGTH = {"list": "LLEN", "set": "SCARD", "zset": "ZCARD", "hash": "HLEN", "stream": "XLEN"}


@dataclass(frozen=True)
class KeySample:
    key: str
    type: str
    ttl_ms: int  # -1: no TTL
    memory: int | None  # bytes, as MEMORY USAGE estimates them
    length: int | None  # elements of a collection; None for a string


@dataclass(frozen=True)
class Sampling:
    keys: tuple[KeySample, ...]
    complete: bool  # SCAN went all the way round: every key was seen
    out_of_time: bool  # the time budget ended it
    seconds: float


def _text(raw: Any) -> str:
    return raw.decode("utf-8", "backslashreplace") if isinstance(raw, bytes) else str(raw)


def _describe(client: Any, names: list[bytes]) -> list[KeySample]:
    pipe = client.pipeline(transaction=False)
    for name in names:
        pipe.type(name)
        pipe.pttl(name)
        pipe.execute_command("MEMORY", "USAGE", name, "SAMPLES", MEMORY_SAMPLES)
    replies = pipe.execute(raise_on_error=False)
    described = []
    for i, name in enumerate(names):
        if isinstance(replies[3 * i], Exception):  # TYPE refused (an ACL): one clear line, not a key of type "error"
            raise replies[3 * i]
        kind, ttl, memory = (_text(replies[3 * i]), replies[3 * i + 1], replies[3 * i + 2])
        if kind == "none":  # expired or deleted since SCAN saw it
            continue
        described.append((name, kind, ttl if isinstance(ttl, int) else -1, memory if isinstance(memory, int) else None))
    pipe = client.pipeline(transaction=False)
    measured = [d for d in described if d[1] in _LENGTH]
    for name, kind, _, _ in measured:
        pipe.execute_command(_LENGTH[kind], name)
    lengths = dict(zip((d[0] for d in measured), pipe.execute(raise_on_error=False), strict=True)) if measured else {}
    return [
        KeySample(_text(name), kind, ttl, memory, lengths[name] if isinstance(lengths.get(name), int) else None)
        for name, kind, ttl, memory in described
    ]


def sample_keys(client: Any, limit: int, budget: float) -> Sampling:
    """Up to `limit` keys of the client's database, within `budget` seconds."""
    started = time.monotonic()
    seen: dict[str, KeySample] = {}  # SCAN may return a key twice
    cursor: int = 0
    complete = out_of_time = False
    while len(seen) < limit:
        if time.monotonic() - started > budget:
            out_of_time = True
            break
        cursor, names = client.scan(cursor=cursor, count=SCAN_COUNT)
        names = names[: limit - len(seen)]
        for sample in _describe(client, names) if names else []:
            seen.setdefault(sample.key, sample)
        if int(cursor) == 0:
            complete = True
            break
    return Sampling(tuple(seen.values()), complete, out_of_time, time.monotonic() - started)
