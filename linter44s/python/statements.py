"""The statement walk: scopes, loops, statements and the use of every
expression's value, in one pass over the tree.  It asks the semantic model
(scopes.py) what names stand for and hands calls to calls.py and
constructions.py, which record the facts."""

from __future__ import annotations

import ast

from linter44s import commands
from linter44s.facts import CommandCall, Construction, Loop, LoopKind, Scope, Statement
from linter44s.prefilter import Mentions, words_of
from linter44s.python.bindings import FunctionInfo, is_memoised, statements
from linter44s.python.calls import command_call, text_of
from linter44s.python.constructions import construction
from linter44s.python.handlers import is_handler
from linter44s.python.loops import derived_names, exits_early, while_shape
from linter44s.python.nodes import Use, binds, last_name, target_names
from linter44s.python.positions import LineIndex, Located
from linter44s.python.prose import names_library_in_code
from linter44s.python.scopes import RECEIVER_KINDS, SemanticModel

_TASK_FUNCTIONS = frozenset({"gather", "create_task", "ensure_future", "wait_for", "shield", "wait", "as_completed", "run_coroutine_threadsafe", "run"})
_THREAD_FUNCTIONS = frozenset({"to_thread", "run_in_executor", "run_sync", "sync_to_async"})
# (id, block, index, node, commands in it, compound)
RawStatement = tuple[int, int, int, ast.stmt, int, bool]


