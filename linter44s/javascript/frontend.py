"""JavaScript / TypeScript frontend: a file's text -> FileFacts.

The passes, in order: tokens (tokenizer), the shape of the file
(structure: functions, statements, loops), what names are bound to
(bindings), then the facts: command calls, client constructions, scopes,
loops, statements and suppression comments.  It describes code; the checks
decide what is wrong with it.
"""

from __future__ import annotations

import json
import re
from typing import cast

from linter44s.commands import COMMANDS, JS_METHODS, RAW_METHODS, raw_command_name
from linter44s.config import Settings
from linter44s.facts import (
    Argument,
    CommandCall,
    Construction,
    Evidence,
    Export,
    ExportKind,
    Fate,
    FileFacts,
    Flavor,
    ImportedName,
    KeyExpr,
    Loop,
    ReceiverKind,
    ReturnWord,
    Scope,
    Span,
    Statement,
)
from linter44s.javascript.bindings import CLIENT, CTOR, FACTORY_FN, Bindings
from linter44s.javascript.clients import scan_imports
from linter44s.javascript.fixes import JsFixSyntax
from linter44s.javascript.flows import reply_flows
from linter44s.javascript.source import KEYWORDS, Source
from linter44s.javascript.structure import Func, LoopInfo, Structure, innermost
from linter44s.javascript.suppressions import suppressions
from linter44s.javascript.tokenizer import Kind, string_value, template_chunk
from linter44s.syntax import FixSyntax

_RAW = RAW_METHODS["ioredis"] | RAW_METHODS["node-redis"]
_CALLBACK_LOOPS = frozenset({"forEach", "map", "flatMap", "reduce", "filter", "some", "every"})
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
# ioredis spells options as positional words: set(k, v, 'EX', 60, 'NX').
_VALUE_WORDS = frozenset({"EX", "PX", "EXAT", "PXAT", "MATCH", "COUNT", "TYPE", "LIMIT"})
_FLAG_WORDS = frozenset({"NX", "XX", "KEEPTTL", "GET", "CH", "GT", "LT", "WITHSCORES"})
_CHAINED = frozenset({"on", "once", "connect", "setMaxListeners"})


def analyze(text: str, path: str, settings: Settings) -> tuple[FileFacts, FixSyntax]:
    """Describe one JavaScript or TypeScript file (text already decoded)."""
    src = Source(text, path)
    structure = Structure(src)
    imports = scan_imports(src)
    bindings = Bindings(src, structure, imports, settings.client_name_pattern)
    builder = _Builder(src, structure, bindings)
    facts = builder.build(path, imports)
    fix = JsFixSyntax(text, builder.libraries, builder.statement_offsets)
    return facts, fix


# Tokens that make an expression do something when evaluated.
_NOT_SIMPLE = frozenset({"(", "[", "{", "=", "++", "--", "=>", "new", "await", "yield", "?."})

