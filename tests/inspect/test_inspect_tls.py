"""rediss:// against a real redis-server with TLS on (a throwaway self-signed CA)."""

from __future__ import annotations

import socket
import subprocess

import pytest

from tests.realredis import redis_server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    port = _free_port()
    with redis_server("--tls-port", str(port), "--tls-cert-file", str(cert), "--tls-key-file", str(key),
                      "--tls-ca-cert-file", str(cert), "--tls-auth-clients", "no"):
        yield port, cert


def _error(result) -> str:
    err = result.stderr.decode()
    assert result.returncode == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    return err


def test_rediss_with_the_servers_ca(project, tls):
    port, cert = tls
    result = project.run("inspect", "--url", f"rediss://127.0.0.1:{port}/0", "--tls-ca-cert", str(cert), "--sample", "0")
    assert result.returncode == 0, result.stderr.decode()
    assert f"rediss://127.0.0.1:{port}/0" in result.stdout.decode()


def test_an_untrusted_certificate(project, tls):
    port, _ = tls
    err = _error(project.run("inspect", "--url", f"rediss://127.0.0.1:{port}/0", "--timeout", "3"))
    assert "TLS failed: certificate verify failed" in err


def test_plain_redis_to_a_tls_port(project, tls):
    port, _ = tls
    err = _error(project.run("inspect", "--url", f"redis://127.0.0.1:{port}/0", "--timeout", "2"))
    assert "use rediss://" in err or "TLS" in err


def test_a_missing_ca_file(project, tls):
    port, _ = tls
    assert "no such file" in _error(project.run("inspect", "--url", f"rediss://127.0.0.1:{port}/0", "--tls-ca-cert", "nope.pem"))


def test_tls_to_a_plain_port(project, redis_server):
    err = _error(project.run("inspect", "--url", f"rediss://127.0.0.1:{redis_server.port}/0", "--timeout", "1"))
    assert "no answer to the TLS handshake within 1 s" in err
