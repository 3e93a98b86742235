"""What a client library is, as data: one `Profile` per library.

Frontends read a profile's import roots, constructors, types and method
aliases to find clients and commands; checks read its `Spelling` to write
advice in the file's own library (`pipeline()...execute()` for redis-py,
`multi()...execAsPipeline()` for node-redis).  No other module spells a
library's method or option.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType
from typing import Literal

from linter44s.facts import Flavor

Language = Literal["python", "javascript"]
# How a library names the method of a command by default: redis-py `hgetall`
# and `config_set`, ioredis `hgetall`, node-redis v4 `hGetAll` (the table's column).
MethodStyle = Literal["snake", "lower", "camel"]
# Options the checks reason about, whatever the library calls them.
CanonicalOption = Literal[
    "socket_timeout", "connect_timeout", "max_connections", "retry", "retry_strategy", "password", "url", "host",
    "ex", "px", "exat", "pxat", "keepttl", "nx",
]


class Gives(str, Enum):
    """What calling a constructor gives."""

    CLIENT = "client"
    CLUSTER = "cluster"  # a cluster client: a client to the checks
    POOL = "pool"
    SENTINEL = "sentinel"


def frozen_map(items: Mapping[str, object] | None = None) -> Mapping:
    return MappingProxyType(dict(items or {}))


@dataclass(frozen=True, slots=True)
class Constructor:
    """A name whose call builds something: a class, a factory function, `from_url`."""

    name: str  # the last name as called: "Redis", "from_url", "createClient"
    gives: Gives
    # None: sync or async by the module it is reached through (`redis.asyncio.Redis`).
    flavor: Flavor | None = None
    positional: tuple[str, ...] = ()  # parameter names of its positional arguments
    takes_url: bool = False  # its first argument is a URL whose query may set any option


@dataclass(frozen=True, slots=True)
class Spelling:
    """How this library's users write what the checks advise.  Each text is
    Markdown ready for a message; `{client}` and `{ttl}` are filled in."""

    pipeline: str  # a whole batch: "`pipe = {client}.pipeline()`, queue the commands, then `pipe.execute()`"
    queue: str  # where to queue commands: "a `pipeline()`"
    # Iterators over a cursor, by cursor command; a command missing here has none.
    iterators: Mapping[str, str]
    scan_match: str  # iterate keys by pattern: "`scan_iter(match=pattern)`"
    set_option: str  # an option given to SET: "`{name}={value}`", "`'{name}', {value}`"
    set_with_ttl: str  # "`set(key, value, ex={ttl})`"
    lock: str  # take a lock that expires: "`set(key, token, nx=True, ex={ttl})`"
    retry: str  # reconnect with backoff: "`retry=Retry(ExponentialBackoff(), 3)`"
    password_from_env: str
    timeouts: str | None = None  # "`socket_timeout=5` (seconds) and `socket_connect_timeout=5`"; None: it has none
    pool_limit: str | None = None  # "`max_connections=50`"
    async_client: str | None = None  # "`redis.asyncio.Redis`"; None: no asyncio client
    lock_timeout: str | None = None  # option of the lock helper that bounds its TTL: "timeout"
    retry_class: str | None = None  # the retry object whose count 0 turns reconnection off: "Retry"


@dataclass(frozen=True, slots=True)
class Profile:
    """One client library: what it exports, how it names things, how to advise its users."""

    name: str  # "redis-py", "ioredis", "node-redis"
    language: Language
    title: str  # for docs: "redis-py (sync, `redis.asyncio`, cluster, sentinel)"
    roots: tuple[str, ...]  # Python module roots / JS module specifiers
    constructors: tuple[Constructor, ...]
    spelling: Spelling
    method_style: MethodStyle
    # The API family whose frontend treatment it shares (iovalkey is ioredis).
    family: str = ""
    default_flavor: Flavor = Flavor.SYNC
    async_modules: tuple[str, ...] = ()  # module parts that make a constructor async ("asyncio")
    client_types: tuple[str, ...] = ()  # names that type a client (annotations, TS types)
    pipeline_types: tuple[str, ...] = ()
    # Method names that do not follow `method_style`: method -> command.
    aliases: Mapping[str, str] = field(default_factory=frozen_map)
    # Every command's method also exists with this suffix (ioredis `getBuffer`).
    suffixes: tuple[str, ...] = ()
    # Every command is also a method named as the command (node-redis v4 `client.SET`).
    upper_case: bool = False
    # Commands the style would name but the library has no such method for.
    missing: frozenset[str] = frozenset()
    # Positional parameters of commands where they differ from redis-py
    # (coredis `delete(keys)` takes one list; redis-py `delete(*names)`).
    command_positional: Mapping[str, tuple[str, ...]] = field(default_factory=frozen_map)
    # The library's option names as written -> canonical names (compared in any case).
    options: Mapping[str, CanonicalOption] = field(default_factory=frozen_map)
    # Constructors and factories reached without an import (JS globals `Redis`, `IORedis`).
    globals: tuple[str, ...] = ()
    # The frontend's edits are valid here; the Python frontend writes
    # redis-py's API (`scan_iter`, `delete(*keys)`), which coredis and
    # aioredis 1.x do not take: their users get advice, not an edit.
    frontend_fixes: bool = True
    # Raw command entry points: their first argument names the command.
    raw_methods: tuple[str, ...] = ()
    # Methods that open a pipeline or transaction.
    pipeline_openers: tuple[str, ...] = ("pipeline",)
    # Arguments of the advice's call examples where they differ from redis-py's.
    example_args: Mapping[str, str] = field(default_factory=frozen_map)
    notes: str = ""  # for docs: versions covered, what is not there

    @property
    def api(self) -> str:
        return self.family or self.name

    def method(self, command: str) -> str:
        """The method that sends `command` in this library (`MGET` -> `mget` / `mGet`)."""
        styled = _styled(command, self.method_style)
        if styled and command not in self.missing:
            return styled
        for name, cmd in self.aliases.items():  # redis-py `delete` for DEL
            if cmd == command and _plain_alias(name):
                return name
        return styled

    def call(self, command: str) -> str:
        """`hset(key, field, value)`: a call example in this library's spelling."""
        return f"{self.method(command)}({self.example_args.get(command) or _ARGS.get(command, 'key')})"

    def methods(self) -> dict[str, str]:
        """Every method name this library sends a command with: method -> command."""
        from linter44s import commands as table  # the table is built from the profiles

        found = {
            _styled(name, self.method_style): name
            for name, spec in table.COMMANDS.items()
            if table.CLIENT_SIDE not in spec.traits and name not in self.missing and _styled(name, self.method_style)
        }
        for name, command in list(found.items()):
            for suffix in self.suffixes:
                found[name + suffix] = command
        if self.upper_case:
            found.update({name.replace(" ", "_"): name for name in set(found.values()) if name in table.COMMANDS})
        found.update(self.aliases)
        return found

    def canonical(self, option: str | None) -> CanonicalOption | None:
        """The canonical name of one of this library's options, any case."""
        if not option:
            return None
        wanted = option.lower()
        return next((canon for name, canon in self.options.items() if name.lower() == wanted), None)

    def spellings(self, canonical: CanonicalOption) -> tuple[str, ...]:
        """This library's names for a canonical option, as written."""
        return tuple(name for name, canon in self.options.items() if canon == canonical)

    def option_name(self, canonical: CanonicalOption) -> str | None:
        names = self.spellings(canonical)
        return names[0] if names else None

    def set_option(self, canonical: CanonicalOption, value: str) -> str:
        """An option of SET in this library's spelling: `ex=30`, `'EX', 30`, `{ EX: 30 }`."""
        name = self.option_name(canonical) or canonical
        return self.spelling.set_option.replace("{name}", name).replace("{value}", value)

    def iterator(self, command: str) -> str | None:
        return self.spelling.iterators.get(command)


def _plain_alias(name: str) -> bool:
    # Upper-case and `*Buffer` aliases are other spellings, not the one to advise.
    return not name.isupper() and not name.endswith("Buffer")


def _styled(command: str, style: MethodStyle) -> str:
    if style == "camel":
        from linter44s import commands as table  # the table is built from the profiles

        spec = table.spec(command)
        return spec.node if spec else ""
    if style == "snake":
        return command.lower().replace(" ", "_")
    return "" if " " in command else command.lower()


# Arguments of the call examples the advice shows, as redis-py takes them.
_ARGS = {
    "HSET": "key, field, value",
    "HINCRBY": "key, field, 1",
    "INCR": "key",
    "INCRBY": "key, n",
    "INCRBYFLOAT": "key, x",
    "MSET": "mapping",
    "ZADD": "key, {member: score}",
    "ZREVRANGE": "key, 0, 9, withscores=True",
    "EXPIRE": "key, ttl",
}
