"""The package's layout: every import points downstream, and none goes round in a circle.

``STAGES`` is the flow, in order, written once: a module may import its own
stage and the stages before it, never a later one (the text layer does not
know the lexicons, the measurement does not know the figures). Every import
counts, also the ones inside a function (they are how heavy libraries stay out
of ``import framing``, not a way round this rule). A new module must be placed
in a stage: a file that matches no entry fails the test.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "framing"

#: (stage, the modules and subpackages in it), upstream first.
STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("base", ("framing", "framing.errors", "framing.tables")),
    ("text", ("framing.text",)),
    ("measure", ("framing.measure",)),
    ("explore", ("framing.explore",)),
    ("scale", ("framing.scale",)),
    ("report", ("framing.report",)),
    ("app", ("framing.cli", "framing.__main__")),
)


def _modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its ``__init__``)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def stage_of(module: str) -> int | None:
    """The index in :data:`STAGES` of ``module`` (None: in no stage)."""
    for index, (_, members) in enumerate(STAGES):
        for member in members:
            if module == member or (member != "framing" and module.startswith(member + ".")):
                return index
    return None


def imports_of(module: str) -> set[str]:
    """The framing modules ``module`` imports anywhere in its code (functions
    included), resolved to module names: ``from framing.measure import engine``
    is ``framing.measure.engine``, ``from framing.errors import X`` is
    ``framing.errors``."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(base + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                     for alias in node.names]
        else:
            continue
        for name in names:
            while name and name not in MODULES:  # import framing.x.y → its nearest module
                name = name.rpartition(".")[0]
            if name.split(".")[0] == "framing" and name != module:
                found.add(name)
    return found


GRAPH = {module: imports_of(module) for module in MODULES}


def test_every_module_is_in_a_stage():
    assert [m for m in MODULES if stage_of(m) is None] == []
    assert set(MODULES) >= {m for _, members in STAGES for m in members}


def test_no_module_imports_a_later_stage():
    upstream_reach = [
        f"{module} ({STAGES[stage_of(module)][0]}) imports {name} ({STAGES[stage_of(name)][0]})"
        for module, names in sorted(GRAPH.items()) for name in sorted(names)
        if stage_of(name) > stage_of(module)
    ]
    assert upstream_reach == []


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of ``graph`` as ``[a, b, …, a]``, or ``[]``."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return []


def test_no_import_cycle():
    assert find_cycle(GRAPH) == []


def test_the_checks_catch_what_they_are_for():
    """A cycle inside a stage, through a function-level import, is found;
    so is a reach upstream."""
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []
    assert stage_of("framing.text.arabic") < stage_of("framing.measure.engine") \
        < stage_of("framing.report.plotting") < stage_of("framing.cli")
    assert stage_of("framing.unplaced") is None
    # the lazy imports count: engine imports the lexicon inside a method
    assert "framing.measure.lexicon" in GRAPH["framing.measure.engine"]
