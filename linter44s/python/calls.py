"""Command calls: `receiver.method(...)` as CommandCall facts, with their
arguments, options and keys.  The semantic model (scopes.py) says whether
the receiver is a client; the walk (statements.py) says where the call sits."""

from __future__ import annotations

import ast
from dataclasses import replace
from typing import TYPE_CHECKING

from linter44s import commands
from linter44s.facts import Argument, CommandCall, ReturnWord, Span
from linter44s.python import clients
from linter44s.python.bindings import CLIENT, MAYBE_PIPELINE, FunctionInfo, Known
from linter44s.python.keys import keys_of, single_assignment
from linter44s.python.nodes import SELF, Use, binds, last_name, reads_of
from linter44s.python.positions import LineIndex, Located
from linter44s.python.receivers import receiver
from linter44s.python.scopes import RECEIVER_KINDS

if TYPE_CHECKING:
    from linter44s.python.scopes import SemanticModel
    from linter44s.python.statements import Walker


def as_options(nodes: list[ast.expr], facts: tuple[Argument, ...], names: tuple[str, ...]) -> tuple[Argument, ...]:
    """Positional arguments that the API also takes by keyword (`Redis(host, port)`),
    as the options they are: the same facts, named."""
    return tuple(replace(fact, keyword=name) for node, fact, name in zip(nodes, facts, names) if not isinstance(node, ast.Starred))


def command_call(w: Walker, call: ast.Call, func: ast.Attribute, use: Use) -> bool:
    """Record `receiver.method(...)` as a CommandCall when it sends a Redis command."""
    method = func.attr
    index = w.index
    found = _command_of(method, list(call.args))
    if found is None:
        return False
    command, args, raw = found
    nargs = len([a for a in args if not isinstance(a, ast.Starred)]) + len([k for k in call.keywords if k.arg])
    known = receiver(w.model, func.value, method if not raw else "execute_command", nargs if not raw else 99, w.info)
    if known is None:
        return False
    if w.batching and known.kind == CLIENT:
        known = Known(MAYBE_PIPELINE, known.flavor, known.evidence)
    w.stmt_commands += 1
    has_splat = any(isinstance(a, ast.Starred) for a in args) or any(k.arg is None for k in call.keywords)
    arguments = tuple(argument(index, a) for a in args)
    if commands.has(command, commands.SCRIPT) and args:
        # A script kept in a name or a class attribute (`delete_prefix = """...redis.call('keys')..."""`,
        # `self.SWEEP`) is read where it is written.
        script = script_text(w.model, args[0], w.info)
        if script is not None:
            arguments = (argument(index, script), *arguments[1:])
    options = tuple(argument(index, k.value, k.arg) for k in call.keywords if k.arg)
    if not raw and command in clients.COMMAND_POSITIONAL:
        names = clients.COMMAND_POSITIONAL[command]
        options += as_options(args[2:], arguments[2:], names[2:])
    stmt = w.stmt_node
    result_names: tuple[str, ...] = ()
    if use in ("assigned", "await") and isinstance(stmt, (ast.Assign, ast.AnnAssign)):
        result_names = tuple(sorted(binds(stmt)))
    value_use = w.await_use if use == "await" else use
    span = index.span(call)
    w.calls_by_fn.setdefault(id(w.fn_node), (w.fn_node, {}))[1][id(call)] = len(w.calls)
    w.calls.append(
        CommandCall(
            command=command,
            method=method,
            receiver=text_of(index, func.value),
            receiver_kind=RECEIVER_KINDS[known.kind],
            flavor=known.flavor,
            evidence=known.evidence,
            span=span,
            method_span=_attr_span(index, func),
            args=arguments,
            options=options,
            keys=keys_of(command, args, call.keywords, index, lambda name: single_assignment(name, w.info)),
            has_splat=has_splat,
            awaited=use == "await",
            scope=w.scope_id,
            loops=tuple(w.loop_stack),
            stmt=w.stmt_id,
            stmt_line=w.stmt_line,
            reads=frozenset(reads_of([*args, *(k.value for k in call.keywords)])),
            receiver_reads=frozenset(reads_of([func.value])),
            result_names=result_names,
            in_comprehension_element=use == "element",
            wrapped_in_thread=use == "thread",
            is_expression_statement=use == "statement" or (use == "await" and isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Await) and stmt.value.value is call),
            value_use=value_use,
            raw=raw,
        )
    )
    return True


