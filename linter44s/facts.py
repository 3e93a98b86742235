"""The language-neutral model that frontends produce and checks read.

Frontends (python/, javascript/) turn a file into one `FileFacts`; checks
never see a syntax tree.  Every position is a `Span` into the decoded text
of the file, so a fix built by a frontend is a plain text edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Literal

from linter44s.span import Span  # a fact too; apart so that diagnostics need not import the rest

Language = Literal["python", "javascript"]
# What the code does with a command's value (CommandCall.value_use): a statement of
# its own, awaited, assigned (or the target of an assignment), returned, run as a task
# (gather/create_task), passed as an argument, tested, an operand, iterated, stored in a
# container, the element of a comprehension, handed to a thread, or something else.
ValueUse = Literal[
    "statement", "assigned", "target", "returned", "condition", "context", "await", "operand", "stored", "task",
    "element", "iterated", "async-iterated", "argument", "callee", "receiver", "thread", "other",
]
ScopeKind = Literal["module", "function", "lambda", "class"]
LoopKind = Literal["for", "while", "comprehension", "callback"]
ConstructionKind = Literal["client", "pool", "sentinel"]
# What becomes of a construction: kept at module level, returned, stored on an
# object, passed on, kept behind a `global` (singleton), used for one with-block, dropped.
Fate = Literal["module", "returned", "stored", "passed", "singleton", "context", "dropped"]
# What a function given as an option value returns (Argument.returns).
ReturnWord = Literal["null", "undefined", "false", "value"]


class ReceiverKind(str, Enum):
    CLIENT = "client"
    PIPELINE = "pipeline"  # batched: loop and round-trip rules do not apply
    MAYBE_PIPELINE = "maybe-pipeline"  # `pipe if pipe is not None else r`


class Flavor(str, Enum):
    SYNC = "sync"
    ASYNC = "async"
    UNKNOWN = "unknown"


class Evidence(str, Enum):
    """Why the frontend believes a receiver is a Redis client."""

    CONSTRUCTED = "constructed"  # bound to a known client constructor
    ANNOTATED = "annotated"  # typed as a client
    IMPORTED = "imported"  # a client exported by another checked module
    FACTORY = "factory"  # returned by a project function that returns a client
    NAME = "name"  # only its name matches `client-name-pattern`


@dataclass(frozen=True)
class KeyExpr:
    """A key argument as literal parts and holes:
    f"user:{uid}", `user:${uid}`, "user:" + uid all give ("user:", None)."""

    parts: tuple[str | None, ...]
    span: Span  # the key expression as written at the call
    text: str  # its source text, normalised for comparing two keys
    literal_span: Span | None = None  # the first literal part, where RDS5xx points
    # Offset where a literal prefix runs straight into the first hole
    # (f"user{uid}"): inserting ":" there is the hierarchical name.
    join_offset: int | None = None
    via_variable: bool = False  # reached the call through a local variable


@dataclass(frozen=True)
class Argument:
    """One argument of a command call, as source text and shape."""

    text: str
    span: Span
    keyword: str | None = None  # Python keyword name; JS option-object key
    literal: object = None  # str/int/float/bool value when it is a literal
    is_literal: bool = False
    is_none: bool = False  # None / null / undefined
    reads: frozenset[str] = frozenset()  # local names it reads
    # A call as the value (`Retry(NoBackoff(), 0)`): the callee's last name and its arguments.
    call: str | None = None
    call_args: tuple[Argument, ...] = ()
    # A function as the value (`(times) => null`): what each of its returns gives.
    # None when the value is no function.
    returns: tuple[ReturnWord, ...] | None = None
    # Evaluating it earlier or twice changes nothing: a literal, constant
    # arithmetic, or a (dotted) name.
    simple: bool = False


@dataclass(frozen=True)
class CommandCall:
    """A call that sends (or buffers) one Redis command."""

    command: str  # upper-case Redis command: "GET", "SET", "KEYS"
    method: str  # as spelled: "get", "mGet", "execute_command"
    receiver: str  # receiver source text: "self.redis"
    receiver_kind: ReceiverKind
    flavor: Flavor
    evidence: Evidence
    span: Span  # from the receiver's first character to the closing paren
    method_span: Span  # the method name
    args: tuple[Argument, ...]  # positional arguments in order
    options: tuple[Argument, ...]  # keyword arguments / option-object entries
    keys: tuple[KeyExpr, ...]  # arguments in key position, per the command table
    has_splat: bool  # **kwargs / *args / ...spread: may carry any option
    awaited: bool
    scope: int  # Scope.id of the enclosing function (or module)
    loops: tuple[int, ...]  # Loop.ids enclosing it inside that scope, outermost first
    stmt: int  # Statement.id of the statement it sits in
    stmt_line: int  # first line of that statement (noqa anchors here too)
    reads: frozenset[str]  # local names its arguments read
    receiver_reads: frozenset[str]  # local names its receiver expression reads
    result_names: tuple[str, ...] = ()  # names the result is bound to
    in_comprehension_element: bool = False  # it is the element of a comprehension
    wrapped_in_thread: bool = False  # inside asyncio.to_thread / run_in_executor
    is_expression_statement: bool = False  # the whole statement is this call
    value_use: ValueUse = "other"  # what the code does with the call's value
    raw: bool = False  # execute_command / sendCommand / call
    # Sent without waiting for its reply, so its round trip overlaps what follows
    # (JavaScript not awaited: a callback, a promise kept for later).
    overlaps: bool = False


@dataclass(frozen=True)
class Scope:
    """A function (or the module, id 0)."""

    id: int
    kind: ScopeKind
    name: str
    parent: int | None
    is_async: bool
    is_handler: bool  # a request handler, task or lambda entry point
    is_memoised: bool  # functools.cache / lru_cache / cached_property
    span: Span | None = None


@dataclass(frozen=True)
class Loop:
    id: int
    kind: LoopKind
    scope: int
    span: Span
    targets: frozenset[str]  # names bound per iteration (and names derived from them)
    # False for `while True` polling loops and while loops that neither
    # advance an index nor pop a collection: not a batching opportunity.
    batches: bool = True
    # Names bound in the body from a Redis reply (cursor loops).
    reply_names: frozenset[str] = frozenset()
    iterable_text: str = ""
    is_async: bool = False
    # The body can `return` or `break`: a search that stops at the first hit,
    # which one batched command would not do.
    exits_early: bool = False
    # Its items' commands are awaited together (`asyncio.gather(*(r.get(k) for k in ks))`):
    # concurrent, so not one round trip after another.
    concurrent: bool = False


@dataclass(frozen=True)
class Statement:
    """A statement: how many commands it sends and what it binds.  A frontend
    gives every statement of each block that sends a command, and may leave
    out the blocks that send none."""

    id: int
    block: int  # statements of one block share this
    index: int  # position in the block
    line: int
    command_count: int  # Redis command calls in it
    compound: bool = False  # if/for/while/with/try...: always ends a run of commands
    binds: frozenset[str] = frozenset()  # names it assigns


@dataclass(frozen=True)
class Construction:
    """A client, pool or sentinel being created."""

    kind: ConstructionKind
    constructor: str  # qualified name: "redis.Redis", "ioredis", "createClient"
    library: str  # its profile (linter44s/profiles): "redis-py" | "valkey-py" | "coredis" | "ioredis" | "node-redis" | ...
    flavor: Flavor
    span: Span
    stmt_line: int
    scope: int
    loops: tuple[int, ...]
    options: tuple[Argument, ...]
    args: tuple[Argument, ...]
    has_splat: bool
    fate: Fate  # what happens to it
    uses_shared_pool: bool = False  # Redis(connection_pool=...)
    via_factory: str | None = None  # a call to a project function that builds one
    binds: frozenset[str] = frozenset()  # names the statement assigns it to (`r = Redis()`)


@dataclass(frozen=True)
class CodeAt:
    """A code as written in a suppression comment, and where."""

    code: str  # upper-cased
    span: Span  # a Span, so that a frontend's re-basing (a BOM) moves it too

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end


@dataclass(frozen=True)
class Suppression:
    """`# noqa[: codes]` or a JS disable comment, on the lines it covers (noqa.py reads them)."""

    line: int
    end_line: int
    codes: frozenset[str] | None  # None: every code
    # Where it is written, for RDS001/RDS002 and their fixes.
    at: Span | None = None  # Python: the noqa directive; JavaScript: the whole comment
    listed: tuple[CodeAt, ...] = ()

    @property
    def start(self) -> int:
        return self.at.start if self.at is not None else -1

    @property
    def end(self) -> int:
        return self.at.end if self.at is not None else -1


@dataclass(frozen=True)
class ImportedName:
    """A name taken from another module of the project.

    Python: `from module import name as local` (module as written, `.x` for
    relative).  JS/TS: `module` is the specifier as written (`./store`), `name`
    is the export (`default` for `export default` and `module.exports`), or `*`
    for a whole-module binding (`import * as m`, `const m = require(...)`)."""

    local: str
    module: str
    name: str


class ExportKind(str, Enum):
    """What a module-level name of one module is, to the modules that import it."""

    CLIENT = "client"  # a client object
    FACTORY = "factory"  # a function (or static/class method) whose call gives a client
    CLIENT_CLASS = "client-class"  # a class whose instances are clients (`class SafeRedis(Redis)`)
    HOLDER = "holder"  # a class whose instances keep clients in attributes (`self.redis = Redis()`)


@dataclass(frozen=True)
class Export:
    """A name this module offers that other modules may use as (or to get) a client."""

    name: str
    kind: ExportKind
    flavor: Flavor
    # HOLDER: the attributes that hold clients, and `attr:hook` for an attribute set from
    # a stub method (`self.connection = self.get_connection()`) a subclass may override.
    attributes: tuple[str, ...] = ()


@dataclass(frozen=True)
class External:
    """What the project index says one imported name of this file is.

    `local` is the name as the file uses it: `client` for `from store import
    client`, and for a whole-module import one entry per export, dotted
    (`store.client`, `m.redis`), plus `m` itself for a CommonJS default export."""

    local: str
    kind: ExportKind
    flavor: Flavor
    attributes: tuple[str, ...] = ()


@dataclass(frozen=True)
class DataFlow:
    """How a command's reply travels through one function (RDS6xx).

    `reply` is the CommandCall index that produced a value; `through` names
    what happened to it ("json.loads", "pickle.loads", "arith", "sorted",
    "set", "len(set)", "in") in order."""

    reply: int
    through: tuple[str, ...]
    written_by: int | None = None  # CommandCall index of a write of the result
    span: Span | None = None


@dataclass(frozen=True)
class FileFacts:
    path: str
    language: Language
    calls: tuple[CommandCall, ...] = ()
    constructions: tuple[Construction, ...] = ()
    scopes: tuple[Scope, ...] = ()
    loops: tuple[Loop, ...] = ()
    statements: tuple[Statement, ...] = ()
    suppressions: tuple[Suppression, ...] = ()
    flows: tuple[DataFlow, ...] = ()
    # Cross-module client tracking: what this module offers and asks for.
    exports: tuple[Export, ...] = ()
    imports: tuple[ImportedName, ...] = ()
