"""Fixes built at fix time with libcst (linter44s/python/rewrites/): the shapes
they rewrite, the ones they refuse, and that a plain check never loads libcst."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from tests.helpers import fixed, lint

HEAD = "import redis\n\nr = redis.Redis()\n\n"


def fix403(body: str) -> str:
    return fixed(HEAD + textwrap.dedent(body), unsafe=True, select=("RDS403",))


def test_a_plain_check_does_not_import_libcst():
    source = HEAD + "def f(ks):\n    for k in ks:\n        r.delete(k)\n"
    code = (
        "import sys\nfrom tests.helpers import lint\n"
        f"report = lint({source!r}, select=('RDS403',))\n"
        "assert [d.code for d in report.diagnostics] == ['RDS403'], report\n"
        "assert 'libcst' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_a_delete_loop_keeps_everything_around_it_byte_for_byte():
    body = "def f(ks):\n    x = 1  # kept\n    for k in ks:\n        r.delete(k)\n    return x  # kept too\n"
    out = fix403(body)
    before, after = (HEAD + body).split("    for k")[0], out.split("    all_keys")[0]
    assert before == after and out.endswith("    return x  # kept too\n")


def test_a_two_space_file_keeps_its_indentation():
    out = fix403("def f(ks):\n  for k in ks:\n    r.unlink(k)\n")
    assert "\n  for start in range(0, len(all_keys), 500):\n    r.unlink(*all_keys[start : start + 500])\n" in out


def test_names_the_file_already_uses_are_not_taken():
    out = fix403("def f(ks, all_keys, start):\n    for k in ks:\n        r.delete(k)\n    return all_keys, start\n")
    assert "keys_to_delete = list(ks)" in out and "for offset in range(0, len(keys_to_delete), 500)" in out


def test_an_awaited_delete_over_an_async_scan_becomes_awaited_scan_pages():
    code = (
        "import redis.asyncio as aioredis\n\nclient = aioredis.Redis()\n\n"
        "async def purge(prefix):\n    async for key in client.scan_iter(match=f\"{prefix}:*\"):\n        await client.unlink(key)\n"
    )
    out = fixed(code, unsafe=True, select=("RDS403",))
    assert "cursor, page = await client.scan(cursor, match=f\"{prefix}:*\", count=500)" in out
    assert "await client.unlink(*page)" in out and "async for" not in out


@pytest.mark.parametrize(
    "body",
    [
        "def f(ks):\n    for k in ks:\n        # why\n        r.delete(k)\n",  # a comment the rewrite would drop
        "def f(ks):\n    for k in ks:\n        r.delete(k)  # why\n",
        "def f(ks):\n    for k in ks:\n        r.delete(k)\n    else:\n        print('done')\n",
        "def f(ks):\n    for k in ks:\n        if k:\n            r.delete(k)\n",
        "def f(ks):\n    for k in ks:\n        r.delete(k)\n        r.pipeline()\n",  # the client used otherwise
    ],
)
def test_shapes_it_cannot_rewrite_are_left_alone(body):
    assert "RDS403" in [d.code for d in lint(HEAD + body, select=("RDS403",)).diagnostics]
    assert fix403(body) == HEAD + body


@pytest.mark.parametrize(
    "body",
    [
        "def f(ks):\n    for k in ks:\n        r.delete(k)\n    return k\n",  # the last key is read after the loop
        "def f(ks):\n    for k in ks:\n        r.delete(k)\n        seen.add(k)\n",
        "async def f(ks):\n    async for k in ks:\n        await r.delete(k)\n",  # list() cannot take an async iterator
    ],
)
def test_a_delete_loop_the_batch_cannot_take_is_pipelined(body):
    out = fix403(body)
    assert "pipe = r.pipeline(transaction=False)" in out and "pipe.delete(k)" in out and "pipe.execute()" in out
    compile(out, "x.py", "exec")


def test_a_tuple_iterable_is_parenthesised():
    out = fix403("def f(a, b):\n    for k in a, b:\n        r.delete(k)\n")
    assert "all_keys = list((a, b))" in out
    compile(out, "x.py", "exec")


def test_a_comprehension_over_lines_with_a_comment_keeps_the_comment():
    code = HEAD + "def f(ids):\n    return [\n        r.get(f'user:{uid}')  # the profile\n        for uid in ids\n        if uid\n    ]\n"
    out = fixed(code, unsafe=True, select=("RDS401",))
    assert out == HEAD + "def f(ids):\n    return r.mget([\n        f'user:{uid}'  # the profile\n        for uid in ids\n        if uid\n    ])\n"


def test_a_comprehension_with_two_fors_is_left_alone():
    code = HEAD + "def f(groups):\n    return [r.get(k) for g in groups for k in g]\n"
    assert fixed(code, unsafe=True, select=("RDS401",)) == code
