"""The report as text tables (rich) or JSON."""

from __future__ import annotations

import json
from typing import IO

from linter44s.inspect.report import Report

MAX_FAMILIES = 30  # rows in the text table; the JSON has them all


def _size(n: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n = n / 1024  # type: ignore[assignment]
    return str(n)


def render_json(report: Report, out: IO[str]) -> None:
    out.write(json.dumps(report.to_json(), indent=2) + "\n")


def render_text(report: Report, out: IO[str], color: bool = False) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=out, no_color=not color, highlight=False, width=120, force_terminal=color)
    s, t = report.server, report.traffic
    console.print(Text(s.target, style="bold"), Text(f"Redis {s.version}, {s.role}, {s.mode}"
                  + (f" ({s.nodes} primaries)" if s.mode == "cluster" else "")
                  + f", {s.keys:,} keys, {_size(s.used_memory)} used, maxmemory-policy {s.maxmemory_policy}"))
    rate = "n/a (no lookups yet)" if t.hit_rate is None else f"{t.hit_rate:.1%}"
    source = "44S.USAGE" if t.source == "44s.usage" else "INFO stats"
    traffic = Table(title=f"Traffic (from {source})", title_justify="left")
    for name in ("hit rate", "hits", "misses", "requests", "bytes in", "bytes out", "evicted keys", "expired keys"):
        traffic.add_column(name, justify="right")
    extra = ["-" if v is None else f"{v:,}" for v in (t.evicted_keys, t.expired_keys)]
    traffic.add_row(rate, f"{t.hits:,}", f"{t.misses:,}", f"{t.requests:,}", _size(t.bytes_in), _size(t.bytes_out), *extra)
    console.print(traffic)
    _families(console, report)
    c = report.connections
    console.print(Text(f"Connections: {c.received:,} received in {c.since} ({c.per_second:,.2f}/s), "
                  f"{c.connected_clients:,} open, {c.rejected:,} rejected"))
    watched = ", ".join(f"{name.upper().replace('|', ' ')} {calls:,}" for name, calls in sorted(report.commands.items()))
    console.print(Text(f"Commands since start: {watched or 'none of the watched ones'}"))
    _flags(console, report)


def _families(console, report: Report) -> None:
    from rich.table import Table
    from rich.text import Text

    sample = report.sample
    if not sample.limit:
        console.print("Key families: not sampled (--sample 0)")
        return
    if sample.complete:
        how = "every key"
    else:
        how = "stopped by the time budget" if sample.out_of_time else f"limit {sample.limit:,}"
    families = Table(title=f"Key families ({sample.keys:,} keys sampled by SCAN in {sample.seconds:.2f} s, {how})",
                     title_justify="left")
    for name, justify in (("family", "left"), ("type", "left"), ("keys", "right"), ("no TTL", "right"),
                          ("memory", "right"), ("largest", "right")):
        families.add_column(name, justify=justify)  # type: ignore[arg-type]
    for f in report.families[:MAX_FAMILIES]:
        largest = "-" if f.max_length is None else f"{f.max_length:,}"
        families.add_row(Text(f.shape), Text(f.type), f"{f.keys:,}", f"{f.no_ttl_share:.0%}", _size(f.memory_bytes), largest)
    console.print(families)
    if len(report.families) > MAX_FAMILIES:
        console.print(f"{len(report.families) - MAX_FAMILIES:,} smaller families not shown (--output-format json has them all)")
    if sample.lookups_added:
        console.print(f"(Sampling added {sample.lookups_added:,} keyspace hits, read after the traffic above: TYPE, PTTL "
                      "and the length commands count as lookups.)")


def _flags(console, report: Report) -> None:
    from rich.table import Table
    from rich.text import Text

    if not report.flags:
        console.print("No flags: nothing here is runtime evidence for a rule.")
        return
    table = Table(title="Flags (runtime evidence for the rules)", title_justify="left")
    table.add_column("rule")
    table.add_column("what the server shows")
    for flag in report.flags:
        table.add_row(flag.code, Text(flag.message))
    console.print(table)
