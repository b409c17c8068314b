"""Which package may import which (README, "Layout"): read from the source with `ast`, so a breach
fails here, naming the file and the import, before it grows into a dependency nobody chose."""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("cases", "eventlog", "projections", "consumers", "gateway", "schemas")
SQL_MODULE = "projections.sql"

# The project's packages each one may import (its own included); gateway/ wires everything.
MAY_IMPORT = {
    "cases": {"cases", "schemas"},
    "eventlog": {"eventlog", "cases", "schemas"},
    "projections": {"projections", "schemas"},
    "consumers": {"consumers", "schemas", SQL_MODULE},
    "gateway": set(PACKAGES),
    "schemas": {"schemas"},
}

# The libraries of a boundary (web, SQL, Kafka, the event store's machinery, documents, tokens), and
# where each may be used. Libraries that belong to no boundary (structlog, orjson, email-validator,
# tqdm, anyio) may be used anywhere but schemas/, which holds models and nothing else.
BOUNDARY_LIBRARIES = {
    "fastapi": {"gateway"}, "starlette": {"gateway"}, "uvicorn": {"gateway"}, "h11": {"gateway"},
    "python_multipart": {"gateway"}, "pydantic_settings": {"gateway"}, "jwt": {"gateway"},
    "cryptography": {"gateway"}, "pikepdf": {"gateway"}, "pebble": {"gateway"},
    "holidays": {"gateway"},
    "kafka": {"consumers", "gateway"},
    "psycopg": {"eventlog", SQL_MODULE, "gateway"},
    "psycopg_pool": {"eventlog", SQL_MODULE, "gateway"},
    "sqlite3": {"eventlog", SQL_MODULE, "gateway"},
    "eventsourcing": {"cases", "eventlog", "gateway"},
    "pydantic": {"schemas", "gateway"},
}
# Of eventsourcing, the domain may use the aggregate, the application service its registry is, and
# the stored-event types its ports speak of: not the recorders, the mapper's transcoding or its cipher.
DOMAIN_EVENTSOURCING = {"eventsourcing.domain", "eventsourcing.application", "eventsourcing.persistence"}
# phonenumbers is data and rules, no boundary: a command's phone is checked where its other fields are,
# as email-validator checks its e-mail address through pydantic's EmailStr.
SCHEMAS_LIBRARIES = {"pydantic", "phonenumbers"}

# Known breaches, each being removed by the work under way on its file; empty this set as they go.
# A pair whose file no longer imports it is harmless here, but should be deleted with it.
ALLOWED_FOR_NOW: set[tuple[str, str]] = set()


@dataclass(frozen=True)
class Import:
    file: str  # relative to the checkout, with "/"
    module: str  # the module imported, absolute
    line: int
    at_module_level: bool

    @property
    def package(self) -> str:
        return self.file.split("/")[0]

    @property
    def importer(self) -> str:
        return self.file.removesuffix(".py").removesuffix("/__init__").replace("/", ".")

    def __str__(self) -> str:
        return f"{self.file}:{self.line} imports {self.module}"


def imports_of(path: Path) -> list[Import]:
    """Every import in the file, at module level and inside functions (a lazy import is a dependency too);
    `from . import x` made absolute. `if TYPE_CHECKING:` counts, as a type names what the code depends on,
    but not as run at module level."""
    file = path.relative_to(ROOT).as_posix()
    finder = _ImportFinder(file)
    finder.visit(ast.parse(path.read_text(encoding="utf-8"), filename=file))
    return finder.found


