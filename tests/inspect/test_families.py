"""Keys grouped into families: two tables, keys and their family, and keys that stay apart."""

from __future__ import annotations

import pytest

from linter44s.config import DEFAULT_KEY_PATTERN
from linter44s.inspect.families import family_of, group
from linter44s.inspect.report import is_flat
from linter44s.inspect.sample import KeySample
from linter44s.patterns import compile_user


@pytest.mark.parametrize(("key", "family"), [
    ("user:42:profile", "user:{}:profile"),
    ("user:7", "user:{}"),
    ("order:5f0c6a0e-3b1d-4c55-9a1e-2b7f8e9d0a11:items", "order:{}:items"),
    ("cache:page:9f86d081884c7d659a2feaa0c55ad015", "cache:page:{}"),
    ("session:QmFzZTY0VG9rZW4xMjM0NTY3OA==", "session:{}"),
    ("session_8f3a9c2e11", "session_{}"),
    ("u123", "u{}"),
    ("ratelimit:10.0.0.1", "ratelimit:{}.{}.{}.{}"),
    ("featuredProducts", "featuredProducts"),
    ("config", "config"),
    ("user_profile_cache_2024", "user_profile_cache_{}"),  # words with underscores are no token
])
def test_family_of(key, family):
    assert family_of(key) == family


def test_a_very_long_key_is_shaped_on_its_head():
    assert family_of("blob:" + "a" * 100_000) == family_of("blob:" + "a" * 251)


def test_group_counts_ttls_memory_and_lengths():
    samples = [KeySample("user:1", "hash", -1, 100, 3), KeySample("user:2", "hash", 5000, 50, 9),
               KeySample("user:3", "string", -1, 10, None), KeySample("cfg", "string", -1, 5, None)]
    user, cfg = group(samples)
    assert (user.shape, user.type, user.keys, user.without_ttl, user.memory_bytes, user.max_length) == ("user:{}", "mixed", 3, 2, 160, 9)
    assert (cfg.shape, cfg.keys, cfg.max_length) == ("cfg", 1, None)


@pytest.mark.parametrize(("shape", "flat"), [
    ("user:{}:profile", False), ("session_{}", True), ("u{}", True), ("featuredProducts", True), ("config", False),
])
def test_flat_names_as_rds501_sees_them(shape, flat):
    assert is_flat(shape, compile_user(DEFAULT_KEY_PATTERN)) is flat
