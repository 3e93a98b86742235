"""GitLab Code Quality report: a JSON array, one object per finding.

Fingerprints are sha256 of the code, the path, the stripped line text and
the occurrence index, so a finding keeps its fingerprint when unrelated
lines move, and two findings never share one (GitLab drops duplicates).
"""

from __future__ import annotations

import hashlib
import json
from typing import TextIO

from linter44s.diagnostics import RunResult
from linter44s.output import RenderOptions
from linter44s.output.sarif import SourceCache, line_fingerprints, relative_path

SEVERITIES = {"error": "critical", "warning": "major", "info": "minor"}


def _fingerprint(*parts: object) -> str:
    return hashlib.sha256("\0".join(map(str, parts)).encode("utf-8", "surrogatepass")).hexdigest()


def build(result: RunResult, options: RenderOptions) -> list[dict]:
    sources = SourceCache(options)
    issues: list[dict] = []
    for diag, digest, occurrence in line_fingerprints(result.diagnostics, sources):
        path = relative_path(diag.path, options.cwd)
        issues.append(
            {
                "type": "issue",
                "description": f"{diag.code} ({diag.name}): {diag.message}",
                "check_name": diag.code,
                "fingerprint": _fingerprint(diag.code, path, digest, occurrence),
                "severity": SEVERITIES.get(diag.level, "major"),
                "location": {"path": path, "lines": {"begin": diag.span.line, "end": diag.span.end_line}},
            }
        )
    for error in result.errors:
        path = relative_path(error.path, options.cwd)
        issues.append(
            {
                "type": "issue",
                "description": f"File not checked: {error.message}",
                "check_name": "linter44s-file-error",
                "fingerprint": _fingerprint("file-error", path, error.line, error.message),
                "severity": "critical",
                "location": {"path": path, "lines": {"begin": max(error.line, 1)}},
            }
        )
    # GitLab drops repeated fingerprints: make any duplicate (the same file
    # error twice) distinct rather than lose it.
    seen: set[str] = set()
    for issue in issues:
        while issue["fingerprint"] in seen:
            issue["fingerprint"] = _fingerprint(issue["fingerprint"], "again")
        seen.add(issue["fingerprint"])
    return issues


def render(result: RunResult, stream: TextIO, options: RenderOptions) -> None:
    json.dump(build(result, options), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
