"""What the steps of the request model's scenarios share: a feature's data table read as the model's cells,
and the values of scenario 2 that several of those scenarios vary scenario 1's by."""

from __future__ import annotations

from ..errors import HarnessError
from ..inputs.edfi import BY_NAME
from ..inputs.model import Cell, rows_of
from .data import Association
from .scenario import EdfiScenario

SCENARIO_2 = "scenario 2"


def cells_of(datatable: list[list[str]], table: str) -> list[Cell]:
    """The rows of a feature's data table, as the cells of the request model's table they were generated from."""
    model = BY_NAME[table]
    return [model.cell(element, operator) for element, operator in rows_of(datatable)]


def scenario_2_values(edfi: EdfiScenario) -> Association:
    other = edfi.others.get(SCENARIO_2)
    if other is None:
        raise HarnessError("the scenario names scenario 2's values without the step that sets them up")
    return other
