"""RDS1xx: commands that block or destroy."""

from __future__ import annotations

from collections.abc import Iterator

from linter44s import commands as table
from linter44s.checks import Context, check
from linter44s.checks._util import at_call, suggestion, unsafe
from linter44s.diagnostics import Finding
from linter44s.facts import CommandCall, Evidence, FileFacts
from linter44s.lua import ScriptCommand, script_commands


@check("RDS101")
def keys_command(facts: FileFacts, ctx: Context) -> Iterator[Finding]:
    spelling = ctx.profile.spelling
    for call in facts.calls:
        if call.command != "KEYS":
            continue
        edits = ctx.syntax.keys_to_scan(call) if ctx.profile.frontend_fixes else None
        if edits:
            fix = unsafe(f"Iterate with SCAN ({spelling.iterators.get('SCAN', 'a cursor loop')})", edits)
        else:
            fix = suggestion(f"Iterate with SCAN instead: {spelling.scan_match}")
        yield at_call("RDS101", "`KEYS` walks every key and blocks Redis while it runs; use SCAN", call, fix)
    for call, sent in _scripted(facts, "KEYS"):
        yield Finding(
            "RDS101",
            "`KEYS` inside a Lua script walks every key and blocks Redis while the script runs; use SCAN",
            sent.span,
            call.stmt_line,
            suggestion("Iterate with SCAN in the client and pass the keys to the script, or keep the keys in a SET"),
        )


def _scripted(facts: FileFacts, *commands: str) -> Iterator[tuple[CommandCall, ScriptCommand]]:
    """Commands that the Lua scripts a file loads send (see lua.py), each
    place once (one script kept in a name may be loaded by several calls)."""
    seen: set[int] = set()
    for call in facts.calls:
        if table.has(call.command, table.SCRIPT):
            for sent in script_commands(call):
                if sent.command in commands and sent.span.start not in seen:
                    seen.add(sent.span.start)
                    yield call, sent


@check("RDS102")
def flush_command(facts: FileFacts, ctx: Context) -> Iterator[Finding]:
    advice = suggestion("Delete this app's keys by prefix: SCAN with MATCH, then UNLINK in batches")
    for call in facts.calls:
        if table.has(call.command, table.FLUSH):
            yield at_call("RDS102", f"`{call.command}` deletes every key in the database, not just this app's", call, advice)
    for call, sent in _scripted(facts, "FLUSHALL", "FLUSHDB"):
        message = f"`{sent.command}` inside a Lua script deletes every key in the database, not just this app's"
        yield Finding("RDS102", message, sent.span, call.stmt_line, advice)


@check("RDS103")
def admin_command(facts: FileFacts, ctx: Context) -> Iterator[Finding]:
    if ctx.settings.is_admin_path(ctx.relpath):
        return
    for call in facts.calls:
        if call.command == "SHUTDOWN" and call.evidence is Evidence.NAME and not call.raw:
            continue  # `this.redisClient.shutdown(cb)`: a wrapper's own close, by its name alone (redis-smq)
        if table.has(call.command, table.ADMIN):
            yield at_call(
                "RDS103",
                f"`{call.command}` is an administration command; it does not belong in application code",
                call,
            )


_FULL_RANGE = {"LRANGE", "ZRANGE", "ZREVRANGE"}
# The cursor command that reads the same collection a page at a time.
_SCAN_INSTEAD = {"SMEMBERS": "SSCAN", "HGETALL": "HSCAN", "HKEYS": "HSCAN", "HVALS": "HSCAN"}


@check("RDS104")
def unbounded_read(facts: FileFacts, ctx: Context) -> Iterator[Finding]:
    for call in facts.calls:
        if call.command in _SCAN_INSTEAD:
            cursor = _SCAN_INSTEAD[call.command]
            iterator = ctx.profile.iterator(cursor)
            advice = f"Iterate with {iterator}" if iterator else f"Page through it with `{cursor}` and its cursor"
            edits = ctx.syntax.from_pages(call) if ctx.profile.frontend_fixes else None
            yield at_call(
                "RDS104",
                f"`{call.command}` returns the whole collection in one reply, however large it grows",
                call,
                unsafe(f"{advice} (the same value, built from its pages)", edits) if edits else suggestion(advice),
            )
        elif call.command in _FULL_RANGE and len(call.args) >= 3:
            start, stop = call.args[1], call.args[2]
            if start.is_literal and start.literal == 0 and stop.is_literal and stop.literal == -1:
                yield at_call(
                    "RDS104",
                    f"`{call.command} key 0 -1` returns the whole collection in one reply",
                    call,
                    suggestion("Read a bounded range (`0, 99`) and page through it"),
                )
