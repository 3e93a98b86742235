"""Options given through a splatted dict that the code builds itself:
`kwargs = {"retry": Retry(NoBackoff(), 0)}; Redis(**kwargs)`, `Redis(**dict(host=h))`,
or `Redis(**self._options())` where the helper returns such a dict.  Read as if
they were written at the call; a dict the code changes after building it is not read."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from linter44s.python.bindings import FunctionInfo, statements
from linter44s.python.nodes import SELF

if TYPE_CHECKING:
    from linter44s.python.scopes import SemanticModel

Items = list[tuple[str, ast.expr]]
_MUTATORS = frozenset({"update", "setdefault", "pop", "popitem", "clear", "__setitem__"})


def splatted(model: SemanticModel, node: ast.expr, info: FunctionInfo, depth: int = 0) -> Items | None:
    """The (name, value) pairs `**node` passes, or None when they cannot be known."""
    if depth > 4:
        return None
    if isinstance(node, ast.Dict):
        items: Items = []
        for k, v in zip(node.keys, node.values):
            if not (isinstance(k, ast.Constant) and isinstance(k.value, str)):
                return None  # `{**base, ...}` or a computed key
            items.append((k.value, v))
        return items
    if isinstance(node, ast.Call):
        if isinstance(node.func, ast.Name) and node.func.id == "dict" and not node.args:
            if all(k.arg for k in node.keywords):
                return [(k.arg, k.value) for k in node.keywords if k.arg]
            return None
        return _returned(model, node, info, depth)
    if isinstance(node, ast.Name):
        return _bound(model, node.id, info, depth)
    return None


def _bound(model: SemanticModel, name: str, info: FunctionInfo, depth: int) -> Items | None:
    scope: FunctionInfo | None = info
    while scope is not None:
        if name in scope.params:
            return None
        if name in scope.assigned:
            values = scope.assigned[name]
            if len(values) != 1 or values[0] is None or _mutated(name, scope, model):
                return None
            return splatted(model, values[0], scope, depth + 1)
        scope = scope.parent
    return None


def _returned(model: SemanticModel, call: ast.Call, info: FunctionInfo, depth: int) -> Items | None:
    """A helper of this module that returns one dict: `self._options()`, `redis_options()`."""
    func = call.func
    fn = None
    if isinstance(func, ast.Name):
        fn = model.functions.get(func.id)
    elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        owner = func.value.id
        fn = model.method(info.class_name if owner in SELF else owner, func.attr)
    if fn is None:
        return None
    returns = [node for node in statements(fn.body) if isinstance(node, ast.Return)]
    if len(returns) != 1 or returns[0].value is None:
        return None
    fn_info = model.info_for(fn, model.module_info, model.method_class.get(id(fn)))
    return splatted(model, returns[0].value, fn_info, depth + 1)


def _mutated(name: str, scope: FunctionInfo, model: SemanticModel) -> bool:
    """`name[k] = v`, `name.update(...)`, `del name[k]`, `name |= ...` anywhere in the scope."""
    body = scope.node.body if scope.node is not None else model.tree.body
    for node in ast.walk(ast.Module(body=body if isinstance(body, list) else [ast.Expr(body)], type_ignores=[])):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
            for t in targets:
                if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) and t.value.id == name:
                    return True
                if isinstance(node, ast.AugAssign) and isinstance(t, ast.Name) and t.id == name:
                    return True
        elif (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _MUTATORS
            and isinstance(node.func.value, ast.Name) and node.func.value.id == name
        ):
            return True
    return False
