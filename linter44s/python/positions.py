"""Turn `ast` positions (1-based lines, UTF-8 byte columns) into spans of
the decoded text (character columns and offsets)."""

from __future__ import annotations

import re
from itertools import accumulate
from typing import Protocol

from linter44s.facts import Span

_NEWLINE = re.compile(r"\r\n|\r|\n")


class Located(Protocol):
    """An `ast` node that has a position (expressions, statements, arguments...)."""

    lineno: int
    col_offset: int
    end_lineno: int | None
    end_col_offset: int | None


class LineIndex:
    def __init__(self, text: str) -> None:
        self.text = text
        # Line breaks as the tokenizer sees them; str.splitlines knows more.
        if "\r" in text:
            self.starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]
        else:  # the usual case, twice as fast
            self.starts = list(accumulate([len(line) + 1 for line in text.split("\n")][:-1], initial=0))

    def line_text(self, line: int) -> str:
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def offset(self, line: int, byte_col: int) -> int:
        if line - 1 >= len(self.starts):
            return len(self.text)
        start = self.starts[line - 1]
        chunk = self.text[start : start + byte_col]
        if chunk.isascii():
            return start + byte_col
        # Non-ASCII on this line: count characters in the first byte_col bytes.
        encoded = self.line_text(line).encode("utf-8")[:byte_col]
        return start + len(encoded.decode("utf-8", errors="ignore"))

    def span(self, node: Located) -> Span:
        start = self.offset(node.lineno, node.col_offset)
        end_line = node.end_lineno or node.lineno
        end = self.offset(end_line, node.end_col_offset or 0)
        return Span(
            node.lineno,
            start - self.starts[node.lineno - 1] + 1,
            end_line,
            end - self.starts[end_line - 1] + 1,
            start,
            end,
        )

    def span_of_offsets(self, start: int, end: int) -> Span:
        line = self._line_of(start)
        end_line = self._line_of(end)
        return Span(line, start - self.starts[line - 1] + 1, end_line, end - self.starts[end_line - 1] + 1, start, end)

    def _line_of(self, offset: int) -> int:
        import bisect

        return bisect.bisect_right(self.starts, offset)
