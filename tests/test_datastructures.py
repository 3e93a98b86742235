"""RDS6xx on real code shapes: what they must flag and what they must leave alone."""

from __future__ import annotations

import pytest

from tests.helpers import codes_at

HEAD = "import json, pickle, redis\nr = redis.Redis()\n"

FLAGGED = {
    "pickle blob": ("def f(k):\n    obj = pickle.loads(r.get(k))\n    obj.append(1)\n    r.set(k, pickle.dumps(obj))\n", [("RDS601", 6)]),
    "json blob update()": ("def f(k, extra):\n    data = json.loads(r.get(k) or '{}')\n    data.update(extra)\n    r.setex(k, 60, json.dumps(data))\n", [("RDS601", 6)]),
    "counter inline": ("def f(k):\n    r.set(k, int(r.get(k)) + 1)\n", [("RDS605", 4)]),
    "counter via names": ("def f(k):\n    v = r.get(k)\n    n = int(v) if v else 0\n    r.set(k, n + 1)\n", [("RDS605", 6)]),
    "list dedupe": ("def f(k):\n    items = r.lrange(k, 0, -1)\n    return len(set(items))\n", [("RDS603", 4)]),
    "stack rpush rpop": ("def push(x):\n    r.rpush('jobs:pending', x)\ndef pop():\n    return r.rpop('jobs:pending')\n", [("RDS602", 6)]),
    "ranking sorted hgetall": ("def f(k):\n    return sorted(r.hgetall(k).items(), key=lambda kv: -float(kv[1]))\n", [("RDS604", 4)]),
}

CLEAN = {
    "cache aside": "def f(k, compute):\n    data = r.get(k)\n    if data:\n        return json.loads(data)\n    data = compute()\n    data['n'] = 1\n    r.set(k, json.dumps(data), ex=60)\n",
    "read only json": "def f(k):\n    return json.loads(r.get(k) or '{}')['name']\n",
    "fresh object": "def f(k, user):\n    r.set(k, json.dumps({'name': user.name}), ex=60)\n",
    "other key": "def f(a, b):\n    r.set(b, int(r.get(a) or 0) + 1, ex=60)\n",
    "comparison only": "def f(k, limit):\n    current = r.get(k)\n    if current and int(current) > limit:\n        return False\n    r.incr(k)\n",
    "watch transaction": "def f(k):\n    with r.pipeline() as p:\n        p.watch(k)\n        v = int(p.get(k) or 0)\n        p.multi()\n        p.set(k, v + 1)\n        p.execute()\n",
    "bounded list read": "def f(k):\n    return [json.loads(x) for x in r.lrange(k, 0, 9)]\n",
    "fifo queue": "def push(x):\n    r.lpush('jobs:pending', x)\ndef pop():\n    return r.rpop('jobs:pending')\n",
    "reliable queue": "def push(x):\n    r.lpush('jobs:pending', x)\ndef pop():\n    r.lpop('jobs:pending')\n    return r.lmove('jobs:pending', 'jobs:working', 'RIGHT', 'LEFT')\n",
    "recent items list": "def add(x):\n    r.lpush('recent:items', x)\n    r.ltrim('recent:items', 0, 99)\ndef latest():\n    return r.lrange('recent:items', 0, 9)\n",
    "sorted keys list": "def f(k):\n    return sorted(r.lrange(k, 0, 9))\n",
}


@pytest.mark.parametrize(("source", "expected"), FLAGGED.values(), ids=FLAGGED.keys())
def test_flagged(source, expected):
    assert codes_at(HEAD + source, select=("RDS6",)) == expected


@pytest.mark.parametrize("source", CLEAN.values(), ids=CLEAN.keys())
def test_clean(source):
    assert codes_at(HEAD + source, select=("RDS6",)) == []