class Walker:
    """Walks one module's statements once, keeping where it is (scope, loops,
    statement) for the facts recorded on the way."""

    def __init__(self, model: SemanticModel, index: LineIndex, focus: bool, mentions: Mentions) -> None:
        self.model = model
        self.index = index
        self.focus = focus
        self.mentions = mentions  # over index.text
        # facts being built
        self.calls: list[CommandCall] = []
        self.constructions: list[Construction] = []
        self.scopes: list[Scope] = [Scope(0, "module", "<module>", None, False, False, False)]
        self.loops: list[Loop] = []
        self.raw_statements: list[RawStatement] = []
        self.calls_by_fn: dict[int, tuple[ast.AST, dict[int, int]]] = {}
        # walk state
        self.scope_id = 0
        self.info: FunctionInfo = model.module_info
        self.class_name: str | None = None
        self.loop_stack: list[int] = []
        self.stmt_id = 0
        self.stmt_line = 1
        self.stmt_node: ast.stmt | None = None
        self.block_counter = 0
        self.stmt_counter = 0
        self.stmt_commands = 0
        self.fn_node: ast.AST = model.tree
        self.await_use: Use = "other"
        self.comprehension_uses: list[Use] = []
        self.skipped = False  # a top-level unit was left unwalked (focus)
        self.batching = 0  # inside `with wrapper.pipeline():` blocks (_batches_body)

    def module_block(self) -> None:
        """The module's statements; with `focus`, a top-level def or class whose
        text names no library, client-like name or client-bound name is skipped."""
        if not self.focus:
            self._block(self.model.tree.body)
            return
        # position -> the words of a def or class that names no library or client-like name
        unmentioned: dict[int, set[str]] = {}
        for position, stmt in enumerate(self.model.tree.body):
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                start, end = self._source_range(stmt)
                if not names_library_in_code(self.mentions, start, end):
                    unmentioned[position] = words_of((self.index.text[start:end],))
        names = self.model.client_names(set().union(*unmentioned.values())) if unmentioned else set()
        self.block_counter += 1
        block = self.block_counter
        for position, stmt in enumerate(self.model.tree.body):
            if position in unmentioned and names.isdisjoint(unmentioned[position]):
                self.stmt_counter += 1
                self.raw_statements.append((self.stmt_counter, block, position, stmt, 0, True))
                self.skipped = True
                continue
            self._statement(stmt, block, position)

    def _source_range(self, stmt: ast.stmt) -> tuple[int, int]:
        """Offsets of a statement's whole lines, decorators included."""
        first = min([stmt.lineno, *(d.lineno for d in getattr(stmt, "decorator_list", ()))])
        starts = self.index.starts
        end = stmt.end_lineno or stmt.lineno
        return starts[first - 1], starts[end] if end < len(starts) else len(self.index.text)

    def _block(self, body: list[ast.stmt]) -> None:
        self.block_counter += 1
        block = self.block_counter
        for position, stmt in enumerate(body):
            self._statement(stmt, block, position)

    def _statement(self, stmt: ast.stmt, block: int, position: int) -> None:
        self.stmt_counter += 1
        sid = self.stmt_counter
        saved = (self.stmt_id, self.stmt_line, self.stmt_node, self.stmt_commands)
        self.stmt_id, self.stmt_line, self.stmt_node, self.stmt_commands = sid, stmt.lineno, stmt, 0
        kind = type(stmt)
        compound = kind not in _SIMPLE_STATEMENTS
        # The commonest statements first.
        if isinstance(stmt, ast.Expr):
            self._expr(stmt.value, "statement")
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            if stmt.value is not None:
                self._expr(stmt.value, "assigned")
            for target in stmt.targets if isinstance(stmt, ast.Assign) else (stmt.target,):
                if type(target) not in _LEAVES:
                    self._expr(target, "target")
        elif isinstance(stmt, ast.Return):
            if stmt.value is not None:
                self._expr(stmt.value, "returned")
        elif isinstance(stmt, ast.If):
            self._expr(stmt.test, "condition")
            self._block(stmt.body)
            self._block(stmt.orelse)
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self._function(stmt)
        elif isinstance(stmt, ast.ClassDef):
            for deco in stmt.decorator_list:
                self._expr(deco, "other")
            saved_class = self.class_name
            self.class_name = stmt.name
            self._block(stmt.body)
            self.class_name = saved_class
        elif isinstance(stmt, (ast.For, ast.AsyncFor, ast.While)):
            self._loop(stmt)
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            for item in stmt.items:
                self._expr(item.context_expr, "context")
            batching = any(self._batches_body(item) for item in stmt.items)
            self.batching += batching
            self._block(stmt.body)
            self.batching -= batching
        elif isinstance(stmt, (ast.Try, ast.TryStar)):
            self._block(stmt.body)
            for handler in stmt.handlers:
                if handler.type is not None:
                    self._expr(handler.type, "other")
                self._block(handler.body)
            self._block(stmt.orelse)
            self._block(stmt.finalbody)
        elif isinstance(stmt, ast.Match):
            self._expr(stmt.subject, "other")
            for case in stmt.cases:
                self._block(case.body)
        elif kind in _NO_EXPRESSIONS:
            pass
        else:
            for child in ast.iter_child_nodes(stmt):
                if isinstance(child, ast.expr):
                    self._expr(child, "other")
        self.raw_statements.append((sid, block, position, stmt, self.stmt_commands, compound))
        self.stmt_id, self.stmt_line, self.stmt_node, self.stmt_commands = saved

    def _batches_body(self, item: ast.withitem) -> bool:
        """`with self.pipeline():`, no `as`, on something that is no client: a wrapper
        that swaps its client for a pipeline while the block runs (redis-dict), so a
        command in the block may be batched.  (`with r.pipeline():` on a client batches
        nothing: that stays a client.)"""
        call = item.context_expr
        if item.optional_vars is not None or not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute):
            return False
        if call.func.attr != "pipeline":
            return False
        owner = self.model.known(call.func.value, self.info)
        return owner is None or owner.kind not in RECEIVER_KINDS

    def _loop(self, stmt: ast.For | ast.AsyncFor | ast.While) -> None:
        if isinstance(stmt, ast.While):
            targets, batches = while_shape(stmt)
            loop_id = self._new_loop("while", stmt, targets, stmt.body, False, batches, None)
            self.loop_stack.append(loop_id)
            self._expr(stmt.test, "condition")
        else:
            # `async for k in r.scan_iter()`: an async iterator, not a coroutine to await
            self._expr(stmt.iter, "async-iterated" if isinstance(stmt, ast.AsyncFor) else "iterated")
            loop_id = self._new_loop("for", stmt, target_names(stmt.target), stmt.body, isinstance(stmt, ast.AsyncFor), True, stmt.iter)
            self.loop_stack.append(loop_id)
        self._block(stmt.body)
        self.loop_stack.pop()
        self._block(stmt.orelse)

    def statement_facts(self) -> tuple[Statement, ...]:
        """Statements of the blocks that send a command; the others may be left
        out (see facts.Statement), and are."""
        busy = {block for _, block, _, _, commands_in, _ in self.raw_statements if commands_in}
        return tuple(
            Statement(sid, block, position, stmt.lineno, commands_in, compound=compound, binds=binds(stmt))
            for sid, block, position, stmt, commands_in, compound in self.raw_statements
            if block in busy
        )

    def _function(self, fn: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        if not isinstance(fn, ast.Lambda):
            for deco in fn.decorator_list:
                self._expr(deco, "other")
        for default in (*fn.args.defaults, *(d for d in fn.args.kw_defaults if d is not None)):
            self._expr(default, "other")
        info = self.model.info_for(fn, self.info, self.class_name)
        sid = len(self.scopes)
        name = getattr(fn, "name", "<lambda>")
        self.scopes.append(
            Scope(
                id=sid,
                kind="lambda" if isinstance(fn, ast.Lambda) else "function",
                name=name,
                parent=self.scope_id,
                is_async=isinstance(fn, ast.AsyncFunctionDef),
                is_handler=not isinstance(fn, ast.Lambda) and is_handler(fn),
                is_memoised=not isinstance(fn, ast.Lambda) and is_memoised(fn),
                span=self.index.span(fn),
            )
        )
        saved = (self.scope_id, self.info, self.loop_stack, self.fn_node)
        self.scope_id, self.info, self.loop_stack, self.fn_node = sid, info, [], fn
        if isinstance(fn, ast.Lambda):
            self._expr(fn.body, "returned")
        else:
            self._block(fn.body)
        self.scope_id, self.info, self.loop_stack, self.fn_node = saved

    def _new_loop(
        self, kind: LoopKind, node: Located, targets: set[str], body: list[ast.stmt], is_async: bool, batches: bool,
        iterable: ast.expr | None, concurrent: bool = False,
    ) -> int:
        derived = derived_names(targets, body)
        loop = Loop(
            id=len(self.loops),
            kind=kind,
            scope=self.scope_id,
            span=self.index.span(node),
            targets=frozenset(derived),
            batches=batches,
            reply_names=frozenset(self._reply_names(body)),
            iterable_text=text_of(self.index, iterable) if iterable is not None else "",
            is_async=is_async,
            exits_early=exits_early(body),
            concurrent=concurrent,
        )
        self.loops.append(loop)
        return loop.id

    def _reply_names(self, body: list[ast.stmt]) -> set[str]:
        """Names a loop body binds from a Redis reply: a loop over them is a cursor loop."""
        names: set[str] = set()
        for node in statements(body):
            if not isinstance(node, (ast.Assign, ast.AugAssign)):
                continue
            value = node.value.value if isinstance(node.value, ast.Await) else node.value
            if (
                isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)
                and value.func.attr in commands.PYTHON_METHODS and self.model.known(value.func.value, self.info) is not None
            ):
                for t in node.targets if isinstance(node, ast.Assign) else [node.target]:
                    names |= target_names(t)
        return names

    def _expr(self, node: ast.expr, use: Use) -> None:
        kind = type(node)
        if kind in _LEAVES:
            return  # most of any tree
        if isinstance(node, ast.Call):
            self._call(node, use)
            return
        if isinstance(node, ast.Attribute):
            # `Sentinel(...).master_for(...).connection_pool` goes where the attribute goes.
            self._expr(node.value, _carried(use))
            return
        if isinstance(node, ast.Await):
            saved, self.await_use = self.await_use, use  # what the awaited reply is used for
            self._expr(node.value, "await")
            self.await_use = saved
            return
        if isinstance(node, ast.Lambda):
            self._function(node)
            return
        if isinstance(node, _COMPREHENSIONS):
            self._comprehension(node, use)
            return
        if isinstance(node, ast.IfExp):
            self._expr(node.test, "condition")
            self._expr(node.body, use)
            self._expr(node.orelse, use)
            return
        if isinstance(node, ast.NamedExpr):
            self._expr(node.value, "assigned")
            return
        child_use: Use
        if kind in _OPERATORS:
            child_use = "operand"
        elif kind is ast.BoolOp:
            # `self.client = client or Redis()`: the value goes where the expression goes.
            child_use = use if use in ("assigned", "returned", "argument", "stored", "task", "statement") else "operand"
        elif kind in _CONTAINERS:
            child_use = "task" if use == "task" else "stored" if use in ("assigned", "returned", "argument") else "other"
        elif kind is ast.Starred:
            child_use = use
        else:
            child_use = "other"
        children = _CHILDREN.get(kind)
        for child in children(node) if children is not None else ast.iter_child_nodes(node):
            if child is not None and type(child) not in _LEAVES and isinstance(child, ast.expr):
                self._expr(child, child_use)

    def _comprehension(self, node: Comprehension, use: Use = "other") -> None:
        self.comprehension_uses.append(use)
        try:
            self._comprehension_body(node)
        finally:
            self.comprehension_uses.pop()

    def _comprehension_body(self, node: Comprehension) -> None:
        first = node.generators[0]
        self._expr(first.iter, "async-iterated" if first.is_async else "iterated")
        targets: set[str] = set()
        for gen in node.generators:
            targets |= target_names(gen.target)
        body = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
        # ast gives is_async as 0 or 1; Loop.is_async is a bool.
        gathered = self.comprehension_uses[-1] == "task"  # the items go to asyncio.gather and friends
        loop_id = self._new_loop(
            "comprehension", node, targets, [ast.Expr(b) for b in body], bool(first.is_async), True, first.iter, gathered
        )
        self.loop_stack.append(loop_id)
        for gen in node.generators:
            if gen is not first:
                self._expr(gen.iter, "iterated")
            for cond in gen.ifs:
                self._expr(cond, "condition")
        for part in body:
            self._expr(part, "element")
        self.loop_stack.pop()

    def _call(self, call: ast.Call, use: Use) -> None:
        func = call.func
        arg_use: Use = "argument"
        fname = last_name(func)
        if fname in _TASK_FUNCTIONS:
            arg_use = "task"
        if isinstance(func, ast.Attribute):
            sent = command_call(self, call, func, use)
            # A command's reply leaves its receiver behind; `sentinel.master_for(...)`
            # or `Redis().pipeline()` carry it along, wherever they go.
            self._expr(func.value, "receiver" if sent or func.attr in commands.PYTHON_METHODS else _carried(use))
        else:
            self._expr(func, "callee")
        construction(self, call, use)
        in_thread = fname in _THREAD_FUNCTIONS
        for arg in call.args:
            self._expr(arg, "thread" if in_thread else arg_use)
        for kw in call.keywords:
            self._expr(kw.value, arg_use)

    # --------------------------------------------------------------- commands


