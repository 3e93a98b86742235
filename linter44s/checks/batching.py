"""RDS4xx: one round trip per item where one per batch would do."""

from __future__ import annotations

from collections.abc import Iterator

from linter44s import commands as table
from linter44s.checks import Context, check
from linter44s.checks._util import at_call, loops_by_id, scope_of, suggestion, unbatched, unsafe
from linter44s.diagnostics import Applicability, Finding, Fix, FixRequest, Rewrite
from linter44s.facts import CommandCall, FileFacts, Loop, ReceiverKind, Span, Statement
from linter44s.spelling import BATCH_SIZE

_GETS = {"GET": "MGET", "HGET": "HMGET"}
_SETS = {"SET", "SETEX", "PSETEX", "SETNX"}
# Commands that take a whole batch already: a loop over chunks calling them is batching.
_BATCH_COMMANDS = {"MGET", "MSET", "MSETNX", "HMGET", "HMSET", "SUNION", "SINTER", "SDIFF", "PFCOUNT", "WATCH"}
# Start-up work: a loop over the scripts to load runs once, not per request (aioredlock).
_SETUP_COMMANDS = {"SCRIPT LOAD"}


def per_item_loop(call: CommandCall, loops: dict[int, Loop]) -> Loop | None:
    """The innermost loop in which this call is one round trip per item, if any."""
    if not call.loops or not unbatched(call):
        return None
    if table.has(call.command, table.BLOCKING) or table.has(call.command, table.CURSOR):
        return None
    if call.command in _BATCH_COMMANDS or call.command in _SETUP_COMMANDS or call.raw:
        return None
    if table.has(call.command, table.MULTI_KEY) and (call.has_splat or len(call.args) != 1):
        return None
    for loop_id in reversed(call.loops):
        loop = loops.get(loop_id)
        if loop is None or not loop.batches:
            continue
        if call.receiver_reads & loop.targets:
            return None  # a different client or node each time round
        if loop.exits_early:
            return None  # stops at the first hit: batching would run them all
        if call.reads & loop.reply_names:
            return None  # runs on the previous reply: a cursor loop
        if call.reads & loop.targets:
            return loop
    return None


def _cost(loop: Loop, call: CommandCall) -> str:
    """What one command per item costs.  Calls dispatched from a `.map` /
    `.forEach` callback, gathered by `asyncio.gather`, or sent without waiting
    for their replies (CommandCall.overlaps) run concurrently (and
    node-redis v4+ and ioredis pipeline concurrent commands on one connection):
    not a round trip each, but still one command each for the server."""
    if loop.kind == "callback" or loop.concurrent or call.overlaps:
        return "sends one command per item (concurrent calls share round trips, but the server still runs each one)"
    return "makes one round trip per item"


@check("RDS401")
def get_in_loop(facts: FileFacts, ctx: Context) -> Iterator[Finding]:
    loops = loops_by_id(facts)
    for call in facts.calls:
        if call.command not in _GETS:
            continue
        loop = per_item_loop(call, loops)
        if loop is None:
            continue
        batch = _GETS[call.command]
        if batch == "HMGET" and call.args and call.args[0].reads & loop.targets:
            # HMGET reads many fields of one hash; one field of many hashes is a pipeline's work.
            fix = suggestion(f"Queue the `HGET`s on {ctx.profile.spelling.queue} and send them at once")
            yield at_call("RDS401", f"`HGET` of a different hash for each item {_cost(loop, call)}; use a pipeline", call, fix)
            continue
        what = "keys" if batch == "MGET" else "fields"
        method = ctx.profile.method(batch)
        fix = suggestion(f"Fetch all the {what} in one `{method}` call (or a pipeline)")
        if loop.kind == "comprehension" and ctx.profile.frontend_fixes and _batchable(facts, call, loop, method):
            request = FixRequest(Rewrite.COMPREHENSION, loop.span, call.span, _scope_end(facts, call), value=method)
            fix = Fix(Applicability.UNSAFE, f"Use one `{method}` call", request=request)
        fix = _js_batched(facts, call, loop, ctx) or _pipelined(facts, call, loop, ctx) or fix
        yield at_call("RDS401", f"`{call.command}` in a loop {_cost(loop, call)}; use `{batch}`", call, fix)


