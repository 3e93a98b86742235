"""RDS3xx: how clients and pools are created and configured."""

from __future__ import annotations

import re
from collections.abc import Iterator

from linter44s.checks import Context, check
from linter44s.checks._util import canonical_option, in_handler, library_of, loops_by_id, scope_of, suggestion, unsafe
from linter44s.checks.client_fixes import add_keywords, from_environment, whole_text
from linter44s.diagnostics import Applicability, Edit, Finding, Fix, FixRequest, Rewrite
from linter44s.facts import Argument, Construction, FileFacts, Loop, Scope, Span
from linter44s.profiles import CanonicalOption, Profile
from linter44s.spelling import BACKOFF, MAX_CONNECTIONS, PASSWORD_VARIABLE, RETRIES, SOCKET_TIMEOUT, URL_VARIABLE

_URL_PASSWORD = re.compile(r"^(?:redis|rediss|valkey|valkeys|unix)://[^/@\s:]*:[^/@\s]+@")


# Entry points that run once per process: a client made there is made once.
_ONCE_PER_PROCESS = frozenset({"main", "__main__", "cli", "handle", "lifespan", "startup", "on_startup", "setup", "setUp", "create_app"})


def _url_may_say(c: Construction, profile: Profile) -> bool:
    """A client built from a URL we cannot read (`from_url(url)`): its query may set any option."""
    takes_url = any(made.takes_url and c.constructor.endswith(made.name) for made in profile.constructors)
    return takes_url and not any(a.is_literal for a in c.args[:1])


def _url_sets(c: Construction, profile: Profile, canonical: CanonicalOption) -> bool:
    """A literal URL whose query sets the option (`redis://h?socket_timeout=5`)."""
    names = profile.spellings(canonical)
    return any(a.is_literal and any(name in str(a.literal) for name in names) for a in c.args)


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
            _hoisted(facts, c) or _js_hoisted(c, handler, ctx) or suggestion("Create the client once at module level or app startup and reuse it"),
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


def _js_hoisted(c: Construction, handler: Scope | None, ctx: Context) -> Fix | None:
    """JavaScript: `const r = new Redis(...)` in a request handler -> made once after the
    imports, the handler's closing call gone.  Unsafe: built at load time, shared by every request."""
    if c.library not in ("ioredis", "node-redis") or handler is None or handler.span is None or c.scope != handler.id:
        return None
    if c.via_factory or c.loops or c.fate != "dropped" or len(c.binds) != 1 or c.has_splat:
        return None
    reads = frozenset().union(*(a.reads for a in (*c.args, *c.options)))
    edits = ctx.syntax.hoist_client(c.span, handler.span, next(iter(c.binds)), reads)
    return unsafe("Create the client once, after the imports, and reuse it", edits) if edits else None


