"""Where names of a file get values: declarations, assignments, class
fields and typed parameters, each one `Binding` (what is bound, where, to
which expression or type).  Pure syntax: what the values are is
bindings.py's question."""

from __future__ import annotations

import re
from dataclasses import dataclass

from linter44s.javascript.source import Source
from linter44s.javascript.structure import Func, Structure
from linter44s.javascript.tokenizer import Kind

_THIS_ALIAS = re.compile(r"=\s*this\b")


@dataclass
class Binding:
    """One place a name gets a value: a declaration, assignment, field or parameter."""

    key: str
    index: int  # token index of the target
    rhs: tuple[int, int] | None
    type_range: tuple[int, int] | None
    kind: str  # "decl" | "assign" | "field" | "param"
    op: str = "="
    declared_in: int = 0  # scope id of a declaration


class Sites:
    """Every binding site of one file, in the order the walk meets them."""

    def __init__(self, src: Source, structure: Structure) -> None:
        self.src = src
        self.structure = structure
        self.list: list[Binding] = []
        self._params_mask: bytearray | None = None
        self._this_aliases = self._find_this_aliases()
        self._collect()

    def _find_this_aliases(self) -> dict[str, list[tuple[int, int]]]:
        """Names that stand for `this` (`var self = this`, `const that = this`,
        TypeScript's emitted `var _this = this`), with the token ranges of the
        functions that say so: the same name elsewhere may be anything."""
        src = self.src
        found: dict[str, list[tuple[int, int]]] = {}
        if not _THIS_ALIAS.search(src.text):  # most files have none: skip the token walk
            return found
        texts = src.texts
        for k in range(2, src.n):
            if texts[k] == "this" and texts[k - 1] == "=" and src.is_ident(k - 2) and src.t(k + 1) in (";", ",", ")", ""):
                inner = [f for f in self.structure.funcs if f.kind != "class" and f.start <= k <= f.end]
                where = min(inner, key=lambda f: f.end - f.start) if inner else None
                found.setdefault(src.t(k - 2), []).append((where.start, where.end) if where else (0, src.n))
        return found

    def unaliased(self, key: str, at: int) -> str:
        """`self.client` -> `this.client` where, at token `at`, `self` is an alias of `this`."""
        head, dot, rest = key.partition(".")
        if dot and any(a <= at <= b for a, b in self._this_aliases.get(head, ())):
            return f"this.{rest}"
        return key

    def _collect(self) -> None:
        src = self.src
        in_decl: set[int] = set()
        funcs_by_start = {f.start: f for f in self.structure.funcs if f.kind != "class"}
        for i, text in enumerate(src.texts):
            if text in ("const", "let", "var") and src.is_ident(i) and not src.after_dot(i):
                in_decl.update(self._declaration(i))
        for i, text in enumerate(src.texts):
            if text in ("=", "||=", "??=") and i not in in_decl and src.kind(i) is Kind.PUNCT:
                self._assignment(i)
        for func in self.structure.funcs:
            if func.kind == "class":
                self._class_members(func, funcs_by_start)
            elif func.param_range is not None and src.t(func.start) in ("(", "<"):
                self._typed_params(func)

    def _declaration(self, i: int) -> list[int]:
        src = self.src
        used: list[int] = []
        k = i + 1
        while k < src.n:
            target_first = k
            if src.t(k) in ("{", "["):
                target_last = src.skip(k)
            elif src.is_ident(k):
                target_last = k
            else:
                break
            k = target_last + 1
            if src.t(k) == "!":
                k += 1
            type_range = None
            if src.t(k) == ":":
                t0 = k + 1
                end = self.structure.skip_type(t0)
                if end < 0:
                    break
                type_range = (t0, end - 1)
                k = end
            rhs = None
            if src.t(k) == "=":
                used.append(k)
                rhs_end = src.expr_end(k + 1)
                rhs = (k + 1, rhs_end)
                k = rhs_end + 1
            if target_first == target_last:
                self.list.append(Binding(src.t(target_first), target_first, rhs, type_range, "decl"))
            else:
                for m in range(target_first + 1, target_last):
                    if src.is_name(m) and src.t(m + 1) not in (":",):
                        self.list.append(Binding(src.t(m), m, None, None, "decl"))
            if src.t(k) != ",":
                break
            k += 1
        return used

    def target_range(self, eq: int) -> tuple[int, int] | None:
        """The member chain assigned to by the `=` at eq: `x`, `this.x`, `a.b[c]`."""
        src = self.src
        k = eq - 1
        if src.t(k) == "!":
            k -= 1
        last = k
        while k >= 0:
            if src.t(k) == "]" and src.partner[k] >= 0:
                k = src.partner[k] - 1
                continue
            if src.is_ident(k):
                if src.t(k - 1) in (".", "?."):
                    k -= 2
                    continue
                return (k, last)
            return None
        return None

    def _assignment(self, eq: int) -> None:
        src = self.src
        target = self.target_range(eq)
        if target is None:
            return
        first, last = target
        if src.t(first - 1) in ("(", ",") and self._in_params(first):
            return  # a parameter default
        rhs_end = src.expr_end(eq + 1)
        key = self.unaliased(src.normal(first, last), first)
        self.list.append(Binding(key, first, (eq + 1, rhs_end), None, "assign", src.t(eq)))

    def _in_params(self, i: int) -> bool:
        if self._params_mask is None:
            mask = bytearray(self.src.n + 1)
            for func in self.structure.funcs:
                pr = func.param_range
                if pr is not None and func.kind != "class" and pr[1] >= pr[0]:
                    mask[pr[0] : pr[1] + 1] = b"\x01" * (pr[1] + 1 - pr[0])
            self._params_mask = mask
        return bool(self._params_mask[i])

    def _class_members(self, cls: Func, funcs_by_start: dict[int, Func]) -> None:
        src = self.src
        assert cls.body_open is not None
        close = src.skip(cls.body_open)
        k = cls.body_open + 1
        while k < close:
            start = k
            while src.t(k) == "@":  # decorators
                k += 1
                while src.is_ident(k) or src.t(k) == ".":
                    k += 1
                if src.t(k) == "(":
                    k = src.skip(k) + 1
            while src.t(k) in ("static", "public", "private", "protected", "readonly", "override",
                               "declare", "abstract", "accessor", "async", "get", "set", "*") and \
                    src.t(k + 1) not in ("(", ":", "=", ";", "?", "!"):
                k += 1
            name = k
            nxt = k + 1
            if src.t(nxt) in ("?", "!"):
                nxt += 1
            method = funcs_by_start.get(nxt)
            if method is None and src.t(nxt) == "<":
                method = funcs_by_start.get(self.structure.skip_angle(nxt))
            if method is not None:
                k = method.end + 1
                continue
            end = src.statement_end(k, close - 1)
            if src.is_ident(name):
                type_range = None
                rhs = None
                m = nxt
                if src.t(m) == ":":
                    t_end = self.structure.skip_type(m + 1)
                    if t_end > m:
                        type_range = (m + 1, t_end - 1)
                        m = t_end
                if src.t(m) == "=":
                    rhs = (m + 1, src.expr_end(m + 1, close - 1))
                field_name = src.t(name)
                self.list.append(Binding("this." + field_name, name, rhs, type_range, "field"))
            k = max(end + 1, start + 1)

    def _typed_params(self, func: Func) -> None:
        src = self.src
        for first, last in src.args(func.start):
            k = first
            prop = False
            while src.t(k) in ("public", "private", "protected", "readonly", "override") and k < last:
                prop = True
                k += 1
            while src.t(k) == "@" and k < last:  # parameter decorators (@InjectRedis())
                k += 1
                while src.is_ident(k) or src.t(k) == ".":
                    k += 1
                if src.t(k) == "(":
                    k = src.skip(k) + 1
                while src.t(k) in ("public", "private", "protected", "readonly", "override") and k < last:
                    prop = True
                    k += 1
            if not src.is_ident(k):
                continue
            name = k
            m = k + 1
            if src.t(m) == "?":
                m += 1
            type_range = None
            if src.t(m) == ":":
                t_end = m + 1
                while t_end <= last and src.t(t_end) != "=":
                    t_end = src.skip(t_end) + 1
                type_range = (m + 1, t_end - 1)
            if type_range is None:
                continue
            self.list.append(Binding(src.t(name), name, None, type_range, "param"))
            if prop:
                self.list.append(Binding("this." + src.t(name), name, None, type_range, "field"))
