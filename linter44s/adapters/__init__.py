"""Thin adapters that run the engine for other tools: flake8, editors (LSP)."""
