"""The language server, end to end over stdio with pytest-lsp, plus its
position arithmetic and suppression edits as plain functions."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from linter44s.adapters.lsp_server import LineIndex, disable_edit, document_path
from linter44s.diagnostics import Diagnostic
from linter44s.facts import Span

ROOT = Path(__file__).resolve().parents[2]

FLAGGED_PY = 'import redis\n\nr = redis.Redis()\nnames = ["𝄞é", r.keys("user:*")]\n'
CLEAN_PY = 'import redis\n\nr = redis.Redis()\nnames = ["𝄞é", list(r.scan_iter(match="user:*"))]\n'
NOQA_PY = 'import redis\n\nr = redis.Redis()\nnames = r.keys("user:*")  # noqa: E501\n'
AWAIT_PY = (
    "import redis.asyncio as redis\n"
    "\n"
    "r = redis.Redis()\n"
    "\n"
    "\n"
    "async def handler():\n"
    '    r.set("user:1", "x", ex=60)\n'
    '    r.delete("user:2")\n'
)
FLAGGED_JS = (
    "const Redis = require('ioredis');\n"
    "const redis = new Redis();\n"
    "\n"
    "async function names() {\n"
    "  return await redis.keys('user:*');\n"
    "}\n"
)


def _env() -> dict[str, str]:
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{path}" if path else str(ROOT)}


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "linter44s", "server"], server_env=_env())
)
async def client(lsp_client: LanguageClient, tmp_path: Path):
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            root_uri=tmp_path.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=tmp_path.as_uri(), name="ws")],
        )
    )
    yield
    await lsp_client.shutdown_session()


def open_doc(client: LanguageClient, path: Path, text: str, language: str = "python") -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)
        )
    )
    return uri


async def diagnostics(
    client: LanguageClient, uri: str, until: Callable[[list[types.Diagnostic]], bool] = bool, timeout: float = 15
) -> list[types.Diagnostic]:
    """The diagnostics published for uri, once `until` holds for them."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        found = client.diagnostics.get(uri)
        if found is not None and until(list(found)):
            return list(found)
        if loop.time() > deadline:
            raise AssertionError(f"no matching diagnostics for {uri}: {found}")
        await asyncio.sleep(0.05)


async def actions_at(client: LanguageClient, uri: str, diag: types.Diagnostic, only: list[str] | None = None) -> list[types.CodeAction]:
    found = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diag.range,
            context=types.CodeActionContext(diagnostics=[diag], only=only),
        )
    )
    return [a for a in found or [] if isinstance(a, types.CodeAction)]