_LEAVES = frozenset({ast.Name, ast.Constant})
_SIMPLE_STATEMENTS = frozenset({ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return, ast.Delete, ast.Raise, ast.Assert, ast.Pass})
_NO_EXPRESSIONS = frozenset({ast.Pass, ast.Break, ast.Continue, ast.Import, ast.ImportFrom, ast.Global, ast.Nonlocal})
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)
Comprehension = ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp
_OPERATORS = frozenset({ast.BinOp, ast.Compare, ast.UnaryOp, ast.Subscript})
_CONTAINERS = frozenset({ast.Tuple, ast.List, ast.Set, ast.Dict})
# Child expressions of the commonest nodes, without ast's generic field walk.
_CHILDREN = {
    ast.BinOp: lambda n: (n.left, n.right),
    ast.UnaryOp: lambda n: (n.operand,),
    ast.Compare: lambda n: (n.left, *n.comparators),
    ast.Subscript: lambda n: (n.value, n.slice),
    ast.BoolOp: lambda n: n.values,
    ast.Tuple: lambda n: n.elts,
    ast.List: lambda n: n.elts,
    ast.Set: lambda n: n.elts,
    ast.Dict: lambda n: (*n.keys, *n.values),
    ast.Starred: lambda n: (n.value,),
    ast.JoinedStr: lambda n: n.values,
    ast.FormattedValue: lambda n: (n.value,),
}


def _carried(use: Use) -> Use:
    return use if use in ("returned", "assigned", "argument", "stored", "task") else "other"


