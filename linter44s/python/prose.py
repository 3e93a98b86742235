"""Where a top-level function or class names a client library in its code,
not only in its prose (comments and docstrings): the focused parse
(frontend._parse_focused, statements.Walker.module_block) leaves out a unit
whose only `Redis` is a "cached in Redis" in a comment or a docstring.
Prose cannot carry a client; the names a unit's code may use to reach one
are followed by the semantic model's own test (SemanticModel.client_names)."""

from __future__ import annotations

from collections.abc import Iterator

from linter44s.noqa import python_lex
from linter44s.prefilter import LIBRARY_WORDS, Mentions


def names_library_in_code(mentions: Mentions, start: int, end: int) -> bool:
    """Does text[start:end] (a unit, which starts outside any string) name a
    library outside its comments and triple-quoted strings?  Also true for
    what `Mentions.within` cannot tell apart (a user's name pattern, text
    whose lower-casing moves offsets)."""
    if not mentions.within(start, end):
        return False
    lowered = mentions.lowered
    if lowered is None or mentions.pattern is not None:
        return True
    prose = _prose(mentions.text, start, end)
    span = next(prose, None)
    for found in LIBRARY_WORDS.finditer(lowered, start, end):
        at = found.start()
        while span is not None and span[1] <= at:
            span = next(prose, None)
        if span is None or at < span[0]:
            return True  # before the next comment or docstring: code
    return False


def _prose(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each comment and triple-quoted string from `start`, in order;
    other strings are stepped over (a `#` in one starts no comment)."""
    for token in python_lex(text, start, end):
        if token.lastgroup == "comment" or text.startswith(('"""', "'''"), token.start()):
            yield token.start(), token.end()
