"""The tokenizer on each tricky piece of JavaScript and TypeScript syntax."""

from __future__ import annotations

import pytest

from linter44s.javascript.tokenizer import Kind, LineIndex, tokenize
from linter44s.javascript.tokens import match_brackets, string_value, template_chunk


def kinds(text: str, **kw) -> list[tuple[str, str]]:
    return [(t.kind.value, t.text) for t in tokenize(text, **kw) if t.kind is not Kind.COMMENT]


def texts(text: str, kind: Kind, **kw) -> list[str]:
    return [t.text for t in tokenize(text, **kw) if t.kind is kind]


def test_string_escapes():
    toks = tokenize(r"""a = 'it\'s' + "say \"hi\"" + '\\'""")
    strings = [t for t in toks if t.kind is Kind.STRING]
    assert [string_value(t) for t in strings] == ["it's", 'say "hi"', "\\"]


def test_unterminated_string_stops_at_line_end():
    toks = tokenize("x = 'open\ny = 2")
    assert [t.text for t in toks if t.kind is Kind.STRING] == ["'open"]
    assert ("ident", "y") in [(t.kind.value, t.text) for t in toks]


def test_template_with_nested_substitutions():
    code = "`a${ {b: `c${d}`} }e${'}'}f` + 1"
    found = kinds(code)
    assert found[0] == ("template-head", "`a${")
    assert ("template-head", "`c${") in found
    assert ("template-middle", "}e${") in found
    assert ("string", "'}'") in found
    assert found[-3] == ("template-tail", "}f`")
    assert found[-1] == ("number", "1")


def test_template_chunks_and_brackets():
    toks = tokenize("`user:${id}:x`")
    assert template_chunk(toks[0])[0] == "user:"
    assert template_chunk(toks[-1])[0] == ":x"
    partner = match_brackets(toks)
    assert partner[0] == 2 and partner[2] == 0


def test_unterminated_template_runs_to_end():
    toks = tokenize("x = `abc ${y} never closed\nmore")
    assert toks[-1].kind is Kind.TEMPLATE_TAIL and toks[-1].end == len("x = `abc ${y} never closed\nmore")


@pytest.mark.parametrize(
    "code, regexes",
    [
        ("a / b / c", []),
        ("x = /re/g", ["/re/g"]),
        ("if (ok) /x/.test(s)", ["/x/"]),
        ("f(a) / 2 / g", []),
        ("return /x[/]y/i", ["/x[/]y/i"]),
        ("a[0] / 2 / b", []),
        ("x = y++ / 2 / z", []),
        ("{} /re/.exec(s)", ["/re/"]),
        ("({}) / 2 / x", []),
        ("s.replace(/'/g, '')", ["/'/g"]),
        ("typeof /x/", ["/x/"]),
        ("a.return / 2 / b", []),
    ],
)
def test_regex_or_division(code, regexes):
    assert texts(code, Kind.REGEX) == regexes


def test_comments_and_hashbang():
    toks = tokenize("#!/usr/bin/env node\n// line\nx /* block\nstill */ y")
    assert [t.text for t in toks if t.kind is Kind.COMMENT] == ["#!/usr/bin/env node", "// line", "/* block\nstill */"]
    assert [t.text for t in toks if t.kind is Kind.IDENT] == ["x", "y"]


def test_quotes_in_comments_do_not_open_strings():
    assert texts("// it's\nx = 'a'", Kind.STRING) == ["'a'"]


def test_jsx_text_and_attributes():
    code = 'const el = <div className="a \'b" onClick={() => f("}")}>Hello {name} it\'s <b>w</b></div>; y / 2'
    found = kinds(code, jsx=True)
    assert ("string", '"a \'b"') in found
    assert ("string", '"}"') in found
    assert ("jsx-text", "Hello ") in found
    assert ("jsx-text", " it's ") in found
    assert found[-3:] == [("ident", "y"), ("punct", "/"), ("number", "2")]


def test_jsx_fragment_and_self_closing():
    found = kinds("x = <><Foo a={1} /> text</>; z", jsx=True)
    assert ("jsx-text", " text") in found
    assert found[-1] == ("ident", "z")


def test_comparison_is_not_jsx():
    assert texts("if (a < b) { c = d > e }", Kind.JSX_TEXT, jsx=True) == []


def test_typescript_generics_decorators_casts():
    code = "@Injectable()\nclass S { constructor(private readonly redis: Redis) {} }\n" \
           "const m = new Map<string, Redis>(); foo<T>(x); const r = y as Redis; a!.b?.c"
    found = kinds(code, jsx=False, typescript=True)
    assert ("punct", "@") in found
    assert ("ident", "as") in found
    assert ("punct", "?.") in found
    assert ("punct", "!") in found
    assert not texts(code, Kind.REGEX, jsx=False, typescript=True)


def test_tsx_generic_arrow_is_not_jsx():
    found = kinds("const f = <T,>(x: T) => x; g", jsx=True, typescript=True)
    assert found[-1] == ("ident", "g")
    assert not any(k == "jsx-text" for k, _ in found)


def test_optional_chaining_vs_ternary_number():
    assert ("punct", "?.") in kinds("a?.b")
    assert ("number", ".5") in kinds("a ? .5 : 1")


def test_bom_and_crlf_positions():
    toks = tokenize("\ufeffconst a = 1;\r\nconst b = 'x';\r\n")
    first = toks[0]
    assert (first.line, first.col, first.start) == (1, 1, 1)
    b = next(t for t in toks if t.text == "b")
    assert (b.line, b.col) == (2, 7)


def test_positions_count_characters():
    toks = tokenize("x = 'é'; y")
    y = toks[-1]
    assert (y.line, y.col, y.start) == (1, 10, 9)


def test_bracket_matching_with_stray_closer():
    toks = tokenize("f(a, [b)]; g(c)")
    partner = match_brackets(toks)
    g = next(i for i, t in enumerate(toks) if t.text == "g")
    assert partner[g + 1] == g + 3


def test_deep_nesting_does_not_recurse():
    text = "(" * 50000 + "x" + ")" * 50000
    toks = tokenize(text)
    partner = match_brackets(toks)
    assert partner[0] == len(toks) - 1


@pytest.mark.parametrize(
    "text",
    [
        "\ufeffconst a = 1;\r\nlet b\u2028= `x\n${y}\n`;\r// c\n/re/g.test(s)",
        "\ufeff\ufeffx",
        "\n\n\r\n  a /* one\n two */ b\r\rc",
        "#!/usr/bin/env node\nconst t = `a${`b\n${c}`}`;\nx\u2029y",
    ],
)
def test_each_token_is_where_the_line_index_puts_it(text: str) -> None:
    # The scanner keeps the line it is on rather than searching for each token's.
    index = LineIndex(text)
    toks = tokenize(text)
    assert toks
    assert [(t.line, t.col) for t in toks] == [index.line_col(t.start) for t in toks]
