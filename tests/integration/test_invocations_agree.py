"""Every way of starting linter44s gives a file the same findings (issue 11 §2).

For each file of the corpora (the bundled sample projects and a project whose
clients cross modules), these must agree: `linter44s check .` (restricted to
that file), `linter44s check FILE`, the real pre-commit hook with only that
file passed, the real `flake8 --select RDS FILE`, and the language server's
diagnostics for the open file.  Findings are compared as (line, column, code).
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import pytest_lsp
import yaml
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

ROOT = Path(__file__).resolve().parents[2]
CORPORA = {
    "project-index": ROOT / "tests" / "data" / "project-index",
    **{p.name: p for p in sorted((ROOT / "fixtures").iterdir()) if p.is_dir()},
}
CONCISE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>RDS\d{3}) ", re.MULTILINE)
SUFFIXES = (".py", ".js", ".ts")
Found = list[tuple[int, int, str]]


def _env() -> dict[str, str]:
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{path}" if path else str(ROOT), "PRE_COMMIT_COLOR": "never"}


def _git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, check=True)


def _hook_config() -> str:
    """A `repo: local` pre-commit config running this checkout's hook entry as written."""
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "linter44s")
    entry = f"{sys.executable} -m linter44s " + hook["entry"].removeprefix("linter44s ")
    local = {**hook, "entry": entry, "language": "system", "args": ["--output-format", "concise"]}
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": [local]}]})


@pytest.fixture(params=sorted(CORPORA))
def corpus(request, tmp_path: Path) -> Path:
    """A copy of one corpus as its own git repository (the project root)."""
    repo = tmp_path / request.param
    shutil.copytree(CORPORA[request.param], repo)
    (repo / ".pre-commit-config.yaml").write_text(_hook_config(), encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "corpus")
    return repo


def _files(repo: Path) -> list[str]:
    return sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*") if p.suffix in SUFFIXES and ".git" not in p.parts)


def _parse(output: str, only: str | None = None) -> dict[str, Found]:
    found: dict[str, Found] = {}
    for m in CONCISE.finditer(output):
        path = Path(m["path"]).as_posix().removeprefix("./")
        if only is None or path == only:
            found.setdefault(path, []).append((int(m["line"]), int(m["col"]), m["code"]))
    return {p: sorted(f) for p, f in found.items()}


def _run(repo: Path, *args: str) -> str:
    done = subprocess.run(args, cwd=repo, env=_env(), capture_output=True, text=True, timeout=300, check=False)
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout


def _linter(repo: Path, *args: str) -> str:
    return _run(repo, sys.executable, "-m", "linter44s", "check", "--output-format", "concise", *args)


def test_every_invocation_gives_a_file_the_same_findings(corpus: Path):
    whole = _parse(_linter(corpus, "."))
    assert whole or corpus.name.endswith("-clean"), "a corpus with mistakes must show some"
    for name in _files(corpus):
        expected = whole.get(name, [])
        assert _parse(_linter(corpus, name), name).get(name, []) == expected, f"check {name}"
        assert _parse(_linter(corpus, "--no-cache", name), name).get(name, []) == expected, f"check --no-cache {name}"
        hook = _run(corpus, sys.executable, "-m", "pre_commit", "run", "linter44s", "--files", name)
        assert _parse(hook, name).get(name, []) == expected, f"pre-commit on {name}:\n{hook}"
        if name.endswith(".py"):
            flake8 = _run(corpus, sys.executable, "-m", "flake8", "--select", "RDS", "--format",
                          "%(path)s:%(row)d:%(col)d: %(code)s %(text)s", name)
            assert _parse(flake8, name).get(name, []) == expected, f"flake8 on {name}:\n{flake8}"


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "linter44s", "server"], server_env=_env())
)
async def editor(lsp_client: LanguageClient, corpus: Path):
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            root_uri=corpus.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=corpus.as_uri(), name="corpus")],
        )
    )
    yield
    await lsp_client.shutdown_session()


def _seen(found: list[types.Diagnostic]) -> Found:
    return sorted((d.range.start.line + 1, d.range.start.character + 1, str(d.code)) for d in found)


async def _published(client: LanguageClient, uri: str, expected: Found, timeout: float = 60) -> Found:
    """What the server published for uri: as soon as it is `expected`, else the last after `timeout`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        found = client.diagnostics.get(uri)
        if found is not None and (_seen(list(found)) == expected or loop.time() > deadline):
            return _seen(list(found))
        assert loop.time() < deadline, f"nothing published for {uri}"
        await asyncio.sleep(0.05)


@pytest.mark.asyncio
async def test_the_editor_agrees_with_check(editor: LanguageClient, corpus: Path):
    whole = _parse(_linter(corpus, "."))
    for name in _files(corpus):
        path = corpus / name
        uri = path.as_uri()
        language = "python" if name.endswith(".py") else "typescript" if name.endswith(".ts") else "javascript"
        editor.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id=language, version=1, text=path.read_text(encoding="utf-8"))
        ))
        assert await _published(editor, uri, whole.get(name, [])) == whole.get(name, []), f"editor on {name}"


def test_the_corpus_shows_findings_that_cross_modules(tmp_path: Path):
    """The project-index corpus is no vacuous case: checked alone, its files
    show findings whose client is made in another module."""
    repo = tmp_path / "repo"
    shutil.copytree(CORPORA["project-index"], repo)
    _git(repo, "init", "-q")
    found = _parse(_linter(repo, "svc/use.py", "svc/relative.py", "svc/namespace.py", "svc/subclass.py", "web/use.ts",
                           "tests/test_async_use.py"))
    codes = {path: {c for _, _, c in f} for path, f in found.items()}
    assert codes == {
        "svc/use.py": {"RDS101"},  # a client imported by name
        "svc/relative.py": {"RDS201"},  # by a relative import
        "svc/namespace.py": {"RDS101", "RDS403"},  # a module imported whole (`from svc import store`)
        "svc/subclass.py": {"RDS101"},  # a base class holding a client, a client subclass
        "web/use.ts": {"RDS101"},
        # From a test helper left unanalysed (no rule could report in it) until this import asked for its exports.
        "tests/test_async_use.py": {"RDS701"},
    }, found
    assert len(found["tests/test_async_use.py"]) == 2  # a factory's client, a base class's
    assert len(found["svc/subclass.py"]) == 2
    assert len(found["web/use.ts"]) == 3  # a named import, a whole-module import, a class's static factory
