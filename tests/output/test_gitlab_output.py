"""GitLab Code Quality: shape, severities, unique and stable fingerprints."""

from __future__ import annotations

import io
import json

from output_samples import APP, APP_PATH, diag, make_result, span_of

from linter44s.diagnostics import FileError, RunResult
from linter44s.output import RenderOptions
from linter44s.output.gitlab import render


def report(result: RunResult, options: RenderOptions) -> list[dict]:
    out = io.StringIO()
    render(result, out, options)
    text = out.getvalue()
    assert not text.startswith("\ufeff")
    return json.loads(text)


def test_shape(result, options):
    issues = report(result, options)
    assert len(issues) == len(result.diagnostics) + len(result.errors)
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert isinstance(issue["location"]["lines"]["begin"], int)
        assert not issue["location"]["path"].startswith("/")
        assert len(issue["fingerprint"]) == 64
    first = issues[0]
    assert first["check_name"] == "RDS101"
    assert first["location"] == {"path": APP_PATH, "lines": {"begin": 4, "end": 4}}
    assert "RDS101" in first["description"] and "KEYS" in first["description"]


def test_severities(result, options):
    by_code = {i["check_name"]: i["severity"] for i in report(result, options)}
    assert by_code["RDS101"] == "critical"  # error
    assert by_code["RDS201"] == "major"  # warning
    assert by_code["RDS401"] == "minor"  # info


def test_fingerprints_unique_and_stable(result, options):
    first = [i["fingerprint"] for i in report(result, options)]
    assert len(first) == len(set(first))
    assert first == [i["fingerprint"] for i in report(make_result(), options)]


def test_same_line_twice_differs(options):
    span = span_of(APP, "r.keys('user:*')")
    twice = [diag("RDS101", APP_PATH, span, "error"), diag("RDS101", APP_PATH, span, "error")]
    a, b = report(RunResult(twice, []), options)
    assert a["fingerprint"] != b["fingerprint"]


def test_file_errors_reported(options):
    errors = [FileError("bad.py", "invalid syntax", 4), FileError("bad.py", "invalid syntax", 4)]
    issues = report(RunResult([], errors), options)
    assert [i["location"] for i in issues] == [{"path": "bad.py", "lines": {"begin": 4}}] * 2
    assert issues[0]["fingerprint"] != issues[1]["fingerprint"]


def test_empty(empty, options):
    assert report(empty, options) == []
