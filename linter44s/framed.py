"""Pickled data in a frame that the caches read back safely.

A frame is a magic (which changes with the layout), a CRC of the payload
and the payload.  The CRC finds a damaged file; it is no defence against a
planted one.  The unpickler is: a cache folder sits inside a checkout that
may come from anyone, and plain pickle runs any callable a file names, so a
frame may name only linter44s's classes (when they are allowed) and a few
plain builtins.
"""

from __future__ import annotations

import io
import pickle
import zlib

_CHECK_SIZE = 4
_SAFE_GLOBALS = {
    "builtins": frozenset({"frozenset", "set", "tuple", "list", "dict", "str", "int", "float",
                           "bool", "bytes", "bytearray", "complex", "slice", "range"}),
    "collections": frozenset({"OrderedDict", "Counter", "deque"}),
    "pathlib": frozenset({"PurePath", "PurePosixPath", "PureWindowsPath", "Path", "PosixPath", "WindowsPath"}),
}


class _SafeUnpickler(pickle.Unpickler):
    def __init__(self, payload: memoryview, classes: bool) -> None:
        super().__init__(io.BytesIO(payload))
        self._classes = classes

    def find_class(self, module: str, name: str) -> object:
        if self._classes and (module == "linter44s" or module.startswith("linter44s.")):
            found = super().find_class(module, name)
            if isinstance(found, type):  # classes (dataclasses, enums), no functions
                return found
        elif self._classes and name in _SAFE_GLOBALS.get(module, ()):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"a cache file names {module}.{name}")


def encode(value: object, magic: bytes) -> bytes:
    """The framed pickle of `value` (raises if it cannot be pickled)."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return magic + zlib.crc32(payload).to_bytes(_CHECK_SIZE, "little") + payload


def decode(blob: bytes, magic: bytes, classes: bool = True) -> object | None:
    """What a frame holds, or None when it is damaged, of another layout, or
    names what it may not.  Without `classes`, only plain data is accepted."""
    header = len(magic) + _CHECK_SIZE
    if len(blob) < header or not blob.startswith(magic):
        return None
    payload = memoryview(blob)[header:]
    if zlib.crc32(payload).to_bytes(_CHECK_SIZE, "little") != blob[len(magic) : header]:
        return None
    try:
        return _SafeUnpickler(payload, classes).load()
    except Exception:  # noqa: BLE001 -- a class renamed since, or a planted file: nothing
        return None
