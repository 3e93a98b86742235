"""The statements and loops of a file, as token ranges, within the functions
structure.py found.

Each block is walked with a work list, so nesting depth never becomes
Python recursion depth (the one recursive helper, for brace-less bodies
such as `if (a) for (...) x;`, has a cap).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from linter44s.facts import LoopKind
from linter44s.javascript.source import Source

if TYPE_CHECKING:
    from linter44s.javascript.structure import Func

_MAX_NESTING = 150


@dataclass
class Stmt:
    id: int
    block: int
    index: int
    start: int
    end: int
    compound: bool
    header: tuple[int, int] | None  # where its own commands sit (compound statements)


@dataclass
class LoopInfo:
    id: int
    kind: LoopKind
    keyword: int  # `for` / `while` / `do` / the callback's first token
    start: int  # the region whose code runs once per iteration
    end: int
    scope: int = 0
    targets: set[str] = field(default_factory=set)
    iterable: tuple[int, int] | None = None
    cond: tuple[int, int] | None = None  # while / do-while condition (inside the parens)
    body: tuple[int, int] | None = None
    is_async: bool = False
    func: int | None = None  # callback loops: the Func.id of the callback


class Blocks:
    def __init__(self, src: Source, funcs: list[Func], by_head: dict[int, Func]) -> None:
        self.src = src
        self.funcs = funcs
        self.by_head = by_head
        self.stmts: list[Stmt] = []
        self.loops: list[LoopInfo] = []
        self._blocks = 0
        self._extents: dict[int, int] = {}  # statement start -> its last token
        self._find_statements()

    def _new_block(self) -> int:
        self._blocks += 1
        return self._blocks

    def _find_statements(self) -> None:
        src = self.src
        work: list[tuple[int, int, int]] = [(0, src.n - 1, 0)]
        for func in self.funcs:
            if func.kind == "class":
                continue
            if func.body_open is not None:
                close = src.skip(func.body_open)
                work.append((func.body_open + 1, close - 1, self._new_block()))
            elif func.expr_body is not None:
                first, last = func.expr_body
                self._record(self._new_block(), 0, first, last, False, (first, last))
        while work:
            first, last, block = work.pop()
            self._statements(first, last, block, work)
        self.stmts.sort(key=lambda s: (s.start, -s.end))
        for number, stmt in enumerate(self.stmts, start=1):
            stmt.id = number  # in source order, so stmts[id - 1] is the statement
        self.loops.sort(key=lambda lp: (lp.start, -lp.end))
        for number, loop in enumerate(self.loops, start=1):
            loop.id = number

    def _record(self, block: int, index: int, first: int, last: int, compound: bool,
                header: tuple[int, int] | None) -> None:
        if first > last or last >= self.src.n:
            return
        self.stmts.append(Stmt(len(self.stmts) + 1, block, index, first, last, compound, header))

    def _statements(self, first: int, last: int, block: int, work: list[tuple[int, int, int]]) -> None:
        src = self.src
        i = first
        index = 0
        while i <= last:
            text = src.t(i)
            if text == ";":
                i += 1
                continue
            if text == "case" and src.is_ident(i):
                k = i + 1
                while k <= last and src.t(k) != ":":
                    k = src.skip(k) + 1
                i = k + 1
                continue
            if text == "default" and src.t(i + 1) == ":":
                i += 2
                continue
            if src.is_ident(i) and src.t(i + 1) == ":" and text not in ("case", "default"):
                i += 2  # a label
                continue
            end, compound, header, bodies = self._statement(i, last, 0)
            end = max(min(end, last), i)
            self._record(block, index, i, end, compound, header)
            for body_first, body_last in bodies:
                if body_first <= body_last:
                    work.append((body_first, body_last, self._new_block()))
            index += 1
            i = end + 1

    def _body(self, i: int, limit: int, depth: int) -> tuple[int, tuple[int, int]]:
        """A statement used as a body: its end, and the range to parse as a block."""
        src = self.src
        if src.t(i) == "{":
            close = min(src.skip(i), limit)
            return close, (i + 1, close - 1)
        end = self._extent(i, limit, depth + 1)
        return end, (i, end)

    def _extent(self, i: int, limit: int, depth: int) -> int:
        known = self._extents.get(i)
        if known is not None:
            return min(known, limit)
        if depth > _MAX_NESTING:
            end = self.src.statement_end(i, limit)
        else:
            end = self._statement(i, limit, depth)[0]
        self._extents[i] = end
        return end

    def _statement(self, i: int, limit: int, depth: int):
        """(end, compound, header, bodies) of the statement starting at i."""
        src = self.src
        text = src.t(i)
        if i > limit:
            return i, False, None, []
        if text == "{":
            close = min(src.skip(i), limit)
            return close, True, None, [(i + 1, close - 1)]
        keyword = src.is_ident(i) and not src.after_dot(i)
        if keyword and text in ("if", "while", "with", "switch") and src.t(i + 1) == "(":
            hclose = src.skip(i + 1)
            if hclose == i + 1:
                return src.statement_end(i, limit), False, (i, limit), []
            header: tuple[int, int] | None = (i + 1, hclose)
            if text == "switch":
                if src.t(hclose + 1) == "{":
                    close = min(src.skip(hclose + 1), limit)
                    return close, True, header, [(hclose + 2, close - 1)]
                return hclose, True, header, []
            end, body = self._body(hclose + 1, limit, depth)
            bodies = [body]
            if text == "while":
                self._loop("while", i, i + 1, hclose, body)
            if text == "if" and src.t(end + 1) == "else" and end + 1 <= limit:
                end, other = self._body(end + 2, limit, depth)
                bodies.append(other)
            return end, True, header, bodies
        if keyword and text == "for":
            j = i + 1
            is_async = src.t(j) == "await"
            if is_async:
                j += 1
            if src.t(j) != "(":
                return src.statement_end(i, limit), False, (i, limit), []
            hclose = src.skip(j)
            end, body = self._body(hclose + 1, limit, depth)
            self._loop("for", i, j, hclose, body, is_async)
            return end, True, (j, hclose), [body]
        if keyword and text == "do":
            end, body = self._body(i + 1, limit, depth)
            header = None
            if src.t(end + 1) == "while" and src.t(end + 2) == "(":
                hclose = src.skip(end + 2)
                header = (end + 2, hclose)
                self._loop("while", i, end + 2, hclose, body, do=True)
                end = hclose + 1 if src.t(hclose + 1) == ";" else hclose
            return end, True, header, [body]
        if keyword and text == "try":
            bodies = []
            end = i
            k = i + 1
            while src.t(k) == "{" or src.t(k) in ("catch", "finally"):
                if src.t(k) in ("catch", "finally"):
                    k += 1
                    if src.t(k) == "(":
                        k = src.skip(k) + 1
                    continue
                close = min(src.skip(k), limit)
                bodies.append((k + 1, close - 1))
                end = close
                k = close + 1
            return end, True, None, bodies
        j = i
        while src.t(j) in ("export", "default", "declare", "abstract") and j < limit:
            j += 1
        if src.t(j) == "async" and src.t(j + 1) == "function":
            j += 1
        if src.t(j) in ("function", "class"):
            head = j - 1 if src.t(j - 1) == "async" else j
            func = self.by_head.get(head) or self.by_head.get(j)
            if func is not None:
                end = func.end if func.kind != "class" else src.skip(func.body_open or func.start)
                return min(end, limit), True, None, []
        if src.t(j) in ("interface", "enum") or (src.t(j) in ("namespace", "module") and src.is_ident(j + 1)):
            k = j
            while k <= limit and src.t(k) != "{" and k - j < 100:
                k += 1
            if src.t(k) == "{":
                close = min(src.skip(k), limit)
                if src.t(j) in ("namespace", "module"):
                    return close, True, None, [(k + 1, close - 1)]
                return close, True, None, []
        end = src.statement_end(i, limit)
        return end, False, (i, end), []

    def _loop(self, kind: LoopKind, keyword: int, open_idx: int, close: int, body: tuple[int, int],
              is_async: bool = False, do: bool = False) -> None:
        src = self.src
        loop = LoopInfo(0, kind, keyword, open_idx, body[1], body=body, is_async=is_async)
        if kind == "while":
            loop.cond = (open_idx + 1, close - 1)
            if do:
                loop.start, loop.end = body[0], close
        else:
            # for (a; b; c) runs b, c and the body per iteration; for-of/in only the body.
            k = open_idx + 1
            split = -1
            semi = -1
            while k < close:
                text = src.t(k)
                if text == ";" and semi < 0:
                    semi = k
                elif text in ("of", "in") and split < 0 and semi < 0 and src.is_ident(k):
                    split = k
                k = src.skip(k) + 1
            if split > 0:
                decl_end = split - 1
                loop.iterable = (split + 1, close - 1)
                loop.start = body[0]
            else:
                decl_end = semi - 1 if semi > 0 else close - 1
                loop.start = semi + 1 if semi > 0 else open_idx
            for m in range(open_idx + 1, decl_end + 1):
                if src.is_name(m) and src.t(m + 1) != ":" and (
                    src.t(m - 1) in ("const", "let", "var", ",", "{", "[", "(") or m == open_idx + 1
                ):
                    loop.targets.add(src.t(m))
                if src.t(m) == "=":
                    break
        loop.id = len(self.loops) + 1
        self.loops.append(loop)

    def add_callback_loop(self, func: Func, iterable: tuple[int, int]) -> None:
        loop = LoopInfo(len(self.loops) + 1, "callback", func.head, func.start, func.end,
                        scope=func.id, targets=set(func.params), iterable=iterable,
                        is_async=func.is_async, func=func.id)
        self.loops.append(loop)
