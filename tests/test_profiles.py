"""Library profiles: each file is told about its own library's API, and no
check spells a library's method or option itself."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

from linter44s import commands, profiles
from linter44s.facts import Flavor
from linter44s.profiles import Profile
from linter44s.python import clients
from tests.helpers import lint

ROOT = Path(__file__).resolve().parent.parent
CHECKS = ROOT / "linter44s" / "checks"

PYTHON = '''
import {module}
r = {constructor}

def purge():
    return r.keys("session:*")

def tags(k):
    return r.smembers(k)

def save(k, v):
    r.set(k, v)

def take(k, token):
    return r.set(k, token, {nx})

def page():
    r.incr("page:views")
    r.get("page:title")
    r.get("page:body")
'''

JAVASCRIPT = """
{imports}
async function purge() { return redis.keys("session:*"); }
async function tags(k) { return redis.smembers(k); }
async function save(k, v) { await redis.set(k, v); }
async function take(k, token) { return redis.set(k, token, {nx}); }
async function page() {
  await redis.incr("page:views");
  await redis.get("page:title");
  await redis.get("page:body");
}
"""


def _told(code: str, path: str, batching: str = "RDS404") -> str:
    """Every message and fix title a user sees for this file, in one text."""
    report = lint(code, path=path)
    assert report.error is None, report.error
    seen = {d.code for d in report.diagnostics}
    assert {"RDS101", "RDS104", "RDS201", "RDS203", batching} <= seen, seen
    return "\n".join(f"{d.message} | {d.fix.message if d.fix else ''}" for d in report.diagnostics)


def _js(imports: str, nx: str) -> str:
    return JAVASCRIPT.replace("{imports}", imports).replace("{nx}", nx)


IOREDIS = _js('const Redis = require("ioredis");\nconst redis = new Redis();', '"NX"')
IOVALKEY = _js('import Valkey from "iovalkey";\nconst redis = new Valkey();', '"NX"')
NODE_REDIS = _js('const { createClient } = require("redis");\nconst redis = createClient();', "{ NX: true }")
NODE_REDIS_V4 = _js('import { createClient } from "@redis/client";\nconst redis = createClient();', "{ NX: true }")

# node-redis v3: callbacks, no iterators, no option objects, `batch()` for a pipeline.
NODE_REDIS_V3 = """
const redisLib = require("redis");
const redis = redisLib.createClient();
function purge(cb) { redis.keys("session:*", cb); }
function tags(k, cb) { redis.smembers(k, cb); }
function save(k, v) { redis.set(k, v); }
function take(k, token, cb) { redis.set(k, token, "NX", cb); }
function page(cb) {
  redis.incr("page:views", function (err) {});
  redis.get("page:title", (err, title) => {});
  redis.get("page:body", cb);
}
function each(ids, cb) { for (const id of ids) { redis.hgetall("user:" + id, cb); } }
"""

# (code, path, what the user must read, what they must never read)
CASES = {
    "redis-py": (
        PYTHON.format(module="redis", constructor="redis.Redis(socket_timeout=5)", nx="nx=True"),
        "app/x.py",
        ("`scan_iter`", "`sscan_iter`", "`ex=3600`", "`pipe.execute()`"),
        ("scanStream", "scanIterator", "'EX'", "{ EX", "exec()", "execAsPipeline"),
    ),
    "ioredis": (
        IOREDIS, "app/x.js",
        ("`scanStream({ match: pattern })`", "`sscanStream`", "`'EX', 3600`", "`redis.pipeline()...exec()`", "'NX'"),
        ("scan_iter", "sScanIterator", "scanIterator", "nx=True", "ex=", "execute()", "execAsPipeline", "{ EX"),
    ),
    "iovalkey": (
        IOVALKEY, "app/x.js",
        ("`sscanStream`", "`'EX', 3600`", "`redis.pipeline()...exec()`"),
        ("sScanIterator", "nx=True", "execAsPipeline", "(node-redis)"),
    ),
    "node-redis": (
        NODE_REDIS, "app/x.js",
        ("`scanIterator({ MATCH: pattern })`", "`sScanIterator`", "`{ EX: 3600 }`", "`redis.multi()...execAsPipeline()`", "NX: true"),
        ("sscanStream", "scanStream", "scan_iter", "nx=True", "ex=", "execute()", "'EX'", "(ioredis)"),
    ),
    "node-redis v3": (
        NODE_REDIS_V3, "app/x.js",
        ("`scan(cursor, 'MATCH', pattern, callback)`", "'EX', 3600, callback", "a `batch()` sent with `exec(callback)`", "'NX', 'EX'"),
        ("scanIterator", "ScanIterator", "sscanStream", "{ EX", "execAsPipeline", "scan_iter", "nx=True", "NX: true"),
    ),
    "@redis/client": (
        NODE_REDIS_V4, "app/x.ts",
        ("`sScanIterator`", "`{ EX: 3600 }`", "execAsPipeline()"),
        ("sscanStream", "nx=True", "'EX'"),
    ),
}


@pytest.mark.parametrize("library", sorted(CASES))
def test_each_library_is_told_its_own_api(library: str) -> None:
    code, path, must, never = CASES[library]
    # Callbacks do not wait for each other's replies: v3's run of them is no RDS404; its loop is RDS403.
    told = _told(code, path, "RDS403" if library == "node-redis v3" else "RDS404")
    for text in must:
        assert text in told, (text, told)
    for text in never:
        assert text not in told, (text, told)


def test_a_javascript_file_of_unknown_library_is_told_both_labelled() -> None:
    told = _told(_js('const redis = require("./store");', '"NX"'), "app/x.js")
    assert "`sscanStream` (ioredis) or `sScanIterator` (node-redis)" in told
    assert "nx=True" not in told and "execute()" not in told


def test_coredis_is_a_client_library_with_its_own_timeout_option() -> None:
    code = PYTHON.format(module="coredis", constructor="coredis.Redis()", nx="condition=PureToken.NX")
    report = lint(code, path="app/x.py")
    by_code = {d.code: d for d in report.diagnostics}
    assert "RDS101" in by_code and "RDS104" in by_code  # its clients are seen at all
    assert "`stream_timeout`" in by_code["RDS304"].message and "socket_timeout" not in by_code["RDS304"].message
    assert "condition=PureToken.NX" in by_code["RDS203"].fix.message
    assert by_code["RDS201"].fix.edits == ()  # the frontend's edits speak redis-py, not coredis
    given = lint(code.replace("coredis.Redis()", "coredis.Redis(stream_timeout=5)"), path="app/x.py")
    assert "RDS304" not in {d.code for d in given.diagnostics}


def test_aioredis_1_options_and_iterators() -> None:
    code = '''
import aioredis

async def main(k, v):
    r = await aioredis.create_redis_pool("redis://localhost")
    await r.set(k, v, expire=30)
    return await r.smembers(k)
'''
    found = {d.code: d for d in lint(code, path="app/x.py").diagnostics}
    assert "RDS201" not in found  # `expire=30` is its TTL
    assert "RDS304" not in found  # aioredis 1.x has no read timeout to set
    assert "`isscan`" in found["RDS104"].fix.message
    flagged = {d.code: d for d in lint(code.replace(", expire=30", ""), path="app/x.py").diagnostics}
    assert "`set(key, value, expire=3600)`" in flagged["RDS201"].fix.message and flagged["RDS201"].fix.edits == ()


def test_aliases_from_profiles_are_commands() -> None:
    io = """
