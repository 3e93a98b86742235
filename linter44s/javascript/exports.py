"""What a file offers other files of the project: clients, client factories,
client classes and classes that keep clients in members, under the names
other files import them by (`default` for `export default` and
`module.exports = ...`)."""

from __future__ import annotations

from linter44s.facts import Export, ExportKind, Flavor
from linter44s.javascript.bindings import CLIENT
from linter44s.javascript.classes import extends_of, named
from linter44s.javascript.model import Model


class _Offered:
    """The exports found so far, and how to tell what a local name is."""

    def __init__(self, model: Model) -> None:
        self.m = model
        self.holders = holders(model)
        self.static_factories = static_factories(model)
        self.found: dict[str, Export] = {}

    def note(self, local: str, exported: str) -> None:
        for method in self.static_factories.get(local, ()):
            self.add(f"{exported}.{method}", ExportKind.FACTORY)  # `Db.connect()`, as Python's `Store.create`
        bindings = self.m.bindings
        value = bindings.names.get(local)
        if value is not None and value.kind == CLIENT:
            self.add(exported, ExportKind.CLIENT)
        elif local in bindings.factories or local in bindings.imported_factories:
            self.add(exported, ExportKind.FACTORY)
        elif local in bindings.client_classes:
            self.add(exported, ExportKind.CLIENT_CLASS)
        elif local in self.holders:
            self.add(exported, ExportKind.HOLDER, self.holders[local])

    def expression(self, first: int, exported: str) -> None:
        """`exported` is the expression starting at token `first`."""
        src, bindings = self.m.src, self.m.bindings
        end = src.expr_end(first)
        func = self.m.structure.by_head.get(first)
        if func is not None and func.end == end:  # a function or class written in place
            if func.kind == "class" and func.name in bindings.client_classes | self.holders.keys():
                self.note(func.name, exported)
            elif bindings.factories.get(func.name) is not None:
                self.add(exported, ExportKind.FACTORY)
            return
        if end == first and src.is_name(first):
            self.note(src.t(first), exported)
            return
        value = bindings.value(first, end)
        if value is not None and value.kind == CLIENT:
            self.add(exported, ExportKind.CLIENT)

    def add(self, name: str, kind: ExportKind, attributes: tuple[str, ...] = ()) -> None:
        self.found.setdefault(name, Export(name, kind, Flavor.UNKNOWN, attributes))


def holders(model: Model) -> dict[str, tuple[str, ...]]:
    """Classes that keep a client in a member: class name -> member names."""
    bindings, src = model.bindings, model.src
    found: dict[str, set[str]] = {}
    for b in bindings.list:
        member = b.key[len("this."):] if b.key.startswith("this.") else ""
        if not member or "." in member:
            continue
        value = bindings.type_value(*b.type_range) if b.type_range is not None else None
        if value is None and b.rhs is not None:
            value = bindings.value(*b.rhs)
        if value is None or value.kind != CLIENT:
            continue
        owner = model.classes.this_owner(b.index)
        if owner is not None:
            found.setdefault(owner, set()).add(member)
    for cls in model.structure.funcs:  # a subclass keeps what its base keeps
        base = extends_of(src, cls)
        name = named(cls.name)
        if base is not None and name is not None:
            inherited = bindings.holder_attributes(src.normal(*base)) or found.get(src.normal(*base), set())
            if inherited:
                found.setdefault(name, set()).update(inherited)
    return {name: tuple(sorted(members)) for name, members in found.items()}


def static_factories(model: Model) -> dict[str, list[str]]:
    """Class name -> its static methods that return a client (`static connect() {...}`)."""
    src, factories = model.src, model.bindings.factories
    found: dict[str, list[str]] = {}
    for func in model.structure.funcs:
        cls = model.funcs.get(func.parent)
        if cls is None or cls.kind != "class" or func.kind == "class" or func.name not in factories:
            continue
        if src.t(func.head) == "static" or src.t(func.head - 1) == "static":
            name = named(cls.name)
            if name is not None:
                found.setdefault(name, []).append(func.name)
    return found


def exports(model: Model) -> tuple[Export, ...]:
    """Every client, factory and client-keeping class the file exports, by name."""
    src = model.src
    offered = _Offered(model)
    for i, text in enumerate(src.texts):
        if text == "export" and src.is_ident(i) and not src.after_dot(i):
            _es_export(model, offered, i)
        elif text == "exports" and src.t(i + 1) == "=" and src.t(i - 1) == ".":
            if src.t(i + 2) == "{" and src.skip(i + 2) == src.expr_end(i + 2):
                _object_export(model, offered, i + 2)
            else:
                offered.expression(i + 2, "default")  # `module.exports = client`
        elif text == "exports" and src.t(i + 1) == "." and src.is_ident(i + 2) and src.t(i + 3) == "=" and (
            src.t(i - 1) != "." or src.t(i - 2) == "module"  # `exports.x =`, `module.exports.x =`
        ):
            offered.expression(i + 4, src.t(i + 2))
    return tuple(sorted(offered.found.values(), key=lambda e: (e.kind is not ExportKind.CLIENT, e.name)))


def _es_export(model: Model, offered: _Offered, i: int) -> None:
    src = model.src
    nxt = src.t(i + 1)
    if nxt in ("const", "let", "var") and src.is_ident(i + 2):
        offered.note(src.t(i + 2), src.t(i + 2))
    elif nxt == "default":
        offered.expression(i + 2, "default")
    elif nxt == "{":
        for a, b in src.args(i + 1):
            local = src.t(a)
            offered.note(local, src.t(b) if b == a + 2 and src.t(a + 1) == "as" else local)
    elif nxt in ("function", "async", "class", "abstract"):
        j = i + 2
        while src.t(j) in ("function", "class", "*"):
            j += 1
        if src.is_ident(j):
            offered.note(src.t(j), src.t(j))


def _object_export(model: Model, offered: _Offered, opener: int) -> None:
    """`module.exports = { redis, getClient: make }`."""
    src = model.src
    for a, b in src.args(opener):
        if a == b and src.is_name(a):
            offered.note(src.t(a), src.t(a))
        elif src.t(a + 1) == ":" and src.is_ident(a):
            offered.expression(a + 2, src.t(a))
