"""RDS3xx: how clients and pools are created and configured."""

from __future__ import annotations

import re
from collections.abc import Iterator

from linter44s.checks import Context, check
from linter44s.checks._util import in_handler, language_says, loops_by_id, option, scope_of, suggestion, unsafe
from linter44s.checks.client_fixes import add_keywords, from_environment, whole_text
from linter44s.diagnostics import Applicability, Edit, Finding, Fix, FixRequest, Rewrite
from linter44s.facts import Argument, Construction, FileFacts, Loop, Span
from linter44s.spelling import BACKOFF, MAX_CONNECTIONS, RETRIES, SOCKET_TIMEOUT

_URL_PASSWORD = re.compile(r"^(?:redis|rediss|valkey|valkeys|unix)://[^/@\s:]*:[^/@\s]+@")


# Entry points that run once per process: a client made there is made once.
_ONCE_PER_PROCESS = frozenset({"main", "__main__", "cli", "handle", "lifespan", "startup", "on_startup", "setup", "setUp", "create_app"})


def _url_may_say(c: Construction) -> bool:
    """`from_url(url)` with a URL we cannot read: its query may set any option."""
    return c.constructor.endswith("from_url") and not any(a.is_literal for a in c.args[:1])


def _what(c: Construction) -> str:
    return {"pool": "connection pool", "sentinel": "Sentinel"}.get(c.kind, "Redis client")


def _own_loop(c: Construction, loops: dict[int, Loop]) -> str | None:
    """Why a client made in a loop is one per item (None: it is not)."""
    for loop_id in c.loops:
        loop = loops.get(loop_id)
        if loop is None:
            continue
        if any(a.reads & loop.targets for a in (*c.args, *c.options)):
            return None  # one client per host or shard, each its own server
        if loop.exits_early:
            return None  # connect and retry until it works, then leave
    return "inside a loop, used and dropped each time round"


@check("RDS301")
def connection_per_request(facts: FileFacts, ctx: Context) -> Iterator[Finding]:
    if ctx.is_test_file:
        return
    loops = loops_by_id(facts)
    reported: set[tuple[int, frozenset[str], tuple[int, ...]]] = set()
    for c in facts.constructions:
        if c.scope == 0 or c.uses_shared_pool or c.fate in ("module", "singleton"):
            continue
        scope = scope_of(facts, c.scope)
        if scope.is_memoised:
            continue
        handler = in_handler(facts, c.scope)
        kept = c.fate in ("returned", "stored", "passed")
        where = None
        if handler is not None:
            where = f"on every call of the request handler `{handler.name}`"
        elif kept:
            continue  # made once and kept (set-up code, factories, a list of shard clients)
        elif c.loops:
            where = _own_loop(c, loops)
        elif c.via_factory is None and scope.name not in _ONCE_PER_PROCESS:
            where = f"on every call of `{scope.name}`, used once and dropped"
        if where is None:
            continue
        if c.binds:  # `if a: r = Redis(x) else: r = Redis(y)`: one client per call, said once
            if (c.scope, c.binds, c.loops) in reported:
                continue
            reported.add((c.scope, c.binds, c.loops))
        made = f"`{c.via_factory}()` builds a new {_what(c)}" if c.via_factory else f"A new {_what(c)} is created"
        yield Finding(
            "RDS301",
            f"{made} {where}: each one opens its own connections",
            c.span,
            c.stmt_line,
            _hoisted(facts, c) or suggestion("Create the client once at module level or app startup and reuse it"),
        )


def _hoisted(facts: FileFacts, c: Construction) -> Fix | None:
    """`r = Redis(...)` in a module-level function -> made once after the imports (built at fix time)."""
    if facts.language != "python" or c.via_factory or c.loops or len(c.binds) != 1 or c.span.line != c.stmt_line:
        return None
    scope = scope_of(facts, c.scope)
    if scope.parent != 0 or scope.kind != "function" or scope.span is None:
        return None
    region = Span(c.stmt_line, 0, c.span.end_line, c.span.end_col, c.span.start - (c.span.col - 1), scope.span.end)
    request = FixRequest(Rewrite.HOIST, region, c.span, scope.span.end)
    return Fix(Applicability.UNSAFE, "Create the client once, after the imports, and reuse it", request=request)


@check("RDS302")
def pool_without_limit(facts: FileFacts, ctx: Context) -> Iterator[Finding]:
    if ctx.is_test_file:
        return
    for c in facts.constructions:
        if c.kind != "pool" or c.has_splat or option(c, "max_connections", "maxConnections") or _url_may_say(c):
            continue
        if any(a.is_literal and "max_connections" in str(a.literal) for a in c.args):
            continue  # a URL that sets it in its query
        edits = add_keywords(c, ctx.syntax.text, {"max_connections": str(MAX_CONNECTIONS)})
        yield Finding(
            "RDS302",
            "This connection pool has no `max_connections`: under load it opens connections without limit",
            c.span,
            c.stmt_line,
            unsafe(f"Pass `max_connections={MAX_CONNECTIONS}` (or what your server's `maxclients` allows)", edits)
            if edits else suggestion(f"Pass `max_connections={MAX_CONNECTIONS}` (or what your server's `maxclients` allows)"),
        )


