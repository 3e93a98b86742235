"""Command calls as facts: `client.get(key)`, `pipe.hset(...)`, the raw
forms `sendCommand([...])` / `call('KEYS', ...)`, with their options, keys,
and the names their replies are bound to."""

from __future__ import annotations

from linter44s.commands import CLIENT_SIDE, COMMANDS, IOREDIS_METHODS, JS_METHODS, RAW_METHODS, CommandSpec, raw_command_name
from linter44s.facts import Argument, CommandCall, Evidence, Flavor, ReceiverKind
from linter44s.javascript.arguments import Arguments
from linter44s.javascript.keys import Keys
from linter44s.javascript.model import FactBuilder, Model
from linter44s.javascript.tokenizer import Kind
from linter44s.javascript.tokens import string_value

_RAW = RAW_METHODS["ioredis"] | RAW_METHODS["node-redis"]
# ioredis spells options as positional words: set(k, v, 'EX', 60, 'NX').
_VALUE_WORDS = frozenset({"EX", "PX", "EXAT", "PXAT", "MATCH", "COUNT", "TYPE", "LIMIT"})
_FLAG_WORDS = frozenset({"NX", "XX", "KEEPTTL", "GET", "CH", "GT", "LT", "WITHSCORES"})

# ioredis streams of Buffer replies: `scanBufferStream`, `hscanBufferStream`, ...
_BUFFER_STREAMS = {f"{m}BufferStream": c for m, c in (("scan", "SCAN"), ("hscan", "HSCAN"), ("sscan", "SSCAN"), ("zscan", "ZSCAN"))}


def command_of(method: str) -> str | None:
    """The command a client method sends: `get`, `hGetAll`, node-redis's
    upper-case `HGETALL` / `CONFIG_SET`, ioredis's `getBuffer` / `hgetallBuffer`."""
    found = JS_METHODS.get(method)
    if found is not None:
        return found
    if method.isupper():  # node-redis v4/v5 spell every command in capitals too
        name = method.replace("_", " ")
        spec = COMMANDS.get(name)
        return name if spec is not None and CLIENT_SIDE not in spec.traits else None
    if method.endswith("Buffer"):  # ioredis: the same command, replies as Buffers
        return IOREDIS_METHODS.get(method[: -len("Buffer")])
    return _BUFFER_STREAMS.get(method)


class Calls(FactBuilder):
    """Finds the command calls of one file, in token order."""

    def __init__(self, model: Model) -> None:
        super().__init__(model)
        self.values = Arguments(model)
        self.keys = Keys(model)
        self.calls: list[CommandCall] = []
        self.call_tokens: list[int] = []  # method token of each call
        self.call_ranges: list[tuple[int, int]] = []  # first (await) and last token of each call
        self.libraries: dict[int, str | None] = {}  # library of the call starting at each offset

    def find(self) -> None:
        src = self.src
        texts = src.texts
        for i in range(1, src.n - 2):
            if texts[i] not in (".", "?.") or texts[i + 2] != "(" or src.toks[i + 1].kind is not Kind.IDENT:
                continue
            method = texts[i + 1]
            if method not in _RAW and command_of(method) is None:
                continue
            close = src.partner[i + 2]
            if close < 0:
                continue
            r1 = i - 1
            if src.t(r1) == "!":
                r1 -= 1
            r0 = self.m.receiver_start(r1)
            found = self.m.receivers.of(r0, r1)
            if found is None or (method.isupper() and found[1] is Evidence.NAME):
                continue  # capitals are node-redis's spelling: only on a receiver known to be a client
            call = self._call(i, method, r0, r1, close, found)
            if call is not None:
                self.calls.append(call)
                self.call_tokens.append(i + 1)
                self.call_ranges.append((r0 - 1 if call.awaited else r0, close))
                self.libraries[call.span.start] = found[2]

    def _call(self, dot: int, method: str, r0: int, r1: int, close: int, found: tuple[ReceiverKind, Evidence, str | None]) -> CommandCall | None:
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
            command = command_of(method) or ""
        spec = COMMANDS.get(command)
        if spec is not None and not raw and len(args) < spec.min_args and not has_splat:
            return None  # `settings.get()` is no GET
        scope = self.structure.scope_of[dot]
        arguments = [self.values.argument(a, b) for a, b in args]
        options, splat_in_options = self._options(args, spec)
        keys = self.keys.keys(args, spec, scope)
        stmt_id = self.m.stmt_of[dot]
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
            overlaps=not awaited,
            scope=scope,
            loops=self.m.loops_at(dot, scope),
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

    def _options(self, args: list[tuple[int, int]], spec: CommandSpec | None) -> tuple[list[Argument], bool]:
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
                entries, spread = self.values.object_entries(a, flatten=False)
                options.extend(entries)
                splat = splat or spread
            elif k >= start and a == b and src.kind(a) is Kind.STRING:
                word = string_value(src.toks[a]).upper()
                if word in _VALUE_WORDS and k + 1 < len(args):
                    va, vb = args[k + 1]
                    options.append(self.values.argument(va, vb, word))
                    k += 2
                    continue
                if word in _FLAG_WORDS:
                    options.append(Argument(src.src(a, b), src.span(a, b), word, True, True))
            k += 1
        return options, splat

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

