"""One tokenized file and the small questions every pass asks of it:
where an expression ends, what a call's arguments are, which names an
expression reads.  All indexes are into the significant (non-comment) tokens.
"""

from __future__ import annotations

import re

from linter44s.diagnostics import SourceError
from linter44s.facts import Span
from linter44s.javascript.tokenizer import Kind, LineIndex, Token, is_jsx_path, is_typescript_path, scan
from linter44s.javascript.tokens import match_brackets

# Words that are never a local name an expression reads.
KEYWORDS = frozenset(
    {
        "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete",
        "do", "else", "export", "extends", "finally", "for", "function", "if", "import", "in",
        "instanceof", "let", "new", "return", "super", "switch", "this", "throw", "try", "typeof",
        "var", "void", "while", "with", "yield", "await", "async", "of", "null", "undefined",
        "true", "false", "as", "satisfies", "static", "get", "set",
    }
)
# After these a newline does not end a statement (the expression goes on).
_CONTINUES = frozenset({"in", "instanceof", "as", "of", "satisfies"})
_NOT_VALUE_END = frozenset(
    {"return", "typeof", "new", "delete", "void", "throw", "case", "await", "yield", "in", "of",
     "instanceof", "else", "do", "extends", "as", "satisfies"}
)

_BREAKS = re.compile(r"[\r\n\u2028\u2029]")
_ONE_LINE = frozenset({Kind.IDENT, Kind.PUNCT, Kind.NUMBER})  # never hold a line break: no search needed


