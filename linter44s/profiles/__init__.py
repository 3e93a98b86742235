"""One profile per client library: what it exports and how it spells things.

`PROFILES` lists them; `for_text` picks a file's from its imports, cheaply
(a regex, no parse), for the checks to spell advice in that library.
Adding a library is one module here, one line in `PROFILES`, and its tests.
"""

from __future__ import annotations

import re
from functools import lru_cache

from linter44s.profiles import (
    aioredis,
    coredis,
    django_redis,
    fakeredis,
    fallback,
    ioredis,
    iovalkey,
    node_redis,
    redis_py,
    rediscluster,
    valkey_py,
)
from linter44s.profiles.model import CanonicalOption, Constructor, Gives, Language, Profile, Spelling

__all__ = [
    "PROFILES", "CanonicalOption", "Constructor", "Gives", "Language", "Profile", "Spelling",
    "for_text", "named", "of_language", "with_root",
]

PROFILES: tuple[Profile, ...] = (
    redis_py.PROFILE,
    valkey_py.PROFILE,
    coredis.PROFILE,
    django_redis.PROFILE,
    aioredis.V2,
    aioredis.V1,
    fakeredis.PROFILE,
    rediscluster.PROFILE,
    ioredis.PROFILE,
    iovalkey.PROFILE,
    node_redis.PROFILE,
)
_BY_NAME = {p.name: p for p in PROFILES}
_FALLBACK: dict[str, Profile] = {"python": fallback.PYTHON, "javascript": fallback.JAVASCRIPT}


def named(name: str | None) -> Profile | None:
    return _BY_NAME.get(name or "")


def of_language(language: str) -> tuple[Profile, ...]:
    return tuple(p for p in PROFILES if p.language == language)


def with_root(root: str, language: str = "python") -> tuple[Profile, ...]:
    """The profiles a module root (or JS specifier) belongs to: `aioredis` is two."""
    return _ROOTS[language].get(root, ())


def _roots(language: str) -> dict[str, tuple[Profile, ...]]:
    found: dict[str, tuple[Profile, ...]] = {}
    for profile in of_language(language):
        for root in profile.roots:
            found[root] = (*found.get(root, ()), profile)
    return found


_ROOTS = {"python": _roots("python"), "javascript": _roots("javascript")}


@lru_cache(maxsize=2)
def _import_patterns(language: str) -> tuple[re.Pattern[str], ...]:
    # Each starts with a literal word, which `re` finds fast; one alternation
    # in front of them would cost ten times more on every file.
    names = sorted({re.escape(root) for p in of_language(language) for root in p.roots}, key=len, reverse=True)
    roots = "|".join(names)
    if language == "python":
        return re.compile(rf"import[ \t]+({roots})\b"), re.compile(rf"from[ \t]+({roots})\b")
    quoted = rf"""\s*['"]({roots})['"]"""
    return re.compile(rf"require\({quoted}"), re.compile(rf"from{quoted}"), re.compile(rf"import\(?{quoted}")


def _first_import(text: str, language: str) -> str | None:
    """The root of the first library import in the text (Python's at a line start)."""
    best: tuple[int, str] | None = None
    for pattern in _import_patterns(language):
        for found in pattern.finditer(text, 0, best[0] if best else len(text)):  # only an earlier one can win
            line_start = text.rfind("\n", 0, found.start()) + 1
            if language == "python" and text[line_start:found.start()].strip():
                continue  # not a statement of its own (`x.import redis`, prose)
            best = (found.start(), found.group(1))
            break
    return best[1] if best else None


# aioredis 1.x is told from 2.x by its factories.
_AIOREDIS_1 = re.compile(r"\bcreate_(?:redis_pool|redis|pool)\s*\(")


def for_text(text: str, language: str) -> Profile:
    """The profile of the first client library the file imports; redis-py
    for Python and a two-family JavaScript spelling when it imports none."""
    root = _first_import(text, language)
    if root is None:
        return _FALLBACK[language]
    candidates = with_root(root, language)
    if len(candidates) > 1 and candidates[0].roots == ("aioredis",):
        return aioredis.V1 if _AIOREDIS_1.search(text) else aioredis.V2
    if candidates[0] is node_redis.PROFILE and node_redis.is_v3_style(text):
        return node_redis.V3
    return candidates[0]
