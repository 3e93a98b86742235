"""Fuzzing, on a fixed budget: mutated Redis client code must never make the
engine raise, report an internal error or hang, in process or through the
real CLI's standard input.

Seeds are the rules' TOML examples and the fixtures; mutations are byte,
line and token edits that make parsing hard (brackets, quotes, backticks,
`${`, `/`, `global`, NUL, invalid UTF-8, CR/LF/U+2028, coding cookies).
`derandomize=True` makes every run draw the same inputs, so CI is
reproducible; LINTER44S_FUZZ_SCALE=N runs N times as many examples.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from linter44s.config import Settings
from linter44s.engine import FileReport, fix_source, lint_source_bytes, lint_text
from linter44s.registry import RULES

ROOT = Path(__file__).resolve().parent.parent
SCALE = int(os.environ.get("LINTER44S_FUZZ_SCALE", "1"))
ENGINE_LIMIT = 3.0  # seconds for one input in process: a snippet takes milliseconds
CLI_LIMIT = 30.0  # seconds for one CLI run: start-up on a busy machine, then milliseconds

settings.register_profile(
    "linter44s-fuzz",
    derandomize=True,  # the same inputs on every run: a CI failure reproduces
    database=None,
    deadline=None,  # the time bound is ours (_bounded), the same on every example
    # No shrinking: a hang would cost the bound at every step; the failing input is printed whole.
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=(HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large),
)
FUZZ = settings.get_profile("linter44s-fuzz")
SETTINGS = replace(Settings(root="."), select=("ALL",))
# Mutated numbers (`1if`) make ast warn; the warning is CPython's, not a finding.
pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")

# --- seeds ------------------------------------------------------------------


def _seeds(languages: set[str], suffixes: tuple[str, ...]) -> list[bytes]:
    found = [e.code.encode() for r in RULES.values() for e in r.examples if e.language in languages]
    found += [p.read_bytes() for p in sorted((ROOT / "fixtures").rglob("*")) if p.suffix in suffixes]
    return found


PY_SEEDS = _seeds({"python"}, (".py",))
JS_SEEDS = _seeds({"javascript", "typescript"}, (".js", ".ts"))

# --- mutations ----------------------------------------------------------------

_COMMON = [
    b"(", b")", b"[", b"]", b"{", b"}", b"'", b'"', b"`", b"${", b"/", b"\\", b",", b":", b";", b"=", b"*",
    b"@", b".", b"\x00", b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\r", b"\n", b"\r\n", b"\t",
    b"    ", b"\x0c", "\u2028".encode(), "\u2029".encode(), "\u00e9".encode(), b"global ", b"global r\n",
    b"async ", b"await ", b"return ", b"yield ", b"r.keys('*')", b"redis.set(k, v)", b"client",
]
PY_TOKENS = _COMMON + [
    b"'''", b'"""', b"f'{", b"#", b"# coding: latin-1\n", b"# -*- coding: utf-16 -*-\n", b"# noqa: RDS101",
    b"nonlocal r\n", b"lambda: ", b"def f():\n", b"class C:\n", b"if x:\n", b"else:\n", b"with r.pipeline() as p:\n",
    b"for k in r.scan_iter():\n", b":=", b"**", b"match x:\n    case 1:\n", b"import redis\n", b"del r\n",
]
JS_TOKENS = _COMMON + [
    b"/*", b"*/", b"//", b"<", b">", b"</", b"/>", b"=>", b"?.", b"...", b"#!", b"function(){} / 2", b"of",
    b"/[/]/g", b"new Redis()", b"await client.keys('*')", b"\\u{", b"1n", b"0x", b"<T>", b" as const", b"import(",
    b"export default ", b"class A { static {", b"// eslint-disable-line", b"`${`${", b"}`", b"let ", b"var ",
]


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


def _mutate(data: bytes, kind: str, a: int, b: int, token: bytes) -> bytes:
    """One edit; a and b are positions (taken modulo the length), token what an insertion inserts."""
    n = len(data) + 1
    i, j = sorted((a % n, b % n))
    j = min(j, i + 64)
    lines = _lines(data)
    k, m = a % len(lines), b % len(lines)
    if kind == "insert":
        return data[:i] + token + data[i:]
    if kind == "delete":
        return data[:i] + data[j:]
    if kind == "duplicate":
        return data[:j] + data[i:j] + data[j:]
    if kind == "byte":
        return data[:i] + bytes([b % 256]) + data[i + 1 :]
    if kind == "line-start":
        lines[k] = token + lines[k]
    elif kind == "drop-line":
        del lines[k]
    elif kind == "copy-line":
        lines.insert(m, lines[k])
    elif kind == "swap-lines":
        lines[k], lines[m] = lines[m], lines[k]
    elif kind == "dedent":
        lines[k] = lines[k].lstrip(b" \t")
    return b"".join(lines)


_KINDS = ("insert", "insert", "insert", "delete", "duplicate", "byte", "line-start", "drop-line", "copy-line",
          "swap-lines", "dedent")


