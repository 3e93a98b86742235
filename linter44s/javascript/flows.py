"""Where a command's reply goes inside one function (for the RDS6xx checks).

From each reply we look at what wraps it (`JSON.parse(await r.get(k))`,
`Number(...)`, `new Set(...)`), the names it is assigned to, and what is
done with those names later in the same function, noting each step with
the vocabulary the checks share with the Python frontend: decode, encode,
mutate, arith, convert, in, set, sorted; and the write that stores it back.
"""

from __future__ import annotations

from linter44s.facts import CommandCall, DataFlow
from linter44s.javascript.source import Source

_ARITH = frozenset({"+", "-", "*", "/", "%", "+=", "-=", "*=", "/=", "++", "--", "**"})
_MUTATORS = frozenset({"push", "pop", "splice", "shift", "unshift", "set", "delete", "add"})
_WRITES = frozenset({"SET", "SETEX", "PSETEX", "GETSET"})


def reply_flows(src: Source, calls: list[CommandCall], ranges: list[tuple[int, int]],
                scope_of: list[int], scope_end: dict[int, int], assigned: dict[int, str]) -> list[DataFlow]:
    """`ranges[i]` is the (first, last) token of calls[i] (its `await` included);
    `assigned` maps the `=` token index of each binding to the name it binds."""
    flows: list[DataFlow] = []
    for ci, call in enumerate(calls):
        first, last = ranges[ci]
        steps: list[tuple[int, str]] = []
        tainted: set[str] = set()
        _climb(src, first, last, steps, tainted, assigned)
        if not steps and not tainted:
            continue
        end = scope_end.get(call.scope, src.n - 1)
        k = last + 1
        while k <= end and k < src.n:
            if scope_of[k] == call.scope and src.is_name(k) and src.t(k) in tainted:
                _use(src, k, steps, tainted, assigned)
            k += 1
        written = None
        for wi in range(ci + 1, len(calls)):
            other = calls[wi]
            if other.scope == call.scope and other.command in _WRITES and other.reads & tainted:
                written = wi
                w_first, w_last = ranges[wi]
                for m in range(w_first, w_last + 1):
                    if src.t(m) == "stringify" and src.t(m - 2) == "JSON":
                        steps.append((m, "encode"))
                break
        steps.sort()
        flows.append(DataFlow(ci, tuple(step for _, step in steps), written, call.span))
    return flows


def _wrapper(src: Source, first: int, last: int) -> tuple[int, int, str | None]:
    """If first..last is the only argument of a call, that call and its step."""
    opener = src.enclosing[first] if first < src.n else -1
    if opener < 0 or src.t(opener) != "(" or src.partner[opener] != last + 1:
        return first, last, None
    callee = src.t(opener - 1)
    start = opener - 1
    if src.t(opener - 2) == "." and src.is_ident(opener - 3):
        start = opener - 3
    if src.t(start - 1) == "new":
        start -= 1
    step = {"parse": "decode", "Number": "convert", "parseInt": "convert", "parseFloat": "convert",
            "Set": "set", "stringify": "encode"}.get(callee)
    if step is None and callee not in ("String", "BigInt", "Boolean"):
        if not src.is_ident(opener - 1):
            return opener, last + 1, None  # just parentheses
        return first, last, None
    return start, last + 1, step or "convert"


def _climb(src: Source, first: int, last: int, steps: list, tainted: set[str], assigned: dict[int, str]) -> None:
    for _ in range(8):
        if src.t(first - 1) == "await":
            first -= 1
        new_first, new_last, step = _wrapper(src, first, last)
        if (new_first, new_last) == (first, last):
            break
        if step:
            steps.append((first, step))
        first, last = new_first, new_last
    _around(src, first, last, steps)
    eq = first - 1
    if eq in assigned:
        tainted.add(assigned[eq])
    elif src.t(eq) == "=" and src.t(eq - 1) in ("]", "}") and src.partner[eq - 1] >= 0:
        opener = src.partner[eq - 1]
        tainted.update(src.t(m) for m in range(opener + 1, eq - 1) if src.is_name(m) and src.t(m + 1) != ":")


def _around(src: Source, first: int, last: int, steps: list) -> None:
    """Steps from the operators and methods right next to an expression."""
    after, before = src.t(last + 1), src.t(first - 1)
    if after in _ARITH or before in _ARITH:
        steps.append((first, "arith"))
    if after in (".", "?.") and src.t(last + 3) == "(":
        method = src.t(last + 2)
        if method in ("includes", "indexOf"):
            steps.append((first, "in"))
        elif method == "sort":
            steps.append((first, "sorted"))
        elif method in _MUTATORS:
            steps.append((first, "mutate"))
    if after in (".", "?.") and src.is_ident(last + 2) and src.t(last + 3) == "=":
        steps.append((first, "mutate"))
    if after == "[" and src.partner[last + 1] > 0 and src.t(src.partner[last + 1] + 1) == "=":
        steps.append((first, "mutate"))
    if before == "in" or (before == "(" and src.t(first - 2) == "has"):
        steps.append((first, "in"))


def _use(src: Source, k: int, steps: list, tainted: set[str], assigned: dict[int, str]) -> None:
    first, last = k, k
    _climb(src, first, last, steps, tainted, assigned)
    # `y = f(x) + 1`: y carries the reply too.
    m = k - 1
    while m >= 0 and k - m < 60:
        text = src.t(m)
        if src.t(m) in (")", "]", "}") and src.partner[m] >= 0 and src.partner[m] < m:
            m = src.partner[m] - 1
            continue
        if text in (";", "{", "}") or src.asi_break(m + 1):
            break
        if m in assigned:
            tainted.add(assigned[m])
            break
        m -= 1
