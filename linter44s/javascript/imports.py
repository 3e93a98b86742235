"""Relative `import`/`require` of a JS/TS file, read with regular expressions.

For the files the prefilter lets through unparsed: the project index needs to
know which names they take from other modules of the project, not how they use
them (one that imports a client another module exports is then parsed).
Only relative specifiers (`./store`, `../lib/redis`): packages are not the
project's.
"""

from __future__ import annotations

import re

from linter44s.words import starts_word

_SPEC = r"""(?P<q>['"])(?P<spec>\.{1,2}/[^'"\n]*|\.{1,2})(?P=q)"""
# Each pattern starts with a literal word, not \b: the regex engine then jumps from one
# occurrence of the word to the next (bundles of 300 kB are read 25 times faster).
# The word boundary before it is tested after the match (words.starts_word).
# import X from './a'; import X, { a as b } from './a'; import * as m from './a'; import { a } from './a'
_IMPORT = re.compile(r"import\s+(?:type\s+)?([\w$]+\s*,?\s*)?(\*\s*as\s+[\w$]+|\{[^}]*\})?\s*from\s*" + _SPEC)
# const X = require('./a'); const { a: b, c } = require('./a'); import X = require('./a') (TypeScript):
# found from the call, then the binding just before it.
_REQUIRE = re.compile(r"require\s*\(\s*" + _SPEC + r"\s*\)")
# The binding before the call, read backwards from it (`= x const`): an anchored match on the
# reversed text costs what the binding is long, where a search would try every position before it.
_BINDING_REVERSED = re.compile(r"\s*=\s*([\w$]+|\}[^{}]*\{)\s+(?:tsnoc|tel|rav|tropmi)(?![\w$])")
_BINDING_REACH = 2000  # characters before `require(`: far more than any destructuring
_NAME = re.compile(r"[\w$]+")


def relative_imports(text: str) -> tuple[tuple[str, str, str], ...]:
    """(local name, specifier, imported name) for each relative import; the
    imported name is `default`, `*` (the whole module) or an export's name."""
    if "./" not in text:
        return ()
    found: list[tuple[str, str, str]] = []
    for m in _IMPORT.finditer(text):
        if not starts_word(text, m.start()):
            continue
        default, rest, spec = m.group(1), m.group(2), m.group("spec")
        if default and _NAME.fullmatch(default.strip(" ,")):
            found.append((default.strip(" ,"), spec, "default"))
        if rest and rest.startswith("*"):
            found.append((rest.split()[-1], spec, "*"))
        elif rest:
            found.extend(_members(rest, spec, " as "))
    for call in _REQUIRE.finditer(text):
        if not starts_word(text, call.start()):
            continue
        binding = _BINDING_REVERSED.match(text[max(0, call.start() - _BINDING_REACH) : call.start()][::-1])
        if binding is None:
            continue
        target, spec = binding.group(1)[::-1], call.group("spec")
        if target.startswith("{"):
            found.extend(_members(target, spec, ":"))
        else:
            found.append((target, spec, "*"))
    return tuple(found)


def _members(braced: str, spec: str, renames: str) -> list[tuple[str, str, str]]:
    """`{ a as b, c }` (import) or `{ a: b, c }` (destructuring)."""
    out = []
    for part in braced.strip("{} \n").split(","):
        part = part.strip()
        part = part.removeprefix("type ").strip()
        name, _, local = part.partition(renames.strip() if renames == ":" else " as ")
        name, local = name.strip(), (local or name).strip()
        if _NAME.fullmatch(name) and _NAME.fullmatch(local):
            out.append((local, spec, name))
    return out