const Redis = require("ioredis");
const redis = new Redis();
async function f(ids) {
  for (const id of ids) { await redis.getBuffer(`img:${id}`); }
}
"""
    node = """
import { createClient } from "redis";
const client = createClient();
export async function all() { return client.KEYS("*"); }
"""
    assert [d.code for d in lint(io, path="app/x.js").diagnostics] == ["RDS401"]
    assert [d.code for d in lint(node, path="app/x.js").diagnostics] == ["RDS101"]
    batched = io.replace("for (const id of ids) { await redis.getBuffer(`img:${id}`); }", "await redis.mgetBuffer(ids);")
    assert lint(batched, path="app/x.js").diagnostics == ()
    assert lint(node.replace('client.KEYS("*")', 'client.GET("a:b")'), path="app/x.js").diagnostics == ()
    assert commands.JS_METHODS["hgetallBuffer"] == "HGETALL" and commands.JS_METHODS["SET"] == "SET"
    assert commands.PYTHON_METHODS["iscan"] == "SCAN"


def test_checking_python_builds_no_javascript_method_table() -> None:
    """The method tables are built on first use: a worker that only meets
    Python files never builds the JavaScript ones (a few ms per process)."""
    import json
    import subprocess
    import sys

    script = (
        "import json\n"
        "from linter44s import commands\n"
        "from linter44s.config import Settings\n"
        "from linter44s.engine import lint_text\n"
        "r = lint_text('import redis\\nr = redis.Redis()\\nr.keys(\"a:*\")\\n', 'app.py', Settings(root='.'))\n"
        "print(json.dumps([[d.code for d in r.diagnostics], sorted(n for n in commands._TABLES if n in vars(commands))]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    assert json.loads(done.stdout) == [["RDS101"], ["PYTHON_METHODS", "RAW_METHODS"]]


@pytest.mark.parametrize(
    ("qualname", "kind", "flavor", "library"),
    [
        ("redis.Redis", "client", Flavor.SYNC, "redis-py"),
        ("redis.asyncio.Redis.from_url", "client", Flavor.ASYNC, "redis-py"),
        ("redis.ConnectionPool.from_url", "pool", Flavor.SYNC, "redis-py"),
        ("valkey.Redis", "client", Flavor.SYNC, "valkey-py"),
        ("valkey.asyncio.Valkey", "client", Flavor.ASYNC, "valkey-py"),
        ("coredis.RedisCluster", "client", Flavor.ASYNC, "coredis"),
        ("coredis.sentinel.Sentinel", "sentinel", Flavor.ASYNC, "coredis"),
        ("aioredis.from_url", "client", Flavor.ASYNC, "aioredis"),
        ("aioredis.create_redis_pool", "client", Flavor.ASYNC, "aioredis-1"),
        ("fakeredis.FakeAsyncRedis", "client", Flavor.ASYNC, "fakeredis"),
        ("django_redis.get_redis_connection", "client", Flavor.SYNC, "django-redis"),
    ],
)
def test_python_constructors_come_from_the_profiles(qualname: str, kind: str, flavor: Flavor, library: str) -> None:
    assert clients.constructed(qualname) == clients.Made(kind, flavor, library)  # type: ignore[arg-type]


def test_what_is_not_a_constructor() -> None:
    assert clients.constructed("django_redis.cache.RedisCache") is None  # a Django cache, not a client
    assert clients.constructed("coredis.exceptions.ResponseError") is None
    assert clients.positional_params("coredis.Redis") == ("host", "port", "db")


def _import_line(profile: Profile, root: str) -> str:
    if profile.language == "python":
        return f"import {root}\n" + ("r = await aioredis.create_redis_pool(url)\n" if profile.name == "aioredis-1" else "")
    return f"const lib = require('{root}');\n"


@pytest.mark.parametrize("profile", profiles.PROFILES, ids=lambda p: p.name)
def test_for_text_finds_each_library_from_its_import(profile: Profile) -> None:
    for root in profile.roots:
        assert profiles.for_text(_import_line(profile, root), profile.language) is profile


@pytest.mark.parametrize("profile", profiles.PROFILES, ids=lambda p: p.name)
def test_each_library_root_spells_a_prefilter_word(profile: Profile) -> None:
    """The prefilter, and the import scan of unparsed files, know a library by these words alone."""
    from linter44s.prefilter import LIBRARY_WORDS
    from linter44s.python.imports import from_imports

    for root in profile.roots:
        assert LIBRARY_WORDS.search(root.lower()), root
        if profile.language == "python":
            assert from_imports(f"from {root} import Client\nfrom app.{root} import store\n") == (("store", f"app.{root}", "store"),)


def test_for_text_without_a_library_import() -> None:
    assert profiles.for_text("from .store import client\n", "python").name == "redis-py"
    assert profiles.for_text("import x from './store';\n", "javascript").name == "javascript"
    # A string that merely mentions a module is no import.
    assert profiles.for_text("name = 'ioredis'\n", "javascript").name == "javascript"
    # The first import wins, wherever each kind of import statement is.
    assert profiles.for_text("from coredis import Redis\nimport redis\n", "python").name == "coredis"
    assert profiles.for_text("import redis\nfrom coredis import Redis\n", "python").name == "redis-py"
    assert profiles.for_text("import Redis from 'ioredis';\nconst r = require('redis');\n", "javascript").name == "ioredis"
    assert profiles.for_text("x.import coredis\n", "python").name == "redis-py"  # not an import statement


# Words every library shares: Redis's own command and option words,
# placeholders of the examples, and language keywords.
_SHARED = {"key", "value", "token", "pattern", "ttl", "client", "pipe", "times", "retries", "field", "member", "score",
           "name", "async", "await", "with", "as", "True", "true", "os", "environ", "process", "env", "Math", "min", "x", "n"}


def _library_words() -> tuple[set[str], set[str]]:
    """(distinctive, plain) names of methods, options and helpers that some
    profile spells: `scan_iter`, `sscanStream`, `stream_timeout` are
    distinctive; `execute`, `exec`, `maxsize` are plain words."""
    canonical = {c for p in profiles.PROFILES for c in p.options.values()}
    redis_words = {name.lower() for name in commands.COMMANDS} | {"ex", "px", "nx", "xx", "exec", "multi", "match", "type"}
    found: set[str] = set()
    for p in profiles.PROFILES:
        advice = [v for v in vars_of(p.spelling) if isinstance(v, str)] + list(p.spelling.iterators.values())
        texts = [code for text in advice for code in re.findall(r"`([^`]*)`", text)]  # the code in it, not the prose
        texts += list(p.aliases) + list(p.options) + list(p.pipeline_openers)
        for text in texts:
            found |= set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text))
    found = {w for w in found if w.lower() not in redis_words and w not in _SHARED and w.lower() not in canonical}
    distinctive = {w for w in found if "_" in w.strip("_") or re.search(r"[a-z][A-Z]", w)}
    return distinctive, found - distinctive


def vars_of(spelling) -> list[object]:
    return [getattr(spelling, name) for name in spelling.__slots__]


def _code_of(path: Path) -> str:
    """A module's text with comments and docstrings blanked: what it says to users and does."""
    text = path.read_text()
    lines = text.splitlines(keepends=True)
    docstrings = {
        node.body[0].lineno
        for node in ast.walk(ast.parse(text))
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and ast.get_docstring(node, clean=False) is not None
    }
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type == tokenize.COMMENT or (tok.type == tokenize.STRING and tok.start[0] in docstrings):
            for row in range(tok.start[0], tok.end[0] + 1):
                line = lines[row - 1]
                start = tok.start[1] if row == tok.start[0] else 0
                end = tok.end[1] if row == tok.end[0] else len(line.rstrip("\n"))
                lines[row - 1] = line[:start] + " " * (end - start) + line[end:]
    return "".join(lines)


