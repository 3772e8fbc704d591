"""The package's layering: each part imports only the parts below it, the reference packages import
nothing from the harness, and no two modules import each other, however indirectly.

The layers are listed in LAYERS, lowest first; the README has the map of the package.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import edcert

PACKAGE = Path(edcert.__file__).resolve().parent

#: Every module of the root and every sub-package, by layer. A part imports only parts of lower layers.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("__init__", "errors", "credential_shape", "untrusted", "requirements"),
    ("masking",),
    ("http", "inputs"),
    ("profile",),
    ("record",),
    ("edfi", "linkit"),
    ("client_side",),
    ("seal",),
    ("report",),
    ("run",),
    ("cli", "docs"),
    ("__main__",),
)
#: Built apart from the harness, so that a mistake on one side cannot hide itself on the other: they read
#: untrusted input with the shared reader, and import nothing else of edcert.
STANDING_APART = {"reference": {"untrusted"}, "reference_clients": set()}
#: Who may import the reference packages (to start the built-in target, or list its faults).
MAY_START_REFERENCE = {"client_side", "run", "cli", "docs"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every edcert module a file imports, at module level or inside a function."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if source == "edcert" or source.startswith("edcert."):
                found.add(source)
                found.update(f"{source}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("edcert"))
    return found


def _graph() -> dict[str, set[str]]:
    # An installed edcert carries the conformance suite (steps/, conftest.py) in edcert/suite/: not the library.
    files = {_module_name(path): path for path in PACKAGE.rglob("*.py")
             if not path.relative_to(PACKAGE).parts[0] == "suite"}
    return {name: {target for target in _imports(path) if target in files and target != name}
            for name, path in files.items()}


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_part_has_a_layer() -> None:
    placed = {part for layer in LAYERS for part in layer} | set(STANDING_APART)
    present = {_part(module) for module in _graph()}
    assert present <= placed, f"parts with no layer: {sorted(present - placed)}"


def test_each_part_imports_only_lower_layers() -> None:
    rank = {part: index for index, layer in enumerate(LAYERS) for part in layer}
    wrong = set()
    for module, targets in _graph().items():
        here = _part(module)
        for target in targets:
            there = _part(target)
            if here == there or here in STANDING_APART:
                continue
            if there in STANDING_APART:
                if here not in MAY_START_REFERENCE:
                    wrong.add(f"{module} -> {target} (only {sorted(MAY_START_REFERENCE)} start the reference)")
            elif rank[there] >= rank[here] and there not in LAYERS[0]:
                wrong.add(f"{module} -> {target}")
    assert not wrong, "imports against the layering:\n" + "\n".join(sorted(wrong))


def test_the_reference_packages_import_nothing_of_the_harness() -> None:
    wrong = {f"{module} -> {target}" for module, targets in _graph().items() if _part(module) in STANDING_APART
             for target in targets if _part(target) != _part(module) and _part(target) not in STANDING_APART[_part(module)]}
    assert not wrong, sorted(wrong)


def test_no_modules_import_each_other() -> None:
    graph = _graph()
    # A package's __init__ that re-exports its modules is not a cycle with them.
    edges = defaultdict(set)
    for module, targets in graph.items():
        for target in targets:
            if not module.startswith(target + ".") and not target.startswith(module + "."):
                edges[module].add(target)
    cycles, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(edges[node]):
            if state.get(nxt) == "open":
                cycles.append(path[path.index(nxt):] + [nxt] if nxt in path else [node, nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not cycles, "\n".join(" -> ".join(cycle) for cycle in cycles)
