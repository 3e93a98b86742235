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


def test_a_linked_name_the_text_never_uses_is_dropped():
    ext = (
        External("make_client", FACTORY, Flavor.SYNC),  # `from svc.store import make_client`
        External("store.client", CLIENT, Flavor.SYNC),  # `from svc import store`
        External("svc.store.SafeRedis", HOLDER, Flavor.SYNC),  # `import svc.store`
    )
    imports_only = "from svc.store import make_client\nfrom svc import store\nimport svc.store\n"
    assert index.used(ext, imports_only) == ()
    # A plain name must be spelled beyond its import; a member of a module anywhere.
    assert index.used(ext, imports_only + "c = make_client()\n") == ext[:1]
    assert index.used(ext, imports_only + "store.client.get('k')\n") == ext[1:2]
    assert index.used(ext, imports_only + "class Mine(svc.store.SafeRedis): ...\n") == ext[2:]
    # Whole words only: a longer name that contains it is another name.
    assert index.used(ext, imports_only + "make_client_pool()\nremake_client = 1\nstore.clients\n$client\n") == ()
    # JavaScript: `const c = require('./client')` spells `c` once; its use is the second.
    js = (External("c", CLIENT, Flavor.UNKNOWN),)
    assert index.used(js, "const c = require('./client');\n") == ()
    assert index.used(js, "const c = require('./client');\nc.keys('*');\n") == js


def test_a_file_told_only_of_names_it_never_uses_keeps_its_plain_report(tmp_path, monkeypatch):
    """The pass over linked files does not analyse such a file again (engine._check_all)."""
    from linter44s.config import Settings
    from linter44s.engine import Job, run_job

    monkeypatch.chdir(tmp_path)
    (tmp_path / "use.py").write_text("from store import make_client\nimport redis\nr = redis.Redis()\nr.keys('*')\n")
    settings = Settings(root=str(tmp_path))
    unused = (External("make_client", FACTORY, Flavor.SYNC),)
    assert run_job(Job("use.py", settings, external=unused)).unlinked
    (tmp_path / "use.py").write_text("from store import make_client\nmake_client().keys('*')\n")
    report = run_job(Job("use.py", settings, external=unused))
    assert not report.unlinked and [d.code for d in report.diagnostics] == ["RDS101"]
