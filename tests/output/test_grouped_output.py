"""Grouped output: a header per file, indented findings, a summary."""

from __future__ import annotations

import io

from linter44s.diagnostics import RunResult
from linter44s.output import RenderOptions
from linter44s.output.grouped import render


def text(result: RunResult, options: RenderOptions) -> str:
    out = io.StringIO()
    render(result, out, options)
    return out.getvalue()


def test_grouped(result, options):
    assert text(result, options) == (
        "app/cache.py:\n"
        "  4:8 RDS101 `KEYS` blocks the server: use SCAN\n"
        "  5:8 RDS101 `KEYS` blocks the server: use SCAN\n"
        "  6:1 RDS201 [*] `SET` of a `sess:` key without a TTL\n"
        "  7:1 RDS401 multi-line, 100% odd: yes,\n"
        "             really\n"
        "\n"
        "broken.py:\n"
        "  3:5 error: invalid syntax: unexpected indent\n"
        "\n"
        "my dir/café 100%.py:\n"
        "  3:1 RDS102 `FLUSHALL` wipes every key\n"
        "\n"
        "Found 5 errors. 1 file could not be checked.\n"
        "[*] 1 fixable with `--fix`.\n"
        "2 hidden fixes can be enabled with `--unsafe-fixes`.\n"
    )


def test_unsafe_fixes_marked_when_enabled(result, options):
    out = text(result, RenderOptions(cwd=options.cwd, unsafe_fixes=True))
    assert "  4:8 RDS101 [*] `KEYS`" in out


def test_color_only_when_asked(result, options):
    assert "\x1b[" not in text(result, options)
    assert "\x1b[" in text(result, RenderOptions(cwd=options.cwd, color=True))


def test_empty(empty, options):
    assert text(empty, options) == "All checks passed (0 files checked).\n"
