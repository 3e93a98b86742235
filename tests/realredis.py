"""A real `redis-server` for the tests that need one (fix proofs, `inspect`).

Each server gets a free loopback port and a throwaway folder, persists
nothing, and is stopped when its context ends.  `.ci/run` installs the
server; a machine without one fails these tests with that reason rather than
skipping them (a skipped proof would hide missing work).
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class RedisServer:
    host: str
    port: int
    folder: str

    @property
    def url(self) -> str:
        return f"redis://{self.host}:{self.port}/0"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
            s.sendall(b"*1\r\n$4\r\nPING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@contextlib.contextmanager
def redis_server(*extra: str) -> Iterator[RedisServer]:
    """Start a `redis-server` on loopback; `extra` are more config arguments."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is not installed (.ci/run installs it: apt-get install redis-server)"
    folder = tempfile.mkdtemp(prefix="linter44s-redis-")
    for _ in range(5):  # another process may take the port between the probe and the bind
        port = _free_port()
        args = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", folder, "--daemonize", "no", "--protected-mode", "yes", *extra]
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while proc.poll() is None and time.monotonic() < deadline and not _answers(port):
            time.sleep(0.02)
        if proc.poll() is None and _answers(port):
            break
        proc.kill()
        proc.wait()
    else:
        raise RuntimeError("redis-server did not start on a free port")
    try:
        yield RedisServer("127.0.0.1", port, folder)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(folder, ignore_errors=True)
