"""What each name of a file is bound to: a client, a pipeline, a client
constructor, something else, or nothing we know.

Bindings are keyed by their normalised text (`redis`, `this.redis`,
`app.locals.redis`) across the whole file: JavaScript files rarely reuse a
client's name for something else, and when they do the name-pattern
fallback is switched off for it.  (The counterpart of python/scopes.py;
sites.py and classes.py collect what python/model.py collects.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from linter44s.facts import Evidence, ExportKind, External
from linter44s.javascript.classes import extends_of
from linter44s.javascript.clients import (
    CLIENT_TYPES,
    DEFAULT_CONSTRUCTORS,
    IOREDIS_MODULES,
    NODE_FACTORIES,
    NODE_REDIS_MODULES,
    PIPELINE_TYPES,
    Imported,
)
from linter44s.javascript.sites import Binding, Sites
from linter44s.javascript.source import Source
from linter44s.javascript.structure import Func, Structure
from linter44s.javascript.tokenizer import Kind

CLIENT, PIPELINE, MAYBE, OTHER, CTOR, NAMESPACE, FACTORY_FN = (
    "client", "pipeline", "maybe", "other", "ctor", "namespace", "factory-fn",
)
# An instance of a class that keeps clients in members, and such a class.
HOLDER, HOLDER_CLASS = "holder", "holder-class"
_REQUIRE_MEMBER = re.compile(r"require\((['\"])(.+?)\1\)\.(\w+)")
# Types whose values are never a client, whatever they hold.
_CONTAINER_TYPES = frozenset(
    {"Map", "Set", "WeakMap", "WeakSet", "Array", "ReadonlyArray", "Record", "string", "number", "boolean"}
)
# Methods on a client that give another client.
_CLIENT_RETURNING = frozenset({"duplicate", "connect", "on", "once", "withTypeMapping", "isolated"})


@dataclass(frozen=True, slots=True)
class Value:
    kind: str
    evidence: Evidence = Evidence.CONSTRUCTED
    library: str | None = None
    constructor: str | None = None  # for CTOR/NAMESPACE/FACTORY_FN
    attributes: tuple[str, ...] = ()  # for HOLDER/HOLDER_CLASS: the members that are clients


class Bindings:
    def __init__(self, src: Source, structure: Structure, imports: list[Imported],
                 external: tuple[External, ...] = ()) -> None:
        self.src = src
        self.structure = structure
        self.names: dict[str, Value] = {}
        self.others: set[str] = set()  # keys bound to something that is not a client
        self.factories: dict[str, Value] = {}  # project functions that return a client
        self.client_classes: set[str] = set()  # project classes whose instances are clients
        self._depth = 0
        self._memo: dict[tuple[int, int], Value | None] = {}
        # Running count of operator tokens, so a range without any skips the scans.
        self._ops = [0]
        for tok in src.toks:
            self._ops.append(self._ops[-1] + (tok.text in ("||", "??", "?", ":", "as", "satisfies")))
        self.sites = Sites(src, structure)
        self.list: list[Binding] = self.sites.list
        self.imported_factories: dict[str, Value] = {}  # `getClient`, `store.getClient` from the project
        self._imports(imports)
        self._externals(external)
        self._client_classes()
        for _ in range(3):  # aliases of aliases, factories of factories
            if not self._resolve():
                break

    # -- imports ----------------------------------------------------------

    def _imports(self, imports: list[Imported]) -> None:
        for imp in imports:
            lib = imp.library
            if lib == "ioredis":
                ctor = "ioredis.Cluster" if imp.name == "Cluster" else "ioredis"
                if imp.name in ("default", "*", "Redis", "Cluster", "Redis.default"):
                    self.names[imp.local] = Value(CTOR, library=lib, constructor=ctor)
                else:
                    self.others.add(imp.local)
            elif lib == "node-redis":
                if imp.name in NODE_FACTORIES:
                    self.names[imp.local] = Value(FACTORY_FN, library=lib, constructor=NODE_FACTORIES[imp.name])
                elif imp.name in ("default", "*"):
                    self.names[imp.local] = Value(NAMESPACE, library=lib, constructor="redis")
                else:
                    self.others.add(imp.local)
            elif not imp.relative:
                self.others.add(imp.local)

    def _externals(self, external: tuple[External, ...]) -> None:
        """Names the project index says are clients, factories or classes."""
        for e in external:
            if e.kind is ExportKind.CLIENT:
                self.names[e.local] = Value(CLIENT, Evidence.IMPORTED)
            elif e.kind is ExportKind.FACTORY:
                self.imported_factories[e.local] = Value(CLIENT, Evidence.FACTORY)
            elif e.kind is ExportKind.CLIENT_CLASS:
                self.names[e.local] = Value(CTOR, Evidence.IMPORTED, constructor=e.local)
                self.client_classes.add(e.local)
            elif e.kind is ExportKind.HOLDER and e.attributes:
                self.names[e.local] = Value(HOLDER_CLASS, Evidence.IMPORTED, attributes=e.attributes)
                self._inherit_members(e.local, e.attributes)

    def _inherit_members(self, cls: str, attributes: tuple[str, ...]) -> None:
        """`this.client` in `Cls.prototype.m = function () {...}` or in a
        subclass `class Mine extends Cls` is the member Cls keeps a client in."""
        src = self.src
        for k in range(src.n - 2):
            if src.t(k) == cls and src.is_name(k) and (
                (src.t(k + 1) == "." and src.t(k + 2) == "prototype") or src.t(k - 1) == "extends"
            ):
                for member in attributes:
                    self.names.setdefault(f"this.{member}", Value(CLIENT, Evidence.IMPORTED))
                return

    def _client_classes(self) -> None:
        """`class SafeRedis extends Redis`: constructing one makes a client."""
        for cls in self.structure.funcs:
            base = extends_of(self.src, cls)
            if base is None or cls.name.startswith("<"):
                continue
            ctor = self.constructor_of(*base)
            if ctor is not None and ctor.kind == CTOR:
                self.names[cls.name] = Value(CTOR, ctor.evidence, ctor.library, cls.name)
                self.client_classes.add(cls.name)

    def holder_attributes(self, name: str) -> tuple[str, ...]:
        """The client members of a class imported from the project, if it keeps any."""
        value = self.names.get(name)
        return value.attributes if value is not None and value.kind == HOLDER_CLASS else ()

    # -- resolving ----------------------------------------------------------

    def _resolve(self) -> bool:
        changed = False
        self._memo.clear()
        merged: dict[str, list[Value]] = {}
        for b in self.list:
            value = None
            if b.type_range is not None:
                value = self.type_value(*b.type_range)
            if value is None and b.rhs is not None:
                value = self.value(*b.rhs)
            if value is not None:
                merged.setdefault(b.key, []).append(value)
        for key, values in merged.items():
            kinds = {v.kind for v in values}
            best = None
            if PIPELINE in kinds and CLIENT in kinds:
                best = Value(MAYBE, Evidence.CONSTRUCTED)
            else:
                for wanted in (CLIENT, MAYBE, PIPELINE, CTOR, NAMESPACE, FACTORY_FN, HOLDER):
                    if wanted in kinds:
                        best = next(v for v in values if v.kind == wanted)
                        break
            if OTHER in kinds:
                self.others.add(key)
            if best is not None and self.names.get(key) != best:
                if key in self.names and self.names[key].kind in (CTOR, NAMESPACE, FACTORY_FN):
                    continue  # an import wins over a re-export or alias
                self.names[key] = best
                changed = True
        for func in self.structure.funcs:
            if func.kind == "class" or func.name.startswith("<") or func.name in self.factories:
                continue
            found = self._returns_client(func)
            if found is not None:
                self.factories[func.name] = Value(CLIENT, Evidence.FACTORY, found.library)
                changed = True
        self._memo.clear()
        return changed

    def _returns_client(self, func: Func) -> Value | None:
        src = self.src
        if func.expr_body is not None:
            v = self.value(*func.expr_body)
            return v if v is not None and v.kind == CLIENT else None
        if func.body_open is None:
            return None
        for k in self.structure.returns.get(func.id, ()):
            if k > func.body_open:
                end = src.expr_end(k + 1)
                if end > k:
                    v = self.value(k + 1, end)
                    if v is not None and v.kind == CLIENT:
                        return v
        return None

    def type_value(self, i: int, j: int) -> Value | None:
        """A client or pipeline type annotation: `Redis`, `RedisClientType<...>`,
        `Redis | null`, `IORedis.Redis`, `ReturnType<typeof createClient>`;
        OTHER for a container (`Map<string, Redis>`, `Redis[]`, `Set<string>`)."""
        src = self.src
        words = [src.t(k) for k in range(i, j + 1) if src.is_ident(k)]
        if not words:
            return None
        if "typeof" in words and ("createClient" in words or "createCluster" in words):
            return Value(CLIENT, Evidence.ANNOTATED, "node-redis")
        found = self._named_type(words)
        if found is not None and found.kind != OTHER and any(src.t(k) == "[" for k in range(i, j + 1)):
            return Value(OTHER)  # an array or tuple of clients is no client
        return found

    def _named_type(self, words: list[str]) -> Value | None:
        for w in words:
            if w in ("null", "undefined"):
                continue
            if w in PIPELINE_TYPES:
                return Value(PIPELINE, Evidence.ANNOTATED)
            if w in CLIENT_TYPES:
                if w in ("Redis", "Cluster") and w in self.others:
                    return None  # a `Redis` from another library
                lib = "node-redis" if w.startswith("RedisClient") or w == "RedisClusterType" else "ioredis"
                return Value(CLIENT, Evidence.ANNOTATED, lib)
            if w in self.client_classes:  # a project class that extends a client class
                return Value(CLIENT, Evidence.ANNOTATED)
            if w in _CONTAINER_TYPES:
                return Value(OTHER)
            break  # only the first word names the type
        return None

    def comma_callee(self, close: int) -> tuple[int, int] | None:
        """For `(0, mod.fn)` ending at `close`, the tokens of `mod.fn`.

        TypeScript and esbuild call imported functions this way in CommonJS
        output so that `this` is not bound."""
        src = self.src
        if src.t(close) != ")":
            return None
        open_ = src.partner[close]
        if open_ < 0 or src.t(open_ + 1) != "0" or src.t(open_ + 2) != "," or open_ + 3 > close - 1:
            return None
        return open_ + 3, close - 1

    def constructor_of(self, i: int, j: int) -> Value | None:
        """The callee i..j of `new X(...)` or `f(...)` as a client constructor."""
        src = self.src
        if j - i > 8:
            return None  # constructors are short names: `Redis`, `IORedis.Cluster`
        text = src.normal(i, j)
        value = self.names.get(text)
        if value is not None and value.kind in (CTOR, FACTORY_FN):
            return value
        required = _REQUIRE_MEMBER.fullmatch(text)
        if required:  # require('redis').createClient / require('ioredis').Cluster
            module, member = required.group(2), required.group(3)
            if module in NODE_REDIS_MODULES and member in NODE_FACTORIES:
                return Value(FACTORY_FN, library="node-redis", constructor=NODE_FACTORIES[member])
            if module in IOREDIS_MODULES and member in ("Cluster", "Redis", "default"):
                ctor = "ioredis.Cluster" if member == "Cluster" else "ioredis"
                return Value(CTOR, library="ioredis", constructor=ctor)
            return None
        if "." in text:
            head, _, tail = text.rpartition(".")
            base = self.names.get(head)
            if base is not None and base.kind in (CTOR, NAMESPACE):
                if tail in ("Cluster",):
                    return Value(CTOR, library=base.library, constructor=f"{base.library}.Cluster")
                if tail in ("Redis", "default") and base.library == "ioredis":
                    return Value(CTOR, library="ioredis", constructor="ioredis")
                if tail in NODE_FACTORIES and base.kind == NAMESPACE:
                    return Value(FACTORY_FN, library="node-redis", constructor=NODE_FACTORIES[tail])
                if tail == "createClient" and base.library == "ioredis":
                    return Value(FACTORY_FN, library="ioredis", constructor="ioredis")
            return None if text not in DEFAULT_CONSTRUCTORS else self._default_ctor(text)
        return self._default_ctor(text)

    def _default_ctor(self, text: str) -> Value | None:
        if text in DEFAULT_CONSTRUCTORS and text.split(".")[0] not in self.others and text not in self.names:
            ctor, lib = DEFAULT_CONSTRUCTORS[text]
            return Value(CTOR, library=lib, constructor=ctor)
        return None

    def value(self, i: int, j: int) -> Value | None:
        """What the expression i..j evaluates to, as far as clients go."""
        if self._depth > 40:
            return None  # a very long chain (minified code): give up, do not overflow
        known = self._memo.get((i, j), self)
        if known is not self:
            return known  # type: ignore[return-value]
        self._depth += 1
        try:
            found = self._value(i, j)
        finally:
            self._depth -= 1
        self._memo[(i, j)] = found
        return found

    def _value(self, i: int, j: int) -> Value | None:
        src = self.src
        j = min(j, src.n - 1)
        steps = 0
        while steps < 20:
            steps += 1
            i, j = src.strip_parens(i, j)
            if i > j:
                return None
            if src.t(i) == "await" and i < j:
                i += 1
                continue
            if src.t(j) == "!" and j > i:
                j -= 1
                continue
            cast = self._top_level(i, j, ("as", "satisfies"))
            if cast:
                k = cast[-1]
                typed = self.type_value(k + 1, j)
                if typed is not None:
                    return typed
                j = k - 1
                continue
            break
        cuts = self._top_level(i, j, ("||", "??"))
        if cuts:
            found = []
            start = i
            for cut in cuts + [j + 1]:
                found.append(self.value(start, cut - 1) if start <= cut - 1 else None)
                start = cut + 1
            return self._best(found)
        question = self._top_level(i, j, ("?",))
        if question:
            q = question[0]
            colons = self._top_level(q + 1, j, (":",))
            if colons:
                c = colons[0]
                return self._best([self.value(q + 1, c - 1), self.value(c + 1, j)])
        first = src.t(i)
        kind = src.kind(i)
        if i == j or src.skip(i) == j:
            if kind in (Kind.STRING, Kind.NUMBER, Kind.TEMPLATE, Kind.REGEX):
                return Value(OTHER)
            if first in ("[", "{") and src.skip(i) == j:
                return Value(OTHER)
            if first in ("true", "false"):
                return Value(OTHER)
            if first in ("null", "undefined"):
                return None
        if kind is Kind.TEMPLATE_HEAD:
            return Value(OTHER)
        if first in ("function", "class") or (first == "async" and src.t(i + 1) == "function"):
            return Value(OTHER)
        if first == "new":
            return self._new_value(i, j)
        if self._is_arrow(i, j):
            return Value(OTHER)
        if src.t(j) == ")" and src.partner[j] > i:  # a call: what its callee gives
            return self._call_value(i, j)
        return self._name_value(i, j)

    def _new_value(self, i: int, j: int) -> Value | None:
        """`new X(...)`: a client for a client class, a holder for a class that keeps one."""
        src = self.src
        k = i + 1
        while (src.is_ident(k) or src.t(k) == ".") and k <= j:
            k += 1
        callee_end = k - 1
        if callee_end <= i:
            return None
        cls = self.names.get(src.normal(i + 1, callee_end))
        if cls is not None and cls.kind == HOLDER_CLASS:
            return Value(HOLDER, cls.evidence, attributes=cls.attributes)
        ctor = self.constructor_of(i + 1, callee_end)
        if ctor is not None and ctor.kind == CTOR:
            return Value(CLIENT, Evidence.CONSTRUCTED, ctor.library, ctor.constructor)
        return Value(OTHER)

    def _call_value(self, i: int, j: int) -> Value | None:
        src = self.src
        open_idx = src.partner[j]
        callee_last = open_idx - 1
        if src.t(callee_last) == ">":  # generic call
            k = callee_last
            while k > i and src.t(k) != "<":
                k -= 1
            callee_last = k - 1
        if callee_last < i:
            return None
        inner = self.comma_callee(callee_last)
        if inner is not None:  # `(0, redis_1.createClient)(...)`, as TypeScript compiles to CommonJS
            ctor = self.constructor_of(*inner)
            if ctor is not None and ctor.kind == FACTORY_FN:
                return Value(CLIENT, Evidence.CONSTRUCTED, ctor.library, ctor.constructor)
            return self.imported_factories.get(src.normal(*inner))
        if self.imported_factories and callee_last - i <= 8 and src.normal(i, callee_last) in self.imported_factories:
            return self.imported_factories[src.normal(i, callee_last)]
        if src.t(callee_last - 1) in (".", "?.") and src.is_ident(callee_last):
            return self._method_value(i, callee_last)
        if src.t(callee_last) == "require" and src.t(callee_last - 1) not in (".", "?."):
            return None  # imports were handled already
        ctor = self.constructor_of(i, callee_last)
        if ctor is not None and ctor.kind == FACTORY_FN:
            return Value(CLIENT, Evidence.CONSTRUCTED, ctor.library, ctor.constructor)
        if src.is_ident(callee_last) and callee_last == i:
            return self.factories.get(src.t(i))
        return None

    def _method_value(self, i: int, callee_last: int) -> Value | None:
        """`recv.method(...)`: a pipeline, the same client, or what a factory gives."""
        src = self.src
        method = src.t(callee_last)
        recv_last = callee_last - 2
        if src.t(recv_last) == "!":
            recv_last -= 1
        if method == "require" or recv_last < i:
            return None
        base = self.value(i, recv_last)
        if method in ("pipeline", "multi", "MULTI") and base is not None and base.kind in (CLIENT, MAYBE):
            return Value(PIPELINE, base.evidence, base.library)
        if base is not None and base.kind == PIPELINE and method not in ("exec", "execute", "EXEC"):
            return base  # a chain of buffered commands
        if base is not None and base.kind == CLIENT and method in _CLIENT_RETURNING:
            return base
        ctor = self.constructor_of(i, callee_last)
        if ctor is not None and ctor.kind == FACTORY_FN:
            return Value(CLIENT, Evidence.CONSTRUCTED, ctor.library, ctor.constructor)
        return self.factories.get(method)

    def _name_value(self, i: int, j: int) -> Value | None:
        """A name or member chain: what it was bound to, or a member of a client holder."""
        src = self.src
        if j - i > 60:
            return None
        key = self.sites.unaliased(src.normal(i, j), i)
        if key in self.names:
            return self.names[key]
        if key in self.others:
            return Value(OTHER)
        head, dot, member = key.rpartition(".")
        holder = self.names.get(head) if dot else None
        if holder is not None and holder.kind == HOLDER and member in holder.attributes:
            return Value(CLIENT, holder.evidence)  # `new Cache().client`, `cache.client`
        return None

    def _is_arrow(self, i: int, j: int) -> bool:
        func = self.structure.by_head.get(i)
        return func is not None and func.end == j

    def _best(self, values: list[Value | None]) -> Value | None:
        kinds = {v.kind for v in values if v is not None}
        if PIPELINE in kinds and (CLIENT in kinds or MAYBE in kinds):
            return Value(MAYBE, Evidence.CONSTRUCTED)
        for wanted in (CLIENT, MAYBE, PIPELINE):
            for v in values:
                if v is not None and v.kind == wanted:
                    return v
        return None

    def _top_level(self, i: int, j: int, ops: tuple[str, ...]) -> list[int]:
        src = self.src
        found: list[int] = []
        if i > j or self._ops[min(j, src.n - 1) + 1] == self._ops[max(i, 0)]:
            return found
        k = i
        while k <= j:
            if src.t(k) in ops and (src.kind(k) is Kind.PUNCT or src.t(k) in ("as", "satisfies")):
                found.append(k)
            k = src.skip(k) + 1
        return found
