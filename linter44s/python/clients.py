"""What the Redis client libraries for Python export: constructors and types,
read from their profiles (linter44s/profiles/).

Qualified names are resolved through the file's imports first
(`from redis import asyncio as aioredis` -> `redis.asyncio`).
"""

from __future__ import annotations

from dataclasses import dataclass

from linter44s import profiles
from linter44s.facts import ConstructionKind, Flavor
from linter44s.profiles import Constructor, Gives, Profile, redis_py

_PYTHON = profiles.of_language("python")
CLIENT_ROOTS = frozenset(root for p in _PYTHON for root in p.roots)
# The last name of every call that can build something: a cheap first test.
CONSTRUCTOR_NAMES = frozenset(c.name for p in _PYTHON for c in p.constructors)
# Methods of a client that give a pipeline (aioredis 1.x `multi_exec()` too).
PIPELINE_OPENERS = frozenset(m for p in _PYTHON for m in p.pipeline_openers)

_KIND: dict[Gives, ConstructionKind] = {Gives.CLIENT: "client", Gives.CLUSTER: "client", Gives.POOL: "pool", Gives.SENTINEL: "sentinel"}


@dataclass(frozen=True, slots=True)
class Made:
    """What a call to a qualified name makes."""

    kind: ConstructionKind
    flavor: Flavor
    library: str  # the profile's name: "redis-py", "valkey-py", "coredis"...


def _flavor(profile: Profile, parts: list[str], made: Constructor | None) -> Flavor:
    if made is not None and made.flavor is not None:
        return made.flavor
    if any(part in profile.async_modules for part in parts[1:]):
        return Flavor.ASYNC
    return profile.default_flavor


def _find(parts: list[str]) -> tuple[Profile, Constructor, Gives] | None:
    """The profile and constructor a qualified name calls, and what it gives:
    `from_url` on a pool class gives a pool, on a client class a client."""
    last, owner = parts[-1], parts[-2]
    for profile in profiles.with_root(parts[0]):
        by_name = {c.name: c for c in profile.constructors}
        made = by_name.get(last)
        if last == "from_url" and owner in by_name:
            owner_gives = by_name[owner].gives
            if owner_gives in (Gives.POOL, Gives.CLIENT, Gives.CLUSTER):
                return profile, by_name[owner], owner_gives
        if made is not None:
            return profile, made, made.gives
    return None


def constructed(qualname: str | None) -> Made | None:
    """`redis.Redis`, `redis.asyncio.from_url`, `redis.ConnectionPool.from_url`..."""
    if not qualname:
        return None
    parts = qualname.split(".")
    if parts[0] not in CLIENT_ROOTS or len(parts) < 2:
        return None
    found = _find(parts)
    if found is None:
        return None
    profile, made, gives = found
    return Made(_KIND[gives], _flavor(profile, parts, made), profile.name)


def profile_of(qualname: str | None) -> Profile | None:
    """The library a qualified name belongs to (the first profile of its root)."""
    if not qualname:
        return None
    parts = qualname.split(".")
    found = _find(parts) if len(parts) > 1 else None
    if found is not None:
        return found[0]
    candidates = profiles.with_root(parts[0])
    return candidates[0] if candidates else None


def annotated(qualname: str | None) -> tuple[str, Flavor] | None:
    """A type annotation naming a client or pipeline class: ("client"|"pipeline", flavor)."""
    if not qualname:
        return None
    parts = qualname.split(".")
    for profile in profiles.with_root(parts[0]):
        made = next((c for c in profile.constructors if c.name == parts[-1]), None)
        if parts[-1] in profile.client_types:
            return ("client", _flavor(profile, parts, made))
        if parts[-1] in profile.pipeline_types:
            return ("pipeline", _flavor(profile, parts, made))
    return None


def may_stand_for_client(qualname: str) -> bool:
    """Can a name imported from a client library (`from redis.client import
    Pipeline`) stand for a client: a client, pool or pipeline type, a
    constructor, or a module that holds them?  Its exceptions and helper
    classes (`ResponseError`, `Retry`) cannot."""
    if not is_library_module(qualname):
        return False
    last = qualname.rsplit(".", 1)[-1]
    return last[:1].islower() or constructed(qualname) is not None or annotated(qualname) is not None


def is_library_module(qualname: str) -> bool:
    return qualname.split(".")[0] in CLIENT_ROOTS


def positional_params(qualname: str) -> tuple[str, ...]:
    """Parameter names of a constructor's positional arguments, when known
    (`Redis(host, port, db, password, socket_timeout, ...)`)."""
    parts = qualname.split(".")
    if parts[0] not in CLIENT_ROOTS:
        return ()
    found = _find(parts) if len(parts) > 1 else None
    if found is not None and found[1].name == parts[-1]:
        return found[1].positional
    for profile in _PYTHON:  # a constructor reached through a name we could not place
        for made in profile.constructors:
            if made.name == parts[-1] and made.positional:
                return made.positional
    return ()


# Commands whose methods take options by position after the key and value
# (redis-py `set(name, value, ex, px, nx, ...)`).  The frontend names them, so
# the checks see one spelling.  Other libraries' differences are in their profiles.
COMMAND_POSITIONAL = dict(redis_py.COMMAND_POSITIONAL)
