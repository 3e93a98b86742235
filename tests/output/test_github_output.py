"""GitHub workflow commands: shape and escaping."""

from __future__ import annotations

import io

from output_samples import APP, diag, span_of

from linter44s.diagnostics import FileError, RunResult
from linter44s.facts import Span
from linter44s.output import RenderOptions
from linter44s.output.github import escape_data, escape_property, render


def lines(result: RunResult, options: RenderOptions) -> list[str]:
    out = io.StringIO()
    render(result, out, options)
    return out.getvalue().splitlines()


def test_one_line_per_finding(result, options):
    out = lines(result, options)
    assert len(out) == len(result.diagnostics) + len(result.errors)
    assert out[1] == (
        "::error file=app/cache.py,line=4,col=8,endLine=4,endColumn=24,"
        "title=RDS101 (keys-command)::`KEYS` blocks the server: use SCAN"
    )


def test_levels(result, options):
    kinds = [line.split(" ", 1)[0] for line in lines(result, options)]
    assert kinds == ["::error", "::error", "::error", "::warning", "::notice", "::error"]


def test_multi_line_span_omits_columns(result, options):
    (notice,) = [line for line in lines(result, options) if line.startswith("::notice")]
    assert notice.startswith("::notice file=app/cache.py,line=7,endLine=8,title=")
    assert "col=" not in notice and "endColumn=" not in notice


def test_message_escaping():
    assert escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"


def test_property_escaping():
    assert escape_property("a:b,c%d\re\nf") == "a%3Ab%2Cc%25d%0De%0Af"


def test_escaping_in_output(options):
    span = Span(1, 1, 1, 5, 0, 4)
    d = diag("RDS101", "odd,dir/a:b%.py", span, "error", "50% of keys:\nall, really")
    (line,) = lines(RunResult([d], []), options)
    assert line == (
        "::error file=odd%2Cdir/a%3Ab%25.py,line=1,col=1,endLine=1,endColumn=5,"
        "title=RDS101 (keys-command)::50%25 of keys:%0Aall, really"
    )
    # Exactly one `::` separates the properties from the message.
    assert line[2:].count("::") == 1


def test_file_errors_are_errors(options):
    out = lines(RunResult([], [FileError("bad.py", "invalid syntax, line 3", 3, 1)]), options)
    assert out == ["::error file=bad.py,line=3,col=1,title=linter44s (file not checked)::invalid syntax, line 3"]


def test_empty(empty, options):
    assert lines(empty, options) == []


def test_absolute_path_made_relative(project, options):
    d = diag("RDS101", str(project / "app" / "cache.py"), span_of(APP, "r.keys"), "error")
    (line,) = lines(RunResult([d], []), options)
    assert "file=app/cache.py," in line
