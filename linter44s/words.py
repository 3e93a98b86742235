"""Whole words in plain text, found by substring search: no pattern to
build per word, and the search jumps from one occurrence to the next.

A word character is one an identifier can hold in Python or JavaScript
(letters, digits, `_`, `$`), so `client` is not found in `client_pool`,
`$client` or `reclient`.
"""

from __future__ import annotations


def word_char(char: str) -> bool:
    return char.isalnum() or char in "_$"


def starts_word(text: str, at: int) -> bool:
    """Nothing of a word just before `at`."""
    return at == 0 or not word_char(text[at - 1])


def spelled(text: str, word: str, times: int = 1) -> bool:
    """Whether `word` stands as a whole word in `text` at least `times` times."""
    found, at, size = 0, text.find(word), len(word)
    while at >= 0:
        end = at + size
        if starts_word(text, at) and (end == len(text) or not word_char(text[end])):
            found += 1
            if found >= times:
                return True
        at = text.find(word, at + 1)
    return False
