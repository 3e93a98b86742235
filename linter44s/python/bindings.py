"""What names stand for in one Python module: imports, assignments per
function, attributes on `self`, and functions that return clients.

Flow-insensitive on purpose: a name is a client if any assignment in its
scope makes it one, a pipeline if any makes it a pipeline, and both at once
is `maybe-pipeline` (`conn = pipe if pipe is not None else self.redis`).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal

from linter44s.commands import PYTHON_METHODS
from linter44s.facts import Evidence, Flavor
from linter44s.python import clients
from linter44s.python.nodes import pairs

KnownKind = Literal["client", "pipeline", "maybe-pipeline", "pool", "sentinel", "other", "factory"]
CLIENT: Final = "client"
PIPELINE: Final = "pipeline"
MAYBE_PIPELINE: Final = "maybe-pipeline"
POOL: Final = "pool"
SENTINEL: Final = "sentinel"
OTHER: Final = "other"
FACTORY: Final = "factory"  # imported from another checked module: calling it gives a client
_MEMO_DECORATORS = frozenset({"cache", "lru_cache", "cached_property", "memoize", "memoized", "cache_resource", "alru_cache"})
# A client-like name whose last word is one of these holds a setting, not a client.
_NOT_A_CLIENT_WORDS = frozenset(
    {
        "config", "conf", "cfg", "settings", "setting", "options", "opts", "kwargs", "args", "params",
        "url", "uri", "urls", "host", "hosts", "port", "info", "version", "key", "keys", "prefix", "name",
        "names", "data", "result", "results", "response", "error", "errors", "exception", "status", "cache",
        "caches", "mock", "stats", "dict", "map", "list", "path", "dsn", "env", "timeout", "available",
        "installed", "enabled", "module", "lib", "type", "types", "class", "cls", "kw", "id", "ids",
    }
)


@dataclass(frozen=True, slots=True)
class Known:
    kind: KnownKind
    flavor: Flavor = Flavor.UNKNOWN
    evidence: Evidence = Evidence.CONSTRUCTED


_OTHER = Known(OTHER)

# What a FunctionInfo describes: a function or lambda, or (None) the module.
FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda


def combine(found: list[Known]) -> Known | None:
    kinds = {k.kind for k in found}
    by_kind = {k.kind: k for k in found}
    if MAYBE_PIPELINE in kinds or (PIPELINE in kinds and CLIENT in kinds):
        base = by_kind.get(CLIENT) or by_kind.get(PIPELINE) or by_kind[MAYBE_PIPELINE]
        return Known(MAYBE_PIPELINE, base.flavor, base.evidence)
    for kind in (CLIENT, PIPELINE, POOL, SENTINEL, OTHER):
        if kind in kinds:
            return by_kind[kind]
    return None


class FunctionInfo:
    """Names assigned in one function body (not in nested functions), read
    the first time a name in it is looked up: most functions never are."""

    __slots__ = ("_assigned", "_globals", "_params", "_uses", "class_name", "node", "parent")

    def __init__(self, node: FunctionNode | None, parent: FunctionInfo | None, class_name: str | None) -> None:
        self.node = node
        self.parent = parent
        self.class_name = class_name
        self._assigned: dict[str, list[ast.expr | None]] | None = None
        self._params: dict[str, ast.arg] = {}
        self._globals: set[str] = set()
        self._uses: dict[str, set[str]] | None = None

    def _load(self) -> dict[str, list[ast.expr | None]]:
        # Set before collecting: collect_assignments fills it through `self.assigned`.
        assigned: dict[str, list[ast.expr | None]] = {}
        self._assigned = assigned
        node = self.node
        if node is not None:
            a = node.args
            for arg in (*a.posonlyargs, *a.args, *a.kwonlyargs):
                self._params[arg.arg] = arg
            for extra in (a.vararg, a.kwarg):
                if extra is not None:
                    self._params[extra.arg] = extra
            body: list[ast.stmt] = [ast.Expr(node.body)] if isinstance(node, ast.Lambda) else node.body
            collect_assignments(body, self)
        return assigned

    @property
    def assigned(self) -> dict[str, list[ast.expr | None]]:
        assigned = self._assigned
        return assigned if assigned is not None else self._load()

    @property
    def params(self) -> dict[str, ast.arg]:
        if self._assigned is None:
            self._load()
        return self._params

    @property
    def globals(self) -> set[str]:
        if self._assigned is None:
            self._load()
        return self._globals

    def escapes(self, name: str) -> set[str]:
        """How a local name leaves the function: returned, stored, passed, context."""
        if self._uses is None:
            self._uses = _index_uses(self.node)
        return self._uses.get(name, set())


_BLOCKS = ("body", "orelse", "finalbody", "handlers", "cases")


def statements(body: list[ast.stmt]) -> Iterator[ast.AST]:
    """Every statement of a body, nested blocks included, without walking
    expressions: bindings are statements, and expressions are most of a tree."""
    stack: list[ast.AST] = list(reversed(body))  # blocks hold handlers and match cases too
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for field in _BLOCKS:
            block = getattr(node, field, None)
            if block:
                stack.extend(reversed(block))


def collect_assignments(body: list[ast.stmt], info: FunctionInfo) -> None:
    for node in statements(body):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            info.assigned.setdefault(node.name, []).append(None)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                _bind_target(target, node.value, info)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            values = info.assigned.setdefault(node.target.id, [])
            values.append(Annotated(node.annotation))
            if node.value is not None:
                values.append(node.value)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            _bind_target(node.target, None, info)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    _bind_target(item.optional_vars, ast.copy_location(WithValue(item.context_expr), item.context_expr), info)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            info.globals.update(node.names)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                local = alias.asname or alias.name.split(".")[0]
                info.assigned.setdefault(local, []).append(None)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            info.assigned.setdefault(node.name, []).append(None)
        elif isinstance(node, ast.If) and isinstance(node.test, ast.NamedExpr) and isinstance(node.test.target, ast.Name):
            info.assigned.setdefault(node.test.target.id, []).append(node.test.value)  # if (x := ...)


class Annotated(ast.expr):
    """`name: Type = value` (at any level): the annotation says what it is too."""

    _fields = ("annotation",)

    def __init__(self, annotation: ast.expr) -> None:
        super().__init__()
        self.annotation = annotation


class WithValue(ast.expr):
    """`with X as name`: name is what X.__enter__ gives (a pipeline stays a pipeline)."""

    _fields = ("value",)

    def __init__(self, value: ast.expr) -> None:
        super().__init__()
        self.value = value


def _bind_target(target: ast.expr, value: ast.expr | None, info: FunctionInfo) -> None:
    for name, got in pairs(target, value):
        if isinstance(name, ast.Name):
            info.assigned.setdefault(name.id, []).append(got)


def _index_uses(fn: FunctionNode | None) -> dict[str, set[str]]:
    uses: dict[str, set[str]] = {}
    if fn is None:
        return uses

    def note(name: str, how: str) -> None:
        uses.setdefault(name, set()).add(how)

    def names_in(node: ast.AST) -> list[str]:
        return [n.id for n in ast.walk(node) if isinstance(n, ast.Name)]

    stack: list[ast.AST] = [fn.body] if isinstance(fn, ast.Lambda) else list(fn.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            for name in names_in(node):  # captured by a closure: it may outlive the call
                note(name, "stored")
            continue
        if isinstance(node, (ast.Return, ast.Yield, ast.YieldFrom)) and node.value is not None:
            for name in _values_of(node.value):
                note(name, "returned")
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            # Stored on an object, or aliased / derived into another name: follow no further.
            for name in _values_of(node.value):
                note(name, "stored")
        elif isinstance(node, ast.Call):
            for arg in (*node.args, *(k.value for k in node.keywords)):
                for name in _values_of(arg):
                    note(name, "passed")
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if isinstance(item.context_expr, ast.Name):
                    note(item.context_expr.id, "context")
        stack.extend(ast.iter_child_nodes(node))
    return uses


def _values_of(expr: ast.expr) -> set[str]:
    """Names whose object itself is the value of `expr` (`r`, `(r, x)`, `r if a else b`),
    not names merely used in it (`r.get(k)` gives the reply, not `r`)."""
    if isinstance(expr, ast.Name):
        return {expr.id}
    if isinstance(expr, (ast.Tuple, ast.List, ast.Set)):
        return set().union(*(_values_of(e) for e in expr.elts)) if expr.elts else set()
    if isinstance(expr, ast.Dict):
        return set().union(*(_values_of(v) for v in expr.values)) if expr.values else set()
    if isinstance(expr, ast.IfExp):
        return _values_of(expr.body) | _values_of(expr.orelse)
    if isinstance(expr, (ast.Await, ast.Starred)):
        return _values_of(expr.value)
    if isinstance(expr, ast.Call):
        # Wrapped in another object (`Wrapper(r)`, `dict(client=r)`): it travels with it.
        found = set().union(*(_values_of(a) for a in (*expr.args, *(k.value for k in expr.keywords)))) if (expr.args or expr.keywords) else set()
        # A client or pool made from it (`sentinel.master_for(...)`) carries its
        # connections along; a command's reply (`r.get(k)`) does not.
        if isinstance(expr.func, ast.Attribute) and expr.func.attr not in PYTHON_METHODS:
            found |= _values_of(expr.func.value)
        return found
    if isinstance(expr, ast.Attribute):
        return _values_of(expr.value)  # `sentinel.master_for(...).connection_pool`
    return set()


def is_memoised(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for deco in fn.decorator_list:
        target = deco.func if isinstance(deco, ast.Call) else deco
        last = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if last in _MEMO_DECORATORS:
            return True
    return False


def name_words(name: str) -> list[str]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return [w for w in spaced.lower().split("_") if w]


def looks_like_setting(name: str) -> bool:
    words = name_words(name)
    return bool(words) and words[-1] in _NOT_A_CLIENT_WORDS


@lru_cache(maxsize=4096)
def _parse_annotation(text: str) -> ast.expr | None:
    """A string annotation (`"Optional[Redis]"`) as an expression; the same few recur."""
    try:
        return ast.parse(text, mode="eval").body
    except (SyntaxError, ValueError, RecursionError):
        return None


def annotation_known(
    annotation: ast.expr | None, qualname: Callable[[ast.expr], str | None],
    project_class: Callable[[ast.expr], Flavor | None] | None = None,
) -> Known | None:
    """A parameter or variable annotation: client, pipeline, or something else.
    `project_class` says which classes of the project are client classes."""
    if annotation is None:
        return None
    node = annotation
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        parsed = _parse_annotation(node.value)
        if parsed is None:
            return None
        node = parsed
    candidates: list[ast.expr] = []
    stack: list[ast.expr] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, ast.BinOp) and isinstance(item.op, ast.BitOr):
            stack.extend((item.left, item.right))
        elif isinstance(item, ast.Subscript):
            outer = qualname(item.value) or ""
            if outer.split(".")[-1] in ("Optional", "Union", "Annotated"):
                inner = item.slice
                stack.extend(inner.elts if isinstance(inner, ast.Tuple) else [inner])
            else:
                candidates.append(item.value)
        elif isinstance(item, ast.Constant) and item.value is None:
            continue
        elif isinstance(item, ast.Constant) and isinstance(item.value, str):
            parsed = _parse_annotation(item.value)
            if parsed is not None:
                stack.append(parsed)
        else:
            candidates.append(item)
    for candidate in candidates:
        found = clients.annotated(qualname(candidate))
        if found:
            kind, flavor = found
            return Known(CLIENT if kind == "client" else PIPELINE, flavor, Evidence.ANNOTATED)
        own = project_class(candidate) if project_class is not None else None
        if own is not None:
            return Known(CLIENT, own, Evidence.ANNOTATED)  # `_client: SafeRedis`
    return _OTHER if candidates else None
