"""`# noqa` comments of a Python file, as Suppression facts (noqa.py reads them for every tool)."""

from __future__ import annotations

from linter44s.facts import Suppression
from linter44s.noqa import python_suppressions
from linter44s.python.positions import LineIndex


def suppressions(index: LineIndex) -> tuple[Suppression, ...]:
    return python_suppressions(index.text)
