"""Minified JavaScript is skipped, judged on its code (not on comments or
strings, so a hand-written file cannot opt itself out), and the skip is said."""

from __future__ import annotations

from linter44s.config import Settings
from linter44s.engine import lint_text
from linter44s.sources import looks_minified

HANDWRITTEN = "const Redis = require('ioredis');\nconst redis = new Redis();\nredis.keys('user:*');\n"


def _bundle(modules: int = 400) -> str:
    """A webpack-style one-line bundle with a client and a KEYS call inside."""
    body = ",".join(
        f'function(e,t,n){{"use strict";var r{i}=n({i + 1}),o{i}=r{i}.a{i}||{{}};'
        f"t.f{i}=function(e){{return o{i}[e]?o{i}[e]+{i}:e.map(function(x){{return x*{i}}})}}}}"
        for i in range(modules)
    )
    redis = 'function(e,t,n){const Redis=n("ioredis"),redis=new Redis;redis.keys("user:*").then(console.log)}'
    return f"!function(e){{var t={{}};function n(r){{return t[r]}}e.forEach(n)}}([{body},{redis}]);\n"


def test_a_real_bundle_is_minified():
    bundle = _bundle()
    assert len(bundle) > 40_000 and bundle.count("\n") == 1
    assert looks_minified("dist/app.js", bundle)


def test_a_long_comment_or_string_line_does_not_make_a_file_minified():
    comment = "// " + "x" * 25_000 + "\n" + HANDWRITTEN
    string = "const blob = '" + "A" * 25_000 + "';\n" + HANDWRITTEN
    block = "/* " + "y " * 12_500 + "*/\n" + HANDWRITTEN
    for text in (comment, string, block):
        assert not looks_minified("src/app.js", text)
        report = lint_text(text, "src/app.js", Settings(root="."))
        assert not report.skipped_minified
        assert [(d.code, d.span.line) for d in report.diagnostics] == [("RDS101", 4)]


def test_skipped_files_are_counted_in_the_summary(project):
    project.write("src/app.js", "// " + "x" * 25_000 + "\n" + HANDWRITTEN)
    project.write("dist/bundle.js", _bundle())
    project.write("public/vendor.min.js", HANDWRITTEN)
    result = project.run("check", "--no-cache", "src", "dist/bundle.js", "public", "-v")
    out = result.stdout.decode()
    assert "src/app.js:4:1: RDS101" in out
    assert "bundle.js:" not in out and "vendor.min.js:" not in out  # no finding in generated code
    assert out.rstrip().splitlines()[-1] == "Found 1 error. 2 files skipped as minified."
    assert "2 skipped as minified" in result.stderr.decode()


def test_a_clean_run_says_so_too(project):
    project.write("dist/bundle.js", _bundle())
    result = project.run("check", "--no-cache", "dist/bundle.js")
    assert result.returncode == 0
    assert result.stdout.decode().rstrip().splitlines()[-1] == "All checks passed (1 file checked). 1 file skipped as minified."


def test_the_count_survives_the_cache(project):
    project.write("dist/bundle.js", _bundle())
    project.write("src/app.js", HANDWRITTEN)
    project.age()
    runs = [project.run("check", "-v", "dist/bundle.js", "src") for _ in range(2)]
    for result in runs:
        assert result.stdout.decode().rstrip().splitlines()[-1] == "Found 1 error. 1 file skipped as minified."
    assert "2 answered from the cache, 1 skipped as minified" in runs[1].stderr.decode()


def _judged_whole(path: str, text: str) -> bool:
    """The judgment on the whole 200,000-character sample, without stopping early."""
    from linter44s.javascript.tokenizer import code_shape

    chars, lines = code_shape(text[:200_000], path)
    return chars > 20_000 and lines * 400 < chars


def test_stopping_early_judges_as_the_whole_sample_does():
    bundle = _bundle(2_000)  # about 300 kB on one line: known after its first prefix
    strings = ";".join(f"var s{i}='{'q' * 300}'" for i in range(400)) + ";\n"  # long, but little code
    spread = "\n".join([_bundle(60)] * 6) + "\n"  # generated code on a few long lines
    handwritten = HANDWRITTEN * 2_000
    texts = [bundle, strings, spread, handwritten, strings + bundle, "// x\n" * 300 + bundle]
    for text in texts:
        assert len(text) > 20_000
        assert looks_minified("dist/app.js", text) == _judged_whole("dist/app.js", text)
    assert [looks_minified("dist/app.js", t) for t in texts[:4]] == [True, False, True, False]
