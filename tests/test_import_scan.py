from linter44s.facts import ImportedName
from linter44s.python.imports import scan_from_imports


def test_from_imports_of_project_modules():
    text = (
        "import os\n"
        "from app.db import redis_client, other as alias  # comment\n"
        "from . import db\n"
        "from .cache import (\n    make_client,\n    pool as p,\n)\n"
        "from redis import Redis\n"
        "x = 'from fake import nothing'\n"
    )
    assert scan_from_imports(text) == (
        ImportedName("redis_client", "app.db", "redis_client"),
        ImportedName("alias", "app.db", "other"),
        ImportedName("db", ".", "db"),
        ImportedName("make_client", ".cache", "make_client"),
        ImportedName("p", ".cache", "pool"),
    )


def test_a_file_the_prefilter_skips_still_links_to_an_exported_client(project):
    project.write("app/__init__.py", "")
    project.write("app/db.py", "import redis\nconn = redis.Redis()\n")
    project.write("app/jobs.py", "from app.db import conn\n\ndef purge():\n    conn.flushdb()\n")
    out = project.run("check", "--no-cache", "--select", "RDS102", "--output-format", "concise").stdout.decode()
    assert out.startswith("app/jobs.py:4:5: RDS102")


def test_the_scan_reads_from_imports_as_python_does() -> None:
    """Generated `from` statements (parentheses, comments, continuations, `as`,
    relative modules): the scan finds what the parser finds."""
    import ast
    import random

    from linter44s.python.imports import from_imports

    rng = random.Random(44)
    names = ["a", "b2", "_c", "Store", "make_client", "é", "λx"]
    for _ in range(400):
        module = rng.choice(["app", "app.models", ".", "..pkg", ".store", "x.y.z"])
        chosen = rng.sample(names, rng.randint(1, 4))
        parts = [f"{n} as {n}_alias" if rng.random() < 0.3 else n for n in chosen]
        shape = rng.choice(["plain", "parens", "comment", "continued"])
        if shape == "plain":
            line = f"from {module} import {', '.join(parts)}"
        elif shape == "parens":
            line = f"from {module} import (\n    " + ",\n    ".join(parts) + ",  # the last\n)"
        elif shape == "comment":
            line = f"from {module} import {', '.join(parts)}  # why, with a, comma"
        else:
            line = f"from {module} import {parts[0]}" + "".join(f", \\\n    {p}" for p in parts[1:])
        text = f"import os\n{line}\nx = 1\n"
        node = ast.parse(text).body[1]
        assert isinstance(node, ast.ImportFrom)
        expected = tuple((a.asname or a.name, "." * node.level + (node.module or ""), a.name) for a in node.names)
        assert from_imports(text) == expected, text
