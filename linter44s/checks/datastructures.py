"""RDS6xx: the wrong data structure for the job (the guide's table)."""

from __future__ import annotations

from collections.abc import Iterator

from linter44s.checks import Context, check
from linter44s.checks._util import at_call, suggestion, unbatched, unsafe
from linter44s.diagnostics import Applicability, Edit, Finding, Fix, FixRequest, Rewrite
from linter44s.facts import CommandCall, FileFacts, Span

_WRITES = {"SET", "SETEX", "PSETEX", "GETSET"}


def _same_key(a: CommandCall, b: CommandCall) -> bool:
    return bool(a.keys and b.keys) and a.keys[0].text == b.keys[0].text


def _write_backs(facts: FileFacts) -> Iterator[tuple[CommandCall, CommandCall, tuple[str, ...]]]:
    """(read, write, steps) for replies written back to the key they came from."""
    for flow in facts.flows:
        if flow.written_by is None:
            continue
        read, write = facts.calls[flow.reply], facts.calls[flow.written_by]
        if read.command == "GET" and write.command in _WRITES and _same_key(read, write):
            yield read, write, flow.through


@check("RDS601")
def json_blob_update(facts: FileFacts, ctx: Context) -> Iterator[Finding]:
    for read, write, steps in _write_backs(facts):
        if "decode" in steps and "encode" in steps and ("mutate" in steps or "arith" in steps):
            yield at_call(
                "RDS601",
                "This reads a whole serialized object, changes it and writes it all back: a HASH updates one field in place",
                write,
                suggestion(f"Store the object as a HASH and update the field: `{ctx.profile.call('HSET')}` / `{ctx.profile.call('HINCRBY')}`"),
            )


@check("RDS605")
def non_atomic_counter(facts: FileFacts, ctx: Context) -> Iterator[Finding]:
    for read, write, steps in _write_backs(facts):
        if "arith" not in steps or "decode" in steps:
            continue
        if not (unbatched(read) and unbatched(write)):
            continue  # WATCH/MULTI transactions read through the pipeline
        yield at_call(
            "RDS605",
            "Read, add, write back: two clients doing this at once lose an update",
            write,
            _counter(facts, read, write) or _js_counter(facts, read, write, ctx)
            or suggestion("Let Redis do the arithmetic atomically: " + " / ".join(f"`{ctx.profile.call(c)}`" for c in ("INCR", "INCRBY", "INCRBYFLOAT"))),
        )


def _set_advice(ctx: Context) -> str:
    say = ctx.profile.method
    return (
        f"Use a SET: `{say('SADD')}` to add, `{say('SISMEMBER')}` to test, `{say('SCARD')}` to count "
        f"(or `{say('PFADD')}` / `{say('PFCOUNT')}` for large counts)"
    )


def _js_counter(facts: FileFacts, read: CommandCall, write: CommandCall, ctx: Context) -> Fix | None:
    if facts.language == "python" or read.scope != write.scope:
        return None
    scope = facts.scopes[read.scope] if read.scope < len(facts.scopes) else None
    edits = ctx.syntax.counter(read, write, scope.span.end if scope is not None and scope.span is not None else write.span.end)
    return unsafe(f"Add on the server in one atomic `{ctx.profile.method('INCRBY')}`", edits) if edits else None


def _counter(facts: FileFacts, read: CommandCall, write: CommandCall) -> Fix | None:
    """The read, the addition and the write as one INCRBY (built at fix time; the
    rewrite checks they are those three statements in a row)."""
    if facts.language != "python" or read.span.line != read.stmt_line or read.scope != write.scope:
        return None
    region = Span(read.stmt_line, 0, write.span.end_line, write.span.end_col, read.span.start - (read.span.col - 1), write.span.end)
    request = FixRequest(Rewrite.COUNTER, region, read.span, write.span.end, statements=3)
    return Fix(Applicability.UNSAFE, "Add on the server in one atomic `incrby`", request=request)


@check("RDS603")
def list_as_set(facts: FileFacts, ctx: Context) -> Iterator[Finding]:
    for flow in facts.flows:
        read = facts.calls[flow.reply]
        if read.command != "LRANGE" or not ({"in", "set"} & set(flow.through)):
            continue
        yield at_call(
            "RDS603",
            "A LIST is being used as a set: checking membership or de-duplicating means fetching the whole list",
            read,
            suggestion(_set_advice(ctx)),
        )


@check("RDS604")
def client_side_ranking(facts: FileFacts, ctx: Context) -> Iterator[Finding]:
    for flow in facts.flows:
        read = facts.calls[flow.reply]
        if read.command in ("HGETALL", "MGET", "HVALS", "SMEMBERS") and "sorted" in flow.through:
            yield at_call(
                "RDS604",
                f"The reply of `{read.command}` is sorted in the client: a SORTED SET keeps it ranked on the server",
                read,
                suggestion(f"Keep scores in a sorted set: `{ctx.profile.call('ZADD')}`, read with `{ctx.profile.call('ZREVRANGE')}`"),
            )


_STACK_PAIRS = (("LPUSH", ("LPOP", "BLPOP"), ("RPOP", "BRPOP")), ("RPUSH", ("RPOP", "BRPOP"), ("LPOP", "BLPOP")))
_MOVES = {"LMOVE", "BLMOVE", "RPOPLPUSH", "BRPOPLPUSH"}


def _identity(call: CommandCall) -> str | None:
    if not call.keys:
        return None
    key = call.keys[0]
    if any(isinstance(p, str) for p in key.parts):
        return "".join("{}" if p is None else p for p in key.parts)
    return key.text


def _other_end(method: str) -> str:
    """`lpop` -> `rpop`, `blPop` -> `brPop`, `RPOP` -> `LPOP`: the same spelling, the other end."""
    at = 1 if method[:1] in "bB" else 0
    swap = {"l": "r", "r": "l", "L": "R", "R": "L"}
    return method[:at] + swap.get(method[at], method[at]) + method[at + 1 :]


@check("RDS602")
def lifo_queue(facts: FileFacts, ctx: Context) -> Iterator[Finding]:
    used: dict[str, set[str]] = {}
    for call in facts.calls:
        ident = _identity(call)
        if ident is not None:
            used.setdefault(ident, set()).add(call.command)
    for call in facts.calls:
        ident = _identity(call)
        if ident is None:
            continue
        commands = used[ident]
        if commands & _MOVES:
            continue
        for push, same_side, other_side in _STACK_PAIRS:
            if call.command in same_side and push in commands and not commands & set(other_side):
                pop, blocking_pop = (ctx.profile.method(c) for c in other_side)
                edits = None if call.raw else (Edit(call.method_span.start, call.method_span.end, _other_end(call.method)),)
                yield at_call(
                    "RDS602",
                    f"`{push}` and `{call.command}` on the same end make this list a stack (last in, first out), not a queue",
                    call,
                    (unsafe if edits else suggestion)(
                        f"For a FIFO queue pop from the other end: `{pop}` (or `{blocking_pop}` in a worker)", edits or ()
                    ),
                )
