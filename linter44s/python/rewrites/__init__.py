"""Python fixes as syntax-tree transformations with libcst.

Imported only when a fix is built (see linter44s/rewrites.py).  Each
transformation family has its module; this one parses the file once, finds
the statement a request names, and turns the transformed tree back into the
smallest text edit, so everything outside the statement stays byte for byte."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from linter44s.diagnostics import Edit, FixRequest, Rewrite
from linter44s.python.rewrites.add_expire import rewrite_add_expire
from linter44s.python.rewrites.common import Located
from linter44s.python.rewrites.comprehension import rewrite_comprehension
from linter44s.python.rewrites.counter import rewrite_counter
from linter44s.python.rewrites.delete_loop import rewrite_delete_loop
from linter44s.python.rewrites.hoist import hoist_client
from linter44s.python.rewrites.pipeline_loop import rewrite_pipeline_loop
from linter44s.python.rewrites.pipeline_run import rewrite_run

Rewriter = Callable[[Located], "list[cst.BaseStatement] | None"]
# Those that replace several statements of a block.
_RUN_REWRITERS = {Rewrite.PIPELINE_RUN: rewrite_run, Rewrite.COUNTER: rewrite_counter}
_REWRITERS: dict[Rewrite, Rewriter] = {
    # A delete loop the batched DEL cannot take (more in its body) may still be pipelined.
    Rewrite.DELETE_LOOP: lambda at: rewrite_delete_loop(at) or rewrite_pipeline_loop(at),
    Rewrite.PIPELINE_LOOP: rewrite_pipeline_loop,
    Rewrite.ADD_EXPIRE: rewrite_add_expire,
}


def build(text: str, requests: list[FixRequest]) -> list[tuple[Edit, ...]]:
    try:
        wrapper = MetadataWrapper(cst.parse_module(text.removeprefix("\ufeff")), unsafe_skip_copy=True)
    except (cst.ParserSyntaxError, RecursionError):
        return [() for _ in requests]
    positions = wrapper.resolve(PositionProvider)
    statements: dict[tuple[int, int], cst.CSTNode] = {}
    comprehensions = {
        (pos.start.line, pos.start.column): node for node, pos in positions.items() if isinstance(node, cst.ListComp | cst.DictComp)
    }
    for node, pos in sorted(positions.items(), key=lambda item: (item[1].start.line, item[1].start.column)):
        if isinstance(node, cst.BaseStatement):
            statements[(pos.start.line, pos.start.column)] = node
            statements.setdefault((pos.start.line, -1), node)  # by line: the first statement on it
    return [
        _comprehension(wrapper.module, text, comprehensions, positions, r) if r.rewrite is Rewrite.COMPREHENSION
        else _one(wrapper.module, text, statements, positions, r)
        for r in requests
    ]


def _comprehension(module: cst.Module, text: str, comprehensions: dict, positions: Mapping, request: FixRequest) -> tuple[Edit, ...]:
    node = comprehensions.get((request.span.line, request.span.col - 1))
    if node is None:
        return ()
    new = rewrite_comprehension(Located(module, text, node, request, positions), node, request.value)
    if new is None:
        return ()
    fixed = module.visit(_SwapExpression(node, new))
    return _smallest_edit(module.code, fixed.code, len(text) - len(text.removeprefix("\ufeff")))


def _one(module: cst.Module, text: str, statements: dict, positions: Mapping, request: FixRequest) -> tuple[Edit, ...]:
    node = statements.get((request.span.line, request.span.col - 1))
    if node is None:
        return ()
    located = Located(module, text, node, request, positions)
    if request.rewrite is Rewrite.HOIST:
        return hoist_client(located) or ()  # an insertion at the top and a removal: two edits
    if request.rewrite in _RUN_REWRITERS:
        olds, new = _RUN_REWRITERS[request.rewrite](located) or ([], [])
    else:
        olds, new = [node], _REWRITERS[request.rewrite](located) or []
    if not new:
        return ()
    new[0] = new[0].with_changes(leading_lines=getattr(node, "leading_lines", ()))
    fixed = module.visit(_Swap(olds, new))
    return _smallest_edit(module.code, fixed.code, len(text) - len(text.removeprefix("\ufeff")))


def _smallest_edit(before: str, after: str, shift: int) -> tuple[Edit, ...]:
    start = 0
    limit = min(len(before), len(after))
    while start < limit and before[start] == after[start]:
        start += 1
    end_b, end_a = len(before), len(after)
    while end_b > start and end_a > start and before[end_b - 1] == after[end_a - 1]:
        end_b, end_a = end_b - 1, end_a - 1
    if before == after:
        return ()
    return (Edit(start + shift, end_b + shift, after[start:end_a]),)


class _SwapExpression(cst.CSTTransformer):
    def __init__(self, old: cst.CSTNode, new: cst.BaseExpression) -> None:
        super().__init__()
        self._old, self._new = id(old), new

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> cst.CSTNode:  # type: ignore[override]  # any expression kind
        return self._new if id(original_node) == self._old else updated_node


class _Swap(cst.CSTTransformer):
    """Put `new` statements where the first of `old` was, and drop the others
    (the nodes themselves, not equal ones)."""

    def __init__(self, old: list[cst.CSTNode], new: list[cst.BaseStatement]) -> None:
        super().__init__()
        self._first, self._rest, self._new = id(old[0]), {id(o) for o in old[1:]}, new

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> cst.CSTNode | cst.FlattenSentinel | cst.RemovalSentinel:  # type: ignore[override]  # any statement kind
        if id(original_node) == self._first:
            return cst.FlattenSentinel(self._new)
        if id(original_node) in self._rest:
            return cst.RemovalSentinel.REMOVE
        return updated_node
