"""The text format stays small and fast on pathological files: a long line
is cut around the finding in its frame (as ruff does), and a file's lines
are split once, not once per finding."""

from __future__ import annotations

import subprocess
import sys

CALL = "r.keys('" + "k" * 60 + "'); "  # 73 characters: 4,000 of them make a 292 KB line


def test_findings_on_one_long_line_print_short_frames(project):
    project.write("app.py", "import redis\nr = redis.Redis()\n" + CALL * 4000 + "\n")
    result = project.run("check", "--no-cache", "--select", "RDS101", "app.py")
    out = result.stdout.decode()
    assert out.count(": RDS101 ") == 4000
    assert len(result.stdout) < 4000 * 800  # whole lines made it 376 MB
    frame_lines = [line for line in out.splitlines() if " | " in line]
    assert frame_lines and max(len(line) for line in frame_lines) <= 130
    # The finding stays in view, marked under its call.
    middle = out.index(f"app.py:3:{len(CALL) * 1999 + 1}:")  # the 2,000th call, far into the line
    source, carets = out[middle:].splitlines()[2:4]
    at = carets.index("^")
    assert source[at : at + 7] == "r.keys("
    assert source.startswith("3 | \u2026") and source.endswith("\u2026")


RENDER_MANY = """
import io, sys
from linter44s.diagnostics import Diagnostic, RunResult
from linter44s.output import RenderOptions
from linter44s.output.text import render
from linter44s.span import Span

n = int(sys.argv[1])
source = "r.keys('a')\\n" * n
diagnostics = [
    Diagnostic("RDS101", "keys-command", "error", "KEYS", "app.py", Span(i, 1, i, 12, 12 * (i - 1), 12 * i - 1), None, "u")
    for i in range(1, n + 1)
]
out = io.StringIO()
render(RunResult(diagnostics, []), out, RenderOptions(sources={"app.py": source}))
print(out.getvalue().count("^^^^^^^^^^^"))
"""


def test_many_findings_in_one_file_render_in_linear_time():
    """30,000 findings in a 30,000-line file: a split per finding made this
    quadratic (minutes); once per file it takes a few seconds."""
    result = subprocess.run([sys.executable, "-c", RENDER_MANY, "30000"], capture_output=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().strip() == "30000"
