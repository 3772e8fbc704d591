"""Named deviations of the reference target, each imitating a bug a real vendor could ship.

Every fault says which scenarios of the conformance suite must fail when it is switched on
(``caught_by``) and which requirement their failure names; the fault matrix in ``tests/``
holds the suite to it. Scenario and requirement identifiers are plain strings here, so this
package imports nothing from the harness side. Each API keeps its faults in its own module.
"""

from __future__ import annotations

from .base import Fault
from .discovery import DISCOVERY_FAULTS
from .edfi import EDFI_FAULTS
from .edfi_inputs import EDFI_INPUT_FAULTS
from .error_forms import ERROR_FORM_FAULTS
from .linkit import LINKIT_FAULTS
from .linkit_inputs import LINKIT_INPUT_FAULTS
from .stored_state import STORED_STATE_FAULTS

FAULTS: tuple[Fault, ...] = (
    *EDFI_FAULTS,
    *EDFI_INPUT_FAULTS,
    *ERROR_FORM_FAULTS,
    *STORED_STATE_FAULTS,
    *DISCOVERY_FAULTS,
    *LINKIT_FAULTS,
    *LINKIT_INPUT_FAULTS,
)
FAULTS_BY_NAME: dict[str, Fault] = {fault.name: fault for fault in FAULTS}
if len(FAULTS_BY_NAME) != len(FAULTS):
    raise RuntimeError("two faults share a name")


class UnknownFaultError(ValueError):
    def __init__(self, name: str) -> None:
        known = ", ".join(sorted(FAULTS_BY_NAME))
        super().__init__(f"unknown fault {name!r}; known faults: {known}")
        self.name = name


def check_fault_names(names: list[str] | tuple[str, ...] | frozenset[str]) -> frozenset[str]:
    """Return the names as a set, refusing any name the registry does not hold."""
    for name in names:
        if name not in FAULTS_BY_NAME:
            raise UnknownFaultError(name)
    return frozenset(names)


__all__ = ["FAULTS", "FAULTS_BY_NAME", "Fault", "UnknownFaultError", "check_fault_names"]