class Source:
    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path
        self.index = LineIndex(text)
        self.typescript = is_typescript_path(path)
        tokens, unterminated = scan(text, jsx=is_jsx_path(path), typescript=self.typescript, index=self.index)
        if unterminated is not None:
            # The rest of the file would be read as its text: nothing after it is checked.
            line, col = self.index.line_col(unterminated.start)
            raise SourceError(f"syntax error: unterminated {unterminated.what}", line, col)
        self.comments = [t for t in tokens if t.kind is Kind.COMMENT]
        self.toks: list[Token] = [t for t in tokens if t.kind is not Kind.COMMENT]
        # Each token's text, for the passes that look at every token: a list read
        # in a loop, not a method called per token (about 10 calls per token per file).
        self.texts: list[str] = [t.text for t in self.toks]
        self.n = len(self.toks)
        self.partner = match_brackets(self.toks)
        # End line of each token (strings, templates and JSX text can span lines).
        self.end_lines = [
            self.index.line_col(t.end)[0] if t.kind not in _ONE_LINE and _BREAKS.search(t.text) else t.line
            for t in self.toks
        ]
        self.enclosing = self._enclosing()

    # -- basic access --------------------------------------------------

    def t(self, i: int) -> str:
        """The text of token i, or "" past either end."""
        return self.texts[i] if 0 <= i < self.n else ""

    def kind(self, i: int) -> Kind | None:
        return self.toks[i].kind if 0 <= i < self.n else None

    def is_ident(self, i: int) -> bool:
        return 0 <= i < self.n and self.toks[i].kind is Kind.IDENT

    def is_name(self, i: int) -> bool:
        """An identifier used as a name (not a property after `.`, not a keyword)."""
        return self.is_ident(i) and self.t(i) not in KEYWORDS and self.t(i - 1) not in (".", "?.")

    def after_dot(self, i: int) -> bool:
        return self.t(i - 1) in (".", "?.")

    def span(self, i: int, j: int) -> Span:
        """The span from the start of token i to the end of token j."""
        i, j = max(0, min(i, self.n - 1)), max(0, min(j, self.n - 1))
        return self.span_of(self.toks[i].start, self.toks[j].end)

    def span_of(self, start: int, end: int) -> Span:
        line, col = self.index.line_col(start)
        end_line, end_col = self.index.line_col(end)
        return Span(line, col, end_line, end_col, start, end)

    def src(self, i: int, j: int) -> str:
        if i > j or i < 0 or j >= self.n:
            return ""
        return self.text[self.toks[i].start : self.toks[j].end]

    def end_line(self, i: int) -> int:
        return self.end_lines[i]

    def _enclosing(self) -> list[int]:
        """For each token, the innermost open bracket (or template piece) around it, or -1."""
        out = [-1] * self.n
        stack: list[int] = []
        partner = self.partner
        for k, tok in enumerate(self.toks):
            p = partner[k]
            closes = p >= 0 and p < k
            if closes:
                while stack and stack[-1] != p and stack[-1] > p:
                    stack.pop()  # unmatched openers inside a matched pair
                if stack and stack[-1] == p:
                    stack.pop()
            out[k] = stack[-1] if stack else -1
            if p > k:
                stack.append(k)
        return out

    def newline_before(self, i: int) -> bool:
        if i <= 0 or i >= self.n:
            return False
        return self.end_line(i - 1) < self.toks[i].line

    def skip(self, i: int) -> int:
        """The index of the last token of the group that opens at i (or i)."""
        p = self.partner[i] if 0 <= i < self.n else -1
        return max(i, p)

    # -- expressions ---------------------------------------------------

    def value_ends(self, i: int) -> bool:
        tok = self.toks[i]
        if tok.kind is Kind.IDENT:
            return tok.text not in _NOT_VALUE_END or self.after_dot(i)
        if tok.kind is Kind.PUNCT:
            return tok.text in (")", "]", "}", "++", "--")
        return tok.kind is not Kind.TEMPLATE_HEAD and tok.kind is not Kind.TEMPLATE_MIDDLE

    def starts_statement(self, i: int) -> bool:
        tok = self.toks[i]
        if tok.kind is Kind.IDENT:
            return tok.text not in _CONTINUES
        if tok.kind is Kind.PUNCT:
            return tok.text in ("++", "--", "@")
        return tok.kind in (Kind.NUMBER, Kind.STRING, Kind.TEMPLATE, Kind.TEMPLATE_HEAD)

    def asi_break(self, i: int) -> bool:
        """Does a newline before token i end the statement before it?"""
        return self.newline_before(i) and self.value_ends(i - 1) and self.starts_statement(i)

    def expr_end(self, i: int, limit: int | None = None, commas: bool = True) -> int:
        """The last token of the expression starting at i: before a `,`
        (when `commas`), `;`, an unmatched closer, or an ASI newline."""
        last = self.n - 1 if limit is None else min(limit, self.n - 1)
        k = i
        end = i - 1
        while k <= last:
            tok = self.toks[k]
            text = tok.text
            if k > i and self.asi_break(k):
                break
            if tok.kind is Kind.PUNCT:
                if text == ";" or (commas and text == ","):
                    break
                if text in (")", "]", "}"):
                    break
            elif tok.kind in (Kind.TEMPLATE_MIDDLE, Kind.TEMPLATE_TAIL):
                break
            end = self.skip(k)
            k = end + 1
        return max(end, i) if i <= last else i

    def statement_end(self, i: int, limit: int) -> int:
        """The last token of the simple statement starting at i (its `;` included)."""
        limit = min(limit, self.n - 1)
        k = i
        end = i
        while k <= limit:
            tok = self.toks[k]
            if k > i and self.asi_break(k):
                break
            if tok.kind is Kind.PUNCT and tok.text == ";":
                return k
            if tok.kind is Kind.PUNCT and tok.text in (")", "]", "}"):
                break  # unbalanced: stop rather than run past the block
            end = min(self.skip(k), limit)
            k = end + 1
        return end

    def args(self, open_idx: int) -> list[tuple[int, int]]:
        """The (first, last) token ranges of the comma-separated items in
        the bracket group that opens at open_idx."""
        close = self.partner[open_idx] if 0 <= open_idx < self.n else -1
        if close <= open_idx:
            return []
        items: list[tuple[int, int]] = []
        k = open_idx + 1
        while k < close:
            end = self.expr_end(k, close - 1)
            if end >= k and self.t(k) != ",":
                items.append((k, end))
            k = end + 1
            if self.t(k) == ",":
                k += 1
            elif k < close and self.t(k) != ",":
                k += 1  # a stray token: step over it
        return items

    def names_read(self, i: int, j: int) -> frozenset[str]:
        """Local names read by tokens i..j: identifiers that are not
        properties, keywords or object-literal keys."""
        found: set[str] = set()
        for k in range(max(i, 0), min(j, self.n - 1) + 1):
            tok = self.toks[k]
            if tok.kind is not Kind.IDENT or tok.text in KEYWORDS or tok.text.startswith("#"):
                continue
            if self.after_dot(k):
                continue
            if self.t(k + 1) == ":" and self.t(k - 1) in ("{", ","):
                continue  # an object key (shorthand `{ a }` still reads a)
            found.add(tok.text)
        return frozenset(found)

    def strip_parens(self, i: int, j: int) -> tuple[int, int]:
        while i < j and self.t(i) == "(" and self.partner[i] == j:
            i, j = i + 1, j - 1
        return i, j

    def normal(self, i: int, j: int) -> str:
        """Expression text without layout, `?.`/`!` noise, for comparing."""
        parts = []
        for k in range(max(i, 0), min(j, self.n - 1) + 1):
            text = self.toks[k].text
            if text == "?.":
                text = "."
            elif text == "!" and k > i and self.value_ends(k - 1) and self.t(k + 1) in (".", "?.", ")", "]", ",", ";", ""):
                continue  # TypeScript non-null assertion
            parts.append(text)
        return "".join(parts)
