"""Key families: keys grouped by their `type:id:field` shape.

Ids (numbers, UUIDs, hashes, random tokens) become `{}`, the hole the static
key templates use too, so `user:42:profile` and `user:7:profile` are one
family `user:{}:profile`, and that family can meet the code's
f"user:{uid}:profile".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from linter44s.inspect.sample import KeySample

HOLE = "{}"
MAX_KEY = 256  # a longer key is shaped on its first MAX_KEY characters: the shape is in its head
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_HEX = re.compile(r"(?<![A-Za-z0-9])(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{8,}(?![A-Za-z0-9])")
# A random token: long, letters and digits mixed (base64, ULIDs, session ids).
_TOKEN = re.compile(r"(?=[A-Za-z0-9+/=]*\d)(?=[A-Za-z0-9+/=]*[A-Za-z])[A-Za-z0-9+/=]{20,}")
_NUMBER = re.compile(r"\d+")


def _segment(segment: str) -> str:
    if _TOKEN.fullmatch(segment):
        return HOLE
    segment = _UUID.sub(HOLE, segment)
    segment = _HEX.sub(HOLE, segment)
    return _NUMBER.sub(HOLE, segment)


def family_of(key: str) -> str:
    """`user:42:profile` -> `user:{}:profile`; `session_8f3a9c2e11` -> `session_{}`."""
    head = key[:MAX_KEY]
    return ":".join(_segment(part) for part in head.split(":"))


@dataclass(frozen=True)
class Family:
    shape: str
    type: str  # "string", "hash", ... or "mixed"
    keys: int  # keys of this family in the sample
    without_ttl: int
    memory_bytes: int  # summed MEMORY USAGE of the sampled keys
    max_length: int | None  # the largest collection's length (None for strings)

    @property
    def no_ttl_share(self) -> float:
        return self.without_ttl / self.keys if self.keys else 0.0


def group(samples: Iterable[KeySample]) -> list[Family]:
    """The families of these sampled keys, biggest (by keys seen) first."""
    members: dict[str, list[KeySample]] = {}
    for sample in samples:
        members.setdefault(family_of(sample.key), []).append(sample)
    families = [_family(shape, keys) for shape, keys in members.items()]
    return sorted(families, key=lambda f: (-f.keys, -f.memory_bytes, f.shape))


def _family(shape: str, keys: list[KeySample]) -> Family:
    types = Counter(k.type for k in keys)
    kind = types.most_common(1)[0][0] if len(types) == 1 else "mixed"
    lengths = [k.length for k in keys if k.length is not None]
    return Family(
        shape, kind, len(keys), sum(1 for k in keys if k.ttl_ms < 0), sum(k.memory or 0 for k in keys),
        max(lengths) if lengths else None,
    )


def merge(parts: Iterable[list[Family]]) -> list[Family]:
    """One list from the families of several nodes (a cluster's primaries)."""
    merged: dict[str, Family] = {}
    for families in parts:
        for f in families:
            old = merged.get(f.shape)
            if old is None:
                merged[f.shape] = f
                continue
            lengths = [x for x in (old.max_length, f.max_length) if x is not None]
            merged[f.shape] = Family(
                f.shape, old.type if old.type == f.type else "mixed", old.keys + f.keys, old.without_ttl + f.without_ttl,
                old.memory_bytes + f.memory_bytes, max(lengths) if lengths else None,
            )
    return sorted(merged.values(), key=lambda f: (-f.keys, -f.memory_bytes, f.shape))
