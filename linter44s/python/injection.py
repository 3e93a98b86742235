"""Parameters that receive a client from outside the function's own code: a
pytest fixture of the same name, or a decorator whose wrapper calls the
function with a client (`fn(redis.Redis(connection_pool=pool), *args)`)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import TYPE_CHECKING

from linter44s.facts import Evidence
from linter44s.python.bindings import CLIENT, FunctionInfo, Known
from linter44s.python.handlers import is_fixture

if TYPE_CHECKING:
    from linter44s.python.scopes import SemanticModel

FunctionDef = ast.FunctionDef | ast.AsyncFunctionDef


def injected(model: SemanticModel, fn: FunctionDef, name: str) -> Known | None:
    """What parameter `name` of `fn` is given, when a fixture or a decorator gives it a client."""
    fixture = model.functions.get(name)
    if fixture is not None and fixture is not fn and is_fixture(fixture) and (fn.name.startswith("test") or is_fixture(fn)):
        flavor = model.returns_client(fixture, None)
        if flavor is not None:
            return Known(CLIENT, flavor, Evidence.FACTORY)
    params = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)]
    for deco in fn.decorator_list:
        target = deco.func if isinstance(deco, ast.Call) else deco
        decorator = model.functions.get(target.id) if isinstance(target, ast.Name) else None
        if decorator is None:
            continue
        for position, known in passed_clients(model, decorator).items():
            if position < len(params) and params[position] == name:
                return known
    return None


def passed_clients(model: SemanticModel, decorator: FunctionDef) -> dict[int, Known]:
    """Positions at which a decorator's wrapper passes a client to the function it wraps."""
    key = id(decorator)
    if key in model.injections:
        return model.injections[key]
    model.injections[key] = found = {}  # set first: a decorator may decorate itself
    # Each function with the names that may be the function being wrapped: the first
    # parameter of the decorator, and of any function nested in it (a decorator factory).
    stack: list[tuple[FunctionDef, FunctionInfo, frozenset[str]]] = [(decorator, model.module_info, frozenset())]
    while stack:
        fn, parent, outer = stack.pop()
        info = model.info_for(fn, parent, None)
        positional = [*fn.args.posonlyargs, *fn.args.args]
        wrapped = outer | {positional[0].arg} if positional else outer
        for node in _own_nodes(fn):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                stack.append((node, info, wrapped))
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in wrapped:
                for position, arg in enumerate(node.args):
                    if isinstance(arg, ast.Starred):
                        break
                    known = model.known(arg, info)
                    if known is not None and known.kind == CLIENT:
                        found[position] = known
    return found


def _own_nodes(fn: FunctionDef) -> Iterator[ast.AST]:
    """Nodes of a function's body, nested functions yielded but not entered."""
    stack: list[ast.AST] = list(reversed(fn.body))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            stack.extend(reversed(list(ast.iter_child_nodes(node))))
