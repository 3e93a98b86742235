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