@check("RDS302")
def pool_without_limit(facts: FileFacts, ctx: Context) -> Iterator[Finding]:
    for c in facts.constructions:
        profile = library_of(c, ctx.profile)
        limit = profile.option_name("max_connections")
        if c.kind != "pool" or limit is None or c.has_splat or _url_may_say(c, profile):
            continue
        if canonical_option(c, profile, "max_connections") or _url_sets(c, profile, "max_connections"):
            continue  # given, or set in the query of a literal URL
        edits = add_keywords(c, ctx.syntax.text, {limit: str(MAX_CONNECTIONS)}) if profile.frontend_fixes else None
        yield Finding(
            "RDS302",
            f"This connection pool has no `{limit}`: under load it opens connections without limit",
            c.span,
            c.stmt_line,
            unsafe(f"Pass `{limit}={MAX_CONNECTIONS}` (or what your server's `maxclients` allows)", edits)
            if edits else suggestion(f"Pass {profile.spelling.pool_limit or f'`{limit}`'} (or what your server's `maxclients` allows)"),
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


def _retry_edits(c: Construction, profile: Profile) -> tuple[Edit, ...] | None:
    """Reconnect again: redis-py retries 3 times; ioredis / node-redis back off up to 2 s."""
    for opt in c.options:
        kind = profile.canonical(opt.keyword)
        if kind == "retry" and opt.call and opt.call == profile.spelling.retry_class:
            count = _retries_arg(opt)
            return (Edit(count.span.start, count.span.end, str(RETRIES)),) if count is not None else None
        if kind == "retry_strategy":
            return (Edit(opt.span.start, opt.span.end, BACKOFF),)
    return None


def _retry_disabled(c: Construction, profile: Profile) -> str | None:
    for opt in c.options:
        kind = profile.canonical(opt.keyword)
        if kind == "retry" and opt.call and opt.call == profile.spelling.retry_class and _retries(opt) == 0:
            return f"`{opt.call}(..., 0)` turns reconnection off"
        if kind == "retry_strategy":
            if opt.is_none or (opt.is_literal and opt.literal is False):
                return f"`{opt.keyword}: {opt.text}` turns reconnection off"
            if opt.returns and set(opt.returns) <= _NO_DELAY:
                return f"this `{opt.keyword}` never returns a delay, so the client never reconnects"
    return None


@check("RDS303")
def retry_disabled(facts: FileFacts, ctx: Context) -> Iterator[Finding]:
    for c in facts.constructions:
        profile = library_of(c, ctx.profile)
        reason = _retry_disabled(c, profile)
        if reason:
            edits = _retry_edits(c, profile) if profile.frontend_fixes else None
            title = f"Retry {RETRIES} times" if facts.language == "python" else f"Reconnect, backing off up to 2 s: `{BACKOFF}`"
            yield Finding(
                "RDS303",
                f"Reconnection is disabled: {reason}",
                c.span,
                c.stmt_line,
                unsafe(title, edits) if edits else suggestion(f"Keep retrying with backoff: {profile.spelling.retry}"),
            )


@check("RDS304")
def no_socket_timeout(facts: FileFacts, ctx: Context) -> Iterator[Finding]:
    for c in facts.constructions:
        if c.kind == "sentinel" or c.via_factory or c.uses_shared_pool or c.has_splat or c.constructor.startswith("Sentinel."):
            continue  # a Sentinel's clients (`Sentinel.master_for`) take its settings
        profile = library_of(c, ctx.profile)
        name = profile.option_name("socket_timeout")
        if name is None or profile.spelling.timeouts is None or _url_may_say(c, profile):
            continue  # the library has no read timeout to set
        timeout = canonical_option(c, profile, "socket_timeout")
        if (timeout is not None and not timeout.is_none) or _url_sets(c, profile, "socket_timeout"):
            continue
        edits = None
        connect = profile.option_name("connect_timeout")
        if facts.language == "python" and profile.frontend_fixes:
            timeouts = {name: str(SOCKET_TIMEOUT)}
            if connect is not None and canonical_option(c, profile, "connect_timeout") is None:
                timeouts[connect] = str(SOCKET_TIMEOUT)
            edits = add_keywords(c, ctx.syntax.text, timeouts)
        yield Finding(
            "RDS304",
            f"This {_what(c)} has no `{name}`: a call can hang forever on a dead network path",
            c.span,
            c.stmt_line,
            unsafe(f"Pass `{name}={SOCKET_TIMEOUT}` (seconds) and the connect timeout too", edits)
            if edits else suggestion(f"Pass {profile.spelling.timeouts}"),
        )


@check("RDS305")
def hardcoded_credentials(facts: FileFacts, ctx: Context) -> Iterator[Finding]:
    for c in facts.constructions:
        found = None
        password = canonical_option(c, library_of(c, ctx.profile), "password")
        if password is not None and password.is_literal and isinstance(password.literal, str) and password.literal:
            found = password
        profile = library_of(c, ctx.profile)
        for arg in (*c.args, *(o for o in c.options if profile.canonical(o.keyword) in ("url", "host"))):
            if arg.is_literal and isinstance(arg.literal, str) and _URL_PASSWORD.match(arg.literal):
                found = arg
        if found is None:
            continue
        variable = PASSWORD_VARIABLE if found is password else URL_VARIABLE
        python = facts.language == "python"
        read = f'os.environ["{variable}"]' if python else f"process.env.{variable}"
        edits = from_environment(found, variable, python, whole_text(ctx.syntax.text))
        yield Finding(
            "RDS305",
            "A password is written in the source: anyone who can read the code can read your data",
            found.span,
            c.stmt_line,
            unsafe(f"Read it from the environment: `{read}` (set {variable} where the app runs)", edits)
            if edits else suggestion(f"Read it from the environment: {profile.spelling.password_from_env}"),
        )
