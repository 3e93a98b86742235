"""The project index's linking (index.py): which export an import names, in each language."""

from __future__ import annotations

from dataclasses import dataclass

from linter44s import index
from linter44s.facts import Export, ExportKind, External, Flavor

CLIENT, FACTORY, HOLDER = ExportKind.CLIENT, ExportKind.FACTORY, ExportKind.HOLDER


@dataclass(frozen=True)
class Report:
    exported: tuple[Export, ...] = ()
    imports: tuple[tuple[str, str, str], ...] = ()


def linked(reports: dict[str, Report]) -> dict[str, list[tuple[str, str]]]:
    found = index.link(reports, {p: p for p in reports})
    return {p: [(e.local, e.kind.value) for e in es] for p, es in found.items()}


def test_python_from_import_relative_import_and_whole_module():
    reports = {
        "pkg/__init__.py": Report(),
        "pkg/store.py": Report((Export("client", CLIENT, Flavor.SYNC), Export("Base", HOLDER, Flavor.SYNC, ("conn",)))),
        "pkg/a.py": Report(imports=(("client", "pkg.store", "client"),)),
        "pkg/b.py": Report(imports=(("c", ".store", "client"),)),
        "pkg/c.py": Report(imports=(("store", "pkg.store", "*"),)),
        "pkg/d.py": Report(imports=(("other", "pkg.settings", "client"),)),  # no such module: nothing
        "pkg/e.py": Report(imports=(("store", "pkg", "store"),)),  # `from pkg import store`: a submodule
    }
    assert linked(reports) == {
        "pkg/a.py": [("client", "client")],
        "pkg/b.py": [("c", "client")],
        "pkg/c.py": [("store.Base", "holder"), ("store.client", "client")],
        "pkg/e.py": [("store.Base", "holder"), ("store.client", "client")],
    }
    holder = index.link(reports, {p: p for p in reports})["pkg/c.py"][0]
    assert holder == External("store.Base", HOLDER, Flavor.SYNC, ("conn",))


def test_js_specifiers_resolve_as_node_and_typescript_do():
    reports = {
        "src/redis.js": Report((Export("default", CLIENT, Flavor.UNKNOWN),)),
        "src/lib/index.ts": Report((Export("cache", CLIENT, Flavor.UNKNOWN), Export("Store.create", FACTORY, Flavor.UNKNOWN))),
        "src/app.js": Report(imports=(("redis", "./redis", "*"),)),
        "src/use.ts": Report(imports=(("cache", "./lib", "cache"), ("Store", "./lib/index.js", "Store"))),
        "src/deep/x.ts": Report(imports=(("r", "../redis", "default"), ("m", "../lib", "*"))),
    }
    assert linked(reports) == {
        # CommonJS: the module is what `module.exports` is; compiled TypeScript reads `redis_1.default`.
        "src/app.js": [("redis", "client"), ("redis.default", "client")],
        "src/use.ts": [("Store.create", "factory"), ("cache", "client")],
        "src/deep/x.ts": [("m.Store.create", "factory"), ("m.cache", "client"), ("r", "client")],
    }


def test_sources_names_only_the_modules_imported_from():
    importers = {"pkg/use.py": Report(imports=(("client", "pkg.store", "client"),)),
                 "web/app.js": Report(imports=(("r", "./redis", "*"),))}
    candidates = {p: p for p in ("pkg/store.py", "pkg/other.py", "web/redis.js", "web/other.js", "pkg/store/__init__.py")}
    assert index.sources(importers, candidates, {p: p for p in importers}) == ["pkg/store.py", "pkg/store/__init__.py", "web/redis.js"]
