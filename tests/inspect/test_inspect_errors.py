"""Every way `inspect` cannot reach a server is one clear line and exit 2;
the password is never printed."""

from __future__ import annotations

import os
import socket
import sys
import time

import pytest

from tests.inspect.fakes import hanging, http, loopback_server
from tests.realredis import redis_server

SECRET = "s3cret-Pa55word"


def _one_line(result) -> str:
    err = result.stderr.decode()
    assert result.returncode == 2, (result.returncode, err, result.stdout.decode())
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert result.stdout == b""
    return err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize(("url", "says"), [
    ("http://127.0.0.1:6379", "the scheme must be redis:// or rediss://"),
    ("redis://127.0.0.1:99999/0", "bad Redis URL"),
    ("redis://127.0.0.1:6379/zero", "the database must be a number"),
    ("redis:///0", "no host"),
])
def test_a_bad_url(project, url, says):
    assert says in _one_line(project.run("inspect", "--url", url))


def test_no_url_at_all(project):
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    assert "give --url" in _one_line(project.run("inspect", env=env))


def test_a_refused_port(project):
    port = _free_port()
    assert f"redis://127.0.0.1:{port}/0: connection refused" in _one_line(project.run("inspect", "--url", f"redis://127.0.0.1:{port}"))


def test_a_hanging_server_times_out(project):
    with loopback_server(hanging) as port:
        started = time.monotonic()
        err = _one_line(project.run("inspect", "--url", f"redis://127.0.0.1:{port}", "--timeout", "0.5"))
    assert "no answer within 0.5 s" in err
    assert time.monotonic() - started < 8  # one timeout, no retries


def test_a_non_redis_service(project):
    with loopback_server(http) as port:
        err = _one_line(project.run("inspect", "--url", f"redis://127.0.0.1:{port}", "--timeout", "2"))
    assert "does not speak the Redis protocol" in err


@pytest.fixture(scope="module")
def guarded():
    import redis

    with redis_server() as server:  # its start-up probe PINGs without a password: the password comes after
        redis.Redis(port=server.port).config_set("requirepass", SECRET)
        yield server


@pytest.mark.parametrize("how", ["url", "env"])
def test_the_password_works_and_is_never_printed(project, guarded, how):
    env = {**os.environ}
    url = f"redis://:{SECRET}@127.0.0.1:{guarded.port}/0" if how == "url" else guarded.url
    if how == "env":
        env["REDIS_PASSWORD"] = SECRET
    for output in ("text", "json"):
        result = project.run("inspect", "--url", url, "--output-format", output, env=env)
        assert result.returncode == 0, result.stderr.decode()
        assert SECRET.encode() not in result.stdout + result.stderr
        assert f"redis://127.0.0.1:{guarded.port}/0".encode() in result.stdout


@pytest.mark.parametrize("password", ["wrong-" + SECRET, None])
def test_a_wrong_or_missing_password(project, guarded, password):
    url = f"redis://:{password}@127.0.0.1:{guarded.port}/0" if password else guarded.url
    env = {k: v for k, v in os.environ.items() if k != "REDIS_PASSWORD"}
    err = _one_line(project.run("inspect", "--url", url, env=env))
    assert "authentication failed" in err
    assert SECRET not in err


def test_without_redis_py_it_says_what_to_install(project, tmp_path):
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "redis.py").write_text("raise ImportError('no redis-py here')\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(shim), *sys.path])}
    err = _one_line(project.run("inspect", "--url", "redis://127.0.0.1:6379/0", env=env))
    assert "pip install 'linter44s[inspect]'" in err


def test_a_server_that_hangs_in_the_middle_times_out(project):
    from tests.inspect.fakes import bulk, resp_server

    def reply(words: list[bytes]) -> bytes:
        if words[0].upper() == b"SCAN":
            time.sleep(5)  # answers INFO, then never SCAN (within the test's timeout)
        return bulk("# Server\r\nredis_version:7.2.4\r\nrole:master\r\n") if words[0].upper() == b"INFO" else b"-ERR unknown\r\n"

    with resp_server(reply) as port:
        started = time.monotonic()
        err = _one_line(project.run("inspect", "--url", f"redis://127.0.0.1:{port}", "--timeout", "0.5"))
    assert "no answer within 0.5 s" in err
    assert time.monotonic() - started < 5