def test_no_check_spells_a_library_method_or_option() -> None:
    distinctive, plain = _library_words()
    assert {"scan_iter", "sscanStream", "execAsPipeline", "stream_timeout", "retryStrategy"} <= distinctive
    assert {"execute", "pipeline", "maxsize", "iscan"} <= plain
    offenders = []
    for module in sorted(CHECKS.glob("*.py")):
        text = _code_of(module)
        for word in distinctive:
            if re.search(rf"\b{re.escape(word)}\b", text):
                offenders.append((module.name, word))
        for word in plain:  # as code: `execute()`, `pipeline(`, `maxsize=`
            if re.search(rf"`{re.escape(word)}\b|\b{re.escape(word)}(\(|=)", text):
                offenders.append((module.name, word))
    assert offenders == []


def test_docs_list_every_library() -> None:
    page = (ROOT / "docs" / "libraries.md").read_text()
    for profile in profiles.PROFILES:
        assert f"`{profile.name}`" in page, profile.name
        for root in profile.roots:
            assert f"`{root}`" in page, root


def test_data_structure_advice_names_the_library_methods() -> None:
    code = """
const { createClient } = require("redis");
const client = createClient();
async function seen(u) {
  const items = await client.lRange("queue:users", 0, -1);
  return items.includes(u);
}
async function bump() {
  const n = Number(await client.get("count:hits"));
  await client.set("count:hits", n + 1, { EX: 60 });
}
async function work() {
  await client.lPush("jobs:q", "a");
  return client.lPop("jobs:q");
}
"""
    fixes = {d.code: d.fix.message for d in lint(code, path="app/x.js").diagnostics if d.fix}
    assert "`sAdd` to add, `sIsMember` to test" in fixes["RDS603"]
    assert "`incrBy(key, n)`" in fixes["RDS605"]
    assert "`rPop` (or `brPop` in a worker)" in fixes["RDS602"]
    python = lint("import redis\nr = redis.Redis(socket_timeout=5)\ndef work():\n    r.lpush('jobs:q', 'a')\n    return r.lpop('jobs:q')\n")
    assert "`rpop` (or `brpop` in a worker)" in python.diagnostics[0].fix.message


