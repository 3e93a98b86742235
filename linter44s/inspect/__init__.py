"""`linter44s inspect`: a read-only look at a live Redis, tied to the rules.

connect.py opens the connection (URL, password, TLS, timeouts) and turns
every failure into one line; stats.py reads INFO and 44S.USAGE; sample.py
walks a bounded part of the keyspace with SCAN; families.py groups keys by
their `type:id:field` shape; report.py computes the flags and the JSON;
render.py prints the tables; run.py ties them together (and each primary of
a cluster).
"""

from __future__ import annotations

# Every command `inspect` sends, and nothing else: an operator can grant
# exactly these with an ACL (docs/inspect.md shows the ACL SETUSER line).
# 44S.USAGE is tried first where the server has it; INFO is the fallback.
READ_ONLY_COMMANDS: tuple[str, ...] = (
    "INFO", "44S.USAGE", "SCAN", "TYPE", "PTTL", "MEMORY USAGE",
    "LLEN", "SCARD", "ZCARD", "HLEN", "XLEN", "CLUSTER NODES",
)
