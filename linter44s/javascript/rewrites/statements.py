"""`const keys = await r.keys(p);` -> the same array gathered from SCAN pages;
a run of `await r.cmd(...);` statements -> one pipeline."""

from __future__ import annotations

import itertools
import re

from linter44s.diagnostics import Edit
from linter44s.spelling import BATCH_SIZE, JS_PIPELINE, JS_SCAN

_NAME = r"[A-Za-z_$][\w$]*"


def keys_to_scan(text: str, statement: tuple[int, int], call_text: str, receiver: str, pattern: str, library: str | None) -> tuple[Edit, ...] | None:
    """`const found = await redis.keys('session:*');` ->
    `const found = [];` and a `for await` over the SCAN pages pushing into it."""
    if library not in JS_SCAN:
        return None
    start, end = statement
    indent = _alone(text, start, end)
    m = re.fullmatch(rf"(const|let|var)\s+({_NAME})\s*=\s*await\s+{re.escape(call_text)}\s*;?", text[start:end])
    if indent is None or m is None:
        return None
    keyword, name = m.groups()
    item = "page" if library == "ioredis" else "key"
    item = item if name != item else "scanned"
    loop = JS_SCAN[library].format(receiver=receiver, pattern=pattern, count=BATCH_SIZE, item=item, name=name)
    return (Edit(start, end, f"{keyword} {name} = [];\n{indent}{loop}"),)


def pipeline_run(text: str, statements: list[tuple[int, int]], calls: list[tuple[str, str]], library: str | None) -> tuple[Edit, ...] | None:
    """`await r.a(x);` `await r.b(y);` ... (replies unused) -> `await r.pipeline().a(x).b(y).exec();`
    spelled for the library.  `calls`: (receiver, `method(args)`) per statement."""
    if library not in JS_PIPELINE or len({r for r, _ in calls}) != 1:
        return None
    indent = _alone(text, statements[0][0], statements[0][1])
    for (start, end), (receiver, tail) in zip(statements, calls, strict=True):
        if _alone(text, start, end) != indent or not re.fullmatch(rf"await\s+{re.escape(receiver)}\s*\.\s*{re.escape(tail)}\s*;?", text[start:end]):
            return None
    for (_, end), (start, _) in itertools.pairwise(statements):
        if text[end:start].strip():
            return None  # a comment or other code between them
    begin, finish = JS_PIPELINE[library]
    receiver = calls[0][0]
    chained = "".join(f"\n{indent}  .{tail}" for _, tail in calls)
    return (Edit(statements[0][0], statements[-1][1], f"await {receiver}.{begin}(){chained}\n{indent}  .{finish}();"),)


def _alone(text: str, start: int, end: int) -> str | None:
    """The statement's indentation when nothing else shares its first and last lines."""
    line_start = text.rfind("\n", 0, start) + 1
    newline = text.find("\n", end)
    rest = text[end : len(text) if newline < 0 else newline]
    if text[line_start:start].strip() or rest.strip():
        return None
    return text[line_start:start]


def pipeline_loop(
    text: str, loop: tuple[int, int], calls: list[tuple[int, int, int]], receiver: str, library: str | None
) -> tuple[Edit, ...] | None:
    """`for (...) { await r.cmd(...); }` (replies unused) -> the loop queues on one
    pipeline, sent once after it.  `calls`: (start of `await`, start of the call,
    start of the method name) of every use of `receiver` in the loop."""
    if library not in JS_PIPELINE:
        return None
    start, end = loop
    open_braces = text.count("{", start, end) - text.count("}", start, end)
    if open_braces == 1:  # the loop's span stops before the `}` that closes its block
        close = len(text[:end]) + len(text[end:]) - len(text[end:].lstrip())
        if text[close : close + 1] != "}":
            return None
        end = close + 1
    elif open_braces:
        return None
    indent = _alone(text, start, end)
    uses = re.findall(rf"(?<![\w$.]){re.escape(receiver)}\b", text[start:end])
    if indent is None or len(uses) != len(calls) or "//" in text[start:end] or "/*" in text[start:end]:
        return None
    pipe = next(n for n in ("pipe", "pipeline", "batch") if not re.search(rf"(?<![\w$]){n}(?![\w$])", text))
    begin, finish = JS_PIPELINE[library]
    edits = [Edit(start, start, f"const {pipe} = {receiver}.{begin}();\n{indent}")]
    edits += [Edit(awaited, method, f"{pipe}.") for awaited, _, method in calls]
    edits.append(Edit(end, end, f"\n{indent}await {pipe}.{finish}();"))
    return tuple(edits)


# A key that may be written twice: a name, a property path, a string, or a template of names.
_PLAIN_KEY = re.compile(rf"{_NAME}(?:\.{_NAME})*|'[^'\\\n]*'|\"[^\"\\\n]*\"|`(?:[^`\\$]|\$\{{\s*{_NAME}(?:\.{_NAME})*\s*\}})*`")


