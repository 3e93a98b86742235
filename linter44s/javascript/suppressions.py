"""`// linter44s-disable-next-line RDS101`, `// linter44s-disable-line`, and
`/* linter44s-disable RDS101 */ ... /* linter44s-enable */` comments."""

from __future__ import annotations

import re

from linter44s.facts import Suppression
from linter44s.javascript.source import Source

_DIRECTIVE = re.compile(r"linter44s-(disable-next-line|disable-line|disable|enable)\b([^\r\n\u2028\u2029*]*)")
_CODE = re.compile(r"\bRDS\d{1,3}\b", re.IGNORECASE)


def suppressions(src: Source) -> tuple[Suppression, ...]:
    found: list[Suppression] = []
    open_ranges: list[tuple[int, frozenset[str] | None]] = []
    last_line = src.index.line_count()
    for tok in src.comments:
        for m in _DIRECTIVE.finditer(tok.text):
            what = m.group(1)
            codes = frozenset(c.upper() for c in _CODE.findall(m.group(2))) or None
            line = src.index.line_col(tok.start + m.start())[0]
            end_line = src.index.line_col(tok.end)[0]
            if what == "disable-next-line":
                found.append(Suppression(end_line + 1, end_line + 1, codes))
            elif what == "disable-line":
                found.append(Suppression(line, line, codes))
            elif what == "disable":
                open_ranges.append((line, codes))
            else:
                keep: list[tuple[int, frozenset[str] | None]] = []
                for start, open_codes in open_ranges:
                    if codes is None or open_codes is None or open_codes & codes:
                        found.append(Suppression(start, line, open_codes))
                    else:
                        keep.append((start, open_codes))
                open_ranges = keep
    for start, codes in open_ranges:
        found.append(Suppression(start, last_line, codes))
    return tuple(found)
