"""Where something is in a file."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """A range of the decoded source.  Lines and columns are 1-based,
    columns count characters, ends are exclusive; offsets index the text."""

    line: int
    col: int
    end_line: int
    end_col: int
    start: int
    end: int
