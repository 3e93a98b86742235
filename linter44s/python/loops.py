"""What a loop is, for the round-trip rules: the names each iteration binds,
whether it walks a collection, whether it can stop early."""

from __future__ import annotations

import ast

from linter44s.python.bindings import statements
from linter44s.python.nodes import reads_of, target_names

_POP_METHODS = frozenset({"pop", "popleft", "popitem", "get_nowait"})


def derived_names(targets: set[str], body: list[ast.stmt]) -> set[str]:
    """Loop targets plus names assigned in the body from them (one level of data flow, to a fixpoint)."""
    names = set(targets)
    assigns = []
    for node in statements(body):
        if isinstance(node, ast.Assign):
            assigns.append((node.targets, node.value))
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            assigns.append(([node.target], node.value))
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            assigns.append(([node.target], node.iter))
    if not assigns:
        return names
    changed = True
    while changed:
        changed = False
        for targets_, value in assigns:
            if reads_of([value]) & names:
                for t in targets_:
                    new = target_names(t) - names
                    if new:
                        names |= new
                        changed = True
    return names


def exits_early(body: list[ast.stmt]) -> bool:
    """A `return` anywhere in the body, or a `break` of this loop (not of a nested one)."""
    stack: list[tuple[ast.AST, bool]] = [(node, False) for node in body]
    while stack:
        node, nested = stack.pop()
        if isinstance(node, ast.Return) or (isinstance(node, ast.Break) and not nested):
            return True
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        inner = nested or isinstance(node, (ast.For, ast.AsyncFor, ast.While))
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            block = getattr(node, field, None)
            if block:
                stack.extend((child, inner) for child in block)
    return False


def while_shape(stmt: ast.While) -> tuple[set[str], bool]:
    """A while loop batches only when it walks a collection: it advances an
    index used in its test, or pops from a local collection."""
    test = stmt.test
    if isinstance(test, ast.Constant) and test.value:
        return set(), False
    test_names = reads_of([test])
    targets: set[str] = set()
    for node in ast.walk(ast.Module(body=stmt.body, type_ignores=[])):
        if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) and node.target.id in test_names:
            targets.add(node.target.id)
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Attribute):
            owner = node.value.func.value
            if node.value.func.attr in _POP_METHODS and isinstance(owner, ast.Name) and owner.id in test_names:
                for t in node.targets:
                    targets |= target_names(t)
    return targets, bool(targets)
