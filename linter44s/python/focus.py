"""Which names can carry a client into a function whose text names no client
library: the focused parse (frontend.analyze, statements.Walker.module_block)
parses and walks a top-level function or class only when its text names one of
these, or a library, or a client-like name."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from linter44s.python import clients
from linter44s.python.bindings import OTHER
from linter44s.python.injection import passed_clients
from linter44s.python.instances import instance_class

if TYPE_CHECKING:
    from linter44s.python.scopes import SemanticModel


def client_names(model: SemanticModel) -> set[str]:
    """Module clients, factories, client classes, external clients, classes whose
    instances hold or hand out clients and the module names bound to such
    instances, and decorators that pass a client.  (A name imported from the
    project may be a client too: analyze() reports those imports, and linking
    brings them back here as external clients.)"""
    names = {n.split(".", 1)[0] for n in (*model.external, *model.imported_classes, *model.holders)} | set(model.client_subclasses)
    # `from redis.client import Pipeline`: a type or constructor under another name.
    names |= {local for local, target in model.aliases.items() if clients.may_stand_for_client(target)}
    names |= {n for n, fn in model.functions.items() if model.returns_client(fn, None) is not None}
    for path, exprs in model.attr_paths.items():
        if any((k := model.known(v, model.module_info)) is not None and k.kind != OTHER for v in exprs):
            names.add(path.rsplit(".", 1)[-1])
    # `class Worker(Base)`, `Conn.create()`: classes whose instances hold or hand out clients.
    carriers = {klass for klass in model.class_bases if model.held_clients(klass) or _hands_out_clients(model, klass)}
    carriers |= set(model.holders)
    names |= carriers
    for name, values in model.module_info.assigned.items():
        if any(v is not None for v in values):
            known = model.lookup(name, model.module_info)
            if known is not None and known.kind != OTHER:
                names.add(name)
            elif instance_class(model, ast.Name(id=name, ctx=ast.Load()), model.module_info) in carriers:
                names.add(name)  # `store = Store()`, then `store.conn.keys(...)` in a function
    names |= {n for n, fn in model.functions.items() if _nests_function(fn) and passed_clients(model, fn)}
    return names


def _hands_out_clients(model: SemanticModel, klass: str) -> bool:
    return any(model.returns_client(fn, klass) is not None for fn in model.class_methods.get(klass, {}).values())


def _nests_function(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Has the shape of a decorator: a function defined in its body."""
    return any(isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) for node in fn.body)
