"""iovalkey: the ioredis fork for Valkey, with ioredis's API."""

from __future__ import annotations

from dataclasses import replace

from linter44s.profiles import ioredis

PROFILE = replace(
    ioredis.PROFILE,
    name="iovalkey",
    title="iovalkey (`new Valkey()`, ioredis's API)",
    roots=("iovalkey",),
    family="ioredis",
    client_types=(*ioredis.PROFILE.client_types, "Valkey"),
    globals=(),
    notes="iovalkey 0.x: ioredis 5 renamed.",
)