V3_STYLES = {
    "an error-first callback": 'client.get("k", function (err, reply) {});',
    "an arrow callback": 'client.hgetall("k", (err, fields) => {});',
    "a callback passed by name": 'function load(cb) { client.smembers("k", cb); }',
    "a v3 option": "const other = redis.createClient({ retry_strategy: () => 1000 });",
    "v4's legacy mode": "const other = redis.createClient({ legacyMode: true });",
}
V4_STYLES = {
    "awaited commands": 'async function f() { await client.get("k"); }',
    "an express route": 'app.get("/", (req, res) => res.send("ok"));',
    "a callback to something that is no command": 'fs.readFile("p", (err, data) => {});',
    "an error handler": "app.use((err, req, res, next) => next(err));",
}
HEAD = 'const redis = require("redis");\nconst client = redis.createClient();\n'


@pytest.mark.parametrize("line", V3_STYLES.values(), ids=V3_STYLES.keys())
def test_node_redis_v3_style_is_told_apart(line: str) -> None:
    assert profiles.for_text(HEAD + line, "javascript").name == "node-redis-3"


@pytest.mark.parametrize("line", V4_STYLES.values(), ids=V4_STYLES.keys())
def test_node_redis_v4_style_stays_v4(line: str) -> None:
    assert profiles.for_text(HEAD + line, "javascript").name == "node-redis"


