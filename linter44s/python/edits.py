"""Text edits for Python fixes, built from the spans the frontend recorded.

Every edit replaces source text with source text taken from the same file
(argument spellings, receivers), so comments and formatting outside the
replaced span are untouched.  The engine re-parses each fixed file and
drops fixes that would not parse.
"""

from __future__ import annotations

import re

from linter44s.diagnostics import Edit
from linter44s.facts import CommandCall, Loop, ReceiverKind, Span

# The whole-collection read as the same value built from its SCAN pages.
_FROM_PAGES = {
    "SMEMBERS": "set({head}sscan_iter({key}))",
    "HGETALL": "dict({head}hscan_iter({key}))",
    "HKEYS": "list(dict({head}hscan_iter({key})))",
    "HVALS": "list(dict({head}hscan_iter({key})).values())",
}


class PythonSyntax:
    def __init__(self, text: str, offset: int = 0) -> None:
        self.source = text

    def text(self, span: Span) -> str:
        return self.source[span.start : span.end]

    def replace(self, span: Span, text: str) -> tuple[Edit, ...]:
        return (Edit(span.start, span.end, text),)

    def _head(self, call: CommandCall) -> str:
        """`r.` of `r.keys(...)`: the receiver as written, with its dot."""
        return self.source[call.span.start : call.method_span.start]

    def add_option(self, call: CommandCall, name: str, value: str) -> tuple[Edit, ...] | None:
        if call.has_splat:
            return None
        for opt in call.options:
            if opt.keyword == name:  # `ex=None`: give it a value, never a second `ex=`
                return (Edit(opt.span.start, opt.span.end, value),)
        ends = [a.span.end for a in (*call.args, *call.options)]
        if ends:
            at = max(ends)
            return (Edit(at, at, f", {name}={value}"),)
        close = call.span.end - 1
        if self.source[close] != ")":
            return None
        return (Edit(close, close, f"{name}={value}"),)

    def keys_to_scan(self, call: CommandCall) -> tuple[Edit, ...] | None:
        if call.raw or call.receiver_kind is not ReceiverKind.CLIENT or len(call.args) > 1:
            return None
        pattern = call.args[0].text if call.args else next((o.text for o in call.options if o.keyword == "pattern"), None)
        if any(o.keyword not in ("pattern",) for o in call.options) or call.has_splat:
            return None
        match = "" if pattern in (None, "'*'", '"*"') else f"match={pattern}"
        scan = f"{self._head(call)}scan_iter({match})"
        if call.awaited:
            start = self._await_start(call)
            if start is None:
                return None
            return (Edit(start, call.span.end, f"[key async for key in {scan}]"),)
        if call.value_use == "iterated":
            return (Edit(call.span.start, call.span.end, scan),)
        return (Edit(call.span.start, call.span.end, f"list({scan})"),)

    def from_pages(self, call: CommandCall) -> tuple[Edit, ...] | None:
        """A whole-collection read -> the same value built from its SCAN pages."""
        if call.awaited or call.raw or call.receiver_kind is not ReceiverKind.CLIENT:
            return None
        if len(call.args) != 1 or call.options or call.has_splat or call.command not in _FROM_PAGES:
            return None
        built = _FROM_PAGES[call.command].format(head=self._head(call), key=call.args[0].text)
        return (Edit(call.span.start, call.span.end, built),)

    def _await_start(self, call: CommandCall) -> int | None:
        before = self.source[: call.span.start]
        m = re.search(r"\bawait\s+$", before)
        return m.start() if m else None

    def merge_expire(self, write: CommandCall, expire: CommandCall, option: str) -> tuple[Edit, ...] | None:
        if not expire.is_expression_statement or len(expire.args) < 2 or expire.options:
            return None
        added = self.add_option(write, option, expire.args[1].text)
        removed = self._delete_statement_line(expire)
        if added is None or removed is None:
            return None
        return (*added, removed)

    def _delete_statement_line(self, call: CommandCall) -> Edit | None:
        start = self._await_start(call) if call.awaited else call.span.start
        if start is None:
            return None
        line_start = self.source.rfind("\n", 0, start) + 1
        line_end_nl = self.source.find("\n", call.span.end)
        line_end = len(self.source) if line_end_nl == -1 else line_end_nl + 1
        if self.source[line_start:start].strip() or self.source[call.span.end : line_end].strip():
            return None  # shares its line with other code or a comment
        return Edit(line_start, line_end, "")

    def pipeline_loop(self, loop: Loop, calls: list[CommandCall]) -> tuple[Edit, ...] | None:
        return None  # Python loops are rewritten at fix time (python/rewrites/pipeline_loop.py)

    def with_expire(self, call: CommandCall, ttl: int) -> tuple[Edit, ...] | None:
        return None  # Python: built at fix time (python/rewrites/add_expire.py)

    def counter(self, read: CommandCall, write: CommandCall, scope_end: int) -> tuple[Edit, ...] | None:
        return None  # Python: built at fix time (python/rewrites/counter.py)


    def pipeline_run(self, calls: list[CommandCall]) -> tuple[Edit, ...] | None:
        return None  # Python runs are rewritten at fix time (python/rewrites/pipeline_run.py)

    def batched_get(self, loop: Loop, call: CommandCall) -> tuple[Edit, ...] | None:
        return None  # Python comprehensions are rewritten at fix time (python/rewrites/comprehension.py)

    def hoist_client(self, made: Span, handler: Span, name: str, reads: frozenset[str]) -> tuple[Edit, ...] | None:
        return None  # Python: built at fix time (python/rewrites/hoist.py)

    def insert_await(self, call: CommandCall) -> tuple[Edit, ...] | None:
        return (Edit(call.span.start, call.span.start, "await "),)
