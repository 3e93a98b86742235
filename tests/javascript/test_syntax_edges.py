"""JavaScript constructs that used to hide the code after them: an
unterminated template or comment, `of` as a name, a division after a
function expression, and the U+2028/U+2029 line terminators."""

from __future__ import annotations

import pytest

from linter44s.javascript.tokenizer import Kind, tokenize
from tests.helpers import codes_at, lint

CLIENT = "const Redis = require('ioredis');\nconst redis = new Redis();\n"


@pytest.mark.parametrize(
    ("code", "line", "col", "what"),
    [
        ("const a = `open ${1}\nredis.keys('*');\n", 3, 11, "template literal"),
        ("const a = `x${`inner ${2}` + 1}\nredis.keys('*');\n", 3, 11, "template literal"),
        ("const a = 1; /* never closed\nredis.keys('*');\n", 3, 14, "comment"),
        ("const a = 1; /*/\nredis.keys('*');\n", 3, 14, "comment"),
    ],
)
def test_unterminated_template_or_comment_is_a_syntax_error(code, line, col, what):
    report = lint(CLIENT + code, path="app/a.js")
    assert report.error is not None, "an unterminated construct hid the rest of the file"
    assert (report.error.message, report.error.line, report.error.col) == (f"syntax error: unterminated {what}", line, col)


def test_unterminated_template_is_one_error_line_in_the_cli(project):
    project.write("bad.ts", CLIENT + "const a = `open\nredis.keys('*');\n")
    project.write("good.js", CLIENT + "redis.keys('*');\n")
    result, lines = project.concise()
    assert "bad.ts:3:11: error: syntax error: unterminated template literal" in lines
    assert any(line.startswith("good.js:3:1: RDS101") for line in lines)
    assert result.returncode == 1


@pytest.mark.parametrize(
    "code",
    [
        "const of = 2; const half = of / 2; redis.keys('*'); const third = half / 3;\n",
        "let of = 4; of /= 2; redis.keys('*'); of = of / 2;\n",
        "for (const x of xs) { f(x / 2); }\nconst of = 2, y = of / 2; redis.keys('*'); const z = y / 3;\n",
        "const f = function () {} / 2; redis.keys('*'); const g = f / 3;\n",
        "const f = function named(a) { return a; } / 2; redis.keys('*'); const g = f / 3;\n",
        "const f = async function* () {} / 2; redis.keys('*'); const g = f / 3;\n",
        "x = cond ? function () {} / 2 : 1; redis.keys('*'); const g = x / 3;\n",
    ],
)
def test_a_division_is_not_a_regex_that_hides_a_call(code):
    line = 3 + code.count("\n") - 1
    assert codes_at(CLIENT + code, path="app/a.js") == [("RDS101", line)]


@pytest.mark.parametrize(
    ("code", "regexes"),
    [
        ("for (const x of /ab+c/g.exec(s)) f(x)", ["/ab+c/g"]),
        ("for await (const x of /a/g.exec(s)) f(x)", ["/a/g"]),
        ("for (const [a, b] of /a/g.exec(s)) f(a)", ["/a/g"]),
        ("const of = 2; x = of / 2 / 1", []),
        ("obj.of / 2 / 3", []),
        ("function f() {}\n/re/.test(s)", ["/re/"]),
        ("x = 1; function f() {} /re/.test(s)", ["/re/"]),
        ("if (a) { b() } /re/.test(s)", ["/re/"]),
        ("x = function () {} / 2 / y", []),
        ("x = () => { return /re/ }", ["/re/"]),
    ],
)
def test_regex_or_division_around_of_and_functions(code, regexes):
    assert [t.text for t in tokenize(code) if t.kind is Kind.REGEX] == regexes


@pytest.mark.parametrize("sep", ["\u2028", "\u2029"])
def test_line_separators_end_lines_and_line_comments(sep):
    code = CLIENT + f"// a comment ends here{sep}redis.keys('*');{sep}redis.keys('b');\n"
    assert codes_at(code, path="app/a.js") == [("RDS101", 4), ("RDS101", 5)]


def test_line_separator_inside_a_string_keeps_counting():
    code = CLIENT + "const s = 'a\u2028b';\nredis.keys('*');\n"
    assert codes_at(code, path="app/a.js") == [("RDS101", 5)]


def test_a_suppression_after_a_line_separator():
    code = CLIENT + "const a = 1;\u2028// linter44s-disable-next-line RDS101\u2028redis.keys('*');\nredis.keys('b');\n"
    assert codes_at(code, path="app/a.js") == [("RDS101", 6)]


def test_a_file_that_ends_inside_a_substitution_is_an_unterminated_template() -> None:
    from linter44s.javascript.tokenizer import scan

    _, unterminated = scan("const a = 1;\nconst b = `x ${ r.keys('*');\n")
    assert unterminated is not None and unterminated.what == "template literal"
    assert unterminated.start == len("const a = 1;\nconst b = ")
