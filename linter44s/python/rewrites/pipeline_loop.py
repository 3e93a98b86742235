"""A `for` statement that sends one command per item -> the same loop queuing
them on a pipeline, executed once after it.

Two shapes.  Commands whose replies are dropped (`r.sadd(k, v)` as a
statement): the loop queues them and `pipe.execute()` follows it.  One
statement that uses one reply (`out[k] = r.get(k)`, `out.append(...)`): the
items are listed once, a first loop queues the command, a second loop over the
items and the replies runs the statement with the reply in the call's place.
An empty loop queues nothing and `execute()` of an empty pipeline sends nothing."""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from linter44s import commands as table
from linter44s.python.rewrites.common import Located, statements

_NEVER_QUEUED = (table.BLOCKING, table.CURSOR, table.CLIENT_SIDE)
_NOT_IN_A_PIPELINE = {"WATCH", "MULTI", "EXEC", "DISCARD", "SUBSCRIBE", "PSUBSCRIBE", "MONITOR"}


def rewrite_pipeline_loop(at: Located) -> list[cst.BaseStatement] | None:
    loop = at.node
    if not isinstance(loop, cst.For) or loop.orelse is not None or "#" in at.code(loop.body):
        return None
    if not isinstance(loop.body, cst.IndentedBlock | cst.SimpleStatementSuite):
        return None
    if m.findall(loop.body, m.Break() | m.Return() | m.Yield() | m.Lambda() | m.FunctionDef() | m.Await(~m.Call())):
        return None
    if isinstance(loop.body, cst.IndentedBlock) and not all(isinstance(s, cst.SimpleStatementLine) for s in loop.body.body):
        return None
    receiver = at.receiver_of_request()
    if receiver is None:
        return None
    calls = [c for c in m.findall(loop.body, m.Call(func=m.Attribute())) if isinstance(c, cst.Call) and _on(at, c, receiver)]
    if not calls or not all(queueable(c) for c in calls) or at.mentions(loop.body, receiver) != len(calls):
        return None
    awaited = bool(m.findall(loop.body, m.Await()))
    if loop.asynchronous is not None and not awaited:
        return None
    pipe = at.fresh("pipe", "pipeline")
    wait = "await " if awaited else ""
    if all(_is_statement(at, loop.body, c) for c in calls):
        body = loop.body.visit(_Queue({id(c) for c in calls}, pipe))
        assert isinstance(body, cst.BaseSuite)
        return [
            *statements(f"{pipe} = {receiver}.pipeline(transaction=False)\n"),
            loop.with_changes(body=body, leading_lines=()),
            *statements(f"{wait}{pipe}.execute()\n"),
        ]
    return _replay(at, loop, calls, receiver, pipe, wait)


def _replay(at: Located, loop: cst.For, calls: list[cst.Call], receiver: str, pipe: str, wait: str) -> list[cst.BaseStatement] | None:
    """One statement using one reply: queue, execute, then run the statement per reply."""
    small = _single_small_statement(loop.body)
    if small is None or len(calls) != 1 or loop.asynchronous is not None:
        return None
    call = calls[0]
    items, reply = at.fresh("items", "pending"), at.fresh("reply", "value")
    iterable = at.code(loop.iter)
    if isinstance(loop.iter, cst.Tuple) and not loop.iter.lpar:
        iterable = f"({iterable})"
    target = at.code(loop.target)
    if isinstance(loop.target, cst.Tuple) and not loop.target.lpar:
        target = f"({target})"
    queued = at.code(call.with_changes(func=call.func.with_changes(value=cst.Name(pipe))) if isinstance(call.func, cst.Attribute) else call)
    replayed = small.visit(_Reply(call, reply))
    assert isinstance(replayed, cst.CSTNode)
    used = at.code(replayed)
    return statements(
        f"{items} = list({iterable})\n"
        f"{pipe} = {receiver}.pipeline(transaction=False)\n"
        f"for {at.code(loop.target)} in {items}:\n"
        f"    {queued}\n"
        f"for {target}, {reply} in zip({items}, {wait}{pipe}.execute()):\n"
        f"    {used}\n"
    )


def _single_small_statement(body: cst.BaseSuite) -> cst.BaseSmallStatement | None:
    if isinstance(body, cst.SimpleStatementSuite):
        small = body.body
    elif isinstance(body, cst.IndentedBlock) and len(body.body) == 1 and isinstance(body.body[0], cst.SimpleStatementLine):
        small = body.body[0].body
    else:
        return None
    return small[0] if len(small) == 1 else None


def _on(at: Located, call: cst.Call, receiver: str) -> bool:
    return isinstance(call.func, cst.Attribute) and at.code(call.func.value) == receiver


def queueable(call: cst.Call) -> bool:
    assert isinstance(call.func, cst.Attribute)
    command = table.PYTHON_METHODS.get(call.func.attr.value)
    if command is None or command in _NOT_IN_A_PIPELINE:
        return False
    return not any(table.has(command, t) for t in _NEVER_QUEUED)


def _is_statement(at: Located, body: cst.BaseSuite, call: cst.Call) -> bool:
    """The call is a whole expression statement of the body (its reply dropped)."""
    for line in body.body if isinstance(body, cst.IndentedBlock) else [body]:
        for small in getattr(line, "body", ()):
            if isinstance(small, cst.Expr):
                value = small.value.expression if isinstance(small.value, cst.Await) else small.value
                if value is call:
                    return True
    return False


class _Queue(cst.CSTTransformer):
    """`[await] r.cmd(...)` -> `pipe.cmd(...)`: queuing sends nothing and returns the pipeline."""

    def __init__(self, calls: set[int], pipe: str) -> None:
        super().__init__()
        self._calls, self._pipe = calls, pipe

    def leave_Await(self, original_node: cst.Await, updated_node: cst.Await) -> cst.BaseExpression:
        return updated_node.expression if id(original_node.expression) in self._calls else updated_node

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if id(original_node) in self._calls and isinstance(updated_node.func, cst.Attribute):
            return updated_node.with_changes(func=updated_node.func.with_changes(value=cst.Name(self._pipe)))
        return updated_node


class _Reply(cst.CSTTransformer):
    """The call (awaited or not) -> the name of its reply."""

    def __init__(self, call: cst.Call, reply: str) -> None:
        super().__init__()
        self._call, self._reply = call, reply

    def leave_Await(self, original_node: cst.Await, updated_node: cst.Await) -> cst.BaseExpression:
        return cst.Name(self._reply) if original_node.expression is self._call else updated_node

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        return cst.Name(self._reply) if original_node is self._call else updated_node
