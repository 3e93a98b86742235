"""The command line, run for real: options, output formats and exit codes."""

from __future__ import annotations

import json
import re

FLAGGED = """\
import redis

r = redis.Redis()

def purge():
    for key in r.keys("tmp:*"):
        r.delete(key)
"""

CLEAN = """\
import redis

r = redis.Redis()

def purge():
    for key in r.scan_iter(match="tmp:*"):
        r.unlink(key)
"""


def test_clean_project_exits_0(project):
    project.write("app.py", CLEAN)
    result = project.run("check", "--no-cache", "--ignore", "RDS403")
    assert result.returncode == 0, result.stdout
    assert b"All checks passed" in result.stdout


def test_findings_exit_1_and_exit_zero_exits_0(project):
    project.write("app.py", FLAGGED)
    assert project.run("check", "--no-cache").returncode == 1
    assert project.run("check", "--no-cache", "--exit-zero").returncode == 0


def test_concise_is_the_flake8_shape(project):
    project.write("app.py", FLAGGED)
    out = project.run("check", "--no-cache", "--output-format", "concise").stdout.decode().splitlines()
    assert "app.py:6:16: RDS101 `KEYS` walks every key and blocks Redis while it runs; use SCAN" in out
    assert any(line.startswith("app.py:7:9: RDS403 ") for line in out)


def test_json_uses_ruffs_field_names(project):
    project.write("app.py", FLAGGED)
    items = json.loads(project.run("check", "--no-cache", "--output-format", "json").stdout)
    first = next(i for i in items if i["code"] == "RDS101")
    assert set(first) == {"code", "name", "severity", "message", "filename", "location", "end_location", "fix", "noqa_row", "url"}
    assert first["name"] == "keys-command" and first["severity"] == "error"
    assert first["location"] == {"row": 6, "column": 16}
    assert first["end_location"] == {"row": 6, "column": 31}
    assert first["fix"]["applicability"] == "unsafe"
    edit = first["fix"]["edits"][0]
    assert edit["content"] == 'r.scan_iter(match="tmp:*")'
    assert edit["location"] == {"row": 6, "column": 16} and edit["end_location"] == {"row": 6, "column": 31}
    assert first["url"].endswith("docs/rules/RDS101.md")


def test_text_output_has_frame_fix_and_summary(project):
    project.write("app.py", FLAGGED)
    out = project.run("check", "--no-cache").stdout.decode()
    assert "6 |     for key in r.keys(\"tmp:*\"):" in out
    assert "  |                ^^^^^^^^^^^^^^^\n" in out
    assert "unsafe fix: Iterate with SCAN" in out
    assert out.endswith("Found 2 errors.\n2 hidden fixes can be enabled with `--unsafe-fixes`.\n")
    assert "\x1b[" not in out  # no colour when not on a terminal


def test_select_ignore_and_prefixes(project):
    project.write("app.py", FLAGGED)

    def codes(*args):
        out = project.run("check", "--no-cache", "--output-format", "concise", *args).stdout.decode()
        return sorted({line.split()[1] for line in out.splitlines()})

    assert codes() == ["RDS101", "RDS403"]
    assert codes("--select", "RDS1") == ["RDS101"]
    assert codes("--ignore", "RDS4") == ["RDS101"]
    assert codes("--select", "RDS101", "--extend-select", "RDS403") == ["RDS101", "RDS403"]
    assert codes("--select", "ALL", "--ignore", "RDS101,RDS403") == ["RDS304"]  # off by default, on with ALL


def test_unknown_code_is_a_usage_error(project):
    project.write("app.py", FLAGGED)
    result = project.run("check", "--select", "RDS999")
    assert result.returncode == 2
    assert b"unknown rule code or prefix `RDS999`" in result.stderr


def test_statistics(project):
    project.write("app.py", FLAGGED)
    out = project.run("check", "--no-cache", "--statistics").stdout.decode()
    # As ruff: [*] when this run's fixes would fix it; both fixes here are unsafe.
    assert "1  RDS101      keys-command" in out
    assert "1  RDS403      command-in-loop" in out
    out = project.run("check", "--no-cache", "--statistics", "--unsafe-fixes").stdout.decode()
    assert "1  RDS101  [*] keys-command" in out
    assert "1  RDS403  [*] command-in-loop" in out
    assert out.endswith("Found 2 errors.\n[*] 2 fixable with `--fix` `--unsafe-fixes`.\n")  # and no hidden-fixes line


def test_fix_applies_safe_only_unsafe_on_request(project):
    path = project.write(
        "app.py",
        """\
        import redis.asyncio as aioredis

        r = aioredis.Redis()

        async def go():
            r.set("cache:a", 1, ex=5)
            return await r.keys("x:*")
        """,
    )
    result = project.run("check", "--no-cache", "--fix")
    text = path.read_text()
    assert "    await r.set(\"cache:a\", 1, ex=5)" in text  # safe: applied
    assert "await r.keys(" in text  # unsafe: not applied
    assert result.returncode == 1 and b"Found 2 errors (1 fixed, 1 remaining).\n1 hidden fix can be enabled with `--unsafe-fixes`.\n" in result.stdout
    project.run("check", "--no-cache", "--fix", "--unsafe-fixes")
    assert "[key async for key in r.scan_iter(match=\"x:*\")]" in path.read_text()


