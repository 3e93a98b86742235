"""The relative imports of a JS/TS file the prefilter leaves unparsed
(javascript/imports.py): what the project index links through."""

from __future__ import annotations

from linter44s.javascript.imports import relative_imports


def test_every_import_form_names_what_it_takes():
    text = (
        "import store from './store';\n"
        "import def, { a as b, type T, c } from \"../lib/redis\";\n"
        "import * as ns from './ns';\n"
        "import type { Client } from './types';\n"
        "import pkg from 'ioredis';\n"  # a package, not the project's
    )
    assert relative_imports(text) == (
        ("store", "./store", "default"),
        ("def", "../lib/redis", "default"),
        ("b", "../lib/redis", "a"),
        ("T", "../lib/redis", "T"),
        ("c", "../lib/redis", "c"),
        ("ns", "./ns", "*"),
        ("Client", "./types", "Client"),
    )


def test_every_require_form_names_what_it_takes():
    text = (
        "const client = require('./client');\n"
        "let { a: b, c } = require(\"../redis\");\n"
        "var  x =\n  require ( './x' ) ;\n"
        "import legacy = require('./legacy');\n"  # TypeScript
        "const other = require('redis');\n"
    )
    assert relative_imports(text) == (
        ("client", "./client", "*"),
        ("b", "../redis", "a"),
        ("c", "../redis", "c"),
        ("x", "./x", "*"),
        ("legacy", "./legacy", "*"),
    )


def test_a_word_that_ends_in_import_or_require_is_not_one():
    text = "reimport x from './a';\nmy_require('./b');\nconst y = $require('./c');\nconst z = myrequire('./d');\n"
    assert relative_imports(text) == ()


def test_a_require_with_no_binding_before_it_names_nothing():
    assert relative_imports("require('./side-effect');\nfoo(require('./arg'));\n") == ()
