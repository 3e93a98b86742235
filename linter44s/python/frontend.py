"""Python source -> FileFacts, in one walk over the `ast` tree.

`ast` rather than libcst on the hot path: it parses about ten times faster
and its positions are exact; fixes are plain text edits over those spans
(see python/edits.py), checked by re-parsing the fixed file.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Literal

from linter44s import commands
from linter44s.config import Settings
from linter44s.diagnostics import SourceError
from linter44s.facts import (
    Argument,
    CommandCall,
    Construction,
    Evidence,
    Export,
    ExportKind,
    External,
    FileFacts,
    Flavor,
    ImportedName,
    KeyExpr,
    Loop,
    ReceiverKind,
    Scope,
    Span,
    Statement,
    Suppression,
)
from linter44s.noqa import python_suppressions
from linter44s.patterns import compile_user
from linter44s.prefilter import Mentions, any_word
from linter44s.python import chunks, clients
from linter44s.python.bindings import (
    CLIENT,
    FACTORY,
    MAYBE_PIPELINE,
    OTHER,
    PIPELINE,
    POOL,
    SENTINEL,
    Annotated,
    FunctionInfo,
    FunctionNode,
    Known,
    KnownKind,
    WithValue,
    annotation_known,
    collect_assignments,
    combine,
    is_memoised,
    looks_like_setting,
    statements,
)
from linter44s.python.edits import PythonSyntax
from linter44s.python.flows import reply_flows
from linter44s.python.imports import scan_from_imports
from linter44s.python.positions import LineIndex, Located

# What the code does with an expression's value, as _expr passes it down
# (CommandCall.value_use and Construction.fate are read from it).
Use = Literal[
    "statement", "assigned", "target", "returned", "condition", "context", "await", "operand", "stored", "task",
    "element", "iterated", "async-iterated", "argument", "callee", "receiver", "thread", "other",
]
_RECEIVER_KINDS = {CLIENT: ReceiverKind.CLIENT, PIPELINE: ReceiverKind.PIPELINE, MAYBE_PIPELINE: ReceiverKind.MAYBE_PIPELINE}
_TASK_FUNCTIONS = frozenset({"gather", "create_task", "ensure_future", "wait_for", "shield", "wait", "as_completed", "run_coroutine_threadsafe", "run"})
_THREAD_FUNCTIONS = frozenset({"to_thread", "run_in_executor", "run_sync", "sync_to_async"})
_ROUTE_DECORATORS = frozenset(
    {"route", "get", "post", "put", "patch", "delete", "head", "options", "api_route", "websocket", "view", "task", "shared_task", "periodic_task", "actor", "job"}
)
_VIEW_DECORATORS = frozenset({"api_view", "require_GET", "require_POST", "require_http_methods", "require_safe", "csrf_exempt", "login_required", "shared_task", "permission_required"})
_SELF = frozenset({"self", "cls"})
_MADE_KINDS: dict[str, KnownKind] = {"client": CLIENT, "pool": POOL, "sentinel": SENTINEL}
# By name alone, a call must also look like the command: `cfg.get(k, default)` is no GET,
# and `mapping.keys()` with no pattern is a dict's.
_NAME_ONLY_ARITY = {"get": (1, 1), "keys": (1, 1), "hgetall": (1, 1), "smembers": (1, 1), "delete": (1, 99), "set": (2, 99)}
# Generic receivers whose `.get()` and friends are never Redis by name alone.
_POP_METHODS = frozenset({"pop", "popleft", "popitem", "get_nowait"})


def analyze(
    text: str, path: str, settings: Settings, external: tuple[External, ...] = (), focus: bool = True,
    mentions: Mentions | None = None,
) -> tuple[FileFacts, PythonSyntax]:
    """Facts about one module; `external` says what the names it imports from
    the project are (engine.link_modules).
    With `focus`, top-level functions and classes that name nothing Redis-related are
    not walked (they cannot hold a finding); tests compare that with `focus=False`."""
    source = text.removeprefix("\ufeff")
    offset = len(text) - len(source)
    known_external = _imported_clients(external)
    index = LineIndex(source)
    if mentions is None or offset:  # one over `text` serves only when no BOM shifts the offsets
        mentions = Mentions(source, settings)
    try:
        focused = _parse_focused(source, path, mentions, known_external) if focus else None
        tree, skipped = focused if focused is not None else (ast.parse(source, filename=path), [])
    except SyntaxError as exc:
        raise _syntax_error(exc) from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise SourceError(f"cannot parse: {exc}") from None
    try:
        if skipped:
            skipped = _fill_definitions(tree, source, skipped, path)
        analyzer = _Analyzer(tree, index, path, settings, known_external, focus, mentions)
        while skipped:
            # Skipped units that name a client found elsewhere in the module: parse them too.
            names = any_word(analyzer.client_names())
            wanted = [c for c in skipped if names is not None and names.search(c.text)]
            if not wanted:
                break
            chunks.fill(tree, wanted, path)
            chosen = {id(c) for c in wanted}
            skipped = _fill_definitions(tree, source, [c for c in skipped if id(c) not in chosen], path)
            analyzer = _Analyzer(tree, index, path, settings, known_external, focus, mentions)
        facts = analyzer.run()
    except SyntaxError as exc:  # in a unit parsed late (chunks.fill): the same line as a whole-file parse gives
        raise _syntax_error(exc) from None
    except RecursionError:
        raise SourceError("too deeply nested to analyse") from None
    if skipped:
        # A skipped unit may use a name imported from the project that another
        # checked module exports as a client.  Report every such import, as for
        # an unparsed file: linking then checks this file again knowing it, and
        # the unit is parsed that time.
        facts = _with_imports(facts, scan_from_imports(source))
    if offset:
        facts = _shift(facts, offset)
    return facts, PythonSyntax(text, offset)


def _syntax_error(exc: SyntaxError) -> SourceError:
    return SourceError(f"syntax error: {exc.msg}", exc.lineno or 1, exc.offset or 1)


# `name(`, read backwards: `(` first, so the regex engine can jump from one
# to the next (six times faster than a look-behind forwards).
_CALL_REVERSED = re.compile(r"\(\s*(\w*[A-Za-z_])(?![\w.])")


def called_names(text: str) -> set[str]:
    """Names called as `name(...)`, not as `x.name(...)`: the only way the
    analyser asks what a function or class of this module is (`_known_call`,
    `_plainly_not_client`, constructions)."""
    return {name[::-1] for name in _CALL_REVERSED.findall(text[::-1])}


def _as_options(nodes: list[ast.expr], facts: tuple[Argument, ...], names: tuple[str, ...]) -> tuple[Argument, ...]:
    """Positional arguments that the API also takes by keyword (`Redis(host, port)`),
    as the options they are: the same facts, named."""
    return tuple(replace(fact, keyword=name) for node, fact, name in zip(nodes, facts, names) if not isinstance(node, ast.Starred))


def _imported_clients(entries: tuple[External, ...]) -> dict[str, Known]:
    flavors = {Flavor.ASYNC: Flavor.ASYNC}  # an unknown flavor was treated as sync before: keep it
    return {
        e.local: Known(CLIENT if e.kind is ExportKind.CLIENT else FACTORY, flavors.get(e.flavor, Flavor.SYNC), Evidence.IMPORTED)
        for e in entries
        if e.kind in (ExportKind.CLIENT, ExportKind.FACTORY)
    }


def _fill_definitions(tree: ast.Module, source: str, skipped: list, path: str) -> list:
    """Parse the skipped units that define a function or class the parsed code
    calls (a helper that returns a client, a class that is plainly not one:
    either can change a finding), and the ones those call, and so on.
    Returns what is still skipped."""
    used = called_names(chunks.text_outside(source, skipped))
    left = skipped
    while True:
        more = [c for c in left if c.defines in used]
        if not more:
            break
        left = [c for c in left if c.defines not in used]
        used |= called_names("".join(c.text for c in more))
    if len(left) < len(skipped):
        still = {id(c) for c in left}
        chunks.fill(tree, [c for c in skipped if id(c) not in still], path)
    return left


def _parse_focused(source: str, path: str, mentions: Mentions, external: dict[str, Known]) -> tuple[ast.Module, list] | None:
    """Parse module-level code and the functions and classes that name a client
    library, a client-like name, or a client imported from another checked module."""
    names = any_word(external)

    def wanted(chunk: chunks.Chunk) -> bool:
        return mentions.within(chunk.start, chunk.start + len(chunk.text)) or (names is not None and names.search(chunk.text))

    return chunks.parse_focused(source, path, wanted)


def _with_imports(facts: FileFacts, more: tuple[ImportedName, ...]) -> FileFacts:
    known = set(facts.imports)
    return replace(facts, imports=facts.imports + tuple(i for i in more if i not in known))


def _shift(facts: FileFacts, offset: int) -> FileFacts:
    """Re-base offsets past a BOM the parser never saw."""
    import dataclasses

    def fix(obj: object) -> object:
        if isinstance(obj, Span):
            return Span(obj.line, obj.col, obj.end_line, obj.end_col, obj.start + offset, obj.end + offset)
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            changes = {f.name: fix(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
            if isinstance(obj, KeyExpr) and obj.join_offset is not None:
                changes["join_offset"] = obj.join_offset + offset
            return dataclasses.replace(obj, **changes)
        if isinstance(obj, tuple):
            return tuple(fix(x) for x in obj)
        return obj

    shifted = fix(facts)
    assert isinstance(shifted, FileFacts)  # replace() keeps each dataclass's type
    return shifted


class _Analyzer:
    def __init__(
        self, tree: ast.Module, index: LineIndex, path: str, settings: Settings, external: dict[str, Known],
        focus: bool, mentions: Mentions,
    ) -> None:
        self.tree = tree
        self.mentions = mentions  # over index.text
        self.focus = focus
        self._prepared = False
        self._client_names: set[str] | None = None
        self.index = index
        self.path = path
        self.settings = settings
        self.external = external
        self.pattern = compile_user(settings.client_name_pattern)  # the user's: linear time (patterns.py)
        self.aliases: dict[str, str] = {}
        self.imports: list[ImportedName] = []
        self.consulted: set[str] = set()  # imported names whose meaning was asked for
        self.other_names: set[str] = set()
        self.class_attrs: dict[str, dict[str, list[ast.expr]]] = {}
        self.class_methods: dict[str, dict[str, ast.FunctionDef | ast.AsyncFunctionDef]] = {}
        self.attr_paths: dict[str, list[ast.expr]] = {}
        self.functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
        self.method_class: dict[int, str] = {}  # id(method node) -> its class
        self.client_subclasses: dict[str, Flavor] = {}  # classes of this file that extend a client
        self.module_info = FunctionInfo(None, None, None)
        self.infos: dict[int, FunctionInfo] = {}
        self._known_cache: dict[tuple[int, str], Known | None] = {}
        self._in_progress: set[tuple[int, str]] = set()
        self._returns_cache: dict[int, Flavor | None] = {}
        # facts being built
        self.calls: list[CommandCall] = []
        self.constructions: list[Construction] = []
        self.scopes: list[Scope] = []
        self.loops: list[Loop] = []
        self.raw_statements: list[tuple] = []  # (id, block, index, node, commands, compound)
        # walk state
        self.scope_id = 0
        self.info = self.module_info
        self.class_name: str | None = None
        self.loop_stack: list[int] = []
        self.stmt_id = 0
        self.stmt_line = 1
        self.stmt_node: ast.stmt | None = None
        self.block_counter = 0
        self.stmt_counter = 0
        self.stmt_commands = 0
        self.fn_node: ast.AST = tree
        self.await_use: Use = "other"
        self.comprehension_uses: list[Use] = []
        self.calls_by_fn: dict[int, tuple[ast.AST, dict[int, int]]] = {}

    # ------------------------------------------------------------------ setup
    def run(self) -> FileFacts:
        self._prepare()
        self.scopes.append(Scope(0, "module", "<module>", None, False, False, False))
        self._module_block()
        clients_ = {
            name: k.flavor for name in self.module_info.assigned
            if not name.startswith("__") and (k := self._lookup(name, self.module_info)) is not None and k.kind == CLIENT
        }
        factories = {name: f for name, fn in self.functions.items() if (f := self._returns_client(fn, None)) is not None}
        return FileFacts(
            path=self.path,
            language="python",
            calls=tuple(self.calls),
            constructions=tuple(self.constructions),
            scopes=tuple(self.scopes),
            loops=tuple(self.loops),
            statements=self._statement_facts(),
            suppressions=self._suppressions(),
            flows=tuple(
                flow for fn, calls in self.calls_by_fn.values()
                if any(self.calls[i].value_use != "statement" for i in calls.values())  # some reply is used
                for flow in reply_flows(fn, calls)
            ),
            exports=tuple(Export(n, ExportKind.CLIENT, f) for n, f in clients_.items())
            + tuple(Export(n, ExportKind.FACTORY, f) for n, f in factories.items()),
            # Only the imports this module asked about: others cannot change its findings.
            imports=tuple(i for i in self.imports if i.local in self.consulted),
        )

    def _prepare(self) -> None:
        if not self._prepared:
            self._prepared = True
            self._prepass()

    def _prepass(self) -> None:
        """Imports, classes and their `self.x` attributes, attribute paths, and
        names bound to non-clients: one walk, with the enclosing class in hand."""
        # Judged once every import is known.
        later: list[ast.ClassDef | ast.Assign | ast.AnnAssign | ast.FunctionDef | ast.AsyncFunctionDef | ast.arg] = []
        stack: list[tuple[ast.AST, str | None]] = [(node, None) for node in reversed(self.tree.body)]
        while stack:
            node, klass = stack.pop()
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        self.aliases[alias.asname] = alias.name
                    else:
                        root = alias.name.split(".")[0]
                        self.aliases[root] = root
                    self.other_names.add(alias.asname or alias.name.split(".")[0])
            elif isinstance(node, ast.ImportFrom):
                module = "." * node.level + (node.module or "")
                for alias in node.names:
                    local = alias.asname or alias.name
                    self.aliases[local] = f"{module}.{alias.name}" if module and not module.endswith(".") else f"{module}{alias.name}"
                    if node.level or not clients.is_library_module(module):
                        # A project's `from app.db import redis_client` may well be a client:
                        # its name can still speak for it.  A library's names cannot.
                        self.imports.append(ImportedName(local, module, alias.name))
                    elif local not in self.external:
                        self.other_names.add(local)
            elif isinstance(node, ast.ClassDef):
                later.append(node)
                attrs = self.class_attrs.setdefault(node.name, {})
                methods = self.class_methods.setdefault(node.name, {})
                for item in node.body:
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        methods[item.name] = item
                        self.method_class[id(item)] = node.name
                    elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                        attrs.setdefault(item.target.id, []).append(Annotated(item.annotation))
                        if item.value is not None:
                            attrs[item.target.id].append(item.value)
                    elif isinstance(item, ast.Assign):
                        for t in item.targets:
                            if isinstance(t, ast.Name):
                                attrs.setdefault(t.id, []).append(item.value)
                for child in reversed(node.body):
                    stack.append((child, node.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else klass))
                continue
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                later.append(node)
                value: ast.expr | None
                if isinstance(node, ast.Assign):
                    targets, value = node.targets, node.value
                else:  # `self.x: T = v`: the annotation says what it is too, with a value or without
                    targets, value = [node.target], node.value
                for t in targets:
                    if not isinstance(t, ast.Attribute):
                        continue
                    if isinstance(t.value, ast.Name) and t.value.id in _SELF:
                        if klass is not None:
                            attr_values = self.class_attrs.setdefault(klass, {}).setdefault(t.attr, [])
                            if isinstance(node, ast.AnnAssign):
                                attr_values.append(Annotated(node.annotation))
                            if value is not None:
                                attr_values.append(value)
                    elif node.value is not None and (text := _dotted(t)):
                        self.attr_paths.setdefault(text, []).append(node.value)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                later.append(node)
                a = node.args
                later.extend(arg for arg in (*a.posonlyargs, *a.args, *a.kwonlyargs) if arg.annotation is not None)
            # Statements only: bindings, imports and classes never hide inside expressions.
            for field in ("body", "orelse", "finalbody", "handlers", "cases"):
                block = getattr(node, field, None)
                if block:
                    stack.extend((child, klass) for child in reversed(block))
        for item in self.tree.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.functions[item.name] = item
        collect_assignments(self.tree.body, self.module_info)
        for node in later:
            if isinstance(node, ast.ClassDef):
                for base in node.bases:
                    found = clients.annotated(self.qualname(base))
                    if found and found[0] == "client":
                        self.client_subclasses[node.name] = found[1]  # class ArqRedis(redis.asyncio.Redis)
        # Names bound to something that is plainly not a client, anywhere in the file.
        for node in later:
            if isinstance(node, (ast.Assign, ast.AnnAssign)):
                if node.value is not None and _plainly_not_client(node.value, self):
                    for t in node.targets if isinstance(node, ast.Assign) else [node.target]:
                        last = _last_name(t)
                        if last:
                            self.other_names.add(last)
            elif isinstance(node, ast.arg):
                if node.annotation is not None:
                    known = annotation_known(node.annotation, self.qualname)
                    if known is not None and known.kind == OTHER:
                        self.other_names.add(node.arg)
            # Only a client-like name can be mistaken for a client: ask only about those.
            elif self.pattern.search(node.name) and not (
                isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and self._returns_client(node, None)
            ):
                self.other_names.add(node.name)

    # ------------------------------------------------------------ resolution
    def qualname(self, node: ast.expr) -> str | None:
        if isinstance(node, ast.Name):
            return self.aliases.get(node.id)
        if isinstance(node, ast.Attribute):
            base = self.qualname(node.value)
            return f"{base}.{node.attr}" if base else None
        return None

    def _info_for(self, fn: FunctionNode, parent: FunctionInfo, class_name: str | None) -> FunctionInfo:
        found = self.infos.get(id(fn))
        if found is None:
            found = FunctionInfo(fn, parent, self.method_class.get(id(fn), class_name))
            self.infos[id(fn)] = found
        return found

    def known(self, expr: ast.expr | None, info: FunctionInfo) -> Known | None:
        """What an expression evaluates to, as far as clients go."""
        if expr is None:
            return None
        if isinstance(expr, WithValue):
            return self.known(expr.value, info)
        if isinstance(expr, Annotated):
            return annotation_known(expr.annotation, self.qualname)
        if isinstance(expr, ast.Await):
            return self.known(expr.value, info)
        if isinstance(expr, ast.Call):
            return self._known_call(expr, info)
        if isinstance(expr, ast.Name):
            return self._lookup(expr.id, info)
        if isinstance(expr, ast.Attribute):
            if isinstance(expr.value, ast.Name) and expr.value.id in _SELF:
                return self._attr(expr.attr, info.class_name, info)
            text = _dotted(expr)
            if text and text in self.attr_paths:
                guard = (0, "." + text)
                if guard in self._in_progress:
                    return None  # `app.x = app.x or ...`
                self._in_progress.add(guard)
                try:
                    return combine([k for v in self.attr_paths[text] if (k := self.known(v, self.module_info))])
                finally:
                    self._in_progress.discard(guard)
            qual = self.qualname(expr)
            if qual:
                return Known(OTHER)
            return None
        if isinstance(expr, (ast.IfExp, ast.BoolOp)):
            branches = [expr.body, expr.orelse] if isinstance(expr, ast.IfExp) else expr.values
            found = [self.known(b, info) for b in branches]
            parts = [k for k in found if k and k.kind != OTHER]
            unknown = any(k is None and not (isinstance(b, ast.Constant) and b.value is None) for k, b in zip(found, branches))
            if unknown and any(k.kind == CLIENT for k in parts):
                # `pipe if pipe is not None else self.redis`, `pipe or self.redis`: the
                # other branch stands in for the client, most often a pipeline.
                client = next(k for k in parts if k.kind == CLIENT)
                return Known(MAYBE_PIPELINE, client.flavor, client.evidence)
            return combine(parts)
        if isinstance(expr, ast.Constant) and expr.value is None:
            return None
        if isinstance(expr, (ast.Constant, ast.List, ast.Dict, ast.Set, ast.Tuple, ast.ListComp, ast.DictComp,
                             ast.SetComp, ast.GeneratorExp, ast.JoinedStr, ast.Lambda, ast.BinOp, ast.Compare)):
            return Known(OTHER)
        return None

    def _known_call(self, call: ast.Call, info: FunctionInfo) -> Known | None:
        func = call.func
        made = clients.constructed(self.qualname(func))
        if made is not None:
            return Known(_MADE_KINDS[made.kind], made.flavor, Evidence.CONSTRUCTED)
        if isinstance(func, ast.Attribute):
            method = func.attr
            owner = self.known(func.value, info)
            if owner is not None:
                if method == "pipeline" and owner.kind in (CLIENT, MAYBE_PIPELINE):
                    return Known(PIPELINE, owner.flavor, owner.evidence)
                if owner.kind == PIPELINE and method in commands.PYTHON_METHODS:
                    return owner  # chained pipeline commands return the pipeline
                if owner.kind == SENTINEL and method in ("master_for", "slave_for"):
                    return Known(CLIENT, owner.flavor, Evidence.CONSTRUCTED)
                if owner.kind == POOL and method == "get_connection":
                    return Known(OTHER)
            if method == "get_client" and isinstance(func.value, ast.Attribute) and func.value.attr == "client":
                return Known(CLIENT, Flavor.SYNC, Evidence.CONSTRUCTED)  # django-redis cache.client.get_client()
            if isinstance(func.value, ast.Name) and func.value.id in _SELF and info.class_name:
                fn = self.class_methods.get(info.class_name, {}).get(method)
                if fn is not None:
                    got = self._returns_client(fn, info.class_name)
                    if got is not None:
                        return Known(CLIENT, got, Evidence.FACTORY)
            return None
        if isinstance(func, ast.Name):
            self.consulted.add(func.id)
            if func.id in self.client_subclasses:
                return Known(CLIENT, self.client_subclasses[func.id], Evidence.CONSTRUCTED)
            if func.id in self.external:
                ext = self.external[func.id]
                return Known(CLIENT, ext.flavor, Evidence.IMPORTED) if ext.kind == FACTORY else None
            fn = self.functions.get(func.id)
            if fn is not None:
                got = self._returns_client(fn, None)
                return Known(CLIENT, got, Evidence.FACTORY) if got is not None else None
            qual = self.aliases.get(func.id)
            if qual and func.id[:1].isupper() and not clients.is_library_module(qual):
                return Known(OTHER)  # an instance of some other library's class
        return None

    def _lookup(self, name: str, info: FunctionInfo) -> Known | None:
        key = (id(info), name)
        if key in self._known_cache:
            return self._known_cache[key]
        if key in self._in_progress:
            return None
        self._in_progress.add(key)
        try:
            result = self._lookup_uncached(name, info)
        finally:
            self._in_progress.discard(key)
        self._known_cache[key] = result
        return result

    def _lookup_uncached(self, name: str, info: FunctionInfo) -> Known | None:
        self.consulted.add(name)
        scope: FunctionInfo | None = info
        if name in _SELF and info.class_name in self.client_subclasses:
            return Known(CLIENT, self.client_subclasses[info.class_name], Evidence.CONSTRUCTED)
        while scope is not None:
            # `global r` at module level names the scope it sits in: jumping there again would never end.
            if name in scope.globals and scope is not self.module_info:
                scope = self.module_info
                continue
            if name in scope.params:
                arg = scope.params[name]
                known = annotation_known(arg.annotation, self.qualname)
                return known if known is not None else None
            if name in scope.assigned:
                values = [v for v in scope.assigned[name] if v is not None]
                found = [k for v in values if (k := self.known(v, scope)) is not None]
                if scope is self.module_info and name in self.external:
                    found.append(self.external[name])
                return combine(found) if found else None
            scope = scope.parent
        if name in self.external and self.external[name].kind != FACTORY:
            return self.external[name]
        return None

    def _attr(self, attr: str, class_name: str | None, info: FunctionInfo) -> Known | None:
        if class_name is None:
            return None
        values = self.class_attrs.get(class_name, {}).get(attr)
        if values:
            method_info = self.module_info
            found = [k for v in values if (k := self.known(v, method_info)) is not None]
            # `self.redis = redis` where the parameter is typed: look in __init__.
            init = self.class_methods.get(class_name, {}).get("__init__")
            if init is not None:
                init_info = self._info_for(init, self.module_info, class_name)
                found += [k for v in values if isinstance(v, ast.Name) and (k := self._lookup(v.id, init_info)) is not None]
            return combine(found)
        fn = self.class_methods.get(class_name, {}).get(attr)
        if fn is not None and any(_deco_name(d) in ("property", "cached_property") for d in fn.decorator_list):
            got = self._returns_client(fn, class_name)
            return Known(CLIENT, got, Evidence.FACTORY) if got is not None else None
        return None

    def _returns_client(self, fn: ast.FunctionDef | ast.AsyncFunctionDef, class_name: str | None) -> Flavor | None:
        key = id(fn)
        if key in self._returns_cache:
            return self._returns_cache[key]
        self._returns_cache[key] = None  # recursion guard
        info = self._info_for(fn, self.module_info, class_name)
        result = None
        for node in statements(fn.body):
            if isinstance(node, ast.Return) and node.value is not None:
                known = self.known(node.value, info)
                if known is not None and known.kind == CLIENT:
                    result = known.flavor
                    break
        self._returns_cache[key] = result
        return result

    def receiver(self, expr: ast.expr, method: str, nargs: int) -> Known | None:
        """Is `expr.method(...)` a command on a client or pipeline?"""
        known = self.known(expr, self.info)
        if known is not None:
            return known if known.kind in _RECEIVER_KINDS else None
        name = _last_name(expr)
        if isinstance(expr, ast.Call):
            if expr.args or expr.keywords:
                return None
            name = _last_name(expr.func)
        if isinstance(expr, ast.Name) and (name in self.info.assigned or name in self.module_info.assigned and self.info is self.module_info):
            # Bound here to something we could not classify: both it and what it was
            # taken from must look like a client (`redis = request.app.state.redis`,
            # `redis = getattr(state, "redis", None)`; not `cfg = settings.REDIS`).
            source = self._source_name(expr.id)
            if not source or not self.pattern.search(name) or looks_like_setting(name):
                return None
            name = source
        if not name or name in self.other_names or looks_like_setting(name) or not self.pattern.search(name):
            return None
        spec = commands.spec(commands.PYTHON_METHODS.get(method, ""))
        low, high = _NAME_ONLY_ARITY.get(method, (spec.min_args if spec else 0, 99))
        if spec is None or not low <= nargs <= high:
            return None
        return Known(CLIENT, Flavor.UNKNOWN, Evidence.NAME)

    def _source_name(self, local: str) -> str | None:
        scope = self.info if local in self.info.assigned else self.module_info
        values = [v for v in scope.assigned.get(local, ()) if v is not None]
        if len(values) != 1:
            return None
        value = values[0]
        if isinstance(value, ast.Attribute):
            return value.attr
        if (
            isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "getattr"
            and len(value.args) >= 2 and isinstance(value.args[1], ast.Constant) and isinstance(value.args[1].value, str)
        ):
            return value.args[1].value
        return None

    # ---------------------------------------------------------------- walking
    def _module_block(self) -> None:
        """The module's statements; with `focus`, a top-level def or class whose
        text names no library, client-like name or client-bound name is skipped."""
        if not self.focus:
            self._block(self.tree.body)
            return
        names = any_word(self.client_names())
        self.block_counter += 1
        block = self.block_counter
        for position, stmt in enumerate(self.tree.body):
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                start, end = self._source_range(stmt)
                if not self.mentions.within(start, end) and not (names and names.search(self.index.text[start:end])):
                    self.stmt_counter += 1
                    self.raw_statements.append((self.stmt_counter, block, position, stmt, 0, True))
                    continue
            self._statement(stmt, block, position)

    def client_names(self) -> set[str]:
        """Names through which a client can reach a function without the
        function naming a library: module clients, factories, subclasses,
        external clients.  (A name imported from the project may be a client
        too: analyze() reports those imports, and linking brings them back
        here as external clients.)"""
        if self._client_names is not None:
            return self._client_names
        self._prepare()
        consulted = set(self.consulted)  # asking here is not the code asking
        names = set(self.external) | set(self.client_subclasses)
        # `from redis.client import Pipeline`: a type or constructor under another name.
        names |= {local for local, target in self.aliases.items() if clients.may_stand_for_client(target)}
        names |= {n for n, fn in self.functions.items() if self._returns_client(fn, None) is not None}
        for name, values in self.module_info.assigned.items():
            if any(v is not None for v in values):
                known = self._lookup(name, self.module_info)
                if known is not None and known.kind != OTHER:
                    names.add(name)
        for path, exprs in self.attr_paths.items():
            if any((k := self.known(v, self.module_info)) is not None and k.kind != OTHER for v in exprs):
                names.add(path.rsplit(".", 1)[-1])
        self.consulted = consulted
        self._client_names = names
        return names

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
        elif isinstance(stmt, (ast.For, ast.AsyncFor)):
            # `async for k in r.scan_iter()`: an async iterator, not a coroutine to await
            self._expr(stmt.iter, "async-iterated" if isinstance(stmt, ast.AsyncFor) else "iterated")
            loop_id = self._new_loop("for", stmt, _target_names(stmt.target), stmt.body, isinstance(stmt, ast.AsyncFor), True, stmt.iter)
            self.loop_stack.append(loop_id)
            self._block(stmt.body)
            self.loop_stack.pop()
            self._block(stmt.orelse)
        elif isinstance(stmt, ast.While):
            targets, batches = _while_shape(stmt)
            loop_id = self._new_loop("while", stmt, targets, stmt.body, False, batches, None)
            self.loop_stack.append(loop_id)
            self._expr(stmt.test, "condition")
            self._block(stmt.body)
            self.loop_stack.pop()
            self._block(stmt.orelse)
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            for item in stmt.items:
                self._expr(item.context_expr, "context")
            self._block(stmt.body)
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

    def _statement_facts(self) -> tuple[Statement, ...]:
        """Statements of the blocks that send a command; the others may be left
        out (see facts.Statement), and are."""
        busy = {block for _, block, _, _, commands_in, _ in self.raw_statements if commands_in}
        return tuple(
            Statement(sid, block, position, stmt.lineno, commands_in, compound=compound, binds=_binds(stmt))
            for sid, block, position, stmt, commands_in, compound in self.raw_statements
            if block in busy
        )

    def _function(self, fn: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        if not isinstance(fn, ast.Lambda):
            for deco in fn.decorator_list:
                self._expr(deco, "other")
        for default in (*fn.args.defaults, *(d for d in fn.args.kw_defaults if d is not None)):
            self._expr(default, "other")
        info = self._info_for(fn, self.info, self.class_name)
        sid = len(self.scopes)
        name = getattr(fn, "name", "<lambda>")
        self.scopes.append(
            Scope(
                id=sid,
                kind="lambda" if isinstance(fn, ast.Lambda) else "function",
                name=name,
                parent=self.scope_id,
                is_async=isinstance(fn, ast.AsyncFunctionDef),
                is_handler=not isinstance(fn, ast.Lambda) and _is_handler(fn),
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
        self, kind: str, node: Located, targets: set[str], body: list[ast.stmt], is_async: bool, batches: bool,
        iterable: ast.expr | None,
    ) -> int:
        derived = _derived_names(targets, body)
        loop = Loop(
            id=len(self.loops),
            kind=kind,
            scope=self.scope_id,
            span=self.index.span(node),
            targets=frozenset(derived),
            batches=batches,
            reply_names=frozenset(self._reply_names(body)),
            iterable_text=self._text(iterable) if iterable is not None else "",
            is_async=is_async,
            exits_early=_exits_early(body),
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
                and value.func.attr in commands.PYTHON_METHODS and self.known(value.func.value, self.info) is not None
            ):
                for t in node.targets if isinstance(node, ast.Assign) else [node.target]:
                    names |= _target_names(t)
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
            targets |= _target_names(gen.target)
        body = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
        # ast gives is_async as 0 or 1; Loop.is_async is a bool.
        loop_id = self._new_loop("comprehension", node, targets, [ast.Expr(b) for b in body], bool(first.is_async), True, first.iter)
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
        fname = _last_name(func)
        if fname in _TASK_FUNCTIONS:
            arg_use = "task"
        if isinstance(func, ast.Attribute):
            sent = self._maybe_command(call, func, use)
            # A command's reply leaves its receiver behind; `sentinel.master_for(...)`
            # or `Redis().pipeline()` carry it along, wherever they go.
            self._expr(func.value, "receiver" if sent or func.attr in commands.PYTHON_METHODS else _carried(use))
        else:
            self._expr(func, "callee")
        self._maybe_construction(call, use)
        in_thread = fname in _THREAD_FUNCTIONS
        for arg in call.args:
            self._expr(arg, "thread" if in_thread else arg_use)
        for kw in call.keywords:
            self._expr(kw.value, arg_use)

    # --------------------------------------------------------------- commands
    def _maybe_command(self, call: ast.Call, func: ast.Attribute, use: Use) -> bool:
        method = func.attr
        raw = method in commands.RAW_METHODS["python"]
        args = list(call.args)
        if raw:
            words = []
            for a in args:
                if isinstance(a, ast.Constant) and isinstance(a.value, (str, bytes)):
                    words.append(a.value.decode() if isinstance(a.value, bytes) else a.value)
                else:
                    break
            command = commands.raw_command_name(words[:2])
            if not command:
                return False
            skip = 2 if " " in command else 1
            args = args[skip:]
        else:
            command = commands.PYTHON_METHODS.get(method)
            if command is None:
                return False
        nargs = len([a for a in args if not isinstance(a, ast.Starred)]) + len([k for k in call.keywords if k.arg])
        known = self.receiver(func.value, method if not raw else "execute_command", nargs if not raw else 99)
        if known is None:
            return False
        self.stmt_commands += 1
        has_splat = any(isinstance(a, ast.Starred) for a in args) or any(k.arg is None for k in call.keywords)
        arguments = tuple(self._argument(a) for a in args)
        if commands.has(command, commands.SCRIPT) and args and isinstance(args[0], ast.Name):
            # A script kept in a name (`delete_prefix = """...redis.call('keys')..."""`) is read where it is written.
            script = self._single_assignment(args[0].id)
            if isinstance(script, (ast.Constant, ast.JoinedStr)):
                arguments = (self._argument(script), *arguments[1:])
        options = tuple(self._argument(k.value, k.arg) for k in call.keywords if k.arg)
        if not raw and command in clients.COMMAND_POSITIONAL:
            names = clients.COMMAND_POSITIONAL[command]
            options += _as_options(args[2:], arguments[2:], names[2:])
        stmt = self.stmt_node
        result_names: tuple[str, ...] = ()
        if use in ("assigned", "await") and isinstance(stmt, (ast.Assign, ast.AnnAssign)):
            result_names = tuple(sorted(_binds(stmt)))
        value_use = self.await_use if use == "await" else use
        span = self.index.span(call)
        self.calls_by_fn.setdefault(id(self.fn_node), (self.fn_node, {}))[1][id(call)] = len(self.calls)
        self.calls.append(
            CommandCall(
                command=command,
                method=method,
                receiver=self._text(func.value),
                receiver_kind=_RECEIVER_KINDS[known.kind],
                flavor=known.flavor,
                evidence=known.evidence,
                span=span,
                method_span=self._attr_span(func),
                args=arguments,
                options=options,
                keys=self._keys(command, args, call.keywords),
                has_splat=has_splat,
                awaited=use == "await",
                scope=self.scope_id,
                loops=tuple(self.loop_stack),
                stmt=self.stmt_id,
                stmt_line=self.stmt_line,
                reads=frozenset(_reads_of([*args, *(k.value for k in call.keywords)])),
                receiver_reads=frozenset(_reads_of([func.value])),
                result_names=result_names,
                in_comprehension_element=use == "element",
                wrapped_in_thread=use == "thread",
                is_expression_statement=use == "statement" or (use == "await" and isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Await) and stmt.value.value is call),
                value_use=value_use,
                raw=raw,
            )
        )
        return True

    def _text(self, node: Located) -> str:
        span = self.index.span(node)
        return self.index.text[span.start : span.end]

    def _attr_span(self, func: ast.Attribute) -> Span:
        end = self.index.span(func)
        start = end.end - len(func.attr)
        return self.index.span_of_offsets(start, end.end)

    def _argument(self, node: ast.expr, keyword: str | None = None, nested: bool = False) -> Argument:
        literal_node = node
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant) and isinstance(node.operand.value, (int, float)):
            literal_node = ast.Constant(-node.operand.value)
        value = literal_node.value if isinstance(literal_node, ast.Constant) else None
        span = self.index.span(node)
        return Argument(
            text=self.index.text[span.start : span.end],
            span=span,
            keyword=keyword,
            literal=value,
            is_literal=isinstance(literal_node, ast.Constant),
            is_none=isinstance(node, ast.Constant) and node.value is None,
            reads=frozenset(_reads_of([node])),
            call=_last_name(node.func) if isinstance(node, ast.Call) else None,
            call_args=(
                tuple(self._argument(a, None, True) for a in node.args if not isinstance(a, ast.Starred))
                + tuple(self._argument(k.value, k.arg, True) for k in node.keywords if k.arg)
            ) if isinstance(node, ast.Call) and not nested else (),
            returns=(_returned_word(node.body),) if isinstance(node, ast.Lambda) else None,
            simple=_is_simple(node),
        )

    def _keys(self, command: str, args: list[ast.expr], keywords: list[ast.keyword]) -> tuple[KeyExpr, ...]:
        spec = commands.spec(command)
        if spec is None or spec.keys == "none":
            return ()
        kw = {k.arg: k.value for k in keywords if k.arg}
        nodes: list[ast.expr] = []
        if spec.keys == "first":
            first = args[0] if args else kw.get("name") or kw.get("key")
            nodes = [first] if first is not None else []
        elif spec.keys == "first2":
            nodes = args[:2] or [v for k, v in kw.items() if k in ("src", "dst", "source", "destination", "first_list", "second_list")]
        elif spec.keys == "all":
            if len(args) == 1 and isinstance(args[0], (ast.List, ast.Tuple)):
                nodes = list(args[0].elts)
            else:
                nodes = [a for a in args if not isinstance(a, ast.Starred)]
                if commands.BLOCKING in spec.traits and len(nodes) > 1:
                    nodes = nodes[:-1]  # the timeout (BLPOP k1 k2 timeout)
            if "keys" in kw and isinstance(kw["keys"], (ast.List, ast.Tuple)):
                nodes += list(kw["keys"].elts)
        elif spec.keys == "mapping":
            mapping = args[0] if args else kw.get("mapping")
            if isinstance(mapping, ast.Dict):
                nodes = [k for k in mapping.keys if k is not None]
        return tuple(self._key(n) for n in nodes if not isinstance(n, ast.Starred))

    def _key(self, node: ast.expr) -> KeyExpr:
        span = self.index.span(node)
        text = re.sub(r"\s+", "", self.index.text[span.start : span.end])
        target = node
        via_variable = False
        if isinstance(node, ast.Name):
            values = self._single_assignment(node.id)
            if values is not None:
                target, via_variable = values, True
        parts, literal_node, join = self._parts(target)
        return KeyExpr(
            parts=parts,
            span=span,
            text=text,
            literal_span=self.index.span(literal_node) if literal_node is not None else None,
            join_offset=join,
            via_variable=via_variable,
        )

    def _single_assignment(self, name: str) -> ast.expr | None:
        scope: FunctionInfo | None = self.info
        while scope is not None:
            if name in scope.params:
                arg = scope.params[name]
                default = _param_default(scope.node, arg)
                return default if isinstance(default, (ast.Constant, ast.JoinedStr, ast.BinOp)) else None
            if name in scope.assigned:
                values = scope.assigned[name]
                if len(values) == 1 and isinstance(values[0], (ast.Constant, ast.JoinedStr, ast.BinOp, ast.Call)):
                    return values[0]
                return None
            scope = scope.parent
        return None

    def _parts(self, node: ast.expr) -> tuple[tuple[str | None, ...], ast.expr | None, int | None]:
        """Literal parts and holes of a key expression, the first literal, and the join point."""
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bytes):
                return (node.value.decode("utf-8", "replace"),), node, None
            if isinstance(node.value, str):
                return (node.value,), node, None
            return (None,), None, None
        if isinstance(node, ast.JoinedStr):
            parts: list[str | None] = []
            for value in node.values:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    parts.append(value.value)
                else:
                    parts.append(None)
            if not parts:  # f"": an empty literal
                return ("",), node, None
            join = None
            if len(parts) >= 2 and isinstance(parts[0], str) and parts[1] is None:
                join = self._fstring_join(node, parts[0])
            return tuple(parts), node if isinstance(parts[0], str) else None, join
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            operands: list[ast.expr] = []
            stack: list[ast.expr] = [node]
            while stack:
                item = stack.pop()
                if isinstance(item, ast.BinOp) and isinstance(item.op, ast.Add):
                    stack.extend((item.right, item.left))
                else:
                    operands.append(item)
            parts = []
            first_literal = None
            for op in operands:
                if isinstance(op, ast.Constant) and isinstance(op.value, str):
                    parts.append(op.value)
                    first_literal = first_literal or op
                else:
                    parts.append(None)
            join = None
            if len(operands) >= 2 and isinstance(parts[0], str) and parts[1] is None:
                join = self._literal_end(operands[0])
            return tuple(parts), first_literal, join
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant) and isinstance(node.left.value, str):
            pieces = re.split(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdrifx]", node.left.value)
            return _interleave(pieces), node.left, None
        if (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"
            and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str)
        ):
            pieces = re.split(r"\{[^{}]*\}", node.func.value.value)
            return _interleave(pieces), node.func.value, None
        return (None,), None, None

    def _fstring_join(self, node: ast.JoinedStr, literal: str) -> int | None:
        span = self.index.span(node)
        src = self.index.text[span.start : span.end]
        m = re.match(r"[rRfFbBuU]{0,2}('''|\"\"\"|'|\")", src)
        if not m:
            return None
        body_start = m.end()
        if src[body_start : body_start + len(literal) + 1] == literal + "{":
            return span.start + body_start + len(literal)
        return None

    def _literal_end(self, node: ast.expr) -> int | None:
        span = self.index.span(node)
        src = self.index.text[span.start : span.end]
        m = re.fullmatch(r"[uU]?('|\")(.*)\1", src, re.DOTALL)
        if m and isinstance(node, ast.Constant) and m.group(2) == node.value:  # _parts passes only string literals
            return span.end - 1
        return None

    # ---------------------------------------------------------- constructions
    def _maybe_construction(self, call: ast.Call, use: Use) -> None:
        last = _last_name(call.func)
        if last not in clients.CONSTRUCTOR_NAMES and last not in ("master_for", "slave_for") and last not in self.functions:
            return
        made = clients.constructed(self.qualname(call.func))
        kind = library = None
        flavor = Flavor.SYNC
        constructor = ""
        via_factory = None
        if made is not None:
            kind, flavor, library = made.kind, made.flavor, made.library
            constructor = self.qualname(call.func) or ""
            if constructor.endswith("get_redis_connection"):
                return  # django-redis hands out the cache backend's pooled client
        elif isinstance(call.func, ast.Attribute) and call.func.attr in ("master_for", "slave_for"):
            owner = self.known(call.func.value, self.info)
            if owner is not None and owner.kind == SENTINEL:
                kind, flavor, library, constructor = "client", owner.flavor, "redis-py", f"Sentinel.{call.func.attr}"
        elif isinstance(call.func, ast.Name) and call.func.id in self.functions and self.scope_id != 0:
            fn = self.functions[call.func.id]
            if self._builds_fresh_client(fn):
                kind, library, constructor, via_factory = "client", "redis-py", call.func.id, call.func.id
                flavor = self._returns_client(fn, None) or Flavor.SYNC
        if kind is None:
            return
        positional = tuple(self._argument(a) for a in call.args)
        self.constructions.append(
            Construction(
                kind=kind,
                constructor=constructor,
                library=library or "redis-py",
                flavor=flavor,
                span=self.index.span(call),
                stmt_line=self.stmt_line,
                scope=self.scope_id,
                loops=tuple(self.loop_stack),
                options=tuple(self._argument(k.value, k.arg) for k in call.keywords if k.arg)
                + _as_options(call.args, positional, clients.positional_params(constructor)),
                args=positional,
                has_splat=any(k.arg is None for k in call.keywords) or any(isinstance(a, ast.Starred) for a in call.args),
                fate=self._fate(call, use),
                uses_shared_pool=any(k.arg == "connection_pool" for k in call.keywords),
                via_factory=via_factory,
                binds=_binds(self.stmt_node) if use == "assigned" and self.stmt_node is not None else frozenset(),
            )
        )

    def _builds_fresh_client(self, fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
        if is_memoised(fn) or self._returns_client(fn, None) is None:
            return False
        info = self._info_for(fn, self.module_info, None)
        if info.globals:
            return False  # a singleton behind a global
        for node in statements(fn.body):
            if isinstance(node, ast.Return) and node.value is not None:
                value = node.value.value if isinstance(node.value, ast.Await) else node.value
                if isinstance(value, ast.Call) and clients.constructed(self.qualname(value.func)):
                    return True
                if isinstance(value, ast.Name):
                    assigned = info.assigned.get(value.id, [])
                    if any(isinstance(v, ast.Call) and clients.constructed(self.qualname(v.func)) for v in assigned):
                        return True
        return False

    def _fate(self, call: ast.Call, use: Use) -> str:
        if self.scope_id == 0:
            return "module"
        if use == "element" and self.comprehension_uses:
            use = self.comprehension_uses[-1]  # `[Redis(h) for h in hosts]` goes where the list goes
        stmt = self.stmt_node
        if use == "returned" or (use == "await" and isinstance(stmt, ast.Return)):
            return "returned"  # `return await create_redis_pool(url)` hands it out too
        if use in ("argument", "task", "thread", "stored"):
            return "passed"
        if use == "context":
            # `async with master_for(...) as c: yield c` in a context manager hands the client out.
            return "returned" if _hands_out(self.info.node) else "context"
        if use in ("assigned", "await") and isinstance(stmt, (ast.Assign, ast.AnnAssign)):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            for t in targets:
                if isinstance(t, (ast.Attribute, ast.Subscript)):
                    return "stored"
                if isinstance(t, ast.Name):
                    if t.id in self.info.globals:
                        return "singleton"
                    escapes = self.info.escapes(t.id)
                    for how in ("returned", "stored", "passed"):
                        if how in escapes:
                            return how
                    if "context" in escapes:
                        return "context"
            return "dropped"
        return "dropped"

    # ------------------------------------------------------------ suppression
    def _suppressions(self) -> tuple[Suppression, ...]:
        return python_suppressions(self.index.text)


def _dotted(node: ast.expr) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _last_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _deco_name(deco: ast.expr) -> str:
    target = deco.func if isinstance(deco, ast.Call) else deco
    return _last_name(target) or ""


def _plainly_not_client(value: ast.expr, analyzer: _Analyzer) -> bool:
    if isinstance(value, ast.Constant):
        return value.value is not None
    if isinstance(value, (ast.List, ast.Dict, ast.Set, ast.Tuple, ast.ListComp, ast.DictComp, ast.SetComp, ast.JoinedStr, ast.Lambda)):
        return True
    if isinstance(value, ast.Call):
        qual = analyzer.qualname(value.func)
        name = _last_name(value.func) or ""
        if qual and not clients.is_library_module(qual) and name[:1].isupper():
            return True
        if isinstance(value.func, ast.Name) and name in analyzer.class_attrs and name not in analyzer.client_subclasses:
            return True  # an instance of a class of this file that is no client
        if isinstance(value.func, ast.Name) and value.func.id in ("dict", "list", "set", "defaultdict", "OrderedDict", "str", "int", "frozenset", "tuple"):
            return True
    return False


def _target_names(target: ast.expr) -> set[str]:
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, (ast.Tuple, ast.List)):
        names: set[str] = set()
        for element in target.elts:
            names |= _target_names(element.value if isinstance(element, ast.Starred) else element)
        return names
    return set()


def _hands_out(fn: ast.AST | None) -> bool:
    """A `@contextmanager` / `@asynccontextmanager` function: what it yields is its caller's."""
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    for deco in fn.decorator_list:
        name = deco.attr if isinstance(deco, ast.Attribute) else deco.id if isinstance(deco, ast.Name) else ""
        if name in ("contextmanager", "asynccontextmanager"):
            return True
    return False


