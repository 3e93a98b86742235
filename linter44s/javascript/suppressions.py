"""`// linter44s-disable-next-line RDS101`, `// linter44s-disable-line`, and
`/* linter44s-disable RDS101 */ ... /* linter44s-enable */` comments (read by noqa.py)."""

from __future__ import annotations

from linter44s.facts import Suppression
from linter44s.javascript.source import Source
from linter44s.noqa import js_suppressions


def suppressions(src: Source) -> tuple[Suppression, ...]:
    comments = ((tok.start, tok.end, tok.text) for tok in src.comments)
    return js_suppressions(comments, src.text, lambda offset: src.index.line_col(offset)[0], src.index.line_count())
