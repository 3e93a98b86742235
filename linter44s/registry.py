"""The rule catalog, read from the TOML files under `rules/`.

Each rule is one TOML file: its metadata, its documentation and its
examples (which the test suite runs and the docs render).  The files ship
inside the wheel as `linter44s/rules/`; in a source checkout or an editable
install they are read from the repository's `rules/` folder.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from linter44s.rules_folder import rules_folder

DOCS_URL = "https://github.com/linter44s/linter44s/blob/main/docs/rules/{code}.md"

LEVELS = ("error", "warning", "info")
FIX_KINDS = ("safe", "unsafe", "suggestion", "none")


@dataclass(frozen=True)
class Example:
    kind: str  # "flagged" | "clean"
    language: str  # "python" | "javascript" | "typescript"
    code: str
    lines: tuple[int, ...] = ()  # flagged: the lines the finding is on
    fixed: str | None = None  # flagged: the text after --fix (--unsafe-fixes for unsafe fixes)
    filename: str | None = None  # checked as if at this path (e.g. a test file)
    title: str = ""


@dataclass(frozen=True)
class RuleMeta:
    """What running a rule needs (ESLint's `meta`): the keys at the head of its
    TOML, before its first long text, so that a process that checks files
    parses no rule's documentation (28 rules: 10 ms per process)."""

    code: str
    name: str
    family: str
    level: str
    default: bool
    fix: str
    languages: tuple[str, ...]
    # False: not run on test files (`test-paths`), where the rule's cost or risk
    # does not arise (KEYS on a test namespace, fixtures without TTLs).
    in_tests: bool = True
    # True: reports only inside `async def` (a command blocking or never awaited there).
    # The engine holds the rule to it, and leaves a file with no `async` in it
    # unanalysed when such rules are all that would run on it (engine.lint_text).
    only_in_async: bool = False

    @property
    def url(self) -> str:
        return DOCS_URL.format(code=self.code)


@dataclass(frozen=True, kw_only=True)
class Rule(RuleMeta):
    """A rule with its documentation and examples (the docs, `rules`, SARIF and the tests)."""

    summary: str
    what: str
    why: str
    fix_safety: str
    options: tuple[str, ...]
    examples: tuple[Example, ...]


def rules_dir() -> Path:
    return Path(rules_folder())


# The meta's TOML keys: each required one by its field, each optional one by its field and default.
_REQUIRED = {"code": "code", "name": "name", "family": "family", "level": "level"}
_DEFAULTS = {"default": ("default", True), "fix": ("fix", "none"), "languages": ("languages", ("python",)),
             "in-tests": ("in_tests", True), "only-in-async": ("only_in_async", False)}


def _meta_fields(data: dict, path: Path) -> dict:
    fields = {field: data[key] for key, field in _REQUIRED.items()}
    fields.update({field: data.get(key, default) for key, (field, default) in _DEFAULTS.items()})
    fields["languages"] = tuple(fields["languages"])
    if fields["level"] not in LEVELS or fields["fix"] not in FIX_KINDS or path.stem != fields["code"]:
        raise ValueError(f"{path}: bad level, fix kind or file name")
    return fields


def _load_rule(path: Path) -> Rule:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    examples = tuple(
        Example(
            kind=e["kind"],
            language=e.get("language", "python"),
            code=e["code"],
            lines=tuple(e.get("lines", ())),
            fixed=e.get("fixed"),
            filename=e.get("filename"),
            title=e.get("title", ""),
        )
        for e in data.get("examples", ())
    )
    return Rule(
        **_meta_fields(data, path),
        summary=data["summary"],
        what=data["what"].strip(),
        why=data["why"].strip(),
        fix_safety=data.get("fix_safety", "").strip(),
        options=tuple(data.get("options", ())),
        examples=examples,
    )


# Where a rule file's head ends: its first multi-line text, or its first table (`[[examples]]`).
_HEAD_END = re.compile(r'^(?:[\w-]+[ \t]*=[ \t]*(?:"""|\'\'\')|\[)', re.MULTILINE)
# A meta key that has a default, set past the head, would change the meta.
_DEFAULTED = re.compile(rf"^(?:{'|'.join(map(re.escape, _DEFAULTS))})[ \t]*=", re.MULTILINE)


def _load_meta(path: Path) -> RuleMeta | None:
    """The rule's meta from the head of its file alone; None when the head does
    not hold it all (then the whole file is read: slower, never different)."""
    text = path.read_text(encoding="utf-8")
    end = _HEAD_END.search(text)
    if end is None or _DEFAULTED.search(text, end.start()):
        return None
    try:
        data = tomllib.loads(text[: end.start()])
    except tomllib.TOMLDecodeError:
        return None  # the whole file's parse says what is wrong
    return RuleMeta(**_meta_fields(data, path)) if _REQUIRED.keys() <= data.keys() else None


class _Catalog(Mapping[str, Rule]):
    """The rules by code, each file parsed on first use: the codes come from
    the file names, so choosing rules reads no TOML, and a warm run answered
    from the cache parses none."""

    def __init__(self) -> None:
        self._files: dict[str, Path] | None = None
        self._parsed: dict[str, Rule] = {}
        self._meta: dict[str, RuleMeta] = {}

    def _paths(self) -> dict[str, Path]:
        if self._files is None:
            self._files = {p.stem: p for p in sorted(rules_dir().glob("RDS*.toml"))}
        return self._files

    def __getitem__(self, code: str) -> Rule:
        rule = self._parsed.get(code)
        if rule is None:
            rule = self._parsed[code] = _load_rule(self._paths()[code])
        return rule

    def meta(self, code: str) -> RuleMeta:
        """What running the rule needs, read from the head of its file (a whole rule once parsed)."""
        found = self._meta.get(code) or self._parsed.get(code)
        if found is None:
            found = self._meta[code] = _load_meta(self._paths()[code]) or self[code]
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths())

    def __len__(self) -> int:
        return len(self._paths())

    def __contains__(self, code: object) -> bool:
        return code in self._paths()


RULES = _Catalog()


class _Metas(Mapping[str, RuleMeta]):
    """The rules' meta by code: what the engine, the checks and the settings read."""

    def __getitem__(self, code: str) -> RuleMeta:
        return RULES.meta(code)

    def __iter__(self) -> Iterator[str]:
        return iter(RULES)

    def __len__(self) -> int:
        return len(RULES)

    def __contains__(self, code: object) -> bool:
        return code in RULES


META: Mapping[str, RuleMeta] = _Metas()


def load_rules() -> dict[str, Rule]:
    """Every rule, parsed now (the docs and the tests want them all)."""
    return dict(RULES.items())


def expand_selector(selector: str) -> frozenset[str]:
    """`ALL`, `RDS`, `RDS4`, `RDS40`, `RDS401` -> the codes it names (empty if none)."""
    sel = selector.strip().upper()
    if sel == "ALL":
        return frozenset(RULES)
    return frozenset(code for code in RULES if code.startswith(sel) and sel.startswith("RDS"))
