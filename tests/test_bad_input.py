"""Bad input is one clear line per file, and the run goes on."""

from __future__ import annotations

FLAGGED = 'import redis\nr = redis.Redis()\nr.keys("a:*")\n'


def test_syntax_error_is_one_line_and_other_files_are_checked(project):
    project.write("broken.py", "import redis\ndef f(:\n    pass\n")
    project.write("good.py", FLAGGED)
    result, lines = project.concise()
    assert result.returncode == 1
    assert "broken.py:2:7: error: syntax error: invalid syntax" in lines
    assert any(line.startswith("good.py:3:1: RDS101") for line in lines)
    assert b"Traceback" not in result.stderr + result.stdout


def test_undecodable_and_binary_files(project):
    (project.folder / "latin.py").write_bytes(b"import redis\nname = '\xff\xfe'\n")
    (project.folder / "blob.py").write_bytes(b"redis\x00\x01\x02")
    project.write("good.py", FLAGGED)
    result, lines = project.concise()
    assert any(line.startswith("latin.py:2:1: error: cannot decode as utf-8") for line in lines)
    assert "blob.py:1:1: error: binary file (it contains NUL bytes); skipped" in lines
    assert any(line.startswith("good.py:3:1: RDS101") for line in lines)
    assert b"Traceback" not in result.stderr


def test_missing_path_and_directory_named_like_a_file(project):
    (project.folder / "pkg.py").mkdir()
    project.write("pkg.py/inner.py", FLAGGED)
    result, lines = project.concise("missing.py", "pkg.py")
    assert "missing.py:1:1: error: no such file or directory" in lines
    assert any(line.startswith("pkg.py/inner.py:3:1: RDS101") for line in lines)
    assert result.returncode == 1


def test_broken_symlink(project):
    (project.folder / "gone.py").symlink_to(project.folder / "nowhere.py")
    project.write("good.py", FLAGGED)
    result, lines = project.concise()
    assert "gone.py:1:1: error: no such file or directory" in lines
    assert b"Traceback" not in result.stderr


def test_deeply_nested_code_is_an_error_not_a_crash(project):
    project.write("deep.py", "import redis\nx = " + "(" * 300 + "1" + ")" * 300 + "\n")
    result, _ = project.concise()
    assert b"Traceback" not in result.stderr
    assert result.returncode in (0, 1)


def test_vendored_and_virtualenv_folders_are_skipped(project):
    for folder in ("node_modules/x", ".venv/lib", "build", "__pycache__", ".git"):
        project.write(f"{folder}/bad.py", FLAGGED)
    project.write("myenv/pyvenv.cfg", "home = /usr\n")
    project.write("myenv/lib/bad.py", FLAGGED)
    result, lines = project.concise()
    assert lines == ["All checks passed (0 files checked)."] or lines == []
    assert result.returncode == 0


def test_files_of_other_kinds_named_on_the_command_line_are_skipped(project):
    project.write("types.d.ts", 'import { Redis } from "ioredis";\nexport declare function f(r: Redis): Promise<void>;\n')
    project.write("README.md", "new Redis(); r.keys('*')\n")
    result, lines = project.concise("types.d.ts", "README.md")
    assert result.returncode == 0 and lines == []


def test_no_files_found_is_said(project):
    project.write("dist/app.js", "const Redis = require('ioredis');\nnew Redis().keys('*');\n")
    result = project.run("check", "--no-cache")
    assert result.returncode == 0
    assert b"no Python or JavaScript/TypeScript files found" in result.stderr


def test_python_syntax_warnings_of_checked_code_are_not_printed(project):
    project.write("app.py", 'import redis\nr = redis.Redis()\nx = 1if r else 2\ny = "\\d"\nr.keys("a:*")\n')
    result, lines = project.concise("app.py")
    assert result.returncode == 1 and lines and "RDS101" in lines[0]
    assert result.stderr == b""


def test_a_declared_encoding_python_refuses_is_one_error_line(project):
    # UTF-8 bytes declared UTF-16: Python says "encoding problem: utf-16"; so do we, not "All checks passed".
    project.write("wide.py", "# coding: utf-16\n" + FLAGGED)
    project.write("second.py", "#!/usr/bin/env python\n# -*- coding: rot13 -*-\n" + FLAGGED)
    project.write("good.py", FLAGGED)
    result, lines = project.concise()
    message = "encoding problem: the file declares {}, which does not read its own declaration (Python refuses it too)"
    assert f"wide.py:1:1: error: {message.format('utf-16')}" in lines
    assert f"second.py:2:1: error: {message.format('rot13')}" in lines
    assert any(line.startswith("good.py:3:1: RDS101") for line in lines)
    assert result.returncode == 1


def test_declared_encodings_python_reads_are_still_read(project):
    project.write("latin.py", "# -*- coding: latin-1 -*-\n" + FLAGGED.replace('"a:*"', '"é:*"'), encoding="latin-1")
    project.write("seven.py", "# coding: utf-7\n" + FLAGGED)
    _, lines = project.concise()
    assert [line.split(" ")[:2] for line in lines] == [["latin.py:4:1:", "RDS101"], ["seven.py:4:1:", "RDS101"]]
