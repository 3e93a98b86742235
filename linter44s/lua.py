"""Commands a Lua script sends: `redis.call('KEYS', ...)` inside a script a
client loads (EVAL, SCRIPT LOAD, `register_script`, ioredis `defineCommand`).

Scripts are read as the source text of the literal that holds them, so a
position found here is a position in the checked file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from linter44s.facts import Argument, CommandCall
from linter44s.span import Span

_CALL = re.compile(r"""redis\s*\.\s*p?call\s*\(\s*(?:"|'|\\["'])([A-Za-z]+)(?:\\?["'])?""")
_SCRIPT_OPTIONS = ("lua", "script")  # ioredis defineCommand(name, { lua }), node-redis defineScript({ SCRIPT })


class ScriptCommand(NamedTuple):
    command: str  # upper case, as the table spells it
    span: Span  # `redis.call('KEYS'` in the checked file


def script_commands(call: CommandCall) -> Iterator[ScriptCommand]:
    """What the script given to this call sends, where it is literal text."""
    for arg in _script_arguments(call):
        for m in _CALL.finditer(arg.text):
            yield ScriptCommand(m.group(1).upper(), _within(arg, m.start(), m.end()))


def _script_arguments(call: CommandCall) -> Iterator[Argument]:
    # As written: a literal, an f-string or a template (a name holding the script is not followed).
    if call.args:
        yield call.args[0]
    for opt in call.options:
        if opt.keyword and opt.keyword.lower() in _SCRIPT_OPTIONS:
            yield opt


def _within(arg: Argument, start: int, end: int) -> Span:
    """The span of arg.text[start:end] in the file (columns count characters)."""
    before = arg.text[:start]
    line = arg.span.line + before.count("\n")
    col = start - before.rfind("\n") if "\n" in before else arg.span.col + start
    return Span(line, col, line, col + (end - start), arg.span.start + start, arg.span.start + end)
