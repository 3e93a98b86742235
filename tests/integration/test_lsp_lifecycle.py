"""The language server's lifecycle and time budget, end to end: shutdown and
exit as the LSP says (with a raw JSON-RPC client, to see exit codes and
error responses), requests answered during a long lint, a missing document,
and a file that takes longer than its budget (with pytest-lsp)."""

from __future__ import annotations

import asyncio
import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.integration.test_lsp import FLAGGED_PY, _env, diagnostics, open_doc

# Loops forever in today's Python frontend (issue 10, item 9); fixed or not, the editor must not freeze.
HANGING_PY = "import redis\nglobal r\nr = redis.Redis()\nr.keys('*')\n"


def slow_py(functions: int) -> str:
    """A valid file that takes a while to check, for a reason we control: its size."""
    body = "".join(f"def f{i}(k):\n    return r.get(k + '{i}')\n" for i in range(functions))
    return "import redis\nr = redis.Redis()\n" + body + "r.keys('*')\n"


# --- a raw JSON-RPC client ------------------------------------------------------


class RawClient:
    """The server as a subprocess, spoken to frame by frame."""

    def __init__(self, cwd: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "linter44s", "server"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, env=_env(),
        )
        self.messages: queue.Queue[dict] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.next_id = 0

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            length = None
            while (line := stream.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if line == b"" or length is None:
                return
            self.messages.put(json.loads(stream.read(length)))

    def send(self, method: str, params: object = None, request: bool = True) -> int | None:
        message: dict = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        if request:
            self.next_id += 1
            message["id"] = self.next_id
        data = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n%b" % (len(data), data))
        self.process.stdin.flush()
        return message.get("id")

    def wait_for(self, match, timeout: float = 15) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            try:
                message = self.messages.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError("no matching message from the server in time") from None
            if match(message):
                return message

    def response(self, request_id: int | None, timeout: float = 15) -> dict:
        return self.wait_for(lambda m: m.get("id") == request_id and "method" not in m, timeout)

    def initialize(self, root: Path, options: dict | None = None) -> None:
        params = {"processId": None, "rootUri": root.as_uri(), "capabilities": {}, "initializationOptions": options}
        self.response(self.send("initialize", params))
        self.send("initialized", {}, request=False)

    def open(self, path: Path, text: str) -> str:
        path.write_text(text, encoding="utf-8")
        item = {"uri": path.as_uri(), "languageId": "python", "version": 1, "text": text}
        self.send("textDocument/didOpen", {"textDocument": item}, request=False)
        return path.as_uri()

    def exit_code(self, timeout: float = 15) -> int:
        """Send `exit` (stdin left open, as an editor does) and wait for the process to end."""
        self.send("exit", request=False)
        try:
            return self.process.wait(timeout=timeout)
        finally:
            self.process.kill()

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def _gone(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] in ("Z", "X")
    except (FileNotFoundError, ProcessLookupError):
        return True


@pytest.fixture
def raw(tmp_path: Path):
    client = RawClient(tmp_path)
    yield client
    client.process.kill()
    client.process.wait(timeout=10)


def _code_action(uri: str) -> dict:
    at = {"line": 0, "character": 0}
    return {"textDocument": {"uri": uri}, "range": {"start": at, "end": at}, "context": {"diagnostics": []}}


def test_exit_without_shutdown_exits_1(raw: RawClient, tmp_path: Path):
    raw.initialize(tmp_path)
    assert raw.exit_code() == 1


def test_exit_after_shutdown_exits_0_and_stops_the_worker(raw: RawClient, tmp_path: Path):
    raw.initialize(tmp_path)
    uri = raw.open(tmp_path / "a.py", FLAGGED_PY)
    raw.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
    workers = raw.worker_pids()
    assert workers, "the lint worker runs as a child of the server"
    assert raw.response(raw.send("shutdown")) == {"id": 2, "jsonrpc": "2.0", "result": None}
    assert raw.exit_code() == 0
    deadline = time.monotonic() + 10
    while not all(map(_gone, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(map(_gone, workers)), "the worker outlived the server"


def test_a_request_after_shutdown_is_an_invalid_request(raw: RawClient, tmp_path: Path):
    raw.initialize(tmp_path)
    raw.response(raw.send("shutdown"))
    answer = raw.response(raw.send("textDocument/codeAction", _code_action((tmp_path / "a.py").as_uri())), timeout=5)
    assert answer["error"]["code"] == -32600  # InvalidRequest
    assert "shut down" in answer["error"]["message"]
    assert raw.exit_code() == 0


def test_shutdown_is_answered_during_a_long_lint(raw: RawClient, tmp_path: Path):
    raw.initialize(tmp_path)
    raw.open(tmp_path / "hang.py", HANGING_PY)
    raw.open(tmp_path / "slow.py", slow_py(3000))
    started = time.monotonic()
    assert raw.response(raw.send("shutdown"), timeout=5)["result"] is None
    assert time.monotonic() - started < 5
    assert raw.exit_code() == 0


def test_initialization_option_sets_the_time_budget(raw: RawClient, tmp_path: Path):
    raw.initialize(tmp_path, {"timeBudget": 0.001})
    uri = raw.open(tmp_path / "slow.py", slow_py(500))
    logged = raw.wait_for(lambda m: m.get("method") == "window/logMessage")
    assert "slow.py" in logged["params"]["message"] and "longer than 0.001 s" in logged["params"]["message"]
    published = raw.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
    (diag,) = published["params"]["diagnostics"]
    assert diag["code"] == "timeout" and "longer than 0.001 s" in diag["message"]
    raw.response(raw.send("shutdown"))
    assert raw.exit_code() == 0


# --- with pytest-lsp ------------------------------------------------------------


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "linter44s", "server"], server_env=_env())
)
async def client(lsp_client: LanguageClient, tmp_path: Path):
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=tmp_path.as_uri())
    )
    yield
    await lsp_client.shutdown_session()


