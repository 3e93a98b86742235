"""The lines after the findings, in ruff's words ("Found 3 errors." /
"[*] 2 fixable with `--fix`." / "1 hidden fix can be enabled with
`--unsafe-fixes`."), and the per-rule statistics every format shares."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from linter44s.diagnostics import RunResult
from linter44s.fixer import applicable


def _n(count: int, word: str, plural: str = "") -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def summary_lines(result: RunResult, unsafe_fixes: bool = False) -> list[str]:
    n = len(result.diagnostics)
    lines: list[str] = []
    if n == 0 and not result.errors and not result.fixes_applied:
        lines.append(f"All checks passed ({_n(result.files_checked, 'file')} checked).")
    else:
        fixed = result.fixes_applied
        found = f"Found {_n(n + fixed, 'error')} ({fixed} fixed, {n} remaining)." if fixed else f"Found {_n(n, 'error')}."
        if result.errors:
            found += f" {_n(len(result.errors), 'file')} could not be checked."
        lines.append(found)
        fixable = result.fixable_safe + (result.fixable_unsafe if unsafe_fixes else 0)
        if fixable:
            lines.append(f"[*] {fixable} fixable with `--fix`" + (" `--unsafe-fixes`." if unsafe_fixes and result.fixable_unsafe else "."))
        if result.fixable_unsafe and not unsafe_fixes:
            hidden = _n(result.fixable_unsafe, "hidden fix", "hidden fixes")
            lines.append(f"{hidden} can be enabled with `--unsafe-fixes`.")
    if result.baselined or result.baseline_stale:
        line = f"{_n(result.baselined, 'finding')} hidden by the baseline."
        if result.baseline_stale:
            stale = _n(result.baseline_stale, "baseline entry", "baseline entries")
            line += f" {stale} no longer occur{'s' * (result.baseline_stale == 1)} (write the baseline again to prune them)."
        lines.append(line)
    if result.files_skipped_minified:
        # Said aloud: a file skipped in silence could opt itself out of the checks.
        lines[0] += f" {_n(result.files_skipped_minified, 'file')} skipped as minified."
    return lines


@dataclass(frozen=True)
class Statistic:
    code: str
    name: str
    count: int
    fixable: bool  # with the fixes this run may apply (safe; unsafe too with --unsafe-fixes), as ruff marks [*]


def statistics(result: RunResult, unsafe_fixes: bool = False) -> list[Statistic]:
    counts = Counter((d.code, d.name) for d in result.diagnostics)
    fixable = {d.code for d in result.diagnostics if applicable(d.fix, unsafe_fixes)}
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
    return [Statistic(code, name, count, code in fixable) for (code, name), count in ordered]
