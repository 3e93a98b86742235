"""Which functions are request handlers or task entry points (a client built
there is built per request), and which hand a yielded client to their caller."""

from __future__ import annotations

import ast

from linter44s.python.nodes import deco_name, last_name

_ROUTE_DECORATORS = frozenset(
    {"route", "get", "post", "put", "patch", "delete", "head", "options", "api_route", "websocket", "view", "task", "shared_task", "periodic_task", "actor", "job"}
)
_VIEW_DECORATORS = frozenset({"api_view", "require_GET", "require_POST", "require_http_methods", "require_safe", "csrf_exempt", "login_required", "shared_task", "permission_required"})


def is_handler(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A web route, view, task or serverless entry point."""
    for deco in fn.decorator_list:
        name = deco_name(deco)
        if name in _VIEW_DECORATORS:
            return True
        target = deco.func if isinstance(deco, ast.Call) else deco
        if isinstance(target, ast.Attribute) and name in _ROUTE_DECORATORS:
            owner = last_name(target.value) or ""
            if "redis" not in owner.lower() and owner not in ("functools", "pytest"):
                return True
    params = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)]
    if params and params[0] in ("self", "cls"):
        params = params[1:]
    if fn.name in ("handler", "lambda_handler") and params[:2] == ["event", "context"]:
        return True
    if params and params[0] in ("request", "req"):
        return True
    for arg in (*fn.args.args, *fn.args.kwonlyargs):
        ann = arg.annotation
        if ann is not None and last_name(ann) in ("Request", "HttpRequest", "WebSocket"):
            return True
    return False


def hands_out(fn: ast.AST | None) -> bool:
    """A `@contextmanager` / `@asynccontextmanager` function: what it yields is its caller's."""
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    for deco in fn.decorator_list:
        name = deco.attr if isinstance(deco, ast.Attribute) else deco.id if isinstance(deco, ast.Name) else ""
        if name in ("contextmanager", "asynccontextmanager"):
            return True
    return False


def is_fixture(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A pytest fixture (`@pytest.fixture`, `@pytest_asyncio.fixture(...)`): its
    return or yield is what a test's parameter of the same name receives."""
    return any(deco_name(d) == "fixture" for d in fn.decorator_list)


def is_stub(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A method left for subclasses to override: a docstring, then `pass`, `...`,
    `raise ...` or `return <constant>` (django-q2's `Broker.get_connection` returns 0)."""
    body = [s for s in fn.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    if not body:
        return True
    if len(body) != 1:
        return False
    only = body[0]
    return isinstance(only, (ast.Pass, ast.Raise)) or (isinstance(only, ast.Return) and (only.value is None or isinstance(only.value, ast.Constant)))
