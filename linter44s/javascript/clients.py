"""Which JavaScript modules, classes and types are Redis clients, and what
each import of a file binds."""

from __future__ import annotations

from dataclasses import dataclass

from linter44s import profiles
from linter44s.javascript.source import Source
from linter44s.javascript.tokenizer import Kind
from linter44s.javascript.tokens import string_value
from linter44s.profiles import Gives

_JS = profiles.of_language("javascript")
# Module specifier -> the API family it speaks ("ioredis" for iovalkey too).
_FAMILY = {root: p.api for p in _JS for root in p.roots}
IOREDIS_MODULES = frozenset(root for root, api in _FAMILY.items() if api == "ioredis")
NODE_REDIS_MODULES = frozenset(root for root, api in _FAMILY.items() if api == "node-redis")

# Names that construct a client even without an import we can see: name -> (constructor, family).
DEFAULT_CONSTRUCTORS = {
    name: (f"{p.api}.Cluster" if name.endswith(".Cluster") else p.api, p.api) for p in _JS for name in p.globals
}
# node-redis factories of clients: name -> constructor.
NODE_FACTORIES = {
    c.name: c.name for p in _JS if p.api == "node-redis" for c in p.constructors if c.gives in (Gives.CLIENT, Gives.CLUSTER)
}

# Methods of a client that give a pipeline (node-redis v3 `batch()` too).
PIPELINE_OPENERS = frozenset(m for p in _JS for m in p.pipeline_openers)

CLIENT_TYPES = frozenset(t for p in _JS for t in p.client_types)
PIPELINE_TYPES = frozenset(t for p in _JS for t in p.pipeline_types)


# Helpers compiled CommonJS wraps a `require` in; the binding is still the whole module.
_INTEROP = frozenset({"__importDefault", "__importStar", "_interopRequireDefault", "_interopRequireWildcard"})


@dataclass(frozen=True, slots=True)
class Imported:
    """One local name bound by an import or require."""

    local: str
    module: str
    name: str  # "default", "*" or the exported name
    index: int  # token index of the local name
    relative: bool

    @property
    def library(self) -> str | None:
        return _FAMILY.get(self.module)


def _module_at(src: Source, i: int) -> str | None:
    if src.kind(i) is Kind.STRING:
        return string_value(src.toks[i])
    return None


def scan_imports(src: Source) -> list[Imported]:
    """ES imports, `require` calls bound to names, and TS `import x = require()`."""
    found: list[Imported] = []
    for i, text in enumerate(src.texts):
        if text == "import" and not src.after_dot(i) and src.t(i + 1) not in ("(", "."):
            found.extend(_es_import(src, i))
        elif text == "require" and src.t(i + 1) == "(" and not src.after_dot(i):
            module = _module_at(src, i + 2)
            if module is not None and src.t(i + 3) == ")":
                found.extend(_require(src, i, module))
    return found


def _es_import(src: Source, i: int) -> list[Imported]:
    # Find `from 'module'` (or a bare `import 'x'`) within the statement.
    k = i + 1
    end = min(src.n - 1, i + 400)
    while k <= end and src.t(k) != "from" and src.kind(k) is not Kind.STRING:
        if src.t(k) == "=" and src.t(k + 1) == "require":
            module = _module_at(src, k + 3)
            if module is not None and src.is_ident(k - 1):
                return [Imported(src.t(k - 1), module, "*", k - 1, module.startswith("."))]  # TS `import m = require()`
            return []
        k += 1
    if src.t(k) == "from":
        module = _module_at(src, k + 1)
    else:
        return []
    if module is None:
        return []
    relative = module.startswith(".")
    out: list[Imported] = []
    j = i + 1
    if src.t(j) == "type":
        j += 1
    while j < k:
        text = src.t(j)
        if text == "*" and src.t(j + 1) == "as" and src.is_ident(j + 2):
            out.append(Imported(src.t(j + 2), module, "*", j + 2, relative))
            j += 3
        elif text == "{":
            close = src.skip(j)
            m = j + 1
            while m < close:
                if src.t(m) == "type":
                    m += 1
                if src.is_ident(m) or src.kind(m) is Kind.STRING:
                    name = src.t(m).strip("'\"")
                    local = name
                    if src.t(m + 1) == "as" and src.is_ident(m + 2):
                        local = src.t(m + 2)
                        m += 2
                    out.append(Imported(local, module, name, m, relative))
                m += 1
            j = close + 1
        elif src.is_ident(j) and text not in ("type",):
            out.append(Imported(text, module, "default", j, relative))
            j += 1
        else:
            j += 1
    return out


def _later_declarator(src: Source, comma: int) -> bool:
    """Is the `,` at `comma` between two declarators of one `var a = 1, b = require(...)`?"""
    if src.t(comma) != ",":
        return False
    k = comma - 1
    while k >= 0 and comma - k < 400:
        text = src.t(k)
        if text in (")", "]", "}") and src.partner[k] >= 0:
            k = src.partner[k] - 1
            continue
        if text in ("const", "let", "var"):
            return True
        if text in (";", "{", "(", "["):
            return False
        k -= 1
    return False


def _require(src: Source, i: int, module: str) -> list[Imported]:
    relative = module.startswith(".")
    after = i + 4  # the token after `require('m')`
    name = "*"  # the whole module: its exports are members, a CommonJS `module.exports` is the name itself
    if src.t(after) == "." and src.is_ident(after + 1):
        name = src.t(after + 1)
        after += 2
    k = i - 1
    if name == "*" and src.t(k) == "(" and src.t(k - 1) in _INTEROP and src.t(after) == ")":
        k, after = k - 2, after + 1  # `__importDefault(require("./m"))`: TypeScript's and Babel's CommonJS output
    if src.t(after) in ("(", ".", "?."):
        return []  # `require('redis').createClient()`: a call, not a binding of the module
    if src.t(k) == "(" and src.t(k - 1) == "await":
        return []
    if src.t(k) != "=":
        return []
    target = k - 1
    if src.is_ident(target) and (src.t(target - 1) in ("const", "let", "var") or _later_declarator(src, target - 1)):
        return [Imported(src.t(target), module, name, target, relative)]
    if src.t(target) == "}" and src.partner[target] >= 0:
        opener = src.partner[target]
        out = []
        m = opener + 1
        while m < target:
            if src.is_ident(m):
                imported = src.t(m)
                local = imported
                if src.t(m + 1) == ":" and src.is_ident(m + 2):
                    local = src.t(m + 2)
                    m += 2
                out.append(Imported(local, module, imported, m, relative))
            m += 1
        return out
    return []
