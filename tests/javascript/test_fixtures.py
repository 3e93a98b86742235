"""The frontend over the realistic sample projects in fixtures/: the
mistakes are described, and the clean twins have the same shape."""

from __future__ import annotations

from pathlib import Path

import pytest

from linter44s.config import Settings
from linter44s.facts import ReceiverKind
from linter44s.javascript.frontend import analyze

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def load(relpath: str):
    path = FIXTURES / relpath
    facts, _ = analyze(path.read_text(encoding="utf-8"), str(path), Settings())
    return facts


def test_express_app_mistakes_are_described():
    app = load("express-app/src/app.js")
    assert [c.command for c in app.calls] == ["GET", "SET", "GET", "KEYS", "DEL", "INCR"]
    handlers = [s.name for s in app.scopes if s.is_handler]
    assert handlers == ["GET /products/featured", "GET /users", "POST /sessions/clear", "GET /visits/:id"]
    get_in_map = app.calls[2]
    assert [app.loops[i - 1].kind for i in get_in_map.loops] == ["callback"]
    (made,) = app.constructions
    assert made.fate == "dropped" and app.scopes[made.scope].is_handler
    redis = load("express-app/src/redis.js")
    (client,) = redis.constructions
    assert client.fate == "module"
    assert {o.keyword for o in client.options} == {"host", "password", "retryStrategy"}
    assert [e.name for e in redis.exports if e.kind.value == "client"] == ["redis"]


def test_express_app_clean():
    app = load("express-app-clean/src/app.js")
    assert app.constructions == ()
    mget = [c for c in app.calls if c.command == "MGET"]
    assert mget and not mget[0].loops
    assert all(c.loops == () or c.command == "UNLINK" for c in app.calls)


def test_ts_service_mistakes_are_described():
    cache = load("ts-service/src/cache.ts")
    assert [c.command for c in cache.calls] == ["INCR", "EXPIRE", "SET"]
    assert all(c.receiver == "this.client" for c in cache.calls)
    (made,) = cache.constructions
    assert made.fate == "returned" and made.library == "node-redis"
    server = load("ts-service/src/server.ts")
    assert [(c.command, bool(c.loops)) for c in server.calls] == [("SMEMBERS", False), ("HGET", True), ("FLUSHALL", False)]
    assert [c.fate for c in server.constructions] == ["dropped"]


def test_ts_service_clean_uses_a_transaction():
    cache = load("ts-service-clean/src/cache.ts")
    incr, expire, lock = cache.calls
    assert incr.receiver_kind is ReceiverKind.PIPELINE and expire.receiver_kind is ReceiverKind.PIPELINE
    assert {o.keyword for o in lock.options} == {"NX", "EX"}


@pytest.mark.parametrize("folder", ["express-app", "express-app-clean", "ts-service", "ts-service-clean"])
def test_every_fixture_file_analyzes(folder):
    for path in (FIXTURES / folder).rglob("*"):
        if path.suffix in (".js", ".ts"):
            facts, _ = analyze(path.read_text(encoding="utf-8"), str(path), Settings())
            assert facts.language == "javascript"
