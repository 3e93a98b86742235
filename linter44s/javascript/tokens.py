"""What tokens mean once read: which brackets (and template pieces) pair up,
and the values of string and template literals.  Apart from tokenizer.py,
which only turns text into tokens."""

from __future__ import annotations

import re

from linter44s.javascript.tokenizer import Kind, Token

_OPENERS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {")": "(", "]": "[", "}": "{"}


def match_brackets(tokens: list[Token]) -> list[int]:
    """For each token, the index of its partner bracket, or -1.

    Template pieces pair up like brackets: a head pairs with the next middle
    or tail of the same template.  Unbalanced brackets stay -1; a closer that
    does not match the innermost opener is matched to an outer one when it
    can be, so one stray bracket does not unpair the rest of the file."""
    partner = [-1] * len(tokens)
    stack: list[int] = []
    for i, tok in enumerate(tokens):
        if tok.kind is Kind.PUNCT:
            if tok.text in _OPENERS:
                stack.append(i)
                continue
            want = _CLOSERS.get(tok.text)
            if want is None:
                continue
            depth = len(stack) - 1
            # Look a few levels out for the matching opener.
            while depth >= 0 and len(stack) - depth <= 4 and tokens[stack[depth]].text != want:
                depth -= 1
            if depth >= 0 and tokens[stack[depth]].text == want and len(stack) - depth <= 4:
                j = stack[depth]
                del stack[depth:]
                partner[i], partner[j] = j, i
        elif tok.kind in (Kind.TEMPLATE_MIDDLE, Kind.TEMPLATE_TAIL):
            depth = len(stack) - 1
            while depth >= 0 and len(stack) - depth <= 4 and tokens[stack[depth]].kind not in (
                Kind.TEMPLATE_HEAD, Kind.TEMPLATE_MIDDLE
            ):
                depth -= 1
            if depth >= 0 and len(stack) - depth <= 4 and tokens[stack[depth]].kind in (
                Kind.TEMPLATE_HEAD, Kind.TEMPLATE_MIDDLE
            ):
                j = stack[depth]
                del stack[depth:]
                partner[i], partner[j] = j, i
            if tok.kind is Kind.TEMPLATE_MIDDLE:
                stack.append(i)
        elif tok.kind is Kind.TEMPLATE_HEAD:
            stack.append(i)
    return partner


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|[\s\S])")


def _unescape(body: str) -> str:
    def one(m: re.Match[str]) -> str:
        esc = m.group(1)
        if esc[0] == "u" and len(esc) > 1:
            digits = esc[2:-1] if esc[1] == "{" else esc[1:]
            code = int(digits, 16)
            return chr(code) if code <= 0x10FFFF else ""
        if esc[0] == "x" and len(esc) == 3:
            return chr(int(esc[1:], 16))
        if esc in ("\n", "\r", "\r\n", "\u2028", "\u2029"):
            return ""  # a line continuation
        return _ESCAPES.get(esc, esc)

    return _ESCAPE.sub(one, body) if "\\" in body else body


def string_value(tok: Token) -> str:
    """The value of a STRING token, escapes decoded (best effort when unterminated)."""
    text = tok.text
    quote = text[0]
    body = text[1:-1] if len(text) > 1 and text.endswith(quote) else text[1:]
    return _unescape(body)


def template_chunk(tok: Token) -> tuple[str, int, int]:
    """The literal text of a template piece and its offsets in the source."""
    text = tok.text
    lead = 1  # ` or }
    trail = 0
    if tok.kind in (Kind.TEMPLATE_HEAD, Kind.TEMPLATE_MIDDLE):
        trail = 2  # ${
    elif len(text) > 1 and text.endswith("`"):
        trail = 1
    body = text[lead : len(text) - trail] if len(text) >= lead + trail else ""
    return _unescape(body), tok.start + lead, tok.end - trail
