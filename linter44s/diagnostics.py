"""What a check reports: a finding at a span, with an optional fix."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from linter44s.span import Span


class Applicability(str, Enum):
    """As ruff: safe fixes keep behaviour; unsafe may change it; display-only
    edits are shown (and offered by an editor) but never applied by the CLI."""

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY_ONLY = "display-only"


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] with content (offsets into the decoded text)."""

    start: int
    end: int
    content: str


class Rewrite(str, Enum):
    """A transformation built only when a fix is applied or offered (see
    rewrites.py): finding stays on the fast parser, rewriting parses with libcst."""

    DELETE_LOOP = "delete-loop"  # `for k in ks: r.delete(k)` -> batched, guarded DEL/UNLINK
    PIPELINE_LOOP = "pipeline-loop"  # one command per item of a `for` -> queued on a pipeline
    PIPELINE_RUN = "pipeline-run"  # statements each sending one command -> one pipeline
    ADD_EXPIRE = "add-expire"  # a command creating a key -> it and EXPIRE in one MULTI/EXEC
    COUNTER = "counter"  # GET, add, SET back -> INCRBY
    HOIST = "hoist"  # a client built per call -> built once at module level
    COMPREHENSION = "comprehension"  # `[r.get(k) for k in ks]` -> one MGET / HMGET


@dataclass(frozen=True)
class FixRequest:
    """What to rewrite, made by a check from the facts it has: the statement
    (`span`) the edits must stay inside, and the call in it the finding is about."""

    rewrite: Rewrite
    span: Span
    call: Span
    scope_end: int  # where the enclosing function ends (names read after the statement)
    statements: int = 1  # how many statements of its block, from the one at `span`, it rewrites
    value: str = ""  # a value the rewrite writes (ADD_EXPIRE: the TTL)


@dataclass(frozen=True)
class Fix:
    applicability: Applicability
    message: str
    edits: tuple[Edit, ...] = ()
    request: FixRequest | None = None  # edits still to build (fixer.resolve)


@dataclass(frozen=True)
class Finding:
    """What a check yields; the engine adds the path and the rule's metadata."""

    code: str
    message: str
    span: Span
    anchor_line: int  # first line of the statement, where a noqa also applies
    fix: Fix | None = None


@dataclass(frozen=True)
class Diagnostic:
    code: str
    name: str
    level: str  # "error" | "warning" | "info"
    message: str
    path: str  # as the user named it (relative when under the cwd)
    span: Span
    fix: Fix | None
    url: str
    noqa_line: int = 0  # the line a suppression comment for it goes on: its statement's first line

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.span.line, self.span.col, self.code)


@dataclass(frozen=True)
class FileError:
    """A file that could not be checked: one clear line, and the run goes on."""

    path: str
    message: str
    line: int = 1
    col: int = 1
    internal: bool = False  # a bug in linter44s, not in the file: the run exits 2


class SourceError(Exception):
    """A frontend could not read a file (syntax error, undecodable, binary)."""

    def __init__(self, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col


@dataclass
class RunResult:
    """Everything a renderer needs about one run."""

    diagnostics: list[Diagnostic]  # sorted by (path, line, col, code)
    errors: list[FileError]
    files_checked: int = 0
    # Of the files checked: how many were read and checked in this run (the
    # others were answered from the cache), and how many of those were parsed.
    files_read: int = 0
    files_parsed: int = 0
    fixes_applied: int = 0
    # Of the diagnostics still reported: fixable by --fix, and by --unsafe-fixes.
    fixable_safe: int = 0
    fixable_unsafe: int = 0
    # Of the files checked: how many were skipped as minified (generated) JavaScript.
    files_skipped_minified: int = 0
    # Files of the project read only for what they export (index.py): a recorded run depends on them too.
    index_files: tuple[str, ...] = ()
    # With a baseline (baseline.py): findings it hid, and its entries that no longer occur.
    baselined: int = 0
    baseline_stale: int = 0
