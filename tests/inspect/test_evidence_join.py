"""The join itself, on reports made here: evidence of another command or of a
family meant to live forever is no evidence."""

from __future__ import annotations

from linter44s.config import Settings
from linter44s.engine import facts_of, lint_text, summarize
from linter44s.evidence import Inspected, RuntimeFamily, RuntimeFlag, annotate

CODE = '''import redis

r = redis.Redis()


def watch():
    return r.monitor()


def save(uid, data):
    r.set(f"user:{uid}:profile", data)
'''


def _messages(inspected: Inspected) -> dict[str, tuple[str, str]]:
    settings = Settings()
    result = summarize([lint_text(CODE, "app.py", settings)], unsafe=False)
    facts = facts_of(CODE, "app.py", settings)
    assert facts is not None
    return {d.code: (d.message, d.level) for d in annotate(result, inspected, {"app.py": facts}).diagnostics}


def test_a_command_finding_takes_only_its_own_commands_calls():
    debug = RuntimeFlag("RDS103", "DEBUG", "DEBUG ran 3 times since the server started")
    monitor = RuntimeFlag("RDS103", "MONITOR", "MONITOR ran once since the server started")
    assert "runtime" not in _messages(Inspected("redis://h:1/0", (), (debug,)))["RDS103"][0]
    message, level = _messages(Inspected("redis://h:1/0", (), (debug, monitor)))["RDS103"]
    assert message.endswith("(runtime, redis://h:1/0: MONITOR ran once since the server started)")
    assert level == "error"  # raised from warning


def test_a_family_without_ttls_but_no_flag_is_not_called_ttld():
    # No RDS201 flag although no key has a TTL: `persistent-prefixes` kept it from the flags.
    persistent = RuntimeFamily("user:{}:profile", 50, 1.0)
    assert "runtime" not in _messages(Inspected("redis://h:1/0", (persistent,), ()))["RDS201"][0]
    ttld = RuntimeFamily("user:{}:profile", 50, 0.0)
    message, level = _messages(Inspected("redis://h:1/0", (ttld,), ()))["RDS201"]
    assert "all 50 sampled keys have a TTL" in message and level == "warning"
