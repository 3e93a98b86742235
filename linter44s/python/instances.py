"""Instances of the module's own classes (and of client-holding classes other
modules export): `layer = Layer(self)` then `layer.conn`, `layer.get_connection(i)`,
`async with self.connection(i) as c` where the class's `__aenter__` gives a client."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from linter44s.python.bindings import FunctionInfo, statements
from linter44s.python.nodes import SELF, dotted

if TYPE_CHECKING:
    from linter44s.python.scopes import SemanticModel

_DEPTH = 4


def instance_class(model: SemanticModel, expr: ast.expr, info: FunctionInfo, depth: int = 0) -> str | None:
    """The class (of this module, or a holder another module exports) whose instance `expr` is."""
    if depth > _DEPTH:
        return None
    if isinstance(expr, ast.Await):
        return instance_class(model, expr.value, info, depth + 1)
    if isinstance(expr, ast.Call):
        return _made_by(model, expr, info, depth)
    if isinstance(expr, ast.Name):
        key = (id(info), expr.id)
        if key not in model.instances:
            model.instances[key] = None  # recursion guard: `x = x.child()`
            model.instances[key] = _agreed(model, _values_of_name(expr.id, info), info, depth)
        return model.instances[key]
    if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id in SELF and info.class_name:
        values = [v for klass in model.mro(info.class_name) for v in model.class_attrs.get(klass, {}).get(expr.attr, ())]
        return _agreed(model, values, model.module_info, depth)
    return None


def _made_by(model: SemanticModel, call: ast.Call, info: FunctionInfo, depth: int) -> str | None:
    func = call.func
    text = dotted(func)
    if isinstance(func, ast.Name) and func.id in model.class_bases and func.id not in model.client_subclasses:
        return func.id
    if text is not None and model.consult(text) in model.holders:
        return text
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in SELF:
        if func.attr in model.class_bases:
            return func.attr  # `self.ConnectionContextManager(...)`, a nested class
        fn = model.method(info.class_name, func.attr)
    elif isinstance(func, ast.Name):
        fn = model.functions.get(func.id)
    else:
        return None
    if fn is None:
        return None
    fn_info = model.info_for(fn, model.module_info, model.method_class.get(id(fn)))
    returned = [node.value for node in statements(fn.body) if isinstance(node, ast.Return) and node.value is not None]
    return _agreed(model, returned, fn_info, depth)


def _agreed(model: SemanticModel, values: list, info: FunctionInfo, depth: int) -> str | None:
    """The one class all these values are instances of; an item read from a
    container (`self._layers[loop]`) says nothing either way."""
    found = {instance_class(model, v, info, depth + 1) for v in values if v is not None and not isinstance(v, ast.Subscript)}
    return found.pop() if len(found) == 1 else None


def _values_of_name(name: str, info: FunctionInfo) -> list:
    scope: FunctionInfo | None = info
    while scope is not None:
        if name in scope.params:
            return []
        if name in scope.assigned:
            return scope.assigned[name]
        scope = scope.parent
    return []
