"""Rule pages, in ruff's shape, from the TOML files: for `linter44s rule` and docs/rules/."""

from __future__ import annotations

from pathlib import Path

from linter44s.registry import RULES, Rule

_FIX_WORDS = {
    "safe": "A **safe** fix is available: `--fix` applies it.",
    "unsafe": "An **unsafe** fix is available: it is applied only with `--fix --unsafe-fixes`.",
    "suggestion": "The finding carries a **suggestion** (what to write instead); it is never applied automatically.",
    "none": "There is no automatic fix.",
}
_LANG = {"python": "python", "javascript": "js", "typescript": "ts"}


def rule_to_dict(rule: Rule) -> dict:
    return {
        "code": rule.code,
        "name": rule.name,
        "family": rule.family,
        "level": rule.level,
        "default": rule.default,
        "fix": rule.fix,
        "summary": rule.summary,
        "languages": list(rule.languages),
        "url": rule.url,
    }


def rule_markdown(rule: Rule) -> str:
    out = [f"# {rule.name} ({rule.code})", ""]
    default = "on by default" if rule.default else "off by default: enable it with `--extend-select " + rule.code + "`"
    tests = "" if rule.in_tests else " Not reported in test files (`test-paths`)."
    tests += " Reported only inside `async def`." if rule.only_in_async else ""
    out += [f"Level: **{rule.level}**, {default}. Languages: {', '.join(rule.languages)}.{tests}", ""]
    out += [_FIX_WORDS[rule.fix], ""]
    out += ["## What it does", "", rule.what, "", "## Why is this bad?", "", rule.why, ""]
    for kind, heading in (("flagged", "## Example"), ("clean", "## Use instead")):
        examples = [e for e in rule.examples if e.kind == kind]
        if examples:
            out += [heading, ""]
        for e in examples:
            if e.title:
                out += [e.title, ""]
            out += [f"```{_LANG.get(e.language, e.language)}", e.code.strip("\n"), "```", ""]
    if rule.fix_safety:
        out += ["## Fix safety", "", rule.fix_safety, ""]
    if rule.options:
        out += ["## Options", ""] + [f"- `{o}`" for o in rule.options] + [""]
    out += ["## Suppressing it", "", f"Python: `# noqa: {rule.code}`; JavaScript/TypeScript: `// linter44s-disable-next-line {rule.code}`.", ""]
    return "\n".join(out)


def index_markdown() -> str:
    out = ["# Rules", "", "| code | name | level | default | fix |", "| --- | --- | --- | --- | --- |"]
    for r in RULES.values():
        out.append(f"| [{r.code}]({r.code}.md) | {r.name} | {r.level} | {'on' if r.default else 'off'} | {r.fix} |")
    return "\n".join(out) + "\n"


def generated_pages() -> dict[str, str]:
    pages = {f"{r.code}.md": rule_markdown(r) for r in RULES.values()}
    pages["README.md"] = index_markdown()
    return pages


def write_pages(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in generated_pages().items():
        (folder / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    write_pages(Path(__file__).resolve().parent.parent / "docs" / "rules")
