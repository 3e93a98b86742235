"""`check --inspect-report`: what a live server showed (a saved `inspect
--output-format json`), joined to the static findings.

A finding on a key gets the runtime facts of the key's family (its TTL
share, its flags); a server-wide finding (KEYS, GET in a loop, a client per
request) gets the matching command or connection flag.  A finding whose rule
the server shows happening is raised one level.  Families that no write in
the checked code names are "written elsewhere".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from linter44s.config import Settings
from linter44s.diagnostics import Diagnostic, RunResult
from linter44s.facts import CommandCall, FileFacts, KeyExpr

_KEY_RULES = frozenset({"RDS201", "RDS501", "RDS104"})  # findings on a key: joined by family
_SERVER_RULES = frozenset({"RDS101", "RDS102", "RDS103", "RDS301", "RDS401"})  # joined by command or server flag
_LEVELS = ("info", "warning", "error")
_GAP = "\x00"  # a hole of a key template while it is shaped like a key
MAX_LISTED = 20  # families named in the "written elsewhere" note


class EvidenceError(Exception):
    """The report file cannot be used: one line."""


@dataclass(frozen=True)
class RuntimeFamily:
    shape: str
    keys: int
    no_ttl_share: float


@dataclass(frozen=True)
class RuntimeFlag:
    code: str
    subject: str  # a family shape, a command, or "server"
    message: str


@dataclass(frozen=True)
class Inspected:
    target: str
    families: tuple[RuntimeFamily, ...]
    flags: tuple[RuntimeFlag, ...]


def load_report(path: str) -> Inspected:
    """Read a saved `inspect --output-format json`, or say in one line why not."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise EvidenceError(f"--inspect-report {path}: cannot read it: {exc.strerror or exc}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise EvidenceError(f"--inspect-report {path}: not JSON ({exc}); save one with `linter44s inspect --output-format json`") from None
    try:
        if data.get("version") != 1:
            raise EvidenceError(f"--inspect-report {path}: report version {data.get('version')!r}, this linter44s reads version 1")
        families = tuple(RuntimeFamily(str(f["shape"]), int(f["keys"]), float(f["no_ttl_share"])) for f in data["families"])
        flags = tuple(RuntimeFlag(str(f["code"]), str(f["subject"]), str(f["message"])) for f in data["flags"])
        return Inspected(str(data["server"]["target"]), families, flags)
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise EvidenceError(f"--inspect-report {path}: not an inspect report (missing or bad {exc}); "
                            "save one with `linter44s inspect --output-format json`") from None


def template_pattern(key: KeyExpr, strict: bool = False) -> re.Pattern[str] | None:
    """The shapes a key template can take, as a regex over family shapes; None
    when too little of it is literal to name a family (`key`, f"{ns}:{id}").
    `strict`: a hole is one segment (no `:`), as it is in most keys."""
    from linter44s.inspect.families import family_of

    if sum(ch.isalnum() for p in key.parts if isinstance(p, str) for ch in p) < 2:
        return None
    shaped = family_of("".join(_GAP if p is None else p for p in key.parts))
    hole = "[^:]+" if strict else ".+"
    return re.compile(hole.join(re.escape(piece) for piece in shaped.split(_GAP)))


def _families_of(call: CommandCall, inspected: Inspected) -> list[RuntimeFamily]:
    """The families the call's keys are, a hole being one segment: `user:{}` is
    not `user:{}:profile` (evidence of another family is worse than none)."""
    patterns = [p for p in (template_pattern(k, strict=True) for k in call.keys) if p is not None]
    return [f for f in inspected.families if any(p.fullmatch(f.shape) for p in patterns)]


def _raise(level: str) -> str:
    return _LEVELS[min(_LEVELS.index(level) + 1, len(_LEVELS) - 1)] if level in _LEVELS else level


