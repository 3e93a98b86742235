"""Small helpers shared by the checks."""

from __future__ import annotations

from collections.abc import Iterable

from linter44s import commands as table
from linter44s import profiles
from linter44s.diagnostics import Applicability, Edit, Finding, Fix
from linter44s.facts import CommandCall, Construction, FileFacts, Loop, ReceiverKind, Scope
from linter44s.profiles import CanonicalOption, Profile


def suggestion(message: str, edits: Iterable[Edit] | None = None) -> Fix:
    return Fix(Applicability.DISPLAY_ONLY, message, tuple(edits or ()))


def safe(message: str, edits: Iterable[Edit]) -> Fix:
    return Fix(Applicability.SAFE, message, tuple(edits))


def unsafe(message: str, edits: Iterable[Edit]) -> Fix:
    return Fix(Applicability.UNSAFE, message, tuple(edits))


def at_call(code: str, message: str, call: CommandCall, fix: Fix | None = None) -> Finding:
    return Finding(code, message, call.span, call.stmt_line, fix)


def option(call: CommandCall | Construction, *names: str):
    """The first option (keyword / option-object entry) of a call or construction with one of these names, any case."""
    wanted = {n.lower() for n in names}
    for opt in call.options:
        if opt.keyword and opt.keyword.lower() in wanted:
            return opt
    return None


def canonical_option(call: CommandCall | Construction, profile: Profile, *names: CanonicalOption):
    """The first option of a call or construction that is, in `profile`'s
    library, one of these canonical options (`stream_timeout` is coredis's
    `socket_timeout`)."""
    for opt in call.options:
        if opt.keyword and profile.canonical(opt.keyword) in names:
            return opt
    return None


def library_of(c: Construction, fallback: Profile) -> Profile:
    """A construction's own library (`coredis.Redis(...)`), else the file's."""
    return profiles.named(c.library) or fallback


def is_true(arg) -> bool:
    return arg is not None and not arg.is_none and not (arg.is_literal and not arg.literal)


def scope_of(facts: FileFacts, scope_id: int) -> Scope:
    return facts.scopes[scope_id] if scope_id < len(facts.scopes) else facts.scopes[0]


def in_handler(facts: FileFacts, scope_id: int) -> Scope | None:
    """The request handler this scope is (or is nested in), if any."""
    seen = set()
    current: int | None = scope_id
    while current is not None and current not in seen:
        seen.add(current)
        scope = scope_of(facts, current)
        if scope.is_handler:
            return scope
        if scope.kind == "function" and scope.name and not scope.name.startswith("<"):
            return None  # a named helper is its own unit; lambdas and callbacks inherit
        current = scope.parent
    return None


def loops_by_id(facts: FileFacts) -> dict[int, Loop]:
    return {loop.id: loop for loop in facts.loops}


def unbatched(call: CommandCall) -> bool:
    """A command that is its own round trip: on a client, not a pipeline, and
    not a client-side helper that sends nothing by itself (`r.lock(name)`)."""
    return call.receiver_kind is ReceiverKind.CLIENT and not table.has(call.command, table.CLIENT_SIDE)
