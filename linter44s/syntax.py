"""The small interface through which a check asks its frontend for an edit.

Checks are language-neutral: they decide *that* a fix applies; the
frontend knows how it is spelled.  Each method returns the edits, or None
when this language (or this particular piece of code) has no such edit.
"""

from __future__ import annotations

from typing import Protocol

from linter44s.diagnostics import Edit
from linter44s.facts import CommandCall, Loop, Span


class FixSyntax(Protocol):
    def add_option(self, call: CommandCall, name: str, value: str) -> tuple[Edit, ...] | None:
        """Add `name=value` (Python) / the option spelled for JS to the call."""

    def keys_to_scan(self, call: CommandCall) -> tuple[Edit, ...] | None:
        """Rewrite a KEYS call as the equivalent SCAN iteration."""

    def merge_expire(self, write: CommandCall, expire: CommandCall, option: str) -> tuple[Edit, ...] | None:
        """Fold `expire(k, ttl)` into the preceding `set(k, v)` as `ex=ttl`."""

    def pipeline_loop(self, loop: Loop, calls: list[CommandCall]) -> tuple[Edit, ...] | None:
        """A loop whose commands' replies are unused -> queued on one pipeline, sent after it."""

    def with_expire(self, call: CommandCall, ttl: int) -> tuple[Edit, ...] | None:
        """The command and `expire(key, ttl)` in one MULTI/EXEC."""

    def counter(self, read: CommandCall, write: CommandCall, scope_end: int) -> tuple[Edit, ...] | None:
        """GET, add, SET back of one key -> one INCRBY."""

    def from_pages(self, call: CommandCall) -> tuple[Edit, ...] | None:
        """A whole-collection read into a variable -> the same value gathered from SCAN pages."""

    def pipeline_run(self, calls: list[CommandCall]) -> tuple[Edit, ...] | None:
        """A run of statements each sending one command, replies unused -> one pipeline."""

    def batched_get(self, loop: Loop, call: CommandCall) -> tuple[Edit, ...] | None:
        """GETs gathered or collected into an array, one per item -> one MGET."""

    def hoist_client(self, made: Span, handler: Span, name: str, reads: frozenset[str]) -> tuple[Edit, ...] | None:
        """A client built in a request handler -> built once after the imports, its closing call gone."""

    def insert_await(self, call: CommandCall) -> tuple[Edit, ...] | None:
        """Put `await ` before the call."""

    def replace(self, span: Span, text: str) -> tuple[Edit, ...]:
        """Replace a span outright."""

    def text(self, span: Span) -> str:
        """The source text of a span."""
