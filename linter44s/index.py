"""The project index: what each module of the project offers to the others.

A file's findings can depend on another file (a client made in `store.py`
and used in `use.py`), so every invocation (`check .`, `check FILE`, the
pre-commit hook with one staged file, the flake8 plugin, the editor) links
a file's imports against the exports of the whole project, never only the
files it was given.  The project is the folder of the configuration file in
force, else the repository root above the checked path, else the working
folder (config.resolve).  Each file's exports come from its plain report (engine.lint_text
without external names), which the result cache keeps by content: a warm
index costs one stat per file.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol

from linter44s.words import spelled

if TYPE_CHECKING:
    from linter44s.config import Settings
    from linter44s.discovery import Listings
    from linter44s.facts import Export, External

_JS_SUFFIXES = (".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts")


class Linkable(Protocol):
    """What linking reads of a file's plain report (engine.FileReport)."""

    @property
    def exported(self) -> tuple[Export, ...]: ...
    @property
    def imports(self) -> tuple[tuple[str, str, str], ...]: ...


def project_root(settings: Settings) -> str:
    """The folder whose files the index covers (absolute): the settings' root,
    which is the configuration's folder, else the repository root (config.resolve)."""
    return os.path.abspath(settings.root)


def project_files(root: str, settings: Settings, listings: Listings | None = None) -> list[str]:
    """Every file of the project that a `check` of its root would check."""
    from linter44s.discovery import discover

    top = os.path.relpath(root)
    return [p for p in discover([top], settings, True, listings) if isinstance(p, str)]


def needs_index(report: Linkable) -> bool:
    return bool(report.imports)


def module_names(rel: str) -> list[str]:
    """`pkg/sub/store.py` -> pkg.sub.store, sub.store, store: the names an import may use."""
    parts = rel[:-3].split("/") if rel.endswith(".py") else []
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    return [".".join(parts[i:]) for i in range(len(parts)) if parts[i:]]


def resolve_python(module: str, importer_rel: str) -> str | None:
    """An absolute dotted module name for `module` as imported by the file."""
    if not module.startswith("."):
        return module
    level = len(module) - len(module.lstrip("."))
    names = module_names(importer_rel)
    if not names:
        return None
    package = names[0].split(".")
    if not importer_rel.endswith("__init__.py"):
        package = package[:-1]
    package = package[: len(package) - (level - 1)] if level > 1 else package
    rest = module.lstrip(".")
    return ".".join([*package, rest] if rest else package)


def resolve_js(spec: str, importer_rel: str, known: Mapping[str, object]) -> str | None:
    """The project file a relative specifier names, as Node and TypeScript find it."""
    base = posixpath.normpath(posixpath.join(posixpath.dirname(importer_rel), spec))
    stem, ext = posixpath.splitext(base)
    candidates = [base] if ext in _JS_SUFFIXES else []
    if ext in (".js", ".mjs", ".cjs", ".jsx"):  # TypeScript: `./store.js` names store.ts
        candidates += [stem + s for s in _JS_SUFFIXES]
    candidates += [base + s for s in _JS_SUFFIXES] + [base + "/index" + s for s in _JS_SUFFIXES]
    return next((c for c in candidates if c in known), None)


def sources(importers: Mapping[str, Linkable], candidates: Mapping[str, str], rel: Mapping[str, str]) -> list[str]:
    """The candidate files (path -> path relative to the root) that some import
    of `importers` may name: the only ones whose exports can change a finding,
    so the only ones a run must read for the index."""
    python: dict[str, list[str]] = {}
    js_files = {r: p for p, r in candidates.items() if not p.endswith((".py", ".pyi"))}
    for path, r in candidates.items():
        if path.endswith((".py", ".pyi")):
            for module in module_names(r):
                python.setdefault(module, []).append(path)
    firsts = {module.partition(".")[0] for module in python}  # an absolute import naming none of these names no candidate
    wanted: set[str] = set()
    for path, report in importers.items():
        is_python = path.endswith((".py", ".pyi"))
        for _, module, name in report.imports:
            if is_python:
                if module and module[:1] != "." and module.partition(".")[0] not in firsts:
                    continue
                base = resolve_python(module, rel[path]) or ""
                wanted.update(python.get(base, ()))
                wanted.update(python.get(f"{base}.{name}" if base else name, ()))  # `from pkg import store`: a submodule
            elif (target := resolve_js(module, rel[path], js_files)) is not None:
                wanted.add(js_files[target])
    return sorted(wanted)


