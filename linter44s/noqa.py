"""Suppression comments, read and written in one place for the CLI, the
language server and the flake8 plugin (as ruff's `noqa` module).

Python: `# noqa` and `# noqa: RDS101, RDS2` (a code is also a prefix, as in
flake8).  JavaScript/TypeScript: `// linter44s-disable-next-line RDS101`,
`// linter44s-disable-line`, and `/* linter44s-disable RDS101 */ ...
/* linter44s-enable */` ranges.
"""

from __future__ import annotations

import bisect
import io
import re
import tokenize
from collections.abc import Callable, Iterable, Iterator
from typing import Literal

from linter44s.diagnostics import Edit
from linter44s.facts import CodeAt, Suppression
from linter44s.span import Span

Language = Literal["python", "javascript"]

PY_NOQA = re.compile(r"#\s*noqa(?::\s?(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*))?", re.IGNORECASE)
_PY_CODE = re.compile(r"[A-Z]+[0-9]+", re.IGNORECASE)
# Comments and string literals, leftmost first: a string swallows any `#` in it.
_PY_LEX = re.compile(
    r"(?P<comment>#[^\r\n]*)"
    r"|(?P<string>\"\"\"(?:\\.|[^\\])*?\"\"\"|'''(?:\\.|[^\\])*?'''"
    r"|\"(?:\\.|[^\"\\\r\n])*\"|'(?:\\.|[^'\\\r\n])*')",
    re.DOTALL,
)
_PY_LEX_START = re.compile(r"[#'\"]")
JS_DIRECTIVE = re.compile(r"linter44s-(disable-next-line|disable-line|disable|enable)\b([^\r\n\u2028\u2029*]*)")
_JS_CODE = re.compile(r"\bRDS\d+\b", re.IGNORECASE)


def _starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]


