"""`from module import name` statements, read with a regular expression.

For the files the prefilter lets through unparsed: cross-module client
tracking needs to know what they import, not how they use it (if they do
import a client another checked module exports, they are then parsed).
"""

from __future__ import annotations

import re

from linter44s.facts import ImportedName
from linter44s.python.clients import is_library_module

_FROM_IMPORT = re.compile(
    r"^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]*(?:\\\n[^\n#;]*)*)",
    re.MULTILINE,
)
_NAME = re.compile(r"(\w+)(?:\s+as\s+(\w+))?")


def scan_from_imports(text: str) -> tuple[ImportedName, ...]:
    if "import" not in text:
        return ()
    found = []
    for m in _FROM_IMPORT.finditer(text):
        module, names = m.group(1), m.group(2)
        if not module.startswith(".") and is_library_module(module):
            continue
        for part in re.sub(r"#[^\n]*", "", names).strip("()").replace("\\\n", " ").split(","):
            name = _NAME.fullmatch(part.strip())
            if name:
                found.append(ImportedName(name.group(2) or name.group(1), module, name.group(1)))
    return tuple(found)
