"""Which frontend reads a path: `sources.language_of` finds the suffix by hand
(it runs on every entry of every folder listed), and must find the one
os.path.splitext finds."""

from __future__ import annotations

import itertools
import os

import pytest

from linter44s.sources import JS_SUFFIXES, PYTHON_SUFFIXES, language_of


def by_splitext(path: str) -> str | None:
    suffix = os.path.splitext(path)[1].lower()
    if suffix in PYTHON_SUFFIXES:
        return "python"
    if suffix in JS_SUFFIXES and not path.endswith(".d.ts"):
        return "javascript"
    return None


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("app.py", "python"), ("pkg/App.PY", "python"), ("a..py", "python"), ("x.y/a.py", "python"),
        (".py", None), ("..py", None), ("pkg/.py", None), ("pkg/...py", None), ("a.py/", None), ("a.pyc", None),
        ("a.ts", "javascript"), ("a.tsx", "javascript"), ("lib/a.mjs", "javascript"), ("types.d.ts", None),
        ("dir.d/a.ts", "javascript"), ("a.json", None), ("README", None), ("x.py/README", None), ("", None),
    ],
)
def test_known_paths(path: str, language: str | None) -> None:
    assert language_of(path) == language == by_splitext(path)


def test_every_short_path_agrees_with_splitext() -> None:
    # Every path of up to five of these characters: dots, separators and the letters of the suffixes.
    alphabet = "a./pytsjdM"
    paths = ("".join(p) for n in range(1, 6) for p in itertools.product(alphabet, repeat=n))
    assert [p for p in paths if language_of(p) != by_splitext(p)] == []
