"""The FixSyntax of JavaScript: the few edits that are plain text changes.

Most JavaScript fixes are suggestions; these are the ones a check may turn
into an edit: add an expiry option, put `await` before a call, fold an
`expire` into the `set` before it."""

from __future__ import annotations

from linter44s.diagnostics import Edit
from linter44s.facts import CommandCall, Loop, Span
from linter44s.javascript.rewrites import batched, hoist, statements
from linter44s.profiles.node_redis import is_v3_style


class JsFixSyntax:
    def __init__(self, text: str, libraries: dict[int, str | None], statements: dict[int, tuple[int, int]]) -> None:
        self._text = text
        self._libraries = libraries  # call span start -> "ioredis" | "node-redis" | None
        self._v3: bool | None = None  # is the file in node-redis v3's style? asked only when an edit is
        self._statements = statements  # statement id -> (start, end) offsets

    def _library(self, call: CommandCall) -> str | None:
        """The API an edit of this call is written in; none for node-redis v3's
        callbacks, since every node-redis edit is written in v4's API."""
        library = self._libraries.get(call.span.start)
        if library == "node-redis":
            if self._v3 is None:
                self._v3 = is_v3_style(self._text)
            if self._v3:
                return None
        return library

    def text(self, span: Span) -> str:
        return self._text[span.start : span.end]

    def replace(self, span: Span, text: str) -> tuple[Edit, ...]:
        return (Edit(span.start, span.end, text),)

    def insert_await(self, call: CommandCall) -> tuple[Edit, ...] | None:
        if call.awaited:
            return None
        return (Edit(call.span.start, call.span.start, "await "),)

    def add_option(self, call: CommandCall, name: str, value: str) -> tuple[Edit, ...] | None:
        """`set(k, v)` -> `set(k, v, 'EX', 60)` (ioredis) or `set(k, v, { EX: 60 })`
        (node-redis).  None when the call already has options or the client is
        unknown, or has any argument past key and value: after a callback
        (`set(k, v, cb)`, node-redis v3 and ioredis) or an options variable the
        option would be read as nothing or break the call."""
        if call.options or call.has_splat or len(call.args) != 2 or not self._text.startswith(")", call.span.end - 1):
            return None
        library = self._library(call)
        word = name.upper()
        if library == "ioredis":
            added = f", '{word}', {value}"
        elif library == "node-redis":
            added = f", {{ {word}: {value} }}"
        else:
            return None
        # After the last argument, not before `)`: a trailing comma (Prettier's
        # style) would otherwise give `body,, 'EX', 60`.
        at = call.args[-1].span.end if call.args else call.span.end - 1
        return (Edit(at, at, added),)

    def merge_expire(self, write: CommandCall, expire: CommandCall, option: str) -> tuple[Edit, ...] | None:
        if not expire.is_expression_statement or len(expire.args) < 2:
            return None
        added = self.add_option(write, option, expire.args[1].text)
        where = self._statements.get(expire.stmt)
        if added is None or where is None:
            return None
        start, end = where
        # Take the whole line when the statement is alone on it.
        line_start = self._text.rfind("\n", 0, start) + 1
        if not self._text[line_start:start].strip():
            newline = self._text.find("\n", end)
            if newline >= 0 and not self._text[end:newline].strip():
                start, end = line_start, newline + 1
        return (*added, Edit(start, end, ""))

    def keys_to_scan(self, call: CommandCall) -> tuple[Edit, ...] | None:
        """`const found = await r.keys(p);` -> `found` gathered from SCAN pages (see rewrites/)."""
        where = self._statements.get(call.stmt)
        if where is None or call.raw or len(call.args) != 1 or call.options or call.has_splat:
            return None
        receiver = self._text[call.span.start : call.method_span.start].rstrip().removesuffix(".").rstrip()
        return statements.keys_to_scan(
            self._text, where, self.text(call.span), receiver, call.args[0].text, self._library(call)
        )

    def pipeline_loop(self, loop: Loop, calls: list[CommandCall]) -> tuple[Edit, ...] | None:
        """A `for` loop whose commands are all `await r.cmd(...);` statements -> queued on one pipeline."""
        libraries = {self._library(c) for c in calls}
        if loop.kind != "for" or loop.is_async or len(libraries) != 1 or len({c.receiver for c in calls}) != 1:
            return None
        spots = []
        for c in calls:
            before = self._text[: c.span.start]
            awaited = before.rstrip()
            if not (c.is_expression_statement and c.awaited and awaited.endswith("await")):
                return None
            spots.append((len(awaited) - len("await"), c.span.start, c.method_span.start))
        return statements.pipeline_loop(self._text, (loop.span.start, loop.span.end), spots, calls[0].receiver, libraries.pop())

    def with_expire(self, call: CommandCall, ttl: int) -> tuple[Edit, ...] | None:
        """`await r.cmd(k, ...);` -> it and `expire(k, ttl)` in one MULTI/EXEC (see rewrites/)."""
        where = self._statements.get(call.stmt)
        if where is None or not call.is_expression_statement or not call.awaited or not call.args or call.has_splat:
            return None
        if self._library(call) not in ("ioredis", "node-redis"):
            return None
        tail = self._text[call.method_span.start : call.span.end]
        return statements.with_expire(self._text, where, call.receiver, tail, call.args[0].text, ttl)

    def counter(self, read: CommandCall, write: CommandCall, scope_end: int) -> tuple[Edit, ...] | None:
        """GET, add, SET back -> one INCRBY (see rewrites/)."""
        reading, writing = self._statements.get(read.stmt), self._statements.get(write.stmt)
        library = self._library(read)
        if reading is None or writing is None or library != self._library(write):
            return None
        return statements.counter(self._text, reading, writing, read.receiver, scope_end, library)

    def from_pages(self, call: CommandCall) -> tuple[Edit, ...] | None:
        """`const m = await r.smembers(k);` -> gathered from SCAN pages (see rewrites/)."""
        where = self._statements.get(call.stmt)
        if where is None or call.raw or len(call.args) != 1 or call.options or call.has_splat:
            return None
        receiver = self._text[call.span.start : call.method_span.start].rstrip().removesuffix(".").rstrip()
        library = self._library(call)
        return statements.from_pages(self._text, where, self.text(call.span), receiver, call.args[0].text, call.command, library)

    def pipeline_run(self, calls: list[CommandCall]) -> tuple[Edit, ...] | None:
        """A run of `await r.cmd(...);` statements -> one pipeline (see rewrites/)."""
        wheres = [self._statements.get(c.stmt) for c in calls]
        libraries = {self._library(c) for c in calls}
        if any(w is None for w in wheres) or len(libraries) != 1 or any(not c.is_expression_statement or not c.awaited for c in calls):
            return None
        parts = [(c.receiver, self._text[c.method_span.start : c.span.end]) for c in calls]
        return statements.pipeline_run(self._text, [w for w in wheres if w is not None], parts, libraries.pop())

    def batched_get(self, loop: Loop, call: CommandCall) -> tuple[Edit, ...] | None:
        """GET per item -> one MGET: in `Promise.all(ks.map(...))`, or a `for ... of`
        loop pushing each reply into an array declared just before it (see rewrites/)."""
        if call.command != "GET" or len(call.args) != 1 or call.options or call.has_splat or call.raw:
            return None
        library = self._library(call)
        where, key = (call.span.start, call.span.end), call.args[0].text
        if loop.kind == "callback" and not call.awaited:
            return batched.gathered(self._text, where, call.receiver, key, library)
        if loop.kind == "for" and call.awaited and not loop.is_async:
            return batched.pushed(self._text, loop.span.start, where, call.receiver, key, loop.iterable_text, library)
        return None

    def hoist_client(self, made: Span, handler: Span, name: str, reads: frozenset[str]) -> tuple[Edit, ...] | None:
        """`const r = new Redis(...)` in a request handler -> made once after the imports (see rewrites/)."""
        return hoist.hoist_client(self._text, (made.start, made.end), (handler.start, handler.end), name, reads)