def _call_at(facts: FileFacts, d: Diagnostic) -> CommandCall | None:
    """The innermost command call whose span holds the finding."""
    holding = [c for c in facts.calls if c.span.start <= d.span.start < max(c.span.end, c.span.start + 1)
               or any(k.span.start <= d.span.start < k.span.end for k in c.keys)]
    return min(holding, key=lambda c: c.span.end - c.span.start, default=None)


def _key_evidence(d: Diagnostic, call: CommandCall, inspected: Inspected) -> tuple[list[str], bool]:
    notes: list[str] = []
    strong = False
    for family in _families_of(call, inspected):
        flags = [f for f in inspected.flags if f.code == d.code and f.subject == family.shape]
        if flags:
            notes.extend(f.message for f in flags)
            strong = True
        elif d.code == "RDS201" and family.no_ttl_share == 0:
            notes.append(f"`{family.shape}`: all {family.keys:,} sampled keys have a TTL")
    return notes, strong


def _server_evidence(d: Diagnostic, call: CommandCall | None, inspected: Inspected) -> list[str]:
    flags = [f for f in inspected.flags if f.code == d.code]
    if d.code in ("RDS101", "RDS102", "RDS103"):  # by command: MONITOR calls are no evidence for a DEBUG finding
        flags = [f for f in flags if call is not None and f.subject.split()[0] == call.command]
    return [f.message for f in flags]


def annotate(result: RunResult, inspected: Inspected, facts: dict[str, FileFacts]) -> RunResult:
    """The run's findings with the runtime evidence in their messages."""
    out: list[Diagnostic] = []
    for d in result.diagnostics:
        file_facts = facts.get(d.path)
        call = _call_at(file_facts, d) if file_facts is not None else None
        notes: list[str] = []
        strong = False
        if d.code in _KEY_RULES and call is not None:
            notes, strong = _key_evidence(d, call, inspected)
        elif d.code in _SERVER_RULES:
            notes = _server_evidence(d, call, inspected)
            strong = bool(notes)
        if notes:
            d = replace(d, message=f"{d.message} (runtime, {inspected.target}: {'; '.join(notes)})",
                        level=_raise(d.level) if strong else d.level)
        out.append(d)
    return replace(result, diagnostics=out)


def read_facts(paths: Iterable[str], settings: Settings) -> dict[str, FileFacts]:
    """The facts of each file that talks to Redis (the key templates come from them)."""
    from linter44s.engine import facts_of
    from linter44s.sources import read

    found: dict[str, FileFacts] = {}
    for path in paths:
        loaded = read(path)
        text = getattr(loaded, "text", None)
        facts = facts_of(text, path, settings) if text is not None else None
        if facts is not None:
            found[path] = facts
    return found


def written_elsewhere(inspected: Inspected, facts: Iterable[FileFacts]) -> tuple[list[RuntimeFamily], int]:
    """Families no write in the code names, and how many writes have keys too
    unknown to name a family (any of those may write them)."""
    from linter44s.commands import WRITE, has

    patterns: list[re.Pattern[str]] = []
    unknown = 0
    for file_facts in facts:
        for call in file_facts.calls:
            if not has(call.command, WRITE):
                continue
            for key in call.keys:
                pattern = template_pattern(key)
                if pattern is None:
                    unknown += 1
                else:
                    patterns.append(pattern)
    elsewhere = [f for f in inspected.families if not any(p.fullmatch(f.shape) for p in patterns)]
    return elsewhere, unknown


def elsewhere_note(report_path: str, families: list[RuntimeFamily], unknown: int) -> str | None:
    if not families:
        return None
    named = ", ".join(f"`{f.shape}` ({f.keys:,} {'key' if f.keys == 1 else 'keys'})" for f in families[:MAX_LISTED])
    more = f" and {len(families) - MAX_LISTED:,} more" if len(families) > MAX_LISTED else ""
    caveat = ""
    if unknown:
        caveat = "; 1 write builds its key elsewhere" if unknown == 1 else f"; {unknown:,} writes build their keys elsewhere"
        caveat += " and may write some of them"
    return (f"{len(families):,} key families in {report_path} are written elsewhere (no write in the checked code "
            f"names them): {named}{more}{caveat}")