def _line_of(starts: list[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset)


def _span(starts: list[int], start: int, end: int) -> Span:
    line, end_line = _line_of(starts, start), _line_of(starts, end)
    return Span(line, start - starts[line - 1] + 1, end_line, end - starts[end_line - 1] + 1, start, end)


def covers(s: Suppression, code: str) -> bool:
    """Whether `s` names `code`: every code, the code, or a prefix of it (`RDS1`)."""
    return s.codes is None or any(code.startswith(c) for c in s.codes)


# --- reading -------------------------------------------------------------------


def python_lex(text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
    """Each comment and string literal (`lastgroup`: "comment" or "string")
    that starts in text[start:end], which must begin outside any string.  It
    jumps from one `#` or quote to the next, where the regular expression
    alone would try its five branches at every character."""
    end = len(text) if end is None else end
    at = _PY_LEX_START.search(text, start, end)
    while at is not None:
        token = _PY_LEX.match(text, at.start())
        if token is None:  # a quote that opens no string it closes: read on after it
            at = _PY_LEX_START.search(text, at.start() + 1, end)
            continue
        yield token
        at = _PY_LEX_START.search(text, token.end(), end)


def python_comments(text: str, until: int | None = None) -> list[tuple[int, str]]:
    """(offset, text) of each comment (of those that start before `until`),
    never a `#` inside a string: ten times faster than `tokenize` on the files
    the frontend has parsed already."""
    return [(m.start(), m.group()) for m in python_lex(text, 0, until) if m.lastgroup == "comment"]


def python_suppressions(text: str) -> tuple[Suppression, ...]:
    """Every `# noqa` in a comment (never one inside a string)."""
    last = max(text.rfind("noqa"), text.rfind("NOQA"))
    if last < 0:
        return ()
    comments = python_comments(text, last)  # no comment that starts after the last `noqa` can hold one
    starts = _starts(text)
    found: list[Suppression] = []
    for base, comment in comments:
        for m in PY_NOQA.finditer(comment):
            line = _line_of(starts, base + m.start())
            listed: tuple[CodeAt, ...] = ()
            if m.group("codes"):
                at = base + m.start("codes")
                listed = tuple(
                    CodeAt(c.group().upper(), _span(starts, at + c.start(), at + c.end())) for c in _PY_CODE.finditer(m.group("codes"))
                )
            codes = frozenset(c.code for c in listed) or None
            found.append(Suppression(line, line, codes, _span(starts, base + m.start(), base + m.end()), listed))
    return tuple(found)


def js_suppressions(
    comments: Iterable[tuple[int, int, str]], text: str, line_of: Callable[[int], int], last_line: int
) -> tuple[Suppression, ...]:
    """From the (start, end, text) of each comment token; `line_of`: the
    frontend's own line numbers (JavaScript also breaks lines at U+2028/9)."""
    starts = _starts(text)
    found: list[Suppression] = []
    open_ranges: list[tuple[int, Suppression]] = []
    for start, end, comment in comments:
        for m in JS_DIRECTIVE.finditer(comment):
            what = m.group(1)
            at = start + m.start(2)
            listed = tuple(CodeAt(c.group().upper(), _span(starts, at + c.start(), at + c.end())) for c in _JS_CODE.finditer(m.group(2)))
            codes = frozenset(c.code for c in listed) or None
            line = line_of(start + m.start())
            written = Suppression(line, line, codes, _span(starts, start, end), listed)
            if what == "disable-next-line":
                below = line_of(end) + 1
                found.append(Suppression(below, below, codes, written.at, listed))
            elif what == "disable-line":
                found.append(written)
            elif what == "disable":
                open_ranges.append((line, written))
            else:
                keep: list[tuple[int, Suppression]] = []
                for first, opened in open_ranges:
                    if codes is None or opened.codes is None or opened.codes & codes:
                        found.append(Suppression(first, line, opened.codes, opened.at, opened.listed))
                    else:
                        keep.append((first, opened))
                open_ranges = keep
    for first, opened in open_ranges:
        found.append(Suppression(first, last_line, opened.codes, opened.at, opened.listed))
    return tuple(found)


# --- removing dead codes ---------------------------------------------------------


def removal(text: str, s: Suppression, dead: frozenset[str], language: Language) -> Edit:
    """The edit that drops the codes in `dead` from `s`, or the whole comment
    when nothing is left (other tools' codes count as something)."""
    left = [c for c in s.listed if c.code not in dead]
    if not left:
        return _remove_comment(text, s, language)
    start, end = s.listed[0].start, s.listed[-1].end
    return Edit(start, end, ", ".join(text[c.start : c.end] for c in left))


def _line_bounds(text: str, offset: int) -> tuple[int, int]:
    start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    ends = [i for i in (text.find("\n", offset), text.find("\r", offset)) if i != -1]
    return start, min(ends) if ends else len(text)


def _remove_comment(text: str, s: Suppression, language: Language) -> Edit:
    line_start, line_end = _line_bounds(text, s.start)
    if language == "javascript":
        m = JS_DIRECTIVE.search(text, s.start, s.end)
        opener = text[s.start : m.start() if m else s.start]
        if opener.strip() not in ("//", "/*"):  # the directive shares its comment: drop only its words
            return Edit(m.start() if m else s.start, s.listed[-1].end if s.listed else s.end, "")
        start, end = s.start, s.end
    else:
        start, end = s.start, s.end
    while start > line_start and text[start - 1] in " \t":
        start -= 1
    rest = text[end:line_end]
    if rest.strip() and language == "python" and not rest.lstrip().startswith("#"):
        return Edit(s.start, end + len(rest) - len(rest.lstrip()), "# ")  # `# noqa: RDS101 legacy` -> `# legacy`
    if rest.strip():
        return Edit(start, end + len(rest) - len(rest.lstrip()), "  " if start > line_start else "")
    if start == line_start:  # the comment was the whole line: the line goes
        after = line_end + (2 if text.startswith("\r\n", line_end) else 1 if line_end < len(text) else 0)
        return Edit(line_start, after, "")
    return Edit(start, line_end, "")


# --- adding a suppression --------------------------------------------------------


def python_comment_lines(text: str) -> frozenset[int] | None:
    """Lines where a comment may end the line (not inside a string, not after
    a backslash), or None when the text does not tokenize."""
    lines: set[int] = set()
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type in (tokenize.NEWLINE, tokenize.NL, tokenize.COMMENT) or tok.type == tokenize.ENDMARKER and tok.start[1] > 0:
                lines.add(tok.start[0])
    except (tokenize.TokenError, SyntaxError):
        return None
    return frozenset(lines)


def add_python(text: str, line: int, codes: Iterable[str]) -> Edit | None:
    """Suppress `codes` on `line` (1-based): merged into the line's `# noqa:`
    list (the comment after it kept), else `  # noqa: CODES` at its end.
    None when the line needs nothing (a bare `# noqa`, or the codes listed)."""
    starts = _starts(text)
    if line > len(starts):
        return None
    line_start = starts[line - 1]
    line_end = _line_bounds(text, line_start)[1]
    here = python_suppressions(text[line_start:line_end])
    wanted = list(dict.fromkeys(codes))
    if here:
        s = here[-1]
        if s.codes is None:
            return None  # a bare noqa already silences everything
        missing = [c for c in wanted if not covers(s, c)]
        if not missing:
            return None
        listed = [text[line_start + c.start : line_start + c.end] for c in s.listed]
        return Edit(line_start + s.listed[0].start, line_start + s.listed[-1].end, ", ".join([*listed, *missing]))
    body = text[line_start:line_end]
    if body.rstrip().endswith("\\"):
        return None  # a comment cannot follow a line continuation
    end = line_start + len(body.rstrip())
    return Edit(end, line_end, f"  # noqa: {', '.join(wanted)}")


def add_javascript(text: str, line: int, codes: Iterable[str]) -> Edit | None:
    """Suppress `codes` on `line` with a `// linter44s-disable-next-line` line
    above it, at its indentation, or merged into the one already there."""
    starts = _starts(text)
    if line > len(starts):
        return None
    line_start = starts[line - 1]
    wanted = list(dict.fromkeys(codes))
    if line > 1:
        above_start = starts[line - 2]
        above = text[above_start:line_start]
        m = JS_DIRECTIVE.search(above)
        if m and m.group(1) == "disable-next-line" and above.lstrip().startswith("//"):
            listed = _JS_CODE.findall(m.group(2).split("--")[0])
            if not listed:
                return None  # every code is disabled there already
            missing = [c for c in wanted if c not in {x.upper() for x in listed}]
            if not missing:
                return None
            last = list(_JS_CODE.finditer(above, m.start(2)))[-1]
            at = above_start + last.end()
            return Edit(at, at, "".join(f", {c}" for c in missing))
    body = text[line_start : _line_bounds(text, line_start)[1]]
    indent = body[: len(body) - len(body.lstrip())]
    newline = "\r\n" if "\r\n" in text else "\n"
    return Edit(line_start, line_start, f"{indent}// linter44s-disable-next-line {', '.join(wanted)}{newline}")
