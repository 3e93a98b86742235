"""RDS7xx: using the client API the wrong way (Python's asyncio clients)."""

from __future__ import annotations

from collections.abc import Iterator

from linter44s.checks import Context, check
from linter44s.checks._util import at_call, safe, scope_of, suggestion, unbatched
from linter44s.diagnostics import Finding
from linter44s.facts import FileFacts, Flavor

# Uses of a coroutine that mean the caller wanted the reply, not the coroutine.
_DISCARDED = frozenset({"statement", "condition", "operand", "iterated"})


def _async_advice(ctx: Context) -> str:
    client = ctx.profile.spelling.async_client
    if client is None:
        return "Run it in a thread: `await asyncio.to_thread(...)`"
    return f"Use {client} and `await` the call (or `await asyncio.to_thread(...)`)"


@check("RDS701")
def sync_client_in_async(facts: FileFacts, ctx: Context) -> Iterator[Finding]:
    for call in facts.calls:
        if call.flavor is not Flavor.SYNC or call.wrapped_in_thread or call.awaited:
            continue  # awaiting it only works on an asyncio client: our guess was wrong
        if not unbatched(call):
            continue  # pipeline buffering does no I/O; execute() is where it waits
        if not scope_of(facts, call.scope).is_async:
            continue
        yield at_call(
            "RDS701",
            f"Synchronous Redis call `{call.method}` inside `async def` blocks the event loop while it waits",
            call,
            suggestion(_async_advice(ctx)),
        )


@check("RDS702")
def missing_await(facts: FileFacts, ctx: Context) -> Iterator[Finding]:
    for call in facts.calls:
        if call.flavor is not Flavor.ASYNC or call.awaited or not unbatched(call):
            continue
        if call.value_use not in _DISCARDED or not scope_of(facts, call.scope).is_async:
            continue
        fix = None
        if call.is_expression_statement:
            edits = ctx.syntax.insert_await(call)
            fix = safe("Add `await`", edits) if edits else None
        yield at_call(
            "RDS702",
            f"`{call.method}` on an asyncio client is not awaited: the command never runs",
            call,
            fix or suggestion("`await` the call"),
        )
