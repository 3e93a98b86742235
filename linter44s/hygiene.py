"""Which suppression comments did something: RDS001 unused-suppression and
RDS002 unknown-suppression-code, reported by the engine itself after the
checks ran (they have no check function)."""

from __future__ import annotations

from collections.abc import Sequence

from linter44s.diagnostics import Applicability, Finding, Fix
from linter44s.facts import CodeAt, Suppression
from linter44s.noqa import Language, covers, removal
from linter44s.span import Span

UNUSED = "RDS001"
UNKNOWN = "RDS002"
OWN = frozenset({UNUSED, UNKNOWN})


def named_codes(suppressions: Sequence[Suppression], known: frozenset[str]) -> frozenset[str]:
    """The rules a file's suppressions name: run so that their use can be judged."""
    from linter44s.registry import expand_selector

    named = {c.code for s in suppressions for c in s.listed if c.code.startswith("RDS")}
    return frozenset(code for c in named for code in expand_selector(c)) & known


def _covered(s: Suppression, finding: Finding) -> bool:
    return s.line <= finding.span.line <= s.end_line or s.line <= finding.anchor_line <= s.end_line


def apply(
    found: Sequence[Finding], suppressions: Sequence[Suppression], enabled: frozenset[str], text: str, language: Language,
    judge_use: bool = True,
) -> list[Finding]:
    """The findings of enabled rules no suppression covers, then RDS001/RDS002
    for the codes that suppressed nothing, when those rules are enabled."""
    used: set[tuple[int, str | None]] = set()  # (suppression, code as written; None: a bare noqa)
    kept: list[Finding] = []
    for finding in found:
        hits = [i for i, s in enumerate(suppressions) if _covered(s, finding) and covers(s, finding.code)]
        for i in hits:
            s = suppressions[i]
            used.update((i, c.code) for c in s.listed if finding.code.startswith(c.code))
            used.add((i, None))
        if not hits and finding.code in enabled:
            kept.append(finding)
    if not enabled & OWN:
        return kept
    dead = [f for f in _dead(suppressions, used, text, language, judge_use and UNUSED in enabled) if f.code in enabled]
    for finding in dead:
        if not any(_covered(s, finding) and s.codes is not None and covers(s, finding.code) for s in suppressions):
            kept.append(finding)
    return kept


def _dead(
    suppressions: Sequence[Suppression], used: set[tuple[int, str | None]], text: str, language: Language, judge_use: bool
) -> list[Finding]:
    from linter44s.registry import expand_selector

    out: list[Finding] = []
    seen: set[tuple[int, int]] = set()  # a JS range is one comment however many lines it covers
    for i, s in enumerate(suppressions):
        if (s.start, s.end) in seen or not s.listed:
            continue
        seen.add((s.start, s.end))
        same = [j for j, t in enumerate(suppressions) if (t.start, t.end) == (s.start, s.end)]
        ours = [c for c in s.listed if c.code.startswith("RDS") and c.code not in OWN]
        unknown = [c for c in ours if not expand_selector(c.code)]
        unused = [c for c in ours if judge_use and c not in unknown and not any((j, c.code) in used for j in same)]
        gone = frozenset(c.code for c in unknown + unused)
        for c in unknown:
            out.append(_finding(UNKNOWN, f"`{c.code}` is not a linter44s rule code (see `linter44s rules`)", c, s, text, gone, language))
        for c in unused:
            out.append(_finding(UNUSED, f"Unused suppression: no `{c.code}` finding here to silence", c, s, text, gone, language))
    return out


def _finding(code: str, message: str, at: CodeAt, s: Suppression, text: str, gone: frozenset[str], language: Language) -> Finding:
    line = text.count("\n", 0, at.start) + 1
    line_start = text.rfind("\n", 0, at.start) + 1
    span = Span(line, at.start - line_start + 1, line, at.end - line_start + 1, at.start, at.end)
    edit = removal(text, s, gone, language)
    what = "the suppression comment" if len(gone) == len(s.listed) else f"`{at.code}`"
    return Finding(code, message, span, line, Fix(Applicability.SAFE, f"Remove {what}", (edit,)))
