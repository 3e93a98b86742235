"""Client constructions as facts: `new Redis(...)`, `createClient(...)`,
their options, and what becomes of the client (its fate: kept at module
level, stored, returned, passed on, or dropped)."""

from __future__ import annotations

import re

from linter44s.facts import Argument, Construction, Fate, Flavor
from linter44s.javascript.arguments import Arguments
from linter44s.javascript.bindings import CTOR, FACTORY_FN, Value
from linter44s.javascript.model import FactBuilder, Model
from linter44s.javascript.tokenizer import Kind

_CHAINED = frozenset({"on", "once", "connect", "setMaxListeners"})


class Constructions(FactBuilder):
    """Finds the client constructions of one file."""

    def __init__(self, model: Model) -> None:
        super().__init__(model)
        self.values = Arguments(model)

    def find(self) -> list[Construction]:
        src = self.src
        out = []
        for i, text in enumerate(src.texts):
            if text == "new" and src.is_ident(i) and not src.after_dot(i):
                k = i + 1
                while src.is_ident(k) or (src.t(k) == "." and src.is_ident(k + 1)):
                    k += 1
                callee_end = k - 1
                if callee_end <= i:
                    continue
                ctor = self.bindings.constructor_of(i + 1, callee_end)
                if ctor is None or ctor.kind != CTOR:
                    continue
                if src.t(k) == "<":
                    k = self.structure.skip_angle(k)
                open_idx = k if src.t(k) == "(" else -1
                out.append(self._construction(i, callee_end, open_idx, ctor))
            elif text in ("createClient", "createCluster") and src.t(i + 1) in ("(", ")"):
                first = i - 2 if src.after_dot(i) and src.is_ident(i - 2) else i
                open_idx = i + 1
                if src.t(i + 1) == ")":  # `(0, redis_1.createClient)(...)` in compiled CommonJS
                    if self.bindings.comma_callee(i + 1) != (first, i) or src.t(i + 2) != "(":
                        continue
                    open_idx = i + 2
                ctor = self.bindings.constructor_of(first, i)
                if ctor is None or ctor.kind != FACTORY_FN:
                    continue
                out.append(self._construction(first, i, open_idx, ctor))
        return out

    def _construction(self, first: int, callee_end: int, open_idx: int, ctor: Value) -> Construction:
        src = self.src
        last = src.skip(open_idx) if open_idx >= 0 else callee_end
        args = src.args(open_idx) if open_idx >= 0 else []
        options: list[Argument] = []
        splat = any(src.t(a) == "..." for a, _ in args)
        for a, b in args:
            if src.t(a) == "{" and src.skip(a) == b:
                entries, spread = self.values.object_entries(a, flatten=True)
                options.extend(entries)
                splat = splat or spread
        scope = self.structure.scope_of[first]
        return Construction(
            kind="client",
            constructor=ctor.constructor or "",
            library=ctor.library or "",
            flavor=Flavor.ASYNC,
            span=src.span(first, last),
            stmt_line=self.m.stmt_line(self.m.stmt_of[first], first),
            scope=scope,
            loops=self.m.loops_at(first, scope),
            options=tuple(options),
            args=tuple(self.values.argument(a, b) for a, b in args),
            has_splat=splat,
            fate=self._fate(first, last, scope),
            binds=self._binds(first),
        )

    def _binds(self, first: int) -> frozenset[str]:
        """The plain name a construction is assigned to (`r = new Redis()`,
        `const r = await createClient().connect()`): two on the branches of
        one `if` are one client per call."""
        src = self.src
        p = first - 1
        while src.t(p) in ("await", "("):
            p -= 1
        if src.t(p) != "=" or src.kind(p) is not Kind.PUNCT:
            return frozenset()
        target = self.bindings.sites.target_range(p)
        if target is None or target[0] != target[1]:
            return frozenset()
        return frozenset({src.t(target[0])})

    def _fate(self, s: int, e: int, scope: int) -> Fate:
        src = self.src
        func = self.m.funcs.get(scope)
        if func is not None and func.kind == "class":
            return "stored"  # a class field: one per instance, kept on it
        # Chained `.on('error', ...)` / `.connect()` give the client back.
        while src.t(e + 1) == "." and src.t(e + 2) in _CHAINED and src.t(e + 3) == "(" and src.partner[e + 3] > e:
            e = src.partner[e + 3]
        for _ in range(12):
            p = s - 1
            if src.t(p) == "await":
                s = p
                continue
            if src.t(p) == "(" and src.partner[p] == e + 1 and not self.m.is_call_paren(p):
                s, e = p, e + 1
                continue
            if src.t(p) in ("||", "??", "&&", "?", ":") or src.t(e + 1) in ("||", "??", "?", ":"):
                if src.t(p) == ":" and self._object_key_colon(p):
                    opener = self.m.opener(s)
                    if opener >= 0 and src.t(opener) == "{":
                        s, e = opener, src.skip(opener)
                        continue
                grown = self._grow_expression(s, e)
                if grown == (s, e):
                    break
                s, e = grown
                continue
            if src.t(p) in ("(", ",", "[", "{", "...") or (src.t(p) == ":" and self._object_key_colon(p)):
                opener = self.m.opener(s)
                if opener < 0:
                    break
                if self.m.is_call_paren(opener) or src.t(opener - 1) == "new":
                    return "passed"
                if src.t(opener) in ("[", "{") or (src.t(opener) == "(" and not self.m.is_call_paren(opener)):
                    s, e = opener, src.skip(opener)
                    continue
            break
        if scope == 0:
            return "module"
        p = s - 1
        if src.t(p) in ("return", "=>"):
            return "returned"
        if src.t(p) in ("||=", "??="):
            return "singleton"
        if src.t(p) == "=" and src.kind(p) is Kind.PUNCT:
            target = self.bindings.sites.target_range(p)
            name = None
            declared = False
            if target is not None:
                first, last = target
                key = src.normal(first, last)
                if first == last:
                    name = key
                    declared = src.t(first - 1) in ("const", "let", "var") or any(
                        b.kind == "decl" for b in self.m.decls.get((scope, key), [])
                    )
                if self._guarded(s, key) or self._self_default(p, e, key):
                    return "singleton"
            else:
                k = p - 1
                while k > 0 and p - k < 30 and src.t(k) != ":":
                    k = (src.partner[k] if src.t(k) in (")", "]", "}", ">") and src.partner[k] >= 0 else k) - 1
                if src.t(k) == ":" and src.t(k - 2) in ("const", "let", "var"):
                    name, declared = src.t(k - 1), True
            if name is not None and declared:
                return self._local_fate(name, e, scope)
            return "stored"
        if src.t(p) in ("export", "default"):
            return "stored"
        return "dropped"

    def _object_key_colon(self, p: int) -> bool:
        src = self.src
        return (src.is_ident(p - 1) or src.kind(p - 1) is Kind.STRING) and src.t(p - 2) in ("{", ",")

    def _grow_expression(self, s: int, e: int) -> tuple[int, int]:
        """Widen s..e to the whole `a || b`, `c ? a : b` expression around it."""
        src = self.src
        k = s - 1
        while k >= 0:
            text = src.t(k)
            if src.kind(k) is Kind.PUNCT and text in (")", "]", "}") and src.partner[k] >= 0:
                k = src.partner[k] - 1
                continue
            if text in ("=", "||=", "??=", "return", "=>", "(", "[", "{", ",", ";", "await", "export", "default") \
                    or (text == ":" and self._object_key_colon(k)):
                break
            k -= 1
        start = k + 1
        end = src.expr_end(start)
        return (min(start, s), max(end, e))

    def _guarded(self, s: int, key: str) -> bool:
        """Is s inside `if (!key) { ... }` (or any `if` that tests key)?"""
        src = self.src
        for st in self.structure.stmts:
            if st.compound and st.start < s <= st.end and src.t(st.start) == "if" and st.header:
                a, b = st.header
                if re.search(rf"(?<![\w$.]){re.escape(key)}(?![\w$])", src.normal(a, b)):
                    return True  # the whole name: `if (!r)` tests r, `if (req.x)` does not
        return False

    def _self_default(self, eq: int, e: int, key: str) -> bool:
        """`client = client || createClient()`."""
        src = self.src
        return src.normal(eq + 1, min(e, eq + 40)).startswith(key + "||") or src.normal(
            eq + 1, min(e, eq + 40)
        ).startswith(key + "??")

    def _local_fate(self, name: str, after: int, scope: int) -> Fate:
        src = self.src
        func = self.m.funcs.get(scope)
        end = func.end if func is not None else src.n - 1
        found = set()
        for k in range(after + 1, min(end, src.n - 1) + 1):
            if src.t(k) != name or not src.is_name(k):
                continue
            here = self.structure.scope_of[k]
            prev, nxt = src.t(k - 1), src.t(k + 1)
            whole = nxt in (";", ",", ")", "}", "]", "", "as") or src.asi_break(k + 1)
            if here != scope:
                found.add("stored")  # captured by a callback that outlives the call
            elif prev in ("return", "=>") and whole:
                found.add("returned")
            elif prev == "=" and src.t(k - 2) != name and whole:
                found.add("stored")
            elif prev in ("(", ",", "{", ":", "[", "...") and nxt in (")", ",", "}", "]"):
                opener = self.m.opener(k)
                if opener >= 0 and (self.m.is_call_paren(opener) or src.t(opener) in ("{", "[")):
                    found.add("passed")
        order: tuple[Fate, ...] = ("returned", "stored", "passed")
        return next((fate for fate in order if fate in found), "dropped")

