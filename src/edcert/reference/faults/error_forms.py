"""Named faults of the reference target's Ed-Fi error bodies in the forms Meadowlark writes."""

from __future__ import annotations

from .base import Fault

_REFUSALS = ("SCA-N3", "SCA-N4", "SCA-N5", "SCA-N6", "SCA-N13", "SCA-N14", "SCA-N15", "SCA-N16", "SCA-N17")

ERROR_FORM_FAULTS: tuple[Fault, ...] = (
    Fault("errors-as-error-objects", "edfi", "error body",
          'error answers hold an "error" object with a message, or a list of them, as Meadowlark writes '
          "(advisory: a warning, still certified)",
          _REFUSALS,
          ("EDFI-ERROR-BODY",), outcome="warn"),
    Fault("error-objects-without-message", "edfi", "error body",
          'error answers hold a list of "error" objects naming a path and an error type, never a message',
          _REFUSALS,
          ("EDFI-ERROR-BODY",)),
)
