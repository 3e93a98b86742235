"""Key expressions: which arguments of a command are keys, and what each
is made of (literal parts, `${id}` holes, where a prefix ends)."""

from __future__ import annotations

import json

from linter44s.commands import CommandSpec
from linter44s.facts import KeyExpr, Span
from linter44s.javascript.model import FactBuilder, Model
from linter44s.javascript.tokenizer import Kind
from linter44s.javascript.tokens import string_value, template_chunk


class Keys(FactBuilder):
    """Reads the key arguments of command calls into `KeyExpr` facts."""

    def __init__(self, model: Model) -> None:
        super().__init__(model)

    def keys(self, args: list[tuple[int, int]], spec: CommandSpec | None, scope: int) -> list[KeyExpr]:
        src = self.src
        if spec is None or not args:
            return []
        if spec.keys == "first":
            chosen = args[:1]
        elif spec.keys == "first2":
            chosen = args[:2]
        elif spec.keys == "all":
            chosen = []
            for a, b in args:
                if src.t(a) == "[" and src.skip(a) == b:
                    chosen.extend(src.args(a))
                elif not (a == b and src.kind(a) is Kind.NUMBER):
                    chosen.append((a, b))
        elif spec.keys == "mapping":
            a, b = args[0]
            if src.t(a) == "{" and src.skip(a) == b:
                chosen = []
                for ea, eb in src.args(a):
                    if src.t(ea) == "[" and src.partner[ea] > ea:
                        chosen.append((ea + 1, src.partner[ea] - 1))
                    elif src.kind(ea) in (Kind.STRING, Kind.IDENT, Kind.NUMBER) and src.t(ea) != "...":
                        chosen.append((ea, ea))
            else:
                chosen = args[0::2]
        else:
            return []
        return [self._key(a, b, scope) for a, b in chosen if src.t(a) != "..."]

    def _key(self, a: int, b: int, scope: int) -> KeyExpr:
        src = self.src
        s, e = src.strip_parens(a, b)
        via = False
        if s == e and src.is_name(s):
            decls = self.m.decls.get((scope, src.t(s)), [])
            if len(decls) == 1 and decls[0].rhs is not None and decls[0].kind == "decl" and decls[0].index < s:
                s, e = src.strip_parens(*decls[0].rhs)
                via = True
        parts, literal_span, join = self._key_parts(s, e)
        text = self._normal_key(s, e)
        return KeyExpr(tuple(parts), src.span(a, b), text, literal_span, join, via)

    def _normal_key(self, s: int, e: int) -> str:
        src = self.src
        out = []
        for k in range(s, e + 1):
            tok = src.toks[k]
            out.append(json.dumps(string_value(tok)) if tok.kind is Kind.STRING else tok.text)
        return "".join(out)

    def _key_parts(self, s: int, e: int) -> tuple[list[str | None], Span | None, int | None]:
        src = self.src
        # Operands of a top-level `+` chain; anything else is one operand.
        operands: list[tuple[int, int]] = []
        start = s
        k = s
        plain = True
        while k <= e:
            text = src.t(k)
            if src.kind(k) is Kind.PUNCT and text == "+" and k > start:
                operands.append((start, k - 1))
                start = k + 1
            elif src.kind(k) is Kind.PUNCT and text in ("-", "*", "/", "%", "?", "||", "??", "&&", "=>"):
                plain = False
            k = src.skip(k) + 1
        operands.append((start, e))
        if not plain:
            operands = [(s, e)]
        # pieces: (literal or None, literal span start, literal span end, join offset)
        pieces: list[tuple[str | None, int, int, int | None]] = []
        for a, b in operands:
            pieces.extend(self._operand_pieces(a, b, len(operands) > 1))
        parts: list[str | None] = []
        literal_span = None
        join = None
        merged: list[list] = []
        for value, p_start, p_end, p_join in pieces:
            if value is not None and merged and merged[-1][0] is not None:
                merged[-1][0] += value
                merged[-1][2] = p_end
                merged[-1][3] = p_join
            elif value == "":
                continue
            else:
                merged.append([value, p_start, p_end, p_join])
        for n, (value, p_start, p_end, p_join) in enumerate(merged):
            if value == "":
                continue
            parts.append(value)
            if value is not None and literal_span is None:
                literal_span = src.span_of(p_start, p_end)
            if value is not None and join is None and n + 1 < len(merged) and merged[n + 1][0] is None:
                join = p_join
        if not parts:
            parts = [None]
        return parts, literal_span, join

    def _operand_pieces(self, a: int, b: int, in_concat: bool) -> list[tuple[str | None, int, int, int | None]]:
        src = self.src
        a, b = src.strip_parens(a, b)
        tok = src.toks[a]
        if a == b and tok.kind is Kind.STRING:
            closed = len(tok.text) > 1 and tok.text.endswith(tok.text[0])
            return [(string_value(tok), tok.start, tok.end, tok.end - 1 if closed else tok.end)]
        if a == b and tok.kind is Kind.TEMPLATE:
            value, _, chunk_end = template_chunk(tok)
            return [(value, tok.start, tok.end, chunk_end)]
        if a == b and tok.kind is Kind.NUMBER and in_concat:
            return [(tok.text, tok.start, tok.end, tok.end)]
        if tok.kind is Kind.TEMPLATE_HEAD:
            pieces: list[tuple[str | None, int, int, int | None]] = []
            k = a
            for _ in range(10000):
                piece = src.toks[k]
                value, chunk_start, chunk_end = template_chunk(piece)
                begin = piece.start if piece.kind is Kind.TEMPLATE_HEAD else chunk_start
                pieces.append((value, begin, chunk_end, chunk_end))
                if piece.kind is Kind.TEMPLATE_TAIL:
                    break
                p = src.partner[k]
                if p <= k or p > b:
                    break
                pieces.append((None, 0, 0, None))
                k = p
            return pieces
        return [(None, 0, 0, None)]

