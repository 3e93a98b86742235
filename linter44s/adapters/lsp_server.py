"""The linter44s language server (pygls 2.x), started by `linter44s server`.

It lints open Python and JavaScript/TypeScript documents with the same
engine and configuration as the CLI (the nearest linter44s.toml or
pyproject.toml `[tool.linter44s]` above the file), publishes diagnostics
on open, save and (debounced) change, and offers code actions: each fix as
a quick fix, "fix all safe problems", and "disable RDSxxx for this line".

Linting runs in a worker process (lint_worker.py), so requests are answered
while a file is checked, and a file that takes longer than its time budget
(`initializationOptions.timeBudget`, seconds, default 10) gets one
diagnostic saying so while the worker is replaced.  As the LSP says, a
request after `shutdown` is an InvalidRequest error, and `exit` ends the
process with 0 after `shutdown`, 1 without.

Positions: our spans count characters; LSP counts code units of the
negotiated encoding (UTF-16 unless the client offers another), and only
\\n, \\r\\n and \\r end a line, so conversion is done here rather than with
`str.splitlines`.
"""

from __future__ import annotations

import asyncio
import bisect
import logging
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidRequest
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.json_rpc import RPCRequest
from pygls.workspace import TextDocument

from linter44s import __version__
from linter44s.adapters.lint_worker import LintWorker
from linter44s.diagnostics import Applicability, Diagnostic, Edit, Fix
from linter44s.noqa import add_javascript, add_python
from linter44s.rewrites import resolve_fix

log = logging.getLogger(__name__)

SOURCE = "linter44s"
DEBOUNCE_SECONDS = 0.3
FIX_ALL_KIND = "source.fixAll.linter44s"  # a source.fixAll action, per-tool as ruff does
PYTHON_SUFFIXES = frozenset({".py", ".pyi"})
JS_SUFFIXES = frozenset({".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts"})
LANGUAGE_SUFFIX = {
    "python": ".py",
    "javascript": ".js",
    "javascriptreact": ".jsx",
    "typescript": ".ts",
    "typescriptreact": ".tsx",
}
CONFIG_FILES = frozenset({"linter44s.toml", "pyproject.toml"})
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


# --- positions ---------------------------------------------------------------


class LineIndex:
    """Character offsets <-> LSP positions for one text."""

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        self.text = text
        self.encoding = str(getattr(encoding, "value", encoding))  # "utf-8" | "utf-16" | "utf-32"
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def line_text(self, line0: int) -> str:
        """Line `line0` (0-based) without its line break."""
        if not 0 <= line0 < len(self.starts):
            return ""
        start = self.starts[line0]
        end = self.starts[line0 + 1] if line0 + 1 < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def line_break(self) -> str:
        found = _LINE_BREAK.search(self.text)
        return found.group() if found else "\n"

    def _units(self, chars: str) -> int:
        if self.encoding == "utf-8":
            return len(chars.encode("utf-8", "surrogatepass"))
        if self.encoding == "utf-32":
            return len(chars)
        return len(chars.encode("utf-16-le", "surrogatepass")) // 2

    def position(self, offset: int) -> types.Position:
        offset = max(0, min(offset, len(self.text)))
        line0 = bisect.bisect_right(self.starts, offset) - 1
        return types.Position(line=line0, character=self._units(self.text[self.starts[line0] : offset]))

    def position_of(self, line: int, col: int) -> types.Position:
        """A 1-based (line, character column) as an LSP position."""
        text = self.line_text(line - 1)
        return types.Position(line=max(line - 1, 0), character=self._units(text[: max(col - 1, 0)]))

    def offset(self, position: types.Position) -> int:
        """The character offset of an LSP position (clamped to its line)."""
        if position.line >= len(self.starts):
            return len(self.text)
        text = self.line_text(position.line)
        units = 0
        for i, char in enumerate(text):
            if units >= position.character:
                return self.starts[position.line] + i
            units += self._units(char)
        return self.starts[position.line] + len(text)


# --- linting -----------------------------------------------------------------


@dataclass
class Linted:
    """The findings for one version of one document."""

    version: int | None
    text: str
    path: str
    pairs: list[tuple[types.Diagnostic, Diagnostic]]