def test_diff_changes_nothing(project):
    path = project.write("app.py", FLAGGED)
    result = project.run("check", "--no-cache", "--diff", "--unsafe-fixes")
    assert result.returncode == 1
    out = result.stdout.decode()
    assert out.startswith("--- a/")
    # Both unsafe fixes, applied in turn until nothing more applies.
    # The delete loop over KEYS becomes UNLINK per SCAN page (issue 12: never one unbounded DEL).
    assert '-    for key in r.keys("tmp:*"):' in out and "+            r.unlink(*page)" in out 
    assert not [line for line in out.splitlines() if line.startswith("+") and "keys(" in line]
    assert path.read_text() == FLAGGED


def test_stdin_with_display_name(project):
    result = project.run("check", "--output-format", "concise", "--stdin-filename", "src/app.py", "-", stdin=FLAGGED.encode())
    assert result.returncode == 1
    assert b"src/app.py:6:16: RDS101" in result.stdout


def test_stdin_fix_prints_the_fixed_source(project):
    source = "import redis.asyncio as a\nr = a.Redis()\nasync def f():\n    r.incr('n:1')\n"
    result = project.run("check", "--fix", "--stdin-filename", "x.py", stdin=source.encode())
    assert result.stdout.decode() == source.replace("    r.incr", "    await r.incr")


def test_rule_and_rules_commands(project):
    page = project.run("rule", "RDS101").stdout.decode()
    for heading in ("# keys-command (RDS101)", "## Why is this bad?", "## Example", "## Use instead", "## Fix safety"):
        assert heading in page
    assert project.run("rule", "nope").returncode == 2
    listing = project.run("rules").stdout.decode()
    assert "RDS104  unbounded-read" in listing and " off " in listing
    data = json.loads(project.run("rules", "--output-format", "json").stdout)
    assert {"code", "name", "level", "default", "fix"} <= set(data[0])


def test_noqa(project):
    project.write(
        "app.py",
        """\
        import redis
        r = redis.Redis()
        a = r.keys("a:*")  # noqa: RDS101
        b = r.keys("b:*")  # noqa
        c = r.keys("c:*")  # noqa: RDS201
        d = r.keys(  # noqa: RDS101
            "d:*",
        )
        """,
    )
    out = project.run("check", "--no-cache", "--select", "RDS101", "--output-format", "concise").stdout.decode()
    assert out.splitlines() == ["app.py:5:5: RDS101 `KEYS` walks every key and blocks Redis while it runs; use SCAN"]


def test_cache_gives_the_same_answer(project):
    project.write("app.py", FLAGGED)
    first = project.run("check", "--output-format", "concise")
    assert (project.folder / ".linter44s_cache").is_dir()
    second = project.run("check", "--output-format", "concise")
    assert first.stdout == second.stdout and second.returncode == 1


def _verbose_counts(result) -> tuple[int, int, int]:
    """(checked, parsed, from the cache) from `check -v`'s stderr line."""
    line = result.stderr.decode().strip().splitlines()[-1]
    found = re.search(r"(\d+) checked \((\d+) parsed\), (\d+) answered from the cache", line)
    assert found, line
    return tuple(int(n) for n in found.groups())


def test_a_changed_file_is_the_only_one_checked_again(project):
    project.write("pkg/__init__.py", "")
    project.write("pkg/db.py", "import redis\n\nstore = redis.Redis()\n")
    # `store` says nothing of Redis: only cross-module linking knows it is a client.
    project.write("pkg/views.py", "from pkg.db import store\n\n\ndef view(ids):\n    return [store.get(i) for i in ids]\n")
    project.write("pkg/other.py", "def f(d):\n    return d.keys()\n")
    # Linked to `store` by its import and never using it: judged by its own code (index.used).
    project.write("pkg/unused.py", "from pkg.db import store\n\n\ndef g(d):\n    return d.get(1)\n")
    project.age()

    first = project.run("check", "-v", "--output-format", "concise")
    assert "pkg/views.py:5:13: RDS401" in first.stdout.decode()
    assert _verbose_counts(first) == (5, 2, 0)
    assert _verbose_counts(project.run("check", "-v")) == (0, 0, 5)

    # An edit that changes no export: that file alone is checked again.
    db = project.folder / "pkg" / "db.py"
    db.write_text(db.read_text() + "# tuned\n")
    project.age(db)
    again = project.run("check", "-v", "--output-format", "concise")
    assert _verbose_counts(again) == (1, 1, 4)
    assert "pkg/views.py:5:13: RDS401" in again.stdout.decode()

    # `store` is no client any more: views.py's finding goes, and views.py is
    # answered from what the cache knows of it without that import.
    db.write_text("store = {}\n")
    project.age(db, minutes=50)
    gone = project.run("check", "-v", "--output-format", "concise")
    assert gone.stdout.decode() == ""
    assert _verbose_counts(gone) == (1, 0, 4)

