"""GET, add, SET back -> one INCRBY, which Redis runs atomically.

    n = int(r.get(k) or 0)
    n += 5                     ->    n = r.incrby(k, 5)
    r.set(k, n)

Only these three statements in a row, the read defaulting a missing key to 0
(as INCRBY does), the step an integer literal or a name, the write with no options.
Not `float(...)`: INCRBYFLOAT stores `3` where the code stored `3.0`."""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from linter44s.python.rewrites.common import Located, statements
from linter44s.python.rewrites.pipeline_run import the_run

_ZERO = m.Integer("0") | m.SimpleString() | m.Float()
_STEP = m.Integer() | m.Name()


def rewrite_counter(at: Located) -> tuple[list[cst.CSTNode], list[cst.BaseStatement]] | None:
    run = the_run(at)
    if run is None or len(run) != 3 or any("#" in at.code(s) or not isinstance(s, cst.SimpleStatementLine) for s in run):
        return None
    smalls = [s.body[0] for s in run if isinstance(s, cst.SimpleStatementLine) and len(s.body) == 1]
    if len(smalls) != 3 or any(getattr(s, "leading_lines", ()) for s in run[1:]):
        return None
    read = _read(at, smalls[0])
    if read is None:
        return None
    name, receiver, key = read
    step = _step(smalls[1], name)
    if step is None or not _writes_back(at, smalls[2], receiver, key, name):
        return None
    return list(run), statements(f"{name} = {receiver}.incrby({key}, {step})\n")


def _read(at: Located, small: cst.BaseSmallStatement) -> tuple[str, str, str] | None:
    """`n = int(r.get(k) or 0)` -> (n, r, k)."""
    pattern = m.Assign(
        targets=[m.AssignTarget(target=m.Name())],
        value=m.Call(func=m.Name("int"), args=[m.Arg(value=m.BooleanOperation(operator=m.Or(), right=_ZERO))]),
    )
    if not m.matches(small, pattern):
        return None
    assert isinstance(small, cst.Assign) and isinstance(small.value, cst.Call)
    get = small.value.args[0].value
    assert isinstance(get, cst.BooleanOperation) and isinstance(small.targets[0].target, cst.Name)
    zero = get.right
    if isinstance(zero, cst.SimpleString) and zero.evaluated_value not in ("0", b"0"):
        return None
    call = get.left
    if not m.matches(call, m.Call(func=m.Attribute(attr=m.Name("get")), args=[m.Arg(keyword=None, star="")])):
        return None
    assert isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute)
    return small.targets[0].target.value, at.code(call.func.value), at.code(call.args[0].value)


def _step(small: cst.BaseSmallStatement, name: str) -> str | None:
    """`n += 5` / `n -= s` / `n = n + 5`: the amount added, as source."""
    if m.matches(small, m.AugAssign(target=m.Name(name), operator=m.AddAssign() | m.SubtractAssign(), value=_STEP)):
        assert isinstance(small, cst.AugAssign)
        amount = cst.Module([]).code_for_node(small.value)
        return amount if isinstance(small.operator, cst.AddAssign) else f"-{amount}"
    if m.matches(small, m.Assign(targets=[m.AssignTarget(target=m.Name(name))], value=m.BinaryOperation(left=m.Name(name), operator=m.Add(), right=_STEP))):
        assert isinstance(small, cst.Assign) and isinstance(small.value, cst.BinaryOperation)
        return cst.Module([]).code_for_node(small.value.right)
    return None


def _writes_back(at: Located, small: cst.BaseSmallStatement, receiver: str, key: str, name: str) -> bool:
    if not m.matches(small, m.Expr(value=m.Call(func=m.Attribute(attr=m.Name("set")), args=[m.Arg(keyword=None), m.Arg(keyword=None, value=m.Name(name))]))):
        return False
    assert isinstance(small, cst.Expr) and isinstance(small.value, cst.Call)
    call = small.value
    assert isinstance(call.func, cst.Attribute)
    return at.code(call.func.value) == receiver and at.code(call.args[0].value) == key and all(a.star == "" for a in call.args)
