"""A small tokenizer for JavaScript and TypeScript (and their JSX forms).

It knows exactly what the analysis needs and no more: where strings,
template literals (with nested `${ ... }`), regular expressions, comments
and JSX text begin and end, so that nothing inside them is mistaken for
code.  It never builds a tree: `tokens.match_brackets` pairs the brackets instead.

It never raises on bad input and never recurses: unterminated strings,
templates and comments end at the line or file end, and any character it
does not know becomes a one-character UNKNOWN token.  Every step consumes at
least one character, so time is linear in the input.  `scan` also says
where the first template or block comment that never ends opens: the rest of
the file would be read as its text, so the frontend calls that a syntax error.
"""

from __future__ import annotations

import bisect
import re
import sys
from dataclasses import dataclass
from enum import Enum


class Kind(str, Enum):
    IDENT = "ident"  # identifiers, keywords, `#private` names
    NUMBER = "number"
    STRING = "string"  # '...' or "..." (also JSX attribute strings)
    TEMPLATE = "template"  # `...` with no substitution
    TEMPLATE_HEAD = "template-head"  # `...${
    TEMPLATE_MIDDLE = "template-middle"  # }...${
    TEMPLATE_TAIL = "template-tail"  # }...`
    REGEX = "regex"
    PUNCT = "punct"
    COMMENT = "comment"  # //, /* */ and a #! line
    JSX_TEXT = "jsx-text"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Token:
    kind: Kind
    text: str  # the source text of the token
    start: int  # offsets into the decoded text, end exclusive
    end: int
    line: int  # 1-based
    col: int  # 1-based, in characters


# Keywords after which an expression (so a regex, or JSX) may start.  `of`
# is one only in a `for (x of y)` header: elsewhere it is a plain name.
_EXPR_KEYWORDS = frozenset(
    {
        "return", "typeof", "instanceof", "in", "new", "delete", "void", "throw",
        "case", "do", "else", "yield", "await", "extends", "default", "export",
    }
)
# Before `function`, these make it a declaration, not an expression whose `}` a division may follow.
_DECLARATION_BEFORE = frozenset({";", "{", "}", ")", "else", "do", "export", "default"})
# Keywords whose parenthesised header may be followed by a regex: `if (x) /re/.test(s)`.
_HEADER_KEYWORDS = frozenset({"if", "while", "for", "with"})
# Tokens before `{` that make it an object literal rather than a block.
_EXPR_BEFORE_BRACE = frozenset(
    {"(", ",", "=", ":", "[", "?", "??", "||", "&&", "!", "+", "-", "*", "%", "<", ">",
     "==", "===", "!=", "!==", "+=", "-=", "||=", "&&=", "??=", "...", "return", "yield",
     "await", "typeof", "case", "in", "of", "new", "void", "throw", "delete"}
)

_DIGITS = "0123456789"
_WS = re.compile(r"[\s\ufeff]+")
_LINE_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029]")  # JavaScript's line terminators
_IDENT = re.compile(r"(?:[^\W\d]|\$)[\w$\u200c\u200d]*")
_JSX_IDENT = re.compile(r"(?:[^\W\d]|\$)[\w$\-]*")
_NUMBER = re.compile(
    r"0[xX][0-9a-fA-F_]*n?|0[bB][01_]*n?|0[oO][0-7_]*n?"
    r"|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?n?"
)
_STRING = {
    "'": re.compile(r"'(?:[^'\\\r\n]|\\(?:\r\n|[\s\S]))*'?"),
    '"': re.compile(r'"(?:[^"\\\r\n]|\\(?:\r\n|[\s\S]))*"?'),
}
_JSX_STRING = {"'": re.compile(r"'[^']*'?"), '"': re.compile(r'"[^"]*"?')}
_TEMPLATE_CHUNK = re.compile(r"[^`\\$]+|\\[\s\S]?|\$(?!\{)")
_REGEX = re.compile(
    r"/(?![*/])(?:[^/\\\[\r\n\u2028\u2029]|\\[^\r\n\u2028\u2029]"
    r"|\[(?:[^\]\\\r\n\u2028\u2029]|\\[^\r\n\u2028\u2029])*\])+/[\w$]*"
)
_LINE_COMMENT = re.compile(r"[^\r\n\u2028\u2029]*")
_JSX_TEXT = re.compile(r"[^<{]+")
_PUNCT = re.compile(
    r">>>=|\.\.\.|===|!==|\*\*=|<<=|>>=|>>>|&&=|\|\|=|\?\?=|=>|==|!=|<=|>=|&&|\|\||\?\?"
    r"|\?\.(?!\d)|\+\+|--|\+=|-=|\*=|/=|%=|&=|\|=|\^=|\*\*|<<|>>|[{}()\[\];,<>+\-*/%&|^!~?:=.@]"
)

