"""A client built on every call of a request handler -> built once at module level,
after the last top-level `require`/`import`, and reused (JavaScript's HOIST; the
Python one is python/rewrites/hoist.py and follows the same rules).

    const Redis = require('ioredis');          const Redis = require('ioredis');
                                               const redis = new Redis();
    app.get('/v', async (req, res) => {  ->
      const redis = new Redis();               app.get('/v', async (req, res) => {
      res.json(await redis.incr('v'));           res.json(await redis.incr('v'));
      await redis.quit();                      });
    });

node-redis's `await client.connect();` right after the construction moves too, as
`client.connect();`: a CommonJS module has no top-level `await`, and node-redis queues
the commands sent before the socket is ready.  A `quit()`/`disconnect()` ending the
handler goes: closing the shared client would break the next request.

Only when the construction reads nothing but imported names, `process` and literals
(they mean the same at load time), the name is declared nowhere else in the file,
and the handler neither rebinds it nor puts it in a per-connection state."""

from __future__ import annotations

import re

from linter44s.diagnostics import Edit

_NAME = r"[A-Za-z_$][\w$]*"
_GLOBALS = frozenset({"process"})  # read at load time just as well
# Module-level `import ... from '...'` / `import '...'` and `const x = require('...')` lines.
_IMPORT_LINE = re.compile(
    r"^(?:import\b[^;]*?['\"][^'\"\n]*['\"]|(?:const|let|var)\s+[^;=\n]+=\s*require\(\s*['\"][^'\"\n]*['\"]\s*\)[\w$.]*)[ \t]*;?[ \t]*$",
    re.MULTILINE,
)
_CLOSE = r"(?:quit|disconnect|close|destroy)"
# Commands that change the connection's own state, and listeners (added per request they
# would pile up): on a shared client they leak into other requests.
_STATEFUL = r"(?:subscribe|psubscribe|ssubscribe|sSubscribe|pSubscribe|monitor|select|watch|WATCH|SELECT|duplicate|on|once|addListener)"


def hoist_client(
    text: str, made: tuple[int, int], handler: tuple[int, int], name: str, reads: frozenset[str]
) -> tuple[Edit, ...] | None:
    """`made`: the construction's offsets; `handler`: the handler function's offsets;
    `reads`: every name its arguments read."""
    imports = list(_IMPORT_LINE.finditer(text))
    if not imports or reads - _imported(imports) - _GLOBALS:
        return None
    n = re.escape(name)
    if len(re.findall(rf"(?<![\w$.]){n}(?![\w$])\s*=(?![=>])", text)) != 1 or re.search(rf"\b(?:function|class)\s+{n}(?![\w$])", text):
        return None  # declared (or assigned) elsewhere: the module-level one would clash or be changed
    line = _own_line(text, made[0], made[1], rf"(?:const|let|var)\s+{n}\s*=\s*")
    if line is None:
        return None
    start, end, decl = line
    body_end = text.rfind("}", handler[0], handler[1])
    moved, end = _with_connect(text, end, name, decl)
    body = text[end:body_end]
    if re.search(rf"(?<![\w$.]){n}\s*\.\s*(?:{_STATEFUL}|connect)\b", body):
        return None  # state of its own, or connected again: sharing it would leak into other requests
    if re.search(rf"(?<![\w$.]){n}(?![\w$]|\s*\??\.)", body):
        return None  # used as a value (stored, passed, returned): only method calls on it are understood
    edits = [Edit(start, end, "")]
    closing = _closing(text, end, body_end, n)
    if closing is None:
        return None
    edits += closing
    at = imports[-1].end() + 1
    if text[at - 1 : at] != "\n" or at > start:
        return None
    edits.insert(0, Edit(at, at, moved))
    return tuple(edits)


def _imported(imports: list[re.Match[str]]) -> set[str]:
    """The names the module's import lines bind."""
    names: set[str] = set()
    for m in imports:
        head = re.split(r"\bfrom\b", m.group(0))[0] if m.group(0).startswith("import") else m.group(0).split("=")[0]
        head = re.sub(r"^\s*(?:import|const|let|var)\b|\btype\b", " ", head)
        names |= {part.split(" as ")[-1].split(":")[-1].strip() for part in re.split(r"[{},*]", head)}
    return {n for n in names if re.fullmatch(_NAME, n)}


def _own_line(text: str, start: int, end: int, prefix: str) -> tuple[int, int, str] | None:
    """The whole lines of `const name = <construction>;` when nothing else shares them."""
    line_start = text.rfind("\n", 0, start) + 1
    newline = text.find("\n", end)
    line_end = len(text) if newline < 0 else newline + 1
    head, tail = text[line_start:start], text[end:line_end]
    if not re.fullmatch(rf"[ \t]*{prefix}", head) or not re.fullmatch(r"[ \t]*;?[ \t]*\n?", tail):
        return None
    return line_start, line_end, f"{head.strip()} {text[start:end]};\n"


def _with_connect(text: str, end: int, name: str, moved: str) -> tuple[str, int]:
    """node-redis's `await name.connect();` on the next line goes along (without `await`)."""
    m = re.match(rf"[ \t]*(?:await\s+)?{re.escape(name)}\s*\.\s*connect\(\s*\)[ \t]*;?[ \t]*(?:\n|$)", text[end:])
    if m is None:
        return moved, end
    return f"{moved}{name}.connect();\n", end + m.end()


def _closing(text: str, start: int, body_end: int, n: str) -> list[Edit] | None:
    """The `name.quit()` ending the handler, deleted; None when it is closed anywhere else."""
    body = text[start:body_end]
    closes = list(re.finditer(rf"(?<![\w$.]){n}\s*\.\s*{_CLOSE}\b", body))
    if not closes:
        return []
    last = re.search(rf"\n([ \t]*(?:await\s+)?{n}\s*\.\s*{_CLOSE}\(\s*\)[ \t]*;?[ \t]*\n)[ \t]*$", body)
    if len(closes) != 1 or last is None:
        return None  # closed early, conditionally, or twice: the handler relies on it
    return [Edit(start + last.start(1), start + last.end(1), "")]
