"""The spelling for a file whose library is unknown (its client comes from
another module, or only its name says it is one): Python gets redis-py's,
JavaScript both of its two families', each labelled."""

from __future__ import annotations

from dataclasses import replace

from linter44s.profiles import ioredis, node_redis, redis_py
from linter44s.profiles.model import Spelling, frozen_map


def _both(io: str, node: str) -> str:
    return io if io == node else f"{io} (ioredis) or {node} (node-redis)"


def _both_js(field: str) -> str:
    return _both(getattr(ioredis.SPELLING, field), getattr(node_redis.PROFILE.spelling, field))


_NODE = node_redis.PROFILE.spelling
JAVASCRIPT = replace(
    ioredis.PROFILE,
    name="javascript",
    title="JavaScript, library unknown",
    roots=(),
    globals=(),
    spelling=Spelling(
        pipeline=_both_js("pipeline"),
        queue=_both_js("queue"),
        iterators=frozen_map({c: _both(ioredis.SPELLING.iterators[c], _NODE.iterators[c]) for c in _NODE.iterators}),
        scan_match=_both_js("scan_match"),
        set_option=_both_js("set_option"),
        set_with_ttl=_both_js("set_with_ttl"),
        lock=_both_js("lock"),
        retry=_both_js("retry"),
        password_from_env=ioredis.SPELLING.password_from_env,
        timeouts=_both_js("timeouts"),
    ),
    options=frozen_map({**ioredis.OPTIONS, **node_redis.PROFILE.options}),
)
PYTHON = redis_py.PROFILE
