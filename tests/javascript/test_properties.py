"""Property tests: any text tokenizes and analyzes without an unexpected
error, and the tokens cover the input in order."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter44s.config import Settings
from linter44s.diagnostics import SourceError
from linter44s.javascript.frontend import analyze
from linter44s.javascript.tokenizer import tokenize
from linter44s.javascript.tokens import match_brackets

_GAP = re.compile(r"[\s\ufeff]*")
# Text made of the pieces that make tokenizing hard.
_PIECES = st.sampled_from(
    ["(", ")", "{", "}", "[", "]", "`", "${", "'", '"', "/", "*", "\\", "<", ">", "/>", "</", "=", "=>",
     "\n", "\r\n", " ", "x", "redis", ".", "get(", "keys", "await ", "for (", "while", "if", "return",
     "new Redis()", "//", "/*", "*/", "#!", "\ufeff", "1", "?.", "!", ":", ";", ",", "async ", "class ",
     "function ", "const ", "=", "@", "é", "\u2028"]
)
_JSISH = st.lists(_PIECES, max_size=80).map("".join)
_SETTINGS = Settings()


def _covered(text: str, jsx: bool, ts: bool) -> None:
    tokens = tokenize(text, jsx=jsx, typescript=ts)
    pos = 0
    for tok in tokens:
        assert tok.start >= pos
        assert tok.end > tok.start
        assert _GAP.fullmatch(text, pos, tok.start), (text, pos, tok)
        assert text[tok.start : tok.end] == tok.text
        pos = tok.end
    assert _GAP.fullmatch(text, pos, len(text))
    partner = match_brackets(tokens)
    for i, p in enumerate(partner):
        assert p == -1 or partner[p] == i


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(_JSISH, st.booleans(), st.booleans())
def test_tokens_cover_jsish_text(text, jsx, ts):
    _covered(text, jsx, ts)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.booleans(), st.booleans())
def test_tokens_cover_any_text(text, jsx, ts):
    _covered(text, jsx, ts)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(_JSISH, st.sampled_from(["a.js", "a.ts", "a.tsx", "a.jsx", "a.mjs"]))
def test_analyze_never_fails_unexpectedly(text, path):
    try:
        facts, _syntax = analyze(text, path, _SETTINGS)
    except SourceError:
        return
    assert facts.language == "javascript"
    for call in facts.calls:
        assert 0 <= call.span.start <= call.span.end <= len(text)
        assert call.scope < len(facts.scopes)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_analyze_random_bytes(data):
    text = data.decode("latin-1")
    try:
        analyze(text, "x.ts", _SETTINGS)
    except SourceError:
        pass


def test_deeply_nested_inputs_finish():
    for text in ("(" * 30000, "{" * 30000 + "}" * 30000, "`${" * 10000, "if(a)" * 3000 + "x;",
                 "<a>" * 3000, "x => " * 3000 + "1", "redis" + ".multi().get(k)" * 500, "[" * 20000):
        try:
            analyze(text, "deep.tsx", _SETTINGS)
        except SourceError as exc:  # the clear error a broken file gets (`${` never closed)
            assert "unterminated" in exc.message
