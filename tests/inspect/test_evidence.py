"""`check --inspect-report`: a real report of the seeded server, joined to real findings."""

from __future__ import annotations

import json

import pytest

from tests.inspect import seed as s

APP = '''
import redis

r = redis.Redis()


def save_profile(uid, data):
    r.set(f"user:{uid}:profile", data)


def save_session(sid, data):
    r.set(f"session_{sid}", data)


def all_carts():
    return r.keys("cart:*")


def profiles(ids):
    return [r.get(f"user:{i}:profile") for i in ids]


def store(key, value):
    r.set(key, value, ex=60)


def touch_user(uid):
    r.set(f"user:{uid}", 1)


def jobs():
    return r.lrange("queue:jobs", 0, -1)
'''

JS = '''
const { createClient } = require("redis");
const client = createClient();

async function saveProfile(id, data) {
  await client.set(`user:${id}:profile`, data);
}
'''


@pytest.fixture
def app(project, seeded):
    project.write("app.py", APP)
    project.write("web.js", JS)
    result = project.run("inspect", "--url", seeded.url, "--output-format", "json")
    assert result.returncode == 0, result.stderr.decode()
    (project.folder / "report.json").write_bytes(result.stdout)
    return project


def _findings(project, *args: str) -> tuple[dict[tuple[str, str, int], dict], str]:
    result = project.run("check", "--no-cache", "--output-format", "json", *args, "app.py", "web.js")
    assert result.returncode == 1, result.stderr.decode()
    found = {(f["filename"], f["code"], f["location"]["row"]): f for f in json.loads(result.stdout)}
    return found, result.stderr.decode()


def test_findings_carry_the_runtime_evidence(app):
    plain, _ = _findings(app)
    joined, _ = _findings(app, "--inspect-report", "report.json")
    assert plain.keys() == joined.keys()
    share = f"{len(range(0, s.USERS, 3)) / s.USERS:.0%} of {s.USERS} sampled keys have no TTL"
    for where in (("app.py", "RDS201", 8), ("web.js", "RDS201", 6)):
        assert joined[where]["message"] == plain[where]["message"] + f" (runtime, {app_url(app)}: `user:{{}}:profile`: {share})"
        assert (plain[where]["severity"], joined[where]["severity"]) == ("warning", "error")
    session = ("app.py", "RDS201", 12)  # every session key has a TTL at runtime: said, not raised
    assert f"`session_{{}}`: all {s.SESSIONS} sampled keys have a TTL" in joined[session]["message"]
    assert joined[session]["severity"] == plain[session]["severity"]
    flat = ("app.py", "RDS501", 12)
    assert "`session_{}` is a flat name" in joined[flat]["message"]
    assert f"KEYS ran {s.KEYS_CALLS:,} times" in joined[("app.py", "RDS101", 16)]["message"]
    get = joined[("app.py", "RDS401", 20)]
    assert "single-key GET calls" in get["message"] and get["severity"] == "error"


def test_a_hole_is_one_segment_when_a_family_fits_so(app):
    joined, _ = _findings(app, "--inspect-report", "report.json")
    assert "runtime" not in joined[("app.py", "RDS201", 28)]["message"]  # user:{} is no user:{}:profile


def test_a_big_collection_is_raised(app):
    plain, _ = _findings(app, "--extend-select", "RDS104")
    joined, _ = _findings(app, "--extend-select", "RDS104", "--inspect-report", "report.json")
    where = ("app.py", "RDS104", 32)
    assert f"a list of {s.BIG_LIST:,} elements" in joined[where]["message"]
    assert (plain[where]["severity"], joined[where]["severity"]) == ("info", "warning")


def app_url(project) -> str:
    return json.loads((project.folder / "report.json").read_text())["server"]["target"]


def test_families_no_code_writes_are_written_elsewhere(app):
    _, err = _findings(app, "--inspect-report", "report.json")
    note = next(line for line in err.splitlines() if "written elsewhere" in line)
    for family in ("`cart:{}:items` (40 keys)", "`queue:jobs` (1 key)", "`featuredProducts` (1 key)"):
        assert family in note
    assert "user:{}:profile" not in note and "session_{}" not in note
    assert "1 write builds its key elsewhere" in note  # store(key, value)


def test_text_output_shows_it_too(app):
    result = app.run("check", "--no-cache", "--inspect-report", "report.json", "app.py")
    assert "sampled keys have no TTL" in result.stdout.decode()


@pytest.mark.parametrize(("content", "says"), [
    (None, "cannot read it"),
    ("{not json", "not JSON"),
    ('{"version": 1, "families": []}', "not an inspect report"),
    ('{"version": 7}', "report version 7"),
])
def test_a_bad_report_is_one_line(project, content, says):
    project.write("app.py", APP)
    if content is not None:
        project.write("report.json", content)
    result = project.run("check", "--no-cache", "--inspect-report", "report.json", "app.py")
    err = result.stderr.decode()
    assert result.returncode == 2 and says in err and len(err.strip().splitlines()) == 1, err
