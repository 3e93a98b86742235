"""`# noqa` comments of a Python file, as Suppression facts."""

from __future__ import annotations

import re

from linter44s.facts import Suppression
from linter44s.python.positions import LineIndex

NOQA = re.compile(r"#\s*noqa(?::[\s]?(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*))?", re.IGNORECASE)


def suppressions(index: LineIndex) -> tuple[Suppression, ...]:
    text = index.text
    if "noqa" not in text and "NOQA" not in text:
        return ()
    found = []
    for m in NOQA.finditer(text):
        line = index._line_of(m.start())
        codes = m.group("codes")
        parsed = frozenset(c.upper() for c in re.split(r"[,\s]+", codes) if c) if codes else None
        found.append(Suppression(line, line, parsed))
    return tuple(found)
