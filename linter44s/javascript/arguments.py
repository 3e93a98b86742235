"""Call arguments as facts: literal values, object-literal options, and
what a function passed as an argument returns (`retryStrategy`)."""

from __future__ import annotations

from typing import cast

from linter44s.facts import Argument, ReturnWord
from linter44s.javascript.model import FactBuilder, Model
from linter44s.javascript.tokenizer import Kind
from linter44s.javascript.tokens import string_value, template_chunk

# Tokens that make an expression do something when evaluated.
_NOT_SIMPLE = frozenset({"(", "[", "{", "=", "++", "--", "=>", "new", "await", "yield", "?."})


class Arguments(FactBuilder):
    """Reads argument expressions of one file into `Argument` facts."""

    def __init__(self, model: Model) -> None:
        super().__init__(model)

    def literal(self, a: int, b: int) -> tuple[object, bool, bool]:
        """(value, is_literal, is_none) of the expression a..b."""
        src = self.src
        if a == b:
            tok = src.toks[a]
            if tok.kind is Kind.STRING:
                return string_value(tok), True, False
            if tok.kind is Kind.TEMPLATE:
                return template_chunk(tok)[0], True, False
            if tok.kind is Kind.NUMBER:
                return _number(tok.text), True, False
            if tok.text in ("true", "false"):
                return tok.text == "true", True, False
            if tok.text in ("null", "undefined"):
                return None, False, True
        if b == a + 1 and src.t(a) == "-" and src.kind(b) is Kind.NUMBER:
            value = _number(src.t(b))
            return (-value if isinstance(value, (int, float)) else None), True, False
        return None, False, False

    def argument(self, a: int, b: int, keyword: str | None = None, nested: bool = False) -> Argument:
        src = self.src
        value, is_literal, is_none = self.literal(a, b)
        call: str | None = None
        call_args: tuple[Argument, ...] = ()
        if src.t(b) == ")" and a <= src.partner[b] - 1 and src.is_ident(src.partner[b] - 1):
            call = src.t(src.partner[b] - 1)  # `new Retry(...)`, `makeStrategy(...)`
            if not nested:
                call_args = tuple(self.argument(x, y, None, True) for x, y in src.args(src.partner[b]))
        return Argument(
            text=src.src(a, b), span=src.span(a, b), keyword=keyword, literal=value,
            is_literal=is_literal, is_none=is_none, reads=src.names_read(a, b),
            call=call, call_args=call_args, returns=self.function_returns(a, b),
            simple=b - a < 16 and all(src.t(k) not in _NOT_SIMPLE for k in range(a, b + 1)),
        )

    def function_returns(self, a: int, b: int) -> tuple[ReturnWord, ...] | None:
        """What each return of the function a..b gives (`null`, `undefined`,
        `false` or `value`), or None when a..b is no function."""
        src = self.src
        k = a + 1 if src.t(a) == "async" else a
        if src.t(b) == "}" and src.partner[b] > k:
            body = src.partner[b]
            head = src.t(k)
            if head == "function" or (src.is_ident(k) and src.t(k + 1) == "(" and src.skip(k + 1) + 1 == body):
                return self._block_returns(body, b)  # `function (t) {...}`, a method `retryStrategy(t) {...}`
        if src.t(k) == "(":
            arrow = src.skip(k) + 1
        elif src.is_ident(k):
            arrow = k + 1
        else:
            return None
        if src.t(arrow) != "=>" or arrow >= b:
            return None
        if src.t(arrow + 1) == "{" and src.skip(arrow + 1) == b:
            return self._block_returns(arrow + 1, b)
        return (self._returned_word(arrow + 1, b),)

    def _block_returns(self, open_: int, close: int) -> tuple[ReturnWord, ...]:
        src = self.src
        found: list[ReturnWord] = []
        k = open_ + 1
        while k < close:
            t = src.t(k)
            if t == "=>" and src.t(k + 1) == "{":
                k = src.skip(k + 1) + 1  # a nested arrow's returns are its own
                continue
            if t == "function":
                j = k
                while j < close and src.t(j) != "{":
                    j = src.skip(j) + 1
                k = src.skip(j) + 1
                continue
            if t == "return":
                j = k + 1
                if j >= close or src.t(j) in (";", "}") or src.newline_before(j):
                    found.append("undefined")
                else:
                    end = j
                    while end + 1 < close and src.t(end + 1) not in (";", "}") and not src.newline_before(end + 1):
                        end = src.skip(end + 1)
                    found.append(self._returned_word(j, end))
            k += 1
        return tuple(found) or ("undefined",)  # falling off the end gives undefined

    def _returned_word(self, a: int, b: int) -> ReturnWord:
        if a == b and self.src.t(a) in ("null", "undefined", "false"):
            return cast(ReturnWord, self.src.t(a))
        return "value"

    def object_entries(self, open_idx: int, flatten: bool) -> tuple[list[Argument], bool]:
        """Entries of the object literal at open_idx as keyword Arguments
        (nested objects too when `flatten`), and whether it spreads."""
        src = self.src
        out: list[Argument] = []
        splat = False
        work = [open_idx]
        while work:
            opener = work.pop()
            for a, b in src.args(opener):
                if src.t(a) == "...":
                    splat = True
                    continue
                key_tok = src.toks[a]
                if key_tok.kind is Kind.STRING:
                    key = string_value(key_tok)
                elif key_tok.kind in (Kind.IDENT, Kind.NUMBER):
                    key = key_tok.text
                else:
                    continue
                if src.t(a + 1) == ":" and a + 2 <= b:
                    out.append(self.argument(a + 2, b, key))
                    if flatten and src.t(a + 2) == "{" and src.skip(a + 2) == b:
                        work.append(a + 2)
                elif a == b:
                    out.append(self.argument(a, b, key))  # shorthand `{ password }`
                else:
                    func = self.structure.by_head.get(a)
                    if func is not None:  # a method: `retryStrategy() { ... }`
                        out.append(self.argument(a, b, key))
        return out, splat


def _number(text: str) -> int | float | None:
    clean = text.replace("_", "").rstrip("n")
    try:
        if clean[:2].lower() in ("0x", "0o", "0b"):
            return int(clean, 0)
        if any(c in clean for c in ".eE"):
            return float(clean)
        return int(clean)
    except ValueError:
        return None
