"""The baseline (issue 13, section 2): a finding's identity survives moving
code and adding lines; a second copy is new; stale entries are counted and
pruned; every output format, the configuration, flake8 and the language
server honour it; writing it never follows a planted symlink."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from linter44s.diagnostics import Diagnostic
from linter44s.fingerprint import enclosing, identity
from linter44s.span import Span

APP = """\
import redis

r = redis.Redis()


def purge():
    return r.keys("tmp:*")


def other():
    return 1
"""

MOVED = """\
import redis

# A new comment, and the functions in another order.
r = redis.Redis()


def other():
    return 1


class Nothing:
    pass


def purge():
    # and a line above the finding
    return r.keys("tmp:*")
"""

DUPLICATED = MOVED.replace('    return r.keys("tmp:*")\n', '    r.keys("tmp:*")\n    return r.keys("tmp:*")\n')


def _diag(text: str, needle: str, path: str = "app.py") -> Diagnostic:
    start = text.index(needle)
    line = text.count("\n", 0, start) + 1
    col = start - text.rfind("\n", 0, start)
    span = Span(line, col, line, col + len(needle), start, start + len(needle))
    return Diagnostic("RDS101", "keys-command", "error", "m", path, span, None, "u")


def test_identity_ignores_lines_and_keeps_the_function():
    before = identity(_diag(APP, 'r.keys("tmp:*")'), "app.py", APP)
    after = identity(_diag(MOVED, 'r.keys("tmp:*")'), "app.py", MOVED)
    assert before == after and before.function == "purge"
    assert identity(_diag(APP, 'r.keys("tmp:*")'), "other.py", APP) != before


def test_enclosing_names_python_and_javascript():
    py = "class Store:\n    async def load(self):\n        if x:\n            r.keys('a')\n"
    assert enclosing(py.split("\n"), 4, python=True) == "Store.load"
    js = "class Store {\n  async load() {\n    if (x) {\n      redis.keys('a');\n    }\n  }\n}\nconst f = async (a) => {\n  redis.keys('b');\n};\n"
    assert enclosing(js.split("\n"), 4, python=False) == "Store.load"
    assert enclosing(js.split("\n"), 9, python=False) == "f"


def _json(result: subprocess.CompletedProcess) -> list[dict]:
    return json.loads(result.stdout)


def test_a_new_user_s_road(project):
    project.write("app.py", APP)
    wrote = project.run("check", "--no-cache", "--write-baseline", ".linter44s-baseline.json")
    assert wrote.returncode == 0 and "Wrote 1 finding to the baseline" in wrote.stderr.decode()
    data = json.loads((project.folder / ".linter44s-baseline.json").read_text())
    assert [(e["code"], e["path"], e["function"], e["count"]) for e in data["findings"]] == [("RDS101", "app.py", "purge", 1)]

    clean = project.run("check", "--no-cache", "--baseline", ".linter44s-baseline.json")
    assert clean.returncode == 0, clean.stdout
    assert "1 finding hidden by the baseline." in clean.stdout.decode()

    project.write("app.py", MOVED)  # moved, lines added above: still known
    assert project.run("check", "--no-cache", "--baseline", ".linter44s-baseline.json").returncode == 0

    project.write("app.py", DUPLICATED)  # a second copy of the mistake is new
    new = project.run("check", "--no-cache", "--baseline", ".linter44s-baseline.json", "--output-format", "json")
    assert new.returncode == 1
    assert [(d["code"], d["location"]["row"]) for d in _json(new)] == [("RDS101", 18)]

    project.write("app.py", APP.replace('r.keys("tmp:*")', 'list(r.scan_iter(match="tmp:*"))'))
    stale = project.run("check", "--no-cache", "--baseline", ".linter44s-baseline.json")
    assert stale.returncode == 0
    assert "1 baseline entry no longer occurs (write the baseline again to prune them)." in stale.stdout.decode()
    rewrite = project.run("check", "--no-cache", "--write-baseline", ".linter44s-baseline.json")
    assert "Wrote 0 findings to the baseline .linter44s-baseline.json (1 stale entry pruned)." in rewrite.stderr.decode()
    assert json.loads((project.folder / ".linter44s-baseline.json").read_text())["findings"] == []


def test_every_format_and_sarif_carries_the_baseline_fingerprint(project):
    project.write("app.py", APP)
    project.run("check", "--no-cache", "--write-baseline", "b.json")
    digest = json.loads((project.folder / "b.json").read_text())["findings"][0]["fingerprint"]
    sarif = json.loads(project.run("check", "--no-cache", "--output-format", "sarif").stdout)
    (entry,) = sarif["runs"][0]["results"]
    assert entry["partialFingerprints"]["primaryLocationLineHash"] == f"{digest}:1"
    for fmt in ("text", "concise", "json", "sarif", "github", "gitlab", "junit", "grouped"):
        out = project.run("check", "--no-cache", "--baseline", "b.json", "--output-format", fmt)
        assert out.returncode == 0, (fmt, out.stdout)
        if fmt == "sarif":  # its rule list names every rule
            assert json.loads(out.stdout)["runs"][0]["results"] == []
        else:
            assert b"RDS101" not in out.stdout, fmt


def test_the_configuration_names_the_baseline(project):
    project.write("svc/pyproject.toml", '[tool.linter44s]\nbaseline = "known.json"\n')
    project.write("svc/app.py", APP)
    project.run("check", "--no-cache", "--write-baseline", "svc/known.json", "svc")
    result = project.run("check", "--no-cache", "svc")
    assert result.returncode == 0, result.stdout
    assert "1 finding hidden by the baseline." in result.stdout.decode()


def test_a_broken_baseline_is_one_line(project):
    project.write("app.py", APP)
    project.write("b.json", "{not json")
    result = project.run("check", "--no-cache", "--baseline", "b.json")
    assert result.returncode == 2
    assert result.stderr.decode() == "linter44s: error: b.json: not a linter44s baseline (invalid JSON); write it again with --write-baseline\n"
    missing = project.run("check", "--no-cache", "--baseline", "nope.json")
    assert missing.returncode == 2 and b"no such baseline file" in missing.stderr


def test_writing_never_follows_a_planted_symlink(project):
    project.write("app.py", APP)
    victim = project.write("victim.txt", "precious\n")
    os.symlink(victim, project.folder / "b.json")
    result = project.run("check", "--no-cache", "--write-baseline", "b.json")
    assert result.returncode == 0, result.stderr
    assert victim.read_text() == "precious\n"
    assert not (project.folder / "b.json").is_symlink()
    assert json.loads((project.folder / "b.json").read_text())["version"] == 1


def test_flake8_and_the_language_server_honour_it(project):
    from linter44s.adapters.lint_worker import lint_document

    root = Path(__file__).resolve().parent.parent
    project.write("app.py", DUPLICATED)
    project.write("pyproject.toml", '[tool.linter44s]\nbaseline = "b.json"\n')
    project.run("check", "--no-cache", "--write-baseline", "b.json")
    project.write("app.py", DUPLICATED.replace("def other():\n    return 1", 'def other():\n    return r.keys("tmp:*")'))
    env = {**os.environ, "PYTHONPATH": str(root)}
    flake8 = [sys.executable, "-m", "flake8", "--isolated", "--select", "RDS1", "app.py"]
    new = ["app.py:8:12: RDS101 `KEYS` walks every key and blocks Redis while it runs; use SCAN"]
    text = (project.folder / "app.py").read_text()
    found = lint_document(text, project.folder / "app.py", "python")  # reads `baseline` from the configuration
    assert [(d.code, d.span.line) for d in found] == [("RDS101", 8)]
    by_config = subprocess.run(flake8, cwd=project.folder, capture_output=True, text=True, env=env, check=False)
    assert by_config.stdout.splitlines() == new
    (project.folder / "pyproject.toml").unlink()
    every = subprocess.run(flake8, cwd=project.folder, capture_output=True, text=True, env=env, check=False)
    assert len(every.stdout.splitlines()) == 3
    by_option = subprocess.run([*flake8, "--rds-baseline", "b.json"], cwd=project.folder, capture_output=True, text=True, env=env, check=False)
    assert by_option.stdout.splitlines() == new
