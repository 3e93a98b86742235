"""Small questions about `ast` nodes that every part of the frontend asks:
dotted names, the names a target binds or an expression reads."""

from __future__ import annotations

import ast
from collections.abc import Iterable

from linter44s.facts import ValueUse

# What the code does with an expression's value, as the statement walk passes it
# down (CommandCall.value_use is one; Construction.fate is read from it).
Use = ValueUse
SELF = frozenset({"self", "cls"})


def dotted(node: ast.expr) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def last_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def deco_name(deco: ast.expr) -> str:
    target = deco.func if isinstance(deco, ast.Call) else deco
    return last_name(target) or ""


def pairs(target: ast.expr, value: ast.expr | None) -> list[tuple[ast.expr, ast.expr | None]]:
    """Each target of an assignment with the value it gets: `a, b = x, y` pairs
    them (the right side is built before any target is bound); a starred or
    unmatched unpacking gives its elements no value."""
    if not isinstance(target, (ast.Tuple, ast.List)):
        return [(target, value)]
    plain = not any(isinstance(e, ast.Starred) for e in target.elts)
    if plain and isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts) and not any(
        isinstance(e, ast.Starred) for e in value.elts
    ):
        return [p for t, v in zip(target.elts, value.elts) for p in pairs(t, v)]
    return [p for e in target.elts for p in pairs(e.value if isinstance(e, ast.Starred) else e, None)]


def target_names(target: ast.expr) -> set[str]:
    return {name.id for name, _ in pairs(target, None) if isinstance(name, ast.Name)}


def binds(stmt: ast.stmt) -> frozenset[str]:
    """Names a simple statement binds (compound statements end runs anyway)."""
    names: set[str] = set()
    if isinstance(stmt, ast.Assign):
        for t in stmt.targets:
            names |= target_names(t)
    elif isinstance(stmt, (ast.AugAssign, ast.AnnAssign)):
        names |= target_names(stmt.target)
    return frozenset(names)


def reads_of(nodes: Iterable[ast.AST]) -> set[str]:
    names: set[str] = set()
    for node in nodes:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name):
                names.add(sub.id)
    return names


def param_default(fn: ast.AST | None, arg: ast.arg) -> ast.expr | None:
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        return None
    a = fn.args
    positional = [*a.posonlyargs, *a.args]
    if arg in positional:
        index = positional.index(arg) - (len(positional) - len(a.defaults))
        return a.defaults[index] if index >= 0 else None
    if arg in a.kwonlyargs:
        return a.kw_defaults[a.kwonlyargs.index(arg)]
    return None

