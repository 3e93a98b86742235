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
    """Module clients, factories, client classes, external clients.  (A name
    imported from the project may be a client too: analyze() reports those
    imports, and linking brings them back here as external clients.)"""
    names = {n.split(".", 1)[0] for n in (*model.external, *model.imported_classes, *model.holders)} | set(model.client_subclasses)
    # `from redis.client import Pipeline`: a type or constructor under another name.
    names |= {local for local, target in model.aliases.items() if clients.may_stand_for_client(target)}
    names |= {n for n, fn in model.functions.items() if model.returns_client(fn, None) is not None}
    for path, exprs in model.attr_paths.items():
        if any((k := model.known(v, model.module_info)) is not None and k.kind != OTHER for v in exprs):
            names.add(path.rsplit(".", 1)[-1])
    for name, values in model.module_info.assigned.items():
        if any(v is not None for v in values):
            known = model.lookup(name, model.module_info)
            if known is not None and known.kind != OTHER:
                names.add(name)
    return names


def carrier_names(model: SemanticModel, words: set[str]) -> set[str]:
    """Of these words (what the units that may be skipped say), the ones that carry a
    client in: classes whose instances hold or hand out clients (`class Worker(Base)`,
    `Conn.create()`), module names bound to their instances (`store = Store()`), and
    decorators that pass a client.  Costly to judge, so judged only for these words."""
    candidates = words & (model.class_bases.keys() | model.holders.keys() | model.functions.keys() | model.module_info.assigned.keys())
    return {word for word in candidates if _carries(model, word)}


def _carries(model: SemanticModel, word: str) -> bool:
    found = model.carriers.get(word)
    if found is None:
        found = model.carriers[word] = _judge(model, word)
    return found


def _judge(model: SemanticModel, word: str) -> bool:
    if word in model.holders:
        return True
    if word in model.class_bases:
        return bool(model.held_clients(word)) or _hands_out_clients(model, word)
    fn = model.functions.get(word)
    if fn is not None:
        return _nests_function(fn) and bool(passed_clients(model, fn))
    if any(v is not None for v in model.module_info.assigned.get(word, ())):
        klass = instance_class(model, ast.Name(id=word, ctx=ast.Load()), model.module_info)
        return klass is not None and klass != word and _carries(model, klass)  # `store = Store()`
    return False


def _hands_out_clients(model: SemanticModel, klass: str) -> bool:
    return any(model.returns_client(fn, klass) is not None for fn in model.class_methods.get(klass, {}).values())


def _nests_function(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Has the shape of a decorator: a function defined in its body."""
    return any(isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) for node in fn.body)
