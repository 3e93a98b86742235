"""Which functions are request or job handlers (Express/Fastify/Koa routes,
Nest decorators, Next.js route exports), and the scope facts that say so."""

from __future__ import annotations

import re

from linter44s.facts import Scope
from linter44s.javascript.model import FactBuilder, Model
from linter44s.javascript.structure import Func
from linter44s.javascript.tokenizer import Kind
from linter44s.javascript.tokens import string_value

_ROUTE_METHODS = frozenset(
    {"get", "post", "put", "delete", "del", "patch", "use", "all", "head", "options", "route", "addHook", "param"}
)
_ROUTE_HOST = re.compile(r"(?i)^(app|router|server|fastify|api|routes?|instance|hono|koa|express)$|router$|app$")
_HANDLER_PARAMS = (
    ("req", "res"), ("request", "response"), ("request", "reply"), ("req", "reply"),
    ("ctx", "next"), ("err", "req"), ("error", "req"),
)
_HANDLER_DECORATORS = frozenset(
    {"Get", "Post", "Put", "Delete", "Patch", "All", "Head", "Options", "MessagePattern",
     "EventPattern", "Cron", "Interval", "Timeout", "Process", "OnEvent", "SubscribeMessage"}
)
_HTTP_EXPORTS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "handler"})


class Handlers(FactBuilder):
    """Scope facts for one file, with handlers marked."""

    def __init__(self, model: Model) -> None:
        super().__init__(model)

    def scopes(self) -> list[Scope]:
        src = self.src
        out = [Scope(0, "module", "<module>", None, False, False, False,
                     src.span(0, src.n - 1) if src.n else None)]
        for func in self.structure.funcs:
            handler = func.kind != "class" and self.is_handler(func)
            name = func.name
            if handler and name.startswith("<"):
                name = self.route_name(func) or name
            out.append(
                Scope(
                    id=func.id, kind=func.kind, name=name, parent=func.parent,
                    is_async=func.is_async, is_handler=handler,
                    is_memoised=False, span=src.span(func.head, max(func.end, func.head)),
                )
            )
        return out

    def is_handler(self, func: Func) -> bool:
        src = self.src
        params = func.params
        if params[:2] in _HANDLER_PARAMS:
            return True
        if any(d.split("(")[0].split(".")[-1] in _HANDLER_DECORATORS for d in func.decorators):
            return True
        exported = self.exported_name(func.head)
        if exported is not None and (exported in _HTTP_EXPORTS or (exported == "default" and params[:1] == ("req",))):
            return True
        if func.name in _HTTP_EXPORTS and exported is not None:
            return True
        opener = self.m.opener(func.head)
        if opener >= 0 and self.m.is_call_paren(opener) and src.t(opener - 1) in _ROUTE_METHODS:
            callee_end = opener - 1
            if src.after_dot(callee_end):
                recv_start = self.m.receiver_start(callee_end - 2)
                names = [src.t(k) for k in range(recv_start, callee_end - 1) if src.is_ident(k) and src.t(k) != "this"]
                if any(_ROUTE_HOST.search(n) for n in names):
                    return True
        return False

    def route_name(self, func: Func) -> str | None:
        """`app.get('/users', (req, res) => ...)` is the handler `GET /users`."""
        src = self.src
        opener = self.m.opener(func.head)
        if opener < 0 or not self.m.is_call_paren(opener):
            return None
        method = src.t(opener - 1)
        first = opener + 1
        if src.kind(first) is Kind.STRING and method in _ROUTE_METHODS:
            return f"{method.upper()} {string_value(src.toks[first])}"
        return None

    def exported_name(self, head: int) -> str | None:
        """`export function NAME`, `export const NAME = `, `exports.NAME = `,
        `module.exports.NAME = `, `export default`: the exported name."""
        src = self.src
        k = head - 1
        if src.t(k) == "default" and src.t(k - 1) == "export":
            return "default"
        if src.t(k) == "export":
            func = self.structure.by_head.get(head)
            return func.name if func is not None else None
        if src.t(k) == "=" and src.is_ident(k - 1):
            name = src.t(k - 1)
            if src.t(k - 2) in ("const", "let", "var") and src.t(k - 3) == "export":
                return name
            if src.t(k - 2) == "." and src.t(k - 3) == "exports":
                return name
        return None

