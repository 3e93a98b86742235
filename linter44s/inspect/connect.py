"""Where the server is, how to reach it, and one clear line when we cannot.

The password comes from the URL or REDIS_PASSWORD and lives only in a
`Target` field that is never shown: `Target.display` is what every message
and report names, and `InspectError.__init__` scrubs the password from any
text a library error might echo back.
"""

from __future__ import annotations

import inspect as pyinspect
import os
import ssl
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import unquote, urlsplit

_SCHEMES = {"redis": False, "rediss": True}


class InspectError(Exception):
    """A problem the user can fix: one line, no traceback, no password."""

    def __init__(self, message: str, secret: str | None = None) -> None:
        if secret:
            message = message.replace(secret, "***")
        super().__init__(message)


@dataclass(frozen=True)
class Target:
    host: str
    port: int
    db: int
    tls: bool
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    ca_file: str | None = None  # rediss://: trust this CA (a private one) besides the system's

    @property
    def display(self) -> str:
        """The server as every message names it: never with credentials."""
        return f"{'rediss' if self.tls else 'redis'}://{self.host}:{self.port}/{self.db}"

    def node(self, host: str, port: int) -> Target:
        """Another node of the same cluster, with the same credentials."""
        return Target(host, port, 0, self.tls, self.username, self.password, self.ca_file)


def parse_target(url: str, env_password: str | None = None) -> Target:
    """`redis://[user:password@]host[:port][/db]` or `rediss://...`; a password
    in the URL wins over REDIS_PASSWORD (`env_password`)."""
    try:
        parts = urlsplit(url)
        port = parts.port or 6379
    except ValueError as exc:
        raise InspectError(f"bad Redis URL: {exc} (expected redis://host:port/db or rediss://...)") from None
    if parts.scheme not in _SCHEMES:
        raise InspectError(f"bad Redis URL: the scheme must be redis:// or rediss://, not `{parts.scheme or '(none)'}://`")
    if not parts.hostname:
        raise InspectError("bad Redis URL: no host (expected redis://host:port/db)")
    path = parts.path.strip("/") or "0"
    if not path.isdigit():
        raise InspectError(f"bad Redis URL: the database must be a number, not `{path}`")
    password = unquote(parts.password) if parts.password else env_password or None
    username = unquote(parts.username) if parts.username else None
    return Target(parts.hostname, port, int(path), _SCHEMES[parts.scheme], username, password)


def target_from(url: str | None, ca_file: str | None = None) -> Target:
    """The target from --url or REDIS_URL, the password maybe from REDIS_PASSWORD."""
    url = url or os.environ.get("REDIS_URL")
    if not url:
        raise InspectError("no server to inspect: give --url redis://host:port/db or set REDIS_URL")
    target = parse_target(url, os.environ.get("REDIS_PASSWORD"))
    if ca_file is not None and not os.path.isfile(ca_file):
        raise InspectError(f"--tls-ca-cert {ca_file}: no such file")
    return replace(target, ca_file=ca_file)


def redis_module() -> Any:
    try:
        import redis
    except ImportError:
        raise InspectError("inspect needs redis-py: pip install 'linter44s[inspect]'") from None
    return redis


def open_client(target: Target, timeout: float) -> Any:
    """A client with timeouts on connect and read and no retries: a hanging
    server costs one timeout, not four."""
    redis = redis_module()
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    options: dict[str, Any] = {
        "host": target.host, "port": target.port, "db": target.db, "username": target.username, "password": target.password,
        "socket_connect_timeout": timeout, "socket_timeout": timeout, "retry": Retry(NoBackoff(), 0),
        "ssl": target.tls, "decode_responses": False,
        "protocol": 2,  # RESP2: no HELLO, which older servers and proxies do not know
    }
    if target.tls and target.ca_file:
        options["ssl_ca_certs"] = target.ca_file
    # No CLIENT SETINFO on connect: inspect sends only the commands the docs list.
    accepted = pyinspect.signature(redis.Redis.__init__).parameters
    if "driver_info" in accepted:
        options["driver_info"] = None
    else:
        options.update(lib_name=None, lib_version=None)
    return redis.Redis(**options)


def explain(exc: BaseException, target: Target, timeout: float) -> InspectError:
    """Turn a redis-py (or socket, or TLS) failure into one line."""
    from redis import exceptions as rx

    where = target.display
    text = str(exc)
    if isinstance(exc, rx.AuthenticationError) or "WRONGPASS" in text or "NOAUTH" in text or "invalid password" in text:
        hint = "the password comes from the URL or REDIS_PASSWORD"
        return InspectError(f"{where}: authentication failed: wrong or missing password or user ({hint})", target.password)
    if isinstance(exc, getattr(rx, "NoPermissionError", ())) or "NOPERM" in text:
        return InspectError(f"{where}: the user may not run a command inspect needs ({text}); "
                            "grant the read-only commands listed in docs/inspect.md", target.password)
    if isinstance(exc, (rx.TimeoutError, TimeoutError)) and target.tls:
        return InspectError(f"{where}: no answer to the TLS handshake within {timeout:g} s: is TLS on at that port? "
                            "(rediss:// needs a TLS port, redis:// a plain one); --timeout sets the limit")
    if isinstance(exc, (rx.TimeoutError, TimeoutError)):
        return InspectError(f"{where}: no answer within {timeout:g} s (a hanging server, a firewall, "
                            "or a TLS port spoken to without rediss://?); --timeout sets the limit")
    if _is_tls(exc):
        return InspectError(f"{where}: TLS failed: {_tls_reason(exc)} (rediss:// needs a TLS port; redis:// a plain one)",
                            target.password)
    if isinstance(exc, rx.InvalidResponse) or "Protocol Error" in text or "protocol error" in text.lower():
        return InspectError(f"{where}: the service there does not speak the Redis protocol (another service on that port?)")
    if isinstance(exc, ConnectionRefusedError) or "refused" in text.lower():
        return InspectError(f"{where}: connection refused: is Redis running there, on that port?")
    if not target.tls and ("closed by server" in text or "reset by peer" in text):
        return InspectError(f"{where}: the server closed the connection at once (a TLS port? use rediss://)")
    if isinstance(exc, (rx.ConnectionError, OSError)):
        return InspectError(f"{where}: cannot connect: {text or type(exc).__name__}", target.password)
    return InspectError(f"{where}: {type(exc).__name__}: {text}", target.password)


def _is_tls(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError) or "SSL" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _tls_reason(exc: BaseException) -> str:
    text = str(exc)
    for marker in ("WRONG_VERSION_NUMBER", "wrong version number", "CERTIFICATE_VERIFY_FAILED", "certificate verify failed"):
        if marker in text:
            return marker.lower().replace("_", " ")
    return text.splitlines()[0][:200] if text else type(exc).__name__
