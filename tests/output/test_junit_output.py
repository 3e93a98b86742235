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


def test_one_suite_a_case_per_file(result, options):
    root = parse(result, options)
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["app/cache.py", "broken.py", "my dir/café 100%.py"]
    assert len(cases[0].findall("failure")) == 4
    assert len(cases[2].findall("failure")) == 1
    (error,) = cases[1].findall("error")
    assert "unexpected indent" in error.get("message")
    assert suite.get("tests") == "3" and suite.get("failures") == "2" and suite.get("errors") == "1"


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
    names = [c.get("name") for c in root.iter("testcase")]
    assert names == ["x<&>.py", "y&.py"]


def test_empty_run_is_one_passing_case(empty, options):
    root = parse(empty, options)
    (case,) = root.iter("testcase")
    assert list(case) == []
    assert root.find("testsuite").get("failures") == "0"