@check("RDS402")
def set_in_loop(facts: FileFacts, ctx: Context) -> Iterator[Finding]:
    loops = loops_by_id(facts)
    for call in facts.calls:
        loop = per_item_loop(call, loops) if call.command in _SETS else None
        if loop is None:
            continue
        profile = ctx.profile
        hint = (
            f"a pipeline of {profile.spelling.set_with_ttl.replace('{ttl}', 'ttl')}" if call.command != "SET" or call.options
            else f"one `{profile.call('MSET')}` (or a pipeline when the keys need a TTL)"
        )
        yield at_call(
            "RDS402",
            f"`{call.command}` in a loop {_cost(loop, call)}",
            call,
            _pipelined(facts, call, loop, ctx) or suggestion(f"Write them in {hint}"),
        )


@check("RDS403")
def command_in_loop(facts: FileFacts, ctx: Context) -> Iterator[Finding]:
    loops = loops_by_id(facts)
    for call in facts.calls:
        if call.command in _GETS or call.command in _SETS:
            continue
        loop = per_item_loop(call, loops)
        if loop is None:
            continue
        fix = suggestion(f"Queue the commands on {ctx.profile.spelling.queue} and send them at once")
        if call.command in ("DEL", "UNLINK") and loop.kind == "for" and facts.language == "python" and ctx.profile.frontend_fixes:
            request = FixRequest(Rewrite.DELETE_LOOP, loop.span, call.span, _scope_end(facts, call))
            fix = Fix(Applicability.UNSAFE, f"Delete the keys in batches of {BATCH_SIZE} (no call when there are none)", request=request)
        else:
            fix = _pipelined(facts, call, loop, ctx) or fix
        yield at_call("RDS403", f"`{call.command}` in a loop {_cost(loop, call)}", call, fix)


def _batchable(facts: FileFacts, call: CommandCall, loop: Loop, batch: str) -> bool:
    """A comprehension whose element is this call on a client, with nothing it could not batch
    (the rewrite, python/rewrites/comprehension.py, checks the comprehension's own shape)."""
    if facts.language != "python" or call.awaited or not call.in_comprehension_element or call.receiver_kind is not ReceiverKind.CLIENT:
        return False
    if call.options or call.has_splat or call.receiver_reads & loop.targets:
        return False
    return batch != "hmget" or (len(call.args) == 2 and not call.args[0].reads & loop.targets)


def _js_batched(facts: FileFacts, call: CommandCall, loop: Loop, ctx: Context) -> Fix | None:
    """JavaScript GETs gathered or pushed into an array, one per item -> one MGET, no call
    when there are no keys.  Unsafe: the replies arrive together, the keys are all
    computed first, and the items are read twice (`ks.length`, then the keys)."""
    if facts.language == "python" or not ctx.profile.frontend_fixes:
        return None
    edits = ctx.syntax.batched_get(loop, call)
    method = ctx.profile.method("MGET")
    return unsafe(f"Fetch all the keys in one `{method}` call (none when there are no keys)", edits) if edits else None


def _pipelined(facts: FileFacts, call: CommandCall, loop: Loop, ctx: Context) -> Fix | None:
    """A `for` statement's commands queued on one pipeline (built at fix time, rewrites.py).
    Unsafe: a failing command no longer stops the loop, and the commands run after it."""
    if loop.kind != "for":
        return None
    if facts.language != "python":
        same = [c for c in facts.calls if loop.id in c.loops and c.receiver == call.receiver]
        edits = ctx.syntax.pipeline_loop(loop, same)
        return unsafe(f"Queue the commands on {ctx.profile.spelling.queue} and send it once after the loop", edits) if edits else None
    request = FixRequest(Rewrite.PIPELINE_LOOP, loop.span, call.span, _scope_end(facts, call))
    return Fix(Applicability.UNSAFE, "Queue the commands on a pipeline and execute it once after the loop", request=request)


