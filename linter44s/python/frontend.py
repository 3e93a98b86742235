"""Python source -> FileFacts: parse, build the semantic model (scopes.py),
walk the statements once (statements.py) and gather the facts.

`ast` rather than libcst on the hot path: it parses about ten times faster
and its positions are exact; fixes are plain text edits over those spans
(see python/edits.py), checked by re-parsing the fixed file.
"""

from __future__ import annotations

import ast
from dataclasses import replace

from linter44s.config import Settings
from linter44s.diagnostics import SourceError
from linter44s.facts import Evidence, ExportKind, External, FileFacts, Flavor, ImportedName, KeyExpr, Span
from linter44s.prefilter import Mentions, any_word, words_of
from linter44s.python import chunks
from linter44s.python.bindings import CLIENT, FACTORY, Known
from linter44s.python.edits import PythonSyntax
from linter44s.python.exports import exports
from linter44s.python.flows import reply_flows
from linter44s.python.imports import scan_from_imports
from linter44s.python.positions import LineIndex
from linter44s.python.prose import names_library_in_code
from linter44s.python.scopes import SemanticModel
from linter44s.python.statements import Walker
from linter44s.python.suppressions import suppressions
from linter44s.python.uses import Parsed

__all__ = ["analyze"]


def analyze(
    text: str, path: str, settings: Settings, external: tuple[External, ...] = (), focus: bool = True,
    mentions: Mentions | None = None,
) -> tuple[FileFacts, PythonSyntax]:
    """Facts about one module; `external` says what the names it imports from
    the project are (engine.link_modules).
    With `focus`, top-level functions and classes that name nothing Redis-related are
    not walked (they cannot hold a finding); tests compare that with `focus=False`."""
    source = text.removeprefix("\ufeff")
    offset = len(text) - len(source)
    known_external = _imported_clients(external)
    external_names = {e.local.split(".", 1)[0] for e in external}  # what a skipped unit may use
    index = LineIndex(source)
    if mentions is None or offset:  # one over `text` serves only when no BOM shifts the offsets
        mentions = Mentions(source, settings)
    try:
        focused = _parse_focused(source, path, mentions, external_names) if focus else None
        tree, skipped = focused if focused is not None else (ast.parse(source, filename=path), [])
    except SyntaxError as exc:
        raise _syntax_error(exc) from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise SourceError(f"cannot parse: {exc}") from None
    try:
        if skipped:
            skipped = _fill_definitions(tree, source, skipped, path)
        model = SemanticModel(tree, settings, known_external, external)
        while skipped:
            # Skipped units that name a client found elsewhere in the module: parse them too.
            words = [words_of((c.text,)) for c in skipped]
            names = model.client_names(set().union(*words))
            wanted = [c for c, said in zip(skipped, words) if not names.isdisjoint(said)]
            if not wanted:
                break
            chunks.fill(tree, wanted, path)
            chosen = {id(c) for c in wanted}
            skipped = _fill_definitions(tree, source, [c for c in skipped if id(c) not in chosen], path)
            model = SemanticModel(tree, settings, known_external, external)
        facts = _facts(model, index, path, focus, mentions)
    except SyntaxError as exc:  # in a unit parsed late (chunks.fill): the same line as a whole-file parse gives
        raise _syntax_error(exc) from None
    except RecursionError:
        raise SourceError("too deeply nested to analyse") from None
    if skipped:
        # A skipped unit may use a name imported from the project that another
        # checked module exports as a client.  Report every such import, as for
        # an unparsed file: linking then checks this file again knowing it, and
        # the unit is parsed that time.
        facts = _with_imports(facts, scan_from_imports(source) + tuple(i for found in model.namespaces.values() for i in found))
    if offset:
        facts = _shift(facts, offset)
    return facts, PythonSyntax(text, offset)


def _syntax_error(exc: SyntaxError) -> SourceError:
    return SourceError(f"syntax error: {exc.msg}", exc.lineno or 1, exc.offset or 1)