def _mutated(seeds: list[bytes], tokens: list[bytes]) -> st.SearchStrategy[bytes]:
    edit = st.tuples(st.sampled_from(_KINDS), st.integers(0, 1 << 16), st.integers(0, 1 << 16), st.sampled_from(tokens))

    def apply(seed: bytes, edits: list[tuple[str, int, int, bytes]]) -> bytes:
        for e in edits:
            seed = _mutate(seed, *e)
        return seed

    return st.builds(apply, st.sampled_from(seeds), st.lists(edit, min_size=1, max_size=6))


PYTHON = _mutated(PY_SEEDS, PY_TOKENS)
JAVASCRIPT = _mutated(JS_SEEDS, JS_TOKENS)

# --- in process ---------------------------------------------------------------


class _TimeUp(BaseException):
    """From the alarm; not an Exception, so no `except Exception` in the engine can swallow it."""


@contextmanager
def _bounded(seconds: float) -> Iterator[None]:
    def alarm(signum, frame):
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _TimeUp:
        raise AssertionError(f"still running after {seconds} s") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _sound(report: FileReport, text: str) -> None:
    if report.error is not None:
        assert "internal error" not in report.error.message, report.error
    last = len(re.split(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x1c-\x1e\x85]", text)) + 1
    for d in report.diagnostics:
        assert 1 <= d.span.line <= last and d.span.col >= 1, d


def _engine(raw: bytes, path: str) -> None:
    """The CLI's stdin road, the same text with the prefilter off, and --fix --unsafe-fixes."""
    with _bounded(ENGINE_LIMIT):
        report, source = lint_source_bytes(raw, path, SETTINGS)
        if source is None:
            # Unreadable as a file (NUL, bad encoding); a big file with a NUL past its first 8 KB is read, though.
            text = raw.decode("utf-8", "replace")
            _sound(lint_text(text, path, SETTINGS, prefilter=False), text)
            return
        _sound(report, source.text)
        _sound(lint_text(source.text, path, SETTINGS, prefilter=False), source.text)
        if any(d.fix is not None for d in report.diagnostics):
            fixed = fix_source(source, SETTINGS, True, first=report)
            _sound(fixed, fixed.fixed_text or source.text)


@settings(FUZZ, max_examples=300 * SCALE)
@given(PYTHON)
@example(b'import redis\nr = redis.Redis()\nr.get(f"")\n')  # an empty f-string key was an IndexError
@example(b'import redis\nglobal r\nr = redis.Redis()\nr.keys("a:*")\n')  # looped forever (issue 10 item 9)
@example(b'import redis\nr = redis.Redis()\nnonlocal r\nr.keys("a:*")\n')  # the same loop, found by this fuzzer
def test_python_engine_survives_mutations(raw):
    _engine(raw, "app/service.py")


@settings(FUZZ, max_examples=300 * SCALE)
@given(JAVASCRIPT, st.sampled_from(["app/service.js", "app/service.ts", "app/view.tsx", "app/worker.mjs"]))
def test_javascript_engine_survives_mutations(raw, path):
    _engine(raw, path)


@settings(FUZZ, max_examples=40 * SCALE)
@given(st.sampled_from(JS_SEEDS), st.sampled_from([b"`", b"`${", b"`${x}", b"/*", b"/* `"]))
def test_unterminated_template_or_comment_is_a_file_error(seed, opener):
    # Issue 10 item 17: the rest of the file vanished into the literal and the run passed.
    report, source = lint_source_bytes(seed.rstrip() + b"\nconst tail = 1;\n" + opener + b" r.keys('*');\n", "app/x.ts", SETTINGS)
    assert source is not None
    assert report.error is not None, [d.code for d in report.diagnostics]
    assert "internal error" not in report.error.message


# --- through the real CLI -----------------------------------------------------


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _cli(raw: bytes, filename: str, output_format: str, cwd: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "linter44s", "check", "--output-format", output_format, "--stdin-filename", filename, "-"],
        input=raw, capture_output=True, timeout=CLI_LIMIT, cwd=cwd, check=False,
    )
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode in (0, 1), (proc.returncode, err[-2000:])
    assert "Traceback" not in err and "internal error" not in err, err[-2000:]


_FORMATS = st.sampled_from(["text", "concise", "json", "sarif", "github", "gitlab", "junit", "grouped"])


@settings(FUZZ, max_examples=10 * SCALE)
@given(PYTHON, _FORMATS)
def test_python_through_the_cli(folder, raw, output_format):
    _cli(raw, "app/x.py", output_format, folder)


@settings(FUZZ, max_examples=10 * SCALE)
@given(JAVASCRIPT, _FORMATS)
def test_typescript_through_the_cli(folder, raw, output_format):
    _cli(raw, "app/x.ts", output_format, folder)


@pytest.mark.parametrize("kind", _KINDS)
def test_mutations_work_on_any_input(kind):
    # The mutator itself: every edit gives bytes, on empty input too.
    for data in (b"", b"x", PY_SEEDS[0]):
        assert isinstance(_mutate(data, kind, 7, 3, b"`"), bytes)

