"""A top-level function or class that names Redis only in prose (comments and
docstrings) is left out of the focused parse; one that names it in code is not."""

from __future__ import annotations

import pytest

from linter44s.config import DEFAULT_CLIENT_NAME_PATTERN, Settings
from linter44s.prefilter import Mentions
from linter44s.python.prose import names_library_in_code


@pytest.mark.parametrize(
    ("unit", "in_code"),
    [
        ("def f(d):\n    # entries are cached in Redis\n    return d.keys()\n", False),
        ('def f(d):\n    """Read what Redis-backed caches hold."""\n    return d.keys()\n', False),
        ("def f(d):\n    '''Redis, in a docstring of single quotes.'''\n    return d\n", False),
        ("def f():\n    return from_url('redis://localhost')\n", True),  # a value, not prose
        ("def f():\n    # Redis first\n    return redis.Redis()\n", True),
        ("def f():\n    s = '# not a comment'\n    return Redis()\n", True),
        ('def f():\n    """Redis."""\n    x = "#"  # then code\n    return valkey.Valkey()\n', True),
        ("def f(cache):\n    return cache.get_client(write=True)\n", True),
        ("def f(x):\n    return x\n", False),
    ],
)
def test_library_named_in_code(unit: str, in_code: bool):
    text = "import os\n\n\n" + unit
    mentions = Mentions(text, Settings())
    assert names_library_in_code(mentions, len("import os\n\n\n"), len(text)) is in_code


def test_a_users_name_pattern_counts_wherever_it_is():
    unit = "def f(d):\n    # the cache_conn pool\n    return d\n"
    settings = Settings(client_name_pattern=r"cache_conn")
    assert settings.client_name_pattern != DEFAULT_CLIENT_NAME_PATTERN
    assert names_library_in_code(Mentions(unit, settings), 0, len(unit))
