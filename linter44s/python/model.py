"""The symbols of one Python module, collected in one walk before anything is
judged: imports, classes with their attributes and methods, module-level
functions, attribute paths (`app.redis = ...`).  scopes.py answers what each
of them stands for."""

from __future__ import annotations

import ast

from linter44s.facts import Flavor, ImportedName
from linter44s.python import clients
from linter44s.python.bindings import Annotated, FunctionInfo, collect_assignments
from linter44s.python.nodes import SELF, dotted, pairs

FunctionDef = ast.FunctionDef | ast.AsyncFunctionDef
# Nodes judged once every import is known (scopes.SemanticModel).
Later = ast.ClassDef | ast.Assign | ast.AnnAssign | ast.FunctionDef | ast.AsyncFunctionDef | ast.arg
_BLOCKS = ("body", "orelse", "finalbody", "handlers", "cases")


class Symbols:
    """What one module defines and imports, by name."""

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.aliases: dict[str, str] = {}  # local name -> qualified name it imports
        self.imports: list[ImportedName] = []  # names taken from the project
        self.other_names: set[str] = set()  # names bound to something that is no client
        self.class_attrs: dict[str, dict[str, list[ast.expr]]] = {}
        self.class_methods: dict[str, dict[str, FunctionDef]] = {}
        self.class_bases: dict[str, list[ast.expr]] = {}
        self.class_items: dict[str, dict[str, list[ast.expr]]] = {}  # `self.conns[i] = Redis()`
        self.attr_paths: dict[str, list[ast.expr]] = {}
        self.functions: dict[str, FunctionDef] = {}
        self.method_class: dict[int, str] = {}  # id(method node) -> its class
        self.client_subclasses: dict[str, Flavor] = {}  # classes of this file that extend a client
        self.module_info = FunctionInfo(None, None, None)
        # Whole modules of the project bound to a name (`import pkg.store as s`,
        # `from pkg import store`), by the name's first part.
        self.namespaces: dict[str, list[ImportedName]] = {}
        self.namespace_used: set[str] = set()  # those the code reads an attribute of (`store.client`)
        self.later: list[Later] = []

    def collect(self, library_names_taken: set[str]) -> None:
        """One walk over the statements, with the enclosing class in hand.
        `library_names_taken`: names the project index already knows (they
        are not library names even when imported from one)."""
        stack: list[tuple[ast.AST, str | None]] = [(node, None) for node in reversed(self.tree.body)]
        while stack:
            node, klass = stack.pop()
            if isinstance(node, ast.Import):
                self._import(node)
            elif isinstance(node, ast.ImportFrom):
                self._import_from(node, library_names_taken)
            elif isinstance(node, ast.ClassDef):
                self._class(node)
                for child in reversed(node.body):
                    stack.append((child, node.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else klass))
                continue
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                self._assignment(node, klass)
            elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
                self._setattr(node.value, klass)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.later.append(node)
                a = node.args
                self.later.extend(arg for arg in (*a.posonlyargs, *a.args, *a.kwonlyargs) if arg.annotation is not None)
            # Statements only: bindings, imports and classes never hide inside expressions.
            for field in _BLOCKS:
                block = getattr(node, field, None)
                if block:
                    stack.extend((child, klass) for child in reversed(block))
        for item in self.tree.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.functions[item.name] = item
        collect_assignments(self.tree.body, self.module_info)

    def _import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.asname:
                self.aliases[alias.asname] = alias.name
            else:
                root = alias.name.split(".")[0]
                self.aliases[root] = root
            self.other_names.add(alias.asname or alias.name.split(".")[0])
            if not clients.is_library_module(alias.name):
                if alias.asname:
                    self.namespaces.setdefault(alias.asname, []).append(ImportedName(alias.asname, alias.name, "*"))
                else:  # `import pkg.store` binds `pkg`, and the code says `pkg.store.x`
                    parts = alias.name.split(".")
                    for i in range(1, len(parts) + 1):
                        dotted_name = ".".join(parts[:i])
                        self.namespaces.setdefault(parts[0], []).append(ImportedName(dotted_name, dotted_name, "*"))

    def _import_from(self, node: ast.ImportFrom, library_names_taken: set[str]) -> None:
        module = "." * node.level + (node.module or "")
        for alias in node.names:
            local = alias.asname or alias.name
            self.aliases[local] = f"{module}.{alias.name}" if module and not module.endswith(".") else f"{module}{alias.name}"
            if node.level or not clients.is_library_module(module):
                # A project's `from app.db import redis_client` may well be a client:
                # its name can still speak for it.  A library's names cannot.
                self.imports.append(ImportedName(local, module, alias.name))
                # `from pkg import store` may bind a module: `store.client` is then its export.
                whole = f"{module}.{alias.name}" if not module.endswith(".") else f"{module}{alias.name}"
                self.namespaces.setdefault(local, []).append(ImportedName(local, whole, "*"))
            elif local not in library_names_taken:
                self.other_names.add(local)

    def _class(self, node: ast.ClassDef) -> None:
        self.later.append(node)
        self.class_bases[node.name] = list(node.bases)
        attrs = self.class_attrs.setdefault(node.name, {})
        methods = self.class_methods.setdefault(node.name, {})
        for item in node.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                methods[item.name] = item
                self.method_class[id(item)] = node.name
            elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                attrs.setdefault(item.target.id, []).append(Annotated(item.annotation))
                if item.value is not None:
                    attrs[item.target.id].append(item.value)
            elif isinstance(item, ast.Assign):
                for t in item.targets:
                    if isinstance(t, ast.Name):
                        attrs.setdefault(t.id, []).append(item.value)

    def _assignment(self, node: ast.Assign | ast.AnnAssign, klass: str | None) -> None:
        self.later.append(node)
        # `self.x: T = v`: the annotation says what it is too, with a value or without
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for t, value in [p for whole in targets for p in pairs(whole, node.value)]:
            if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Attribute) and klass is not None and value is not None:
                owner = t.value
                if isinstance(owner.value, ast.Name) and owner.value.id in SELF:
                    self.class_items.setdefault(klass, {}).setdefault(owner.attr, []).append(value)
            if not isinstance(t, ast.Attribute):
                continue
            if isinstance(t.value, ast.Name) and t.value.id in SELF:
                if klass is not None:
                    attr_values = self.class_attrs.setdefault(klass, {}).setdefault(t.attr, [])
                    if isinstance(node, ast.AnnAssign):
                        attr_values.append(Annotated(node.annotation))
                    if value is not None:
                        attr_values.append(value)
            elif value is not None and (text := dotted(t)):
                self.attr_paths.setdefault(text, []).append(value)

    def _setattr(self, call: ast.Call, klass: str | None) -> None:
        """`setattr(obj, "name", value)` with a constant name binds `obj.name` as an assignment would."""
        if not (isinstance(call.func, ast.Name) and call.func.id == "setattr" and len(call.args) == 3):
            return
        obj, name, value = call.args
        if not (isinstance(name, ast.Constant) and isinstance(name.value, str) and name.value.isidentifier()):
            return
        if isinstance(obj, ast.Name) and obj.id in SELF:
            if klass is not None:
                self.class_attrs.setdefault(klass, {}).setdefault(name.value, []).append(value)
        elif (text := dotted(obj)) is not None:
            self.attr_paths.setdefault(f"{text}.{name.value}", []).append(value)

    def mro(self, klass: str) -> list[str]:
        """The class and the classes of this module it derives from, nearest first."""
        order: list[str] = []
        stack = [klass]
        while stack:
            name = stack.pop()
            if name in order or name not in self.class_bases:
                continue
            order.append(name)
            stack.extend(base.id for base in reversed(self.class_bases[name]) if isinstance(base, ast.Name))
        return order

    def method(self, klass: str | None, name: str) -> FunctionDef | None:
        """The method a class of this module has under this name, its own or inherited."""
        for owner in self.mro(klass) if klass else ():
            found = self.class_methods.get(owner, {}).get(name)
            if found is not None:
                return found
        return None