_NO_DELAY = frozenset({"null", "undefined", "false"})


def _retries(arg: Argument) -> object:
    """The retry count given to `Retry(backoff, retries)`, when literal."""
    count = _retries_arg(arg)
    return count.literal if count is not None and count.is_literal else None


def _retries_arg(arg: Argument) -> Argument | None:
    """The argument of `Retry(backoff, retries)` that gives the retry count."""
    for a in arg.call_args:
        if a.keyword == "retries":
            return a
    positional = [a for a in arg.call_args if a.keyword is None]
    return positional[1] if len(positional) > 1 else None


def _retry_edits(c: Construction) -> tuple[Edit, ...] | None:
    """Reconnect again: redis-py retries 3 times; ioredis / node-redis back off up to 2 s."""
    for opt in c.options:
        key = (opt.keyword or "").lower()
        if key == "retry" and opt.call == "Retry":
            count = _retries_arg(opt)
            return (Edit(count.span.start, count.span.end, str(RETRIES)),) if count is not None else None
        if key in ("retrystrategy", "reconnectstrategy"):
            return (Edit(opt.span.start, opt.span.end, BACKOFF),)
    return None


def _retry_disabled(c: Construction) -> str | None:
    for opt in c.options:
        key = (opt.keyword or "").lower()
        if key == "retry" and opt.call == "Retry" and _retries(opt) == 0:
            return "`Retry(..., 0)` turns reconnection off"
        if key in ("retrystrategy", "reconnectstrategy"):
            if opt.is_none or (opt.is_literal and opt.literal is False):
                return f"`{opt.keyword}: {opt.text}` turns reconnection off"
            if opt.returns and set(opt.returns) <= _NO_DELAY:
                return f"this `{opt.keyword}` never returns a delay, so the client never reconnects"
    return None


@check("RDS303")
def retry_disabled(facts: FileFacts, ctx: Context) -> Iterator[Finding]:
    for c in facts.constructions:
        reason = _retry_disabled(c)
        if reason:
            advice = language_says(
                facts,
                "Keep retrying with backoff: `Retry(ExponentialBackoff(), 3)`",
                "Keep retrying with backoff: `retryStrategy: (times) => Math.min(times * 50, 2000)`",
            )
            edits = _retry_edits(c)
            title = language_says(facts, f"Retry {RETRIES} times", f"Reconnect, backing off up to 2 s: `{BACKOFF}`")
            yield Finding(
                "RDS303",
                f"Reconnection is disabled: {reason}",
                c.span,
                c.stmt_line,
                unsafe(title, edits) if edits else suggestion(advice),
            )


@check("RDS304")
def no_socket_timeout(facts: FileFacts, ctx: Context) -> Iterator[Finding]:
    if ctx.is_test_file:
        return
    for c in facts.constructions:
        if c.kind == "sentinel" or c.via_factory or c.uses_shared_pool or c.has_splat or c.constructor.startswith("Sentinel.") or _url_may_say(c):
            continue
        timeout = option(c, "socket_timeout")
        if timeout is not None and not timeout.is_none:
            continue
        if any(a.is_literal and "socket_timeout" in str(a.literal) for a in c.args):
            continue
        advice = f"Pass `socket_timeout={SOCKET_TIMEOUT}` (seconds) and `socket_connect_timeout={SOCKET_TIMEOUT}`"
        edits = None
        if facts.language == "python":
            timeouts = {"socket_timeout": str(SOCKET_TIMEOUT), "socket_connect_timeout": str(SOCKET_TIMEOUT)}
            edits = add_keywords(c, ctx.syntax.text, timeouts if option(c, "socket_connect_timeout") is None else {"socket_timeout": str(SOCKET_TIMEOUT)})
        yield Finding(
            "RDS304",
            f"This {_what(c)} has no `socket_timeout`: a call can hang forever on a dead network path",
            c.span,
            c.stmt_line,
            unsafe(advice, edits) if edits else suggestion(advice),
        )


@check("RDS305")
def hardcoded_credentials(facts: FileFacts, ctx: Context) -> Iterator[Finding]:
    if ctx.is_test_file:
        return
    for c in facts.constructions:
        found = None
        password = option(c, "password")
        if password is not None and password.is_literal and isinstance(password.literal, str) and password.literal:
            found = password
        for arg in (*c.args, *(o for o in c.options if (o.keyword or "").lower() in ("url", "host"))):
            if arg.is_literal and isinstance(arg.literal, str) and _URL_PASSWORD.match(arg.literal):
                found = arg
        if found is None:
            continue
        variable = "REDIS_PASSWORD" if found is password else "REDIS_URL"
        python = facts.language == "python"
        read = f'os.environ["{variable}"]' if python else f"process.env.{variable}"
        edits = from_environment(found, variable, python, whole_text(ctx.syntax.text))
        yield Finding(
            "RDS305",
            "A password is written in the source: anyone who can read the code can read your data",
            found.span,
            c.stmt_line,
            unsafe(f"Read it from the environment: `{read}` (set {variable} where the app runs)", edits)
            if edits else suggestion(f"Read it from the environment: `{read}`"),
        )
