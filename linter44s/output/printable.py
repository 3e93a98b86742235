"""Output that can always be written, whatever the file names hold.

A file name that is not valid UTF-8 reaches Python with its bad bytes as
lone surrogates (surrogateescape), which a strict UTF-8 stream refuses.
As ruff does, names are shown lossily: each such byte becomes U+FFFD, and a
character the stream's encoding cannot hold becomes that encoding's `?`.
SARIF keeps the exact bytes in its URIs (percent-encoded); see sarif.py.
"""

from __future__ import annotations

import codecs
import io
import re
from typing import TextIO

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(text: str, encoding: str | None = None) -> str:
    """`text` with lone surrogates as U+FFFD and, for a non-UTF encoding,
    what it cannot encode replaced."""
    text = _LONE_SURROGATE.sub("\ufffd", text)
    if encoding and not codecs.lookup(encoding).name.startswith("utf"):
        text = text.encode(encoding, "replace").decode(encoding)
    return text


class PrintableStream(io.TextIOBase):
    """Writes through to `stream`, made `printable` for its encoding first."""

    def __init__(self, stream: TextIO, encoding: str | None = None) -> None:
        self._stream = stream
        self._encoding = encoding or getattr(stream, "encoding", None)

    def write(self, text: str) -> int:
        self._stream.write(printable(text, self._encoding))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def writable(self) -> bool:
        return True
