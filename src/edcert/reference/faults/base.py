"""What a named fault of the reference target is."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Fault:
    name: str
    api: str  # "edfi" or "linkit"
    kind: str  # the kind of requirement it breaks
    description: str  # the vendor bug it imitates, in one line
    caught_by: tuple[str, ...]  # scenarios that must fail with it on
    requirements: tuple[str, ...]  # requirement ids their failure messages must name
    outcome: str = "fail"  # "fail": the run is not certified; "warn": certified, with a warning