def document_path(document: TextDocument) -> Path | None:
    """The file path the document is linted as, or None when it is not ours."""
    path = Path(document.path) if document.uri.startswith("file:") else None
    suffix = path.suffix.lower() if path is not None else ""
    if suffix in PYTHON_SUFFIXES or suffix in JS_SUFFIXES:
        return path
    if suffix == "" and document.language_id in LANGUAGE_SUFFIX:
        # An untitled buffer: lint it as a file of its language in the workspace.
        name = Path(document.uri.rsplit("/", 1)[-1] or "untitled").stem or "untitled"
        folder = path.parent if path is not None else Path.cwd()
        return folder / (name + LANGUAGE_SUFFIX[document.language_id])
    return None


def language_of(path: Path) -> str:
    return "python" if path.suffix.lower() in PYTHON_SUFFIXES else "javascript"


def to_lsp(diag: Diagnostic, index: LineIndex, python: bool) -> types.Diagnostic:
    span = diag.span
    if python:
        start, end = index.position_of(span.line, span.col), index.position_of(span.end_line, span.end_col)
    else:
        # From offsets: JavaScript also ends lines at U+2028/U+2029, which LSP does not.
        start, end = index.position(span.start), index.position(span.end)
    return types.Diagnostic(
        range=types.Range(start=start, end=end),
        severity=SEVERITY.get(diag.level, types.DiagnosticSeverity.Warning),
        code=diag.code,
        code_description=types.CodeDescription(href=diag.url) if diag.url else None,
        source=SOURCE,
        message=diag.message,
    )


def too_slow(budget: float) -> types.Diagnostic:
    """The one diagnostic of a file that took longer than its time budget."""
    at = types.Position(line=0, character=0)
    return types.Diagnostic(
        range=types.Range(start=at, end=at),
        severity=types.DiagnosticSeverity.Warning,
        code="timeout",
        source=SOURCE,
        message=(
            f"linter44s took longer than {budget:g} s on this file and stopped, so nothing in it was checked; "
            "raise the server's timeBudget setting, or report the file as a bug."
        ),
    )


# --- fixes -------------------------------------------------------------------


def whole_document_edit(old: str, new: str, index: LineIndex) -> types.TextEdit:
    # Trim the common prefix and suffix: a small edit keeps the cursor and undo tidy.
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old -= 1
        end_new -= 1
    return types.TextEdit(range=types.Range(start=index.position(start), end=index.position(end_old)), new_text=new[start:end_new])


def text_edits(edits: tuple[Edit, ...], index: LineIndex) -> list[types.TextEdit]:
    return [
        types.TextEdit(range=types.Range(start=index.position(e.start), end=index.position(e.end)), new_text=e.content)
        for e in sorted(edits, key=lambda e: e.start)
    ]


def fix_title(fix: Fix) -> str:
    suffix = {Applicability.UNSAFE: " (unsafe)", Applicability.DISPLAY_ONLY: " (suggestion)"}.get(fix.applicability, "")
    return f"Fix: {fix.message}{suffix}"


def disable_edit(diag: Diagnostic, index: LineIndex, python: bool) -> types.TextEdit | None:
    """The edit that suppresses `diag` on its line (noqa.py writes it), or None when it cannot be done safely."""
    # The statement's first line: a suppression there covers the whole statement.
    line = diag.noqa_line or diag.span.line
    edit = (add_python if python else add_javascript)(index.text, line, [diag.code])
    if edit is None:
        return None
    return types.TextEdit(range=types.Range(start=index.position(edit.start), end=index.position(edit.end)), new_text=edit.content)


def _wanted(kind: str, only: Sequence[str] | None) -> bool:
    return only is None or any(kind == k or kind.startswith(f"{k}.") for k in map(str, only))


# --- the server --------------------------------------------------------------


class _Protocol(LanguageServerProtocol):
    def handle_message(self, message) -> None:
        # pygls drops a request after shutdown, leaving the client waiting; the LSP says InvalidRequest.
        if self._shutdown and isinstance(message, RPCRequest) and message.method != types.EXIT:
            error = JsonRpcInvalidRequest(f"the server is shut down: {message.method} refused; send exit")
            self._send_response(message.id, None, error.to_response_error())
            return
        super().handle_message(message)