def test_a_v3_file_gets_no_edit_written_in_v4s_api() -> None:
    """`set(k, v)` -> `set(k, v, { EX: 3600 })` would make v3 send "[object Object]"."""
    from tests.helpers import fixed

    v3 = HEAD + 'function save(k, v) { client.set(k, v); }\nfunction load(cb) { client.get("k", cb); }\n'
    assert fixed(v3, unsafe=True, path="app/x.js", select=("RDS201",)) == v3
    v4 = HEAD + "async function save(k, v) { await client.set(k, v); }\n"
    assert "{ EX: 3600 }" in fixed(v4, unsafe=True, path="app/x.js", select=("RDS201",))


def test_telling_v3_apart_is_bounded_on_any_file() -> None:
    """A stranger's file may be built to make the scan slow: it reads at most 2,000
    callbacks, each against its 8 nearest calls, and still answers right on these
    2 MB files built for it (no timing asserted: bench/ and the per-file budget)."""
    from linter44s.profiles.node_redis import is_v3_style

    assert not is_v3_style("x" + ".a(" * 100 + ",cb)" * 200000)
    assert not is_v3_style(".zzz(x, cb)" * 100000)
    assert is_v3_style(("client.get(a" * 60 + ", cb)") * 3000)  # the last call before `, cb)` is a command
    assert is_v3_style('client.get(key.concat(c), (err, v) => {});')  # the nearest call, `.concat(`, is not the one