def set_budget(client: LanguageClient, seconds: float) -> None:
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"linter44s": {"timeBudget": seconds}})
    )


def _actions_request(uri: str) -> types.CodeActionParams:
    at = types.Position(line=0, character=0)
    return types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=at, end=at),
        context=types.CodeActionContext(diagnostics=[]),
    )


@pytest.mark.asyncio
async def test_code_action_on_a_missing_document(client: LanguageClient, tmp_path: Path):
    never = (tmp_path / "never_opened.py").as_uri()
    assert list(await asyncio.wait_for(client.text_document_code_action_async(_actions_request(never)), 10)) == []
    uri = open_doc(client, tmp_path / "closed.py", FLAGGED_PY)
    await diagnostics(client, uri)
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    assert list(await asyncio.wait_for(client.text_document_code_action_async(_actions_request(uri)), 10)) == []


@pytest.mark.asyncio
async def test_requests_are_answered_during_a_long_lint(client: LanguageClient, tmp_path: Path):
    quick = open_doc(client, tmp_path / "quick.py", FLAGGED_PY)
    (diag,) = [d for d in await diagnostics(client, quick) if d.code == "RDS101"]
    slow = open_doc(client, tmp_path / "slow.py", slow_py(2000))
    request = types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=quick), range=diag.range,
        context=types.CodeActionContext(diagnostics=[diag]),
    )
    actions = await asyncio.wait_for(client.text_document_code_action_async(request), 10)
    assert any(a.title == "Disable RDS101 for this line" for a in actions)
    assert slow not in client.diagnostics, "the answer waited for the long lint"
    await diagnostics(client, slow, timeout=60)  # and the long lint still finishes


@pytest.mark.asyncio
async def test_a_file_over_the_budget_gets_one_diagnostic_and_the_worker_restarts(client: LanguageClient, tmp_path: Path):
    set_budget(client, 0.001)
    uri = open_doc(client, tmp_path / "slow.py", slow_py(500))
    (diag,) = await diagnostics(client, uri, until=lambda found: any(d.code == "timeout" for d in found))
    assert diag.severity == types.DiagnosticSeverity.Warning
    assert diag.range.start == types.Position(line=0, character=0)
    assert "took longer than 0.001 s" in diag.message and "nothing in it was checked" in diag.message
    set_budget(client, 60)  # the killed worker is replaced: the same file is now checked in full
    found = await diagnostics(client, uri, until=lambda found: any(d.code == "RDS101" for d in found), timeout=60)
    assert not any(d.code == "timeout" for d in found)


@pytest.mark.asyncio
async def test_a_hanging_file_never_freezes_the_editor(client: LanguageClient, tmp_path: Path):
    set_budget(client, 2)
    hang = open_doc(client, tmp_path / "hang.py", HANGING_PY)
    quick = open_doc(client, tmp_path / "quick.py", FLAGGED_PY)
    # Today the file loops forever: one timeout diagnostic. Once the frontend is
    # fixed it has its finding. Either way within the budget, and the server goes on.
    found = await diagnostics(client, hang, until=lambda found: any(d.code in ("timeout", "RDS101") for d in found), timeout=30)
    codes = [d.code for d in found]
    assert codes == ["timeout"] or ("RDS101" in codes and "timeout" not in codes)
    assert any(d.code == "RDS101" for d in await diagnostics(client, quick, timeout=30))
    assert await asyncio.wait_for(client.text_document_code_action_async(_actions_request(quick)), 10) is not None
