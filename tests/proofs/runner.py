"""Run programs against a real redis-server at the address they name.

Started by tests/proofs/harness.py inside a private network namespace
(`unshare -rn`), so the examples' own `redis.Redis()` (localhost:6379) reaches
this run's server and no other: the code runs exactly as written.  Reads a
JSON list of runs on stdin; prints, for each, what the code returned or
raised, what it printed, and the keyspace afterwards."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import subprocess
import sys
import time
import traceback
import warnings

import redis

PORT = 6379
DRIVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "driver.mjs")
_ENVIRONMENT = dict(os.environ)


def main() -> None:
    runs = json.load(sys.stdin)
    subprocess.run(["ip", "link", "set", "lo", "up"], check=False, capture_output=True)
    server = subprocess.Popen(
        # Node resolves `localhost` to ::1 first: listen there too.
        ["redis-server", "--port", str(PORT), "--bind", "127.0.0.1", "-::1", "--save", "", "--appendonly", "no",
         "--dir", sys.argv[1], "--daemonize", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        admin = _connect()
        json.dump([_run(admin, run) for run in runs], sys.stdout)
    finally:
        server.terminate()
        server.wait(timeout=10)


def _connect() -> redis.Redis:
    admin = redis.Redis(port=PORT, decode_responses=True)
    deadline = time.monotonic() + 10
    while True:
        try:
            admin.ping()
            return admin
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _run(admin: redis.Redis, run: dict) -> dict:
    admin.flushall()
    for command in run["seed"]:
        admin.execute_command(*command)
    if run.get("language", "python") != "python":
        observed = _node(run)
        return {**observed, "keyspace": _keyspace(admin)}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a coroutine never awaited (the RDS702 bug itself)
        outcomes = asyncio.run(_calls(run))
    return {"outcomes": outcomes, "printed": printed.getvalue().splitlines(), "keyspace": _keyspace(admin)}


def _node(run: dict) -> dict:
    """The example as a module next to the cached node_modules, the calls appended
    as an exported list of thunks, run by driver.mjs."""
    esm = any(line.startswith(("import ", "export ")) for line in run["code"].splitlines())
    calls = ", ".join(f"async () => ({c})" for c in run["calls"])
    footer = f"\nexport const __proofCalls = [{calls}];\n" if esm else f"\nmodule.exports.__proofCalls = [{calls}];\n"
    path = os.path.join(sys.argv[2], f"proof-{os.getpid()}.{'mjs' if esm else 'cjs'}")
    with open(path, "w", encoding="utf-8") as out:
        out.write(run["code"] + footer)
    try:
        done = subprocess.run(["node", DRIVER, path], capture_output=True, text=True, timeout=30, check=False,
                              env={**_ENVIRONMENT, **run.get("env", {})})
    finally:
        os.unlink(path)
    if done.returncode != 0:
        return {"outcomes": [{"raised": "node failed", "where": done.stderr[-500:]}], "printed": []}
    return json.loads(done.stdout)


async def _calls(run: dict) -> list:
    os.environ.clear()
    os.environ.update(_ENVIRONMENT, **run.get("env", {}))
    namespace: dict = {"__name__": "example"}
    outcomes: list = []
    try:
        exec(compile(run["code"], "example.py", "exec"), namespace)  # noqa: S102 - the example under proof
    except Exception as exc:  # noqa: BLE001 - an exception is an outcome to compare
        return [_raised(exc)]
    for name, expression in run.get("inject", {}).items():
        namespace[name] = eval(expression, namespace)
    for call in run["calls"]:
        try:
            value = eval(call, namespace)
            if asyncio.iscoroutine(value):
                value = await value
            outcomes.append({"value": _plain(value)})
        except Exception as exc:  # noqa: BLE001
            outcomes.append(_raised(exc))
    outcomes.append({"globals": {k: _plain(v) for k, v in namespace.items() if _is_data(v) and not k.startswith("__")}})
    return outcomes


def _raised(exc: BaseException) -> dict:
    return {"raised": type(exc).__name__, "where": traceback.format_exception_only(exc)[-1].strip()}


def _is_data(value: object) -> bool:
    return isinstance(value, (str, bytes, int, float, bool, list, tuple, dict, set, type(None)))


def _plain(value: object) -> object:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, set):
        return sorted((_plain(v) for v in value), key=repr)
    if isinstance(value, dict):
        return {str(_plain(k)): _plain(v) for k, v in value.items()}
    return value if isinstance(value, (str, int, float, bool, type(None))) else repr(type(value).__name__)


def _keyspace(admin: redis.Redis) -> dict:
    out = {}
    for key in sorted(admin.keys("*")):  # noqa: RDS101 - a test's own tiny database
        kind = admin.type(key)
        read = {
            "string": admin.get, "hash": admin.hgetall, "list": lambda k: admin.lrange(k, 0, -1),
            "set": lambda k: sorted(admin.smembers(k)), "zset": lambda k: admin.zrange(k, 0, -1, withscores=True),
        }.get(kind, lambda k: None)
        out[key] = {"type": kind, "value": _plain(read(key)), "ttl": admin.ttl(key) >= 0}
    return out


if __name__ == "__main__":
    main()