def _binds(stmt: ast.stmt) -> frozenset[str]:
    """Names a simple statement binds (compound statements end runs anyway)."""
    names: set[str] = set()
    if isinstance(stmt, ast.Assign):
        for t in stmt.targets:
            names |= _target_names(t)
    elif isinstance(stmt, (ast.AugAssign, ast.AnnAssign)):
        names |= _target_names(stmt.target)
    return frozenset(names)


def _reads_of(nodes: Iterable[ast.AST]) -> set[str]:
    names: set[str] = set()
    for node in nodes:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name):
                names.add(sub.id)
    return names


def _derived_names(targets: set[str], body: list[ast.stmt]) -> set[str]:
    """Loop targets plus names assigned in the body from them (one level of data flow, to a fixpoint)."""
    names = set(targets)
    assigns = []
    for node in statements(body):
        if isinstance(node, ast.Assign):
            assigns.append((node.targets, node.value))
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            assigns.append(([node.target], node.value))
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            assigns.append(([node.target], node.iter))
    if not assigns:
        return names
    changed = True
    while changed:
        changed = False
        for targets_, value in assigns:
            if _reads_of([value]) & names:
                for t in targets_:
                    new = _target_names(t) - names
                    if new:
                        names |= new
                        changed = True
    return names


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


def _returned_word(node: ast.expr) -> str:
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


