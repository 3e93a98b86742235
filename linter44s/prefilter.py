"""Which text can hold a finding at all: the cheap test before any parsing.

A file (or a top-level function or class) that names no client library, no
client-like name and no client bound elsewhere cannot produce a finding, so
it is never parsed (or walked).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from linter44s.config import DEFAULT_CLIENT_NAME_PATTERN, Settings
from linter44s.patterns import compile_user

# The client libraries' names (`redis` also covers aioredis, fakeredis,
# django_redis, ioredis, @redis/client) and django-redis's
# `cache.client.get_client()`.  Matched in lower-cased text, where
# `restoreDisplay`, `preDispatch` and "redistribute" also spell "redis":
# those English words are told apart.
LIBRARY_WORDS = re.compile(r"redis(?!p[^y]|tribut|cov|count|trict|solv)|valkey|\.get_client\(")


_WORDS = ("redis", "valkey", ".get_client(")
_WORDS_BYTES = tuple(word.encode() for word in _WORDS)


class Mentions:
    """Does a part of one text name a client library or a client-like name?
    The text is lower-cased once for all its parts, when a part is asked about."""

    def __init__(self, text: str, settings: Settings) -> None:
        self.text = text
        self._lowered: str | None = None
        self._lowered_yet = False
        default = settings.client_name_pattern == DEFAULT_CLIENT_NAME_PATTERN  # its words are the library words
        self.pattern = None if default else compile_user(settings.client_name_pattern)

    @property
    def lowered(self) -> str | None:
        """The text in lower case; None where a character lower-cases to two (U+0130),
        so that offsets would not line up."""
        if not self._lowered_yet:
            lowered = self.text.lower()
            self._lowered = lowered if len(lowered) == len(self.text) else None
            self._lowered_yet = True
        return self._lowered

    def anywhere(self) -> bool:
        """`within` the whole text.  Most files name none of the words, and a text
        with one non-ASCII character lower-cases three times slower than its UTF-8
        bytes do (Django: 253 of 2,912 files, 22 ms against 8).  Only U+0130 and
        U+212A (Kelvin) lower-case to ASCII letters: with either, the text is
        lower-cased as a string, so the answer is always the string's."""
        text = self.text
        if self.pattern is None and not text.isascii() and "\u212a" not in text and "\u0130" not in text:
            low = text.encode("utf-8", "surrogatepass").lower()
            if not any(word in low for word in _WORDS_BYTES):
                return False
        return self.within(0, len(text))

    def within(self, start: int, end: int) -> bool:
        if self.pattern is not None and self.pattern.occurs_within(self.text, start, end):
            return True
        lowered = self.lowered
        if lowered is not None:
            low_start, low_end = start, end
        else:
            lowered = self.text[start:end].lower()
            low_start, low_end = 0, len(lowered)
        # Plain substring tests first: far faster than the regex, and most text names none.
        if any(lowered.find(word, low_start, low_end) >= 0 for word in _WORDS):
            return LIBRARY_WORDS.search(lowered, low_start, low_end) is not None
        return False


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


def words_of(texts: Iterable[str]) -> set[str]:
    """The identifiers these texts use."""
    found: set[str] = set()
    for text in texts:
        found.update(_IDENTIFIER.findall(text))
    return found