class _ImportFinder(ast.NodeVisitor):
    def __init__(self, file: str):
        self.file, self.found, self.deferred = file, [], 0

    def visit_FunctionDef(self, node: ast.AST) -> None:
        self._deferring(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_If(self, node: ast.If) -> None:
        if "TYPE_CHECKING" in ast.unparse(node.test):
            self._deferring(node)
        else:
            self.generic_visit(node)

    def _deferring(self, node: ast.AST) -> None:
        self.deferred += 1
        self.generic_visit(node)
        self.deferred -= 1

    def visit_Import(self, node: ast.Import | ast.ImportFrom) -> None:
        self.found += [Import(self.file, module, node.lineno, not self.deferred) for module in _modules(node, self.file)]

    visit_ImportFrom = visit_Import


def _modules(node: ast.AST, file: str) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        if node.level == 0:
            return [node.module] if node.module != "__future__" else []
        base = file.removesuffix(".py").split("/")[:-node.level]
        return [".".join([*base, *([node.module] if node.module else [])])]
    return []


def project_imports() -> list[Import]:
    return [found for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py")) for found in imports_of(path)]


def _within(module: str, allowed: set[str]) -> bool:
    return any(module == name or module.startswith(f"{name}.") for name in allowed)


def breach(found: Import) -> str | None:
    """Why the import breaks the rule; None when it keeps it."""
    top = found.module.split(".")[0]
    if top in PACKAGES:
        return None if _within(found.module, MAY_IMPORT[found.package]) else f"{found.package}/ may not import {top}/"
    if top in BOUNDARY_LIBRARIES:
        return _boundary_breach(found, top)
    if found.package == "schemas" and top not in SCHEMAS_LIBRARIES and top not in sys.stdlib_module_names:
        return "schemas/ imports pydantic and the standard library only"
    return None


def _boundary_breach(found: Import, library: str) -> str | None:
    if not (found.package in BOUNDARY_LIBRARIES[library] or _within(found.importer, BOUNDARY_LIBRARIES[library])):
        return f"{library} belongs to {', '.join(sorted(BOUNDARY_LIBRARIES[library]))}"
    if found.package == "cases" and library == "eventsourcing" and not _within(found.module, DOMAIN_EVENTSOURCING):
        return "cases/ uses eventsourcing's domain, application and persistence types only"
    return None


def test_every_package_imports_only_what_the_layout_allows():
    breaches = [f"{found}: {why}" for found in project_imports() if (why := breach(found)) and not allowed_for_now(found)]
    assert breaches == []


def allowed_for_now(found: Import) -> bool:
    return any(found.file == file and _within(found.module, {module}) for file, module in ALLOWED_FOR_NOW)


def test_the_project_has_no_import_cycles():
    graph = _module_graph()
    cycles = [cycle for module in sorted(graph) if (cycle := _cycle_from(module, graph))]
    assert cycles == [], f"import cycles: {cycles[0]}"


def _module_graph() -> dict[str, set[str]]:
    """Module → the project's modules it imports at module level (what runs when it is first imported)."""
    found = [f for f in project_imports() if f.at_module_level]
    modules = {f.importer for f in found} | {_module_name(p) for package in PACKAGES for p in (ROOT / package).rglob("*.py")}
    graph: dict[str, set[str]] = {module: set() for module in modules}
    for each in found:
        target = _resolve(each.module, modules)
        if target is not None and target != each.importer:
            graph[each.importer].add(target)
    return graph


def _module_name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix().removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def _resolve(module: str, modules: set[str]) -> str | None:
    """The project module an import names: `from cases.errors import X` is cases.errors; `from cases import
    errors` names the package cases (its __init__), which is what runs first."""
    while module and module not in modules:
        module = module.rpartition(".")[0]
    return module or None


def _cycle_from(start: str, graph: dict[str, set[str]]) -> list[str] | None:
    """A path of imports from `start` back to itself, if there is one."""
    stack, seen = [(start, [start])], set()
    while stack:
        module, path = stack.pop()
        for target in sorted(graph[module]):
            if target == start:
                return [*path, start]
            if target not in seen:
                seen.add(target)
                stack.append((target, [*path, target]))
    return None


def test_only_the_sql_module_asks_which_dialect_it_has():
    """Every difference between SQLite and Postgres is a named member of projections.sql.Database."""
    asking = [f"{path.relative_to(ROOT).as_posix()}:{node.lineno}" for package in PACKAGES
              for path in sorted((ROOT / package).rglob("*.py")) if path != ROOT / "projections" / "sql.py"
              for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
              if isinstance(node, ast.Attribute) and node.attr == "dialect"]
    assert asking == []


# The checker itself, on imports made up for it


def test_a_breach_names_the_rule_it_breaks():
    assert breach(Import("cases/registry.py", "eventlog.batching", 3, True)) == "cases/ may not import eventlog/"
    assert breach(Import("consumers/senders.py", "gateway.settings", 3, True)) == "consumers/ may not import gateway/"
    assert breach(Import("projections/follower.py", "psycopg", 3, True)) == "psycopg belongs to eventlog, gateway, projections.sql"
    assert breach(Import("cases/log.py", "eventsourcing.cipher", 3, False)) == (
        "cases/ uses eventsourcing's domain, application and persistence types only")


def test_what_the_layout_allows_is_no_breach():
    assert breach(Import("cases/application.py", "eventsourcing.domain", 3, True)) is None
    assert breach(Import("consumers/ledger.py", "projections.sql", 3, True)) is None
    assert breach(Import("projections/sql.py", "psycopg_pool", 3, False)) is None
    assert breach(Import("gateway/bootstrap.py", "eventlog.batching", 3, True)) is None
