"""SARIF: valid against the 2.1.0 schema, plus what the schema does not check."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest
from output_samples import APP, APP_PATH, ODD_PATH, diag, make_result, span_of

from linter44s.diagnostics import FileError, RunResult
from linter44s.output import RenderOptions
from linter44s.output.sarif import render

SCHEMA = json.loads((Path(__file__).parent.parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def sarif(result: RunResult, options: RenderOptions) -> dict:
    out = io.StringIO()
    render(result, out, options)
    return json.loads(out.getvalue())


def results_of(log: dict) -> list[dict]:
    return log["runs"][0]["results"]


def test_valid_against_schema(result, options):
    log = sarif(result, options)
    jsonschema.validate(log, SCHEMA)
    assert log["version"] == "2.1.0"
    assert len(results_of(log)) == len(result.diagnostics)


def test_empty_result_is_valid(empty, options):
    log = sarif(empty, options)
    jsonschema.validate(log, SCHEMA)
    run = log["runs"][0]
    assert run["results"] == []
    assert run["invocations"] == [{"executionSuccessful": True}]


def test_driver_and_rules(result, options):
    driver = sarif(result, options)["runs"][0]["tool"]["driver"]
    assert driver["name"] == "linter44s"
    assert driver["version"] and driver["informationUri"].startswith("https://")
    ids = [rule["id"] for rule in driver["rules"]]
    assert len(ids) == len(set(ids))
    for code in {d.code for d in result.diagnostics}:
        rule = driver["rules"][ids.index(code)]
        for key in ("shortDescription", "fullDescription"):
            assert rule[key]["text"]
        assert rule["help"]["text"]
        assert rule["helpUri"] in rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")


def test_results_point_at_their_rule(result, options):
    log = sarif(result, options)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for entry, d in zip(results_of(log), result.diagnostics):
        assert entry["ruleId"] == d.code
        assert rules[entry["ruleIndex"]]["id"] == d.code
        assert entry["level"] == levels[d.level]
        assert entry["message"]["text"] == d.message


def test_regions_have_all_four_fields(result, options):
    for entry, d in zip(results_of(sarif(result, options)), result.diagnostics):
        (location,) = entry["locations"]
        region = location["physicalLocation"]["region"]
        assert region == {
            "startLine": d.span.line,
            "startColumn": d.span.col,
            "endLine": d.span.end_line,
            "endColumn": d.span.end_col,
        }


def test_uris_relative_forward_slashes_percent_encoded(result, options):
    uris = {entry["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for entry in results_of(sarif(result, options))}
    assert uris == {"app/cache.py", "my%20dir/caf%C3%A9%20100%25.py"}
    for entry in results_of(sarif(result, options)):
        artifact = entry["locations"][0]["physicalLocation"]["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert "\\" not in artifact["uri"] and not artifact["uri"].startswith("/")


def test_absolute_paths_under_cwd_become_relative(project, options):
    absolute = str(project / APP_PATH)
    d = diag("RDS101", absolute, span_of(APP, "r.keys('user:*')"), "error")
    (entry,) = results_of(sarif(RunResult([d], []), options))
    assert entry["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "app/cache.py"


def test_srcroot_is_declared(options, result):
    base = sarif(result, options)["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base.startswith("file://") and base.endswith("/")


def test_fingerprints_stable_and_distinct(result, options, project):
    first = [e["partialFingerprints"]["primaryLocationLineHash"] for e in results_of(sarif(result, options))]
    again = [e["partialFingerprints"]["primaryLocationLineHash"] for e in results_of(sarif(make_result(), options))]
    assert first == again
    assert len(set(first)) == len(first)
    # The two RDS101 findings sit on identical lines: same hash, other occurrence.
    keys = [fp for fp, d in zip(first, result.diagnostics) if d.code == "RDS101"]
    assert keys[0].split(":")[0] == keys[1].split(":")[0]
    assert keys[0] != keys[1]


def test_fingerprint_survives_moving_lines(result, options, project):
    before = results_of(sarif(result, options))[2]["partialFingerprints"]
    moved = "# a new comment on top\n" + APP
    (project / APP_PATH).write_text(moved, encoding="utf-8")
    d = diag("RDS201", APP_PATH, span_of(moved, "r.set('sess:1', 'x')"))
    (entry,) = results_of(sarif(RunResult([d], []), options))
    assert entry["partialFingerprints"] == before


def test_sources_option_wins_over_the_disk(result, project):
    from_disk = results_of(sarif(result, RenderOptions(cwd=str(project))))
    (project / APP_PATH).write_text("changed\n" * 10, encoding="utf-8")
    given = results_of(sarif(result, RenderOptions(cwd=str(project), sources={APP_PATH: APP})))
    assert [e["partialFingerprints"] for e in given] == [e["partialFingerprints"] for e in from_disk]


def test_fixes_are_replacements(result, options):
    entries = results_of(sarif(result, options))
    with_fix = [(e, d) for e, d in zip(entries, result.diagnostics) if d.fix is not None]
    assert with_fix
    for entry, d in with_fix:
        (fix,) = entry["fixes"]
        assert fix["description"]["text"] == d.fix.message
        (change,) = fix["artifactChanges"]
        (replacement,) = change["replacements"]
        edit = d.fix.edits[0]
        region = replacement["deletedRegion"]
        assert (region["charOffset"], region["charLength"]) == (edit.start, edit.end - edit.start)
        assert replacement["insertedContent"]["text"] == edit.content
        # The line/column form agrees with the offsets.
        line_start = APP.rfind("\n", 0, edit.start) + 1
        assert region["startLine"] == APP.count("\n", 0, edit.start) + 1
        assert region["startColumn"] == edit.start - line_start + 1
    assert all("fixes" not in e for e, d in zip(entries, result.diagnostics) if d.fix is None)


def test_file_errors_are_notifications(options):
    result = RunResult([], [FileError("pkg/bad.py", "invalid syntax", 2, 7)])
    log = sarif(result, options)
    jsonschema.validate(log, SCHEMA)
    (invocation,) = log["runs"][0]["invocations"]
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and note["message"]["text"] == "invalid syntax"
    location = note["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "pkg/bad.py"
    assert location["region"] == {"startLine": 2, "startColumn": 7}


@pytest.mark.parametrize("path", [ODD_PATH, APP_PATH])
def test_missing_file_does_not_break(path, tmp_path):
    d = diag("RDS101", path, span_of(APP, "r.keys('user:*')"), "error")
    log = sarif(RunResult([d], []), RenderOptions(cwd=str(tmp_path)))
    jsonschema.validate(log, SCHEMA)
    assert results_of(log)[0]["partialFingerprints"]["primaryLocationLineHash"]
