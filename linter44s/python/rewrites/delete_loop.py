"""`for k in ks: r.delete(k)` -> batched DEL/UNLINK that never sends an empty
or unbounded command.

Over a KEYS or SCAN walk of the same client, each SCAN page is unlinked as it
comes (a page may be empty; then nothing is sent).  Over anything else, the
keys are listed once and deleted a bounded slice at a time (no keys: no call)."""

from __future__ import annotations

import libcst as cst

from linter44s.python.rewrites.common import Located, lone_call, statements
from linter44s.spelling import BATCH_SIZE, KEY_WALKERS, SCAN

_DELETES = {"delete", "unlink"}
_SCAN_ITER_PARAMS = ("match", "count", "_type")  # redis-py scan_iter's positional order


def rewrite_delete_loop(at: Located) -> list[cst.BaseStatement] | None:
    loop = at.node
    if not isinstance(loop, cst.For) or loop.orelse is not None or not isinstance(loop.target, cst.Name):
        return None
    found = lone_call(loop.body)
    if found is None or "#" in at.code(loop.body):
        return None
    call, awaited = found
    target = loop.target.value
    assert isinstance(call.func, cst.Attribute)
    receiver = at.code(call.func.value)
    if call.func.attr.value not in _DELETES or not _deletes_target(call, target) or target in receiver:
        return None
    if at.read_after(target):
        return None  # the loop leaves the last key in `target`; the rewrite does not
    scan = _scan_arguments(at, loop.iter, receiver)
    if scan is not None:
        return _per_scan_page(at, receiver, scan, awaited)
    if loop.asynchronous is not None:
        return None
    iterable = at.code(loop.iter)
    if isinstance(loop.iter, cst.Tuple) and not loop.iter.lpar:
        iterable = f"({iterable})"  # `for k in a, b:`
    return _in_slices(at, receiver, call.func.attr.value, iterable, awaited)


def _deletes_target(call: cst.Call, target: str) -> bool:
    if len(call.args) != 1:
        return False
    arg = call.args[0]
    return arg.keyword is None and not arg.star and isinstance(arg.value, cst.Name) and arg.value.value == target


def _scan_arguments(at: Located, iterable: cst.BaseExpression, receiver: str) -> str | None:
    """`match=..., count=...` when the loop walks `receiver.keys(p)` or
    `receiver.scan_iter(...)`; None for any other iterable."""
    if isinstance(iterable, cst.Await):
        iterable = iterable.expression
    if not isinstance(iterable, cst.Call) or not isinstance(iterable.func, cst.Attribute):
        return None
    method = iterable.func.attr.value
    if method not in KEY_WALKERS["redis-py"] or at.code(iterable.func.value) != receiver:
        return None
    if any(a.star for a in iterable.args):
        return None
    params = ("pattern",) if method == "keys" else _SCAN_ITER_PARAMS
    if len([a for a in iterable.args if a.keyword is None]) > len(params):
        return None
    given: dict[str, str] = {}
    for i, arg in enumerate(iterable.args):
        name = arg.keyword.value if arg.keyword is not None else params[i]
        given["match" if name == "pattern" else name] = at.code(arg.value)
    if not set(given) <= set(_SCAN_ITER_PARAMS):
        return None
    given.setdefault("count", str(BATCH_SIZE))
    return ", ".join(f"{k}={v}" for k, v in given.items())


def _per_scan_page(at: Located, receiver: str, scan: str, awaited: bool) -> list[cst.BaseStatement]:
    cursor, page = at.fresh("cursor", "scan_cursor"), at.fresh("page", "keys_page")
    wait = "await " if awaited else ""
    return statements(
        f"{cursor} = 0\n"
        "while True:\n"
        f"    {cursor}, {page} = {wait}{receiver}.{SCAN['redis-py']}({cursor}, {scan})\n"
        f"    if {page}:\n"
        f"        {wait}{receiver}.unlink(*{page})\n"
        f"    if not {cursor}:\n"
        "        break\n"
    )


def _in_slices(at: Located, receiver: str, method: str, iterable: str, awaited: bool) -> list[cst.BaseStatement]:
    keys, start = at.fresh("all_keys", "keys_to_delete"), at.fresh("start", "offset")
    wait = "await " if awaited else ""
    return statements(
        f"{keys} = list({iterable})\n"
        f"for {start} in range(0, len({keys}), {BATCH_SIZE}):\n"
        f"    {wait}{receiver}.{method}(*{keys}[{start} : {start} + {BATCH_SIZE}])\n"
    )
