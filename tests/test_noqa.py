"""Suppression comments (noqa.py, hygiene.py): prefixes, RDS001/RDS002 and
their fixes, and `--add-noqa` (issue 13, section 3)."""

from __future__ import annotations

import ast

import pytest

from linter44s.noqa import add_javascript, add_python, python_suppressions
from tests.helpers import codes_at, fixed

PY_HEAD = "import redis\n\nr = redis.Redis()\n\n"


def _apply(text: str, edit) -> str:
    assert edit is not None
    return text[: edit.start] + edit.content + text[edit.end :]


def test_a_prefix_suppresses_the_family():
    code = PY_HEAD + 'stale = r.keys("s:*")  # noqa: RDS1\nr.flushall()  # noqa: RDS2\n'
    # RDS1 silences KEYS; RDS2 names no FLUSHALL rule (RDS102), so it is unused and FLUSHALL is reported.
    assert sorted(codes_at(code, select=("RDS101", "RDS102", "RDS001"))) == [("RDS001", 6), ("RDS102", 6)]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('names = list(r.scan_iter(match="u:*"))  # noqa: RDS101', 'names = list(r.scan_iter(match="u:*"))'),
        ('names = list(r.scan_iter(match="u:*"))  # noqa: RDS101  # legacy', 'names = list(r.scan_iter(match="u:*"))  # legacy'),
        ('names = list(r.scan_iter(match="u:*"))  # noqa: RDS101 legacy', 'names = list(r.scan_iter(match="u:*"))  # legacy'),
        ('names = list(r.scan_iter(match="u:*"))  # type: ignore # noqa: RDS101', 'names = list(r.scan_iter(match="u:*"))  # type: ignore'),
        ('names = list(r.scan_iter(match="u:*"))  # noqa: RDS101,E501', 'names = list(r.scan_iter(match="u:*"))  # noqa: E501'),
        ('names = r.keys("u:*")  # noqa: RDS101, RDS999, E501', 'names = r.keys("u:*")  # noqa: RDS101, E501'),
    ],
)
def test_dead_codes_are_removed_and_the_rest_kept(line, expected):
    assert fixed(PY_HEAD + line + "\n", select=("RDS001", "RDS002")) == PY_HEAD + expected + "\n"


def test_a_dead_comment_on_its_own_line_goes_with_its_line():
    code = PY_HEAD + "def f():\n    # noqa: RDS101\n    return 1\n"
    assert fixed(code, select=("RDS001",)) == PY_HEAD + "def f():\n    return 1\n"


def test_noqa_inside_a_string_and_other_tools_codes_are_left_alone():
    code = PY_HEAD + 'HELP = "write # noqa: RDS101 to silence it"\nwidth = 1  # noqa: E501\nanything = 2  # noqa\n'
    assert codes_at(code, select=("RDS0", "RDS1")) == []
    assert [s.codes for s in python_suppressions(code)] == [frozenset({"E501"}), None]


def test_unknown_codes_are_rds002_and_not_rds001():
    code = PY_HEAD + 'x = r.keys("a")  # noqa: RDS101, RDS1011\n'
    assert codes_at(code, select=("RDS0", "RDS1")) == [("RDS002", 5)]


def test_rds001_can_be_silenced_on_its_line():
    code = PY_HEAD + "x = 1  # noqa: RDS101, RDS001\n"
    assert codes_at(code, select=("RDS0", "RDS1")) == []


def test_javascript_dead_and_live_directives():
    js = (
        'const Redis = require("ioredis");\nconst redis = new Redis();\n'
        "function f() {\n"
        "  // linter44s-disable-next-line RDS101, RDS102\n"
        '  return redis.keys("a:*");\n'
        "}\n"
        "/* linter44s-disable RDS201 */\n"
        "const n = 1;\n"
        "/* linter44s-enable */\n"
    )
    found = codes_at(js, path="app/x.js", select=("RDS1", "RDS001"))
    assert found == [("RDS001", 4), ("RDS001", 7)]
    out = fixed(js, path="app/x.js", select=("RDS1", "RDS001"))
    assert "  // linter44s-disable-next-line RDS101\n" in out
    assert "linter44s-disable RDS201" not in out and "const n = 1;\n/* linter44s-enable */" in out


@pytest.mark.parametrize(
    ("line", "codes", "expected"),
    [
        ("x = r.keys('*')  # noqa: E501  # why", ["RDS101"], "x = r.keys('*')  # noqa: E501, RDS101  # why"),
        ("x = r.keys('*')  # legacy", ["RDS101", "RDS403"], "x = r.keys('*')  # legacy  # noqa: RDS101, RDS403"),
        ("x = r.keys('*')  # noqa: RDS1", ["RDS101"], None),
    ],
)
def test_add_python_merges_and_keeps_comments(line, codes, expected):
    text = f"import redis\n{line}\n"
    edit = add_python(text, 2, codes)
    if expected is None:
        assert edit is None
    else:
        assert _apply(text, edit) == f"import redis\n{expected}\n"


