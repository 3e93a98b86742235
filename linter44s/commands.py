"""The command table: which client methods send which Redis command, and
which of their arguments are keys.

Rules never spell a client method: they ask this table.  Each row is
`COMMAND: (keys, min_args, node-redis v4 spelling, traits)` where `keys` is

- "first": the first argument is the key,
- "first2": the first two arguments are keys (RENAME, SMOVE, LMOVE...),
- "all": every positional argument is a key (MGET, DEL, EXISTS...),
- "mapping": the keys of a mapping argument (MSET),
- "none": no key (PING, FLUSHALL, KEYS' pattern is not a key),

`min_args` is the fewest positional arguments the command takes: a call
with fewer is not this command (``settings.get()`` is no GET), and the
traits say what kind of command it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# Traits
READ = "read"
WRITE = "write"  # writes (and may create) its key
CREATES = "creates"  # may create a key that then lives forever without a TTL
EXPIRY = "expiry"  # sets a TTL on its key
BLOCKING = "blocking"  # waits for data: worker loops call it on purpose
CURSOR = "cursor"  # SCAN family: loops over it are cursor loops
MULTI_KEY = "multi-key"  # takes a whole batch of keys already
ADMIN = "admin"
FLUSH = "flush"
SET_FAMILY = "set-family"
UNBOUNDED = "unbounded"
SCRIPT = "script"  # takes a Lua script (its text, or an option holding it), read by RDS101/RDS102
CLIENT_SIDE = "client-side"  # a client helper that builds an object and sends nothing itself (redis-py `lock()`)


@dataclass(frozen=True, slots=True)
class CommandSpec:
    name: str
    keys: str
    min_args: int
    node: str  # node-redis v4 camelCase method
    traits: frozenset[str]


_ROWS: dict[str, tuple[str, int, str, tuple[str, ...]]] = {
    # strings
    "GET": ("first", 1, "get", (READ,)),
    "SET": ("first", 2, "set", (WRITE, CREATES, SET_FAMILY)),
    "SETNX": ("first", 2, "setNX", (WRITE, CREATES, SET_FAMILY)),
    "SETEX": ("first", 3, "setEx", (WRITE, EXPIRY)),
    "PSETEX": ("first", 3, "pSetEx", (WRITE, EXPIRY)),
    "GETSET": ("first", 2, "getSet", (WRITE, CREATES, SET_FAMILY)),
    "GETEX": ("first", 1, "getEx", (READ,)),
    "GETDEL": ("first", 1, "getDel", (READ, WRITE)),
    "MGET": ("all", 1, "mGet", (READ, MULTI_KEY)),
    "MSET": ("mapping", 1, "mSet", (WRITE, CREATES, SET_FAMILY, MULTI_KEY)),
    "MSETNX": ("mapping", 1, "mSetNX", (WRITE, CREATES, SET_FAMILY, MULTI_KEY)),
    "INCR": ("first", 1, "incr", (WRITE, CREATES)),
    "INCRBY": ("first", 2, "incrBy", (WRITE, CREATES)),
    "INCRBYFLOAT": ("first", 2, "incrByFloat", (WRITE, CREATES)),
    "DECR": ("first", 1, "decr", (WRITE, CREATES)),
    "DECRBY": ("first", 2, "decrBy", (WRITE, CREATES)),
    "APPEND": ("first", 2, "append", (WRITE, CREATES)),
    "STRLEN": ("first", 1, "strLen", (READ,)),
    "GETRANGE": ("first", 3, "getRange", (READ,)),
    "SETRANGE": ("first", 3, "setRange", (WRITE, CREATES)),
    "SETBIT": ("first", 3, "setBit", (WRITE, CREATES)),
    "GETBIT": ("first", 2, "getBit", (READ,)),
    "BITCOUNT": ("first", 1, "bitCount", (READ,)),
    # keys
    "DEL": ("all", 1, "del", (WRITE, MULTI_KEY)),
    "UNLINK": ("all", 1, "unlink", (WRITE, MULTI_KEY)),
    "EXISTS": ("all", 1, "exists", (READ, MULTI_KEY)),
    "TOUCH": ("all", 1, "touch", (READ, MULTI_KEY)),
    "EXPIRE": ("first", 2, "expire", (EXPIRY,)),
    "PEXPIRE": ("first", 2, "pExpire", (EXPIRY,)),
    "EXPIREAT": ("first", 2, "expireAt", (EXPIRY,)),
    "PEXPIREAT": ("first", 2, "pExpireAt", (EXPIRY,)),
    "PERSIST": ("first", 1, "persist", (WRITE,)),
    "TTL": ("first", 1, "ttl", (READ,)),
    "PTTL": ("first", 1, "pTTL", (READ,)),
    "TYPE": ("first", 1, "type", (READ,)),
    "RENAME": ("first2", 2, "rename", (WRITE,)),
    "KEYS": ("none", 0, "keys", (READ, UNBOUNDED)),
    "SCAN": ("none", 0, "scan", (READ, CURSOR)),
    "DUMP": ("first", 1, "dump", (READ,)),
    # hashes
    "HGET": ("first", 2, "hGet", (READ,)),
    "HMGET": ("first", 2, "hmGet", (READ, MULTI_KEY)),
    "HSET": ("first", 1, "hSet", (WRITE, CREATES)),
    "HSETNX": ("first", 3, "hSetNX", (WRITE, CREATES)),
    "HMSET": ("first", 2, "hmSet", (WRITE, CREATES, MULTI_KEY)),
    "HDEL": ("first", 2, "hDel", (WRITE,)),
    "HGETALL": ("first", 1, "hGetAll", (READ, UNBOUNDED)),
    "HKEYS": ("first", 1, "hKeys", (READ, UNBOUNDED)),
    "HVALS": ("first", 1, "hVals", (READ, UNBOUNDED)),
    "HLEN": ("first", 1, "hLen", (READ,)),
    "HEXISTS": ("first", 2, "hExists", (READ,)),
    "HINCRBY": ("first", 3, "hIncrBy", (WRITE, CREATES)),
    "HINCRBYFLOAT": ("first", 3, "hIncrByFloat", (WRITE, CREATES)),
    "HSCAN": ("first", 1, "hScan", (READ, CURSOR)),
    # lists
    "LPUSH": ("first", 2, "lPush", (WRITE, CREATES)),
    "RPUSH": ("first", 2, "rPush", (WRITE, CREATES)),
    "LPUSHX": ("first", 2, "lPushX", (WRITE,)),
    "RPUSHX": ("first", 2, "rPushX", (WRITE,)),
    "LPOP": ("first", 1, "lPop", (READ, WRITE)),
    "RPOP": ("first", 1, "rPop", (READ, WRITE)),
    "BLPOP": ("all", 1, "blPop", (READ, WRITE, BLOCKING)),
    "BRPOP": ("all", 1, "brPop", (READ, WRITE, BLOCKING)),
    "BRPOPLPUSH": ("first2", 3, "brPopLPush", (READ, WRITE, BLOCKING)),
    "BLMOVE": ("first2", 5, "blMove", (READ, WRITE, BLOCKING)),
    "RPOPLPUSH": ("first2", 2, "rPopLPush", (READ, WRITE, CREATES)),
    "LMOVE": ("first2", 4, "lMove", (READ, WRITE, CREATES)),
    "LRANGE": ("first", 3, "lRange", (READ,)),
    "LLEN": ("first", 1, "lLen", (READ,)),
    "LINDEX": ("first", 2, "lIndex", (READ,)),
    "LREM": ("first", 3, "lRem", (WRITE,)),
    "LTRIM": ("first", 3, "lTrim", (WRITE,)),
    "LSET": ("first", 3, "lSet", (WRITE,)),
    "LPOS": ("first", 2, "lPos", (READ,)),
    # sets
    "SADD": ("first", 2, "sAdd", (WRITE, CREATES)),
    "SREM": ("first", 2, "sRem", (WRITE,)),
    "SMEMBERS": ("first", 1, "sMembers", (READ, UNBOUNDED)),
    "SISMEMBER": ("first", 2, "sIsMember", (READ,)),
    "SCARD": ("first", 1, "sCard", (READ,)),
    "SPOP": ("first", 1, "sPop", (READ, WRITE)),
    "SSCAN": ("first", 1, "sScan", (READ, CURSOR)),
    "SMOVE": ("first2", 3, "sMove", (WRITE,)),
    "SUNION": ("all", 1, "sUnion", (READ, MULTI_KEY)),
    "SINTER": ("all", 1, "sInter", (READ, MULTI_KEY)),
    "SDIFF": ("all", 1, "sDiff", (READ, MULTI_KEY)),
    # sorted sets
    "ZADD": ("first", 2, "zAdd", (WRITE, CREATES)),
    "ZINCRBY": ("first", 3, "zIncrBy", (WRITE, CREATES)),
    "ZREM": ("first", 2, "zRem", (WRITE,)),
    "ZSCORE": ("first", 2, "zScore", (READ,)),
    "ZRANK": ("first", 2, "zRank", (READ,)),
    "ZREVRANK": ("first", 2, "zRevRank", (READ,)),
    "ZCARD": ("first", 1, "zCard", (READ,)),
    "ZCOUNT": ("first", 3, "zCount", (READ,)),
    "ZRANGE": ("first", 3, "zRange", (READ,)),
    "ZREVRANGE": ("first", 3, "zRevRange", (READ,)),
    "ZRANGEBYSCORE": ("first", 3, "zRangeByScore", (READ,)),
    "ZREVRANGEBYSCORE": ("first", 3, "zRevRangeByScore", (READ,)),
    "ZREMRANGEBYSCORE": ("first", 3, "zRemRangeByScore", (WRITE,)),
    "ZREMRANGEBYRANK": ("first", 3, "zRemRangeByRank", (WRITE,)),
    "ZPOPMIN": ("first", 1, "zPopMin", (READ, WRITE)),
    "ZPOPMAX": ("first", 1, "zPopMax", (READ, WRITE)),
    "BZPOPMIN": ("all", 1, "bzPopMin", (READ, WRITE, BLOCKING)),
    "BZPOPMAX": ("all", 1, "bzPopMax", (READ, WRITE, BLOCKING)),
    "ZSCAN": ("first", 1, "zScan", (READ, CURSOR)),
    # streams, hyperloglog, geo
    "XADD": ("first", 2, "xAdd", (WRITE, CREATES)),
    "XREAD": ("none", 1, "xRead", (READ, BLOCKING)),
    "XREADGROUP": ("none", 2, "xReadGroup", (READ, BLOCKING)),
    "XRANGE": ("first", 1, "xRange", (READ,)),
    "XLEN": ("first", 1, "xLen", (READ,)),
    "XACK": ("first", 3, "xAck", (WRITE,)),
    "XTRIM": ("first", 1, "xTrim", (WRITE,)),
    "PFADD": ("first", 1, "pfAdd", (WRITE, CREATES)),
    "PFCOUNT": ("all", 1, "pfCount", (READ, MULTI_KEY)),
    "GEOADD": ("first", 2, "geoAdd", (WRITE, CREATES)),
    # pub/sub, scripting, server
    "PUBLISH": ("none", 2, "publish", ()),
    "EVAL": ("none", 1, "eval", (SCRIPT,)),
    "EVALSHA": ("none", 1, "evalSha", ()),
    "WATCH": ("all", 1, "watch", (MULTI_KEY,)),
    "PING": ("none", 0, "ping", ()),
    "FLUSHALL": ("none", 0, "flushAll", (FLUSH,)),
    "FLUSHDB": ("none", 0, "flushDb", (FLUSH,)),
    "MONITOR": ("none", 0, "monitor", (ADMIN,)),
    "DEBUG": ("none", 1, "debug", (ADMIN,)),
    "CONFIG SET": ("none", 2, "configSet", (ADMIN,)),
    "CONFIG": ("none", 1, "config", ()),
    "SHUTDOWN": ("none", 0, "shutdown", (ADMIN,)),
    "SAVE": ("none", 0, "save", (ADMIN,)),
    "SCRIPT LOAD": ("none", 1, "scriptLoad", (SCRIPT,)),
    # client helpers (redis-py): the lock's name is a key, its `timeout` the key's TTL
    "LOCK": ("first", 1, "", (CLIENT_SIDE,)),
    # scripts registered on the client (redis-py `register_script`, ioredis `defineCommand`)
    "REGISTER_SCRIPT": ("none", 1, "", (CLIENT_SIDE, SCRIPT)),
    "DEFINE_COMMAND": ("none", 2, "defineCommand", (CLIENT_SIDE, SCRIPT)),
}

COMMANDS: dict[str, CommandSpec] = {
    name: CommandSpec(name, keys, min_args, node, frozenset(traits))
    for name, (keys, min_args, node, traits) in _ROWS.items()
}

def spec(command: str) -> CommandSpec | None:
    return COMMANDS.get(command)


def has(command: str, trait: str) -> bool:
    found = COMMANDS.get(command)
    return found is not None and trait in found.traits


def raw_command_name(words: list[str]) -> str | None:
    """Map the literal words of a raw call ("CONFIG", "SET") to a table row."""
    if not words:
        return None
    first = words[0].upper()
    if len(words) > 1 and f"{first} {words[1].upper()}" in COMMANDS:
        return f"{first} {words[1].upper()}"
    return first if first in COMMANDS else None


def _methods(language: str) -> dict[str, str]:
    """Method -> command over every library of a language, from the profiles
    (redis-py `delete`, coredis `delete`, aioredis 1.x `iscan`, ioredis
    `getBuffer`, node-redis `hGetAll` and `SET`...)."""
    from linter44s import profiles  # the profiles read this table

    found: dict[str, str] = {}
    for profile in profiles.of_language(language):
        found.update(profile.methods())
    return found


def _library_methods(name: str) -> dict[str, str]:
    from linter44s import profiles

    profile = profiles.named(name)
    return profile.methods() if profile else {}


def _raw_methods() -> dict[str, frozenset[str]]:
    """Raw command entry points (their first argument names the command):
    Python's over every library, JavaScript's by API family."""
    from linter44s import profiles

    found = {"python": frozenset(m for p in profiles.of_language("python") for m in p.raw_methods)}
    for p in profiles.of_language("javascript"):
        found[p.api] = found.get(p.api, frozenset()) | frozenset(p.raw_methods)
    return found


# The method tables, each built from the profiles on first use (PEP 562): a
# run over Python files never builds the JavaScript ones.
RAW_METHODS: dict[str, frozenset[str]]
PYTHON_METHODS: dict[str, str]
JS_METHODS: dict[str, str]
IOREDIS_METHODS: dict[str, str]
NODE_REDIS_METHODS: dict[str, str]
_TABLES: dict[str, Callable[[], object]] = {
    "RAW_METHODS": _raw_methods,
    "PYTHON_METHODS": lambda: _methods("python"),
    "JS_METHODS": lambda: _methods("javascript"),
    "IOREDIS_METHODS": lambda: _library_methods("ioredis"),
    "NODE_REDIS_METHODS": lambda: _library_methods("node-redis"),
}


def __getattr__(name: str) -> object:
    build = _TABLES.get(name)
    if build is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    table = globals()[name] = build()  # kept: built once
    return table
