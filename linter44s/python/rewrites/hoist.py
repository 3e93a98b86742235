"""A client built on every call of a function -> built once at module level,
right after the imports, and reused: the function's own line goes.

    import redis                      import redis
                                      r = redis.Redis(host="cache.internal")
    def show(uid):              ->
        r = redis.Redis(host=...)     def show(uid):
        return r.get(uid)                 return r.get(uid)

Only when the construction reads nothing but imported names and literals (it
must mean the same at import time), the function is a module-level `def` that
binds the name once and never closes it, and no module-level name is taken."""

from __future__ import annotations

import re

import libcst as cst
import libcst.matchers as m

from linter44s.diagnostics import Edit
from linter44s.python.rewrites.common import Located


def hoist_client(at: Located) -> tuple[Edit, ...] | None:
    stmt = at.node
    found = _assignment(stmt)
    function = _function_holding(at.module, stmt)
    if found is None or function is None or "#" in at.code(stmt):
        return None
    name, call = found
    imported = _imported_names(at.module)
    if any(n not in imported for n in _root_names(call)) or name in _module_bindings(at.module):
        return None
    body = at.code(function.body)
    if len(re.findall(rf"(?<![\w.]){re.escape(name)}\s*(?:[-+*/|&]?=(?!=)|\bas\b)", body)) != 1:
        return None  # bound again in the function
    if re.search(rf"(?<![\w.]){re.escape(name)}\.(?:close|aclose|connection_pool)\b|\b(?:with|del|global|nonlocal)\s+{re.escape(name)}\b|\bas\s+{re.escape(name)}\b", body):
        return None  # closed or scoped by the function: sharing it would break the others
    if _params(function) & {name}:
        return None
    last_import = _last_top_import(at.module)
    if last_import is None:
        return None
    lines = _line_starts(at.text)
    where = at.positions[last_import].end
    top = lines[where.line] if where.line < len(lines) else len(at.text)
    pos = at.positions[stmt]
    start = lines[pos.start.line - 1]
    end = lines[pos.end.line - 1] + pos.end.column
    newline = at.text.find("\n", end)
    end = len(at.text) if newline < 0 else newline + 1
    if at.text[start : start + pos.start.column].strip() or at.text[lines[pos.end.line - 1] + pos.end.column : end].strip():
        return None  # shares a line with other code
    gap = "\n" if at.text[top : top + 1] == "\n" else ""  # keep the blank line after the imports
    return (Edit(top, top, f"{gap}{name} = {at.code(call)}\n"), Edit(start, end, ""))


def _assignment(stmt: cst.CSTNode) -> tuple[str, cst.Call] | None:
    if not m.matches(stmt, m.SimpleStatementLine(body=[m.Assign(targets=[m.AssignTarget(target=m.Name())], value=m.Call())])):
        return None
    assert isinstance(stmt, cst.SimpleStatementLine)
    assign = stmt.body[0]
    assert isinstance(assign, cst.Assign) and isinstance(assign.targets[0].target, cst.Name) and isinstance(assign.value, cst.Call)
    return assign.targets[0].target.value, assign.value


def _function_holding(module: cst.Module, stmt: cst.CSTNode) -> cst.FunctionDef | None:
    for node in module.body:
        body = node.body.body if isinstance(node, cst.FunctionDef) and isinstance(node.body, cst.IndentedBlock) else ()
        if any(s is stmt for s in body) and len(body) > 1:
            assert isinstance(node, cst.FunctionDef)
            return node
    return None


def _root_names(call: cst.Call) -> set[str]:
    """Every name the construction reads: not an attribute after a dot, not a keyword."""
    not_reads = {id(a.attr) for a in m.findall(call, m.Attribute()) if isinstance(a, cst.Attribute)}
    not_reads |= {id(a.keyword) for a in m.findall(call, m.Arg()) if isinstance(a, cst.Arg) and a.keyword is not None}
    return {n.value for n in m.findall(call, m.Name()) if isinstance(n, cst.Name) and id(n) not in not_reads}


def _imported_names(module: cst.Module) -> set[str]:
    names: set[str] = set()
    for node in module.body:
        for small in getattr(node, "body", ()) if isinstance(node, cst.SimpleStatementLine) else ():
            if isinstance(small, cst.Import):
                names |= {(a.asname.name.value if a.asname and isinstance(a.asname.name, cst.Name) else cst.Module([]).code_for_node(a.name).split(".")[0]) for a in small.names}
            elif isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                names |= {(a.asname.name.value if a.asname and isinstance(a.asname.name, cst.Name) else cst.Module([]).code_for_node(a.name)) for a in small.names}
    return names


def _module_bindings(module: cst.Module) -> set[str]:
    names = _imported_names(module)
    for node in module.body:
        if isinstance(node, cst.FunctionDef | cst.ClassDef):
            names.add(node.name.value)
        for target in m.findall(node, m.AssignTarget(target=m.Name())) if not isinstance(node, cst.FunctionDef | cst.ClassDef) else ():
            if isinstance(target, cst.AssignTarget) and isinstance(target.target, cst.Name):
                names.add(target.target.value)
    return names


def _params(function: cst.FunctionDef) -> set[str]:
    return {p.name.value for p in m.findall(function.params, m.Param()) if isinstance(p, cst.Param)}


def _last_top_import(module: cst.Module) -> cst.CSTNode | None:
    """The last statement of the imports at the top (docstring and `__future__` included)."""
    last = None
    for node in module.body:
        if isinstance(node, cst.SimpleStatementLine) and all(isinstance(s, cst.Import | cst.ImportFrom) for s in node.body):
            last = node
        elif last is not None or not m.matches(node, m.SimpleStatementLine(body=[m.Expr(value=m.SimpleString())])):
            break
    return last


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for match in re.finditer("\n", text):
        starts.append(match.end())
    return starts