def _imported_clients(entries: tuple[External, ...]) -> dict[str, Known]:
    flavors = {Flavor.ASYNC: Flavor.ASYNC}  # an unknown flavor was treated as sync before: keep it
    return {
        e.local: Known(CLIENT if e.kind is ExportKind.CLIENT else FACTORY, flavors.get(e.flavor, Flavor.SYNC), Evidence.IMPORTED)
        for e in entries
        if e.kind in (ExportKind.CLIENT, ExportKind.FACTORY)
    }


def _fill_definitions(tree: ast.Module, source: str, skipped: list, path: str) -> list:
    """Parse the skipped units that define a function or class the parsed code
    calls (a helper that returns a client, a class that is plainly not one:
    either can change a finding) or a base class that matters to its subclass
    (uses.Parsed), and the ones those ask for, and so on.
    Returns what is still skipped."""
    parsed = Parsed(chunks.text_outside(source, skipped))
    left = skipped
    while True:
        more = [c for c in left if parsed.wants(c.defines, c.text)]
        if not more:
            break
        chosen = {id(c) for c in more}
        left = [c for c in left if id(c) not in chosen]
        parsed.add("".join(c.text for c in more))
    if len(left) < len(skipped):
        still = {id(c) for c in left}
        chunks.fill(tree, [c for c in skipped if id(c) not in still], path)
    return left


def _parse_focused(source: str, path: str, mentions: Mentions, external: set[str]) -> tuple[ast.Module, list] | None:
    """Parse module-level code and the functions and classes that name a client
    library, a client-like name, or a client imported from another checked module."""
    names = any_word(external)

    def wanted(chunk: chunks.Chunk) -> bool:
        return names_library_in_code(mentions, chunk.start, chunk.start + len(chunk.text)) or (
            names is not None and names.search(chunk.text)
        )

    return chunks.parse_focused(source, path, wanted)


def _with_imports(facts: FileFacts, more: tuple[ImportedName, ...]) -> FileFacts:
    known = set(facts.imports)
    return replace(facts, imports=facts.imports + tuple(i for i in more if i not in known))


def _shift(facts: FileFacts, offset: int) -> FileFacts:
    """Re-base offsets past a BOM the parser never saw."""
    import dataclasses

    def fix(obj: object) -> object:
        if isinstance(obj, Span):
            return Span(obj.line, obj.col, obj.end_line, obj.end_col, obj.start + offset, obj.end + offset)
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            changes = {f.name: fix(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
            if isinstance(obj, KeyExpr) and obj.join_offset is not None:
                changes["join_offset"] = obj.join_offset + offset
            return dataclasses.replace(obj, **changes)
        if isinstance(obj, tuple):
            return tuple(fix(x) for x in obj)
        return obj

    shifted = fix(facts)
    assert isinstance(shifted, FileFacts)  # replace() keeps each dataclass's type
    return shifted


def _facts(model: SemanticModel, index: LineIndex, path: str, focus: bool, mentions: Mentions) -> FileFacts:
    """Walk the module once and gather what the walk and the model found."""
    walker = Walker(model, index, focus, mentions)
    walker.module_block()
    calls = walker.calls
    return FileFacts(
        path=path,
        language="python",
        calls=tuple(calls),
        constructions=tuple(walker.constructions),
        scopes=tuple(walker.scopes),
        loops=tuple(walker.loops),
        statements=walker.statement_facts(),
        suppressions=suppressions(index),
        flows=tuple(
            flow for fn, by_node in walker.calls_by_fn.values()
            if any(calls[i].value_use != "statement" for i in by_node.values())  # some reply is used
            for flow in reply_flows(fn, by_node)
        ),
        exports=exports(model),
        # Only the imports this module asked about: others cannot change its findings.
        imports=tuple(i for i in model.imports if i.local in model.consulted)
        # Modules imported whole and read as namespaces (`store.client`); all of them when a unit
        # went unwalked, as analyze() does for from-imports of units left unparsed.
        + tuple(i for root, found in model.namespaces.items() if walker.skipped or root in model.namespace_used for i in found),
    )
