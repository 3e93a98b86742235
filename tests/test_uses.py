"""Which skipped units the parsed code asks for (python/uses.py): a function or
class it calls always; a base class only when it can change what its
subclass's attributes are.  Leaving a base out must never change a finding."""

from __future__ import annotations

from dataclasses import replace

import pytest

from linter44s.config import Settings
from linter44s.engine import lint_text
from linter44s.python.uses import Parsed

# The parsed code: a subclass that names Redis, of a base that does not.
SUBCLASS = """
class RedisStore(Base):
    def connect(self):
        return redis.Redis()
    def purge(self):
        return self.conn.keys("a*")
"""

NEEDED = {
    "it derives from something": "class Base(Mixin):\n    pass\n",
    "it is decorated": "@dataclass\nclass Base:\n    conn: object = None\n",
    "its body is on its header line": "class Base: conn = None\n",
    "it has a special method": "class Base:\n    def __enter__(self):\n        return self\n",
    "it sets what the subclass reads": "class Base:\n    def start(self):\n        self.conn = make()\n",
    "it sets it as a tuple target": "class Base:\n    def start(self):\n        self.conn, self.other = make()\n",
    "it sets it through setattr": "class Base:\n    def start(self):\n        setattr(self, 'conn', make())\n",
    "it binds it in its body": "class Base:\n    conn: object\n",
    "it defines it": "class Base:\n    def conn(self):\n        return make()\n",
    "it assigns from a hook the subclass defines": "class Base:\n    def start(self):\n        made = self.connect(\n            1)\n",
    "it leaves a hook to subclasses": "class Base:\n    def start(self):\n        self.pool = self.make_pool()\n",
}

NOT_NEEDED = {
    # Django's BaseCacheTests: the tests of every backend, none of them read or set by the subclass.
    "test helpers the subclass never reads": (
        "class Base:\n    factory = RequestFactory()\n    error = TypeError\n\n"
        "    def test_simple(self):\n        value = self.factory.get('/')\n        self.assertEqual(value, 1)\n"
        "        with self.assertRaises(self.error):\n            cache.incr('k')\n"
    ),
    "a method's local named like what the subclass reads": "class Base:\n    def start(self):\n        conn = make()\n        return conn\n",
    "it derives from object": "class Base(object):\n    def other(self):\n        return self.purge()\n",
}


@pytest.mark.parametrize("base", NEEDED.values(), ids=NEEDED.keys())
def test_a_base_that_can_change_its_subclass_is_asked_for(base: str) -> None:
    assert Parsed(SUBCLASS).wants("Base", base)


@pytest.mark.parametrize("base", NOT_NEEDED.values(), ids=NOT_NEEDED.keys())
def test_a_base_that_cannot_is_left_out(base: str) -> None:
    assert not Parsed(SUBCLASS).wants("Base", base)


def test_a_called_unit_is_asked_for_and_an_unnamed_one_is_not() -> None:
    parsed = Parsed("x = helper(1)\n")
    assert parsed.wants("helper", "def helper(n):\n    return n\n")
    assert not parsed.wants("other", "def other(n):\n    return n\n")
    assert not parsed.wants("Base", NEEDED["it derives from something"])  # no subclass: no base
    assert not parsed.wants(None, "x = 1\n")


def test_what_a_filled_unit_reads_counts_too() -> None:
    parsed = Parsed("class Sub(Base):\n    pass\n")
    base = NEEDED["it sets what the subclass reads"]
    assert not parsed.wants("Base", base)
    parsed.add("def later(s):\n    return s.conn.get('k')\n")
    assert parsed.wants("Base", base)


FILLER = "\n\ndef first():\n    return 1\n\n\ndef second():\n    return 2\n"
FILES = {
    "a hook set in a plain method, read by the subclass": (
        "import redis\n" + FILLER + "\n\nclass Base:\n    def start(self):\n        self.conn = self.connect()\n" + SUBCLASS
    ),
    "a base full of tests, left out": (
        "import redis\n" + FILLER + "\n\n" + NOT_NEEDED["test helpers the subclass never reads"]
        + "\n\nclass RedisTests(Base):\n    def test_keys(self):\n        return redis.Redis().keys('a*')\n"
    ),
}


@pytest.mark.parametrize("source", FILES.values(), ids=FILES.keys())
def test_leaving_a_base_out_changes_no_finding(source: str) -> None:
    settings = replace(Settings(root="."), select=("ALL",))
    fast = lint_text(source, "app/store.py", settings)
    full = lint_text(source, "app/store.py", settings, prefilter=False)
    keys_line = next(n for n, line in enumerate(source.splitlines(), 1) if ".keys(" in line)
    assert ("RDS101", keys_line) in [(d.code, d.span.line) for d in fast.diagnostics]
    assert fast.diagnostics == full.diagnostics
