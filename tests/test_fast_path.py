"""The fast road (prefilter, worker processes, cache) gives byte-for-byte the
findings of the plain road (parse every file, one process, no cache)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from linter44s.config import Settings
from linter44s.discovery import discover
from linter44s.engine import RunOptions, check_paths

ROOT = Path(__file__).resolve().parent.parent


def _corpus(tmp_path: Path) -> tuple[list[str], Settings]:
    """Fixtures, rule examples as files, and enough copies to start workers."""
    from linter44s.registry import RULES

    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "fixtures", corpus / "fixtures")
    for rule in RULES.values():
        for i, example in enumerate(rule.examples):
            suffix = {"python": "py", "javascript": "js", "typescript": "ts"}[example.language]
            name = example.filename or f"examples/{rule.code}_{i}.{suffix}"
            target = corpus / rule.code / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(example.code)
    for copy in range(3):
        shutil.copytree(corpus / "fixtures", corpus / f"copy{copy}")
    for n in range(60):  # files with nothing to do with Redis, for the prefilter to skip
        (corpus / "plain" / f"m{n}.py").parent.mkdir(parents=True, exist_ok=True)
        (corpus / "plain" / f"m{n}.py").write_text(f"def f{n}(d):\n    return list(d.keys())\n")
    for name, text in FOCUS.items():
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / name).write_text(text)
    settings = replace(Settings(root=str(corpus)), select=("ALL",))
    files = [f for f in discover([str(corpus)], settings) if isinstance(f, str)]
    return files, settings


# Modules where a function or class that names nothing Redis-related still
# matters, so focused parsing must not skip it (each has several units, so
# focus applies).
_FILLER = "\n\ndef first():\n    return 1\n\n\ndef second():\n    return 2\n"
FOCUS = {
    # Units that name Redis only in prose are left out; a method reaching the module's client still counts.
    "focus/prose.py": "import redis\n\nstore = redis.Redis()\n" + _FILLER + (
        "\n\nclass Sessions:\n    \"\"\"Sessions, kept in Redis.\"\"\"\n\n"
        "    def all(self):\n        # every key: Redis walks them all\n        return store.keys('session:*')\n\n\n"
        "def plain(d):\n    \"\"\"Not Redis: a dict.\"\"\"\n    return d.keys()\n"
    ),
    # A client type imported under a name that does not say "redis".
    "focus/annotated.py": "from redis.client import Pipeline\n" + _FILLER + (
        "\n\ndef fill(pipe: Pipeline):\n    pipe.set('key1', 'value1')\n"
    ),
    # A client module imported under a plain name; a library exception, which is no client.
    "focus/module_alias.py": "from redis import asyncio as aio\nfrom redis.exceptions import ResponseError\n" + _FILLER + (
        "\n\nasync def fetch(url, ids):\n    client = aio.from_url(url)\n    out = []\n    for i in ids:\n"
        "        out.append(await client.get(i))\n    return out\n\n\n"
        "def safe(d):\n    try:\n        return d.get('k')\n    except ResponseError:\n        return None\n"
    ),
    # A class of this file, defined in a unit that names nothing: its instance is no client.
    "focus/local_class.py": "import redis\n\n\nclass Bag(dict):\n    pass\n" + _FILLER + (
        "\n\nclass Store:\n    def __init__(self):\n        self.redis_seen = Bag()\n        self.client = redis.Redis()\n\n"
        "    def lookup(self, keys):\n        out = []\n        for k in keys:\n            out.append(self.redis_seen.get(k))\n        return out\n"
    ),
    # A client imported from another checked module under a plain name.
    "focus/pkg/__init__.py": "",
    "focus/pkg/db.py": "import redis\n\nstore = redis.Redis()\n",
    # (the comment lets the file through the prefilter, so only the unit is skipped)
    "focus/pkg/views.py": "# Views over the redis store.\nfrom focus.pkg.db import store\n" + _FILLER + (
        "\n\ndef view(ids):\n    return [store.get(i) for i in ids]\n"
    ),
    "focus/pkg/local_import.py": "# Views over the redis store.\n" + _FILLER + (
        "\n\ndef view(ids):\n    from focus.pkg.db import store\n\n    return [store.get(i) for i in ids]\n"
    ),
}


def _lines(result) -> list[str]:
    return [f"{d.path}:{d.span.line}:{d.span.col}:{d.span.end_line}:{d.span.end_col}: {d.code} {d.message} {d.fix}" for d in result.diagnostics]


def test_fast_path_equals_plain_full_parse(tmp_path):
    files, settings = _corpus(tmp_path)
    assert len(files) > 100
    _, plain = check_paths(files, settings, RunOptions(exhaustive=True))
    _, fast = check_paths(files, settings, RunOptions(jobs=2))
    cache_dir = str(tmp_path / "cache")
    _, cold = check_paths(files, settings, RunOptions(jobs=2, cache_dir=cache_dir))
    _, warm = check_paths(files, settings, RunOptions(jobs=2, cache_dir=cache_dir))
    assert len(plain.diagnostics) > 50
    flagged = {(Path(d.path).relative_to(settings.root).as_posix(), d.code) for d in plain.diagnostics}
    assert {("focus/annotated.py", "RDS201"), ("focus/pkg/views.py", "RDS401"), ("focus/module_alias.py", "RDS401"),
            ("focus/prose.py", "RDS101")} <= flagged
    assert ("focus/local_class.py", "RDS401") not in flagged
    assert _lines(fast) == _lines(plain)
    assert _lines(cold) == _lines(plain)
    assert _lines(warm) == _lines(plain)
    assert [e.message for e in warm.errors] == [e.message for e in plain.errors]


def test_output_order_is_stable(tmp_path):
    files, settings = _corpus(tmp_path)
    _, one = check_paths(files, settings, RunOptions(jobs=1))
    _, two = check_paths(list(reversed(files)), settings, RunOptions(jobs=2))
    assert _lines(one) == _lines(two)


def test_prefilter_tells_english_words_from_client_names():
    from linter44s.engine import may_talk_to_redis

    settings = Settings()
    for text in ("restoreDisplay()", "preDispatch", "redistribute", "rediscover", "a.redisplay()"):
        assert not may_talk_to_redis(text, settings), text
    for text in ("import redis", "RedisCluster", "ioredis", "redis_py", "run_if_redispy", "valkey", "cache.client.get_client()", "redisearch"):
        assert may_talk_to_redis(text, settings), text
