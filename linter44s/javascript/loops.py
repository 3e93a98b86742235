"""Loop facts, for the round-trip rules: the names each iteration binds, the
replies read in the body, whether the loop walks a batch, whether it can
stop early."""

from __future__ import annotations

from linter44s.facts import Loop
from linter44s.javascript.calls import Calls
from linter44s.javascript.model import FactBuilder, Model
from linter44s.javascript.structure import LoopInfo
from linter44s.javascript.tokenizer import Kind


class Loops(FactBuilder):
    """Loop facts of one file, once its calls are known."""

    def __init__(self, model: Model, calls: Calls) -> None:
        super().__init__(model)
        self.c = calls

    def loops(self) -> list[Loop]:
        src = self.src
        out = []
        for lp in self.structure.loops:
            targets = set(lp.targets)
            replies: set[str] = set()
            for call, tok in zip(self.c.calls, self.c.call_tokens):
                if lp.start <= tok <= lp.end:
                    replies.update(call.result_names)
            # Names derived from the loop variable or a reply inside the body.
            for b in self.bindings.list:
                if b.rhs is None or not (lp.start <= b.index <= lp.end) or "." in b.key:
                    continue
                reads = src.names_read(*b.rhs)
                if reads & targets:
                    targets.add(b.key)
                if reads & replies:
                    replies.add(b.key)
            batches = True
            if lp.kind == "while":
                batches = self._while_batches(lp)
            iterable = src.src(*lp.iterable) if lp.iterable else ""
            head = self.m.funcs[lp.func].head if lp.kind == "callback" and lp.func is not None else lp.keyword
            out.append(
                Loop(
                    id=lp.id, kind=lp.kind, scope=lp.scope, span=src.span(head, max(lp.end, head)),
                    targets=frozenset(targets), batches=batches, reply_names=frozenset(replies),
                    iterable_text=iterable, is_async=lp.is_async, exits_early=self._exits_early(lp),
                )
            )
        return out

    def _exits_early(self, lp: LoopInfo) -> bool:
        """A `return` in the loop's own function, or a `break` of this loop
        (not of a nested loop or `switch`).  A callback loop cannot stop."""
        src, structure = self.src, self.structure
        if lp.kind == "callback":
            return False
        inner = [o for o in structure.loops if o.kind != "callback" and o is not lp and lp.start <= o.keyword <= lp.end]
        switches = [s for s in structure.stmts if src.t(s.start) == "switch" and lp.start <= s.start <= lp.end]
        for k in range(lp.start, min(lp.end, src.n - 1) + 1):
            word = src.t(k)
            if word not in ("return", "break") or src.kind(k) is not Kind.IDENT or structure.scope_of[k] != lp.scope:
                continue
            if word == "return" or src.is_ident(k + 1) and not src.newline_before(k + 1):
                return True  # `break label` leaves the labelled loop, this one too
            if not any(o.start <= k <= o.end for o in inner) and not any(s.start < k <= s.end for s in switches):
                return True
        return False

    def _while_batches(self, lp: LoopInfo) -> bool:
        src = self.src
        if lp.cond is not None:
            cond = src.normal(*lp.cond) if lp.cond[0] <= lp.cond[1] else ""
            if cond in ("true", "1", "!0", "!false", ""):
                return False
        first = lp.body[0] if lp.body else lp.start
        last = max(lp.end, lp.cond[1] if lp.cond else lp.end)
        for k in range(first, last + 1):
            text = src.t(k)
            if text in ("++", "--", "+=", "-="):
                return True
            if text in ("pop", "shift", "splice") and src.after_dot(k) and src.t(k + 1) == "(":
                return True
        return False

