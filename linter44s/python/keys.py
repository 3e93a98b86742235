"""Key expressions: a key argument as literal parts and holes, the same
shape the JavaScript frontend gives (`f"user:{uid}"` -> ("user:", None))."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable

from linter44s import commands
from linter44s.facts import KeyExpr
from linter44s.python.bindings import FunctionInfo
from linter44s.python.nodes import param_default
from linter44s.python.positions import LineIndex

# The one value a local name is bound to (keys.py reads `k = f"user:{uid}"; r.get(k)`).
Lookup = Callable[[str], ast.expr | None]


def keys_of(
    command: str, args: list[ast.expr], keywords: list[ast.keyword], index: LineIndex, lookup: Lookup,
) -> tuple[KeyExpr, ...]:
    """The arguments in key position, per the command table, as key expressions."""
    spec = commands.spec(command)
    if spec is None or spec.keys == "none":
        return ()
    kw = {k.arg: k.value for k in keywords if k.arg}
    nodes: list[ast.expr] = []
    if spec.keys == "first":
        first = args[0] if args else kw.get("name") or kw.get("key")
        nodes = [first] if first is not None else []
    elif spec.keys == "first2":
        nodes = args[:2] or [v for k, v in kw.items() if k in ("src", "dst", "source", "destination", "first_list", "second_list")]
    elif spec.keys == "all":
        if len(args) == 1 and isinstance(args[0], (ast.List, ast.Tuple)):
            nodes = list(args[0].elts)
        else:
            nodes = [a for a in args if not isinstance(a, ast.Starred)]
            if commands.BLOCKING in spec.traits and len(nodes) > 1:
                nodes = nodes[:-1]  # the timeout (BLPOP k1 k2 timeout)
        if "keys" in kw and isinstance(kw["keys"], (ast.List, ast.Tuple)):
            nodes += list(kw["keys"].elts)
    elif spec.keys == "mapping":
        mapping = args[0] if args else kw.get("mapping")
        if isinstance(mapping, ast.Dict):
            nodes = [k for k in mapping.keys if k is not None]
    return tuple(_key(n, index, lookup) for n in nodes if not isinstance(n, ast.Starred))


def _key(node: ast.expr, index: LineIndex, lookup: Lookup) -> KeyExpr:
    span = index.span(node)
    text = re.sub(r"\s+", "", index.text[span.start : span.end])
    target = node
    via_variable = False
    if isinstance(node, ast.Name):
        values = lookup(node.id)
        if values is not None:
            target, via_variable = values, True
    parts, literal_node, join = _parts(target, index)
    return KeyExpr(
        parts=parts,
        span=span,
        text=text,
        literal_span=index.span(literal_node) if literal_node is not None else None,
        join_offset=join,
        via_variable=via_variable,
    )


def _parts(node: ast.expr, index: LineIndex) -> tuple[tuple[str | None, ...], ast.expr | None, int | None]:
    """Literal parts and holes of a key expression, the first literal, and the join point."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bytes):
            return (node.value.decode("utf-8", "replace"),), node, None
        if isinstance(node.value, str):
            return (node.value,), node, None
        return (None,), None, None
    if isinstance(node, ast.JoinedStr):
        parts: list[str | None] = []
        for value in node.values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                parts.append(value.value)
            else:
                parts.append(None)
        if not parts:  # f"": an empty literal
            return ("",), node, None
        join = None
        if len(parts) >= 2 and isinstance(parts[0], str) and parts[1] is None:
            join = _fstring_join(node, parts[0], index)
        return tuple(parts), node if isinstance(parts[0], str) else None, join
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        operands: list[ast.expr] = []
        stack: list[ast.expr] = [node]
        while stack:
            item = stack.pop()
            if isinstance(item, ast.BinOp) and isinstance(item.op, ast.Add):
                stack.extend((item.right, item.left))
            else:
                operands.append(item)
        parts = []
        first_literal = None
        for op in operands:
            if isinstance(op, ast.Constant) and isinstance(op.value, str):
                parts.append(op.value)
                first_literal = first_literal or op
            else:
                parts.append(None)
        join = None
        if len(operands) >= 2 and isinstance(parts[0], str) and parts[1] is None:
            join = _literal_end(operands[0], index)
        return tuple(parts), first_literal, join
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant) and isinstance(node.left.value, str):
        pieces = re.split(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdrifx]", node.left.value)
        return _interleave(pieces), node.left, None
    if (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"
        and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str)
    ):
        pieces = re.split(r"\{[^{}]*\}", node.func.value.value)
        return _interleave(pieces), node.func.value, None
    return (None,), None, None


def _fstring_join(node: ast.JoinedStr, literal: str, index: LineIndex) -> int | None:
    span = index.span(node)
    src = index.text[span.start : span.end]
    m = re.match(r"[rRfFbBuU]{0,2}('''|\"\"\"|'|\")", src)
    if not m:
        return None
    body_start = m.end()
    if src[body_start : body_start + len(literal) + 1] == literal + "{":
        return span.start + body_start + len(literal)
    return None


def _literal_end(node: ast.expr, index: LineIndex) -> int | None:
    span = index.span(node)
    src = index.text[span.start : span.end]
    m = re.fullmatch(r"[uU]?('|\")(.*)\1", src, re.DOTALL)
    if m and isinstance(node, ast.Constant) and m.group(2) == node.value:  # _parts passes only string literals
        return span.end - 1
    return None


def _interleave(pieces: list[str]) -> tuple[str | None, ...]:
    parts: list[str | None] = []
    for i, piece in enumerate(pieces):
        if i:
            parts.append(None)
        if piece:
            parts.append(piece)
    return tuple(parts)


def single_assignment(name: str, info: FunctionInfo) -> ast.expr | None:
    """The one constant, f-string, sum or call a name is bound to, if it has just one."""
    scope: FunctionInfo | None = info
    while scope is not None:
        if name in scope.params:
            arg = scope.params[name]
            default = param_default(scope.node, arg)
            return default if isinstance(default, (ast.Constant, ast.JoinedStr, ast.BinOp)) else None
        if name in scope.assigned:
            values = scope.assigned[name]
            if len(values) == 1 and isinstance(values[0], (ast.Constant, ast.JoinedStr, ast.BinOp, ast.Call)):
                return values[0]
            return None
        scope = scope.parent
    return None
