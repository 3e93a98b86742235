"""Parse only the top-level functions and classes that can matter.

A module is cut into top-level chunks at column-0 `def`, `async def`,
`class` and decorator lines.  Module-level code is always parsed; a
function or class chunk only when its text passes `wanted`.  Each chunk is
parsed on its own at its own line numbers, so positions stay exact.

Why this is safe: a column-0 line that starts one of those keywords begins
a top-level statement unless it sits inside a string or brackets, and then
the chunk before it cannot parse on its own (an unterminated string, an
unclosed bracket).  Any chunk that fails to parse sends the caller back to
one plain parse of the whole file.  Skipped chunks are left in the module
as a `pass` at their line, so a run of statements is still broken by them.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass

_BOUNDARY = re.compile(r"^(?:@|def[ \t(]|class[ \t(:]|async[ \t]+def[ \t])", re.MULTILINE)
_HEADED = re.compile(r"(?:def[ \t(]|class[ \t(:]|async[ \t]+def[ \t])")
_DEFINED = re.compile(r"^(?:async[ \t]+)?(?:def|class)[ \t]+(\w+)", re.MULTILINE)


@dataclass
class Chunk:
    start: int  # offset of its first character
    line: int  # 1-based line of its first character
    text: str
    is_unit: bool  # a function or class (with its decorators)
    node: ast.stmt | None = None  # its placeholder in the module body, while skipped

    @property
    def defines(self) -> str | None:
        """The name a unit binds (`def name`, `class name`), read from its header."""
        found = _DEFINED.search(self.text) if self.is_unit else None
        return found.group(1) if found else None


def split(source: str) -> list[Chunk]:
    """Top-level chunks in order; decorators stay with what they decorate."""
    cuts = [m.start() for m in _BOUNDARY.finditer(source)]
    if not cuts or cuts[0] != 0:
        cuts.insert(0, 0)
    chunks: list[Chunk] = []
    line = 1
    pending_start = None
    for i, start in enumerate(cuts):
        end = cuts[i + 1] if i + 1 < len(cuts) else len(source)
        text = source[start:end]
        if text.startswith("@"):
            # A decorator: it belongs to the next function or class.
            if pending_start is None:
                pending_start, pending_line = start, line
            line += text.count("\n")
            continue
        first, first_line = (pending_start, pending_line) if pending_start is not None else (start, line)
        pending_start = None
        chunks.append(Chunk(first, first_line, source[first:end], is_unit=bool(_HEADED.match(text))))
        line += text.count("\n")
    if pending_start is not None:  # decorators at the very end: let the parser judge them
        chunks.append(Chunk(pending_start, pending_line, source[pending_start:], is_unit=False))
    return chunks


def parse_chunk(chunk: Chunk, filename: str) -> list[ast.stmt]:
    """The chunk's statements at their real line numbers (raises SyntaxError, at its real line)."""
    shift = chunk.line - 1
    if shift <= _PAD_PER_CHAR * len(chunk.text):
        # The C parser skips a blank line in about 15 ns; moving the nodes instead
        # (ast.increment_lineno) costs as much as 15 to 60 blank lines per character parsed.
        return ast.parse("\n" * shift + chunk.text, filename=filename).body
    # Far down a file, padding would cost more than the chunk: 30,000 small units
    # parsed one by one would pad quadratically.  Parse alone, then move the nodes.
    try:
        module = ast.parse(chunk.text, filename=filename)
    except SyntaxError as exc:
        exc.lineno = exc.lineno + shift if exc.lineno else exc.lineno
        exc.end_lineno = exc.end_lineno + shift if exc.end_lineno else exc.end_lineno
        raise
    return ast.increment_lineno(module, shift).body


_PAD_PER_CHAR = 16  # blank lines of padding per character of the chunk, at most: padding stays linear in the file


def parse_focused(source: str, filename: str, wanted: Callable[[Chunk], bool]) -> tuple[ast.Module, list[Chunk]] | None:
    """The module with only wanted units parsed, and the skipped units; None
    when the chunks do not parse alone (parse the whole file instead)."""
    chunks = split(source)
    if len(chunks) < 3:
        return None  # nothing worth skipping
    body: list[ast.stmt] = []
    skipped: list[Chunk] = []
    run: list[Chunk] = []  # neighbouring chunks to parse: one parser call for them all
    try:
        for chunk in chunks:
            if chunk.is_unit and not wanted(chunk):
                if not _closed(chunk.text):
                    return None  # a string may run on into the next chunk: parse it all
                body.extend(_parse_run(run, filename))
                run = []
                chunk.node = placeholder(chunk)
                body.append(chunk.node)
                skipped.append(chunk)
            else:
                run.append(chunk)
        body.extend(_parse_run(run, filename))
    except (SyntaxError, ValueError):
        return None
    return ast.Module(body=body, type_ignores=[]), skipped


def _parse_run(run: list[Chunk], filename: str) -> list[ast.stmt]:
    if not run:
        return []
    # Each chunk must parse alone (that is the safety argument); joined, they
    # parse as one.  A lone chunk that fails is caught here all the same.
    if len(run) == 1:
        return parse_chunk(run[0], filename)
    joined = Chunk(run[0].start, run[0].line, "".join(c.text for c in run), is_unit=False)
    if not all(_closed(c.text) for c in run):
        return [node for c in run for node in parse_chunk(c, filename)]
    return parse_chunk(joined, filename)


def _closed(text: str) -> bool:
    """A chunk we do not parse must not open a string the next chunk closes:
    every triple quote paired, no line continued past its end.  (A chunk we
    do parse proves this by parsing.)"""
    return text.count('"""') % 2 == 0 and text.count("'''") % 2 == 0 and not text.rstrip("\r\n").endswith("\\")


def placeholder(chunk: Chunk) -> ast.stmt:
    end = chunk.line + chunk.text.rstrip("\n").count("\n")
    return ast.Pass(lineno=chunk.line, col_offset=0, end_lineno=end, end_col_offset=0)


def text_outside(source: str, skipped: list[Chunk]) -> str:
    """The source less the skipped chunks: what was parsed."""
    parts, at = [], 0
    for chunk in skipped:
        parts.append(source[at : chunk.start])
        at = chunk.start + len(chunk.text)
    parts.append(source[at:])
    return "".join(parts)


def fill(module: ast.Module, chunks: list[Chunk], filename: str) -> None:
    """Parse skipped units after all and put them in their places."""
    parsed = {id(chunk.node): parse_chunk(chunk, filename) for chunk in chunks}
    body: list[ast.stmt] = []
    for node in module.body:
        found = parsed.get(id(node))
        if found is None:
            body.append(node)
        else:
            body.extend(found)
    module.body = body
    for chunk in chunks:
        chunk.node = None
