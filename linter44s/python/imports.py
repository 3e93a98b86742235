"""`from module import name` statements, read with a regular expression.

For the files the prefilter lets through unparsed: cross-module client
tracking needs to know what they import, not how they use it (if they do
import a client another checked module exports, they are then parsed).
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from linter44s.prefilter import LIBRARY_WORDS

if TYPE_CHECKING:
    from linter44s.facts import ImportedName

# Starts with a literal, not `^`, so the regex engine can jump from one "from"
# to the next; that it begins a line is checked by hand (five times faster).
# A line ends its names unless a backslash continues it (the names stop short of the backslash).
_FROM_IMPORT = re.compile(r"from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;\\]*(?:\\\n[^\n#;\\]*)*)")
_NAME = re.compile(r"(\w+)(?:\s+as\s+(\w+))?")
_COMMENT = re.compile(r"#[^\n]*")


@cache  # a tree imports from a few hundred roots
def _library_root(root: str) -> bool:
    """Whether a module root is a client library's (clients.is_library_module).
    Every library's name spells one of the prefilter's words (tests/test_profiles.py
    holds them to it), so the profiles are loaded only for a root that could be one."""
    if LIBRARY_WORDS.search(root.lower()) is None:
        return False
    from linter44s.python.clients import is_library_module

    return is_library_module(root)


def scan_from_imports(text: str) -> tuple[ImportedName, ...]:
    from linter44s.facts import ImportedName  # here: reading the imports of an unparsed file needs no facts

    return tuple(ImportedName(*found) for found in from_imports(text))


def from_imports(text: str) -> tuple[tuple[str, str, str], ...]:
    """(local name, module, imported name) of each `from module import name`
    that does not come from a client library, as plain tuples (an unparsed
    file's report holds thousands of them)."""
    if "import" not in text:
        return ()
    found = []
    at = 0
    while (m := _FROM_IMPORT.search(text, at)) is not None:
        start = m.start()
        if text[text.rfind("\n", 0, start) + 1 : start].strip(" \t"):
            at = start + 1  # not at the start of a line: look again just past it
            continue
        at = m.end()
        module, names = m.groups()
        if not module.startswith(".") and _library_root(module.partition(".")[0]):
            continue
        if "#" in names:
            names = _COMMENT.sub("", names)
        for part in names.strip("()").replace("\\\n", " ").split(","):
            part = part.strip()
            if part.isascii() and part.isidentifier():  # most are a plain name: no regex for it
                found.append((part, module, part))
            elif name := _NAME.fullmatch(part):
                found.append((name.group(2) or name.group(1), module, name.group(1)))
    return tuple(found)
