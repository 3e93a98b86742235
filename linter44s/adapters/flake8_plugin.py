"""flake8 plugin: the same engine and configuration as `linter44s check`.

Registered as the `RDS` extension, so `flake8 --select RDS` routes our
codes.  flake8 parses the file, applies `# noqa` and adds 1 to columns;
we read the source from `lines` (that is what flake8 read, stdin included)
and report character columns, not ast's UTF-8 byte offsets.

Settings come from the file's own linter44s config (`[tool.linter44s]` or
linter44s.toml); `--rds-*` options (or `rds-* =` in `[flake8]`) override.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

from linter44s import __version__
from linter44s.config import ConfigError, Settings, resolve, settings_from_table

# Reported when linter44s cannot check a file (or its config is broken):
# flake8 needs a code with our prefix to route the message.
NOT_CHECKED = "RDS000"

# flake8 option -> linter44s config key
_OPTIONS = {
    "rds_client_name_pattern": "client-name-pattern",
    "rds_default_ttl": "default-ttl",
    "rds_lock_ttl": "lock-ttl",
    "rds_pipeline_threshold": "pipeline-threshold",
    "rds_file_timeout": "file-timeout",
    "rds_baseline": "baseline",
}


@lru_cache(maxsize=256)
def _settings_for(folder: str, overrides: tuple[tuple[str, Any], ...]) -> Settings:
    base = resolve(None, Path(folder))
    if not overrides:
        return base
    return settings_from_table(dict(overrides), "flake8 options (--rds-*)", base)


class Flake8Plugin:
    name = "linter44s"
    version = __version__

    # Set once by flake8 (in every worker process too) from its options.
    _overrides: ClassVar[tuple[tuple[str, Any], ...]] = ()

    def __init__(self, tree: object, filename: str, lines: list[str]) -> None:
        # `tree` is asked for so flake8 runs us only on files it could parse.
        self.filename = filename
        self.lines = lines

    @classmethod
    def add_options(cls, parser: Any) -> None:
        parser.add_option(
            "--rds-client-name-pattern",
            default=None,
            parse_from_config=True,
            help="linter44s: regex a receiver's name must match to count as a Redis client.",
        )
        parser.add_option(
            "--rds-default-ttl",
            type=int,
            default=None,
            parse_from_config=True,
            help="linter44s: TTL in seconds the fixes insert for keys without one.",
        )
        parser.add_option(
            "--rds-lock-ttl",
            type=int,
            default=None,
            parse_from_config=True,
            help="linter44s: TTL in seconds the fixes give lock keys.",
        )
        parser.add_option(
            "--rds-pipeline-threshold",
            type=int,
            default=None,
            parse_from_config=True,
            help="linter44s: how many commands in a row call for a pipeline.",
        )

        parser.add_option(
            "--rds-baseline",
            default=None,
            parse_from_config=True,
            help="linter44s: report only findings this baseline file does not hold (default: `baseline` in the linter44s configuration).",
        )
        parser.add_option(
            "--rds-file-timeout",
            type=float,
            default=None,
            parse_from_config=True,
            help="linter44s: seconds one file may take before it is reported as not checked (default 10).",
        )

    @classmethod
    def parse_options(cls, options: argparse.Namespace) -> None:
        cls._overrides = tuple(
            (key, getattr(options, attr))
            for attr, key in _OPTIONS.items()
            if getattr(options, attr, None) not in (None, "")
        )

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        from linter44s.alone import lint_in_project  # the engine loads the rule catalog: only when used
        from linter44s.baseline import BaselineError, configured, hide_known

        path = self.filename
        try:
            settings = _settings_for(str(Path(path).parent), self._overrides)
        except ConfigError as exc:
            yield 1, 0, f"{NOT_CHECKED} linter44s configuration error: {exc}", type(self)
            return
        # flake8 only hands us Python, whatever the file is called (stdin, .pyi).
        # Under the file's time budget: a pathological file is one RDS000 line, never a hung hook.
        text = "".join(self.lines)
        # What it imports from the project is read from the project index, kept for the rest of the run.
        report = lint_in_project(text, path, settings, keep=True, language="python")
        if report.error is not None:
            error = report.error
            yield max(error.line, 1), max(error.col - 1, 0), f"{NOT_CHECKED} linter44s could not check this file: {error.message}", type(self)
        diagnostics = list(report.diagnostics)
        baseline = dict(self._overrides).get("baseline") or configured(settings.root, settings.baseline)
        if baseline is not None:
            try:
                diagnostics = hide_known(diagnostics, str(baseline), text)
            except BaselineError as exc:
                yield 1, 0, f"{NOT_CHECKED} linter44s baseline error: {exc}", type(self)
                return
        for diag in diagnostics:
            message = " ".join(diag.message.split())  # flake8 prints one line per finding
            yield diag.span.line, diag.span.col - 1, f"{diag.code} {message}", type(self)
