"""JavaScript / TypeScript frontend: a file's text -> FileFacts.

The passes, in order: tokens (tokenizer), the shape of the file
(structure: functions, statements, loops), what names are bound to
(bindings), together the semantic model (model.Model); then the fact
builders read the model: command calls (calls, keys, arguments), client
constructions, scopes and handlers, loops and statements, exports and
suppression comments.  It describes code; the checks decide what is wrong.
"""

from __future__ import annotations

from linter44s.config import Settings
from linter44s.facts import Evidence, External, FileFacts, ImportedName, ReceiverKind
from linter44s.javascript.bindings import Bindings
from linter44s.javascript.calls import Calls
from linter44s.javascript.clients import Imported, scan_imports
from linter44s.javascript.constructions import Constructions
from linter44s.javascript.exports import exports
from linter44s.javascript.fixes import JsFixSyntax
from linter44s.javascript.flows import reply_flows
from linter44s.javascript.handlers import Handlers
from linter44s.javascript.loops import Loops
from linter44s.javascript.model import Model
from linter44s.javascript.source import Source
from linter44s.javascript.statements import Statements
from linter44s.javascript.structure import Structure
from linter44s.javascript.suppressions import suppressions
from linter44s.syntax import FixSyntax


def analyze(
    text: str, path: str, settings: Settings, external: tuple[External, ...] = ()
) -> tuple[FileFacts, FixSyntax]:
    """Describe one JavaScript or TypeScript file (text already decoded);
    `external` says what names it imports from the project are."""
    src = Source(text, path)
    structure = Structure(src)
    imports = scan_imports(src)
    model = Model(src, structure, Bindings(src, structure, imports, external), settings.client_name_pattern)
    calls = Calls(model)
    calls.find()
    statements = Statements(model, calls)
    facts = _facts(model, calls, statements, path, imports)
    fix = JsFixSyntax(text, calls.libraries, statements.statement_offsets)
    return facts, fix


def _facts(model: Model, calls: Calls, statements: Statements, path: str, imports: list[Imported]) -> FileFacts:
    src, structure = model.src, model.structure
    constructions = Constructions(model).find()
    scopes = Handlers(model).scopes()
    loops = Loops(model, calls).loops()
    stmts = statements.statements()
    assigned = {b.rhs[0] - 1: b.key for b in model.bindings.list if b.rhs is not None and "." not in b.key}
    scope_end = {f.id: f.end for f in structure.funcs}
    flows = reply_flows(src, calls.calls, calls.call_ranges, structure.scope_of, scope_end, assigned)
    return FileFacts(
        path=path,
        language="javascript",
        calls=tuple(calls.calls),
        constructions=tuple(constructions),
        scopes=tuple(scopes),
        loops=tuple(loops),
        statements=tuple(stmts),
        suppressions=suppressions(src),
        flows=tuple(flows),
        exports=exports(model),
        imports=tuple(ImportedName(i.local, i.module, i.name) for i in imports if i.relative),
    )


__all__ = ["Evidence", "ReceiverKind", "analyze"]
