"""The shape of a file without a tree: functions and classes as token
ranges (their statements and loops: blocks.py).

Functions are found where they can only be functions (`function`, `=>`,
`name(...) {`).
"""

from __future__ import annotations

from dataclasses import dataclass

from linter44s.facts import ScopeKind
from linter44s.javascript.blocks import Blocks, LoopInfo, Stmt
from linter44s.javascript.source import Source
from linter44s.javascript.tokenizer import Kind

__all__ = ["Func", "LoopInfo", "Stmt", "Structure", "innermost"]  # LoopInfo, Stmt: blocks.py

_NOT_METHOD_NAMES = frozenset(
    {
        "if", "for", "while", "switch", "catch", "with", "function", "return", "typeof", "await",
        "yield", "new", "super", "import", "delete", "void", "throw", "in", "of", "instanceof",
        "case", "do", "else", "async", "constructor_", "require",
    }
)
_MODIFIERS = frozenset(
    {"async", "static", "get", "set", "public", "private", "protected", "readonly", "override",
     "abstract", "declare", "accessor", "*"}
)
_TYPE_OPENERS = frozenset({":", "|", "&", "<", ",", "=>", "keyof", "typeof", "(", "["})


@dataclass
class Func:
    """A function, arrow, method or class body: one scope."""

    id: int
    kind: ScopeKind
    name: str
    is_async: bool
    head: int  # first token of the whole construct (`async`, `function`, a param)
    start: int  # first token of the scope region (the parameters)
    end: int  # last token (the closing brace or the end of an expression body)
    param_range: tuple[int, int] | None  # tokens inside the parentheses, or the single param
    body_open: int | None  # `{` of a block body
    expr_body: tuple[int, int] | None = None
    decorators: tuple[str, ...] = ()
    parent: int = 0
    params: tuple[str, ...] = ()


def innermost(spans: list, n: int) -> list[int]:
    """For each of `n` tokens, the id of the innermost span holding it (0 for
    none).  `spans` have `.start`, `.end` (inclusive) and `.id`, sorted by start,
    outer before inner."""
    found = [0] * n
    # In that order each span's range overwrites the ranges of those around it,
    # so a token keeps the latest-starting span that holds it: slices, not a loop per token.
    for span in spans:
        low, high = max(span.start, 0), min(span.end, n - 1)
        if low <= high:
            found[low : high + 1] = [span.id] * (high - low + 1)
    return found