def with_expire(text: str, statement: tuple[int, int], receiver: str, tail: str, key: str, ttl: int) -> tuple[Edit, ...] | None:
    """`await r.incr(k);` -> `await r.multi().incr(k).expire(k, ttl).exec();` (MULTI/EXEC in
    ioredis and node-redis alike): the key never exists without its TTL."""
    start, end = statement
    if _alone(text, start, end) is None or not _PLAIN_KEY.fullmatch(key):
        return None
    if not re.fullmatch(rf"await\s+{re.escape(receiver)}\s*\.\s*{re.escape(tail)}\s*;?", text[start:end]):
        return None
    return (Edit(start, end, f"await {receiver}.multi().{tail}.expire({key}, {ttl}).exec();"),)


_INCRBY = {"ioredis": "incrby", "node-redis": "incrBy"}


def counter(text: str, read: tuple[int, int], write: tuple[int, int], receiver: str, scope_end: int, library: str | None) -> tuple[Edit, ...] | None:
    """`const n = Number(await r.get(k));` then `await r.set(k, n + step);` ->
    `await r.incrby(k, step);`, when `n` is not read after them."""
    if library not in _INCRBY or _alone(text, read[0], read[1]) is None or _alone(text, write[0], write[1]) is None:
        return None
    if text[read[1] : write[0]].strip():
        return None
    r = re.escape(receiver)
    got = re.fullmatch(rf"(?:const|let|var)\s+({_NAME})\s*=\s*(?:Number|parseInt)\(\s*await\s+{r}\.get\((.+?)\)\s*\)\s*;?", text[read[0] : read[1]])
    if got is None:
        return None
    name, key = got.groups()
    put = re.fullmatch(rf"await\s+{r}\.set\(\s*(.+?)\s*,\s*{re.escape(name)}\s*\+\s*({_NAME}|\d+)\s*\)\s*;?", text[write[0] : write[1]])
    if put is None or put.group(1) != key.strip() or re.search(rf"(?<![\w$.]){re.escape(name)}(?![\w$])", text[write[1] : scope_end]):
        return None
    return (Edit(read[0], write[1], f"await {receiver}.{_INCRBY[library]}({key.strip()}, {put.group(2)});"),)


# A whole-collection read gathered from its SCAN pages: {seen} a fresh name, {name} the variable.
_FROM_PAGES = {
    ("ioredis", "SMEMBERS"): (
        "const {seen} = new Set();\n{indent}"
        "for await (const page of {receiver}.sscanStream({key}, {{ count: {count} }})) for (const member of page) {seen}.add(member);\n{indent}"
        "{keyword} {name} = [...{seen}];"
    ),
    ("ioredis", "HGETALL"): (
        "{keyword} {name} = {{}};\n{indent}"
        "for await (const page of {receiver}.hscanStream({key}, {{ count: {count} }})) "
        "for (let i = 0; i < page.length; i += 2) {name}[page[i]] = page[i + 1];"
    ),
    ("node-redis", "SMEMBERS"): (
        "const {seen} = new Set();\n{indent}"
        "for await (const member of {receiver}.sScanIterator({key}, {{ COUNT: {count} }})) {seen}.add(member);\n{indent}"
        "{keyword} {name} = [...{seen}];"
    ),
    ("node-redis", "HGETALL"): (
        "{keyword} {name} = {{}};\n{indent}"
        "for await (const {{ field, value }} of {receiver}.hScanIterator({key}, {{ COUNT: {count} }})) {name}[field] = value;"
    ),
}


def from_pages(text: str, statement: tuple[int, int], call_text: str, receiver: str, key: str, command: str, library: str | None) -> tuple[Edit, ...] | None:
    """`const m = await r.smembers(k);` -> the same members gathered from SSCAN pages
    (duplicates dropped, as SMEMBERS has none); `hgetall` -> the same object from HSCAN."""
    template = _FROM_PAGES.get((library or "", command))
    start, end = statement
    indent = _alone(text, start, end)
    got = re.fullmatch(rf"(const|let|var)\s+({_NAME})\s*=\s*await\s+{re.escape(call_text)}\s*;?", text[start:end])
    if template is None or indent is None or got is None or got.group(2) in ("page", "member", "field", "value", "i"):
        return None
    keyword, name = got.groups()
    # Named after the variable: two reads in one function never declare the same name.
    seen = next((n for n in (f"{name}Seen", f"{name}Scanned") if not re.search(rf"(?<![\w$]){n}(?![\w$])", text)), None)
    if seen is None:
        return None
    filled = template.format(seen=seen, indent=indent, receiver=receiver, key=key, count=BATCH_SIZE, keyword=keyword, name=name)
    return (Edit(start, end, filled),)
