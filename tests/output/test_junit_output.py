"""JUnit XML parses, and odd text survives the round trip."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

from output_samples import diag

from linter44s.diagnostics import FileError, RunResult
from linter44s.facts import Span
from linter44s.output import RenderOptions
from linter44s.output.junit import render


def parse(result: RunResult, options: RenderOptions) -> ET.Element:
    out = io.StringIO()
    render(result, out, options)
    text = out.getvalue()
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(text.encode("utf-8"))


def test_one_suite_a_case_per_finding(result, options):
    """As ruff and ESLint: classname is the file, name the code and position;
    the counts are the cases' (GitLab and Jenkins show one test per finding)."""
    root = parse(result, options)
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    expected = sorted(
        [(d.path, d.span.line, d.span.col, f"{d.code} {d.span.line}:{d.span.col}") for d in result.diagnostics]
        + [(e.path, e.line, e.col, f"file-error {e.line}:{e.col}") for e in result.errors]
    )
    assert [(c.get("classname"), c.get("name")) for c in cases] == [(p, name) for p, _, _, name in expected]
    assert all(len(c.findall("failure")) == 1 for c in cases if not c.get("name").startswith("file-error"))
    (error,) = [e for c in cases for e in c.findall("error")]
    assert "unexpected indent" in error.get("message")
    n = len(result.diagnostics)
    assert suite.get("tests") == str(n + 1) and suite.get("failures") == str(n) and suite.get("errors") == "1"
    assert root.get("tests") == suite.get("tests") and root.get("failures") == suite.get("failures")


def test_failure_text(result, options):
    root = parse(result, options)
    failure = root.find("testsuite/testcase/failure")
    assert failure.get("type") == "RDS101 (keys-command)"
    assert failure.text.startswith("app/cache.py:4:8: RDS101 `KEYS` blocks the server")


def test_escaping_round_trips(options):
    message = 'a <b> & "c" \'d\' ]]> \x00\x1b end'
    d = diag("RDS101", "x<&>.py", Span(1, 1, 1, 2, 0, 1), "error", message)
    root = parse(RunResult([d], [FileError("y&.py", "bad <thing>")]), options)
    failure = root.find("testsuite/testcase/failure")
    # Characters XML cannot hold become U+FFFD; everything else round-trips.
    assert failure.get("message") == "RDS101 " + message.replace("\x00", "\ufffd").replace("\x1b", "\ufffd")
    names = [c.get("classname") for c in root.iter("testcase")]
    assert names == ["x<&>.py", "y&.py"]


def test_empty_run_is_one_passing_case(empty, options):
    root = parse(empty, options)
    (case,) = root.iter("testcase")
    assert list(case) == []
    assert root.find("testsuite").get("failures") == "0"
