"""The `inspect` command's body: kept out of cli.py, which only parses options."""

from __future__ import annotations

import os
import sys

from linter44s.config import Settings

EXIT_OK, EXIT_BELOW, EXIT_ERROR = 0, 1, 2


def run_inspect(url: str | None, sample: int, budget: float, timeout: float, min_hit_rate: float | None,
                output_format: str, settings: Settings, ca_file: str | None = None) -> int:
    """Inspect the server, print the report; the exit code."""
    from linter44s.inspect.connect import InspectError, target_from
    from linter44s.inspect.render import render_json, render_text
    from linter44s.inspect.run import Limits, inspect_server
    from linter44s.patterns import compile_user

    try:
        target = target_from(url, ca_file)
        pattern = compile_user(settings.key_pattern)
        report, notes = inspect_server(target, Limits(sample, budget, timeout), pattern, settings.persistent_prefixes)
    except InspectError as exc:
        sys.stderr.write(f"linter44s: error: {exc}\n")
        return EXIT_ERROR
    for note in notes:
        sys.stderr.write(f"linter44s: note: {note}\n")
    if output_format == "json":
        render_json(report, sys.stdout)
    else:
        render_text(report, sys.stdout, color=sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    rate = report.traffic.hit_rate
    if min_hit_rate is None:
        return EXIT_OK
    if rate is None:
        sys.stderr.write("linter44s: note: no lookups yet, so no hit rate: --min-hit-rate passes\n")
        return EXIT_OK
    if rate < min_hit_rate:
        sys.stderr.write(f"linter44s: hit rate {rate:.1%} is below --min-hit-rate {min_hit_rate:.1%}\n")
        return EXIT_BELOW
    return EXIT_OK
