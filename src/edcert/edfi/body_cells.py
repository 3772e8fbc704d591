"""The association bodies of the request model's edfi-association-body table: each cell (an element with an
operator) as the request bodies it sends, built from a valid body."""

from __future__ import annotations

import json

from ..errors import HarnessError
from ..inputs.model import Cell
from ..record.generated import GeneratedData
from .data import long_text, malformed_bodies, with_value, without

WHOLE_BODY = "the body"
_WHOLE = {"empty": "an empty body", "malformed": "JSON cut short in the middle",
          "wrong type": "a JSON array holding the association"}


def bodies_of(cell: Cell, body: dict, generated: GeneratedData) -> list[tuple[str, bytes]]:
    """(label, raw body) of each request the cell sends: one per value it names, or one."""
    label = f"{cell.element}, {cell.operator}"
    if cell.element == WHOLE_BODY:
        if cell.operator not in _WHOLE:
            raise HarnessError(f"the request model names a body cell {label!r} edcert cannot build")
        return [(f"{label}: {_WHOLE[cell.operator]}", malformed_bodies(body)[_WHOLE[cell.operator]])]
    if cell.operator == "missing":
        return [(f"{label}: left out", json.dumps(without(body, cell.element)).encode())]
    if not cell.values:
        raise HarnessError(f"the request model's body cell {label!r} names no value to send")
    if cell.operator == "too long":
        return [(f"{label}: {length} characters", json.dumps(with_value(body, cell.element,
                                                                        long_text(length, generated))).encode())
                for length in cell.values]
    return [(f"{label}: {json.dumps(value)}", json.dumps(with_value(body, cell.element, value)).encode())
            for value in cell.values]
