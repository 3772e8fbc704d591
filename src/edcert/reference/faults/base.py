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
    # A fault that stands for a vendor's own tag scheme needs the vendor's signer in the profile
    # ("module:callable", as a profile's [linkit] signer); None: edcert's default scheme.
    signer: str | None = None
