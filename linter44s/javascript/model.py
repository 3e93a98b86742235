"""The semantic model of one JavaScript / TypeScript file.

What the fact builders (calls, keys, constructions, handlers, loops, statements)
ask of a file: its tokens (`src`), its shape (`structure`: functions,
statements, loops), what each name and member stands for (`bindings`),
which receivers are clients (`receivers`), what `this` is (`classes`), and
the questions they share: which scope, statement and loops a token sits in,
where a receiver chain starts, whether a `(` opens a call.  Nothing here
makes a fact.
"""

from __future__ import annotations

from linter44s.javascript.bindings import Binding, Bindings
from linter44s.javascript.classes import Classes
from linter44s.javascript.receivers import Receivers
from linter44s.javascript.source import KEYWORDS, Source
from linter44s.javascript.structure import Func, LoopInfo, Structure, innermost
from linter44s.javascript.tokenizer import Kind

_CALLBACK_LOOPS = frozenset({"forEach", "map", "flatMap", "reduce", "filter", "some", "every"})


class Model:
    """A file's tokens, shape and bindings, with the lookups every builder shares."""

    def __init__(self, src: Source, structure: Structure, bindings: Bindings, name_pattern: str) -> None:
        self.src = src
        self.structure = structure
        self.bindings = bindings
        self.receivers = Receivers(bindings, name_pattern)
        self.funcs: dict[int, Func] = {f.id: f for f in structure.funcs}
        self.classes = Classes(src, structure)
        # Declarations by (scope, name): a key expression reads through a single one.
        self.decls: dict[tuple[int, str], list[Binding]] = {}
        for b in bindings.list:
            scope = structure.scope_of[b.index] if b.index < src.n else 0
            self.decls.setdefault((scope, b.key), []).append(b)
        self._callback_loops()
        for loop in structure.loops:
            if loop.kind != "callback":
                loop.scope = structure.scope_of[loop.keyword] if loop.keyword < src.n else 0
        self.stmt_of = innermost(structure.stmts, src.n)

    def opener(self, i: int) -> int:
        """The unmatched opening bracket enclosing token i, or -1."""
        return self.src.enclosing[i] if 0 <= i < self.src.n else -1

    def is_call_paren(self, k: int) -> bool:
        src = self.src
        if src.t(k) != "(":
            return False
        before = src.t(k - 1)
        if src.is_ident(k - 1):
            return before not in ("if", "while", "for", "switch", "catch", "with", "return", "typeof",
                                  "await", "function", "async") or src.after_dot(k - 1)
        return before in (")", "]", ">", "?.")

    def stmt_line(self, stmt_id: int, fallback: int) -> int:
        """The line of statement stmt_id, or of token `fallback` outside any."""
        stmt = self.structure.stmts[stmt_id - 1] if stmt_id else None
        return self.src.toks[stmt.start].line if stmt else self.src.toks[fallback].line

    # -- loops ----------------------------------------------------------------

    def _callback_loops(self) -> None:
        """`ids.forEach(id => ...)` is a loop whose body is the callback."""
        src = self.src
        texts = src.texts
        for i in range(1, src.n - 2):
            if texts[i] in (".", "?.") and texts[i + 1] in _CALLBACK_LOOPS and texts[i + 2] == "(":
                args = src.args(i + 2)
                if not args:
                    continue
                first, last = args[0]
                func = self.structure.by_head.get(first)
                if func is None or func.kind == "class" or func.end > last:
                    continue
                recv_start = self.receiver_start(i - 1)
                if self.receivers.of(recv_start, i - 1) is not None:
                    continue  # a method of a client, not an array
                self.structure.add_callback_loop(func, (recv_start, i - 1))

    def loops_at(self, k: int, scope: int) -> tuple[int, ...]:
        """Loops around token k in its scope, and in the scopes around a
        callback that is itself the body of a loop (`ids.map(id => ...)`)."""
        loops = self.structure.loops
        found: list[LoopInfo] = []
        current = scope
        for _ in range(50):
            found.extend(lp for lp in loops if lp.scope == current and lp.start <= k <= lp.end)
            callback = next((lp for lp in loops if lp.func == current), None)
            func = self.funcs.get(current)
            if callback is None or func is None:
                break
            current = func.parent
            k = func.head
            here = [lp for lp in loops if lp.scope == current and lp.start <= k <= lp.end]
            found.extend(lp for lp in here if lp not in found)
            if not any(lp.func == current for lp in loops):
                break
        found = list({lp.id: lp for lp in found}.values())
        found.sort(key=lambda lp: (lp.start, -lp.end))
        return tuple(lp.id for lp in found)

    # -- receivers ----------------------------------------------------------------

    def receiver_start(self, end: int) -> int:
        """The first token of the member/call chain that ends at token `end`."""
        src = self.src
        k = end
        start = end
        while k >= 0 and end - k < 500:
            text = src.t(k)
            if text == "!" and k > 0 and src.value_ends(k - 1):
                k -= 1
                continue
            if text in (")", "]") and src.kind(k) is Kind.PUNCT:
                p = src.partner[k]
                if p < 0:
                    return start
                start = p
                if text == ")" and self.is_call_paren(p):
                    k = p - 1
                    if src.t(k) == "?.":
                        k -= 1
                    continue
                if text == "]" and (src.is_ident(p - 1) or src.t(p - 1) in (")", "]")) and src.t(p - 1) not in KEYWORDS:
                    k = p - 1
                    continue
                return start
            if src.is_ident(k):
                start = k
                if src.t(k - 1) in (".", "?."):
                    k -= 2
                    continue
                return start
            return start
        return start


class FactBuilder:
    """One builder of facts over a file's model, with the shortcuts every builder reads."""

    def __init__(self, model: Model) -> None:
        self.m = model
        self.src = model.src
        self.structure = model.structure
        self.bindings = model.bindings
