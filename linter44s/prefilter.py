"""Which text can hold a finding at all: the cheap test before any parsing.

A file (or a top-level function or class) that names no client library, no
client-like name and no client bound elsewhere cannot produce a finding, so
it is never parsed (or walked).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from linter44s.config import DEFAULT_CLIENT_NAME_PATTERN, Settings

# The client libraries' names (`redis` also covers aioredis, fakeredis,
# django_redis, ioredis, @redis/client) and django-redis's
# `cache.client.get_client()`.  Matched in lower-cased text, where
# `restoreDisplay`, `preDispatch` and "redistribute" also spell "redis":
# those English words are told apart.
LIBRARY_WORDS = re.compile(r"redis(?!p[^y]|tribut|cov|count|trict|solv)|valkey|\.get_client\(")


@lru_cache(maxsize=16)
def _pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def names_library_or_pattern(text: str, settings: Settings) -> bool:
    if LIBRARY_WORDS.search(text.lower()):
        return True
    if settings.client_name_pattern == DEFAULT_CLIENT_NAME_PATTERN:
        return False  # its words are the library words
    return _pattern(settings.client_name_pattern).search(text) is not None


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class AnyWord:
    """Does a text use any of these names as a word?  A set lookup per
    identifier: no regex to build for each file's own names."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = frozenset(names)

    def search(self, text: str) -> bool:
        return not self.names.isdisjoint(_IDENTIFIER.findall(text))


def any_word(names: Iterable[str]) -> AnyWord | None:
    """A matcher for whole-word occurrences of these names, or None for no names."""
    found = AnyWord(names)
    return found if found.names else None
