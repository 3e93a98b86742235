"""RDS301's JavaScript fix: a client built in a request handler moves to module
level (javascript/rewrites/hoist.py), and the shapes where it must not."""

from __future__ import annotations

import pytest

from tests.helpers import fixed

IOREDIS = "const express = require('express');\nconst Redis = require('ioredis');\n\nconst app = express();\n\n"


def hoisted(code: str, path: str = "app/routes.js") -> str:
    return fixed(code, unsafe=True, path=path, select=("RDS301",))


def test_an_ioredis_client_moves_after_the_last_require_and_its_quit_goes():
    code = IOREDIS + (
        "app.get('/v', async (req, res) => {\n"
        "  const redis = new Redis(process.env.REDIS_URL);\n"
        "  res.json({ v: await redis.incr('v') });\n"
        "  await redis.quit();\n"
        "});\n"
    )
    assert hoisted(code) == (
        "const express = require('express');\nconst Redis = require('ioredis');\n"
        "const redis = new Redis(process.env.REDIS_URL);\n\nconst app = express();\n\n"
        "app.get('/v', async (req, res) => {\n"
        "  res.json({ v: await redis.incr('v') });\n"
        "});\n"
    )


def test_an_esm_node_redis_client_moves_with_its_connect_and_disconnect():
    code = (
        "import { createClient } from 'redis';\nimport { URL } from './settings.js';\n\n"
        "export default async function handler(req, res) {\n"
        "  const client = createClient({ url: URL });\n"
        "  await client.connect();\n"
        "  res.json({ n: await client.get('n') });\n"
        "  await client.disconnect();\n"
        "}\n"
    )
    assert hoisted(code, path="app/route.mjs") == (
        "import { createClient } from 'redis';\nimport { URL } from './settings.js';\n"
        "const client = createClient({ url: URL });\nclient.connect();\n\n"
        "export default async function handler(req, res) {\n"
        "  res.json({ n: await client.get('n') });\n"
        "}\n"
    )


NOT_HOISTED = {
    "reads request data": "  const redis = new Redis({ host: req.query.host });\n  res.json(await redis.get('k'));\n",
    "reads a module constant declared after the imports": "  const redis = new Redis({ host: HOST });\n  res.json(await redis.get('k'));\n",
    "closed before the end": "  const redis = new Redis();\n  if (!req.ok) { await redis.quit(); return; }\n  res.json(await redis.get('k'));\n",
    "closed early and at the end": "  const redis = new Redis();\n  if (!req.ok) await redis.quit();\n  res.json(await redis.get('k'));\n  await redis.quit();\n",
    "subscribes": "  const redis = new Redis();\n  await redis.subscribe('news');\n  res.json({});\n",
    "listens": "  const redis = new Redis();\n  redis.on('error', () => {});\n  res.json(await redis.get('k'));\n",
    "selects a database": "  const redis = new Redis();\n  await redis.select(2);\n  res.json(await redis.get('k'));\n",
    "rebound": "  let redis = new Redis();\n  res.json(await redis.get('k'));\n  redis = null;\n",
    "stored elsewhere": "  const redis = new Redis();\n  req.app.locals.redis = redis;\n  res.json(await redis.get('k'));\n",
    "returned": "  const redis = new Redis();\n  return redis;\n",
    "shares its line": "  const redis = new Redis(); res.json(await redis.get('k'));\n",
    "in a loop": "  for (const h of ['a', 'b']) {\n    const redis = new Redis();\n    await redis.get(h);\n  }\n  res.json({});\n",
}


@pytest.mark.parametrize("body", NOT_HOISTED.values(), ids=NOT_HOISTED.keys())
def test_a_client_that_cannot_be_shared_as_written_stays(body):
    code = IOREDIS + "const HOST = 'cache';\n\napp.get('/v', async (req, res) => {\n" + body + "});\n"
    assert hoisted(code) == code


def test_a_name_taken_at_module_level_is_not_reused():
    code = IOREDIS + "const redis = 1;\n\napp.get('/v', async (req, res) => {\n  const redis = new Redis();\n  res.json(await redis.get('k'));\n});\n"
    assert hoisted(code) == code


def test_a_function_that_is_no_handler_keeps_its_client():
    code = IOREDIS + "async function count() {\n  const redis = new Redis();\n  return redis.incr('n');\n}\n"
    assert hoisted(code) == code
