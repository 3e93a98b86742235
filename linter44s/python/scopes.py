"""What each name and attribute of one Python module stands for, as far as
Redis clients go: the semantic model under the fact builder (statements.py,
calls.py, constructions.py ask it; it knows nothing of facts or rules).

Scopes are `FunctionInfo`s (bindings.py) chained to their parent; a name is
looked up from the innermost scope out, so a parameter shadows a module-level
function of the same name.  Classes, their attributes and methods, imports
and module-level functions come from model.Symbols."""

from __future__ import annotations

import ast

from linter44s import commands
from linter44s.config import Settings
from linter44s.facts import Evidence, ExportKind, External, Flavor, ReceiverKind
from linter44s.patterns import compile_user
from linter44s.python import clients
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
    combine,
    statements,
)
from linter44s.python.focus import carrier_names, client_names
from linter44s.python.handlers import hands_out, is_fixture, is_stub
from linter44s.python.injection import injected
from linter44s.python.instances import instance_class
from linter44s.python.model import Symbols
from linter44s.python.nodes import SELF, deco_name, dotted, last_name

RECEIVER_KINDS = {CLIENT: ReceiverKind.CLIENT, PIPELINE: ReceiverKind.PIPELINE, MAYBE_PIPELINE: ReceiverKind.MAYBE_PIPELINE}
MADE_KINDS: dict[str, KnownKind] = {"client": CLIENT, "pool": POOL, "sentinel": SENTINEL}


