"""Configuration: every option read, every mistake named with its key and file."""

from __future__ import annotations

FLAGGED = 'import redis\nr = redis.Redis()\ndef f(k, v):\n    r.set(f"cache:{k}", v)\n'


def test_pyproject_options_are_used(project):
    project.write("pyproject.toml", '[tool.linter44s]\nselect = ["RDS2"]\ndefault-ttl = 60\n')
    project.write("app.py", FLAGGED)
    project.run("check", "--no-cache", "--fix", "--unsafe-fixes")
    assert 'r.set(f"cache:{k}", v, ex=60)' in (project.folder / "app.py").read_text()


def test_linter44s_toml_and_per_file_ignores(project):
    project.write("linter44s.toml", 'per-file-ignores = { "legacy/*" = ["RDS201"] }\n')
    project.write("legacy/old.py", FLAGGED)
    project.write("app.py", FLAGGED)
    _, lines = project.concise()
    assert [line.split(":")[0] for line in lines] == ["app.py"]


def test_exclude_and_force_exclude(project):
    project.write("pyproject.toml", '[tool.linter44s]\nexclude = ["generated/*"]\n')
    project.write("generated/gen.py", FLAGGED)
    project.write("app.py", FLAGGED)
    _, lines = project.concise()
    assert all(line.startswith("app.py") for line in lines) and lines
    _, named = project.concise("generated/gen.py")
    assert named and named[0].startswith("generated/gen.py")  # named files are checked...
    result, forced = project.concise("--force-exclude", "generated/gen.py")
    assert forced == [] and result.returncode == 0  # ...unless --force-exclude (pre-commit)


def test_persistent_prefixes(project):
    project.write("pyproject.toml", '[tool.linter44s]\npersistent-prefixes = ["cache:"]\n')
    project.write("app.py", FLAGGED)
    _, lines = project.concise()
    assert lines == []


def test_unknown_option_names_key_and_file(project):
    project.write("pyproject.toml", '[tool.linter44s]\ndefault-tll = 60\n')
    project.write("app.py", FLAGGED)
    result = project.run("check")
    assert result.returncode == 2
    message = result.stderr.decode()
    assert "pyproject.toml [tool.linter44s]: unknown option `default-tll` (did you mean `default-ttl`?)" in message
    assert "Traceback" not in message


def test_bad_values(project):
    cases = {
        'default-ttl = "soon"': "`default-ttl` must be a whole number of at least 1, not 'soon'",
        'select = ["RDS999"]': "`select` names an unknown rule code `RDS999`",
        'select = "RDS1"': "`select` must be a list of rule codes",
        'key-pattern = "("': "`key-pattern` is not a valid regular expression",
        'pipeline-threshold = 1': "`pipeline-threshold` must be a whole number of at least 2",
        'per-file-ignores = { "a/*" = ["NOPE1"] }': "names an unknown rule code `NOPE1`",
    }
    project.write("app.py", FLAGGED)
    for line, expected in cases.items():
        project.write("linter44s.toml", line + "\n")
        result = project.run("check")
        assert result.returncode == 2, line
        assert expected in result.stderr.decode(), (line, result.stderr)
        assert "linter44s.toml" in result.stderr.decode()


def test_invalid_toml(project):
    project.write("linter44s.toml", "select = [\n")
    result = project.run("check")
    assert result.returncode == 2
    assert "linter44s.toml: invalid TOML" in result.stderr.decode()


def test_explicit_config_file(project):
    project.write("conf/custom.toml", 'select = ["RDS101"]\n')
    project.write("app.py", FLAGGED)
    result, lines = project.concise("--config", "conf/custom.toml")
    assert result.returncode == 0 and lines == []
    missing = project.run("check", "--config", "nope.toml")
    assert missing.returncode == 2 and b"nope.toml: no such configuration file" in missing.stderr


def test_test_files_are_exempt_where_a_rule_says_so(project):
    source = "import redis\nr = redis.Redis()\ndef reset():\n    r.flushdb()\n"
    project.write("tests/test_app.py", source)
    project.write("app.py", source)
    _, lines = project.concise("--select", "RDS102")
    assert [line.split(":")[0] for line in lines] == ["app.py"]


def test_a_name_pattern_matches_one_name_never_a_run_of_folders():
    """`test_*.py` is a test module; a file under a folder named `test_run0` is not
    (fnmatch's `*` crosses `/`: pytest's own temporary folders are named so)."""
    from linter44s.config import Settings

    settings = Settings()
    assert settings.is_test_path("app/test_views.py")
    assert settings.is_test_path("pkg/tests/helpers.py") and settings.is_test_path("web/__tests__/a/b.ts")
    assert not settings.is_test_path("/tmp/pytest-of-ci/pytest-1/test_run0/app/cache.py")
    assert not settings.is_test_path("test_data/app/cache.py")