class Linter44sServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("linter44s", __version__, protocol_cls=_Protocol)
        self.linted: dict[str, Linted] = {}
        self.pending: dict[str, asyncio.Task] = {}
        self.reported_errors: set[str] = set()
        self.worker = LintWorker()
        self.shut_down = False

    def open_document(self, uri: str) -> TextDocument | None:
        """The document the editor has open at `uri`, or None (never read from disk)."""
        return self.workspace.text_documents.get(unquote(uri))

    @property
    def encoding(self) -> str:
        codec = self.workspace.position_encoding  # negotiated at initialize
        return str(getattr(codec, "value", codec)) if codec else "utf-16"

    async def lint_and_publish(self, uri: str) -> None:
        document = self.open_document(uri)
        path = document_path(document) if document is not None else None
        if document is None or path is None:
            return
        text, version = document.source, document.version
        kind, value = await self.worker.run("lint", text, str(path), language_of(path))
        now = self.open_document(uri)
        if self.shut_down or now is None or now.source != text:
            return  # closed, or changed: the change's own lint publishes
        extra: list[types.Diagnostic] = []
        found: list[Diagnostic] = value if kind == "ok" else []
        if kind == "config":
            self.show_once(value, types.MessageType.Error)
        elif kind == "error":  # an engine bug must not take the server down
            log.error("linting %s failed: %s", uri, value)
            self.show_once(f"linter44s failed on {path.name}: {value}", types.MessageType.Error)
            return
        elif kind == "timeout":
            self.window_log_message(types.LogMessageParams(type=types.MessageType.Warning, message=f"{path}: {too_slow(value).message}"))
            extra = [too_slow(value)]
        index = LineIndex(text, self.encoding)
        python = language_of(path) == "python"
        pairs = [(to_lsp(d, index, python), d) for d in found]
        self.linted[uri] = Linted(version, text, str(path), pairs)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=[p[0] for p in pairs] + extra)
        )

    async def fixed_all(self, linted: Linted) -> str:
        """The text after every safe fix (within the time budget, or unchanged)."""
        path = Path(linted.path)
        kind, value = await self.worker.run("fix", linted.text, linted.path, language_of(path))
        if kind in ("config", "error"):
            self.show_once(f"linter44s could not fix {path.name}: {value}", types.MessageType.Error)
        return value if kind == "ok" else linted.text

    def show_once(self, message: str, kind: types.MessageType) -> None:
        if message not in self.reported_errors:
            self.reported_errors.add(message)
            self.window_show_message(types.ShowMessageParams(type=kind, message=message))

    def cancel(self, uri: str) -> None:
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()

    def schedule(self, uri: str, delay: float) -> None:
        """Lint after `delay` seconds unless another change comes first."""
        self.cancel(uri)

        async def later() -> None:
            await asyncio.sleep(delay)
            self.pending.pop(uri, None)  # from here on, a change does not cancel this lint
            await self.lint_and_publish(uri)

        self.pending[uri] = asyncio.ensure_future(later())

    def forget(self, uri: str) -> None:
        self.cancel(uri)
        self.linted.pop(uri, None)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    async def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        linted = self.linted.get(uri)
        document = self.open_document(uri)
        if document is None:
            return []  # not open in the editor: nothing was linted, nothing to offer
        fresh = linted is not None and document.source == linted.text
        if not fresh:
            # Asked between a change and its debounced lint: lint now, so the
            # edits are computed against the text the editor holds.
            self.cancel(uri)
            await self.lint_and_publish(uri)
            linted = self.linted.get(uri)
            document = self.open_document(uri)
            if linted is None or document is None or document.source != linted.text:
                return []
        if linted is None:  # (fresh means it is not; said again for the type checker)
            return []
        index = LineIndex(linted.text, self.encoding)
        only = params.context.only
        python = Path(linted.path).suffix.lower() in PYTHON_SUFFIXES
        # The client's diagnostics name what the user points at; after a fresh
        # lint their ranges may be outdated, so fall back to the cursor range.
        wanted = {(d.code, _range_key(d.range)) for d in params.context.diagnostics} if fresh else set()
        actions: list[types.CodeAction] = []
        for lsp_diag, diag in linted.pairs:
            if wanted:
                if (lsp_diag.code, _range_key(lsp_diag.range)) not in wanted:
                    continue
            elif not _overlaps(lsp_diag.range, params.range):
                continue
            if _wanted(types.CodeActionKind.QuickFix, only):
                fix = resolve_fix(diag.fix, linted.text, "python" if python else "javascript")
                if fix is not None and fix.edits:
                    actions.append(
                        types.CodeAction(
                            title=fix_title(fix),
                            kind=types.CodeActionKind.QuickFix,
                            diagnostics=[lsp_diag],
                            is_preferred=fix.applicability is Applicability.SAFE,
                            edit=types.WorkspaceEdit(changes={uri: text_edits(fix.edits, index)}),
                        )
                    )
                disable = disable_edit(diag, index, python)
                if disable is not None:
                    actions.append(
                        types.CodeAction(
                            title=f"Disable {diag.code} for this line",
                            kind=types.CodeActionKind.QuickFix,
                            diagnostics=[lsp_diag],
                            edit=types.WorkspaceEdit(changes={uri: [disable]}),
                        )
                    )
        has_safe = any(d.fix is not None and (d.fix.edits or d.fix.request) and d.fix.applicability is Applicability.SAFE for _, d in linted.pairs)
        if has_safe and _wanted(FIX_ALL_KIND, only):
            fixed = await self.fixed_all(linted)
            if fixed != linted.text:
                actions.append(
                    types.CodeAction(
                        title="Fix all safe linter44s problems",
                        kind=FIX_ALL_KIND,
                        edit=types.WorkspaceEdit(changes={uri: [whole_document_edit(linted.text, fixed, index)]}),
                    )
                )
        return actions


