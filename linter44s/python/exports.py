"""What a module offers other modules of the project (facts.Export): module-level
clients, functions that return one, client classes, classes whose instances hold
clients, and static or class methods that return one (`Store.create`)."""

from __future__ import annotations

import ast

from linter44s.facts import Export, ExportKind, Flavor
from linter44s.python.bindings import CLIENT
from linter44s.python.scopes import SemanticModel


def exports(model: SemanticModel) -> tuple[Export, ...]:
    module = model.module_info
    found = [
        Export(name, ExportKind.CLIENT, k.flavor) for name in module.assigned
        if not name.startswith("__") and (k := model.lookup(name, module)) is not None and k.kind == CLIENT
    ]
    found += [Export(name, ExportKind.FACTORY, f) for name, fn in model.functions.items() if (f := model.returns_client(fn, None)) is not None]
    for node in model.tree.body:
        if isinstance(node, ast.ClassDef):
            found += _class_exports(model, node)
    return tuple(found)


def _class_exports(model: SemanticModel, node: ast.ClassDef) -> list[Export]:
    name = node.name
    if name in model.client_subclasses:
        return [Export(name, ExportKind.CLIENT_CLASS, model.client_subclasses[name])]
    found = []
    held = model.held_clients(name)
    # `connection:get_connection`: set from a hook a subclass elsewhere may override to return a client.
    hooks = tuple(f"{attr}:{hook}" for attr, hook in model.hooks(name).items() if attr not in held)
    if held or hooks:
        flavors = set(held.values())
        found.append(Export(name, ExportKind.HOLDER, flavors.pop() if len(flavors) == 1 else Flavor.UNKNOWN, tuple(held) + hooks))
    for method in node.body:
        if isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)) and _called_on_class(method):
            flavor = model.returns_client(method, name)
            if flavor is not None:
                found.append(Export(f"{name}.{method.name}", ExportKind.FACTORY, flavor))
    return found


def _called_on_class(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(isinstance(d, ast.Name) and d.id in ("staticmethod", "classmethod") for d in fn.decorator_list)
