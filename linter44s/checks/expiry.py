"""RDS2xx: keys that never expire.

One call gets at most one TTL finding: RDS203 over RDS201 over RDS202.
RDS204 is about a pair of calls and is reported at the first of them.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter44s import commands as table
from linter44s.checks import Context, check
from linter44s.checks._util import at_call, canonical_option, is_true, safe, suggestion, unbatched, unsafe
from linter44s.diagnostics import Applicability, Finding, Fix, FixRequest, Rewrite
from linter44s.facts import CommandCall, FileFacts, KeyExpr, Span
from linter44s.profiles import CanonicalOption, Profile

_TTL_OPTIONS: tuple[CanonicalOption, ...] = ("ex", "px", "exat", "pxat", "keepttl")
_EXPIRE_OPTION: dict[str, CanonicalOption] = {"EXPIRE": "ex", "PEXPIRE": "px", "EXPIREAT": "exat", "PEXPIREAT": "pxat"}


_NO_TTL_OPTION = {"MSET", "MSETNX", "SETNX", "GETSET"}


def _word(call: CommandCall, *words: str) -> bool:
    """A literal argument that is an option word: `'EX', 60` (ioredis, raw commands)."""
    return any(a.is_literal and isinstance(a.literal, str) and a.literal.upper() in words for a in call.args[1:])


def _sets_ttl(keyword: str | None, profile: Profile) -> bool:
    """An option that gives a TTL: one of the library's (`ex`, `EX`, `expiration`), or
    one it does not have whose name says expiry (`{expire: {mode: 'PX', value}}`, `ttl=`):
    a wrapper's API (redis-smq's client) whose TTL we cannot read, so not "none"."""
    canonical = profile.canonical(keyword)
    if canonical is not None or not keyword:
        return canonical in _TTL_OPTIONS
    lowered = keyword.lower()  # `ttl`, `keyTtl`, `ttl_ms`, `expire`, `expiresIn`, `expiry`; not `throttle`
    return "expir" in lowered or lowered.startswith("ttl") or lowered.endswith("ttl") or "_ttl_" in lowered


def has_ttl(call: CommandCall, profile: Profile) -> bool:
    if call.command in _NO_TTL_OPTION:
        return False  # these commands take no expiry, whatever is splatted in
    if call.has_splat:
        return True  # **kwargs / ...spread may carry any option
    if call.command == "LOCK":  # the lock helper's second parameter is its TTL
        return (len(call.args) > 1 and not call.args[1].is_none) or is_true(canonical_option(call, profile, "ex"))
    if any(is_true(opt) for opt in call.options if _sets_ttl(opt.keyword, profile)):
        return True
    return _word(call, "EX", "PX", "EXAT", "PXAT", "KEEPTTL")


def is_lock(call: CommandCall, profile: Profile) -> bool:
    if call.command in ("SETNX", "LOCK"):
        return True
    return call.command == "SET" and (is_true(canonical_option(call, profile, "nx")) or _word(call, "NX"))


def _expiries_after(facts: FileFacts, call: CommandCall) -> list[CommandCall]:
    keys = {k.text for k in call.keys}
    return [
        other for other in facts.calls
        if other.scope == call.scope and table.has(other.command, table.EXPIRY) and other.command not in ("SETEX", "PSETEX")
        and other.keys and other.keys[0].text in keys and other.span.start > call.span.start
    ]


def _expired_anywhere(facts: FileFacts, call: CommandCall, profile: Profile) -> bool:
    keys = {k.text for k in call.keys}
    for other in facts.calls:
        if other.scope != call.scope or other is call or not other.keys or other.keys[0].text not in keys:
            continue
        if table.has(other.command, table.EXPIRY) or (other.command == "SET" and has_ttl(other, profile)):
            return True
    return False


def _ttl_chosen_elsewhere(facts: FileFacts, call: CommandCall, profile: Profile) -> bool:
    """`if ttl: set(k, v, ex=ttl) else: set(k, v)`: the same function writes the
    same key with a TTL too, so leaving it out here is a decision, not an oversight."""
    keys = {k.text for k in call.keys}
    return bool(keys) and any(
        other is not call and other.scope == call.scope and other.keys and other.keys[0].text in keys
        and (other.command in ("SETEX", "PSETEX") or (table.has(other.command, table.SET_FAMILY) and has_ttl(other, profile)))
        for other in facts.calls
    )


def _first_literal(key: KeyExpr) -> str | None:
    return key.parts[0] if key.parts and isinstance(key.parts[0], str) else None


def _has_prefix(key: KeyExpr, prefixes: tuple[str, ...]) -> bool:
    first = _first_literal(key)
    if first is None:
        return False
    lowered = first.lower()
    for prefix in prefixes:
        p = prefix.lower()
        if lowered.startswith(p) and (len(lowered) == len(p) or lowered[len(p)] in ":_-.{/"):
            return True
    return False


def _persistent(call: CommandCall, ctx: Context) -> bool:
    prefixes = ctx.settings.persistent_prefixes
    return bool(prefixes) and bool(call.keys) and all(
        (_first_literal(k) or "").startswith(prefixes) for k in call.keys
    )


@check("RDS201")
def set_without_ttl(facts: FileFacts, ctx: Context) -> Iterator[Finding]:
    profile = ctx.profile
    for call in facts.calls:
        if not table.has(call.command, table.SET_FAMILY) or has_ttl(call, profile):
            continue
        if is_lock(call, profile) or _expiries_after(facts, call) or _persistent(call, ctx) or _ttl_chosen_elsewhere(facts, call, profile):
            continue
        ttl = ctx.settings.default_ttl
        with_ttl = profile.spelling.set_with_ttl
        if call.command == "SET":
            edits = ctx.syntax.add_option(call, "ex", str(ttl)) if profile.frontend_fixes else None
            fix = unsafe(f"Add {profile.set_option('ex', str(ttl))}", edits) if edits else suggestion(
                f"Give the key a TTL: {with_ttl.replace('{ttl}', str(ttl))}"
            )
        elif call.command in ("MSET", "MSETNX"):
            fix = suggestion(f"MSET cannot set a TTL: use a pipeline of {with_ttl.replace('{ttl}', 'ttl')}")
        else:
            fix = suggestion(f"Use {with_ttl.replace('{ttl}', str(ttl))} so the key expires")
        yield at_call("RDS201", f"`{call.command}` writes a key with no TTL: it stays in memory forever", call, fix)


@check("RDS202")
def volatile_key_without_ttl(facts: FileFacts, ctx: Context) -> Iterator[Finding]:
    prefixes = ctx.settings.ttl_required_prefixes
    for call in facts.calls:
        if not table.has(call.command, table.CREATES) or table.has(call.command, table.SET_FAMILY):
            continue
        if call.has_splat or not call.keys or not _has_prefix(call.keys[0], prefixes):
            continue
        if _expired_anywhere(facts, call, ctx.profile):
            continue
        key = call.keys[0]
        yield at_call(
            "RDS202",
            f"`{call.command}` creates a temporary-looking key (`{_first_literal(key)}...`) that never expires",
            call,
            _with_expire(facts, call, ctx.settings.default_ttl) or _js_with_expire(facts, call, ctx)
            or suggestion(f"Add `{ctx.profile.call('EXPIRE')}` in the same pipeline or transaction"),
        )


def _js_with_expire(facts: FileFacts, call: CommandCall, ctx: Context) -> Fix | None:
    if facts.language == "python":
        return None
    ttl = ctx.settings.default_ttl
    edits = ctx.syntax.with_expire(call, ttl)
    expire = ctx.profile.call("EXPIRE").replace("ttl", str(ttl))
    return unsafe(f"Send it with `{expire}` in one MULTI/EXEC ({ttl} s is the `default-ttl` setting)", edits) if edits else None


def _with_expire(facts: FileFacts, call: CommandCall, ttl: int) -> Fix | None:
    """The command and `expire(key, default-ttl)` in one MULTI/EXEC (built at fix time)."""
    if facts.language != "python" or call.span.line != call.stmt_line or call.value_use not in ("statement", "await", "assigned"):
        return None
    region = Span(call.stmt_line, 0, call.span.end_line, call.span.end_col, call.span.start - (call.span.col - 1), call.span.end)
    request = FixRequest(Rewrite.ADD_EXPIRE, region, call.span, call.span.end, value=str(ttl))
    title = f"Send it with `expire(key, {ttl})` in one MULTI/EXEC ({ttl} s is the `default-ttl` setting)"
    return Fix(Applicability.UNSAFE, title, request=request)


@check("RDS203")
def lock_without_ttl(facts: FileFacts, ctx: Context) -> Iterator[Finding]:
    ttl = ctx.settings.lock_ttl
    profile = ctx.profile
    for call in facts.calls:
        if not is_lock(call, profile) or has_ttl(call, profile) or _expiries_after(facts, call):
            continue
        if call.command == "LOCK":
            timeout = profile.spelling.lock_timeout
            if timeout is None:
                continue  # this library has no lock helper: `lock()` is something else
            edits = ctx.syntax.add_option(call, timeout, str(ttl)) if profile.frontend_fixes else None
            title = f"Add `{timeout}={ttl}` so a crashed holder releases it"
            message = f"This lock has no `{timeout}`: if its holder crashes, nobody can ever take it again"
            yield at_call("RDS203", message, call, unsafe(title, edits) if edits else suggestion(title))
            continue
        edits = None
        if call.command == "SET" and profile.frontend_fixes:
            edits = ctx.syntax.add_option(call, "ex", str(ttl))
        fix = unsafe(f"Add {profile.set_option('ex', str(ttl))} so a crashed holder releases it", edits) if edits else suggestion(
            f"Take the lock with an expiry: {profile.spelling.lock.replace('{ttl}', str(ttl))}"
        )
        yield at_call(
            "RDS203", "This lock has no expiry: if its holder crashes, nobody can ever take it again", call, fix
        )


@check("RDS204")
def non_atomic_expire(facts: FileFacts, ctx: Context) -> Iterator[Finding]:
    reported: set[int] = set()
    block_of = {s.id: s.block for s in facts.statements}
    for expire in facts.calls:
        if expire.command not in _EXPIRE_OPTION or not expire.keys or not unbatched(expire):
            continue
        key = expire.keys[0].text
        writes = [
            c for c in facts.calls
            if c.scope == expire.scope and c.span.start < expire.span.start and unbatched(c)
            and table.has(c.command, table.CREATES)
            and c.keys and c.keys[0].text == key and c.loops == expire.loops
            and c.value_use != "returned"  # `return r.incr(k)` leaves: the expire is on another path
        ]
        if not writes:
            continue
        write = writes[-1]
        if id(write) in reported or has_ttl(write, ctx.profile):
            continue  # a write with its own TTL expires anyway: the EXPIRE refreshes it
        reported.add(id(write))
        fix = suggestion(f"Send `{write.command}` and `{expire.command}` in one pipeline (or MULTI) so both happen or neither")
        ttl = expire.args[1] if len(expire.args) > 1 else None
        ttl_arg = ttl.text if ttl is not None else ""
        same_block = block_of.get(write.stmt) == block_of.get(expire.stmt)
        profile = ctx.profile
        if write.command == "SET" and same_block and ttl is not None and ttl.simple and profile.frontend_fixes:
            option = _EXPIRE_OPTION[expire.command]
            edits = ctx.syntax.merge_expire(write, expire, option)
            if edits:
                fix = safe(f"Set the TTL in the same command: {profile.set_option(option, ttl_arg)}", edits)
        yield at_call(
            "RDS204",
            f"`{write.command}` then `{expire.command}` on the same key are two round trips; a crash between them leaves a key that never expires",
            write,
            fix,
        )