class SemanticModel(Symbols):
    """The module's symbols, and what an expression evaluates to in a scope."""

    def __init__(
        self, tree: ast.Module, settings: Settings, external: dict[str, Known], linked: tuple[External, ...] = (),
    ) -> None:
        super().__init__(tree)
        self.external = external  # imported clients and factories, by local name (dotted for `store.client`)
        # Imported client classes and classes whose instances hold clients (engine.link_modules).
        self.imported_classes = {e.local: e.flavor for e in linked if e.kind is ExportKind.CLIENT_CLASS}
        self.holders = {e.local: e for e in linked if e.kind is ExportKind.HOLDER}
        self.class_infos: dict[str, FunctionInfo] = {}
        self.injections: dict[int, dict[int, Known]] = {}  # id(decorator) -> position -> what it passes
        self.pattern = compile_user(settings.client_name_pattern)  # the user's: linear time (patterns.py)
        self.consulted: set[str] = set()  # imported names whose meaning was asked for
        self.infos: dict[int, FunctionInfo] = {}
        self._client_names: set[str] | None = None
        self.carriers: dict[str, bool] = {}  # word -> carries a client in (focus.py)
        self.instances: dict[tuple[int, str], str | None] = {}  # (id(scope), name) -> its class (instances.py)
        self._held_cache: dict[str, dict[str, Flavor]] = {}  # class -> attributes holding clients
        self._known_cache: dict[tuple[int, str], Known | None] = {}
        self._in_progress: set[tuple[int, str]] = set()
        self._returns_cache: dict[int, Flavor | None] = {}
        self.collect(set(external) | set(self.imported_classes) | set(self.holders))
        self._judge()

    def _judge(self) -> None:
        """Client subclasses, and names bound to something that is plainly no client."""
        classes = [node for node in self.later if isinstance(node, ast.ClassDef)]
        changed = True
        while changed:  # `class B(A)` after `class A(Redis)`, in any order
            changed = False
            for cls in classes:
                flavor = None if cls.name in self.client_subclasses else next(
                    (f for base in cls.bases if (f := self._client_class(base)) is not None), None
                )
                if flavor is not None:
                    self.client_subclasses[cls.name] = flavor  # class ArqRedis(redis.asyncio.Redis)
                    changed = True
        for node in self.later:
            if isinstance(node, (ast.Assign, ast.AnnAssign)):
                if node.value is not None and _plainly_not_client(node.value, self):
                    for t in node.targets if isinstance(node, ast.Assign) else [node.target]:
                        last = last_name(t)
                        if last:
                            self.other_names.add(last)
            elif isinstance(node, ast.arg):
                if node.annotation is not None:
                    known = self.annotation(node.annotation)
                    if known is not None and known.kind == OTHER:
                        self.other_names.add(node.arg)
            # Only a client-like name can be mistaken for a client: ask only about those.
            elif self.pattern.search(node.name) and not (
                isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and self.returns_client(node, None)
            ):
                self.other_names.add(node.name)

    def qualname(self, node: ast.expr) -> str | None:
        if isinstance(node, ast.Name):
            return self.aliases.get(node.id)
        if isinstance(node, ast.Attribute):
            base = self.qualname(node.value)
            return f"{base}.{node.attr}" if base else None
        return None

    def info_for(self, fn: FunctionNode, parent: FunctionInfo, class_name: str | None) -> FunctionInfo:
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
            return self._entered(expr.value, info)
        if isinstance(expr, Annotated):
            return self.annotation(expr.annotation)
        if isinstance(expr, ast.Await):
            return self.known(expr.value, info)
        if isinstance(expr, ast.Call):
            return self._known_call(expr, info)
        if isinstance(expr, ast.Name):
            return self.lookup(expr.id, info)
        if isinstance(expr, ast.Attribute):
            return self._known_attribute(expr, info)
        if isinstance(expr, ast.Subscript):
            return self._item(expr, info)
        if isinstance(expr, (ast.IfExp, ast.BoolOp)):
            return self._either(expr, info)
        if isinstance(expr, ast.Constant) and expr.value is None:
            return None
        if isinstance(expr, (ast.Constant, ast.List, ast.Dict, ast.Set, ast.Tuple, ast.ListComp, ast.DictComp,
                             ast.SetComp, ast.GeneratorExp, ast.JoinedStr, ast.Lambda, ast.BinOp, ast.Compare)):
            return Known(OTHER)
        return None

    def _known_attribute(self, expr: ast.Attribute, info: FunctionInfo) -> Known | None:
        if isinstance(expr.value, ast.Name) and expr.value.id in SELF:
            return self.attr(expr.attr, info.class_name, info)
        text = dotted(expr)
        if text and text.split(".", 1)[0] in self.namespaces:
            self.consult(text)  # `store.client`: the module's export
            if text in self.external and self.external[text].kind != FACTORY:
                return self.external[text]
        if text and text in self.attr_paths:
            guard = (0, "." + text)
            if guard in self._in_progress:
                return None  # `app.x = app.x or ...`
            self._in_progress.add(guard)
            try:
                return combine([k for v in self.attr_paths[text] if (k := self.known(v, self.module_info))])
            finally:
                self._in_progress.discard(guard)
        klass = instance_class(self, expr.value, info)
        if klass in self.holders:
            holder = self.holders[klass]
            return Known(CLIENT, holder.flavor, Evidence.IMPORTED) if expr.attr in holder.attributes else None
        if klass is not None:
            return self.attr(expr.attr, klass, info)  # `layer.conn` where `layer = Layer()`
        qual = self.qualname(expr)
        if qual:
            return Known(OTHER)
        return None

    def _either(self, expr: ast.IfExp | ast.BoolOp, info: FunctionInfo) -> Known | None:
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

    def _entered(self, value: ast.expr, info: FunctionInfo) -> Known | None:
        """`with value as name`: what `__enter__` / `__aenter__` gives, for a class of this module."""
        klass = instance_class(self, value, info)
        enter = self.method(klass, "__aenter__") or self.method(klass, "__enter__") if klass in self.class_bases else None
        if enter is not None:
            got = self.returns_client(enter, klass)
            return Known(CLIENT, got, Evidence.FACTORY) if got is not None else None
        return self.known(value, info)

    def _item(self, expr: ast.Subscript, info: FunctionInfo) -> Known | None:
        """`self.conns[i]` where the class stores clients in it (`self.conns[i] = Redis()`)."""
        owner = expr.value
        if not (isinstance(owner, ast.Attribute) and isinstance(owner.value, ast.Name) and owner.value.id in SELF and info.class_name):
            return None
        values = [v for klass in self.mro(info.class_name) for v in self.class_items.get(klass, {}).get(owner.attr, ())]
        return combine([k for v in values if (k := self.known(v, info)) is not None]) if values else None

    def _known_call(self, call: ast.Call, info: FunctionInfo) -> Known | None:
        func = call.func
        made = clients.constructed(self.qualname(func))
        if made is not None:
            return Known(MADE_KINDS[made.kind], made.flavor, Evidence.CONSTRUCTED)
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
            return self._known_method_call(func, info)
        if isinstance(func, ast.Name):
            self.consulted.add(func.id)
            if func.id == "getattr" and len(call.args) in (2, 3):
                return self._getattr(call, info)
            if func.id in self.imported_classes:
                return Known(CLIENT, self.imported_classes[func.id], Evidence.IMPORTED)
            if func.id in self.client_subclasses:
                return Known(CLIENT, self.client_subclasses[func.id], Evidence.CONSTRUCTED)
            if func.id in self.external:
                ext = self.external[func.id]
                return Known(CLIENT, ext.flavor, Evidence.IMPORTED) if ext.kind == FACTORY else None
            fn = self.functions.get(func.id)
            if fn is not None:
                got = self.returns_client(fn, None)
                return Known(CLIENT, got, Evidence.FACTORY) if got is not None else None
            qual = self.aliases.get(func.id)
            if qual and func.id[:1].isupper() and not clients.is_library_module(qual):
                return Known(OTHER)  # an instance of some other library's class
        return None

    def _known_method_call(self, func: ast.Attribute, info: FunctionInfo) -> Known | None:
        """`self.connect(url)`, `cls._connect(url)`, `Store.create(url)`, `store.make()`
        (a factory of another module) when the method returns a client."""
        owner = func.value
        klass: str | None = None
        if isinstance(owner, ast.Name) and owner.id in SELF:
            klass = info.class_name
        elif isinstance(owner, ast.Name) and owner.id in self.class_bases:
            klass = owner.id  # a static or class method called on its class
        else:
            klass = instance_class(self, owner, info)  # `layer.get_connection(i)`, `layer = Layer()`
        fn = self.method(klass, func.attr)
        if fn is not None:
            got = self.returns_client(fn, klass)
            return Known(CLIENT, got, Evidence.FACTORY) if got is not None else None
        text = dotted(func)
        if text is not None and self.consult(text) in self.external and self.external[text].kind == FACTORY:
            return Known(CLIENT, self.external[text].flavor, Evidence.IMPORTED)
        return None

    def _getattr(self, call: ast.Call, info: FunctionInfo) -> Known | None:
        """`getattr(obj, "name")` is `obj.name` when the name is a constant."""
        obj, name = call.args[0], call.args[1]
        if not (isinstance(name, ast.Constant) and isinstance(name.value, str) and name.value.isidentifier()):
            return None
        return self.known(ast.Attribute(value=obj, attr=name.value, ctx=ast.Load()), info)

    def consult(self, text: str) -> str:
        """Note that the code asks about a name taken from another module (the
        first part of `store.client`); gives the text back."""
        root, dot, _ = text.partition(".")
        if root in self.aliases:
            self.consulted.add(root)
            if dot and root in self.namespaces:
                self.namespace_used.add(root)
        return text

    def _client_class(self, node: ast.expr) -> Flavor | None:
        """A class whose instances are clients: a library's, one of this module
        that extends one, or one another module of the project exports."""
        found = clients.annotated(self.qualname(node))
        if found and found[0] == "client":
            return found[1]
        text = dotted(node)
        if text is None:
            return None
        if text in self.client_subclasses:
            return self.client_subclasses[text]
        return self.imported_classes.get(self.consult(text))

    def annotation(self, annotation: ast.expr | None) -> Known | None:
        """What an annotation says a name is: a client, a pipeline, something else."""
        return annotation_known(annotation, self.qualname, self._project_client_class)

    def _project_client_class(self, node: ast.expr) -> Flavor | None:
        text = dotted(node)
        if text is None:
            return None
        if text in self.client_subclasses:
            return self.client_subclasses[text]
        return self.imported_classes.get(self.consult(text))

    def _param(self, name: str, scope: FunctionInfo) -> Known | None:
        """A parameter: what its annotation says, else what a pytest fixture of that name or a decorator gives it."""
        arg = scope.params[name]
        known = self.annotation(arg.annotation)
        if known is not None:
            return known
        node = scope.node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return injected(self, node, name)
        return None

    def lookup(self, name: str, info: FunctionInfo) -> Known | None:
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
        if name in SELF and info.class_name in self.client_subclasses:
            return Known(CLIENT, self.client_subclasses[info.class_name], Evidence.CONSTRUCTED)
        while scope is not None:
            # `global r` at module level names the scope it sits in: jumping there again would never end.
            if name in scope.globals and scope is not self.module_info:
                scope = self.module_info
                continue
            if name in scope.params:
                return self._param(name, scope)
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

    def attr(self, attr: str, class_name: str | None, info: FunctionInfo) -> Known | None:
        """What `self.<attr>` is in a method of this class: set in it or in a base class
        (where `self.hook()` is the hook as this class overrides it)."""
        if class_name is None:
            return None
        for klass in self.mro(class_name):
            if attr in self.class_attrs.get(klass, {}) or attr in self.class_methods.get(klass, {}):
                return self._own_attr(attr, klass, class_name)
        for klass in self.mro(class_name):  # a base class from another module that holds clients
            for base in self.class_bases.get(klass, ()):
                text = dotted(base)
                if text is not None and self.consult(text) in self.holders:
                    return self._held(self.holders[text], attr, class_name)
        return None

    def _held(self, holder: External, attr: str, class_name: str) -> Known | None:
        """`attr` of a class deriving from another module's holder: a client the base keeps,
        or what this class's override of the hook the base sets it from returns (`attr:hook`)."""
        if attr in holder.attributes:
            return Known(CLIENT, holder.flavor, Evidence.IMPORTED)
        for entry in holder.attributes:
            name, _, hook = entry.partition(":")
            fn = self.method(class_name, hook) if name == attr and hook else None
            got = self.returns_client(fn, class_name) if fn is not None else None
            if got is not None:
                return Known(CLIENT, got, Evidence.FACTORY)
        return None

    def _own_attr(self, attr: str, klass: str, viewer: str) -> Known | None:
        guard = (-1, f"{viewer}.{klass}.{attr}")
        if guard in self._in_progress:
            return None  # `self.a = self.b` and `self.b = self.a`
        self._in_progress.add(guard)
        try:
            return self._own_attr_unguarded(attr, klass, viewer)
        finally:
            self._in_progress.discard(guard)

    def _own_attr_unguarded(self, attr: str, klass: str, viewer: str) -> Known | None:
        values = self.class_attrs.get(klass, {}).get(attr)
        if values:
            class_info = self.class_infos.get(viewer)
            if class_info is None:  # `self.conn = self._connect(url)`: `self` is the viewer's
                class_info = self.class_infos[viewer] = FunctionInfo(None, self.module_info, viewer)
            found = [k for v in values if (k := self.known(v, class_info)) is not None]
            # `self.redis = redis` where the parameter is typed: look in __init__.
            init = self.class_methods.get(klass, {}).get("__init__")
            if init is not None:
                init_info = self.info_for(init, self.module_info, klass)
                found += [k for v in values if isinstance(v, ast.Name) and (k := self.lookup(v.id, init_info)) is not None]
            return combine(found)
        fn = self.class_methods.get(klass, {}).get(attr)
        if fn is not None and any(deco_name(d) in ("property", "cached_property") for d in fn.decorator_list):
            got = self.returns_client(fn, klass)
            return Known(CLIENT, got, Evidence.FACTORY) if got is not None else None
        return None

    def hooks(self, klass: str) -> dict[str, str]:
        """Attributes a class sets from a hook it leaves to subclasses (`self.connection =
        self.get_connection()` where its own `get_connection` is a stub): attribute -> hook."""
        found = {}
        for attr, values in self.class_attrs.get(klass, {}).items():
            for v in values:
                call = v.value if isinstance(v, ast.Await) else v
                if (
                    isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name)
                    and call.func.value.id in SELF and (fn := self.method(klass, call.func.attr)) is not None and is_stub(fn)
                ):
                    found[attr] = call.func.attr
        return found

    def returns_client(self, fn: ast.FunctionDef | ast.AsyncFunctionDef, class_name: str | None) -> Flavor | None:
        key = id(fn)
        if key in self._returns_cache:
            return self._returns_cache[key]
        self._returns_cache[key] = None  # recursion guard
        info = self.info_for(fn, self.module_info, class_name)
        result = None
        declared = self.annotation(fn.returns)  # `def get_connection(self) -> Redis: ...`, overridden or abstract
        if declared is not None and declared.kind == CLIENT:
            result = declared.flavor
        # What a context manager or a pytest fixture yields is what its user gets.
        yields = hands_out(fn) or is_fixture(fn)
        for node in statements(fn.body) if result is None else ():
            if isinstance(node, ast.Return) or (yields and isinstance(node, ast.Expr) and isinstance(node.value, ast.Yield)):
                value = node.value.value if isinstance(node.value, ast.Yield) else node.value
                known = self.known(value, info)
                if known is not None and known.kind == CLIENT:
                    result = known.flavor
                    break
        self._returns_cache[key] = result
        return result

    def client_names(self, words: set[str]) -> set[str]:
        """Names through which a client can reach a function without the function
        naming a library (focus.py); `words` are what the units in question say."""
        consulted, used = set(self.consulted), set(self.namespace_used)  # asking here is not the code asking
        try:
            if self._client_names is None:
                self._client_names = client_names(self)
            return self._client_names | carrier_names(self, words - self._client_names)
        finally:
            self.consulted, self.namespace_used = consulted, used

    def held_clients(self, klass: str) -> dict[str, Flavor]:
        """The attributes (`self.redis = Redis()`) through which instances of a class hold clients."""
        found = self._held_cache.get(klass)
        if found is None:
            attrs = {attr for owner in self.mro(klass) for attr in self.class_attrs.get(owner, {})}
            info = self.module_info
            found = {attr: k.flavor for attr in sorted(attrs) if (k := self.attr(attr, klass, info)) is not None and k.kind == CLIENT}
            self._held_cache[klass] = found
        return found


def _plainly_not_client(value: ast.expr, model: SemanticModel) -> bool:
    if isinstance(value, ast.Constant):
        return value.value is not None
    if isinstance(value, (ast.List, ast.Dict, ast.Set, ast.Tuple, ast.ListComp, ast.DictComp, ast.SetComp, ast.JoinedStr, ast.Lambda)):
        return True
    if isinstance(value, ast.Call):
        qual = model.qualname(value.func)
        name = last_name(value.func) or ""
        if qual and not clients.is_library_module(qual) and name[:1].isupper():
            return True
        if isinstance(value.func, ast.Name) and name in model.class_attrs and name not in model.client_subclasses:
            return True  # an instance of a class of this file that is no client
        if isinstance(value.func, ast.Name) and value.func.id in ("dict", "list", "set", "defaultdict", "OrderedDict", "str", "int", "frozenset", "tuple"):
            return True
    return False

