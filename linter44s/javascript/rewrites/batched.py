"""GETs of many keys, one per item, -> one MGET (RDS401), spelled for the library.

Two shapes only, where one batched command gives the same array in the same order:
`Promise.all(ks.map((k) => r.get(key)))` and a `for ... of` loop whose only
statement pushes each reply into an array declared just before it.  MGET with
no keys is an error in ioredis and node-redis alike, so an empty input sends
nothing and gives `[]`."""

from __future__ import annotations

import re

from linter44s.diagnostics import Edit

_NAME = r"[A-Za-z_$][\w$]*"
_PATH = rf"{_NAME}(?:\s*\.\s*{_NAME})*"
MGET = {"ioredis": "mget", "node-redis": "mGet"}

_GATHER = re.compile(
    rf"(?<![\w$.])Promise\s*\.\s*all\(\s*({_PATH})\s*\.\s*map\(\s*(?:\(\s*({_NAME})\s*\)|({_NAME}))\s*=>\s*$"
)


def gathered(text: str, call: tuple[int, int], receiver: str, key: str, library: str | None) -> tuple[Edit, ...] | None:
    """`Promise.all(ids.map((id) => r.get(`u:${id}`)))` ->
    `(ids.length ? r.mget(ids.map((id) => `u:${id}`)) : Promise.resolve([]))`.
    `ids` is a name or property path: reading it twice reads the same array."""
    start, end = call
    method = MGET.get(library or "")
    head = _GATHER.search(text, max(0, start - 400), start)  # lookbehind sees before the window
    tail = re.compile(r"\s*\)\s*\)").match(text, end)
    if method is None or head is None or tail is None:
        return None
    items, param = head.group(1), head.group(2) or head.group(3)
    keys = items if key.strip() == param else f"{items}.map(({param}) => {key.strip()})"
    begin = head.start()
    return (Edit(begin, tail.end(), f"({items}.length ? {receiver}.{method}({keys}) : Promise.resolve([]))"),)


_DECLARED = re.compile(rf"(?:^|(?<=[;{{}}\n]))([ \t]*)(const|let|var)\s+({_NAME})(\s*:\s*[^=;\n]+?)?\s*=\s*\[\s*\]\s*;?\s*$")
_HEAD = re.compile(rf"for\s*\(\s*(?:const|let)\s+({_NAME})\s+of\s+")


def pushed(text: str, loop_start: int, call: tuple[int, int], receiver: str, key: str, iterable: str, library: str | None) -> tuple[Edit, ...] | None:
    """`const out = []; for (const k of ks) { out.push(await r.get(key)); }` ->
    `const outKeys = Array.from(ks, (k) => key);` and
    `const out = outKeys.length ? await r.mget(outKeys) : [];`."""
    method = MGET.get(library or "")
    declared = _DECLARED.search(text, max(0, loop_start - 300), loop_start)
    head = _HEAD.match(text, loop_start)
    if method is None or declared is None or head is None or not iterable.strip():
        return None
    indent, keyword, name, annotation = declared.groups()
    item = head.group(1)
    of = re.compile(rf"{re.escape(iterable.strip())}\s*\)\s*(\{{)?\s*{re.escape(name)}\s*\.\s*push\(\s*await\s+$")
    body = of.match(text[: call[0]], head.end())
    if body is None:
        return None
    close = r"\s*\)\s*;?\s*\}" if body.group(1) else r"\s*\)\s*;?"
    after = re.compile(close).match(text, call[1])
    keys = next((n for n in (f"{name}Keys", f"{name}KeyList") if not re.search(rf"(?<![\w$]){re.escape(n)}(?![\w$])", text)), None)
    if after is None or keys is None:
        return None
    begin = declared.start(2)
    mapped = "" if key.strip() == item else f", ({item}) => {key.strip()}"
    spelled = (
        f"const {keys} = Array.from({iterable.strip()}{mapped});\n{indent}"
        f"{keyword} {name}{annotation or ''} = {keys}.length ? await {receiver}.{method}({keys}) : [];"
    )
    return (Edit(begin, after.end(), spelled),)