def _command_of(method: str, args: list[ast.expr]) -> tuple[str, list[ast.expr], bool] | None:
    """The Redis command a method sends, the arguments after the command name,
    and whether it is the raw form (`execute_command("SET", ...)`)."""
    if method not in commands.RAW_METHODS["python"]:
        command = commands.PYTHON_METHODS.get(method)
        return (command, args, False) if command is not None else None
    words = []
    for a in args:
        if isinstance(a, ast.Constant) and isinstance(a.value, (str, bytes)):
            words.append(a.value.decode() if isinstance(a.value, bytes) else a.value)
        else:
            break
    command = commands.raw_command_name(words[:2])
    if not command:
        return None
    return command, args[2 if " " in command else 1 :], True


def text_of(index: LineIndex, node: Located) -> str:
    span = index.span(node)
    return index.text[span.start : span.end]


def _attr_span(index: LineIndex, func: ast.Attribute) -> Span:
    end = index.span(func)
    start = end.end - len(func.attr)
    return index.span_of_offsets(start, end.end)


def argument(index: LineIndex, node: ast.expr, keyword: str | None = None, nested: bool = False) -> Argument:
    """One argument as a fact: its text, span, literal value and shape."""
    literal_node = node
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant) and isinstance(node.operand.value, (int, float)):
        literal_node = ast.Constant(-node.operand.value)
    value = literal_node.value if isinstance(literal_node, ast.Constant) else None
    span = index.span(node)
    return Argument(
        text=index.text[span.start : span.end],
        span=span,
        keyword=keyword,
        literal=value,
        is_literal=isinstance(literal_node, ast.Constant),
        is_none=isinstance(node, ast.Constant) and node.value is None,
        reads=frozenset(reads_of([node])),
        call=last_name(node.func) if isinstance(node, ast.Call) else None,
        call_args=(
            tuple(argument(index, a, None, True) for a in node.args if not isinstance(a, ast.Starred))
            + tuple(argument(index, k.value, k.arg, True) for k in node.keywords if k.arg)
        ) if isinstance(node, ast.Call) and not nested else (),
        returns=(_returned_word(node.body),) if isinstance(node, ast.Lambda) else None,
        simple=_is_simple(node),
    )


def _returned_word(node: ast.expr) -> ReturnWord:
    if isinstance(node, ast.Constant) and node.value is None:
        return "null"
    if isinstance(node, ast.Constant) and node.value is False:
        return "false"
    return "value"


def _is_simple(node: ast.expr) -> bool:
    """A literal, constant arithmetic or a dotted name: nothing runs when it is evaluated."""
    if isinstance(node, (ast.Constant, ast.Name)):
        return True
    if isinstance(node, ast.Attribute):
        return _is_simple(node.value) and not isinstance(node.value, ast.Constant)
    if isinstance(node, ast.UnaryOp):
        return isinstance(node.operand, ast.Constant)
    if isinstance(node, ast.BinOp):
        return isinstance(node.left, (ast.Constant, ast.BinOp)) and isinstance(node.right, ast.Constant) and _is_simple(node.left)
    return False


def script_text(model: SemanticModel, node: ast.expr, info: FunctionInfo) -> ast.expr | None:
    """The literal a script argument names: a local or module name bound once,
    or a class attribute (`model.SWEEP`, `cls.SWEEP`, `Store.SWEEP`)."""
    found: ast.expr | None = None
    if isinstance(node, ast.Name):
        found = single_assignment(node.id, info)
    elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        owner = node.value.id
        klass = info.class_name if owner in SELF else owner if owner in model.class_bases else None
        for cls in model.mro(klass) if klass else ():
            values = model.class_attrs.get(cls, {}).get(node.attr)
            if values is not None:
                found = values[0] if len(values) == 1 else None
                break
    return found if isinstance(found, (ast.Constant, ast.JoinedStr)) else None