class Structure:
    def __init__(self, src: Source) -> None:
        self.src = src
        self.funcs: list[Func] = []
        self.by_head: dict[int, Func] = {}
        self._find_functions()
        self.blocks = Blocks(src, self.funcs, self.by_head)
        self.stmts: list[Stmt] = self.blocks.stmts
        self.loops: list[LoopInfo] = self.blocks.loops

    def add_callback_loop(self, func: Func, iterable: tuple[int, int]) -> None:
        self.blocks.add_callback_loop(func, iterable)

    # -- types and generics -------------------------------------------

    def skip_angle(self, j: int) -> int:
        """From a `<`, the index just after its matching `>` (or j)."""
        src = self.src
        depth = 0
        k = j
        while k < src.n and k - j < 200:
            text = src.t(k)
            if text == "<":
                depth += 1
            elif text in (">", ">>", ">>>"):
                depth -= len(text)
                if depth <= 0:
                    return k + 1
            elif text in ("(", "[", "{"):
                k = src.skip(k)
            elif text in (";", ")", "]", "}", "=>", "="):
                return j
            k += 1
        return j

    def skip_type(self, k: int) -> int:
        """From the first token of a type annotation, the first token after it
        that can start a body (`{`) or an arrow (`=>`); -1 when it runs away."""
        src = self.src
        start = k
        depth = 0
        while k < src.n and k - start < 300:
            text = src.t(k)
            if text in ("(", "["):
                k = src.skip(k) + 1
                continue
            if text == "{":
                if depth > 0 or k == start or src.t(k - 1) in _TYPE_OPENERS:
                    k = src.skip(k) + 1
                    continue
                return k
            if text == "<":
                depth += 1
            elif text in (">", ">>", ">>>"):
                depth -= len(text)
            elif depth <= 0 and text in (";", ")", "]", "}", "=", ",", "=>"):
                return k
            k += 1
        return -1

    # -- functions -----------------------------------------------------

    def _add(self, func: Func) -> None:
        if func.head in self.by_head or func.end < func.start:
            return
        self.by_head[func.head] = func
        self.funcs.append(func)

    def _find_functions(self) -> None:
        src = self.src
        arrows = []
        for i, (text, tok) in enumerate(zip(src.texts, src.toks, strict=True)):
            if tok.kind is Kind.IDENT:
                if text == "function" and not src.after_dot(i):
                    self._function_keyword(i)
                elif text == "class" and not src.after_dot(i):
                    self._class(i)
            elif tok.kind is Kind.PUNCT:
                if text == "=>":
                    arrows.append(i)
                elif text == "(" and i > 0:
                    self._method(i)
        # Inner arrows first: `a => b => c` ends where its inner arrow ends.
        for i in reversed(arrows):
            self._arrow(i)
        self.funcs.sort(key=lambda f: (f.start, -f.end))
        for number, func in enumerate(self.funcs, start=1):
            func.id = number
        self._parents()
        self._scope_map()

    def _scope_map(self) -> None:
        """The innermost scope of every token, and the `return`s of each scope."""
        src = self.src
        self.scope_of = innermost(self.funcs, src.n)
        self.returns: dict[int, list[int]] = {}
        for k, tok in enumerate(src.toks):
            if tok.text == "return" and tok.kind is Kind.IDENT:
                self.returns.setdefault(self.scope_of[k], []).append(k)

    def _assigned_name(self, head: int) -> str:
        """The name a function expression is given by its context."""
        src = self.src
        if src.t(head - 1) in ("=", ":") and src.is_ident(head - 2):
            return src.t(head - 2)
        return "<anonymous>"

    def _params(self, open_idx: int) -> tuple[str, ...]:
        """Names bound by a parameter list (top-level names and destructured ones)."""
        src = self.src
        names: list[str] = []
        for first, last in src.args(open_idx):
            k = first
            while src.t(k) in ("public", "private", "protected", "readonly", "override", "...", "@") and k < last:
                k += 1
            if src.t(k) in ("{", "["):
                close = src.skip(k)
                for m in range(k + 1, close):
                    if src.is_name(m) and src.t(m + 1) != ":":
                        names.append(src.t(m))
            elif src.is_ident(k):
                names.append(src.t(k))
        return tuple(names)

    def _function_keyword(self, i: int) -> None:
        src = self.src
        j = i + 1
        if src.t(j) == "*":
            j += 1
        name = None
        if src.is_ident(j) and src.t(j) != "(":
            name = src.t(j)
            j += 1
        if src.t(j) == "<":
            j = self.skip_angle(j)
        if src.t(j) != "(":
            return
        close = src.skip(j)
        k = close + 1
        if src.t(k) == ":":
            k = self.skip_type(k + 1)
        if k < 0 or src.t(k) != "{":
            return  # an overload signature or `declare function`
        is_async = src.t(i - 1) == "async" and not src.after_dot(i - 1)
        head = i - 1 if is_async else i
        if name is None:
            name = "default" if src.t(head - 1) == "default" else self._assigned_name(head)
        self._add(
            Func(0, "function", name, is_async, head, j, src.skip(k), (j + 1, close - 1), k,
                 params=self._params(j))
        )

    def _arrow(self, i: int) -> None:
        src = self.src
        prev = i - 1
        params_open = -1
        single = -1
        if src.t(prev) == ")":
            params_open = src.partner[prev]
        else:
            # `(a): Type =>`: walk back over the return type to its `:`.
            k = prev
            steps = 0
            while k > 0 and steps < 60:
                text = src.t(k)
                if text == ":":
                    if src.t(k - 1) == ")":
                        params_open = src.partner[k - 1]
                    break
                if text in ("]", "}", ")"):
                    k = src.partner[k] if src.partner[k] >= 0 else k
                elif not (src.is_ident(k) or text in (".", "<", ">", ">>", ",", "|", "&", "?")
                          or src.kind(k) in (Kind.STRING, Kind.NUMBER)):
                    break
                k -= 1
                steps += 1
            if params_open < 0:
                if src.is_ident(prev) and src.t(prev) not in ("async",):
                    single = prev
                else:
                    return
        if params_open >= 0:
            start = params_open
            if src.t(start - 1) == ">":  # generic arrow `<T>(x: T) =>`
                k = start - 1
                while k > 0 and src.t(k) != "<" and start - k < 30:
                    k -= 1
                if src.t(k) == "<":
                    start = k
            param_range = (params_open + 1, src.skip(params_open) - 1)
            params = self._params(params_open)
        else:
            start = single
            param_range = (single, single)
            params = (src.t(single),)
        is_async = src.t(start - 1) == "async" and not src.after_dot(start - 1)
        head = start - 1 if is_async else start
        if i + 1 >= src.n:
            return
        if src.t(i + 1) == "{":
            body_open: int | None = i + 1
            end = src.skip(i + 1)
            expr_body = None
        else:
            body_open = None
            inner = self.by_head.get(i + 1)
            end = inner.end if inner is not None and inner.kind == "lambda" else src.expr_end(i + 1)
            expr_body = (i + 1, end)
        self._add(
            Func(0, "lambda", self._assigned_name(head), is_async, head, start, end, param_range,
                 body_open, expr_body, params=params)
        )

    def _method(self, i: int) -> None:
        src = self.src
        name_idx = i - 1
        if src.t(name_idx) == ">":  # `foo<T>(...)`
            k = name_idx
            while k > 0 and src.t(k) != "<" and i - k < 30:
                k -= 1
            name_idx = k - 1
        if src.t(name_idx) in ("?", "!"):
            name_idx -= 1
        tok = src.toks[name_idx] if name_idx >= 0 else None
        if tok is None:
            return
        if tok.kind is Kind.IDENT:
            if tok.text in _NOT_METHOD_NAMES or src.after_dot(name_idx):
                return
            name = tok.text
        elif tok.kind in (Kind.STRING, Kind.NUMBER):
            name = tok.text.strip("'\"")
        elif tok.text == "]" and src.partner[name_idx] >= 0:
            name = "<computed>"
            name_idx = src.partner[name_idx]
        else:
            return
        k = name_idx - 1
        while src.t(k) == "*":
            k -= 1
        if src.t(k) == "function" or src.t(k) == "new":
            return
        close = src.skip(i)
        if close == i:
            return
        body = close + 1
        if src.t(body) == ":":
            body = self.skip_type(body + 1)
        if body < 0 or src.t(body) != "{":
            return
        # Modifiers and decorators before the name.
        is_async = False
        k = name_idx - 1
        while k >= 0 and src.t(k) in _MODIFIERS and not src.after_dot(k):
            is_async = is_async or src.t(k) == "async"
            k -= 1
        head = k + 1
        decorators: list[str] = []
        while k >= 0:
            end = k
            if src.t(k) == ")" and src.partner[k] >= 0:
                end = src.partner[k] - 1
            m = end
            while m > 0 and (src.is_ident(m) or src.t(m) == "."):
                m -= 1
            if src.t(m) == "@" and m < end:
                decorators.append(src.src(m + 1, end))
                head = m
                k = m - 1
            else:
                break
        self._add(
            Func(0, "function", name, is_async, head, i, src.skip(body), (i + 1, close - 1), body,
                 decorators=tuple(decorators), params=self._params(i))
        )

    def _class(self, i: int) -> None:
        src = self.src
        j = i + 1
        name = src.t(j) if src.is_ident(j) and src.t(j) not in ("extends", "implements") else "<class>"
        k = j
        depth = 0
        while k < src.n and k - i < 300:
            text = src.t(k)
            if text in ("(", "["):
                k = src.skip(k)
            elif text == "<":
                depth += 1
            elif text in (">", ">>"):
                depth -= len(text)
            elif text == "{":
                if depth <= 0:
                    close = src.skip(k)
                    if close > k:
                        self._add(Func(0, "class", name, False, i, k, close, None, k))
                    return
                k = src.skip(k)
            elif text in (";", ")", "]", "}"):
                return
            k += 1

    def _parents(self) -> None:
        stack: list[Func] = []
        for func in self.funcs:  # sorted by start, outer first
            while stack and stack[-1].end < func.start:
                stack.pop()
            func.parent = stack[-1].id if stack else 0
            stack.append(func)
