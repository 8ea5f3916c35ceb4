"""The package's layers, read from its source: no import circles between modules, and the
infrastructure packages (``hall.db``, ``hall.events``) import no domain."""
from __future__ import annotations

import ast
from pathlib import Path

HALL = Path(__file__).resolve().parents[2] / "hall"
INFRASTRUCTURE = ("hall.db", "hall.events")
# what the infrastructure may use besides itself: plain helpers that know no domain
INFRASTRUCTURE_MAY_USE = {"hall.config", "hall.clock", "hall.errors"}


def module_name(path: Path) -> str:
    parts = path.relative_to(HALL.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_at_module_level(path: Path, modules: set[str]) -> set[str]:
    """The hall modules a module imports when it is loaded (not inside functions)."""
    found = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for sub in ast.walk(node) if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                             ast.ClassDef)) else ():
            if isinstance(sub, ast.Import):
                names = [a.name for a in sub.names]
            elif isinstance(sub, ast.ImportFrom) and sub.module and sub.level == 0:
                names = [sub.module] + [f"{sub.module}.{a.name}" for a in sub.names]
            else:
                continue
            found |= {n for n in names if n in modules}
    return found


def graph() -> dict[str, set[str]]:
    paths = [p for p in HALL.rglob("*.py") if "migrations" not in p.parts]
    modules = {module_name(p) for p in paths}
    return {module_name(p): imports_at_module_level(p, modules) - {module_name(p)} for p in paths}


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                found.append(sorted(part))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def without_package_reexports(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    """A package's ``__init__`` re-exporting its own modules is not a circle of its parts."""
    return {m: {t for t in targets if not (m.startswith(t + ".") and t in edges)} for m, targets in edges.items()}


def test_no_import_circles():
    assert circles(without_package_reexports(graph())) == []


def test_the_infrastructure_imports_no_domain():
    wrong = {m: sorted(t for t in targets if not t.startswith(INFRASTRUCTURE) and t not in INFRASTRUCTURE_MAY_USE)
             for m, targets in graph().items() if m.startswith(INFRASTRUCTURE)}
    assert {m: t for m, t in wrong.items() if t} == {}


def test_the_checker_sees_a_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
