"""Cache files: plain JSON in a frame that only this user could have made.

A frame is a magic (which changes with the layout), an HMAC of the payload
made with the user's secret (trust.py), and the payload.  The payload is
JSON, whose reading cannot run code: our frozen dataclasses travel as
`{"@": name, "v": [fields]}` and come back only as classes the caller lists,
built with exactly as many fields as they have now (a layout changed since
is a miss).  The MAC binds a context string too (an entry's own key, the
index's token), so a genuine file renamed or moved into another's place is
no answer either.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from enum import Enum

from linter44s import trust

Types = Mapping[str, type]


def encode(value: object, magic: bytes, secret: bytes, context: str) -> bytes:
    """The authenticated frame of `value` (raises TypeError for what JSON cannot carry)."""
    payload = json.dumps(_plain(value), separators=(",", ":"), check_circular=False).encode("ascii")
    return magic + trust.mac(secret, magic, context.encode("utf-8", "surrogatepass"), payload) + payload


def decode(blob: bytes, magic: bytes, secret: bytes, context: str, types: Types | None = None) -> object | None:
    """What a frame holds, or None when it is damaged, planted, of another
    layout or context, or names a class not in `types`."""
    header = len(magic) + trust.MAC_SIZE
    if len(blob) < header or not blob.startswith(magic):
        return None
    payload = memoryview(blob)[header:]
    expected = trust.mac(secret, magic, context.encode("utf-8", "surrogatepass"), payload.tobytes())
    if not trust.same(expected, blob[len(magic) : header]):
        return None
    try:
        return _tuples(json.loads(payload.tobytes(), object_hook=_Builder(types or {})))
    except (ValueError, TypeError, KeyError, RecursionError):
        return None


def _plain(value: object) -> object:
    """JSON-ready: tuples become lists, our dataclasses and enums tagged dicts."""
    kind = type(value)
    if kind in _SCALARS:  # the commonest first: a cache index holds hundreds of thousands of values
        return value
    if isinstance(value, (tuple, list)):
        if all(type(v) is str for v in value) or _rows_of_text(value, tuple):
            return value  # json writes tuples as lists as they are (a file's imports: rows of three names)
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return {"@": kind.__name__, "e": value.value}
    if isinstance(value, (bool, int, float, str)):
        return value
    names = _FIELDS.get(kind)
    if names is None:
        import dataclasses  # here: a replay decodes and never needs it

        if not dataclasses.is_dataclass(value) or isinstance(value, type):
            raise TypeError(f"a cache cannot hold {kind.__name__}")
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(value))
    return {"@": kind.__name__, "v": [_plain(getattr(value, name)) for name in names]}


_SCALARS = frozenset({str, int, float, bool, type(None)})
_FIELDS: dict[type, tuple[str, ...]] = {}  # a dataclass's field names, in order


def _tuples(value: object) -> object:
    """JSON arrays back to the tuples they were (every sequence we keep is one)."""
    if isinstance(value, list):
        if all(type(v) is str for v in value):
            return tuple(value)
        if _rows_of_text(value, list):
            return tuple(map(tuple, value))
        return tuple(_tuples(v) for v in value)
    return value


def _rows_of_text(value: tuple | list, row: type) -> bool:
    return all(type(v) is row for v in value) and all(type(x) is str for v in value for x in v)


class _Builder:
    """json's object_hook: a tagged dict back to the listed class, nothing else."""

    def __init__(self, types: Types) -> None:
        self.types = types
        self.sizes: dict[str, int] = {}
        if types:
            import dataclasses

            self.sizes = {name: len(dataclasses.fields(cls)) for name, cls in types.items() if dataclasses.is_dataclass(cls)}

    def __call__(self, obj: dict) -> object:
        name = obj["@"]
        cls = self.types[name]  # KeyError: a class we do not list
        if "e" in obj:
            if not issubclass(cls, Enum):
                raise TypeError("not an enum")
            return cls(obj["e"])
        values = obj["v"]
        if values.__class__ is not list or len(values) != self.sizes[name]:
            raise TypeError("another layout")
        return cls(*[_tuples(v) if v.__class__ is list else v for v in values])
