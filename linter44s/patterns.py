"""The user's regular expressions (`client-name-pattern`, `key-pattern`), in linear time.

Python's `re` backtracks: `(a+)+$` never ends on a long run of `a`, and
`^(a|aa)+$` takes half a minute on a 41-character key, so a configuration
(or a hostile repository's) could hang every run.  A pattern the user wrote
runs on RE2 (google-re2), whose time is linear in the text, as ruff's regex
crate is; RE2 has no look-around and no backreferences, which the
configuration error says.  Our own defaults are known safe and keep `re`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from linter44s.config import DEFAULT_CLIENT_NAME_PATTERN, DEFAULT_KEY_PATTERN

# A name or a key longer than this is matched on its first MAX_SUBJECT characters:
# none is that long in real code, and the cost of one match stays bounded.
MAX_SUBJECT = 4096
_OURS = frozenset({DEFAULT_CLIENT_NAME_PATTERN, DEFAULT_KEY_PATTERN})


@dataclass(frozen=True)
class UserPattern:
    regex: Any  # re.Pattern for our defaults, re2's compiled pattern for the user's
    slices: bool  # re2 encodes the whole text on each call: give it only the part to search

    def search(self, subject: str) -> bool:
        """Does the pattern occur in a name (at most MAX_SUBJECT characters of it)?"""
        return self.regex.search(subject[:MAX_SUBJECT]) is not None

    def fullmatch(self, subject: str) -> bool:
        """Does the pattern match the whole of a key (at most MAX_SUBJECT characters of it)?"""
        return self.regex.fullmatch(subject[:MAX_SUBJECT]) is not None

    def occurs_within(self, text: str, start: int, end: int) -> bool:
        """Does the pattern occur in text[start:end] (a whole file or a part of one)?"""
        if self.slices:
            return self.regex.search(text[start:end]) is not None
        return self.regex.search(text, start, end) is not None


@lru_cache(maxsize=32)
def compile_user(pattern: str) -> UserPattern:
    """The pattern, ready to match in linear time (raises ValueError when RE2 cannot take it)."""
    if pattern in _OURS:
        return UserPattern(re.compile(pattern), slices=False)
    import re2  # type: ignore[import-untyped]  # here: only a configuration with its own patterns loads it

    options = re2.Options()
    options.log_errors = False  # the error is ours to say, in one line
    try:
        return UserPattern(re2.compile(pattern, options=options), slices=True)
    except re2.error as exc:
        reason = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise ValueError(reason) from None


def problem(pattern: str) -> str | None:
    """What is wrong with a user's pattern, in words for a configuration error; None when nothing is."""
    try:
        re.compile(pattern)
    except re.error as exc:
        return f"is not a valid regular expression: {exc}"
    try:
        compile_user(pattern)
    except ValueError as exc:
        return (
            "uses what linter44s's linear-time regex engine (RE2) does not support, such as look-around, "
            f"backreferences or \\Z ({exc}); write it without them (\\z for the end of the text)"
        )
    return None
