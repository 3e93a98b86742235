"""`[r.get(k) for k in ks]` -> one MGET; `[r.hget(h, f) for f in fs]` -> one
HMGET that is not sent for no fields (an error, where the comprehension gave []).

    [r.get(k) for k in ks]              -> r.mget(ks)
    [r.get(f"u:{i}") for i in ids]      -> r.mget([f"u:{i}" for i in ids])
    {k: r.get(k) for k in ks}           -> dict(zip(ks, r.mget(ks)))       (reads ks twice)
    [r.hget(h, f) for f in fs]          -> (r.hmget(h, fields) if (fields := list(fs)) else [])

Built on the syntax tree (libcst): no regular expression takes the comprehension apart."""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst
import libcst.matchers as m

from linter44s.python.rewrites.common import Located


def rewrite_comprehension(at: Located, comp: cst.CSTNode, method: str) -> cst.BaseExpression | None:
    if not isinstance(comp, cst.ListComp | cst.DictComp) or comp.for_in.inner_for_in is not None or comp.for_in.asynchronous:
        return None
    element = comp.value if isinstance(comp, cst.DictComp) else comp.elt
    call = element.expression if isinstance(element, cst.Await) else element
    if isinstance(element, cst.Await) or not m.matches(call, m.Call(func=m.Attribute(attr=m.Name(_single(method))))):
        return None
    assert isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute)
    args = call.args
    if any(a.keyword is not None or a.star for a in args) or len(args) != (2 if method == "hmget" else 1):
        return None
    receiver, key = at.code(call.func.value), args[-1].value
    fixed = f"{at.code(args[0].value)}, " if method == "hmget" else ""
    target, iterable = comp.for_in.target, comp.for_in.iter
    simple = isinstance(target, cst.Name) and isinstance(key, cst.Name) and key.value == target.value and not comp.for_in.ifs
    if isinstance(comp, cst.DictComp):
        if not simple or not m.matches(comp.key, m.Name(target.value if isinstance(target, cst.Name) else "")) or m.findall(iterable, m.CompFor() | m.IfExp()):
            return None
        if method == "hmget":
            return _no_empty(at, lambda fields: f"dict(zip({fields}, {receiver}.hmget({fixed}{fields})))", f"list({at.code(iterable)})", "{}")
        return cst.parse_expression(f"dict(zip({at.code(iterable)}, {receiver}.{method}({at.code(iterable)})))")
    keys = at.code(iterable) if simple else at.code(comp.with_changes(elt=key))
    if method == "hmget":
        return _no_empty(at, lambda fields: f"{receiver}.hmget({fixed}{fields})", keys if keys.startswith("[") else f"list({keys})", "[]")
    return cst.parse_expression(f"{receiver}.{method}({keys})")


def _single(method: str) -> str:
    """The per-item command the batched one replaces: `mget` -> `get`, `hmget` -> `hget`."""
    return {"mget": "get", "hmget": "hget"}[method]


def _no_empty(at: Located, call_with: Callable[[str], str], listed: str, empty: str) -> cst.BaseExpression:
    """HMGET of no fields is an error (MGET of no keys is not: redis-py answers it itself),
    so the fields are listed once and the call made only when there are some."""
    name = at.fresh("fields")
    return cst.parse_expression(f"({call_with(name)} if ({name} := {listed}) else {empty})")
