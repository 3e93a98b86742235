"""The CI formats through the real command line, on a small project."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
CACHE = 'import redis\n\nr = redis.Redis()\nnames = ["𝄞", r.keys("user:*")]\nnames = ["𝄞", r.keys("user:*")]\n'
BROKEN = "import redis\nr = redis.Redis(\n"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("formats")
    (root / "app dir").mkdir()
    (root / "app dir" / "cache.py").write_text(CACHE, encoding="utf-8")
    (root / "broken.py").write_text(BROKEN, encoding="utf-8")
    return root


def run(project: Path, fmt: str) -> str:
    path = os.environ.get("PYTHONPATH")
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{path}" if path else str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "linter44s", "check", "--no-cache", "--output-format", fmt, "."],
        cwd=project, check=False, capture_output=True, text=True, encoding="utf-8", env=env,
    )
    assert done.returncode == 1, done.stderr
    return done.stdout


def test_sarif(project):
    log = json.loads(run(project, "sarif"))
    jsonschema.validate(log, SCHEMA)
    run_ = log["runs"][0]
    results = [r for r in run_["results"] if r["ruleId"] == "RDS101"]
    assert len(results) == 2
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {"app%20dir/cache.py"}
    region = results[0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 4, "startColumn": 15, "endLine": 4, "endColumn": 31}
    hashes = [r["partialFingerprints"]["primaryLocationLineHash"] for r in results]
    assert hashes[0] != hashes[1] and hashes[0].split(":")[0] == hashes[1].split(":")[0]
    assert hashes == [r["partialFingerprints"]["primaryLocationLineHash"]
                      for r in json.loads(run(project, "sarif"))["runs"][0]["results"] if r["ruleId"] == "RDS101"]
    notes = run_["invocations"][0]["toolExecutionNotifications"]
    assert [n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in notes] == ["broken.py"]


def test_github(project):
    lines = run(project, "github").splitlines()
    assert any(line.startswith("::error file=broken.py,") for line in lines)
    assert any(line.startswith("::error file=app dir/cache.py,line=4,col=15,endLine=4,endColumn=31,title=RDS101") for line in lines)


def test_gitlab(project):
    issues = json.loads(run(project, "gitlab"))
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(fingerprints) == len(set(fingerprints))
    assert {i["location"]["path"] for i in issues} == {"app dir/cache.py", "broken.py"}


def test_junit(project):
    root = ET.fromstring(run(project, "junit").encode("utf-8"))
    cases = sorted((case.get("classname"), case.get("name")) for case in root.iter("testcase"))
    assert sorted({c for c, _ in cases}) == ["app dir/cache.py", "broken.py"]
    assert cases[0][1] == "RDS101 4:15" and cases[-1][1].startswith("file-error ")


def test_grouped(project):
    out = run(project, "grouped")
    assert "app dir/cache.py:\n" in out and "  4:15 RDS101" in out