# Entries of the mode stack.  Code is the default; the stack says what a
# closing `}` ends and whether we are inside JSX.
_BLOCK, _OBJECT, _SUBST = "block", "object", "subst"
_FUNCTION_BODY = "function-body"  # of a function expression: `function () {} / 2` divides
_JSX_CHILD_EXPR, _JSX_ATTR_EXPR = "jsx-child-expr", "jsx-attr-expr"
_JSX_OPEN_TAG, _JSX_CLOSE_TAG, _JSX_CHILDREN = "jsx-open-tag", "jsx-close-tag", "jsx-children"
_JSX_TAGS = (_JSX_OPEN_TAG, _JSX_CLOSE_TAG)


class LineIndex:
    """Offsets to 1-based lines and columns.  A BOM is not a column."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
        self.bom = 1 if text.startswith("\ufeff") else 0

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        start = self.starts[line - 1]
        if line == 1 and offset >= self.bom:
            start = self.bom
        return line, offset - start + 1

    def line_count(self) -> int:
        return len(self.starts)


def _end(pattern: re.Pattern[str], text: str, pos: int) -> int:
    """Where a token that `pattern` reads from `pos` ends (these patterns always
    match at their opener; one character is the fallback that keeps the scan going)."""
    found = pattern.match(text, pos)
    return found.end() if found is not None else pos + 1


@dataclass(frozen=True, slots=True)
class Unterminated:
    """A template literal or block comment that runs to the end of the file."""

    what: str  # "template literal" | "comment"
    start: int  # offset of its opening


def tokenize(text: str, jsx: bool = True, typescript: bool = False, index: LineIndex | None = None) -> list[Token]:
    """All tokens of `text`, comments included, in order.

    `jsx` enables JSX elements in expression position (.js/.jsx/.tsx);
    plain .ts files have `<T>x` casts instead."""
    return scan(text, jsx, typescript, index)[0]


def scan(
    text: str, jsx: bool = True, typescript: bool = False, index: LineIndex | None = None
) -> tuple[list[Token], Unterminated | None]:
    """`tokenize`, and the first template or block comment that never ends."""
    scanner = _Scanner(text, jsx, typescript, index or LineIndex(text))
    return scanner.run(), scanner.unterminated


def is_jsx_path(path: str) -> bool:
    lower = path.lower()
    return not lower.endswith((".ts", ".mts", ".cts"))


def is_typescript_path(path: str) -> bool:
    return path.lower().endswith((".ts", ".mts", ".cts", ".tsx"))


class _Scanner:
    def __init__(self, text: str, jsx: bool, typescript: bool, index: LineIndex) -> None:
        self.text = text
        self.jsx = jsx
        self.typescript = typescript
        self.index = index
        self.tokens: list[Token] = []
        self.modes: list[str] = []
        # For each open paren, what its `)` closes: a control header (a regex
        # may follow: `if (...) /x/`), a function expression's parameters, or other.
        self.parens: list[str] = []
        self.prev: Token | None = None  # last significant token
        self.prev_prev: Token | None = None
        self.regex_after_paren = False  # the last `)` closed a control header
        self.regex_after_brace = False  # the last `}` closed a block
        self.function_expression = False  # a `function` in expression position awaits its `(`
        self.body_next = False  # the last `)` closed a function expression's parameters
        self.unterminated: Unterminated | None = None
        self.templates: list[int] = []  # where each template whose `${` we are in opens
        self.pos = 0  # how far it has read (advance)
        # The line the last token started on: tokens come in order, so most lie on it (see emit).
        self._line, self._line_start, self._line_next = 0, 0, -1

    # -- helpers -------------------------------------------------------

    def emit(self, kind: Kind, start: int, end: int) -> Token:
        if not self._line_start <= start < self._line_next:
            self._locate(start)
        tok = Token(kind, self.text[start:end], start, end, self._line, start - self._line_start + 1)
        self.tokens.append(tok)
        if kind is not Kind.COMMENT:
            self.prev_prev, self.prev = self.prev, tok
        return tok

    def _locate(self, offset: int) -> None:
        """The line of `offset` and where its columns count from (LineIndex.line_col)."""
        starts = self.index.starts
        line = bisect.bisect_right(starts, offset)
        self._line, self._line_start = line, starts[line - 1]
        self._line_next = starts[line] if line < len(starts) else sys.maxsize
        if line == 1 and self.index.bom:
            if offset < self.index.bom:
                self._line_next = -1  # the BOM itself: a column of its own, not remembered
            else:
                self._line_start = self.index.bom

    def expression_allowed(self) -> bool:
        """Can an expression (a regex, a JSX element) start here?"""
        prev = self.prev
        if prev is None:
            return True
        kind, text = prev.kind, prev.text
        if kind is Kind.PUNCT:
            if text == ")":
                return self.regex_after_paren
            if text == "}":
                return self.regex_after_brace
            return text not in ("]", "++", "--")
        if kind is Kind.IDENT:
            after_dot = self.prev_prev is not None and self.prev_prev.text in (".", "?.")
            return (text in _EXPR_KEYWORDS or (text == "of" and self.of_is_keyword())) and not after_dot
        return kind in (Kind.TEMPLATE_HEAD, Kind.TEMPLATE_MIDDLE, Kind.JSX_TEXT)

    def of_is_keyword(self) -> bool:
        """Is the `of` just read the keyword of `for (x of y)`, not a name?"""
        before = self.prev_prev
        if not self.parens or self.parens[-1] != "for" or before is None:
            return False
        if before.kind is Kind.PUNCT:
            return before.text in ("]", "}")  # `for (const [a, b] of pairs)`
        return before.kind is Kind.IDENT and before.text not in ("let", "const", "var", "of")

    def in_expression(self) -> bool:
        """Does a `function` read now start an expression (not a declaration)?"""
        prev = self.prev
        if prev is not None and prev.text == "async":
            prev = self.prev_prev
        if prev is None or prev.text in _DECLARATION_BEFORE or prev.text in (".", "?."):
            return False
        if prev.kind is Kind.PUNCT:
            return True
        return prev.kind is Kind.IDENT and prev.text in _EXPR_KEYWORDS

    def brace_kind(self) -> str:
        prev = self.prev
        if prev is None:
            return _BLOCK
        if prev.kind is Kind.PUNCT and prev.text == "=>":
            return _BLOCK
        if prev.kind in (Kind.PUNCT, Kind.IDENT) and prev.text in _EXPR_BEFORE_BRACE:
            return _OBJECT
        if prev.kind in (Kind.TEMPLATE_HEAD, Kind.TEMPLATE_MIDDLE):
            return _OBJECT
        return _BLOCK

    # -- main loop -----------------------------------------------------

    def run(self) -> list[Token]:
        self.advance(len(self.text))
        if self.templates:  # the file ends inside a `${`: its template never closes
            self.note_unterminated("template literal", self.templates[0])
        return self.tokens

    def advance(self, until: int) -> int:
        """Read on until past offset `until` (or the end); where it stopped.
        The tokens so far are those a whole run starts with."""
        text, n = self.text, len(self.text)
        pos = self.pos
        if pos == 0:
            if text.startswith("\ufeff"):
                pos = 1
            if text.startswith("#!", pos):
                end = _end(_LINE_COMMENT, text, pos)
                self.emit(Kind.COMMENT, pos, end)
                pos = end
        while pos < n and pos < until:
            mode = self.modes[-1] if self.modes else _BLOCK
            if mode == _JSX_CHILDREN:
                pos = self.jsx_children(pos)
            elif mode in _JSX_TAGS:
                pos = self.jsx_tag(pos, mode)
            else:
                pos = self.code(pos)
        self.pos = pos
        return pos

    def code(self, pos: int) -> int:
        text = self.text
        ws = _WS.match(text, pos)
        if ws:
            return ws.end()
        ch = text[pos]
        nxt = text[pos + 1] if pos + 1 < len(text) else ""
        if ch == "/" and nxt == "/":
            end = _end(_LINE_COMMENT, text, pos)
            self.emit(Kind.COMMENT, pos, end)
            return end
        if ch == "/" and nxt == "*":
            close = text.find("*/", pos + 2)
            end = len(text) if close < 0 else close + 2
            if close < 0:
                self.note_unterminated("comment", pos)
            self.emit(Kind.COMMENT, pos, end)
            return end
        if ch in ("'", '"'):
            end = _end(_STRING[ch], text, pos)
            self.emit(Kind.STRING, pos, end)
            return end
        if ch == "`":
            return self.template(pos, pos + 1, head=True)
        if ch in _DIGITS or (ch == "." and nxt in _DIGITS and nxt):
            m = _NUMBER.match(text, pos)
            end = max(m.end() if m else pos + 1, pos + 1)
            self.emit(Kind.NUMBER, pos, end)
            return end
        m = _IDENT.match(text, pos)
        if m:
            if m.group() == "function":
                self.function_expression = self.in_expression()
            self.emit(Kind.IDENT, pos, m.end())
            return m.end()
        if ch == "#":
            m = _IDENT.match(text, pos + 1)
            end = m.end() if m else pos + 1
            self.emit(Kind.IDENT if m else Kind.UNKNOWN, pos, end)
            return end
        if ch == "/" and self.expression_allowed():
            m = _REGEX.match(text, pos)
            if m:
                self.emit(Kind.REGEX, pos, m.end())
                return m.end()
        if ch == "<" and self.jsx and self.starts_jsx(pos):
            self.emit(Kind.PUNCT, pos, pos + 1)
            self.modes.append(_JSX_OPEN_TAG)
            return pos + 1
        m = _PUNCT.match(text, pos)
        if not m:
            self.emit(Kind.UNKNOWN, pos, pos + 1)
            return pos + 1
        return self.punct(pos, m.end())

    def punct(self, pos: int, end: int) -> int:
        value = self.text[pos:end]
        if value == "(":
            self.parens.append(self.paren_kind())
        elif value == ")":
            closed = self.parens.pop() if self.parens else ""
            self.regex_after_paren = closed in _HEADER_KEYWORDS
            self.body_next = closed == "params"
        elif value == "{":
            self.modes.append(_FUNCTION_BODY if self.body_next else self.brace_kind())
            self.body_next = False
        elif value == "}":
            top = self.modes.pop() if self.modes else _BLOCK
            if top == _SUBST:
                return self.template(pos, pos + 1, head=False)
            self.regex_after_brace = top == _BLOCK
            self.emit(Kind.PUNCT, pos, end)
            if top == _JSX_ATTR_EXPR:
                self.modes.append(_JSX_OPEN_TAG)
            return end
        self.emit(Kind.PUNCT, pos, end)
        return end

    def paren_kind(self) -> str:
        """What the `(` just read opens: a control header (`if`, `for`, ...),
        a function expression's parameters ("params"), or "" for anything else."""
        prev, before = self.prev, self.prev_prev
        if prev is None or prev.kind is not Kind.IDENT:
            if self.function_expression and prev is not None and prev.text == "*":
                self.function_expression = False
                return "params"  # `function* (`
            return ""
        if prev.text in _HEADER_KEYWORDS and not (before is not None and before.text in (".", "?.")):
            return prev.text
        if prev.text == "await" and before is not None and before.text == "for":
            return "for"  # `for await (const x of xs)`
        named = before is not None and before.text in ("function", "*")
        if self.function_expression and (prev.text == "function" or named):
            self.function_expression = False
            return "params"
        return ""

    def note_unterminated(self, what: str, start: int) -> None:
        if self.unterminated is None:
            self.unterminated = Unterminated(what, start)

    def template(self, start: int, pos: int, head: bool) -> int:
        """Scan template text from `pos` (just after ` or }) to ` or ${."""
        text = self.text
        n = len(text)
        while pos < n:
            ch = text[pos]
            if ch == "`":
                if not head and self.templates:
                    self.templates.pop()
                self.emit(Kind.TEMPLATE if head else Kind.TEMPLATE_TAIL, start, pos + 1)
                return pos + 1
            if ch == "$" and text.startswith("${", pos):
                if head:
                    self.templates.append(start)
                self.emit(Kind.TEMPLATE_HEAD if head else Kind.TEMPLATE_MIDDLE, start, pos + 2)
                self.modes.append(_SUBST)
                return pos + 2
            m = _TEMPLATE_CHUNK.match(text, pos)
            pos = m.end() if m and m.end() > pos else pos + 1
        # Unterminated: the template runs to the end of the file.
        self.note_unterminated("template literal", start if head or not self.templates else self.templates[-1])
        self.emit(Kind.TEMPLATE if head else Kind.TEMPLATE_TAIL, start, n)
        return n

    # -- JSX -----------------------------------------------------------

    def starts_jsx(self, pos: int) -> bool:
        if not self.expression_allowed():
            return False
        text = self.text
        nxt = text[pos + 1] if pos + 1 < len(text) else ""
        if nxt == ">":
            return True  # a fragment
        m = _JSX_IDENT.match(text, pos + 1)
        if not m:
            return False
        if self.typescript:
            # `<T,>(x) => x` and `<T extends U>(x) => x` are generic arrows in .tsx.
            rest = text[m.end() : m.end() + 9].lstrip()
            if rest.startswith((",", "extends ")):
                return False
        return True

    def jsx_tag(self, pos: int, mode: str) -> int:
        text = self.text
        ws = _WS.match(text, pos)
        if ws:
            return ws.end()
        ch = text[pos]
        if ch == "/" and mode == _JSX_OPEN_TAG and self.prev is not None and self.prev.text == "<":
            # `</name>`: this tag closes the element whose children we are in.
            self.modes[-1] = _JSX_CLOSE_TAG
            self.emit(Kind.PUNCT, pos, pos + 1)
            return pos + 1
        if ch == "/" and text.startswith("/>", pos):
            # A self-closing element ends here.
            self.emit(Kind.PUNCT, pos, pos + 2)
            self.modes.pop()
            return pos + 2
        if ch == ">":
            self.emit(Kind.PUNCT, pos, pos + 1)
            self.modes.pop()
            if mode == _JSX_OPEN_TAG:
                self.modes.append(_JSX_CHILDREN)
            elif self.modes and self.modes[-1] == _JSX_CHILDREN:
                self.modes.pop()  # the closing tag ends its element
            return pos + 1
        if ch == "{":
            # An attribute value or spread: code until its `}`, then the tag again.
            self.emit(Kind.PUNCT, pos, pos + 1)
            self.modes[-1] = _JSX_ATTR_EXPR
            return pos + 1
        if ch in ("'", '"'):
            end = _end(_JSX_STRING[ch], text, pos)
            self.emit(Kind.STRING, pos, end)
            return end
        if ch == "/" and text.startswith(("//", "/*"), pos):
            return self.code(pos)
        m = _JSX_IDENT.match(text, pos)
        if m:
            self.emit(Kind.IDENT, pos, m.end())
            return m.end()
        kind = Kind.PUNCT if ch in "=:.<" else Kind.UNKNOWN
        self.emit(kind, pos, pos + 1)
        return pos + 1

    def jsx_children(self, pos: int) -> int:
        text = self.text
        ch = text[pos]
        if ch == "{":
            self.emit(Kind.PUNCT, pos, pos + 1)
            self.modes.append(_JSX_CHILD_EXPR)
            return pos + 1
        if ch == "<":
            self.emit(Kind.PUNCT, pos, pos + 1)
            self.modes.append(_JSX_OPEN_TAG)
            return pos + 1
        end = _end(_JSX_TEXT, text, pos)
        # Whitespace-only text between tags is layout, not a token.
        if text[pos:end].strip():
            self.emit(Kind.JSX_TEXT, pos, end)
        return end


def code_shape(text: str, path: str, enough: int | None = None) -> tuple[int, int]:
    """How many characters of code `text` holds (comments left out, a string
    or template counted as its quotes) and on how many lines code starts.
    With `enough`, it may stop reading once it has counted more code than that."""
    chars = 0
    lines: set[int] = set()
    quoted = (Kind.STRING, Kind.TEMPLATE, Kind.TEMPLATE_HEAD, Kind.TEMPLATE_MIDDLE, Kind.TEMPLATE_TAIL)
    scanner = _Scanner(text, is_jsx_path(path), is_typescript_path(path), LineIndex(text))
    seen = 0
    while scanner.pos < len(text) and (enough is None or chars <= enough):
        scanner.advance(scanner.pos + _SHAPE_STEP)
        for tok in scanner.tokens[seen:]:
            if tok.kind is not Kind.COMMENT:
                chars += 2 if tok.kind in quoted else len(tok.text)
                lines.add(tok.line)
        seen = len(scanner.tokens)
    return chars, len(lines)


_SHAPE_STEP = 8192  # characters read between looks at the count
