"""The Python frontend: `ast` to facts, and text edits for fixes."""
