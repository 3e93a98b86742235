"""Classes of one file: what a class extends, and which class `this` stands
for at a token (a class body, a method, a constructor function or a function
set on `X.prototype`)."""

from __future__ import annotations

from linter44s.javascript.source import Source
from linter44s.javascript.structure import Func, Structure


def extends_of(src: Source, cls: Func) -> tuple[int, int] | None:
    """The tokens of `Base` in `class X extends Base {`, or None."""
    if cls.kind != "class":
        return None
    for k in range(cls.head + 1, cls.start):
        if src.t(k) == "extends":
            end = k + 1
            while end + 1 < cls.start and (src.is_ident(end + 1) or src.t(end + 1) == ".") and src.t(end + 1) != "implements":
                end += 1
            return (k + 1, end) if src.is_ident(k + 1) else None
    return None


def prototype_owner(src: Source, func: Func) -> str | None:
    """`X` for a function set as `X.prototype.m = function () {...}` or
    written in `X.prototype = { m() {...} }`."""
    eq = func.head - 1
    if src.t(eq) == "=" and src.is_ident(eq - 1):
        return _prototype_of(src, eq - 2)
    opener = src.enclosing[func.head] if 0 <= func.head < src.n else -1
    if opener > 0 and src.t(opener) == "{" and src.t(opener - 1) == "=":
        return _prototype_of(src, opener - 1)
    return None


def _prototype_of(src: Source, k: int) -> str | None:
    """`X` when the tokens ending at k are `X.prototype` (k is the `.` or `=` after it)."""
    if src.t(k - 1) == "prototype" and src.t(k - 2) == "." and src.is_ident(k - 3):
        return src.t(k - 3)
    return None


class Classes:
    """Which class `this` stands for, token by token."""

    def __init__(self, src: Source, structure: Structure) -> None:
        self.src = src
        self.structure = structure
        self.funcs = {f.id: f for f in structure.funcs}

    def this_owner(self, k: int) -> str | None:
        """The class (or constructor function) `this` is an instance of at token k."""
        func = self.funcs.get(self.structure.scope_of[k] if k < self.src.n else 0)
        while func is not None and func.kind == "lambda":  # arrows keep the `this` around them
            func = self.funcs.get(func.parent)
        if func is None:
            return None
        if func.kind == "class":
            return named(func.name)
        owner = prototype_owner(self.src, func)
        if owner is not None:
            return owner
        parent = self.funcs.get(func.parent)
        if parent is not None and parent.kind == "class":
            return named(parent.name)  # a method, the constructor, a parameter property
        name = named(func.name)
        return name if name is not None and name[0].isupper() else None  # `function Cache() { this.x = ... }`


def named(name: str) -> str | None:
    """A class's own name, None for an anonymous one."""
    return None if name.startswith("<") or name == "default" else name
