"""How each client library spells the commands the rewrites produce.

One small table per library, so library profiles can take them over whole."""

from __future__ import annotations

from typing import Literal

Library = Literal["redis-py", "ioredis", "node-redis"]

# Keys per batched call and per SCAN page: big enough to save the round
# trips, small enough that one DEL/UNLINK never holds the server for long.
BATCH_SIZE = 500

# Values the construction fixes write (RDS302, RDS304); the fix titles name them.
MAX_CONNECTIONS = 50
SOCKET_TIMEOUT = 5  # seconds
# RDS303: what reconnection is turned back on with.
RETRIES = 3  # redis-py Retry(backoff, RETRIES)
BACKOFF = "(attempt) => Math.min(attempt * 50, 2000)"  # ioredis retryStrategy, node-redis reconnectStrategy (ms)

# Commands whose batched form takes every key as its own argument.
DELETES = {"redis-py": {"DEL": "delete", "UNLINK": "unlink"}}
SCAN = {"redis-py": "scan"}
# The SCAN-iterating helpers and the KEYS call a delete loop may walk over.
KEY_WALKERS = {"redis-py": {"keys", "scan_iter"}}

# JavaScript: a KEYS result gathered from SCAN pages into the array `name`.
JS_SCAN = {
    "ioredis": "for await (const {item} of {receiver}.scanStream({{ match: {pattern}, count: {count} }})) {name}.push(...{item});",
    "node-redis": "for await (const {item} of {receiver}.scanIterator({{ MATCH: {pattern}, COUNT: {count} }})) {name}.push({item});",
}
# JavaScript: how a pipeline starts and is sent.
JS_PIPELINE = {"ioredis": ("pipeline", "exec"), "node-redis": ("multi", "execAsPipeline")}

# Where a password or URL moved out of the source is read from.
PASSWORD_VARIABLE = "REDIS_PASSWORD"
URL_VARIABLE = "REDIS_URL"
