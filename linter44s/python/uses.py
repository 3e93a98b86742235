"""What the parsed code of a module asks of the units focus skipped, read from
text: the names it calls, the classes it derives from, and whether a base class
it derives from can change what its attributes are.

All of it over-approximates: a unit wrongly judged needed is parsed for
nothing; one wrongly judged not needed could change a finding, so every doubt
counts as a need.
"""

from __future__ import annotations

import re

__all__ = ["Parsed"]

# `name(`, read backwards: `(` first, so the regex engine can jump from one
# to the next (six times faster than a look-behind forwards).
_CALL_REVERSED = re.compile(r"\(\s*(\w*[A-Za-z_])(?![\w.])")
_BASES = re.compile(r"^[ \t]*class[ \t]+\w+[ \t]*\(([^)]*)\)", re.MULTILINE)
_WORD = re.compile(r"[A-Za-z_]\w*")


def _called(text: str) -> set[str]:
    return {name[::-1] for name in _CALL_REVERSED.findall(text[::-1])}


def _base_names(text: str) -> set[str]:
    found: set[str] = set()
    if "class" in text:
        for bases in _BASES.findall(text):
            found.update(_WORD.findall(bases))
    return found


# What a class's text binds on its instances or itself: `def x`, a nested
# `class x`, `self.x = ...` (also augmented, annotated, a tuple target or an
# item `self.x[k] = ...`), `setattr(o, "x", ...)`; and in the class body
# (_class_level), `x = ...` or `x: T`.
_BINDS = re.compile(
    r"\b(?:def|class)[ \t]+(\w+)"
    r"|\b(?:self|cls)\.(\w+)[ \t]*(?:[,:\[]|(?:[-+*/%&|^@]|<<|>>|//|\*\*)?=(?!=))"
    r"|\bsetattr\([^,]*,[ \t]*[\"'](\w+)",
    re.MULTILINE,
)
# `.x`, and a constant "x" (for `getattr(obj, "x")`).
_READS = re.compile(r"\.[ \t]*(\w+)|[\"'](\w+)[\"']")
_DEFS = re.compile(r"\bdef[ \t]+(\w+)")
# A line that assigns (a name or an attribute), and the `self.y` / `cls.y` it
# reads: a hook, when the subclass defines `y` (`self.connection =
# self.get_connection()`, or through a local first).
_ASSIGNING = re.compile(r"[^=!<>:]=(?!=)")
_OPENS, _CLOSES = re.compile(r"[(\[{]"), re.compile(r"[)\]}]")
_SELF_READS = re.compile(r"\b(?:self|cls)\.(\w+)")
# `self.x = self.y(...)`: a hook the class leaves to subclasses, which it exports (exports.py).
_LEFT_HOOK = re.compile(r"\b(?:self|cls)\.\w+[ \t]*(?::[^=\n]*)?=[ \t]*(?:await[ \t]+)?(?:self|cls)\.\w+[ \t]*\(")
_HEADER = re.compile(r"class[ \t]+\w+[ \t]*(?:\(([^)]*)\))?[ \t]*:")
_INDENT = re.compile(r"\n([ \t]+)(?=[^ \t\n#])")
_ASSIGNED = r"[ \t]*(?:[:,]|(?:[-+*/%&|^@]|<<|>>|//|\*\*)?=(?!=))"
_DUNDER = re.compile(r"\bdef[ \t]+__\w+__[ \t]*\(")


class Parsed:
    """The text parsed so far; what only bases need is read the first time one does."""

    def __init__(self, text: str) -> None:
        self.called: set[str] = set()
        self.bases: set[str] = set()
        self._texts: list[str] = []
        self._reads: set[str] | None = None
        self._defs: set[str] | None = None
        self.add(text)

    def add(self, text: str) -> None:
        self.called |= _called(text)
        self.bases |= _base_names(text)
        self._texts.append(text)
        if self._reads is not None:
            self._reads |= _reads(text)
        if self._defs is not None:
            self._defs |= set(_DEFS.findall(text))

    def wants(self, name: str | None, text: str) -> bool:
        """Is the unit `text`, defining `name`, one the parsed code asks about?"""
        if name is None:
            return False
        if name in self.called:
            return True
        return name in self.bases and self._base_matters(text)

    def _base_matters(self, text: str) -> bool:
        """A base class matters to its subclass when it derives from something
        itself (a client class, a holder from another module), is decorated, has
        a special method (`__init__` takes what it stores, `__enter__` gives what
        `with` binds), sets an attribute from a hook it leaves to subclasses,
        binds or defines what parsed code reads, or assigns from a hook the
        parsed code defines."""
        header = _HEADER.match(text)
        if header is None:  # decorated, or not a class at all
            return True
        if header.group(1) is not None and header.group(1).strip() not in ("", "object"):
            return True
        if _body_on_header(text, header.end()) or _DUNDER.search(text) or _LEFT_HOOK.search(text):
            return True
        bound = {name for groups in _BINDS.findall(text) for name in groups if name} | _class_level(text, header.end())
        if not bound.isdisjoint(self._read()):
            return True
        hooks = {name for line in _assignments(text) for name in _SELF_READS.findall(line)}
        return not hooks.isdisjoint(self._defined())

    def _read(self) -> set[str]:
        if self._reads is None:
            self._reads = set().union(*map(_reads, self._texts))
        return self._reads

    def _defined(self) -> set[str]:
        if self._defs is None:
            self._defs = {name for text in self._texts for name in _DEFS.findall(text)}
        return self._defs


def _body_on_header(text: str, end: int) -> bool:
    """`class C: x = 1`: a body this reading does not follow."""
    line_end = text.find("\n", end)
    rest = text[end : line_end if line_end >= 0 else None].strip()
    return bool(rest) and not rest.startswith("#")


def _assignments(text: str) -> list[str]:
    """The statements that assign, each carried over the lines its brackets or a
    backslash hold open (a bracket inside a string may carry one further: more is read)."""
    found, statement, depth = [], [], 0
    for line in text.splitlines():
        statement.append(line)
        depth = max(0, depth + len(_OPENS.findall(line)) - len(_CLOSES.findall(line)))
        if depth == 0 and not line.endswith("\\"):
            joined = "\n".join(statement)
            if _ASSIGNING.search(joined):
                found.append(joined)
            statement = []
    if statement:
        found.append("\n".join(statement))
    return found


def _class_level(text: str, body: int) -> set[str]:
    """Names bound at the class body's own indentation (a method's locals are not)."""
    indent = _INDENT.search(text, body)
    if indent is None:
        return set()
    return set(re.findall(rf"^{re.escape(indent.group(1))}(\w+){_ASSIGNED}", text, re.MULTILINE))


def _reads(text: str) -> set[str]:
    return {name for groups in _READS.findall(text) for name in groups if name}
