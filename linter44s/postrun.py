"""What a check run does with its findings before they are shown: the
baseline (hide the known, or record them) and `--add-noqa`.  The CLI calls
it; the engine knows nothing of either."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

import click

from linter44s.config import Settings
from linter44s.diagnostics import RunResult
from linter44s.fixer import applicable


@dataclass(frozen=True)
class Extras:
    baseline: str | None = None  # --baseline
    write_baseline: str | None = None
    add_noqa: bool = False
    unsafe_fixes: bool = False
    quiet: bool = False


class Texts:
    """Each checked file's text, read once (fingerprints need the flagged text)."""

    def __init__(self, given: dict[str, str] | None = None) -> None:
        self._texts: dict[str, str | None] = dict(given or {})

    def __call__(self, path: str) -> str | None:
        if path not in self._texts:
            from linter44s.sources import Source, read

            loaded = read(path)
            self._texts[path] = loaded.text if isinstance(loaded, Source) else None
        return self._texts[path]


def baseline_of(settings: Settings, extras: Extras) -> str | None:
    """--baseline, else `baseline` from the configuration (relative to its folder)."""
    if extras.baseline is not None:
        return extras.baseline
    if settings.baseline is None:
        return None
    return os.path.relpath(Path(settings.root) / settings.baseline)


def after_run(result: RunResult, settings: Settings, extras: Extras, texts: Texts | None = None) -> RunResult:
    """Raises BaselineError for a baseline that cannot be read or written."""
    if extras.add_noqa:
        return _add_noqa(result, extras)
    texts = texts or Texts()
    if extras.write_baseline is not None:
        return _write_baseline(result, extras.write_baseline, texts)
    file = baseline_of(settings, extras)
    if file is None:
        return result
    from linter44s import baseline  # here: most runs have none (json and fingerprints cost 5 ms to load)

    filtered = baseline.apply(result.diagnostics, baseline.load(file), file, texts)
    kept = filtered.diagnostics
    return replace(
        result,
        diagnostics=kept,
        fixable_safe=sum(1 for d in kept if applicable(d.fix, False)),
        fixable_unsafe=sum(1 for d in kept if applicable(d.fix, True) and not applicable(d.fix, False)),
        baselined=filtered.hidden,
        baseline_stale=filtered.stale,
    )


def _write_baseline(result: RunResult, path: str, texts: Texts) -> RunResult:
    from linter44s import baseline

    stale = 0
    if Path(path).is_file():
        try:
            stale = baseline.apply(result.diagnostics, baseline.load(path), path, texts).stale
        except baseline.BaselineError:
            stale = 0  # an unreadable old baseline is simply replaced
    n = baseline.write(path, result.diagnostics, texts)
    pruned = f" ({stale} stale entr{'ies' if stale != 1 else 'y'} pruned)" if stale else ""
    click.echo(f"Wrote {n} finding{'s' * (n != 1)} to the baseline {path}{pruned}.", err=True)
    return result


def _add_noqa(result: RunResult, extras: Extras) -> RunResult:
    from linter44s.addnoqa import add_noqa

    added = add_noqa(result.diagnostics)
    for error in added.errors:
        click.echo(f"{error.path}: error: {error.message}", err=True)
    n = added.directives
    message = f"Added {n} noqa directive{'s' * (n != 1)} in {added.files} file{'s' * (added.files != 1)}."
    if added.skipped:
        message += f" {added.skipped} finding{'s' * (added.skipped != 1)} sit on lines a comment cannot end (inside a string or after a backslash)."
    click.echo(message, err=True)
    return replace(result, errors=result.errors + list(added.errors))
