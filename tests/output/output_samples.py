"""RunResults built from real Diagnostic objects for the renderer tests."""

from __future__ import annotations

from linter44s.diagnostics import Applicability, Diagnostic, Edit, FileError, Fix, RunResult
from linter44s.facts import Span

APP = (
    "import redis\n"
    "\n"
    "r = redis.Redis()\n"
    "keys = r.keys('user:*')\n"
    "keys = r.keys('user:*')\n"
    "r.set('sess:1', 'x')  # 𝄞 café\n"
    "r.pipeline(\n"
    "    transaction=False)\n"
)
ODD = "import redis\nr = redis.Redis()\nr.flushall()\n"
APP_PATH = "app/cache.py"
ODD_PATH = "my dir/café 100%.py"


def span_of(text: str, needle: str, nth: int = 0) -> Span:
    """The Span of the nth occurrence of needle: 1-based char columns, end exclusive."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    end = start + len(needle)

    def pos(offset: int) -> tuple[int, int]:
        line = text.count("\n", 0, offset) + 1
        return line, offset - (text.rfind("\n", 0, offset) + 1) + 1

    (line, col), (end_line, end_col) = pos(start), pos(end)
    return Span(line, col, end_line, end_col, start, end)


def diag(code: str, path: str, span: Span, level: str = "warning", message: str = "", fix: Fix | None = None) -> Diagnostic:
    return Diagnostic(
        code=code,
        name={"RDS101": "keys-command", "RDS102": "flush-command", "RDS201": "missing-ttl"}.get(code, "some-rule"),
        level=level,
        message=message or f"{code} says: something is wrong here",
        path=path,
        span=span,
        fix=fix,
        url=f"https://github.com/linter44s/linter44s/blob/main/docs/rules/{code}.md",
    )


def make_result() -> RunResult:
    keys_fix = Fix(Applicability.UNSAFE, "Use `scan_iter`", (Edit(APP.index("r.keys"), APP.index("r.keys") + 6, "r.scan_iter"),))
    set_span = span_of(APP, "r.set('sess:1', 'x')")
    ttl_fix = Fix(Applicability.SAFE, "Add `ex=3600`", (Edit(set_span.end - 1, set_span.end - 1, ", ex=3600"),))
    diagnostics = [
        diag("RDS101", APP_PATH, span_of(APP, "r.keys('user:*')", 0), "error", "`KEYS` blocks the server: use SCAN", keys_fix),
        diag("RDS101", APP_PATH, span_of(APP, "r.keys('user:*')", 1), "error", "`KEYS` blocks the server: use SCAN", keys_fix),
        diag("RDS201", APP_PATH, set_span, "warning", "`SET` of a `sess:` key without a TTL", ttl_fix),
        diag("RDS401", APP_PATH, span_of(APP, "r.pipeline(\n    transaction=False)"), "info", "multi-line, 100% odd: yes,\nreally"),
        diag("RDS102", ODD_PATH, span_of(ODD, "r.flushall()"), "error", "`FLUSHALL` wipes every key"),
    ]
    errors = [FileError("broken.py", "invalid syntax: unexpected indent", 3, 5)]
    return RunResult(diagnostics=sorted(diagnostics, key=lambda d: d.sort_key), errors=errors, files_checked=3,
                     fixable_safe=1, fixable_unsafe=2)
