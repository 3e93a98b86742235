#!/usr/bin/env python3
"""Baseline for the JS/TS tree: read every file and run one regex tokenizer.

    python bench/jstok.py DIR

No parsing, no rules: the floor for anything written in Python that looks
at every token.  Regex literals are not told from division (a tokenizer
needs the previous token for that); for a speed floor it does not matter.
"""

from __future__ import annotations

import os
import re
import sys

SUFFIXES = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts")
SKIP_DIRS = {"node_modules", ".git"}

TOKEN = re.compile(
    r"""
    (?P<ws>[ \t\r\n\f\v\u00a0\ufeff]+)
  | (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<template>`(?:[^`\\]|\\.)*`)
  | (?P<number>0[xX][0-9a-fA-F_]+n?|0[bB][01_]+n?|0[oO][0-7_]+n?
               |(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?n?)
  | (?P<name>[A-Za-z_$\u0080-\uffff#@][\w$\u0080-\uffff]*)
  | (?P<punct>>>>=|\.\.\.|===|!==|\*\*=|<<=|>>=|>>>|&&=|\|\|=|\?\?=
              |=>|==|!=|<=|>=|&&|\|\||\?\?|\?\.|\+\+|--|\+=|-=|\*=|/=|%=|&=|\|=|\^=|\*\*|<<|>>
              |[{}()\[\];,<>+\-*/%&|^!~?:=.])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def tokens(text: str) -> int:
    count = 0
    for match in TOKEN.finditer(text):
        if match.lastgroup != "ws":
            count += 1
    return count


def main(argv: list[str]) -> int:
    files = total = 0
    for top in argv or ["."]:
        for folder, dirs, names in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
            for name in sorted(names):
                if name.endswith(SUFFIXES):
                    with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as fh:
                        total += tokens(fh.read())
                    files += 1
    print(f"{files} files, {total} tokens")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