def _scope_end(facts: FileFacts, call: CommandCall) -> int:
    span = scope_of(facts, call.scope).span
    return span.end if span is not None and call.scope else 1 << 62


@check("RDS404")
def sequential_round_trips(facts: FileFacts, ctx: Context) -> Iterator[Finding]:
    threshold = ctx.settings.pipeline_threshold
    by_stmt: dict[int, list[CommandCall]] = {}
    for each in facts.calls:
        by_stmt.setdefault(each.stmt, []).append(each)
    blocks: dict[int, list[Statement]] = {}
    for stmt in facts.statements:
        blocks.setdefault(stmt.block, []).append(stmt)
    for stmts in blocks.values():
        stmts.sort(key=lambda s: s.index)
        run: list[CommandCall] = []
        bound: set[str] = set()
        for stmt in stmts:
            call = _lone_round_trip(by_stmt.get(stmt.id, []), stmt)
            if call is None or (run and (call.receiver != run[0].receiver or call.reads & bound or call.loops != run[0].loops)):
                yield from _report_run(run, threshold, facts, ctx)
                run, bound = [], set()
            if call is None:
                continue
            run.append(call)
            bound |= stmt.binds | set(call.result_names)
        yield from _report_run(run, threshold, facts, ctx)


def _lone_round_trip(calls: list[CommandCall], stmt: Statement) -> CommandCall | None:
    """The statement's one command when it is a round trip of its own (else it ends a run).
    Not one sent without waiting for its reply (CommandCall.overlaps): its round
    trip overlaps the next one's."""
    if len(calls) != 1 or stmt.compound or stmt.command_count != 1:
        return None
    call = calls[0]
    if not unbatched(call) or call.raw or table.has(call.command, table.BLOCKING):
        return None
    if call.overlaps:
        return None
    return call


def _report_run(run: list[CommandCall], threshold: int, facts: FileFacts, ctx: Context) -> Iterator[Finding]:
    if len(run) < threshold:
        return
    first = run[0]
    names = ", ".join(f"`{c.method}`" for c in run)
    yield at_call(
        "RDS404",
        f"{len(run)} commands in a row on `{first.receiver}` ({names}) are {len(run)} round trips; none needs another's reply",
        first,
        _run_request(run, facts, ctx) or _js_run(run, facts, ctx)
        or suggestion(f"Send them in one pipeline: {ctx.profile.spelling.pipeline.replace('{client}', first.receiver)}"),
    )


def _js_run(run: list[CommandCall], facts: FileFacts, ctx: Context) -> Fix | None:
    """JavaScript: `await r.a(); await r.b(); ...` -> one pipeline (ioredis `exec`,
    node-redis `execAsPipeline`).  Unsafe: a failing command no longer stops the others."""
    if facts.language == "python":
        return None
    edits = ctx.syntax.pipeline_run(run)
    spelled = ctx.profile.spelling.pipeline.replace("{client}", run[0].receiver)
    return unsafe(f"Send them in one pipeline: {spelled}", edits) if edits else None


def _run_request(run: list[CommandCall], facts: FileFacts, ctx: Context) -> Fix | None:
    """The run as one pipeline, its replies unpacked into the names the statements bound
    (built at fix time).  Unsafe: every command runs even when an earlier one fails."""
    first, last = run[0], run[-1]
    if facts.language != "python" or first.span.line != first.stmt_line:
        return None
    line_start = first.span.start - (first.span.col - 1)
    region = Span(first.stmt_line, 0, last.span.end_line, last.span.end_col, line_start, last.span.end)
    request = FixRequest(Rewrite.PIPELINE_RUN, region, first.span, _scope_end(facts, first), statements=len(run))
    spelled = ctx.profile.spelling.pipeline.replace("{client}", first.receiver)
    title = f"Send them in one pipeline, replies unpacked into the same names: {spelled}"
    return Fix(Applicability.UNSAFE, title, request=request)
