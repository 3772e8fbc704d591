"""Every table of the model: each module of this package that declares ``TABLES`` contributes its own."""

from __future__ import annotations

import importlib
import pkgutil

from .model import Table


def all_tables() -> dict[str, Table]:
    """The tables of every suite's model, by name."""
    package = importlib.import_module(__package__)
    tables: dict[str, Table] = {}
    for module_info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if module_info.name in {"model", "catalogue", "render", "__main__"}:
            continue
        module = importlib.import_module(f"{__package__}.{module_info.name}")
        for table in getattr(module, "TABLES", ()):
            if table.name in tables:
                raise ValueError(f"two tables are named {table.name}")
            tables[table.name] = table
    return tables


def table(name: str) -> Table:
    try:
        return all_tables()[name]
    except KeyError:
        raise KeyError(f"no request model table {name!r}") from None
