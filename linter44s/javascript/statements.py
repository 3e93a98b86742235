"""Statement facts: how many commands each statement sends and what it binds
(loops.py does the loops)."""

from __future__ import annotations

from linter44s.facts import Statement
from linter44s.javascript.calls import Calls
from linter44s.javascript.model import FactBuilder, Model


class Statements(FactBuilder):
    """Statement facts of one file, once its calls are known."""

    def __init__(self, model: Model, calls: Calls) -> None:
        super().__init__(model)
        self.c = calls
        self.statement_offsets: dict[int, tuple[int, int]] = {}  # statement id -> (start, end) offsets

    def statements(self) -> list[Statement]:
        src = self.src
        counts: dict[int, int] = {}
        for call in self.c.calls:
            counts[call.stmt] = counts.get(call.stmt, 0) + 1
        binds: dict[int, set[str]] = {}
        for b in self.bindings.list:
            if "." in b.key or b.kind == "param" or b.index >= src.n:
                continue
            stmt = self.m.stmt_of[b.index]
            if stmt:
                binds.setdefault(stmt, set()).add(b.key)
        out = []
        for st in sorted(self.structure.stmts, key=lambda s: s.id):
            self.statement_offsets[st.id] = (src.toks[st.start].start, src.toks[st.end].end)
            out.append(
                Statement(
                    id=st.id, block=st.block, index=st.index, line=src.toks[st.start].line,
                    command_count=counts.get(st.id, 0), compound=st.compound, binds=frozenset(binds.get(st.id, ())),
                )
            )
        return out