def _carried(use: Use) -> Use:
    return use if use in ("returned", "assigned", "argument", "stored", "task") else "other"


def _exits_early(body: list[ast.stmt]) -> bool:
    """A `return` anywhere in the body, or a `break` of this loop (not of a nested one)."""
    stack: list[tuple[ast.AST, bool]] = [(node, False) for node in body]
    while stack:
        node, nested = stack.pop()
        if isinstance(node, ast.Return) or (isinstance(node, ast.Break) and not nested):
            return True
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        inner = nested or isinstance(node, (ast.For, ast.AsyncFor, ast.While))
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            block = getattr(node, field, None)
            if block:
                stack.extend((child, inner) for child in block)
    return False


def _while_shape(stmt: ast.While) -> tuple[set[str], bool]:
    """A while loop batches only when it walks a collection: it advances an
    index used in its test, or pops from a local collection."""
    test = stmt.test
    if isinstance(test, ast.Constant) and test.value:
        return set(), False
    test_names = _reads_of([test])
    targets: set[str] = set()
    for node in ast.walk(ast.Module(body=stmt.body, type_ignores=[])):
        if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) and node.target.id in test_names:
            targets.add(node.target.id)
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Attribute):
            owner = node.value.func.value
            if node.value.func.attr in _POP_METHODS and isinstance(owner, ast.Name) and owner.id in test_names:
                for t in node.targets:
                    targets |= _target_names(t)
    return targets, bool(targets)


def _is_handler(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for deco in fn.decorator_list:
        name = _deco_name(deco)
        if name in _VIEW_DECORATORS:
            return True
        target = deco.func if isinstance(deco, ast.Call) else deco
        if isinstance(target, ast.Attribute) and name in _ROUTE_DECORATORS:
            owner = _last_name(target.value) or ""
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
        if ann is not None and _last_name(ann) in ("Request", "HttpRequest", "WebSocket"):
            return True
    return False


def _param_default(fn: ast.AST | None, arg: ast.arg) -> ast.expr | None:
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        return None
    a = fn.args
    positional = [*a.posonlyargs, *a.args]
    if arg in positional:
        index = positional.index(arg) - (len(positional) - len(a.defaults))
        return a.defaults[index] if index >= 0 else None
    if arg in a.kwonlyargs:
        return a.kw_defaults[a.kwonlyargs.index(arg)]
    return None


def _interleave(pieces: list[str]) -> tuple[str | None, ...]:
    parts: list[str | None] = []
    for i, piece in enumerate(pieces):
        if i:
            parts.append(None)
        if piece:
            parts.append(piece)
    return tuple(parts)
