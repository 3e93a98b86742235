"""JUnit XML: one testsuite, a testcase per file with a failure per finding.

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


def build(result: RunResult, options: RenderOptions) -> ET.Element:
    by_file: dict[str, tuple[list[Diagnostic], list[FileError]]] = {}
    for diag in result.diagnostics:
        by_file.setdefault(relative_path(diag.path, options.cwd), ([], []))[0].append(diag)
    for error in result.errors:
        by_file.setdefault(relative_path(error.path, options.cwd), ([], []))[1].append(error)

    # Counted in test cases, as JUnit readers expect (failures <= tests).
    failures = sum(1 for diags, _ in by_file.values() if diags)
    errors = sum(1 for diags, errs in by_file.values() if errs and not diags)
    cases = max(len(by_file), 1)
    root = ET.Element("testsuites", name="linter44s", tests=str(cases), failures=str(failures), errors=str(errors))
    suite = ET.SubElement(
        root, "testsuite", name="linter44s", tests=str(cases), failures=str(failures), errors=str(errors), skipped="0"
    )
    if not by_file:  # a clean run is one passing case, so CI shows a green test
        ET.SubElement(suite, "testcase", name="linter44s", classname="linter44s")
    for path in sorted(by_file):
        diags, file_errors = by_file[path]
        case = ET.SubElement(suite, "testcase", name=_clean(path), classname=_clean(path.replace("/", ".")))
        for error in file_errors:
            node = ET.SubElement(case, "error", message=_clean(error.message), type="file-error")
            node.text = _clean(f"{path}:{error.line}:{error.col}: {error.message}")
        for diag in diags:
            span = diag.span
            node = ET.SubElement(
                case, "failure", message=_clean(f"{diag.code} {diag.message}"), type=f"{diag.code} ({diag.name})"
            )
            node.text = _clean(f"{path}:{span.line}:{span.col}: {diag.code} {diag.message}\n{diag.url}")
    ET.indent(root)
    return root


def render(result: RunResult, stream: TextIO, options: RenderOptions) -> None:
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(build(result, options), encoding="unicode"))
    stream.write("\n")