def test_add_javascript_indents_and_merges():
    text = "if (x) {\n\t\tredis.keys('*');\n}\n"
    once = _apply(text, add_javascript(text, 2, ["RDS101"]))
    assert once == "if (x) {\n\t\t// linter44s-disable-next-line RDS101\n\t\tredis.keys('*');\n}\n"
    assert _apply(once, add_javascript(once, 3, ["RDS403"])).splitlines()[1] == "\t\t// linter44s-disable-next-line RDS101, RDS403"
    assert add_javascript(once, 3, ["RDS101"]) is None


def test_add_noqa_command_is_idempotent(project):
    project.write(
        "app.py",
        """\
        import redis

        r = redis.Redis()

        def purge():
            for key in r.keys("tmp:*"):  # noqa: E501  # old code
                r.delete(key)
            text = '''
            r.keys("inside a string")'''
            return text
        """,
    )
    project.write(
        "web/app.js",
        """\
        const Redis = require("ioredis");
        const redis = new Redis();
        async function purge() {
            const keys = await redis.keys("tmp:*");
            return keys;
        }
        """,
    )
    first = project.run("check", "--no-cache", "--add-noqa")
    assert first.returncode == 0, first.stderr
    assert "Added 3 noqa directives in 2 files." in first.stderr.decode()
    text = (project.folder / "app.py").read_text()
    assert 'for key in r.keys("tmp:*"):  # noqa: E501, RDS101  # old code\n' in text
    assert "        r.delete(key)  # noqa: RDS403\n" in text
    ast.parse(text)
    js = (project.folder / "web/app.js").read_text()
    assert '    // linter44s-disable-next-line RDS101\n    const keys = await redis.keys("tmp:*");\n' in js
    assert project.run("check", "--no-cache").returncode == 0
    again = project.run("check", "--no-cache", "--add-noqa")
    assert "Added 0 noqa directives" in again.stderr.decode()
    assert (project.folder / "app.py").read_text() == text


def test_a_name_imported_from_the_project_is_not_judged():
    """`conn` may be a client another module exports: one file cannot tell, so no RDS001."""
    code = 'import redis\nfrom app.clients import conn\n\ndef f():\n    return conn.keys("s:*")  # noqa: RDS101\n'
    assert codes_at(code, select=("RDS0", "RDS1")) == []
    alone = code.replace("from app.clients import conn\n", "conn = {}\n")  # a local dict: judged
    assert codes_at(alone, select=("RDS0", "RDS1")) == [("RDS001", 5)]


def test_comments_are_found_as_tokenize_finds_them():
    """noqa.python_comments skips strings with one regular expression; tokenize is the reference."""
    import io
    import tokenize
    from pathlib import Path

    from linter44s.noqa import python_comments

    root = Path(__file__).resolve().parent.parent
    files = [*root.glob("linter44s/**/*.py"), *root.glob("tests/*.py"), *root.glob("fixtures/**/*.py")]
    assert len(files) > 50
    for path in files:
        text = path.read_text(encoding="utf-8")
        starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        expected = [
            (starts[tok.start[0] - 1] + tok.start[1], tok.string)
            for tok in tokenize.generate_tokens(io.StringIO(text).readline)
            if tok.type == tokenize.COMMENT
        ]
        assert python_comments(text) == expected, path


def test_a_byte_order_mark_keeps_the_fix_in_place():
    code = "\ufeff" + PY_HEAD + 'names = list(r.scan_iter(match="u:*"))  # noqa: RDS101\n'
    assert fixed(code, select=("RDS001",)) == "\ufeff" + PY_HEAD + 'names = list(r.scan_iter(match="u:*"))\n'


def test_comments_are_found_by_jumping_as_by_trying_every_character():
    """python_comments jumps from one `#` or quote to the next; the plain
    definition tries the lexer at every character.  They must agree, quotes
    that open nothing included."""
    from linter44s import noqa

    texts = [
        'x = "a # b"  # noqa: RDS101\n',
        "s = '''\n# not a comment\n'''  # real\n",
        'd = "\\" # still a string"  # after\n',
        "it's = 1  # an apostrophe that opens no string\nq = 'x'  # noqa\n",
        'r = """unterminated\n# inside\n',
        "# first\n#second\nx = f'{a!r}'  #third",
        'u = "open\nv = 2  # seen\n',
    ]
    for text in texts:
        plain = [(m.start(), m.group()) for m in noqa._PY_LEX.finditer(text) if m.lastgroup == "comment"]
        assert noqa.python_comments(text) == plain, text
        for until in range(len(text) + 1):
            assert noqa.python_comments(text, until) == [c for c in plain if c[0] < until], (text, until)
