"""Text edits for client and pool constructions (RDS302, RDS304, RDS305):
add a keyword, or read a secret from the environment.  Each edit stays inside
the construction, except the `import os` a Python fix may need at the top."""

from __future__ import annotations

import re
from collections.abc import Callable

from linter44s.diagnostics import Edit
from linter44s.facts import Argument, Construction, Span

Text = Callable[[Span], str]
_IMPORTS_OS = re.compile(r"^import\s+(?:[\w.]+\s*,\s*)*os\b(?!\.)(?!\s+as)", re.MULTILINE)
_FIRST_IMPORT = re.compile(r"^(?:import\s|from\s+(?!__future__\b)[\w.]+\s+import\s)", re.MULTILINE)


def whole_text(text: Text) -> str:
    """The file's text, through the frontend's `text(span)` (checks get no other view of it)."""
    return text(Span(1, 1, 1, 1, 0, 1 << 62))


def add_keywords(c: Construction, text: Text, words: dict[str, str]) -> tuple[Edit, ...] | None:
    """`ConnectionPool(host=h)` -> `ConnectionPool(host=h, max_connections=50)`; a keyword
    given as `None` gets the value instead.  None when the call's shape is unclear."""
    if c.has_splat or not text(c.span).endswith(")"):
        return None
    edits: list[Edit] = []
    added = []
    for name, value in words.items():
        given = next((o for o in c.options if o.keyword == name), None)
        if given is not None:
            if not given.is_none:
                continue
            edits.append(Edit(given.span.start, given.span.end, value))
        else:
            added.append(f"{name}={value}")
    if added:
        ends = [a.span.end for a in (*c.args, *c.options)]
        at = max(ends) if ends else c.span.end - 1
        edits.append(Edit(at, at, (", " if ends else "") + ", ".join(added)))
    return tuple(edits) or None


def from_environment(found: Argument, variable: str, python: bool, source: str) -> tuple[Edit, ...] | None:
    """The secret literal -> `os.environ["VAR"]` / `process.env.VAR`, with `import os` when needed."""
    if not python:
        return (Edit(found.span.start, found.span.end, f"process.env.{variable}"),)
    edits = [Edit(found.span.start, found.span.end, f'os.environ["{variable}"]')]
    if not _IMPORTS_OS.search(source):
        first = _FIRST_IMPORT.search(source)
        if first is None:
            return None
        edits.insert(0, Edit(first.start(), first.start(), "import os\n"))
    return tuple(edits)
