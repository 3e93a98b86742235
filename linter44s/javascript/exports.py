"""What a file offers other files of the project: exported clients and
client factories (`module.exports = client`, `export const redis = ...`)."""

from __future__ import annotations

from linter44s.javascript.bindings import CLIENT
from linter44s.javascript.scopes import Model


def exports(model: Model) -> tuple[list[str], list[str]]:
    src = model.src
    names = model.bindings.names
    clients: list[str] = []
    factories: list[str] = []

    def note(local: str, exported: str) -> None:
        value = names.get(local)
        if value is not None and value.kind == CLIENT:
            clients.append(exported)
        elif local in model.bindings.factories:
            factories.append(exported)

    for i in range(src.n):
        text = src.t(i)
        if text == "export" and src.is_ident(i) and not src.after_dot(i):
            nxt = src.t(i + 1)
            if nxt in ("const", "let", "var") and src.is_ident(i + 2):
                note(src.t(i + 2), src.t(i + 2))
            elif nxt == "default" and src.is_name(i + 2) and src.t(i + 3) in (";", ""):
                note(src.t(i + 2), "default")
            elif nxt == "{":
                for a, b in src.args(i + 1):
                    local = src.t(a)
                    exported = src.t(b) if b == a + 2 and src.t(a + 1) == "as" else local
                    note(local, exported)
            elif nxt in ("function", "async"):
                j = i + 2 if nxt == "function" else i + 3
                if src.is_ident(j):
                    note(src.t(j), src.t(j))
        elif text == "exports" and src.t(i + 1) == "=" and src.t(i - 1) == ".":
            if src.is_name(i + 2):
                note(src.t(i + 2), "default")
            elif src.t(i + 2) == "{":
                for a, b in src.args(i + 2):
                    if a == b:
                        note(src.t(a), src.t(a))
                    elif src.t(a + 1) == ":" and b == a + 2:
                        note(src.t(b), src.t(a))
        elif text == "exports" and src.t(i + 1) == "." and src.is_ident(i + 2) and src.t(i + 3) == "=":
            rhs_end = src.expr_end(i + 4)
            value = model.bindings.value(i + 4, rhs_end)
            if value is not None and value.kind == CLIENT:
                clients.append(src.t(i + 2))
            elif rhs_end == i + 4:
                note(src.t(i + 4), src.t(i + 2))
    return sorted(set(clients)), sorted(set(factories))

