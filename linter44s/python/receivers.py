"""Is `expr.method(...)` a command on a client?  What the semantic model knows
first; else, by name alone (`client-name-pattern`), when the call also looks
like the command and nothing in the module says the name is something else."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from linter44s import commands
from linter44s.facts import Evidence, Flavor
from linter44s.python.bindings import CLIENT, FunctionInfo, Known, looks_like_setting
from linter44s.python.nodes import last_name
from linter44s.python.scopes import RECEIVER_KINDS

if TYPE_CHECKING:
    from linter44s.python.scopes import SemanticModel

# By name alone, a call must also look like the command: `cfg.get(k, default)` is no GET,
# and `mapping.keys()` with no pattern is a dict's.
_NAME_ONLY_ARITY = {"get": (1, 1), "keys": (1, 1), "hgetall": (1, 1), "smembers": (1, 1), "delete": (1, 99), "set": (2, 99)}


def receiver(model: SemanticModel, expr: ast.expr, method: str, nargs: int, info: FunctionInfo) -> Known | None:
    """Is `expr.method(...)` a command on a client or pipeline?"""
    known = model.known(expr, info)
    if known is not None:
        return known if known.kind in RECEIVER_KINDS else None
    name = last_name(expr)
    if isinstance(expr, ast.Call):
        if expr.args or expr.keywords:
            return None
        name = last_name(expr.func)
    if isinstance(expr, ast.Name) and (name in info.assigned or name in model.module_info.assigned and info is model.module_info):
        # Bound here to something we could not classify: both it and what it was
        # taken from must look like a client (`redis = request.app.state.redis`,
        # `redis = getattr(state, "redis", None)`; not `cfg = settings.REDIS`).
        source = _source_name(model, expr.id, info)
        if not source or not model.pattern.search(name) or looks_like_setting(name):
            return None
        name = source
    # A parameter is what it is called, whatever the module defines under that name
    # (a pytest fixture's parameter is named after the fixture function).
    others = set() if isinstance(expr, ast.Name) and _is_param(model, expr.id, info) else model.other_names
    if not name or name in others or looks_like_setting(name) or not model.pattern.search(name):
        return None
    spec = commands.spec(commands.PYTHON_METHODS.get(method, ""))
    low, high = _NAME_ONLY_ARITY.get(method, (spec.min_args if spec else 0, 99))
    if spec is None or not low <= nargs <= high:
        return None
    return Known(CLIENT, Flavor.UNKNOWN, Evidence.NAME)


def _is_param(model: SemanticModel, name: str, info: FunctionInfo) -> bool:
    scope: FunctionInfo | None = info
    while scope is not None and scope is not model.module_info:
        if name in scope.params:
            return True
        if name in scope.assigned or name in scope.globals:
            return False
        scope = scope.parent
    return False


def _source_name(model: SemanticModel, local: str, info: FunctionInfo) -> str | None:
    scope = info if local in info.assigned else model.module_info
    values = [v for v in scope.assigned.get(local, ()) if v is not None]
    if len(values) != 1:
        return None
    value = values[0]
    if isinstance(value, ast.Attribute):
        return value.attr
    if (
        isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "getattr"
        and len(value.args) >= 2 and isinstance(value.args[1], ast.Constant) and isinstance(value.args[1].value, str)
    ):
        return value.args[1].value
    return None
