"""A command that creates a temporary-looking key with no TTL -> the same
command and an EXPIRE of its key in one MULTI/EXEC pipeline, so the key never
exists without its TTL; the command's reply keeps its name.

    n = r.incr(f"rate:{ip}")   ->   pipe = r.pipeline()
                                    pipe.incr(f"rate:{ip}")
                                    pipe.expire(f"rate:{ip}", 3600)
                                    n, _ = pipe.execute()
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from linter44s.python.rewrites.common import Located, statements
from linter44s.python.rewrites.pipeline_run import one_command, unpack

# A key expression that may be written twice: names, attributes and literals, f-strings of those.
_PLAIN = m.Name() | m.Attribute() | m.SimpleString() | m.Integer()


def rewrite_add_expire(at: Located) -> list[cst.BaseStatement] | None:
    node = at.node
    if not isinstance(node, cst.BaseStatement):
        return None
    found = one_command(at, node)
    if found is None:
        return None
    name, receiver, call, awaited = found
    assert isinstance(call, cst.Call)
    if not call.args or call.args[0].keyword is not None or call.args[0].star or not _plain(call.args[0].value):
        return None
    pipe = at.fresh("pipe", "pipeline")
    key = at.code(call.args[0].value)
    code = f"{pipe} = {receiver}.pipeline()\n{pipe}.{at.code(call)}\n{pipe}.expire({key}, {at.request.value})\n"
    return statements(code + unpack(at, [name, None], f"{'await ' if awaited else ''}{pipe}.execute()"))


def _plain(key: cst.BaseExpression) -> bool:
    if isinstance(key, cst.FormattedString):
        return all(
            isinstance(p, cst.FormattedStringText) or (isinstance(p, cst.FormattedStringExpression) and m.matches(p.expression, _PLAIN))
            for p in key.parts
        )
    return m.matches(key, _PLAIN)
