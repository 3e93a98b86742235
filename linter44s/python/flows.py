"""Where a command's reply goes inside one function: the small data flow the
RDS6xx checks need, built once here so the checks stay simple.

From each reply we walk up the expression it sits in (`json.loads(r.get(k))`,
`int(...) + 1`, `x in r.lrange(...)`), through local names it is assigned to,
and note each step: decode, mutate, arith, in, set, sorted, encode, and the
command that finally writes the value back, if any.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from linter44s.facts import DataFlow

_DECODERS = {"loads": "decode", "parse": "decode"}  # json.loads, pickle.loads, orjson.loads, JSON.parse
_ENCODERS = {"dumps": "encode", "stringify": "encode"}
_CONSUMERS = {"set": "set", "len": "len", "sorted": "sorted", "int": "convert", "float": "convert", "list": "list", "frozenset": "set"}
_MUTATORS = frozenset({"update", "append", "extend", "insert", "pop", "remove", "setdefault", "add", "discard", "clear", "__setitem__"})
_VIEWS = frozenset({"items", "values", "keys"})


def _parents(fn: ast.AST) -> dict[int, ast.AST]:
    parents: dict[int, ast.AST] = {}
    stack = [fn]
    while stack:
        node = stack.pop()
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
            if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                stack.append(child)
    return parents


def _callee(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def reply_flows(fn: ast.AST, calls: dict[int, int]) -> Iterator[DataFlow]:
    """`calls` maps id(ast.Call) of each command call in `fn` to its index in the facts."""
    parents = _parents(fn)
    # name -> (reply index, steps so far)
    derived: dict[str, tuple[int, tuple[str, ...]]] = {}
    sinks: list[DataFlow] = []
    carried: set[int] = set()  # assignments whose value carries a reply

    def climb(node: ast.AST, reply: int, steps: tuple[str, ...]) -> None:
        while True:
            parent = parents.get(id(node))
            if parent is None:
                return
            if isinstance(parent, ast.Await):
                node = parent
                continue
            if isinstance(parent, ast.Call) and node is not parent.func:
                if id(parent) in calls:  # handed to a command: a write of the value
                    sinks.append(DataFlow(reply, steps, calls[id(parent)]))
                    return
                name = _callee(parent)
                step = _DECODERS.get(name) or _ENCODERS.get(name) or _CONSUMERS.get(name)
                if step is None:
                    return
                steps, node = steps + (step,), parent
                continue
            if isinstance(parent, ast.Attribute) and parent.attr in _VIEWS:
                grand = parents.get(id(parent))
                if isinstance(grand, ast.Call) and grand.func is parent:
                    steps, node = steps + ("items",), grand
                    continue
                return
            if isinstance(parent, ast.Attribute) and parent.attr in _MUTATORS and isinstance(node, ast.Name):
                _mark(node.id, "mutate")
                return
            if isinstance(parent, ast.Subscript) and isinstance(parent.ctx, ast.Store) and isinstance(node, ast.Name):
                _mark(node.id, "mutate")
                return
            if isinstance(parent, ast.Compare) and node is not parent.left and any(isinstance(op, (ast.In, ast.NotIn)) for op in parent.ops):
                sinks.append(DataFlow(reply, steps + ("in",), None))
                return
            if isinstance(parent, ast.BinOp):
                steps, node = steps + ("arith",), parent
                continue
            if isinstance(parent, ast.Subscript) and node is parent.value:
                node = parent  # data["field"]: still the same data
                continue
            if isinstance(parent, ast.AugAssign) and isinstance(parent.target, ast.Name):
                derived[parent.target.id] = (reply, steps + ("arith",))
                return
            if isinstance(parent, (ast.Assign, ast.AnnAssign)) and parent.value is node:
                targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        derived[target.id] = (reply, steps)
                carried.add(id(parent))
                return
            if isinstance(parent, (ast.IfExp, ast.BoolOp)):
                node = parent  # `int(r.get(k) or 0)`
                continue
            if steps:
                sinks.append(DataFlow(reply, steps, None))
            return

    def _mark(name: str, step: str) -> None:
        if name in derived:
            reply, steps = derived[name]
            derived[name] = (reply, steps + (step,))

    def position(node: ast.Call | ast.Name) -> tuple[int, int]:
        # A name being assigned counts after the value it is assigned from.
        parent = parents.get(id(node))
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and isinstance(parent, (ast.Assign, ast.AnnAssign)):
            return (parent.end_lineno or parent.lineno, parent.end_col_offset or 0)
        return (node.lineno, node.col_offset)

    ordered = sorted((n for n in ast.walk(fn) if isinstance(n, (ast.Call, ast.Name))), key=position)
    for node in ordered:
        if isinstance(node, ast.Call) and id(node) in calls:
            climb(node, calls[id(node)], ())
        elif isinstance(node, ast.Name) and node.id in derived:
            if isinstance(node.ctx, ast.Load):
                reply, steps = derived[node.id]
                climb(node, reply, steps)
            elif isinstance(parents.get(id(node)), ast.AugAssign):
                _mark(node.id, "arith")  # count += 1
            elif isinstance(parents.get(id(node)), (ast.Assign, ast.AnnAssign)) and id(parents[id(node)]) not in carried:
                del derived[node.id]  # rebound to something else
    yield from sinks
