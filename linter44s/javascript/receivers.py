"""Is a receiver expression a Redis client or pipeline?  What the bindings
know first; else, by name alone (`client-name-pattern`), when the file never
binds the name to anything else.  (The counterpart of python/receivers.py.)"""

from __future__ import annotations

from linter44s.config import DEFAULT_CLIENT_NAME_PATTERN
from linter44s.facts import Evidence, ReceiverKind
from linter44s.javascript.bindings import CLIENT, MAYBE, PIPELINE, Bindings
from linter44s.javascript.source import KEYWORDS
from linter44s.patterns import compile_user


class Receivers:
    """Receivers of one file, judged by its bindings and the name pattern."""

    def __init__(self, bindings: Bindings, name_pattern: str) -> None:
        self.bindings = bindings
        self.src = bindings.src
        try:  # linear time on any name (patterns.py); the configuration checked the pattern already
            self.pattern = compile_user(name_pattern)
        except ValueError:
            self.pattern = compile_user(DEFAULT_CLIENT_NAME_PATTERN)

    def of(self, i: int, j: int) -> tuple[ReceiverKind, Evidence, str | None] | None:
        """Is the receiver expression i..j a Redis client or pipeline?"""
        value = self.bindings.value(i, j)
        if value is not None:
            if value.kind == CLIENT:
                return ReceiverKind.CLIENT, value.evidence, value.library
            if value.kind == PIPELINE:
                return ReceiverKind.PIPELINE, value.evidence, value.library
            if value.kind == MAYBE:
                return ReceiverKind.MAYBE_PIPELINE, value.evidence, value.library
            return None
        name = self._pattern_name(i, j)
        if name is not None and self.pattern.search(name):
            return ReceiverKind.CLIENT, Evidence.NAME, None
        return None

    def _pattern_name(self, i: int, j: int) -> str | None:
        """The last part of a name, member chain or zero-argument call, when
        the file never binds it to something that is not a client."""
        src = self.src
        i, j = src.strip_parens(i, j)
        if src.t(i) == "await":
            i += 1
        if src.t(j) == "!":
            j -= 1
        if src.t(j) == ")" and src.partner[j] == j - 1:
            j -= 2  # `this.redis()`
        if i > j or j - i > 40:
            return None
        for k in range(i, j + 1):
            if not (src.is_ident(k) or src.t(k) in (".", "?.", "!")):
                return None
        key = src.normal(i, j)
        if key in self.bindings.others or key in self.bindings.names:
            return None
        last = src.t(j)
        if last in KEYWORDS:
            return None
        return last
