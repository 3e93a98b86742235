"""docs/rules/ is generated from rules/*.toml; a stale page fails here.
Regenerate with `python -m linter44s.docs`."""

from pathlib import Path

from linter44s.docs import generated_pages, rule_markdown
from linter44s.registry import RULES

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules"


def test_rule_pages_are_current():
    pages = generated_pages()
    stale = [name for name, text in pages.items() if not (DOCS / name).is_file() or (DOCS / name).read_text(encoding="utf-8") != text]
    assert not stale, f"run `python -m linter44s.docs` to regenerate: {stale}"
    extra = {p.name for p in DOCS.glob("*.md")} - set(pages)
    assert not extra, f"pages for rules that no longer exist: {extra}"


def test_pages_have_ruffs_sections():
    for rule in RULES.values():
        page = rule_markdown(rule)
        for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
            assert heading in page, (rule.code, heading)


def test_each_finding_url_points_at_its_page():
    for rule in RULES.values():
        assert rule.url.endswith(f"docs/rules/{rule.code}.md")
        assert (DOCS / f"{rule.code}.md").is_file()
