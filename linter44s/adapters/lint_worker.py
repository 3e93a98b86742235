"""The language server's lint worker: a child process that checks one
document at a time, so that the server's loop stays free to answer the
editor, and so that a file that takes longer than its time budget costs one
message, never a frozen editor: the server kills the worker and starts
another for the next file.

The channel is the child's stdin and stdout, one length-prefixed pickle per
message.  Both ends are this package in processes of the same user; nothing
read from disk is ever unpickled.
"""

from __future__ import annotations

import asyncio
import pickle
import struct
import sys
from pathlib import Path
from typing import Any, BinaryIO, Literal

from linter44s.diagnostics import Diagnostic

Op = Literal["lint", "fix"]
# What a request comes back as: ("ok", diagnostics or fixed text), ("config", message),
# ("error", message), or ("timeout", the budget in seconds).
Outcome = tuple[Literal["ok", "config", "error", "timeout"], Any]

DEFAULT_BUDGET = 10.0  # seconds per file
_STARTUP_SECONDS = 60.0  # to start Python and import the engine, not counted in a file's budget
_HEADER = struct.Struct(">I")


# --- the work itself (in the child) --------------------------------------------


def lint_document(text: str, path: Path, language: str) -> list[Diagnostic]:
    """Run the engine on the buffer's text with the file's configuration."""
    from linter44s.alone import project_externals
    from linter44s.baseline import BaselineError, configured, hide_known
    from linter44s.config import ConfigError, resolve
    from linter44s.engine import lint_text

    settings = resolve(None, path)
    report = lint_text(text, str(path), settings, language=language)
    if report.error is None and (external := project_externals(report, settings)):  # what it imports from the project
        report = lint_text(text, str(path), settings, language=language, external=external)
    found = list(report.diagnostics)
    file = configured(settings.root, settings.baseline)  # `baseline = "..."` in the configuration
    if file is None:
        return found
    try:
        return hide_known(found, file, text)
    except BaselineError as exc:
        raise ConfigError(str(exc)) from None


def fix_all_text(text: str, path: Path) -> str:
    """The text after every safe fix, as `linter44s check --fix` would write it."""
    from linter44s.alone import project_externals
    from linter44s.config import resolve
    from linter44s.engine import fix_source, lint_text
    from linter44s.sources import Source

    settings = resolve(None, path)
    source = Source(str(path), text.encode("utf-8", "surrogatepass"), text, "utf-8")
    external = project_externals(lint_text(text, str(path), settings), settings)
    report = fix_source(source, settings, unsafe=False, external=external)
    return report.fixed_text if report.fixed_text is not None else text


def answer(op: Op, text: str, path: str, language: str) -> Outcome:
    from linter44s.config import ConfigError

    try:
        if op == "lint":
            return "ok", lint_document(text, Path(path), language)
        return "ok", fix_all_text(text, Path(path))
    except ConfigError as exc:
        return "config", str(exc)
    except Exception as exc:  # noqa: BLE001 - an engine bug is one message, not a dead worker
        return "error", f"{type(exc).__name__}: {exc}"


def _read(stream: BinaryIO) -> Any:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None  # the server has gone
    return pickle.loads(stream.read(_HEADER.unpack(header)[0]))


def _frame(message: Any) -> bytes:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEADER.pack(len(data)) + data


def main() -> None:
    """Answer requests until the server closes the channel."""
    channel_in, channel_out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the channel
    # Warm before "ready": imports are not a file's time.
    import linter44s.engine
    import linter44s.javascript.frontend
    import linter44s.python.frontend  # noqa: F401

    channel_out.write(_frame(("ready", None)))
    channel_out.flush()
    while (request := _read(channel_in)) is not None:
        channel_out.write(_frame(answer(*request)))
        channel_out.flush()


# --- the server's side ---------------------------------------------------------


class LintWorker:
    """One child process, one request at a time, each within `budget` seconds."""

    def __init__(self, budget: float = DEFAULT_BUDGET) -> None:
        self.budget = budget
        self._process: asyncio.subprocess.Process | None = None
        self._lock: asyncio.Lock | None = None  # made on the server's loop
        self.closed = False  # after shutdown: no new worker is started

    async def run(self, op: Op, text: str, path: str, language: str) -> Outcome:
        # Shielded: a cancelled caller must not leave an answer unread in the channel.
        return await asyncio.shield(self._locked(op, text, path, language))

    async def _locked(self, op: Op, text: str, path: str, language: str) -> Outcome:
        self._lock = self._lock or asyncio.Lock()
        async with self._lock:
            if self.closed:
                return "error", "the server is shutting down"
            try:
                process = await self._started()
                assert process.stdin is not None and process.stdout is not None
                process.stdin.write(_frame((op, text, path, language)))
                await process.stdin.drain()
                return await asyncio.wait_for(_read_async(process.stdout), self.budget)
            except TimeoutError:
                self.kill()  # the next request starts a fresh worker
                return "timeout", self.budget
            except (OSError, EOFError, asyncio.IncompleteReadError, pickle.UnpicklingError) as exc:
                self.kill()
                return "error", f"the lint worker stopped: {exc or type(exc).__name__}"

    async def warm(self) -> None:
        """Start the worker ahead of the first file (Python and the engine take a moment)."""
        self._lock = self._lock or asyncio.Lock()
        async with self._lock:
            if not self.closed:
                try:
                    await self._started()
                except (OSError, EOFError, asyncio.IncompleteReadError):
                    self.kill()  # the first request tries again and reports it

    async def _started(self) -> asyncio.subprocess.Process:
        if self._process is not None and self._process.returncode is None:
            return self._process
        process = await asyncio.create_subprocess_exec(
            # -P: `-m` would put the working folder (the editor's workspace: a stranger's
            # repository) first on sys.path, so its `struct.py` or `pickle.py` would run here.
            sys.executable, "-P", "-m", "linter44s.adapters.lint_worker",
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        )
        self._process = process
        assert process.stdout is not None
        try:
            ready = await asyncio.wait_for(_read_async(process.stdout), _STARTUP_SECONDS)
        except TimeoutError:
            self.kill()
            raise EOFError("it did not start") from None
        if ready != ("ready", None):
            self.kill()
            raise EOFError(f"unexpected first message {ready!r}")
        return process

    def kill(self) -> None:
        """Stop the worker now (a timeout, or the server's end)."""
        process, self._process = self._process, None
        if process is not None and process.returncode is None:
            try:
                process.kill()
            except ProcessLookupError:
                return
            try:
                asyncio.get_running_loop().create_task(process.wait())  # reap it
            except RuntimeError:
                pass  # no loop any more: the process is ending too

    def close(self) -> None:
        self.closed = True
        self.kill()


async def _read_async(stream: asyncio.StreamReader) -> Any:
    header = await stream.readexactly(_HEADER.size)
    return pickle.loads(await stream.readexactly(_HEADER.unpack(header)[0]))


if __name__ == "__main__":
    main()
