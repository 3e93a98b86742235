"""What every rewriter gets, and the small helpers they share."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import libcst as cst
import libcst.matchers as m
from libcst.metadata import CodeRange

from linter44s.diagnostics import FixRequest


@dataclass(frozen=True)
class Located:
    module: cst.Module
    text: str
    node: cst.CSTNode  # the statement the request names
    request: FixRequest
    positions: Mapping[cst.CSTNode, CodeRange]

    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)

    def mentions(self, node: cst.CSTNode, name: str) -> int:
        """How often `name` (a name or dotted receiver) appears in the node's code."""
        return len(re.findall(rf"(?<![\w.]){re.escape(name)}\b", self.code(node)))

    def receiver_of_request(self) -> str | None:
        """The receiver of the call the finding is about (`r`, `self.redis`)."""
        where = (self.request.call.line, self.request.call.col - 1)
        for call in m.findall(self.node, m.Call(func=m.Attribute())):
            pos = self.positions.get(call)
            if pos is not None and (pos.start.line, pos.start.column) == where and isinstance(call, cst.Call):
                assert isinstance(call.func, cst.Attribute)
                return self.code(call.func.value)
        return None

    def read_after(self, name: str) -> bool:
        """Is `name` mentioned after the statement, in the rest of its function?"""
        rest = self.text[self.request.span.end : self.request.scope_end]
        return re.search(rf"(?<![\w.]){re.escape(name)}\b", rest) is not None

    def fresh(self, *candidates: str) -> str:
        """A name the file does not use anywhere (so binding it shadows nothing)."""
        for suffix in ("", *(f"_{n}" for n in range(2, 20))):
            for base in candidates:
                if not re.search(rf"\b{base}{suffix}\b", self.text):
                    return base + suffix
        raise ValueError("no fresh name")  # never: one of 40 names is free in any real file


def lone_call(body: cst.BaseSuite) -> tuple[cst.Call, bool] | None:
    """The body's only statement when it is a call (awaited or not), with
    whether it is awaited; None when the body holds anything else or a comment."""
    if isinstance(body, cst.SimpleStatementSuite):
        small = body.body
    elif isinstance(body, cst.IndentedBlock) and len(body.body) == 1 and isinstance(body.body[0], cst.SimpleStatementLine):
        if body.body[0].leading_lines or body.footer:
            return None
        small = body.body[0].body
    else:
        return None
    if len(small) != 1 or not isinstance(small[0], cst.Expr):
        return None
    value = small[0].value
    awaited = isinstance(value, cst.Await)
    if isinstance(value, cst.Await):
        value = value.expression
    return (value, awaited) if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) else None


def statements(code: str) -> list[cst.BaseStatement]:
    return list(cst.parse_module(code).body)