def apply(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP edits (UTF-16 positions) to text, as an editor would."""
    index = LineIndex(text)
    spans = [(index.offset(e.range.start), index.offset(e.range.end), e.new_text) for e in edits]
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


# --- end to end ---------------------------------------------------------------


@pytest.mark.asyncio
async def test_publishes_on_open(client: LanguageClient, tmp_path: Path):
    uri = open_doc(client, tmp_path / "app" / "cache.py", FLAGGED_PY)
    (diag,) = [d for d in await diagnostics(client, uri) if d.code == "RDS101"]
    assert diag.source == "linter44s"
    assert diag.severity == types.DiagnosticSeverity.Error
    assert diag.code_description is not None and "RDS101" in diag.code_description.href
    # `names = ["𝄞é", r.keys(...)`: `r` is character 15 (0-based), but 𝄞 is two
    # UTF-16 code units, so it is at code unit 16.
    assert FLAGGED_PY.splitlines()[3].index("r.keys") == 15
    assert diag.range.start == types.Position(line=3, character=16)
    assert diag.range.end == types.Position(line=3, character=16 + len('r.keys("user:*")'))


@pytest.mark.asyncio
async def test_clean_document_has_no_findings(client: LanguageClient, tmp_path: Path):
    uri = open_doc(client, tmp_path / "clean.py", CLEAN_PY)
    assert await diagnostics(client, uri, until=lambda found: True) == []


@pytest.mark.asyncio
async def test_change_is_debounced_then_published(client: LanguageClient, tmp_path: Path):
    uri = open_doc(client, tmp_path / "app.py", FLAGGED_PY)
    await diagnostics(client, uri)
    for version, text in enumerate(["import redis\n", "import redis\n\nr", CLEAN_PY], start=2):
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
    assert await diagnostics(client, uri, until=lambda found: found == []) == []


@pytest.mark.asyncio
async def test_save_relints(client: LanguageClient, tmp_path: Path):
    uri = open_doc(client, tmp_path / "saved.py", CLEAN_PY)
    await diagnostics(client, uri, until=lambda found: True)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=FLAGGED_PY)],
        )
    )
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    found = await diagnostics(client, uri, until=lambda found: any(d.code == "RDS101" for d in found))
    assert found


@pytest.mark.asyncio
async def test_workspace_configuration_is_used(client: LanguageClient, tmp_path: Path):
    quiet = tmp_path / "quiet"
    quiet.mkdir()
    (quiet / "linter44s.toml").write_text('ignore = ["RDS101"]\n', encoding="utf-8")
    loud_uri = open_doc(client, tmp_path / "loud.py", FLAGGED_PY)
    quiet_uri = open_doc(client, quiet / "cache.py", FLAGGED_PY)
    assert any(d.code == "RDS101" for d in await diagnostics(client, loud_uri))
    assert [d.code for d in await diagnostics(client, quiet_uri, until=lambda found: True)] == []


@pytest.mark.asyncio
async def test_close_clears(client: LanguageClient, tmp_path: Path):
    uri = open_doc(client, tmp_path / "closing.py", FLAGGED_PY)
    await diagnostics(client, uri)
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    assert await diagnostics(client, uri, until=lambda found: found == []) == []


@pytest.mark.asyncio
async def test_other_files_are_left_alone(client: LanguageClient, tmp_path: Path):
    text_uri = open_doc(client, tmp_path / "notes.txt", "r.keys('*')\n", language="plaintext")
    py_uri = open_doc(client, tmp_path / "after.py", FLAGGED_PY)
    await diagnostics(client, py_uri)  # requests are handled in order: the .txt was seen first
    assert text_uri not in client.diagnostics


@pytest.mark.asyncio
async def test_quick_fix_and_disable_python(client: LanguageClient, tmp_path: Path):
    uri = open_doc(client, tmp_path / "fixme.py", FLAGGED_PY)
    (diag,) = [d for d in await diagnostics(client, uri) if d.code == "RDS101"]
    actions = {a.title: a for a in await actions_at(client, uri, diag)}

    (fix_title,) = [t for t in actions if t.startswith("Fix: ")]
    fix = actions[fix_title]
    assert fix_title.endswith("(unsafe)")  # KEYS -> SCAN is not a snapshot
    assert not fix.is_preferred
    assert fix.kind == types.CodeActionKind.QuickFix
    assert "scan_iter" in apply(FLAGGED_PY, fix.edit.changes[uri])

    disable = actions["Disable RDS101 for this line"]
    assert disable.kind == types.CodeActionKind.QuickFix
    fixed = apply(FLAGGED_PY, disable.edit.changes[uri])
    assert fixed.splitlines()[3] == 'names = ["𝄞é", r.keys("user:*")]  # noqa: RDS101'
    # Nothing left to report once the suppression is in.
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)],
        )
    )
    await diagnostics(client, uri, until=lambda found: not any(d.code == "RDS101" for d in found))


@pytest.mark.asyncio
async def test_actions_right_after_a_change_use_the_new_text(client: LanguageClient, tmp_path: Path):
    uri = open_doc(client, tmp_path / "moving.py", FLAGGED_PY)
    await diagnostics(client, uri)
    moved = "# a comment pushes everything down\n" + FLAGGED_PY
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=moved)],
        )
    )
    # Within the debounce window: the server lints on demand.
    line = types.Range(start=types.Position(line=4, character=16), end=types.Position(line=4, character=16))
    found = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=line, context=types.CodeActionContext(diagnostics=[])
        )
    )
    actions = {a.title: a for a in found or [] if isinstance(a, types.CodeAction)}
    fixed = apply(moved, actions["Disable RDS101 for this line"].edit.changes[uri])
    assert fixed.splitlines()[4].endswith("  # noqa: RDS101")


@pytest.mark.asyncio
async def test_disable_merges_into_existing_noqa(client: LanguageClient, tmp_path: Path):
    uri = open_doc(client, tmp_path / "merge.py", NOQA_PY)
    (diag,) = [d for d in await diagnostics(client, uri) if d.code == "RDS101"]
    actions = {a.title: a for a in await actions_at(client, uri, diag, only=[types.CodeActionKind.QuickFix])}
    fixed = apply(NOQA_PY, actions["Disable RDS101 for this line"].edit.changes[uri])
    assert fixed.splitlines()[3] == 'names = r.keys("user:*")  # noqa: E501, RDS101'


@pytest.mark.asyncio
async def test_disable_javascript(client: LanguageClient, tmp_path: Path):
    uri = open_doc(client, tmp_path / "names.js", FLAGGED_JS, language="javascript")
    (diag,) = [d for d in await diagnostics(client, uri) if d.code == "RDS101"]
    actions = {a.title: a for a in await actions_at(client, uri, diag)}
    fixed = apply(FLAGGED_JS, actions["Disable RDS101 for this line"].edit.changes[uri])
    assert fixed.splitlines()[4:6] == [
        "  // linter44s-disable-next-line RDS101",
        "  return await redis.keys('user:*');",
    ]


@pytest.mark.asyncio
async def test_fix_all_safe(client: LanguageClient, tmp_path: Path):
    uri = open_doc(client, tmp_path / "handler.py", AWAIT_PY)
    found = await diagnostics(client, uri, until=lambda found: sum(d.code == "RDS702" for d in found) == 2)
    first = next(d for d in found if d.code == "RDS702")
    quick = {a.title: a for a in await actions_at(client, uri, first)}
    (title,) = [t for t in quick if t.startswith("Fix: ")]
    assert quick[title].is_preferred and "(unsafe)" not in title

    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
            context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.SourceFixAll]),
        )
    )
    (fix_all,) = [a for a in result or [] if isinstance(a, types.CodeAction)]
    assert fix_all.title == "Fix all safe linter44s problems"
    assert str(fix_all.kind).startswith("source.fixAll")
    fixed = apply(AWAIT_PY, fix_all.edit.changes[uri])
    assert '    await r.set("user:1", "x", ex=60)\n    await r.delete("user:2")\n' in fixed


@pytest.mark.asyncio
async def test_javascript_line_separator_keeps_lsp_positions(client: LanguageClient, tmp_path: Path):
    # U+2028 ends a line for JavaScript but not for LSP: the range must still point at the call.
    text = "const Redis = require('ioredis');\u2028const redis = new Redis();\nredis.keys('*');\n"
    uri = open_doc(client, tmp_path / "sep.js", text, language="javascript")
    (diag,) = [d for d in await diagnostics(client, uri) if d.code == "RDS101"]
    assert diag.range.start == types.Position(line=1, character=0)
    assert diag.range.end == types.Position(line=1, character=len("redis.keys('*')"))


# --- positions and edits without a server -------------------------------------


def _diag(code: str, line: int, col: int = 1) -> Diagnostic:
    return Diagnostic(code, "rule", "error", "message", "x.py", Span(line, col, line, col + 1, 0, 1), None, "https://x")


def test_line_index_utf16_astral():
    text = "a𝄞b\r\nsecond\rthird\n"
    index = LineIndex(text)
    assert index.position(text.index("b")) == types.Position(line=0, character=3)
    assert index.position(text.index("second")) == types.Position(line=1, character=0)
    assert index.position(text.index("third")) == types.Position(line=2, character=0)
    assert index.position_of(1, 3) == types.Position(line=0, character=3)  # char column 3 = after 𝄞
    assert index.offset(types.Position(line=0, character=3)) == text.index("b")
    assert index.offset(types.Position(line=0, character=99)) == text.index("\r")


def test_line_index_other_encodings():
    text = "é𝄞x\n"
    assert LineIndex(text, types.PositionEncodingKind.Utf8).position(2) == types.Position(line=0, character=6)
    assert LineIndex(text, types.PositionEncodingKind.Utf32).position(2) == types.Position(line=0, character=2)


def test_form_feed_is_not_a_line_break():
    # str.splitlines splits on \x0c; LSP does not.
    index = LineIndex("a\x0cb\nc\n")
    assert index.position(4) == types.Position(line=1, character=0)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("x = r.keys('*')", "x = r.keys('*')  # noqa: RDS101"),
        ("x = r.keys('*')   ", "x = r.keys('*')  # noqa: RDS101"),
        ("x = r.keys('*')  # noqa: E501", "x = r.keys('*')  # noqa: E501, RDS101"),
        ("x = r.keys('*')  # NOQA:E501,W291", "x = r.keys('*')  # NOQA:E501, W291, RDS101"),
    ],
)
def test_python_disable_edit(line, expected):
    text = f"import redis\n{line}\n"
    edit = disable_edit(_diag("RDS101", 2), LineIndex(text), python=True)
    assert apply(text, [edit]) == f"import redis\n{expected}\n"


@pytest.mark.parametrize("line", ["x = r.keys('*')  # noqa", "x = r.keys('*')  # noqa: RDS101", "x = r.keys('*') + \\"])
def test_python_disable_edit_not_offered(line):
    assert disable_edit(_diag("RDS101", 2), LineIndex(f"import redis\n{line}\n"), python=True) is None


def test_disable_goes_on_the_statement_first_line():
    text = "names = sorted(\n    r.keys('*')\n)\n"
    diag = Diagnostic("RDS101", "rule", "error", "m", "x.py", Span(2, 5, 2, 16, 19, 30), None, "https://x", noqa_line=1)
    assert apply(text, [disable_edit(diag, LineIndex(text), python=True)]).splitlines()[0] == "names = sorted(  # noqa: RDS101"
    js = "const names = await Promise.all([\n  redis.keys('*'),\n]);\n"
    diag = Diagnostic("RDS101", "rule", "error", "m", "x.js", Span(2, 3, 2, 18, 36, 51), None, "https://x", noqa_line=1)
    fixed = apply(js, [disable_edit(diag, LineIndex(js), python=False)])
    assert fixed.splitlines()[:2] == ["// linter44s-disable-next-line RDS101", "const names = await Promise.all(["]


def test_javascript_disable_edit_merges():
    text = "if (x) {\n    // linter44s-disable-next-line RDS102\n    redis.keys('*');\n}\n"
    edit = disable_edit(_diag("RDS101", 3, 5), LineIndex(text), python=False)
    assert apply(text, [edit]).splitlines()[1] == "    // linter44s-disable-next-line RDS102, RDS101"


def test_javascript_disable_keeps_crlf_and_tabs():
    text = "if (x) {\r\n\tredis.keys('*');\r\n}\r\n"
    edit = disable_edit(_diag("RDS101", 2, 2), LineIndex(text), python=False)
    assert apply(text, [edit]) == "if (x) {\r\n\t// linter44s-disable-next-line RDS101\r\n\tredis.keys('*');\r\n}\r\n"


def test_document_paths():
    from pygls.workspace import TextDocument

    assert document_path(TextDocument("file:///w/a.py")) == Path("/w/a.py")
    assert document_path(TextDocument("file:///w/a.mts")) == Path("/w/a.mts")
    assert document_path(TextDocument("file:///w/a.txt")) is None
    assert document_path(TextDocument("untitled:Untitled-1", language_id="python")).suffix == ".py"
