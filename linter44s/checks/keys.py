"""RDS5xx: key names.  The guide asks for `type:id:field` names."""

from __future__ import annotations

import re
from collections.abc import Iterator

from linter44s.checks import Context, check
from linter44s.checks._util import suggestion, unsafe
from linter44s.diagnostics import Edit, Finding
from linter44s.facts import CommandCall, FileFacts, KeyExpr
from linter44s.patterns import UserPattern, compile_user

HOLE = "{}"
# What the guide's bad names have in common: an id run into a word
# (`u123`, `ratelimit456`), or camelCase words (`featuredProducts`).
_ID_RUN_IN = re.compile(r"[A-Za-z]\d")
_CAMEL = re.compile(r"[a-z][A-Z]")
_SEGMENT_CASE = re.compile(r"[A-Z]|\s")


def template(key: KeyExpr) -> str | None:
    """The key with holes as `{}`; a leading hole (a namespace prefix) is dropped.
    None when nothing of it is literal."""
    parts = list(key.parts)
    while parts and parts[0] is None:
        parts.pop(0)
    if not any(isinstance(p, str) and p for p in parts):
        return None
    return "".join(HOLE if p is None else p.replace("{", "(").replace("}", ")") for p in parts)


def _has_hash_tag(key: KeyExpr) -> bool:
    return any(isinstance(p, str) and re.search(r"\{[^{}]+\}", p) for p in key.parts)


def _keys_of(facts: FileFacts) -> Iterator[tuple[CommandCall, KeyExpr]]:
    for call in facts.calls:
        for key in call.keys:
            yield call, key


def full_template(key: KeyExpr) -> str:
    return "".join(HOLE if p is None else p.replace("{", "(").replace("}", ")") for p in key.parts)


def is_flat(key: KeyExpr, pattern: UserPattern) -> bool:
    shape = template(key)
    if shape is None or _has_hash_tag(key) or pattern.fullmatch(shape) or pattern.fullmatch(full_template(key)):
        return False
    if HOLE in shape:
        return True  # a literal run straight into an id with no `:`
    return bool(_ID_RUN_IN.search(shape) or _CAMEL.search(shape)) and ":" not in shape


def _proposal(key: KeyExpr) -> str:
    shape = template(key) or ""
    proposed = re.sub(r"[_.\-/]?\{\}", ":{}", shape)
    proposed = re.sub(r"([a-z])([A-Z])", r"\1:\2", proposed).lower() if HOLE not in shape else proposed
    proposed = re.sub(r"([A-Za-z])(\d)", r"\1:\2", proposed)
    return proposed.lstrip(":")


def _says_something(proposed: str) -> bool:
    """A proposal with a word in it: `{}` or `:{}` alone names nothing."""
    return any(ch.isalnum() for ch in proposed.replace(HOLE, ""))


@check("RDS501")
def flat_key_name(facts: FileFacts, ctx: Context) -> Iterator[Finding]:
    pattern = compile_user(ctx.settings.key_pattern)  # the user's: linear time (patterns.py)
    seen: set[tuple[int, int]] = set()
    for call, key in _keys_of(facts):
        if not is_flat(key, pattern):
            continue
        span = key.literal_span or key.span
        if (span.start, span.end) in seen:
            continue
        seen.add((span.start, span.end))
        first = key.parts[0] if key.parts else None
        proposed = _proposal(key)
        if key.join_offset is not None and isinstance(first, str) and first[-1:].isalnum() and not key.via_variable:
            fix = unsafe(
                "Add `:` between the key's type and its id (existing keys keep the old name)",
                (Edit(key.join_offset, key.join_offset, ":"),),
            )
        elif _says_something(proposed):
            fix = suggestion(f"Name keys `type:id:field`, here something like `{proposed}`")
        else:
            fix = suggestion("Name keys `type:id:field`, joining their parts with `:`")
        advice = f"use a hierarchical name such as `{proposed}`" if _says_something(proposed) else "join its parts with `:`"
        yield Finding(
            "RDS501",
            f"Flat key name `{template(key)}`: {advice}",
            span,
            call.stmt_line,
            fix,
        )


@check("RDS502")
def key_segment_case(facts: FileFacts, ctx: Context) -> Iterator[Finding]:
    seen: set[tuple[int, int]] = set()
    for call, key in _keys_of(facts):
        shape = template(key)
        if shape is None:
            continue
        bad = [s for s in shape.split(":") if s and s != HOLE and _SEGMENT_CASE.search(s.replace(HOLE, ""))]
        if not bad:
            continue
        span = key.literal_span or key.span
        if (span.start, span.end) in seen:
            continue
        seen.add((span.start, span.end))
        fixed = [re.sub(r"\s+", "_", re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s)).lower() for s in bad]
        edits = _renamed_segments(ctx.syntax.text(span), span.start, dict(zip(bad, fixed, strict=True)))
        yield Finding(
            "RDS502",
            f"Key segment `{bad[0]}` has upper-case letters or spaces; keys are case-sensitive, so keep segments snake_case",
            span,
            call.stmt_line,
            unsafe(f"Write it as `{fixed[0]}` (existing keys keep the old name)", edits) if edits else suggestion(f"Write it as `{fixed[0]}`"),
        )


def _renamed_segments(source: str, offset: int, renames: dict[str, str]) -> tuple[Edit, ...] | None:
    """Each bad segment replaced where it stands in the literal, when it stands there
    once, whole (between `:`, quotes or the ends) and with no escapes around it."""
    edits = []
    for bad, good in renames.items():
        if HOLE in bad or "\\" in source:
            return None
        found = [m for m in re.finditer(re.escape(bad), source)
                 if source[m.start() - 1 : m.start()] in (":", "'", '"', "`", "") and source[m.end() : m.end() + 1] in (":", "'", '"', "`", "")]
        if len(found) != 1:
            return None
        edits.append(Edit(offset + found[0].start(), offset + found[0].end(), good))
    return tuple(edits) or None
