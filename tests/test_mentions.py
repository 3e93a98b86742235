"""The prefilter's whole-text test (prefilter.Mentions.anywhere) reads a
non-ASCII text as lower-cased UTF-8 bytes when it can: it must answer exactly
what lower-casing the string answers."""

from __future__ import annotations

import random

import pytest

from linter44s.config import Settings
from linter44s.prefilter import Mentions

SETTINGS = Settings()


def _by_string(text: str) -> bool:
    return Mentions(text, SETTINGS).within(0, len(text))


@pytest.mark.parametrize(
    "text",
    [
        "café = Redis()\n",  # non-ASCII, and a client library
        "naïve = cache.get('x')\n",  # non-ASCII, nothing
        "VAL\u212aEY_URL = 'x'  # é\n",  # the Kelvin sign lower-cases to an ASCII k: valkey
        "RED\u0130S = 1  # é\n",  # U+0130 lower-cases to i and a combining dot: not redis
        "x = client.GET_CLIENT()  # ü\n",
        "restoreDisplay()  # ü\n",  # an English word that spells redis, in lower case
        "r = rEdIs.Redis()  # ß\n",
        "s = '\ud800' + 'redis'\n",  # a lone surrogate (an editor's buffer can hold one)
        "emoji = '🚀'\n",
        "plain ascii redis\n",
        "plain ascii\n",
    ],
)
def test_the_whole_text_test_agrees_with_the_string(text: str) -> None:
    assert Mentions(text, SETTINGS).anywhere() == _by_string(text)


def test_it_agrees_on_random_texts() -> None:
    pieces = ["redis", "REDIS", "Redis", "valkey", "VAL\u212aEY", "\u0130", ".get_client(", ".GET_CLIENT(",
              "restoreDisplay", "é", "ß", "🚀", "re", "dis", " ", "\n", "x", "K", "\u212a", "ds", "predispose"]
    rng = random.Random(44)
    seen = {True: 0, False: 0}
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        expected = _by_string(text)
        seen[expected] += 1
        assert Mentions(text, SETTINGS).anywhere() == expected, text
    assert seen[True] > 100 and seen[False] > 100  # both answers were tried
