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


def test_a_run_with_a_report_is_never_replayed(project):
    """A recording stamps the files a run read, not the report: such a run is never kept."""
    from tests.test_snapshot import imports_click, recordings, run

    project.write("app.py", 'import redis\n\nr = redis.Redis()\nr.keys("a:*")\n')
    report = {"version": 1, "server": {"target": "redis://h:1/0"}, "families": [],
              "flags": [{"code": "RDS101", "subject": "KEYS", "message": "KEYS ran once since the server started"}]}
    import json

    project.write("report.json", json.dumps(report))
    args = ("check", "--output-format", "concise", "--inspect-report", "report.json", "app.py")
    for _ in range(3):
        project.age()
        result = run(project, *args)
        assert imports_click(result) and "KEYS ran once" in result.stdout.decode()
    assert not recordings(project)