def link(reports: Mapping[str, Linkable], rel: Mapping[str, str]) -> dict[str, tuple[External, ...]]:
    """For each file that imports something another file exports: what those names are.

    `rel` maps each report's path to its path relative to the project root."""
    python: dict[str, dict[str, Export]] = {}
    js: dict[str, dict[str, Export]] = {}
    for path, report in reports.items():
        if report.exported:
            offered = {e.name: e for e in report.exported}
            if path.endswith((".py", ".pyi")):
                for module in module_names(rel[path]):
                    python.setdefault(module, {}).update(offered)
            else:
                js[rel[path]] = offered
    if not python and not js:
        return {}
    from linter44s.facts import External  # here: a tree where nothing exports a client never loads the facts

    # Names a Python import can take something from: an export (or its class, for `Store.create`),
    # a module (`from pkg import store`), or everything (`*`).  Others are skipped unresolved.
    useful = {e.split(".")[0] for offered in python.values() for e in offered} | {m.rsplit(".", 1)[-1] for m in python} | {"*"}
    wanted: dict[str, tuple[External, ...]] = {}
    for path, report in reports.items():
        if not report.imports:
            continue
        entries: list[External] = []
        is_python = path.endswith((".py", ".pyi"))
        for local, module, name in report.imports:
            if is_python:
                if name not in useful:
                    continue
                base = resolve_python(module, rel[path]) or ""
                offered = python.get(base, {})
                if name != "*" and name not in offered and f"{base}.{name}" in python:
                    offered, name = python[f"{base}.{name}"], "*"  # `from pkg import store`: the module itself
            else:
                target = resolve_js(module, rel[path], js)
                offered = js.get(target, {}) if target else {}
            if name == "*":
                entries += [External(f"{local}.{e.name}", e.kind, e.flavor, e.attributes) for e in offered.values()]
                default = offered.get("default")
                if default is not None and not is_python:  # `const c = require('./client')`: module.exports
                    entries.append(External(local, default.kind, default.flavor, default.attributes))
            else:
                # The name itself, and what it offers as `name.member` (a class's static factory `Store.create`).
                entries += [
                    External(local + e.name[len(name):], e.kind, e.flavor, e.attributes)
                    for e in offered.values() if e.name == name or e.name.startswith(name + ".")
                ]
        if entries:
            # A total order: the tuple is part of the cache key (engine._cached_map), so it must not vary by run.
            wanted[path] = tuple(sorted(set(entries), key=lambda e: (e.local, e.kind.value, e.flavor.value, e.attributes)))
    return wanted


def used(external: tuple[External, ...], text: str) -> tuple[External, ...]:
    """The linked names this text can use.  A name it spells nowhere but in its
    import reaches no code, so linking it could change no finding: `import
    litellm` links every factory litellm's modules export, and a file that calls
    none of them is judged as if it had none (and, in a whole run, not
    analysed a second time).  The import spells a plain name once (`from store
    import client`, `const c = require('./client')`); a member of an imported module
    (`litellm._redis.get_redis_client`) is spelled wherever the code reaches it."""
    return tuple(e for e in external if spelled(text, *_last_and_times(e.local)))


def _last_and_times(local: str) -> tuple[str, int]:
    _, dot, last = local.rpartition(".")
    return (last, 1) if dot else (local, 2)