class _Builder:
    def __init__(self, src: Source, structure: Structure, bindings: Bindings) -> None:
        self.src = src
        self.structure = structure
        self.bindings = bindings
        self.funcs: dict[int, Func] = {f.id: f for f in structure.funcs}
        self.libraries: dict[int, str | None] = {}
        self.statement_offsets: dict[int, tuple[int, int]] = {}
        self.calls: list[CommandCall] = []
        self.call_tokens: list[int] = []  # method token of each call
        self.call_ranges: list[tuple[int, int]] = []  # first (await) and last token of each call
        self._decls: dict[tuple[int, str], list] = {}
        for b in bindings.list:
            scope = structure.scope_of[b.index] if b.index < src.n else 0
            self._decls.setdefault((scope, b.key), []).append(b)

    # -- the whole file ----------------------------------------------------

    def build(self, path: str, imports) -> FileFacts:
        src, structure = self.src, self.structure
        self._callback_loops()
        for loop in structure.loops:
            if loop.kind != "callback":
                loop.scope = structure.scope_of[loop.keyword] if loop.keyword < src.n else 0
        self.stmt_of = innermost(structure.stmts, src.n)
        self._find_calls()
        constructions = self._constructions()
        scopes = self._scopes()
        loops = self._loops()
        statements = self._statements()
        exported, exported_factories = self._exports()
        assigned = {b.rhs[0] - 1: b.key for b in self.bindings.list if b.rhs is not None and "." not in b.key}
        scope_end = {f.id: f.end for f in structure.funcs}
        flows = reply_flows(src, self.calls, self.call_ranges, structure.scope_of, scope_end, assigned)
        return FileFacts(
            path=path,
            language="javascript",
            calls=tuple(self.calls),
            constructions=tuple(constructions),
            scopes=tuple(scopes),
            loops=tuple(loops),
            statements=tuple(statements),
            suppressions=suppressions(src),
            flows=tuple(flows),
            exports=tuple(Export(n, ExportKind.CLIENT, Flavor.UNKNOWN) for n in exported)
            + tuple(Export(n, ExportKind.FACTORY, Flavor.UNKNOWN) for n in exported_factories),
            imports=tuple(ImportedName(i.local, i.module, i.name) for i in imports if i.relative),
        )

    def _opener(self, i: int) -> int:
        """The unmatched opening bracket enclosing token i, or -1."""
        return self.src.enclosing[i] if 0 <= i < self.src.n else -1

    def _is_call_paren(self, k: int) -> bool:
        src = self.src
        if src.t(k) != "(":
            return False
        before = src.t(k - 1)
        if src.is_ident(k - 1):
            return before not in ("if", "while", "for", "switch", "catch", "with", "return", "typeof",
                                  "await", "function", "async") or src.after_dot(k - 1)
        return before in (")", "]", ">", "?.")

    # -- loops ----------------------------------------------------------------

    def _callback_loops(self) -> None:
        src = self.src
        for i in range(1, src.n - 2):
            if src.t(i) in (".", "?.") and src.t(i + 1) in _CALLBACK_LOOPS and src.t(i + 2) == "(":
                args = src.args(i + 2)
                if not args:
                    continue
                first, last = args[0]
                func = self.structure.by_head.get(first)
                if func is None or func.kind == "class" or func.end > last:
                    continue
                recv_start = self._receiver_start(i - 1)
                if self.bindings.receiver(recv_start, i - 1) is not None:
                    continue  # a method of a client, not an array
                self.structure.add_callback_loop(func, (recv_start, i - 1))

    def _loops_at(self, k: int, scope: int) -> tuple[int, ...]:
        """Loops around token k in its scope, and in the scopes around a
        callback that is itself the body of a loop (`ids.map(id => ...)`)."""
        found: list[LoopInfo] = []
        current = scope
        for _ in range(50):
            here = [lp for lp in self.structure.loops if lp.scope == current and lp.start <= k <= lp.end]
            found.extend(here)
            callback = next((lp for lp in self.structure.loops if lp.func == current), None)
            func = self.funcs.get(current)
            if callback is None or func is None:
                break
            current = func.parent
            k = func.head
            here = [lp for lp in self.structure.loops if lp.scope == current and lp.start <= k <= lp.end]
            found.extend(lp for lp in here if lp not in found)
            if not any(lp.func == current for lp in self.structure.loops):
                break
        found = list({lp.id: lp for lp in found}.values())
        found.sort(key=lambda lp: (lp.start, -lp.end))
        return tuple(lp.id for lp in found)

    def _loops(self) -> list[Loop]:
        src = self.src
        out = []
        for lp in self.structure.loops:
            targets = set(lp.targets)
            replies: set[str] = set()
            for call, tok in zip(self.calls, self.call_tokens):
                if lp.start <= tok <= lp.end:
                    replies.update(call.result_names)
            # Names derived from the loop variable or a reply inside the body.
            for b in self.bindings.list:
                if b.rhs is None or not (lp.start <= b.index <= lp.end) or "." in b.key:
                    continue
                reads = src.names_read(*b.rhs)
                if reads & targets:
                    targets.add(b.key)
                if reads & replies:
                    replies.add(b.key)
            batches = True
            if lp.kind == "while":
                batches = self._while_batches(lp)
            iterable = src.src(*lp.iterable) if lp.iterable else ""
            head = self.funcs[lp.func].head if lp.kind == "callback" and lp.func is not None else lp.keyword
            out.append(
                Loop(
                    id=lp.id, kind=lp.kind, scope=lp.scope, span=src.span(head, max(lp.end, head)),
                    targets=frozenset(targets), batches=batches, reply_names=frozenset(replies),
                    iterable_text=iterable, is_async=lp.is_async,
                )
            )
        return out

    def _while_batches(self, lp: LoopInfo) -> bool:
        src = self.src
        if lp.cond is not None:
            cond = src.normal(*lp.cond) if lp.cond[0] <= lp.cond[1] else ""
            if cond in ("true", "1", "!0", "!false", ""):
                return False
        first = lp.body[0] if lp.body else lp.start
        last = max(lp.end, lp.cond[1] if lp.cond else lp.end)
        for k in range(first, last + 1):
            text = src.t(k)
            if text in ("++", "--", "+=", "-="):
                return True
            if text in ("pop", "shift", "splice") and src.after_dot(k) and src.t(k + 1) == "(":
                return True
        return False

    # -- command calls --------------------------------------------------------

    def _receiver_start(self, end: int) -> int:
        src = self.src
        k = end
        start = end
        while k >= 0 and end - k < 500:
            text = src.t(k)
            if text == "!" and k > 0 and src.value_ends(k - 1):
                k -= 1
                continue
            if text in (")", "]") and src.kind(k) is Kind.PUNCT:
                p = src.partner[k]
                if p < 0:
                    return start
                start = p
                if text == ")" and self._is_call_paren(p):
                    k = p - 1
                    if src.t(k) == "?.":
                        k -= 1
                    continue
                if text == "]" and (src.is_ident(p - 1) or src.t(p - 1) in (")", "]")) and src.t(p - 1) not in KEYWORDS:
                    k = p - 1
                    continue
                return start
            if src.is_ident(k):
                start = k
                if src.t(k - 1) in (".", "?."):
                    k -= 2
                    continue
                return start
            return start
        return start

    def _find_calls(self) -> None:
        src = self.src
        for i in range(1, src.n - 2):
            if src.t(i) not in (".", "?.") or src.kind(i + 1) is not Kind.IDENT or src.t(i + 2) != "(":
                continue
            method = src.t(i + 1)
            if method not in JS_METHODS and method not in _RAW:
                continue
            close = src.partner[i + 2]
            if close < 0:
                continue
            r1 = i - 1
            if src.t(r1) == "!":
                r1 -= 1
            r0 = self._receiver_start(r1)
            found = self.bindings.receiver(r0, r1)
            if found is None:
                continue
            call = self._call(i, method, r0, r1, close, found)
            if call is not None:
                self.calls.append(call)
                self.call_tokens.append(i + 1)
                self.call_ranges.append((r0 - 1 if call.awaited else r0, close))
                self.libraries[call.span.start] = found[2]

    def _call(self, dot: int, method: str, r0: int, r1: int, close: int, found) -> CommandCall | None:
        src = self.src
        kind, evidence, _library = found
        args = src.args(dot + 2)
        raw = method in _RAW
        has_splat = any(src.t(a) == "..." for a, _ in args)
        if raw:
            words, args = self._raw_words(args)
            if not words:
                return None
            command = raw_command_name(words) or words[0].upper()
        else:
            command = JS_METHODS[method]
        spec = COMMANDS.get(command)
        if spec is not None and not raw and len(args) < spec.min_args and not has_splat:
            return None  # `settings.get()` is no GET
        scope = self.structure.scope_of[dot]
        arguments = [self._argument(a, b) for a, b in args]
        options, splat_in_options = self._options(args, spec)
        keys = self._keys(args, spec, scope)
        stmt_id = self.stmt_of[dot]
        stmt = self.structure.stmts[stmt_id - 1] if stmt_id else None
        awaited = src.t(r0 - 1) == "await" and src.t(close + 1) not in (".", "?.", "[")
        first = r0 - 1 if awaited else r0
        is_stmt = stmt is not None and stmt.start == first and stmt.end in (close, close + 1) and (
            stmt.end == close or src.t(stmt.end) == ";"
        )
        reads: set[str] = set()
        for a in arguments:
            reads |= a.reads
        return CommandCall(
            command=command,
            method=method,
            receiver=src.src(r0, r1),
            receiver_kind=kind,
            flavor=Flavor.ASYNC,
            evidence=evidence,
            span=src.span(r0, close),
            method_span=src.span(dot + 1, dot + 1),
            args=tuple(arguments),
            options=tuple(options),
            keys=tuple(keys),
            has_splat=has_splat or splat_in_options,
            awaited=awaited,
            scope=scope,
            loops=self._loops_at(dot, scope),
            stmt=stmt_id,
            stmt_line=src.toks[stmt.start].line if stmt else src.toks[r0].line,
            reads=frozenset(reads),
            receiver_reads=src.names_read(r0, r1),
            result_names=self._result_names(first, close),
            is_expression_statement=is_stmt,
            raw=raw,
        )

    def _raw_words(self, args: list[tuple[int, int]]) -> tuple[list[str], list[tuple[int, int]]]:
        """sendCommand(['CONFIG', 'SET', ...]) and call('keys', p): the command
        words, and the arguments that follow them."""
        src = self.src
        items = args
        if args and src.t(args[0][0]) == "[" and src.skip(args[0][0]) == args[0][1]:
            items = src.args(args[0][0])
        words: list[str] = []
        for a, b in items[:2]:
            if a == b and src.kind(a) is Kind.STRING:
                words.append(string_value(src.toks[a]))
            else:
                break
        if not words:
            return [], []
        command = raw_command_name(words) or ""
        used = 2 if " " in command else 1
        rest = items[used:]
        if items is args and len(rest) == 1 and src.t(rest[0][0]) == "[" and src.skip(rest[0][0]) == rest[0][1]:
            rest = src.args(rest[0][0])  # v3 send_command('KEYS', ['*'])
        return words[:used], rest

    def _literal(self, a: int, b: int) -> tuple[object, bool, bool]:
        """(value, is_literal, is_none) of the expression a..b."""
        src = self.src
        if a == b:
            tok = src.toks[a]
            if tok.kind is Kind.STRING:
                return string_value(tok), True, False
            if tok.kind is Kind.TEMPLATE:
                return template_chunk(tok)[0], True, False
            if tok.kind is Kind.NUMBER:
                return _number(tok.text), True, False
            if tok.text in ("true", "false"):
                return tok.text == "true", True, False
            if tok.text in ("null", "undefined"):
                return None, False, True
        if b == a + 1 and src.t(a) == "-" and src.kind(b) is Kind.NUMBER:
            value = _number(src.t(b))
            return (-value if isinstance(value, (int, float)) else None), True, False
        return None, False, False

    def _argument(self, a: int, b: int, keyword: str | None = None, nested: bool = False) -> Argument:
        src = self.src
        value, is_literal, is_none = self._literal(a, b)
        call: str | None = None
        call_args: tuple[Argument, ...] = ()
        if src.t(b) == ")" and a <= src.partner[b] - 1 and src.is_ident(src.partner[b] - 1):
            call = src.t(src.partner[b] - 1)  # `new Retry(...)`, `makeStrategy(...)`
            if not nested:
                call_args = tuple(self._argument(x, y, None, True) for x, y in src.args(src.partner[b]))
        return Argument(
            text=src.src(a, b), span=src.span(a, b), keyword=keyword, literal=value,
            is_literal=is_literal, is_none=is_none, reads=src.names_read(a, b),
            call=call, call_args=call_args, returns=self._function_returns(a, b),
            simple=b - a < 16 and all(src.t(k) not in _NOT_SIMPLE for k in range(a, b + 1)),
        )

    def _function_returns(self, a: int, b: int) -> tuple[ReturnWord, ...] | None:
        """What each return of the function a..b gives (`null`, `undefined`,
        `false` or `value`), or None when a..b is no function."""
        src = self.src
        k = a + 1 if src.t(a) == "async" else a
        if src.t(b) == "}" and src.partner[b] > k:
            body = src.partner[b]
            head = src.t(k)
            if head == "function" or (src.is_ident(k) and src.t(k + 1) == "(" and src.skip(k + 1) + 1 == body):
                return self._block_returns(body, b)  # `function (t) {...}`, a method `retryStrategy(t) {...}`
        if src.t(k) == "(":
            arrow = src.skip(k) + 1
        elif src.is_ident(k):
            arrow = k + 1
        else:
            return None
        if src.t(arrow) != "=>" or arrow >= b:
            return None
        if src.t(arrow + 1) == "{" and src.skip(arrow + 1) == b:
            return self._block_returns(arrow + 1, b)
        return (self._returned_word(arrow + 1, b),)

    def _block_returns(self, open_: int, close: int) -> tuple[ReturnWord, ...]:
        src = self.src
        found: list[ReturnWord] = []
        k = open_ + 1
        while k < close:
            t = src.t(k)
            if t == "=>" and src.t(k + 1) == "{":
                k = src.skip(k + 1) + 1  # a nested arrow's returns are its own
                continue
            if t == "function":
                j = k
                while j < close and src.t(j) != "{":
                    j = src.skip(j) + 1
                k = src.skip(j) + 1
                continue
            if t == "return":
                j = k + 1
                if j >= close or src.t(j) in (";", "}") or src.newline_before(j):
                    found.append("undefined")
                else:
                    end = j
                    while end + 1 < close and src.t(end + 1) not in (";", "}") and not src.newline_before(end + 1):
                        end = src.skip(end + 1)
                    found.append(self._returned_word(j, end))
            k += 1
        return tuple(found) or ("undefined",)  # falling off the end gives undefined

    def _returned_word(self, a: int, b: int) -> ReturnWord:
        if a == b and self.src.t(a) in ("null", "undefined", "false"):
            return cast(ReturnWord, self.src.t(a))
        return "value"

    def _object_entries(self, open_idx: int, flatten: bool) -> tuple[list[Argument], bool]:
        """Entries of the object literal at open_idx as keyword Arguments
        (nested objects too when `flatten`), and whether it spreads."""
        src = self.src
        out: list[Argument] = []
        splat = False
        work = [open_idx]
        while work:
            opener = work.pop()
            for a, b in src.args(opener):
                if src.t(a) == "...":
                    splat = True
                    continue
                key_tok = src.toks[a]
                if key_tok.kind is Kind.STRING:
                    key = string_value(key_tok)
                elif key_tok.kind in (Kind.IDENT, Kind.NUMBER):
                    key = key_tok.text
                else:
                    continue
                if src.t(a + 1) == ":" and a + 2 <= b:
                    out.append(self._argument(a + 2, b, key))
                    if flatten and src.t(a + 2) == "{" and src.skip(a + 2) == b:
                        work.append(a + 2)
                elif a == b:
                    out.append(self._argument(a, b, key))  # shorthand `{ password }`
                else:
                    func = self.structure.by_head.get(a)
                    if func is not None:  # a method: `retryStrategy() { ... }`
                        out.append(self._argument(a, b, key))
        return out, splat

    def _options(self, args: list[tuple[int, int]], spec) -> tuple[list[Argument], bool]:
        src = self.src
        options: list[Argument] = []
        splat = False
        if spec is not None and spec.keys == "mapping":
            return options, splat
        start = max(1, spec.min_args if spec is not None else 1)
        k = 0
        while k < len(args):
            a, b = args[k]
            if k >= 1 and src.t(a) == "{" and src.skip(a) == b:
                entries, spread = self._object_entries(a, flatten=False)
                options.extend(entries)
                splat = splat or spread
            elif k >= start and a == b and src.kind(a) is Kind.STRING:
                word = string_value(src.toks[a]).upper()
                if word in _VALUE_WORDS and k + 1 < len(args):
                    va, vb = args[k + 1]
                    options.append(self._argument(va, vb, word))
                    k += 2
                    continue
                if word in _FLAG_WORDS:
                    options.append(Argument(src.src(a, b), src.span(a, b), word, True, True))
            k += 1
        return options, splat

    # -- keys -----------------------------------------------------------------

    def _keys(self, args: list[tuple[int, int]], spec, scope: int) -> list[KeyExpr]:
        src = self.src
        if spec is None or not args:
            return []
        if spec.keys == "first":
            chosen = args[:1]
        elif spec.keys == "first2":
            chosen = args[:2]
        elif spec.keys == "all":
            chosen = []
            for a, b in args:
                if src.t(a) == "[" and src.skip(a) == b:
                    chosen.extend(src.args(a))
                elif not (a == b and src.kind(a) is Kind.NUMBER):
                    chosen.append((a, b))
        elif spec.keys == "mapping":
            a, b = args[0]
            if src.t(a) == "{" and src.skip(a) == b:
                chosen = []
                for ea, eb in src.args(a):
                    if src.t(ea) == "[" and src.partner[ea] > ea:
                        chosen.append((ea + 1, src.partner[ea] - 1))
                    elif src.kind(ea) in (Kind.STRING, Kind.IDENT, Kind.NUMBER) and src.t(ea) != "...":
                        chosen.append((ea, ea))
            else:
                chosen = args[0::2]
        else:
            return []
        return [self._key(a, b, scope) for a, b in chosen if src.t(a) != "..."]

    def _key(self, a: int, b: int, scope: int) -> KeyExpr:
        src = self.src
        s, e = src.strip_parens(a, b)
        via = False
        if s == e and src.is_name(s):
            decls = self._decls.get((scope, src.t(s)), [])
            if len(decls) == 1 and decls[0].rhs is not None and decls[0].kind == "decl" and decls[0].index < s:
                s, e = src.strip_parens(*decls[0].rhs)
                via = True
        parts, literal_span, join = self._key_parts(s, e)
        text = self._normal_key(s, e)
        return KeyExpr(tuple(parts), src.span(a, b), text, literal_span, join, via)

    def _normal_key(self, s: int, e: int) -> str:
        src = self.src
        out = []
        for k in range(s, e + 1):
            tok = src.toks[k]
            out.append(json.dumps(string_value(tok)) if tok.kind is Kind.STRING else tok.text)
        return "".join(out)

    def _key_parts(self, s: int, e: int) -> tuple[list[str | None], Span | None, int | None]:
        src = self.src
        # Operands of a top-level `+` chain; anything else is one operand.
        operands: list[tuple[int, int]] = []
        start = s
        k = s
        plain = True
        while k <= e:
            text = src.t(k)
            if src.kind(k) is Kind.PUNCT and text == "+" and k > start:
                operands.append((start, k - 1))
                start = k + 1
            elif src.kind(k) is Kind.PUNCT and text in ("-", "*", "/", "%", "?", "||", "??", "&&", "=>"):
                plain = False
            k = src.skip(k) + 1
        operands.append((start, e))
        if not plain:
            operands = [(s, e)]
        # pieces: (literal or None, literal span start, literal span end, join offset)
        pieces: list[tuple[str | None, int, int, int | None]] = []
        for a, b in operands:
            pieces.extend(self._operand_pieces(a, b, len(operands) > 1))
        parts: list[str | None] = []
        literal_span = None
        join = None
        merged: list[list] = []
        for value, p_start, p_end, p_join in pieces:
            if value is not None and merged and merged[-1][0] is not None:
                merged[-1][0] += value
                merged[-1][2] = p_end
                merged[-1][3] = p_join
            elif value == "":
                continue
            else:
                merged.append([value, p_start, p_end, p_join])
        for n, (value, p_start, p_end, p_join) in enumerate(merged):
            if value == "":
                continue
            parts.append(value)
            if value is not None and literal_span is None:
                literal_span = src.span_of(p_start, p_end)
            if value is not None and join is None and n + 1 < len(merged) and merged[n + 1][0] is None:
                join = p_join
        if not parts:
            parts = [None]
        return parts, literal_span, join

    def _operand_pieces(self, a: int, b: int, in_concat: bool) -> list[tuple[str | None, int, int, int | None]]:
        src = self.src
        a, b = src.strip_parens(a, b)
        tok = src.toks[a]
        if a == b and tok.kind is Kind.STRING:
            closed = len(tok.text) > 1 and tok.text.endswith(tok.text[0])
            return [(string_value(tok), tok.start, tok.end, tok.end - 1 if closed else tok.end)]
        if a == b and tok.kind is Kind.TEMPLATE:
            value, _, chunk_end = template_chunk(tok)
            return [(value, tok.start, tok.end, chunk_end)]
        if a == b and tok.kind is Kind.NUMBER and in_concat:
            return [(tok.text, tok.start, tok.end, tok.end)]
        if tok.kind is Kind.TEMPLATE_HEAD:
            pieces: list[tuple[str | None, int, int, int | None]] = []
            k = a
            for _ in range(10000):
                piece = src.toks[k]
                value, chunk_start, chunk_end = template_chunk(piece)
                begin = piece.start if piece.kind is Kind.TEMPLATE_HEAD else chunk_start
                pieces.append((value, begin, chunk_end, chunk_end))
                if piece.kind is Kind.TEMPLATE_TAIL:
                    break
                p = src.partner[k]
                if p <= k or p > b:
                    break
                pieces.append((None, 0, 0, None))
                k = p
            return pieces
        return [(None, 0, 0, None)]

    def _result_names(self, first: int, close: int) -> tuple[str, ...]:
        src = self.src
        eq = first - 1
        if src.t(eq) != "=" or src.kind(eq) is not Kind.PUNCT:
            return ()
        end = src.expr_end(eq + 1)
        if end != close:
            return ()
        target = eq - 1
        if src.t(target) in ("]", "}") and src.partner[target] >= 0:
            opener = src.partner[target]
            return tuple(
                src.t(m) for m in range(opener + 1, target) if src.is_name(m) and src.t(m + 1) != ":"
            )
        if src.is_name(target):
            return (src.t(target),)
        # `const x: string | null = ...`: walk back over the annotation.
        k = target
        while k > 0 and target - k < 30 and src.t(k) != ":":
            k = (src.partner[k] if src.t(k) in (")", "]", "}", ">") and src.partner[k] >= 0 else k) - 1
        if src.t(k) == ":" and src.is_name(k - 1) and src.t(k - 2) in ("const", "let", "var"):
            return (src.t(k - 1),)
        return ()

    # -- constructions --------------------------------------------------------

    def _constructions(self) -> list[Construction]:
        src = self.src
        out = []
        for i in range(src.n):
            text = src.t(i)
            if text == "new" and src.is_ident(i) and not src.after_dot(i):
                k = i + 1
                while src.is_ident(k) or (src.t(k) == "." and src.is_ident(k + 1)):
                    k += 1
                callee_end = k - 1
                if callee_end <= i:
                    continue
                ctor = self.bindings.constructor_of(i + 1, callee_end)
                if ctor is None or ctor.kind != CTOR:
                    continue
                if src.t(k) == "<":
                    k = self.structure.skip_angle(k)
                open_idx = k if src.t(k) == "(" else -1
                out.append(self._construction(i, callee_end, open_idx, ctor))
            elif text in ("createClient", "createCluster") and src.t(i + 1) in ("(", ")"):
                first = i - 2 if src.after_dot(i) and src.is_ident(i - 2) else i
                open_idx = i + 1
                if src.t(i + 1) == ")":  # `(0, redis_1.createClient)(...)` in compiled CommonJS
                    if self.bindings.comma_callee(i + 1) != (first, i) or src.t(i + 2) != "(":
                        continue
                    open_idx = i + 2
                ctor = self.bindings.constructor_of(first, i)
                if ctor is None or ctor.kind != FACTORY_FN:
                    continue
                out.append(self._construction(first, i, open_idx, ctor))
        return out

    def _construction(self, first: int, callee_end: int, open_idx: int, ctor) -> Construction:
        src = self.src
        last = src.skip(open_idx) if open_idx >= 0 else callee_end
        args = src.args(open_idx) if open_idx >= 0 else []
        options: list[Argument] = []
        splat = any(src.t(a) == "..." for a, _ in args)
        for a, b in args:
            if src.t(a) == "{" and src.skip(a) == b:
                entries, spread = self._object_entries(a, flatten=True)
                options.extend(entries)
                splat = splat or spread
        scope = self.structure.scope_of[first]
        stmt_id = self.stmt_of[first]
        stmt = self.structure.stmts[stmt_id - 1] if stmt_id else None
        return Construction(
            kind="client",
            constructor=ctor.constructor or "",
            library=ctor.library or "",
            flavor=Flavor.ASYNC,
            span=src.span(first, last),
            stmt_line=src.toks[stmt.start].line if stmt else src.toks[first].line,
            scope=scope,
            loops=self._loops_at(first, scope),
            options=tuple(options),
            args=tuple(self._argument(a, b) for a, b in args),
            has_splat=splat,
            fate=self._fate(first, last, scope),
        )

    def _fate(self, s: int, e: int, scope: int) -> Fate:
        src = self.src
        func = self.funcs.get(scope)
        if func is not None and func.kind == "class":
            return "stored"  # a class field: one per instance, kept on it
        # Chained `.on('error', ...)` / `.connect()` give the client back.
        while src.t(e + 1) == "." and src.t(e + 2) in _CHAINED and src.t(e + 3) == "(" and src.partner[e + 3] > e:
            e = src.partner[e + 3]
        for _ in range(12):
            p = s - 1
            if src.t(p) == "await":
                s = p
                continue
            if src.t(p) == "(" and src.partner[p] == e + 1 and not self._is_call_paren(p):
                s, e = p, e + 1
                continue
            if src.t(p) in ("||", "??", "&&", "?", ":") or src.t(e + 1) in ("||", "??", "?", ":"):
                if src.t(p) == ":" and self._object_key_colon(p):
                    opener = self._opener(s)
                    if opener >= 0 and src.t(opener) == "{":
                        s, e = opener, src.skip(opener)
                        continue
                grown = self._grow_expression(s, e)
                if grown == (s, e):
                    break
                s, e = grown
                continue
            if src.t(p) in ("(", ",", "[", "{", "...") or (src.t(p) == ":" and self._object_key_colon(p)):
                opener = self._opener(s)
                if opener < 0:
                    break
                if self._is_call_paren(opener) or src.t(opener - 1) == "new":
                    return "passed"
                if src.t(opener) in ("[", "{") or (src.t(opener) == "(" and not self._is_call_paren(opener)):
                    s, e = opener, src.skip(opener)
                    continue
            break
        if scope == 0:
            return "module"
        p = s - 1
        if src.t(p) in ("return", "=>"):
            return "returned"
        if src.t(p) in ("||=", "??="):
            return "singleton"
        if src.t(p) == "=" and src.kind(p) is Kind.PUNCT:
            target = self.bindings.target_range(p)
            name = None
            declared = False
            if target is not None:
                first, last = target
                key = src.normal(first, last)
                if first == last:
                    name = key
                    declared = src.t(first - 1) in ("const", "let", "var") or any(
                        b.kind == "decl" for b in self._decls.get((scope, key), [])
                    )
                if self._guarded(s, key) or self._self_default(p, e, key):
                    return "singleton"
            else:
                k = p - 1
                while k > 0 and p - k < 30 and src.t(k) != ":":
                    k = (src.partner[k] if src.t(k) in (")", "]", "}", ">") and src.partner[k] >= 0 else k) - 1
                if src.t(k) == ":" and src.t(k - 2) in ("const", "let", "var"):
                    name, declared = src.t(k - 1), True
            if name is not None and declared:
                return self._local_fate(name, e, scope)
            return "stored"
        if src.t(p) in ("export", "default"):
            return "stored"
        return "dropped"

    def _object_key_colon(self, p: int) -> bool:
        src = self.src
        return (src.is_ident(p - 1) or src.kind(p - 1) is Kind.STRING) and src.t(p - 2) in ("{", ",")

    def _grow_expression(self, s: int, e: int) -> tuple[int, int]:
        """Widen s..e to the whole `a || b`, `c ? a : b` expression around it."""
        src = self.src
        k = s - 1
        while k >= 0:
            text = src.t(k)
            if src.kind(k) is Kind.PUNCT and text in (")", "]", "}") and src.partner[k] >= 0:
                k = src.partner[k] - 1
                continue
            if text in ("=", "||=", "??=", "return", "=>", "(", "[", "{", ",", ";", "await", "export", "default") \
                    or (text == ":" and self._object_key_colon(k)):
                break
            k -= 1
        start = k + 1
        end = src.expr_end(start)
        return (min(start, s), max(end, e))

    def _guarded(self, s: int, key: str) -> bool:
        """Is s inside `if (!key) { ... }` (or any `if` that tests key)?"""
        src = self.src
        for st in self.structure.stmts:
            if st.compound and st.start < s <= st.end and src.t(st.start) == "if" and st.header:
                a, b = st.header
                if key in src.normal(a, b):
                    return True
        return False

    def _self_default(self, eq: int, e: int, key: str) -> bool:
        """`client = client || createClient()`."""
        src = self.src
        return src.normal(eq + 1, min(e, eq + 40)).startswith(key + "||") or src.normal(
            eq + 1, min(e, eq + 40)
        ).startswith(key + "??")

    def _local_fate(self, name: str, after: int, scope: int) -> Fate:
        src = self.src
        func = self.funcs.get(scope)
        end = func.end if func is not None else src.n - 1
        found = set()
        for k in range(after + 1, min(end, src.n - 1) + 1):
            if src.t(k) != name or not src.is_name(k):
                continue
            here = self.structure.scope_of[k]
            prev, nxt = src.t(k - 1), src.t(k + 1)
            whole = nxt in (";", ",", ")", "}", "]", "", "as") or src.asi_break(k + 1)
            if here != scope:
                found.add("stored")  # captured by a callback that outlives the call
            elif prev in ("return", "=>") and whole:
                found.add("returned")
            elif prev == "=" and src.t(k - 2) != name and whole:
                found.add("stored")
            elif prev in ("(", ",", "{", ":", "[", "...") and nxt in (")", ",", "}", "]"):
                opener = self._opener(k)
                if opener >= 0 and (self._is_call_paren(opener) or src.t(opener) in ("{", "[")):
                    found.add("passed")
        for fate in ("returned", "stored", "passed"):
            if fate in found:
                return fate
        return "dropped"

    # -- scopes, statements, exports --------------------------------------------

    def _scopes(self) -> list[Scope]:
        src = self.src
        out = [Scope(0, "module", "<module>", None, False, False, False,
                     src.span(0, src.n - 1) if src.n else None)]
        for func in self.structure.funcs:
            handler = func.kind != "class" and self._is_handler(func)
            name = func.name
            if handler and name.startswith("<"):
                name = self._route_name(func) or name
            out.append(
                Scope(
                    id=func.id, kind=func.kind, name=name, parent=func.parent,
                    is_async=func.is_async, is_handler=handler,
                    is_memoised=False, span=src.span(func.head, max(func.end, func.head)),
                )
            )
        return out

    def _is_handler(self, func: Func) -> bool:
        src = self.src
        params = func.params
        if params[:2] in _HANDLER_PARAMS:
            return True
        if any(d.split("(")[0].split(".")[-1] in _HANDLER_DECORATORS for d in func.decorators):
            return True
        exported = self._exported_name(func.head)
        if exported is not None and (exported in _HTTP_EXPORTS or (exported == "default" and params[:1] == ("req",))):
            return True
        if func.name in _HTTP_EXPORTS and exported is not None:
            return True
        opener = self._opener(func.head)
        if opener >= 0 and self._is_call_paren(opener) and src.t(opener - 1) in _ROUTE_METHODS:
            callee_end = opener - 1
            if src.after_dot(callee_end):
                recv_start = self._receiver_start(callee_end - 2)
                names = [src.t(k) for k in range(recv_start, callee_end - 1) if src.is_ident(k) and src.t(k) != "this"]
                if any(_ROUTE_HOST.search(n) for n in names):
                    return True
        return False

    def _route_name(self, func: Func) -> str | None:
        """`app.get('/users', (req, res) => ...)` is the handler `GET /users`."""
        src = self.src
        opener = self._opener(func.head)
        if opener < 0 or not self._is_call_paren(opener):
            return None
        method = src.t(opener - 1)
        first = opener + 1
        if src.kind(first) is Kind.STRING and method in _ROUTE_METHODS:
            return f"{method.upper()} {string_value(src.toks[first])}"
        return None

    def _exported_name(self, head: int) -> str | None:
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

    def _statements(self) -> list[Statement]:
        src = self.src
        counts: dict[int, int] = {}
        for call in self.calls:
            counts[call.stmt] = counts.get(call.stmt, 0) + 1
        binds: dict[int, set[str]] = {}
        for b in self.bindings.list:
            if "." in b.key or b.kind == "param" or b.index >= src.n:
                continue
            stmt = self.stmt_of[b.index]
            if stmt:
                binds.setdefault(stmt, set()).add(b.key)
        out = []
        for st in sorted(self.structure.stmts, key=lambda s: s.id):
            self.statement_offsets[st.id] = (src.toks[st.start].start, src.toks[st.end].end)
            out.append(
                Statement(
                    id=st.id, block=st.block, index=st.index, line=src.toks[st.start].line,
                    command_count=counts.get(st.id, 0), compound=st.compound, binds=frozenset(binds.get(st.id, ())),
                )
            )
        return out

    def _exports(self) -> tuple[list[str], list[str]]:
        src = self.src
        names = self.bindings.names
        clients: list[str] = []
        factories: list[str] = []

        def note(local: str, exported: str) -> None:
            value = names.get(local)
            if value is not None and value.kind == CLIENT:
                clients.append(exported)
            elif local in self.bindings.factories:
                factories.append(exported)

        for i in range(src.n):
            text = src.t(i)
            if text == "export" and src.is_ident(i) and not src.after_dot(i):
                nxt = src.t(i + 1)
                if nxt in ("const", "let", "var") and src.is_ident(i + 2):
                    note(src.t(i + 2), src.t(i + 2))
                elif nxt == "default" and src.is_name(i + 2) and src.t(i + 3) in (";", ""):
                    note(src.t(i + 2), "default")
                elif nxt == "{":
                    for a, b in src.args(i + 1):
                        local = src.t(a)
                        exported = src.t(b) if b == a + 2 and src.t(a + 1) == "as" else local
                        note(local, exported)
                elif nxt in ("function", "async"):
                    j = i + 2 if nxt == "function" else i + 3
                    if src.is_ident(j):
                        note(src.t(j), src.t(j))
            elif text == "exports" and src.t(i + 1) == "=" and src.t(i - 1) == ".":
                if src.is_name(i + 2):
                    note(src.t(i + 2), "default")
                elif src.t(i + 2) == "{":
                    for a, b in src.args(i + 2):
                        if a == b:
                            note(src.t(a), src.t(a))
                        elif src.t(a + 1) == ":" and b == a + 2:
                            note(src.t(b), src.t(a))
            elif text == "exports" and src.t(i + 1) == "." and src.is_ident(i + 2) and src.t(i + 3) == "=":
                rhs_end = src.expr_end(i + 4)
                value = self.bindings.value(i + 4, rhs_end)
                if value is not None and value.kind == CLIENT:
                    clients.append(src.t(i + 2))
                elif rhs_end == i + 4:
                    note(src.t(i + 4), src.t(i + 2))
        return sorted(set(clients)), sorted(set(factories))


def _number(text: str) -> int | float | None:
    clean = text.replace("_", "").rstrip("n")
    try:
        if clean[:2].lower() in ("0x", "0o", "0b"):
            return int(clean, 0)
        if any(c in clean for c in ".eE"):
            return float(clean)
        return int(clean)
    except ValueError:
        return None


__all__ = ["Evidence", "ReceiverKind", "analyze"]
