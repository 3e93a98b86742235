"""SARIF 2.1.0, as GitHub code scanning reads it.

GitHub needs per rule an id, short and full descriptions and help text; per
result a rule id, level, message, one location relative to the repository
root with all four region fields, and a `primaryLocationLineHash` that stays
put when unrelated lines move.  Columns count characters, so the run says
`columnKind: unicodeCodePoints`.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import TextIO
from urllib.parse import quote

from linter44s import __version__, sources
from linter44s.diagnostics import Diagnostic, Fix, RunResult
from linter44s.output import RenderOptions
from linter44s.registry import RULES

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/linter44s/linter44s"
SRCROOT = "%SRCROOT%"
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


# --- helpers shared with the other CI formats (github, gitlab, junit) ---


def relative_path(path: str, cwd: str) -> str:
    """`path` relative to `cwd` with forward slashes when it lies under it;
    otherwise the path as given (absolute paths stay absolute)."""
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(Path(cwd).resolve())
        except ValueError:
            try:
                p = p.resolve().relative_to(Path(cwd).resolve())
            except (ValueError, OSError):
                return p.as_posix()
    return p.as_posix().removeprefix("./")


class SourceCache:
    """Source lines by path: from `options.sources` when given, else the file."""

    def __init__(self, options: RenderOptions) -> None:
        self._sources = options.sources or {}
        self._cwd = self.cwd = options.cwd
        self._texts: dict[str, str | None] = {}
        self._lines: dict[str, list[str]] = {}

    def text(self, path: str) -> str | None:
        if path not in self._texts:
            text = self._sources.get(path)
            if text is None:
                # Decoded as the engine decodes it (encoding cookie, BOM kept),
                # so fix offsets and line numbers agree.
                read = sources.read(str(Path(self._cwd) / path))
                text = read.text if isinstance(read, sources.Source) else None
            self._texts[path] = text
        return self._texts[path]

    def line(self, path: str, line: int) -> str:
        """Line `line` (1-based) without its line break; "" when unknown."""
        if path not in self._lines:
            text = self.text(path)
            self._lines[path] = _LINE_BREAK.split(text) if text is not None else []
        lines = self._lines[path]
        return lines[line - 1] if 0 < line <= len(lines) else ""


def line_fingerprints(diagnostics: Iterable[Diagnostic], sources: SourceCache) -> Iterator[tuple[Diagnostic, str, int]]:
    """Each diagnostic with its identity's digest (fingerprint.py: code, path,
    flagged text, enclosing function; the baseline's too) and its occurrence
    (1-based) among findings with that identity: moving code keeps both."""
    from linter44s.fingerprint import identities

    for diag, found, occurrence in identities(diagnostics, lambda p: relative_path(p, sources.cwd), sources.text):
        yield diag, found.digest, occurrence


# --- SARIF ---


def _artifact(path: str, cwd: str) -> dict:
    rel = relative_path(path, cwd)
    if PurePosixPath(rel).is_absolute() or rel.startswith("../") or re.match(r"^[A-Za-z]:/", rel):
        # Outside the source root: an absolute file URI, no base id.
        return {"uri": (Path(cwd) / path).resolve().as_uri()}
    # The name's bytes, percent-encoded: exact even when they are not UTF-8.
    return {"uri": quote(os.fsencode(rel), safe="/"), "uriBaseId": SRCROOT}


def _rule_descriptor(code: str, sample: Diagnostic | None) -> dict:
    rule = RULES.get(code)
    if rule is not None:
        name, level, url = rule.name, rule.level, rule.url
        short, full = rule.summary, rule.what or rule.summary
        why = rule.why
        tags = ["redis", rule.family]
    else:  # a code the catalog does not know: describe it from the finding
        assert sample is not None
        name, level, url = sample.name, sample.level, sample.url
        short, full = sample.name, sample.message
        why = ""
        tags = ["redis"]
    help_text = "\n\n".join(part for part in (full, why, f"Documentation: {url}") if part)
    help_md = "\n\n".join(part for part in (full, why, f"[{code} ({name}) documentation]({url})") if part)
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": help_text, "markdown": help_md},
        "helpUri": url,
        "defaultConfiguration": {"level": SARIF_LEVELS.get(level, "warning")},
        "properties": {"tags": tags},
    }


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column in characters) of a character offset."""
    offset = max(0, min(offset, len(text)))
    before = text[:offset]
    line = len(_LINE_BREAK.findall(before)) + 1
    last = max(before.rfind("\n"), before.rfind("\r"))
    return line, offset - last


def _fix(diag: Diagnostic, fix: Fix, artifact: dict, sources: SourceCache) -> dict:
    text = sources.text(diag.path)
    replacements = []
    for edit in sorted(fix.edits, key=lambda e: (e.start, e.end)):
        region: dict = {"charOffset": edit.start, "charLength": edit.end - edit.start}
        if text is not None:
            start_line, start_col = _position(text, edit.start)
            end_line, end_col = _position(text, edit.end)
            region.update(startLine=start_line, startColumn=start_col, endLine=end_line, endColumn=end_col)
        replacements.append({"deletedRegion": region, "insertedContent": {"text": edit.content}})
    return {
        "description": {"text": fix.message},
        "artifactChanges": [{"artifactLocation": artifact, "replacements": replacements}],
        "properties": {"applicability": fix.applicability.value},
    }


def build(result: RunResult, options: RenderOptions) -> dict:
    """The SARIF log as a dict (what `render` writes)."""
    sources = SourceCache(options)
    samples: dict[str, Diagnostic] = {}
    for diag in result.diagnostics:
        samples.setdefault(diag.code, diag)
    codes = sorted(set(RULES) | set(samples))
    rules = [_rule_descriptor(code, samples.get(code)) for code in codes]
    index = {code: i for i, code in enumerate(codes)}

    results = []
    for diag, digest, occurrence in line_fingerprints(result.diagnostics, sources):
        artifact = _artifact(diag.path, options.cwd)
        span = diag.span
        entry: dict = {
            "ruleId": diag.code,
            "ruleIndex": index[diag.code],
            "level": SARIF_LEVELS.get(diag.level, "warning"),
            "message": {"text": diag.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": {
                            "startLine": span.line,
                            "startColumn": span.col,
                            "endLine": span.end_line,
                            "endColumn": span.end_col,
                        },
                    }
                }
            ],
            "partialFingerprints": {"primaryLocationLineHash": f"{digest}:{occurrence}"},
        }
        if diag.fix is not None and diag.fix.edits:
            entry["fixes"] = [_fix(diag, diag.fix, artifact, sources)]
        results.append(entry)

    notifications = [
        {
            "level": "error",
            "message": {"text": error.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": _artifact(error.path, options.cwd),
                        "region": {"startLine": max(error.line, 1), "startColumn": max(error.col, 1)},
                    }
                }
            ],
        }
        for error in result.errors
    ]
    invocation: dict = {"executionSuccessful": True}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications

    root = Path(options.cwd).resolve().as_uri()
    run = {
        "tool": {
            "driver": {
                "name": "linter44s",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }
        },
        "invocations": [invocation],
        "originalUriBaseIds": {SRCROOT: {"uri": root if root.endswith("/") else root + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(result: RunResult, stream: TextIO, options: RenderOptions) -> None:
    json.dump(build(result, options), stream, indent=2, ensure_ascii=False)
    stream.write("\n")


__all__ = ["SARIF_LEVELS", "SourceCache", "build", "line_fingerprints", "relative_path", "render"]
