"""Constructions: calls that build a client, pool or sentinel, with their
options and what becomes of the object (its fate: module-level, returned,
stored, passed, kept for a with-block, or dropped)."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from linter44s.facts import Construction, ConstructionKind, Fate, Flavor
from linter44s.python import clients
from linter44s.python.bindings import SENTINEL, is_memoised, statements
from linter44s.python.calls import argument, as_options
from linter44s.python.handlers import hands_out
from linter44s.python.nodes import Use, binds, last_name
from linter44s.python.options import splatted

if TYPE_CHECKING:
    from linter44s.python.scopes import SemanticModel
    from linter44s.python.statements import Walker

_ESCAPES: tuple[Fate, ...] = ("returned", "stored", "passed")  # the first that applies is the fate


def construction(w: Walker, call: ast.Call, use: Use) -> None:
    """Record a call that builds a client, pool or sentinel (or a project factory that does)."""
    model = w.model
    last = last_name(call.func)
    if last not in clients.CONSTRUCTOR_NAMES and last not in ("master_for", "slave_for") and last not in model.functions:
        return
    made = clients.constructed(model.qualname(call.func))
    kind: ConstructionKind | None = None
    library = None
    flavor = Flavor.SYNC
    constructor = ""
    via_factory = None
    if made is not None:
        kind, flavor, library = made.kind, made.flavor, made.library
        constructor = model.qualname(call.func) or ""
        if constructor.endswith("get_redis_connection"):
            return  # django-redis hands out the cache backend's pooled client
    elif isinstance(call.func, ast.Attribute) and call.func.attr in ("master_for", "slave_for"):
        owner = model.known(call.func.value, w.info)
        if owner is not None and owner.kind == SENTINEL:
            kind, flavor, library, constructor = "client", owner.flavor, "redis-py", f"Sentinel.{call.func.attr}"
    elif isinstance(call.func, ast.Name) and call.func.id in model.functions and w.scope_id != 0:
        fn = model.functions[call.func.id]
        if builds_fresh_client(model, fn):
            kind, library, constructor, via_factory = "client", "redis-py", call.func.id, call.func.id
            flavor = model.returns_client(fn, None) or Flavor.SYNC
    if kind is None:
        return
    positional = tuple(argument(w.index, a) for a in call.args)
    spread = _spread_options(w, call)
    w.constructions.append(
        Construction(
            kind=kind,
            constructor=constructor,
            library=library or "redis-py",
            flavor=flavor,
            span=w.index.span(call),
            stmt_line=w.stmt_line,
            scope=w.scope_id,
            loops=tuple(w.loop_stack),
            options=tuple(argument(w.index, k.value, k.arg) for k in call.keywords if k.arg)
            + as_options(call.args, positional, clients.positional_params(constructor))
            + tuple(argument(w.index, value, name) for name, value in spread or ()),
            args=positional,
            has_splat=spread is None or any(isinstance(a, ast.Starred) for a in call.args),
            fate=_fate(w, use),
            uses_shared_pool=any(k.arg == "connection_pool" for k in call.keywords) or any(n == "connection_pool" for n, _ in spread or ()),
            via_factory=via_factory,
            binds=binds(w.stmt_node) if use == "assigned" and w.stmt_node is not None else frozenset(),
        )
    )


def _spread_options(w: Walker, call: ast.Call) -> list[tuple[str, ast.expr]] | None:
    """The options every `**dict` of the call passes; None when one cannot be read."""
    found: list[tuple[str, ast.expr]] = []
    for k in call.keywords:
        if k.arg is None:
            items = splatted(w.model, k.value, w.info)
            if items is None:
                return None
            found += items
    return found


def builds_fresh_client(model: SemanticModel, fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A project function that builds a new client on every call (no cache, no global)."""
    if is_memoised(fn) or model.returns_client(fn, None) is None:
        return False
    info = model.info_for(fn, model.module_info, None)
    if info.globals:
        return False  # a singleton behind a global
    for node in statements(fn.body):
        if isinstance(node, ast.Return) and node.value is not None:
            value = node.value.value if isinstance(node.value, ast.Await) else node.value
            if isinstance(value, ast.Call) and clients.constructed(model.qualname(value.func)):
                return True
            if isinstance(value, ast.Name):
                assigned = info.assigned.get(value.id, [])
                if any(isinstance(v, ast.Call) and clients.constructed(model.qualname(v.func)) for v in assigned):
                    return True
    return False


def _fate(w: Walker, use: Use) -> Fate:
    if w.scope_id == 0:
        return "module"
    if use == "element" and w.comprehension_uses:
        use = w.comprehension_uses[-1]  # `[Redis(h) for h in hosts]` goes where the list goes
    stmt = w.stmt_node
    if use == "returned" or (use == "await" and isinstance(stmt, ast.Return)):
        return "returned"  # `return await create_redis_pool(url)` hands it out too
    if use in ("argument", "task", "thread", "stored"):
        return "passed"
    if use == "context":
        # `async with master_for(...) as c: yield c` in a context manager hands the client out.
        return "returned" if hands_out(w.info.node) else "context"
    if use in ("assigned", "await") and isinstance(stmt, (ast.Assign, ast.AnnAssign)):
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        for t in targets:
            if isinstance(t, (ast.Attribute, ast.Subscript)):
                return "stored"
            if isinstance(t, ast.Name):
                if t.id in w.info.globals:
                    return "singleton"
                escapes = w.info.escapes(t.id)
                for how in _ESCAPES:
                    if how in escapes:
                        return how
                if "context" in escapes:
                    return "context"
        return "dropped"
    return "dropped"

# ------------------------------------------------------------ suppression
