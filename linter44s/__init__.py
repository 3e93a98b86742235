"""linter44s: a static analyzer for Redis client code (Python and JavaScript/TypeScript)."""

__version__ = "0.1.0"
