"""Small loopback servers for what a real redis-server cannot show: a server
with 44S.USAGE, one that never answers, and one that speaks another protocol."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterator

Reply = Callable[[list[bytes]], bytes]


def bulk(text: str) -> bytes:
    data = text.encode()
    return b"$%d\r\n%s\r\n" % (len(data), data)


def array(*items: bytes) -> bytes:
    return b"*%d\r\n" % len(items) + b"".join(items)


def _read_command(f) -> list[bytes] | None:
    line = f.readline()
    if not line.startswith(b"*"):
        return None
    words = []
    for _ in range(int(line[1:])):
        size = int(f.readline()[1:])
        words.append(f.read(size + 2)[:-2])
    return words


def _serve_resp(conn: socket.socket, reply: Reply) -> None:
    with conn, conn.makefile("rb") as f:
        while (words := _read_command(f)) is not None:
            conn.sendall(reply(words))


@contextlib.contextmanager
def loopback_server(handle: Callable[[socket.socket], None]) -> Iterator[int]:
    """A thread accepting on a free loopback port; `handle` gets each connection."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=2)
        listener.close()


def resp_server(reply: Reply):
    return loopback_server(lambda conn: _serve_resp(conn, reply))


def hanging(conn: socket.socket) -> None:
    """Accepts, reads, never answers (until the test's server stops)."""
    with conn:
        conn.settimeout(10)
        with contextlib.suppress(OSError):
            while conn.recv(1024):
                pass


def http(conn: socket.socket) -> None:
    """An HTTP server answering whatever it is sent."""
    with conn, contextlib.suppress(OSError):
        conn.recv(1024)
        conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
