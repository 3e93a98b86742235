"""Cross-module kinds on the Python side (issue 11 §2): what a module exports
(client classes, classes holding clients, class-level factories) and how a
module uses what the project index tells it (`external=`).  The index itself
(engine.link_modules) is tested with the engine."""

from __future__ import annotations

import textwrap
from dataclasses import replace

from linter44s.config import Settings
from linter44s.engine import lint_text
from linter44s.facts import Evidence, Export, ExportKind, External, Flavor, ImportedName
from linter44s.python.frontend import analyze

SETTINGS = Settings(root=".")


def _facts(source: str, external: tuple[External, ...] = ()):
    return analyze(textwrap.dedent(source), "pkg/use.py", SETTINGS, external)[0]


def _keys_calls(source: str, external: tuple[External, ...] = ()) -> list[tuple[str, int, Evidence]]:
    return [(c.receiver, c.span.line, c.evidence) for c in _facts(source, external).calls if c.command == "KEYS"]


STORE = """
import redis
import redis.asyncio
class SafeRedis(redis.asyncio.Redis):
    pass
class BaseStore:
    def __init__(self, url):
        self.redis = redis.Redis.from_url(url)
        self.names = {}
class Conn:
    @staticmethod
    def create(url):
        return redis.Redis.from_url(url)
    def helper(self):
        return redis.Redis()
class Plain:
    def __init__(self):
        self.data = {}
"""


def test_a_module_exports_its_client_classes_holders_and_class_factories() -> None:
    found = set(_facts(STORE).exports)
    assert Export("SafeRedis", ExportKind.CLIENT_CLASS, Flavor.ASYNC) in found
    assert Export("BaseStore", ExportKind.HOLDER, Flavor.SYNC, ("redis",)) in found
    assert Export("Conn.create", ExportKind.FACTORY, Flavor.SYNC) in found
    # An instance method needs an instance; a class holding no client is nothing to others.
    assert {e.name for e in found} == {"SafeRedis", "BaseStore", "Conn.create"}


def test_a_class_exports_the_hooks_it_leaves_to_subclasses() -> None:
    # django-q2's Broker: nothing here names Redis, so only a full parse (focus=False) reads it.
    source = textwrap.dedent("""
    class Broker:
        def __init__(self):
            self.connection = self.get_connection()
            self.cache = self.get_cache()
        def get_connection(self):
            return 0
        def get_cache(self):
            return {"a": 1}
    """)
    facts = analyze(source, "pkg/brokers.py", SETTINGS, focus=False)[0]
    # A stub a subclass overrides may give a client; a method that builds something else does not.
    assert facts.exports == (Export("Broker", ExportKind.HOLDER, Flavor.UNKNOWN, ("connection:get_connection",)),)


def test_a_subclass_of_an_imported_client_class_is_exported_as_one() -> None:
    source = """
    from pkg.clients import SafeRedis
    class TracingRedis(SafeRedis):
        pass
    """
    external = (External("SafeRedis", ExportKind.CLIENT_CLASS, Flavor.ASYNC),)
    assert _facts(source, external).exports == (Export("TracingRedis", ExportKind.CLIENT_CLASS, Flavor.ASYNC),)
    assert _facts(source).exports == ()


WORKER = """
from pkg.store import BaseStore
class Worker(BaseStore):
    def run(self):
        self.names.keys()
        return self.store.keys("q:*")
"""


def test_a_base_class_from_another_module_that_holds_a_client() -> None:
    assert _keys_calls(WORKER) == []
    assert ImportedName("BaseStore", "pkg.store", "BaseStore") in _facts(WORKER).imports  # asked about
    holder = (External("BaseStore", ExportKind.HOLDER, Flavor.SYNC, ("store",)),)
    assert _keys_calls(WORKER, holder) == [("self.store", 6, Evidence.IMPORTED)]


HOOKED = """
import redis
from pkg.brokers import Broker
class RedisBroker(Broker):
    def purge(self):
        return self.connection.keys("q:*")
    def get_connection(self) -> redis.Redis:
        return redis.Redis.from_url("redis://h")
"""


def test_a_hook_of_a_base_class_from_another_module_overridden_here() -> None:
    assert _keys_calls(HOOKED) == []
    holder = (External("Broker", ExportKind.HOLDER, Flavor.UNKNOWN, ("connection:get_connection",)),)
    assert _keys_calls(HOOKED, holder) == [("self.connection", 6, Evidence.FACTORY)]


CLASS_USER = """
from pkg.clients import SafeRedis
def purge(c: SafeRedis):
    return c.keys("a*")
def build():
    r = SafeRedis()
    return r.keys("b*")
"""


def test_an_imported_client_class_as_annotation_and_as_constructor() -> None:
    assert _keys_calls(CLASS_USER) == []
    imported = (External("SafeRedis", ExportKind.CLIENT_CLASS, Flavor.SYNC),)
    assert [(r, line) for r, line, _ in _keys_calls(CLASS_USER, imported)] == [("c", 4), ("r", 7)]


NAMESPACE = """
import pkg.store as s
from pkg import factories
def purge():
    s.client.keys("a*")
    return factories.make().keys("b*")
"""


def test_a_module_used_as_a_namespace_is_asked_for_whole() -> None:
    imports = set(_facts(NAMESPACE).imports)
    assert ImportedName("s", "pkg.store", "*") in imports
    assert ImportedName("factories", "pkg.factories", "*") in imports


def test_a_name_not_read_as_a_namespace_is_not_asked_for_whole() -> None:
    source = """
    from pkg.conf import Conf
    import pkg.settings as settings
    import redis
    r = redis.Redis()
    def f():
        return r.get(Conf.KEY + settings.PREFIX)
    """
    assert [i for i in _facts(source).imports if i.name == "*"] == []


def test_dotted_externals_of_a_namespace_are_clients_and_factories() -> None:
    assert _keys_calls(NAMESPACE) == []
    external = (
        External("s.client", ExportKind.CLIENT, Flavor.SYNC),
        External("factories.make", ExportKind.FACTORY, Flavor.SYNC),
    )
    assert [(r, line) for r, line, _ in _keys_calls(NAMESPACE, external)] == [("s.client", 5), ("factories.make()", 6)]


def test_the_focused_parse_follows_what_the_index_says() -> None:
    # Nothing in `purge` names Redis: only the index says `s.client` is a client.
    source = textwrap.dedent("""
    import pkg.store as s
    def unrelated(d):
        return d.keys()
    def purge():
        return s.client.keys("a*")
    """)
    settings = replace(SETTINGS, select=("ALL",))
    external = (External("s.client", ExportKind.CLIENT, Flavor.SYNC),)
    fast = lint_text(source, "pkg/use.py", settings, external=external)
    full = lint_text(source, "pkg/use.py", settings, external=external, prefilter=False)
    assert [(d.code, d.span.line) for d in fast.diagnostics] == [("RDS101", 6)]
    assert fast.diagnostics == full.diagnostics


def test_a_class_level_factory_of_another_module() -> None:
    source = """
    from pkg.store import Conn
    def purge():
        return Conn.create("redis://h").keys("a*")
    """
    assert _keys_calls(source) == []
    external = (External("Conn.create", ExportKind.FACTORY, Flavor.SYNC),)
    assert _keys_calls(source, external) == [('Conn.create("redis://h")', 4, Evidence.IMPORTED)]
