"""A token-level sanity check of JavaScript/TypeScript text, for fixes.

There is no JS parser here, so a fix is judged by what the tokenizer sees:
brackets that pair, no empty argument (`a,, b` or `(, b`), and nothing the
tokenizer could not read (an unknown character, an unterminated string,
template, comment or regex).  The engine compares the problems of a fixed
text with those of the original, so a file that already has one (an array
hole `[1,,2]` is valid JS) can still be fixed, and a fix that adds one is
dropped.
"""

from __future__ import annotations

from collections import Counter

from linter44s.javascript.tokenizer import Kind, Token, is_jsx_path, is_typescript_path, tokenize

_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = frozenset(_OPEN.values())


def problems(text: str, path: str) -> Counter[str]:
    """What in `text` a parser would refuse, counted by kind."""
    tokens = tokenize(text, jsx=is_jsx_path(path), typescript=is_typescript_path(path))
    found: Counter[str] = Counter(_token_problem(t) for t in tokens)
    tokens = [t for t in tokens if t.kind is not Kind.COMMENT]
    stack: list[str] = []
    prev: Token | None = None
    for tok in tokens:
        if tok.kind is Kind.PUNCT:
            punct = tok.text
            if punct in _OPEN:
                stack.append(_OPEN[punct])
            elif punct in _CLOSE:
                if stack and stack[-1] == punct:
                    stack.pop()
                else:
                    found["unbalanced bracket"] += 1
            elif punct == "," and prev is not None and prev.text in (",", "(") and (not stack or stack[-1] != "]"):
                found["empty argument"] += 1  # `[a,,b]` is an array hole; anywhere else an error
        prev = tok
    found["unbalanced bracket"] += len(stack)
    del found[""]
    return +found  # without the zero counts


def _token_problem(tok: Token) -> str:
    if tok.kind is Kind.UNKNOWN:
        return "unknown character"
    return "unterminated" if _unterminated(tok) else ""


def _unterminated(tok: Token) -> bool:
    text = tok.text
    if tok.kind is Kind.STRING:
        return len(text) < 2 or text[-1] != text[0]
    if tok.kind in (Kind.TEMPLATE, Kind.TEMPLATE_TAIL):
        return len(text) < 2 or not text.endswith("`")
    if tok.kind is Kind.COMMENT and text.startswith("/*"):
        return len(text) < 4 or not text.endswith("*/")
    return False


def adds_problems(fixed: str, original: Counter[str], path: str) -> bool:
    """Does `fixed` have a problem more than the text it was made from?"""
    return any(count > original[kind] for kind, count in problems(fixed, path).items())
