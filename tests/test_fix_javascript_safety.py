"""--fix on JavaScript/TypeScript: a fix never leaves text the tokenizer
refuses, a trailing comma gets no `,,`, and no fix is applied twice."""

from __future__ import annotations

import textwrap

import pytest

from linter44s.javascript.wellformed import problems

IOREDIS = "const Redis = require('ioredis');\nconst client = new Redis();\n"
NODE_REDIS = "const { createClient } = require('redis');\nconst client = createClient();\n"
CALL = """
async function save(key, body) {
  await client.set(
    key,
    body,
  );
}
"""
OPTION = {IOREDIS: ", 'EX', 3600", NODE_REDIS: ", { EX: 3600 }"}


@pytest.mark.parametrize("header", [IOREDIS, NODE_REDIS], ids=["ioredis", "node-redis"])
@pytest.mark.parametrize("name", ["app.js", "app.ts"])
def test_trailing_comma_call_is_fixed_once_and_stays_valid(project, header, name):
    path = project.write(name, header + CALL)
    result = project.run("check", "--no-cache", "--fix", "--unsafe-fixes", "--select", "RDS201", name)
    fixed = path.read_text()
    # The option goes after the last argument, before the trailing comma.
    assert fixed == header + CALL.replace("    body,\n", f"    body{OPTION[header]},\n")
    assert result.stdout.endswith(b"Found 1 error (1 fixed, 0 remaining).\n")  # ruff's words
    assert not problems(fixed, name)
    again = project.run("check", "--no-cache", "--fix", "--unsafe-fixes", "--select", "RDS201", name)
    assert path.read_text() == fixed
    assert again.returncode == 0, again.stdout


@pytest.mark.parametrize("header", [IOREDIS, NODE_REDIS], ids=["ioredis", "node-redis"])
@pytest.mark.parametrize(
    "third",
    ["cb", "(err) => done(err)", "function (err) { done(err); }", "opts"],
    ids=["callback name", "arrow callback", "function callback", "options variable"],
)
def test_no_option_is_added_after_a_third_argument(project, header, third):
    """`set(k, v, cb)` (node-redis v3, ioredis callbacks): `set(k, v, cb, 'EX', 3600)` would
    send the callback as the value's option and lose the reply; `set(k, v, opts, { EX })`
    is no call node-redis has.  Reported, with advice, and left as it is."""
    source = header + (
        f"function save(key, body, cb, opts, done) {{\n  client.set(key, body, {third});\n  client.expire(key, 60);\n}}\n"
        f"function keep(key, body, cb, opts, done) {{\n  client.set(key, body, {third});\n}}\n"
    )
    path = project.write("app.js", source)
    result = project.run("check", "--no-cache", "--fix", "--unsafe-fixes", "--select", "RDS201,RDS204", "app.js")
    assert path.read_text() == source
    assert b"RDS204" in result.stdout and b"RDS201" in result.stdout


@pytest.mark.parametrize(
    ("fixed", "why"),
    [
        ("f(a, b,, 'EX', 1);", "empty argument"),
        ("f(, 'EX', 1);", "empty argument"),
        ("f(a, b;", "unbalanced bracket"),
        ("f(a, b));", "unbalanced bracket"),
        ("f(a, 'b);", "unterminated"),
        ("f(a, `b);", "unterminated"),
        ("f(a, b); /* c", "unterminated"),
        ("f(a, b) \u00a7;", "unknown character"),
    ],
)
def test_a_javascript_fix_that_the_tokenizer_refuses_does_not_parse(fixed, why):
    from linter44s.fixer import still_parses

    assert why in problems(fixed, "app.js")
    assert not still_parses(fixed, "javascript", "app.js", original="f(a, b);")


def test_what_the_original_already_had_does_not_block_a_fix():
    from linter44s.fixer import still_parses

    # `[1,,2]` is an array hole, valid JS: neither it nor a problem already there stops a fix.
    assert not problems("const a = [1,,2];", "app.js")
    assert still_parses("g(x, 1); h('", "javascript", "app.js", original="g(x); h('")


def test_the_fix_loop_stops_when_a_fix_brings_its_finding_back():
    """A fix whose result still has its finding at the same place would be
    applied on every pass; the loop stops after the first."""
    from dataclasses import replace

    from linter44s.config import Settings
    from linter44s.diagnostics import Applicability, Edit, Fix
    from linter44s.engine import fix_source, lint_text
    from linter44s.sources import Source

    text = textwrap.dedent(IOREDIS + CALL)
    settings = replace(Settings(root="."), select=("RDS201",))
    first = lint_text(text, "app.js", settings)
    (finding,) = first.diagnostics
    # A fix that changes the text but not the call: its finding comes back.
    at = text.index("  );")
    idle = Fix(Applicability.SAFE, "note", (Edit(at, at, "  /* ttl? */\n"),))
    report = fix_source(Source("app.js", text.encode(), text, "utf-8"), settings, True,
                        first=replace(first, diagnostics=(replace(finding, fix=idle),)))
    assert report.fixed_text is not None and report.fixed_text.count("/* ttl? */") == 1
    assert report.fixes_applied == 1
    assert "'EX'" not in report.fixed_text  # the loop stopped: no second pass
