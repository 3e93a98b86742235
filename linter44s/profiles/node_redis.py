"""node-redis: `createClient()` from `redis` (v3, v4, v5) or `@redis/client`.

v4 and v5 name commands in camelCase (`hGetAll`) and also as the command
(`client.SET`); options go in an object (`set(key, value, { EX: 30 })`);
keys are iterated with `scanIterator` / `sScanIterator` / `hScanIterator` /
`zScanIterator` (there is no `*Stream`); a batch is `multi()` sent with
`exec()` (a transaction) or `execAsPipeline()`.  v3 took lower-case names
and `'EX', 30` words, as ioredis does: both spellings are read.

v3 (and v4's `legacyMode`) answer through callbacks and have none of v4's
iterators, camelCase methods or option objects: a file written that way
(`is_v3_style`) is advised in v3's words (`V3`) and gets no edits, which are
written in v4's API.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import islice

from linter44s.commands import COMMANDS
from linter44s.facts import Flavor
from linter44s.profiles.model import Constructor, Gives, Profile, Spelling, frozen_map

ITERATORS = {"SCAN": "scanIterator", "SSCAN": "sScanIterator", "HSCAN": "hScanIterator", "ZSCAN": "zScanIterator"}

PROFILE = Profile(
    name="node-redis",
    language="javascript",
    title="node-redis (`redis` v3/v4/v5, `@redis/client`: `createClient`, `createCluster`)",
    roots=("redis", "@redis/client", "@node-redis/client"),
    constructors=(
        Constructor("createClient", Gives.CLIENT, positional=("options",)),
        Constructor("createCluster", Gives.CLUSTER, positional=("options",)),
        Constructor("createClientPool", Gives.POOL, positional=("options",)),  # v5
        Constructor("createSentinel", Gives.SENTINEL, positional=("options",)),  # v5
    ),
    spelling=Spelling(
        pipeline="`{client}.multi()...execAsPipeline()`",
        queue="a `multi()` sent with `execAsPipeline()`",
        iterators=frozen_map({command: f"`{name}`" for command, name in ITERATORS.items()}),
        scan_match="`scanIterator({ MATCH: pattern })`",
        set_option="`{ {name}: {value} }`",
        set_with_ttl="`set(key, value, { EX: {ttl} })`",
        lock="`set(key, token, { NX: true, EX: {ttl} })`",
        retry="`socket: { reconnectStrategy: (retries) => Math.min(retries * 50, 2000) }`",
        password_from_env="`password: process.env.REDIS_PASSWORD`",
        timeouts="`socket: { socketTimeout: 5000, connectTimeout: 5000 }` (milliseconds)",
        pool_limit=None,
    ),
    method_style="camel",
    upper_case=True,
    default_flavor=Flavor.ASYNC,
    client_types=("RedisClientType", "RedisClusterType", "RedisClient"),
    pipeline_types=("RedisClientMultiCommandType", "Multi"),
    aliases=frozen_map({name: command for command, name in ITERATORS.items()}),
    options=frozen_map({
        "socketTimeout": "socket_timeout",
        "connectTimeout": "connect_timeout",
        "connect_timeout": "connect_timeout",  # v3
        "reconnectStrategy": "retry_strategy",
        "retry_strategy": "retry_strategy",  # v3
        "password": "password",
        "url": "url",
        "host": "host",
        "EX": "ex",
        "PX": "px",
        "EXAT": "exat",
        "PXAT": "pxat",
        "KEEPTTL": "keepttl",
        "expiration": "ex",  # v5 `{ expiration: { type: 'EX', value: 30 } }`
        "NX": "nx",
        "condition": "nx",  # v5 `{ condition: 'NX' }`
    }),
    raw_methods=("sendCommand", "send_command"),  # v4+, v3
    pipeline_openers=("multi", "batch"),
    example_args=frozen_map({"MSET": "{ key: value }", "ZADD": "key, { score, value: member }"}),
    notes=(
        "v4/v5 spelling in advice; v3's callbacks and lower-case methods are read too. "
        "A file in v3's callback style (or v4's `legacyMode`) is advised in v3's words and gets no edits."
    ),
)

V3 = replace(
    PROFILE,
    name="node-redis-3",
    family="node-redis",
    title="node-redis v3 (callbacks)",
    spelling=Spelling(
        pipeline="`{client}.batch()...exec(callback)`",
        queue="a `batch()` sent with `exec(callback)`",
        iterators=frozen_map({}),  # a cursor loop by hand: v3 has no iterators
        scan_match="`scan(cursor, 'MATCH', pattern, callback)`, called again until the cursor is `'0'`",
        set_option="`'{name}', {value}`",
        set_with_ttl="`set(key, value, 'EX', {ttl}, callback)`",
        lock="`set(key, token, 'NX', 'EX', {ttl}, callback)`",
        retry="`retry_strategy: (options) => Math.min(options.attempt * 100, 3000)`",
        password_from_env="`password: process.env.REDIS_PASSWORD`",
        timeouts=None,  # `connect_timeout` only: nothing bounds a command's wait
        pool_limit=None,
    ),
    method_style="lower",
    example_args=frozen_map({"MSET": "key, value, key2, value2", "ZADD": "key, score, member"}),
    frontend_fixes=False,
    notes="Chosen for a file in v3's callback style; not a library of its own.",
)

# v3-only client options (`legacyMode` asks v4 for v3's API).
_V3_WORDS = ("retry_strategy", "no_ready_check", "return_buffers", "detect_buffers", "enable_offline_queue", "legacyMode")
_V3_OPTIONS = re.compile(rf"\b(?:{'|'.join(_V3_WORDS)})\b")
# An error-first callback (`function (err`, `(err, reply) =>`) or one passed by
# its usual name (`cb`) as the last argument of...
_TAIL = re.compile(r",\s*(?:function\s*\w*\s*\(\s*err|\(\s*err\w*\s*[,)]|err\w*\s*=>|(?:cb|callback|done|next)\s*\)(?!\s*=>))")
# ...a method call whose arguments before it stay inside its brackets.
_OPEN = re.compile(r"\.([A-Za-z]\w*)\(")
_ARGUMENTS = re.compile(r"(?:[^;(){}]|\([^;(){}]*\))*")


def is_v3_style(text: str) -> bool:
    """Is this file written against node-redis v3's API (or v4's `legacyMode`)?
    A wrong yes costs only advice in v3's words and no edits.  (A plain `in`
    first: one alternation over the whole text costs ten times more.)"""
    if any(word in text for word in _V3_WORDS) and _V3_OPTIONS.search(text):
        return True
    # Bounded, whatever the file: the first 2,000 callbacks, each against the
    # 8 nearest calls opened in the 300 characters before it.
    for tail in islice(_TAIL.finditer(text), 2000):
        opened = list(_OPEN.finditer(text, max(0, tail.start() - 300), tail.start()))
        for call in reversed(opened[-8:]):
            if call.group(1).upper() in COMMANDS and _ARGUMENTS.fullmatch(text, call.end(), tail.start()):
                return True
    return False
