"""Parsing only the top-level units that can matter gives the same facts as
parsing everything, and falls back to a whole parse when chunks would lie."""

from __future__ import annotations

import ast

import pytest

from linter44s.python import chunks
from tests.helpers import codes_at

SOURCE = '''\
import redis
from app.db import shared

r = redis.Redis()


@decorator(
    "x",
)
def unrelated(a):
    return a + 1


class Plain:
    def method(self):
        return {"a": 1}.keys()


def uses_module_client():
    return r.keys("a:*")


async def uses_import():
    return shared.keys("b:*")
'''


def test_split_keeps_decorators_with_their_function():
    parts = chunks.split(SOURCE)
    texts = [c.text.splitlines()[0] for c in parts]
    assert texts == ["import redis", "@decorator(", "class Plain:", "def uses_module_client():", "async def uses_import():"]
    assert [c.is_unit for c in parts] == [False, True, True, True, True]
    assert "".join(c.text for c in parts) == SOURCE


def test_skipped_units_are_placeholders_at_their_lines():
    module, skipped = chunks.parse_focused(SOURCE, "m.py", lambda chunk: "keys(" in chunk.text and "Plain" not in chunk.text)
    assert [c.text.splitlines()[0] for c in skipped] == ["@decorator(", "class Plain:"]
    full = ast.parse(SOURCE)
    assert [type(n).__name__ for n in module.body] == ["Import", "ImportFrom", "Assign", "Pass", "Pass", "FunctionDef", "AsyncFunctionDef"]
    for mine, theirs in zip(module.body[-2:], full.body[-2:]):
        assert ast.dump(mine, include_attributes=True) == ast.dump(theirs, include_attributes=True)


@pytest.mark.parametrize(
    "source",
    [
        'def a():\n    s = """\ndef b():\n    redis.keys("*")\nclass C:\n    """\n',  # a docstring crossing chunks
        "def a():\n    x = 1 + \\\ndef b():\n    pass\n",
        "x = (\ndef b():\n    pass\n)\n",
    ],
)
def test_chunks_that_would_lie_fall_back_to_a_whole_parse(source):
    assert chunks.parse_focused(source, "m.py", lambda chunk: "redis" in chunk.text) is None


def test_findings_are_the_same_with_and_without_focus():
    from dataclasses import replace

    from linter44s.config import Settings
    from linter44s.engine import lint_text

    settings = replace(Settings(root="."), select=("ALL",))
    focused = lint_text(SOURCE, "app/m.py", settings)
    plain = lint_text(SOURCE, "app/m.py", settings, prefilter=False)
    assert [(d.code, d.span) for d in focused.diagnostics] == [(d.code, d.span) for d in plain.diagnostics]
    assert ("RDS101", 20) in codes_at(SOURCE, path="app/m.py")


def _many_units(count: int) -> str:
    """Small top-level functions of three kinds in turn: naming redis (parsed at
    once, each alone between skipped ones), naming only the module's client
    (parsed later, one by one), and naming neither (never parsed)."""
    parts = ["import redis\nr = redis.Redis()\n"]
    for i in range(count):
        if i % 3 == 0:
            body = "return r.keys('k')" if i % 999 == 0 else "return redis.ConnectionError"
        else:
            body = "return r" if i % 3 == 1 else f"return {i}"
        parts.append(f"\ndef f{i}():\n    {body}\n")
    return "".join(parts)


def test_thirty_thousand_small_units_take_linear_time(tmp_path):
    # Each unit parsed alone was padded with newlines down to its line: 30,000 of them took a minute.
    import re
    import subprocess
    import sys
    from dataclasses import replace

    from linter44s.config import Settings
    from linter44s.engine import lint_text

    source = _many_units(30_000)
    (tmp_path / "many.py").write_text(source)
    done = subprocess.run(
        [sys.executable, "-m", "linter44s", "check", "--no-cache", "--output-format", "concise", "--select", "ALL",
         "--file-timeout", "120", "many.py"],
        check=False, cwd=tmp_path, capture_output=True, text=True, timeout=20,
    )
    found = [m.groups() for m in re.finditer(r"^many\.py:(\d+):(\d+): (RDS\d+) ", done.stdout, re.MULTILINE)]
    plain = lint_text(source, "many.py", replace(Settings(root=str(tmp_path)), select=("ALL",)), prefilter=False)
    assert found == [(str(d.span.line), str(d.span.col), d.code) for d in plain.diagnostics]
    assert len(found) >= 31, done.stdout + done.stderr


def test_a_late_unit_is_placed_at_its_line_near_and_far():
    for filler in (0, 500):  # near the top the unit is padded; far down it is moved
        line = 1 + 3 * filler
        chunk = chunks.Chunk(0, line, "def f(x):\n    return x\n", is_unit=True)
        [node] = chunks.parse_chunk(chunk, "m.py")
        assert (node.lineno, node.end_lineno, node.body[0].lineno, node.body[0].value.col_offset) == (line, line + 1, line + 1, 11)
        with pytest.raises(SyntaxError) as raised:
            chunks.parse_chunk(chunks.Chunk(0, line, "def f(:\n    pass\n", is_unit=True), "m.py")
        assert (raised.value.lineno, raised.value.offset) == (line, 7)


@pytest.mark.parametrize("filler", [0, 300])
def test_a_syntax_error_in_a_unit_parsed_late_is_the_syntax_error_line(filler):
    # `helper` names only `r`: it is parsed after the module shows `r` is a client.
    from dataclasses import replace

    from linter44s.config import Settings
    from linter44s.engine import lint_text

    source = "import redis\nr = redis.Redis()\n" + "".join(f"\ndef f{i}():\n    pass\n" for i in range(filler + 2))
    source += '\ndef helper():\n    return r.keys("*") +\n\ndef c():\n    pass\n'
    line = source.splitlines().index('    return r.keys("*") +') + 1
    settings = replace(Settings(root="."), select=("ALL",))
    focused = lint_text(source, "m.py", settings)
    plain = lint_text(source, "m.py", settings, prefilter=False)
    assert focused.error is not None
    assert (focused.error.message, focused.error.line, focused.error.col) == ("syntax error: invalid syntax", line, 25)
    assert focused.error == plain.error