def _range_key(r: types.Range) -> tuple[int, int, int, int]:
    return (r.start.line, r.start.character, r.end.line, r.end.character)


def _overlaps(a: types.Range, b: types.Range) -> bool:
    a_start, a_end = (a.start.line, a.start.character), (a.end.line, a.end.character)
    b_start, b_end = (b.start.line, b.start.character), (b.end.line, b.end.character)
    return a_start <= b_end and b_start <= a_end


server = Linter44sServer()


def set_budget(ls: Linter44sServer, options: object) -> None:
    """Take `timeBudget` (seconds per file) from initialization options or
    settings, given flat or under "linter44s"."""
    if isinstance(options, dict) and isinstance(options.get("linter44s"), dict):
        options = options["linter44s"]
    if not isinstance(options, dict) or "timeBudget" not in options:
        return
    budget = options["timeBudget"]
    if isinstance(budget, (int, float)) and not isinstance(budget, bool) and budget > 0:
        ls.worker.budget = float(budget)
    else:
        ls.show_once(f"linter44s: timeBudget must be a positive number of seconds, not {budget!r}", types.MessageType.Warning)


@server.feature(types.INITIALIZE)
def initialize(ls: Linter44sServer, params: types.InitializeParams) -> None:
    set_budget(ls, params.initialization_options)


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
def did_change_configuration(ls: Linter44sServer, params: types.DidChangeConfigurationParams) -> None:
    set_budget(ls, params.settings)
    for uri in list(ls.linted):
        ls.schedule(uri, 0)


@server.feature(types.INITIALIZED)
async def initialized(ls: Linter44sServer, params: types.InitializedParams) -> None:
    await ls.worker.warm()


@server.feature(types.SHUTDOWN)
def shutdown(ls: Linter44sServer, *args) -> None:
    ls.shut_down = True
    for uri in list(ls.pending):
        ls.cancel(uri)
    ls.worker.close()


@server.feature(types.EXIT)
def exit_(ls: Linter44sServer, *args) -> None:
    ls.worker.close()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
async def did_open(ls: Linter44sServer, params: types.DidOpenTextDocumentParams) -> None:
    await ls.lint_and_publish(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: Linter44sServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, DEBOUNCE_SECONDS)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: Linter44sServer, params: types.DidSaveTextDocumentParams) -> None:
    uri = params.text_document.uri
    if uri.rsplit("/", 1)[-1] in CONFIG_FILES:
        # The configuration changed: every open document may lint differently.
        ls.reported_errors.clear()
        for open_uri in list(ls.linted):
            ls.schedule(open_uri, 0)
    ls.schedule(uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: Linter44sServer, params: types.DidCloseTextDocumentParams) -> None:
    ls.forget(params.text_document.uri)


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND]),
)
async def code_action(ls: Linter44sServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    return await ls.code_actions(params)


def main() -> None:
    """Serve over stdio (what `linter44s server` runs) until `exit` or the
    end of input; the exit code is 0 after `shutdown`, 1 without (as the LSP says)."""
    logging.basicConfig(level=logging.WARNING)
    try:
        server.start_io()
    finally:
        server.worker.close()
    # pygls swallows the SystemExit of its own `exit` handler: the code is given here.
    sys.exit(0 if server.shut_down else 1)


if __name__ == "__main__":
    main()
