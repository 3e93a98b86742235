"""JUnit XML: one testsuite, a testcase per finding (and per file not checked).

Built with xml.etree so attribute and text escaping is right; characters
XML 1.0 cannot hold at all (most C0 controls) are replaced first.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from linter44s.diagnostics import Diagnostic, FileError, RunResult
from linter44s.output import RenderOptions
from linter44s.output.sarif import relative_path

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _position(item: Diagnostic | FileError) -> tuple[int, int]:
    return (item.line, item.col) if isinstance(item, FileError) else (item.span.line, item.span.col)


def build(result: RunResult, options: RenderOptions) -> ET.Element:
    """One testcase per finding (classname: the file; name: the code and its
    position), as ruff and ESLint write it, and one per file not checked."""
    cases: list[tuple[str, str, Diagnostic | FileError]] = []
    for error in result.errors:
        path = relative_path(error.path, options.cwd)
        cases.append((path, f"file-error {error.line}:{error.col}", error))
    for diag in result.diagnostics:
        path = relative_path(diag.path, options.cwd)
        cases.append((path, f"{diag.code} {diag.span.line}:{diag.span.col}", diag))
    cases.sort(key=lambda c: (c[0], *_position(c[2])))
    failures = len(result.diagnostics)
    errors = len(result.errors)
    tests = max(len(cases), 1)
    root = ET.Element("testsuites", name="linter44s", tests=str(tests), failures=str(failures), errors=str(errors))
    suite = ET.SubElement(
        root, "testsuite", name="linter44s", tests=str(tests), failures=str(failures), errors=str(errors), skipped="0"
    )
    if not cases:  # a clean run is one passing case, so CI shows a green test
        ET.SubElement(suite, "testcase", name="linter44s", classname="linter44s")
    for path, name, item in cases:
        case = ET.SubElement(suite, "testcase", name=_clean(name), classname=_clean(path), file=_clean(path))
        if isinstance(item, FileError):
            node = ET.SubElement(case, "error", message=_clean(item.message), type="file-error")
            node.text = _clean(f"{path}:{item.line}:{item.col}: {item.message}")
            continue
        span = item.span
        case.set("line", str(span.line))
        node = ET.SubElement(case, "failure", message=_clean(f"{item.code} {item.message}"), type=f"{item.code} ({item.name})")
        node.text = _clean(f"{path}:{span.line}:{span.col}: {item.code} {item.message}\n{item.url}")
    ET.indent(root)
    return root


def render(result: RunResult, stream: TextIO, options: RenderOptions) -> None:
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(build(result, options), encoding="unicode"))
    stream.write("\n")
