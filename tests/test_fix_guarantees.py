"""What --fix promises: the file still parses, keeps its encoding, BOM, line
endings and permissions, is replaced atomically, and a second run changes nothing."""

from __future__ import annotations

import ast
import os
import stat

SOURCE = """\
import redis.asyncio as aioredis

r = aioredis.Redis()

async def touch(uid):
    r.set(f"seen:{uid}", 1, ex=60)
    r.incr(f"hits:{uid}")
"""
FIXED = SOURCE.replace("    r.set", "    await r.set").replace("    r.incr", "    await r.incr")


def _fix(project, *extra):
    return project.run("check", "--no-cache", "--fix", "--select", "RDS702", *extra)


def test_fixed_file_parses_and_second_fix_changes_nothing(project):
    path = project.write("app.py", SOURCE)
    _fix(project)
    first = path.read_bytes()
    assert first.decode() == FIXED
    ast.parse(first)
    result = _fix(project)
    assert path.read_bytes() == first
    assert result.returncode == 0


def test_crlf_line_endings_are_kept(project):
    path = project.folder / "app.py"
    path.write_bytes(SOURCE.replace("\n", "\r\n").encode())
    _fix(project)
    assert path.read_bytes() == FIXED.replace("\n", "\r\n").encode()


def test_bom_is_kept(project):
    path = project.folder / "app.py"
    path.write_bytes(b"\xef\xbb\xbf" + SOURCE.encode())
    _fix(project)
    assert path.read_bytes() == b"\xef\xbb\xbf" + FIXED.encode()


def test_declared_encoding_is_kept(project):
    source = "# -*- coding: latin-1 -*-\n# caf\xe9\n" + SOURCE
    path = project.folder / "app.py"
    path.write_bytes(source.encode("latin-1"))
    result = _fix(project)
    assert result.returncode == 0, result.stdout
    assert path.read_bytes() == ("# -*- coding: latin-1 -*-\n# caf\xe9\n" + FIXED).encode("latin-1")


def test_non_ascii_before_the_fix_keeps_columns_right(project):
    source = SOURCE.replace('r.set(f"seen:{uid}"', 'r.set(f"vu:{uid}:ça"')
    path = project.write("app.py", source)
    _fix(project)
    assert path.read_text(encoding="utf-8") == FIXED.replace('r.set(f"seen:{uid}"', 'r.set(f"vu:{uid}:ça"')


def test_permissions_are_kept_and_no_temp_file_is_left(project):
    path = project.write("app.py", SOURCE)
    os.chmod(path, 0o751)
    _fix(project)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o751
    assert sorted(p.name for p in project.folder.iterdir() if not p.name.startswith(".linter44s")) == ["app.py"]


def test_symlink_is_followed_not_replaced(project):
    real = project.write("real.py", SOURCE)
    link = project.folder / "link.py"
    link.symlink_to(real)
    project.run("check", "--no-cache", "--fix", "--select", "RDS702", "link.py")
    assert link.is_symlink()
    assert real.read_text() == FIXED


def test_a_fix_that_would_not_parse_is_dropped():
    from linter44s.diagnostics import Applicability, Diagnostic, Edit, Fix
    from linter44s.facts import Span
    from linter44s.fixer import fix_text

    text = "x = 1\ny = 2\n"
    span = Span(1, 1, 1, 2, 0, 1)

    def diag(edit):
        return Diagnostic("RDS101", "keys-command", "error", "m", "a.py", span, Fix(Applicability.SAFE, "f", (edit,)), "u")

    good, bad = diag(Edit(10, 11, "3")), diag(Edit(0, 1, "x ="))
    fixed, count = fix_text(text, [good, bad], unsafe=False, language="python")
    assert (fixed, count) == ("x = 1\ny = 3\n", 1)


def test_a_fix_that_ast_accepts_but_python_refuses_is_dropped() -> None:
    """`f(ex=None, ex=3600)` parses with `ast` and fails to compile."""
    from linter44s.fixer import still_parses

    assert not still_parses("r.set(k, v, ex=None, ex=3600)\n", "python")
    assert not still_parses("def f():\n    x = 1\n    nonlocal x\n", "python")
    assert still_parses("\ufeffr.set(k, v, ex=3600)\n", "python")
