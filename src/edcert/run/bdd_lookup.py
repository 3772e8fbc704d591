"""A cache for pytest-bdd's step lookup.

pytest-bdd finds the definition of each step by asking pytest for every fixture name it knows, then
trying each step definition's parser against the step's text: for a suite of ~300 steps and ~150
step definitions that is tens of thousands of fixture lookups, measured at 0.4-0.6 s of a 3 s run.
Every scenario of a suite binding module sees the same step definitions (they are plugins loaded
by conftest.py, registered once), so the answer for a given step text, keyword and module never
changes during a session: it is computed once and kept.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from typing import Any

# The package exports a function named `scenario` that hides the module of that name from attribute access.
bdd_scenario = importlib.import_module("pytest_bdd.scenario")

_find = bdd_scenario.find_fixturedefs_for_step
_found: dict[tuple[Any, ...], list[Any]] = {}


def _cached(step: Any, fixturemanager: Any, node: Any) -> Iterator[Any]:
    key = (id(fixturemanager), getattr(node, "path", None), step.type, step.name)
    hit = _found.get(key)
    if hit is None:
        hit = _found[key] = list(_find(step=step, fixturemanager=fixturemanager, node=node))
    return iter(hit)


def install() -> None:
    """Route pytest-bdd's lookup through the cache (idempotent)."""
    if bdd_scenario.find_fixturedefs_for_step is not _cached:
        bdd_scenario.find_fixturedefs_for_step = _cached  # type: ignore[assignment]


def found() -> Iterable[tuple[Any, ...]]:
    return _found.keys()
