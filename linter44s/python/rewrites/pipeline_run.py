"""A run of statements each sending one command on the same client, none
using another's reply -> one pipeline, its replies unpacked into the names
the statements bound.

    a = r.get(k)            pipe = r.pipeline(transaction=False)
    r.incr(n)         ->    pipe.get(k)
    b = r.ttl(k)            pipe.incr(n)
                            pipe.ttl(k)
                            a, _, b = pipe.execute()
"""

from __future__ import annotations

import re

import libcst as cst
import libcst.matchers as m

from linter44s.python.rewrites.common import Located, statements
from linter44s.python.rewrites.pipeline_loop import queueable


def rewrite_run(at: Located) -> tuple[list[cst.CSTNode], list[cst.BaseStatement]] | None:
    run = the_run(at)
    if run is None:
        return None
    parts = [one_command(at, s) for s in run]
    if any(p is None for p in parts):
        return None
    receivers = {p[1] for p in parts if p is not None}
    awaited = {p[3] for p in parts if p is not None}
    if len(receivers) != 1 or len(awaited) != 1:
        return None
    (receiver,), (wait,) = receivers, awaited
    pipe = at.fresh("pipe", "pipeline")
    queued = [f"{pipe}.{at.code(p[2])}" for p in parts if p is not None]
    names = [p[0] for p in parts if p is not None]
    code = f"{pipe} = {receiver}.pipeline(transaction=False)\n" + "".join(f"{q}\n" for q in queued)
    code += unpack(at, names, f"{'await ' if wait else ''}{pipe}.execute()")
    return list(run), statements(code)


def the_run(at: Located) -> list[cst.BaseStatement] | None:
    """The request's statements: the located one and those after it in its block."""
    count = at.request.statements
    for block in m.findall(at.module, m.IndentedBlock() | m.Module()):
        body = list(getattr(block, "body", ()))
        for i, stmt in enumerate(body):
            if stmt is at.node:
                run = body[i : i + count]
                return run if len(run) == count else None
    return None


def one_command(at: Located, stmt: cst.BaseStatement) -> tuple[str | None, str, cst.CSTNode, bool] | None:
    """(name bound or None, receiver, `cmd(args)` after the receiver's dot, awaited)."""
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1 or "#" in at.code(stmt):
        return None
    if stmt is not at.node and stmt.leading_lines:
        return None  # a blank line or comment between them would be lost
    small = stmt.body[0]
    name = None
    if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
        name, value = small.targets[0].target.value, small.value
    elif isinstance(small, cst.Expr):
        value = small.value
    else:
        return None
    awaited = isinstance(value, cst.Await)
    if isinstance(value, cst.Await):
        value = value.expression
    if not isinstance(value, cst.Call) or not isinstance(value.func, cst.Attribute) or not queueable(value):
        return None
    return name, at.code(value.func.value), value.with_changes(func=value.func.attr), awaited


def unpack(at: Located, names: list[str | None], execute: str) -> str:
    if not any(names):
        return f"{execute}\n"
    if not re.search(r"\b_\b", at.text):
        return f"{', '.join(n or '_' for n in names)} = {execute}\n"
    replies = at.fresh("replies")
    return f"{replies} = {execute}\n" + "".join(f"{n} = {replies}[{i}]\n" for i, n in enumerate(names) if n)
